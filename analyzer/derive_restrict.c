// SPDX-License-Identifier: MIT
/* The argument- and syscall-restricting directives. How systemd enforces
 * each one is read from systemd's src/shared/seccomp-util.c (v252 and
 * v257 agree on everything used here) and src/core/exec-invoke.c:
 *
 *  - RestrictAddressFamilies=: seccomp_restrict_address_families(): socket()
 *    with a family outside the list fails with EAFNOSUPPORT, on x86-64 only
 *    of the x86 ABIs; SCMP_ARCH_X86 is skipped ("do use socketcall()"), so
 *    for i386 code the directive restricts nothing. socketpair() is never
 *    filtered.
 *  - LockPersonality=: seccomp_lock_personality(): personality(p) with p
 *    other than the locked persona (PER_LINUX unless Personality= is set)
 *    fails with EPERM; that includes the query personality(0xffffffff).
 *  - RestrictRealtime=: seccomp_restrict_realtime(): sched_setscheduler()
 *    with a policy other than SCHED_OTHER, SCHED_BATCH, SCHED_IDLE fails
 *    with EPERM (unsigned compare: SCHED_RESET_ON_FORK'd policies too).
 *  - RestrictNamespaces=yes: seccomp_restrict_namespaces(0): setns() fails,
 *    unshare() and clone() with any CLONE_NEW* flag fail with EPERM;
 *    clone3() fails with ENOSYS (v257, so that glibc falls back to clone()).
 *  - RestrictSUIDSGID=: seccomp_restrict_suid_sgid(): chmod, fchmod,
 *    fchmodat, mkdir, mkdirat, mknod, mknodat, creat, open and openat (with
 *    O_CREAT) with S_ISUID or S_ISGID in the mode fail with EPERM; openat2
 *    fails (ENOSYS in v257, EPERM in v252).
 *  - ProtectClock=: the @clock group fails with EPERM; ProtectKernelModules=:
 *    @module; ProtectKernelLogs=: seccomp_protect_syslog(), syslog();
 *    ProtectHostname=: seccomp_protect_hostname(), sethostname() and
 *    setdomainname(). Each also has a non-seccomp side (devices, mounts,
 *    capabilities, a UTS namespace) that binaries cannot show: those
 *    verdicts are for the syscall side only.
 *
 * Each row's check judges a unit's setting of the directive by its verdict
 * (`analyze --unit`). */
#include "derive_restrict.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sysgroups.h"
#include "unitcheck_item.h"

/* Numbers from the kernel's ABI headers: <linux/sched.h>, <sys/stat.h>,
 * <fcntl.h>. test_restrict checks them against the system's headers. */
#define R_SCHED_OTHER 0
#define R_SCHED_BATCH 3
#define R_SCHED_IDLE 5
#define R_CLONE_NEW_MASK                                                                           \
	(0x00000080 /* NEWTIME */ | 0x00020000 /* NEWNS */ | 0x02000000 /* NEWCGROUP */ |          \
	 0x04000000 /* NEWUTS */ | 0x08000000 /* NEWIPC */ | 0x10000000 /* NEWUSER */ |            \
	 0x20000000 /* NEWPID */ | 0x40000000 /* NEWNET */)
#define R_S_ISUID 04000
#define R_S_ISGID 02000

const struct sys_arg_watch restrict_watch[] = {
	{"socket", 0, false},
	{"socketpair", 0, false},
	{"personality", 0, false},
	{"sched_setscheduler", 1, false},
	{"pthread_attr_setschedpolicy", 1, true},
	{"unshare", 0, false},
	{"clone", 0, false},
	{"setns", 1, false},
	{"chmod", 1, false},
	{"fchmod", 1, false},
	{"fchmodat", 2, false},
	{"mkdir", 1, false},
	{"mkdirat", 2, false},
	{"mknod", 1, false},
	{"mknodat", 2, false},
	{"creat", 1, false},
	{"open", 2, false},
	{"openat", 3, false},
	/* glibc's open wrappers read the mode with va_arg, so it is not a
	 * parameter at their gate: their callers' arguments are watched. */
	{"open", 2, true},
	{"open64", 2, true},
	{"openat", 3, true},
	{"openat64", 3, true},
	{"creat", 1, true},
	{"creat64", 1, true},
};
const size_t restrict_watch_size = ARRAY_SIZE(restrict_watch);

static const char *const family_names[] = {
	"AF_UNSPEC",	 "AF_UNIX",	 "AF_INET",	"AF_AX25",  "AF_IPX",	  "AF_APPLETALK",
	"AF_NETROM",	 "AF_BRIDGE",	 "AF_ATMPVC",	"AF_X25",   "AF_INET6",	  "AF_ROSE",
	"AF_DECnet",	 "AF_NETBEUI",	 "AF_SECURITY", "AF_KEY",   "AF_NETLINK", "AF_PACKET",
	"AF_ASH",	 "AF_ECONET",	 "AF_ATMSVC",	"AF_RDS",   "AF_SNA",	  "AF_IRDA",
	"AF_PPPOX",	 "AF_WANPIPE",	 "AF_LLC",	"AF_IB",    "AF_MPLS",	  "AF_CAN",
	"AF_TIPC",	 "AF_BLUETOOTH", "AF_IUCV",	"AF_RXRPC", "AF_ISDN",	  "AF_PHONET",
	"AF_IEEE802154", "AF_CAIF",	 "AF_ALG",	"AF_NFC",   "AF_VSOCK",	  "AF_KCM",
	"AF_QIPCRTR",	 "AF_SMC",	 "AF_XDP",	"AF_MCTP",
};

const char *restrict_family_name(int64_t af)
{
	if (af < 0 || af >= (int64_t)ARRAY_SIZE(family_names))
		return NULL;
	return family_names[af];
}

/* ---- the rows ---- */

static bool refused_persona(int64_t v)
{
	return (uint64_t)v != 0; /* PER_LINUX */
}

static bool refused_policy(int64_t v)
{
	return !((uint64_t)v == R_SCHED_OTHER || (uint64_t)v == R_SCHED_BATCH ||
		 (uint64_t)v == R_SCHED_IDLE);
}

static bool refused_clone_flags(int64_t v)
{
	return ((uint64_t)v & R_CLONE_NEW_MASK) != 0;
}

static bool refused_setns(int64_t v)
{
	(void)v;
	return true; /* every setns() fails when no namespace type is retained */
}

static bool refused_mode(int64_t v)
{
	return ((uint64_t)v & (R_S_ISUID | R_S_ISGID)) != 0;
}

struct arg_rule {
	const char *name; /* a watch of restrict_watch */
	unsigned arg;
	bool (*refused)(int64_t v);
	const char *what; /* the argument, for messages */
};

/* glibc functions whose unknown argument comes from glibc's own data, and
 * what it is there (checked in glibc 2.36 and 2.41 sources). */
struct libc_origin {
	const char *object; /* a prefix of the object's base name */
	/* A prefix of a function on the chain from the root to the site
	 * (the site's own included); NULL: any function of the object. */
	const char *func;
	const char *why;
};

struct restrict_row {
	const char *directive;
	const char *mechanism;
	const char *side; /* the part the binaries cannot show, or NULL */
	const char *effect;
	const struct arg_rule *rules;
	size_t n_rules;
	const char *const *syscalls; /* refused whatever the arguments, NULL-terminated */
	/* Refused with ENOSYS, which glibc answers by falling back to an
	 * older call the rules check: evidence, not a blocker. */
	const char *const *fallback;
	const char *group; /* a systemd group refused whole, or NULL */
	const struct libc_origin *libc;
	size_t n_libc;
};

static const struct arg_rule personality_rules[] = {
	{"personality", 0, refused_persona, "persona"},
};
static const struct arg_rule realtime_rules[] = {
	{"sched_setscheduler", 1, refused_policy, "policy"},
	{"pthread_attr_setschedpolicy", 1, refused_policy, "policy"},
};
static const struct libc_origin realtime_libc[] = {
	{"libc.so", "pthread_mutex",
	 "the thread's current policy, which a priority-protect mutex "
	 "keeps while it changes the priority (nptl/tpp.c)"},
	{"libc.so", "pthread_create",
	 "the policy pthread_attr_setschedpolicy() stored in the thread's "
	 "attributes (nptl/pthread_create.c)"},
	{"libc.so", "start_thread",
	 "the policy pthread_attr_setschedpolicy() stored in the thread's "
	 "attributes (nptl/pthread_create.c)"},
	{"libc.so", "__pthread_create",
	 "the policy pthread_attr_setschedpolicy() stored in the thread's "
	 "attributes (nptl/pthread_create.c)"},
	{"libc.so", "__spawni",
	 "the policy posix_spawnattr_setschedpolicy() stored in the spawn "
	 "attributes (sysdeps/unix/sysv/linux/spawni.c)"},
};
static const struct arg_rule namespace_rules[] = {
	{"unshare", 0, refused_clone_flags, "flags"},
	{"clone", 0, refused_clone_flags, "flags"},
	{"setns", 1, refused_setns, "nstype"},
};
static const struct libc_origin namespace_libc[] = {
	{"libc.so", "__clone_internal",
	 "flags of glibc's own struct clone_args: pthread_create, "
	 "posix_spawn and fork pass constants without CLONE_NEW* "
	 "(nptl/pthread_create.c, spawni.c)"},
	{"libc.so", "__clone3_internal", "flags of glibc's own struct clone_args"},
	{"libc.so", "pthread_create",
	 "glibc's thread flags, without CLONE_NEW* (nptl/pthread_create.c)"},
	{"libc.so", "create_thread",
	 "glibc's thread flags, without CLONE_NEW* (nptl/pthread_create.c)"},
	{"libc.so", "__spawni",
	 "posix_spawn's CLONE_VM|CLONE_VFORK (sysdeps/unix/sysv/linux/spawni.c)"},
};
static const char *const namespace_fallback[] = {"clone3", NULL};
/* open/openat are refused only with O_CREAT in the flags; the analysis
 * takes a set-ID mode as refused either way (a mode without O_CREAT is
 * ignored by the kernel, so code that passes one is rare). */
static const struct arg_rule suid_rules[] = {
	{"chmod", 1, refused_mode, "mode"},    {"fchmod", 1, refused_mode, "mode"},
	{"fchmodat", 2, refused_mode, "mode"}, {"mkdir", 1, refused_mode, "mode"},
	{"mkdirat", 2, refused_mode, "mode"},  {"mknod", 1, refused_mode, "mode"},
	{"mknodat", 2, refused_mode, "mode"},  {"creat", 1, refused_mode, "mode"},
	{"open", 2, refused_mode, "mode"},     {"openat", 3, refused_mode, "mode"},
	{"open64", 2, refused_mode, "mode"},   {"openat64", 3, refused_mode, "mode"},
	{"creat64", 1, refused_mode, "mode"},
};
static const struct libc_origin suid_libc[] = {
	{"ld-linux", NULL,
	 "the program interpreter's: it opens objects and caches read-only; its "
	 "one O_CREAT, LD_PROFILE's output, has mode DEFFILEMODE (elf/dl-load.c, "
	 "elf/dl-profile.c)"},
	{"libc.so", "__libc_open",
	 "the variadic mode, read only with O_CREAT/O_TMPFILE "
	 "(sysdeps/unix/sysv/linux/open64.c)"},
	{"libc.so", "__open",
	 "the variadic mode, read only with O_CREAT/O_TMPFILE "
	 "(sysdeps/unix/sysv/linux/open64.c)"},
	{"libc.so", "open",
	 "the variadic mode, read only with O_CREAT/O_TMPFILE "
	 "(sysdeps/unix/sysv/linux/open64.c)"},
	{"libc.so", "__openat", "the variadic mode (sysdeps/unix/sysv/linux/openat64.c)"},
	{"libc.so", "openat", "the variadic mode (sysdeps/unix/sysv/linux/openat64.c)"},
};
static const char *const suid_syscalls[] = {"openat2", NULL};
static const char *const syslog_syscalls[] = {"syslog", NULL};
static const char *const hostname_syscalls[] = {"sethostname", "setdomainname", NULL};

static const struct restrict_row rows[] = {
	{
		.directive = "LockPersonality",
		.mechanism = "seccomp: personality() with any other argument than the locked "
			     "persona (PER_LINUX) fails with EPERM, the query 0xffffffff included "
			     "(seccomp-util.c seccomp_lock_personality)",
		.effect = "personality() fails with EPERM",
		.rules = personality_rules,
		.n_rules = ARRAY_SIZE(personality_rules),
	},
	{
		.directive = "RestrictRealtime",
		.mechanism = "seccomp: sched_setscheduler() with a policy other than SCHED_OTHER, "
			     "SCHED_BATCH or SCHED_IDLE fails with EPERM "
			     "(seccomp-util.c seccomp_restrict_realtime)",
		.effect = "sched_setscheduler() fails with EPERM",
		.rules = realtime_rules,
		.n_rules = ARRAY_SIZE(realtime_rules),
		.libc = realtime_libc,
		.n_libc = ARRAY_SIZE(realtime_libc),
	},
	{
		.directive = "RestrictNamespaces",
		.mechanism = "seccomp: setns() fails, unshare() and clone() with a CLONE_NEW* flag "
			     "fail with EPERM; clone3() fails with ENOSYS so that glibc falls back "
			     "to clone() (seccomp-util.c seccomp_restrict_namespaces)",
		.effect = "fails with EPERM",
		.rules = namespace_rules,
		.n_rules = ARRAY_SIZE(namespace_rules),
		.fallback = namespace_fallback,
		.libc = namespace_libc,
		.n_libc = ARRAY_SIZE(namespace_libc),
	},
	{
		.directive = "RestrictSUIDSGID",
		.mechanism = "seccomp: chmod, fchmod, fchmodat, mkdir, mkdirat, mknod, mknodat, "
			     "creat, open/openat with O_CREAT fail with EPERM when the mode has "
			     "S_ISUID or S_ISGID; openat2() fails (seccomp-util.c "
			     "seccomp_restrict_suid_sgid)",
		.effect = "fails with EPERM",
		.rules = suid_rules,
		.n_rules = ARRAY_SIZE(suid_rules),
		.syscalls = suid_syscalls,
		.libc = suid_libc,
		.n_libc = ARRAY_SIZE(suid_libc),
	},
	{
		.directive = "ProtectClock",
		.mechanism = "seccomp: the @clock group fails with EPERM (exec-invoke.c "
			     "apply_protect_clock)",
		.side = "syscall side only: the device policy that denies /dev/rtc* is not "
			"derived from the binaries",
		.effect = "fails with EPERM",
		.group = "@clock",
	},
	{
		.directive = "ProtectKernelModules",
		.mechanism = "seccomp: the @module group fails with EPERM (exec-invoke.c "
			     "apply_protect_kernel_modules)",
		.side = "syscall side only: /usr/lib/modules made inaccessible and CAP_SYS_MODULE "
			"dropped are not derived from the binaries",
		.effect = "fails with EPERM",
		.group = "@module",
	},
	{
		.directive = "ProtectKernelLogs",
		.mechanism = "seccomp: syslog() fails with EPERM (seccomp-util.c "
			     "seccomp_protect_syslog)",
		.side = "syscall side only: /proc/kmsg and /dev/kmsg made inaccessible are not "
			"derived from the binaries",
		.effect = "syslog() fails with EPERM",
		.syscalls = syslog_syscalls,
	},
	{
		.directive = "ProtectHostname",
		.mechanism = "seccomp: sethostname() and setdomainname() fail with EPERM "
			     "(seccomp-util.c seccomp_protect_hostname)",
		.side = "syscall side only: the UTS namespace systemd sets up is not derived from "
			"the binaries",
		.effect = "fails with EPERM",
		.syscalls = hostname_syscalls,
	},
};

static const struct restrict_row *row_of(const char *directive)
{
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++)
		if (strcmp(rows[i].directive, directive) == 0)
			return &rows[i];
	return NULL;
}

bool restrict_refuses(const char *directive, const char *name, unsigned arg, int64_t value)
{
	const struct restrict_row *row = row_of(directive);

	for (size_t i = 0; row && i < row->n_rules; i++)
		if (strcmp(row->rules[i].name, name) == 0 && row->rules[i].arg == arg)
			return row->rules[i].refused(value);
	return false;
}

/* ---- helpers ---- */

/* "engine_srv.so: .text+0x1a2 (f+0x12) via main -> socket@libc.so.6" */
static char *site_text(const struct sys_prov *at)
{
	char *where = site_describe(at->site);
	char *r = xasprintf(
		"%s: %s%s%s%s%s", at->site.obj ? path_basename(at->site.obj->path) : "?",
		where ? where : "?", at->chain ? " via " : "", at->chain ? at->chain : "",
		at->assumption ? "; possible: " : "", at->assumption ? at->assumption : "");

	free(where);
	return r;
}

/* Whether the chain "a@x -> b -> c" (or the function itself) has a
 * function whose name starts with prefix. */
static bool chain_has(const struct sys_prov *at, const char *prefix)
{
	size_t n = strlen(prefix);
	const char *p = at->chain;
	char buf[SYS_FUNC_LABEL_MAX];
	const char *func = sys_func_label(at->site.obj ? at->site.obj->sys : NULL, at->func, buf);

	if (func && strncmp(func, prefix, n) == 0)
		return true;
	while (p && *p) {
		if (strncmp(p, prefix, n) == 0)
			return true;
		p = strstr(p, " -> ");
		if (p)
			p += 4;
	}
	return false;
}

/* What a row knows of an unknown argument fixed in glibc's own code. */
static const char *libc_why(const struct restrict_row *row, const struct sys_argval *a)
{
	const char *base = a->at.site.obj ? path_basename(a->at.site.obj->path) : "";

	for (size_t i = 0; i < row->n_libc; i++) {
		const struct libc_origin *l = &row->libc[i];
		if (strncmp(base, l->object, strlen(l->object)) == 0 &&
		    (!l->func || chain_has(&a->at, l->func)))
			return l->why;
	}
	return NULL;
}

/* Whether the row's claim about a's object covers all its code. */
static bool object_wide(const struct restrict_row *row, const struct sys_argval *a)
{
	const char *base = a->at.site.obj ? path_basename(a->at.site.obj->path) : "";

	for (size_t i = 0; i < row->n_libc; i++)
		if (!row->libc[i].func &&
		    strncmp(base, row->libc[i].object, strlen(row->libc[i].object)) == 0)
			return true;
	return false;
}

static const struct arg_rule *rule_of(const struct restrict_row *row, const struct sys_argval *a)
{
	for (size_t i = 0; i < row->n_rules; i++)
		if (strcmp(row->rules[i].name, a->watch->name) == 0 &&
		    row->rules[i].arg == a->watch->arg)
			return &row->rules[i];
	return NULL;
}

static void row_calls(const struct restrict_row *row, struct restrict_calls *ret)
{
	for (const char *const *s = row->syscalls; s && *s; s++)
		strv_push(&ret->refused, *s);
	for (const char *const *s = row->fallback; s && *s; s++)
		strv_push(&ret->fallback, *s);
	for (size_t i = 0; i < row->n_rules; i++)
		strv_push(&ret->tested, row->rules[i].name);
}

int restrict_calls(const char *directive, const struct sysgroups *sg, struct restrict_calls *ret)
{
	const struct restrict_row *row = row_of(directive);

	*ret = (struct restrict_calls){0};
	if (!row)
		return -ENOENT;
	row_calls(row, ret);
	if (row->group && (!sg || sysgroups_expand(sg, row->group, NULL, &ret->refused) < 0))
		return -ENOENT;
	for (size_t i = 0; i < ret->refused.n; i++)
		strv_push(&ret->tested, ret->refused.v[i]);
	for (size_t i = 0; i < ret->fallback.n; i++)
		strv_push(&ret->tested, ret->fallback.v[i]);
	strv_sort_unique(&ret->tested);
	return 0;
}

void restrict_calls_clear(struct restrict_calls *c)
{
	strv_clear(&c->refused);
	strv_clear(&c->fallback);
	strv_clear(&c->tested);
}

/* Blocks on the syscalls the row refuses whatever the arguments. */
static void refused_syscalls(const struct analysis *a, const struct verdicts *vs,
			     const struct restrict_row *row, struct directive_verdict *v)
{
	const struct sysreport *r = a->sysreport;
	struct sysgroups *loaded = NULL;
	const struct sysgroups *sg = vs->opts.groups;
	struct restrict_calls calls;
	const struct strv *names = &calls.refused, *fallback = &calls.fallback;

	if (row->group && !sg &&
	    sysgroups_load(vs->opts.db_dir, vs->opts.systemd_version, &loaded) == 0)
		sg = loaded;
	if (restrict_calls(row->directive, sg, &calls) < 0)
		verdict_block(v, NULL, EV_NOT_DERIVED, NULL, NULL,
			      "not derived: no %s group in the systemd group table", row->group);
	for (enum arch_id abi = 0; abi < ARCH_MAX; abi++) {
		const struct sys_abi_set *set = &r->abi[abi];
		for (size_t i = 0; i < set->n_entries; i++) {
			const struct sys_entry *e = &set->entries[i];
			const struct sys_prov *p = NULL;
			char *at;
			if ((!strv_contains(names, e->name) && !strv_contains(fallback, e->name)) ||
			    e->conf == CONF_UNREACHED)
				continue;
			for (size_t k = 0; k < e->n_prov; k++)
				if (!p || e->prov[k].conf < p->conf)
					p = &e->prov[k];
			at = p ? site_text(p) : xstrdup(e->reason ? e->reason : "implicit");
			if (strv_contains(fallback, e->name))
				evidence_at(verdict_evidence(
						    v, p ? p->site.obj : NULL, EV_ENOSYS_FALLBACK,
						    "%s: %s fails with ENOSYS; glibc falls back to "
						    "clone(), whose flags are checked: %s",
						    arch_table[abi].name, e->name, at),
					    p ? p->site : (struct site){0});
			else if (e->conf == CONF_CERTAIN)
				evidence_at(verdict_block(v, p ? p->site.obj : NULL,
							  EV_REFUSED_SYSCALL, at, row->effect,
							  "%s: %s is reached", arch_table[abi].name,
							  e->name),
					    p ? p->site : (struct site){0});
			else {
				evidence_at(verdict_evidence(
						    v, p ? p->site.obj : NULL, EV_POSSIBLE_SYSCALL,
						    "%s is reached only on an assumption: %s",
						    e->name, at),
					    p ? p->site : (struct site){0});
				v->n_possible++;
			}
			free(at);
		}
	}
	restrict_calls_clear(&calls);
	sysgroups_free(loaded);
}

/* Blocks on refused constant arguments; unknown ones are possible. */
static void refused_args(const struct analysis *a, const struct restrict_row *row,
			 struct directive_verdict *v)
{
	const struct sysreport *r = a->sysreport;
	size_t passed = 0, unreached = 0, from_libc = 0;
	struct strv libc_seen = {0};

	for (size_t i = 0; i < r->n_argvals; i++) {
		const struct sys_argval *av = &r->argvals[i];
		const struct arg_rule *rule = rule_of(row, av);
		const char *lw;
		char *at, *val;
		if (!rule)
			continue;
		if (av->at.conf == CONF_UNREACHED) {
			unreached++;
			continue;
		}
		if (av->known && !rule->refused(av->value)) {
			passed++;
			continue;
		}
		at = site_text(&av->at);
		val = av->known ? xasprintf("%s 0x%llx", rule->what, (unsigned long long)av->value)
				: xasprintf("%s (%s)", rule->what, av->why ? av->why : "unknown");
		lw = libc_why(row, av);
		if (lw && (!av->known || object_wide(row, av))) {
			/* One line per object and reason, with the first site. */
			char *key = xasprintf("%s\t%s\t%s", path_basename(av->at.site.obj->path),
					      rule->name, lw);
			if (!strv_contains(&libc_seen, key)) {
				strv_push(&libc_seen, key);
				evidence_at(verdict_evidence(v, av->at.site.obj, EV_LIBC_INTERNAL,
							     "%s(): %s is %s; first site: %s",
							     rule->name, rule->what, lw, at),
					    av->at.site);
			}
			free(key);
			from_libc++;
		} else if (av->known && av->at.conf == CONF_CERTAIN) {
			evidence_at(verdict_block(v, av->at.site.obj, EV_REFUSED_ARGUMENT, at,
						  row->effect, "%s(%s %s)", rule->name,
						  arch_table[av->abi].name, val),
				    av->at.site);
		} else {
			char *what =
				xasprintf("%s(%s %s)", rule->name, arch_table[av->abi].name, val);
			evidence_at(verdict_evidence(v, av->at.site.obj,
						     av->known ? EV_POSSIBLE_ARGUMENT
							       : EV_UNKNOWN_ARGUMENT,
						     "%s: %s", what, at),
				    av->at.site);
			v->n_possible++;
			free(what);
		}
		free(at);
		free(val);
	}
	strv_clear(&libc_seen);
	if (row->n_rules)
		strv_push_owned(
			&v->reasons,
			xasprintf(
				"%zu reached call site%s pass%s an argument the rule lets through; "
				"%zu in glibc take it from glibc's own data; %zu unreached not "
				"counted",
				passed, passed == 1 ? "" : "s", passed == 1 ? "es" : "", from_libc,
				unreached));
}

void derive_restrict_row(const struct analysis *a, const struct verdicts *vs,
			 struct directive_verdict *v)
{
	const struct restrict_row *row = row_of(v->desc->name);

	if (!row || !a->sysreport) {
		verdict_block(v, NULL, EV_NOT_DERIVED, NULL, NULL,
			      "not derived: the syscall analysis did not run");
		return;
	}
	v->mechanism = xstrdup(row->mechanism);
	refused_syscalls(a, vs, row, v);
	refused_args(a, row, v);
	if (row->side)
		strv_push(&v->reasons, row->side);
	if (v->n_possible)
		strv_push_owned(&v->reasons,
				xasprintf("possible: %zu site%s the directive may refuse (see "
					  "evidence): --unit reports risk",
					  v->n_possible, v->n_possible == 1 ? "" : "s"));
	strv_push(&v->values, "true");
}

/* A boolean-like restriction (unitfile_restrict_keys): set and on, it
 * breaks what the verdict's blockers name and risks its possible ones.
 * Non-boolean values (RestrictNamespaces=cgroup ipc, ProtectHostname=
 * private) are checked as the full restriction, which can only
 * over-report. */
int check_restrict_row(const struct check_ctx *c, const struct directive_desc *desc)
{
	const struct unit_setting *s = unit_settings_restrict(c->u, desc->name);
	const struct directive_verdict *v;
	struct unitcheck_item *it;
	bool on = true;

	/* Checked only when the unit sets it: unset, they restrict nothing. */
	if (!s)
		return 0;
	it = unitcheck_item_add(c->uc, desc->name);
	unitcheck_item_set_from(it, s);
	if (!s->value[0]) {
		strv_push(&it->reasons, "reset (off)");
		return 0;
	}
	if (unitfile_parse_bool(s->value, &on) == 0 && !on) {
		strv_push(&it->reasons, "off");
		return 0;
	}
	if (unitfile_parse_bool(s->value, &on) < 0)
		strv_push_owned(&it->reasons,
				xasprintf("\"%s\" is checked as the full restriction", s->value));
	v = unitcheck_item_blockers(it, c, desc->name, true);
	if (!v)
		return 0;
	if (v->n_possible) {
		unitcheck_item_worsen(it, FILTER_RISK);
		for (size_t i = 0; i < v->n_evidence; i++)
			if (evidence_rules[v->evidence[i].kind].possible)
				strv_push_owned(&it->reasons,
						xasprintf("possible: %s", v->evidence[i].detail));
	}
	if (it->status == FILTER_OK)
		strv_push(&it->reasons, "no reached call is refused");
	return 0;
}

/* ---- RestrictAddressFamilies= ---- */

static bool family_enforced(enum arch_id abi)
{
	return abi == ARCH_X86_64;
}

static char *join_words(const struct strv *w)
{
	char *r = xstrdup("");

	for (size_t i = 0; i < w->n; i++) {
		char *n = xasprintf("%s%s%s", r, i ? " " : "", w->v[i]);
		free(r);
		r = n;
	}
	return r;
}

void derive_address_families(const struct analysis *a, const struct verdicts *vs,
			     struct directive_verdict *v)
{
	const struct sysreport *r = a->sysreport;
	struct strv fams = {0}, seen = {0};
	size_t unenforced = 0;
	char *value;

	(void)vs;
	if (!r) {
		verdict_block(v, NULL, EV_NOT_DERIVED, NULL, NULL,
			      "not derived: the syscall analysis did not run");
		return;
	}
	v->mechanism = xstrdup(
		"seccomp on x86-64: socket() with a family outside the list fails with "
		"EAFNOSUPPORT; the x86 (i386) ABI is not filtered at all, since it may use "
		"socketcall() (seccomp-util.c seccomp_restrict_address_families); socketpair() "
		"is never filtered");
	for (size_t i = 0; i < r->n_argvals; i++) {
		const struct sys_argval *av = &r->argvals[i];
		const char *name;
		char *at;
		if (av->watch->arg != 0 || av->at.conf == CONF_UNREACHED ||
		    (strcmp(av->watch->name, "socket") != 0 &&
		     strcmp(av->watch->name, "socketpair") != 0))
			continue;
		at = site_text(&av->at);
		name = av->known ? restrict_family_name(av->value) : NULL;
		if (strcmp(av->watch->name, "socketpair") == 0) {
			evidence_at(verdict_evidence(v, av->at.site.obj, EV_SOCKETPAIR,
						     "socketpair(%s) is not filtered: %s",
						     name ? name : "?", at),
				    av->at.site);
		} else if (!family_enforced(av->abi)) {
			/* One line per object and family, with the first site. */
			char *key = xasprintf("%s\t%s", path_basename(av->at.site.obj->path),
					      name ? name : "?");
			unenforced++;
			if (!strv_contains(&seen, key)) {
				strv_push(&seen, key);
				evidence_at(verdict_evidence(v, av->at.site.obj, EV_NOT_ENFORCED,
							     "%s: socket(%s) is not filtered on "
							     "this ABI; first site: %s",
							     arch_table[av->abi].name,
							     name ? name : "?", at),
					    av->at.site);
			}
			free(key);
			if (name && av->value > 0 && !strv_contains(&fams, name))
				strv_push(&fams, name);
		} else if (!av->known && av->at.conf == CONF_POSSIBLE) {
			evidence_at(verdict_evidence(v, av->at.site.obj, EV_UNKNOWN_FAMILY,
						     "socket() family is not a constant (%s), at a "
						     "site reached only on an assumption: %s",
						     av->why ? av->why : "unknown", at),
				    av->at.site);
			v->n_possible++;
		} else if (!av->known) {
			evidence_at(
				verdict_block(v, av->at.site.obj, EV_UNKNOWN_FAMILY, at,
					      "a family outside the list fails with EAFNOSUPPORT",
					      "socket() family is not a constant (%s)",
					      av->why ? av->why : "unknown"),
				av->at.site);
		} else if (!name || av->value == 0) {
			evidence_at(
				verdict_block(v, av->at.site.obj, EV_UNNAMED_FAMILY, at,
					      "socket() fails with EAFNOSUPPORT",
					      "socket() family %lld has no name the list can hold",
					      (long long)av->value),
				av->at.site);
		} else {
			char *key = xasprintf("%s\t%s\tpossible",
					      path_basename(av->at.site.obj->path), name);
			if (av->at.conf == CONF_POSSIBLE && !strv_contains(&seen, key)) {
				strv_push(&seen, key);
				evidence_at(verdict_evidence(
						    v, av->at.site.obj, EV_POSSIBLE_FAMILY,
						    "%s is listed for a site reached only on an "
						    "assumption; first site: %s",
						    name, at),
					    av->at.site);
			}
			free(key);
			if (!strv_contains(&fams, name))
				strv_push(&fams, name);
		}
		free(at);
	}
	strv_sort_unique(&fams);
	value = fams.n ? join_words(&fams) : xstrdup("none");
	strv_push_owned(&v->values, value);
	if (unenforced)
		strv_push_owned(&v->reasons,
				xasprintf("%zu socket() site%s of the x86 ABI: systemd does not "
					  "filter them, the list restricts only x86-64 code",
					  unenforced, unenforced == 1 ? "" : "s"));
	strv_clear(&fams);
	strv_clear(&seen);
}

/* RestrictAddressFamilies=: the families a socket() of an enforced ABI
 * (x86-64; systemd skips x86) passes must be allowed. */
int check_address_families(const struct check_ctx *c, const struct directive_desc *desc)
{
	const struct analysis *a = c->a;
	const struct unit_list *l = &c->u->address_families;
	struct unitcheck_item *it;
	struct strv set = {0};
	bool allow = true, any;
	const struct sysreport *r = a->sysreport;

	if (!l->n)
		return 0; /* unset (or reset): every family */
	it = unitcheck_item_add(c->uc, desc->name);
	unitcheck_item_sources_from(it, l->v, l->n);
	unitcheck_item_set_from(it, &l->v[l->n - 1]);
	any = unitfile_address_families(l, &set, &allow);
	if (!any) {
		strv_push(&it->reasons, "not set (any family)");
		strv_clear(&set);
		return 0;
	}
	for (size_t i = 0; r && i < r->n_argvals; i++) {
		const struct sys_argval *av = &r->argvals[i];
		const char *name;
		char *where;
		bool listed;
		if (strcmp(av->watch->name, "socket") != 0 || av->watch->arg != 0 ||
		    av->at.conf == CONF_UNREACHED)
			continue;
		if (av->abi != ARCH_X86_64) {
			continue;
		}
		name = av->known ? restrict_family_name(av->value) : NULL;
		listed = name && strv_contains(&set, name);
		if (av->known && listed == allow)
			continue;
		unitcheck_item_worsen(it, av->known && av->at.conf == CONF_CERTAIN ? FILTER_BREAKS
										   : FILTER_RISK);
		where = site_describe(av->at.site);
		strv_push_owned(&it->reasons,
				xasprintf("%s%s: %s: socket(%s) -> fails with EAFNOSUPPORT",
					  av->at.conf == CONF_CERTAIN ? "" : "possible: ",
					  av->at.site.obj ? av->at.site.obj->path : "?",
					  where ? where : "?",
					  name	      ? name
					  : av->known ? "unnamed family"
						      : "unknown family"));
		free(where);
	}
	for (size_t i = 0; a->n_objects && i < a->n_objects; i++)
		if (a->objects[i]->elf && a->objects[i]->elf->arch &&
		    a->objects[i]->elf->arch->id == ARCH_X86) {
			strv_push(&it->reasons, "x86 (i386) code is not filtered: systemd applies "
						"RestrictAddressFamilies= to x86-64 only");
			break;
		}
	if (it->status == FILTER_OK)
		strv_push(&it->reasons, "every x86-64 socket() family is allowed");
	strv_clear(&set);
	return 0;
}
