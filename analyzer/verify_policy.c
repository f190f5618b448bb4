// SPDX-License-Identifier: MIT
/* The policy `verify` runs a command under: systemd's seccomp filters for a
 * unit (or for the directives analyze derives), compiled into one filter
 * that notifies instead of killing, and the judgement of each notified call.
 * Sources: systemd src/shared/seccomp-util.c (seccomp_local_archs[],
 * seccomp_init_for_arch, seccomp_load_syscall_filter_set_raw,
 * seccomp_restrict_archs, seccomp_memory_deny_write_execute), src/core/
 * exec-invoke.c (apply_syscall_filter, apply_memory_deny_write_execute), the
 * kernel's mm MDWE check (include/linux/mman.h map_deny_write_exec()). */
#include <errno.h>
#include <linux/audit.h>
#include <seccomp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <unistd.h>

#include "derive_restrict.h"
#include "verify.h"

const char *verify_directive_name(enum verify_directive d)
{
	static const char *const names[VERIFY_RESTRICT_FIRST] = {
		[VERIFY_SYSCALL_FILTER] = "SystemCallFilter",
		[VERIFY_SYSCALL_ARCHITECTURES] = "SystemCallArchitectures",
		[VERIFY_MEMORY_DENY_WRITE_EXECUTE] = "MemoryDenyWriteExecute",
		[VERIFY_RESTRICT_ADDRESS_FAMILIES] = "RestrictAddressFamilies",
	};
	if (d < VERIFY_RESTRICT_FIRST)
		return names[d];
	return d < VERIFY_DIRECTIVE_MAX ? unitfile_restrict_keys[d - VERIFY_RESTRICT_FIRST] : "?";
}

/* systemd's seccomp_local_archs[]: the ABIs it installs a filter for on each
 * native ABI (ppc/ppc64 and s390 are left out: seccompat has no descriptor
 * for them). */
static const struct {
	enum arch_id native;
	enum arch_id abis[3];
	size_t n;
} local_abis[] = {
	{ARCH_X86_64, {ARCH_X86, ARCH_X32, ARCH_X86_64}, 3},
	{ARCH_X32, {ARCH_X86, ARCH_X86_64, ARCH_X32}, 3},
	{ARCH_X86, {ARCH_X86}, 1},
	{ARCH_ARM64, {ARCH_ARM, ARCH_ARM64}, 2},
	{ARCH_ARM, {ARCH_ARM}, 1},
	{ARCH_RISCV64, {ARCH_RISCV64}, 1},
	{ARCH_PPC64LE, {ARCH_PPC64LE}, 1},
	{ARCH_S390X, {ARCH_S390X}, 1},
};

/* The seccomp side of MemoryDenyWriteExecute= per ABI
 * (seccomp_memory_deny_write_execute()): the mmap flavour whose PROT_WRITE|
 * PROT_EXEC is refused, the old mmap refused outright (its arguments sit in
 * memory, out of the filter's reach), and whether shmat() is a syscall of
 * its own there (on x86 it goes through ipc(), which systemd leaves alone). */
static const struct {
	enum arch_id abi;
	const char *wx_mmap;
	const char *blocked;
	bool shmat;
} mdwe_rules[] = {
	{ARCH_X86, "mmap2", "mmap", false},  {ARCH_X86_64, "mmap", NULL, true},
	{ARCH_X32, "mmap", NULL, true},	     {ARCH_ARM, "mmap2", NULL, true},
	{ARCH_ARM64, "mmap", NULL, true},    {ARCH_RISCV64, "mmap", NULL, true},
	{ARCH_PPC64LE, "mmap", NULL, false}, {ARCH_S390X, "mmap", NULL, false},
};

static void setting_copy(struct unit_setting *dst, const struct unit_setting *src)
{
	dst->value = xstrdup(src->value ? src->value : "");
	dst->file = xstrdup(src->file ? src->file : "");
	dst->line = src->line;
}

void verify_policy_free(struct verify_policy *p)
{
	if (!p)
		return;
	filter_free(p->filter);
	sysgroups_free(p->groups);
	strv_clear(&p->files);
	free(p->mdwe_setting.value);
	free(p->mdwe_setting.file);
	strv_clear(&p->warnings);
	strv_clear(&p->families);
	free(p->families_at.value);
	free(p->families_at.file);
	for (size_t i = 0; i < UNIT_RESTRICT_KEYS; i++) {
		free(p->restrict_at[i].value);
		free(p->restrict_at[i].file);
		restrict_calls_clear(&p->restrict_calls[i]);
	}
	free(p);
}

/* ---- the argument-checking directives (seccomp-util.c; derive_restrict.c
 * has the same rules for the analysis) ---- */

/* A boolean-like directive is on unless unset, empty or a false boolean;
 * other values (RestrictNamespaces=cgroup ipc) count as on, and say so. */
static void restrict_set(struct verify_policy *p, size_t k, const struct unit_setting *s)
{
	bool on = true;

	if (!s || !s->value || !s->value[0])
		return;
	if (unitfile_parse_bool(s->value, &on) == 0 && !on)
		return;
	if (unitfile_parse_bool(s->value, &on) < 0)
		strv_push_owned(&p->warnings,
				xasprintf("%s:%u: %s=%s is enforced as the full restriction",
					  s->file, s->line, unitfile_restrict_keys[k], s->value));
	p->restrict_on[k] = true;
	setting_copy(&p->restrict_at[k], s);
	(void)restrict_calls(unitfile_restrict_keys[k], p->groups, &p->restrict_calls[k]);
}

static void families_set(struct verify_policy *p, const struct unit_list *l)
{
	p->families_on = unitfile_address_families(l, &p->families, &p->families_allow);
	if (p->families_on)
		setting_copy(&p->families_at, &l->v[l->n - 1]);
}

static void set_local_abis(struct verify_policy *p)
{
	const struct arch_desc *host = arch_host();

	for (size_t i = 0; i < ARRAY_SIZE(local_abis); i++) {
		if (!host || local_abis[i].native != host->id)
			continue;
		for (size_t k = 0; k < local_abis[i].n; k++)
			p->abis[p->n_abis++] = &arch_table[local_abis[i].abis[k]];
	}
	if (!p->n_abis && host)
		p->abis[p->n_abis++] = host;
}

/* The common part: groups, the filter, MemoryDenyWriteExecute=. */
static int policy_build(const struct filter_input *in, const struct unit_setting *mdwe,
			const char *db_dir, unsigned kernel_version, struct verify_policy **ret)
{
	struct verify_policy *p = xcalloc(1, sizeof(*p));
	int r;

	r = sysgroups_load(db_dir, in->systemd_version, &p->groups);
	if (r < 0) {
		free(p);
		return r;
	}
	if (p->groups->note)
		strv_push(&p->warnings, p->groups->note);
	r = filter_build(p->groups, in, &p->filter);
	if (r < 0) {
		verify_policy_free(p);
		return r;
	}
	for (size_t i = 0; i < p->filter->warnings.n; i++)
		strv_push(&p->warnings, p->filter->warnings.v[i]);
	/* A bare major (257) or parse_version()'s 2570000. */
	p->mdwe_mode = verdicts_mdwe_mode(in->systemd_version < 10000 ? in->systemd_version * 10000
								      : in->systemd_version,
					  kernel_version);
	/* An empty assignment resets to the default (off); a value that is
	 * not a boolean is ignored by systemd with a warning. */
	if (mdwe && mdwe->value && mdwe->value[0]) {
		if (unitfile_parse_bool(mdwe->value, &p->mdwe) < 0)
			strv_push_owned(&p->warnings,
					xasprintf("%s:%u: failed to parse boolean, ignoring: %s",
						  mdwe->file, mdwe->line, mdwe->value));
		else if (p->mdwe)
			setting_copy(&p->mdwe_setting, mdwe);
	}
	set_local_abis(p);
	*ret = p;
	return 0;
}

int verify_policy_from_unit(const struct unit_settings *u, const char *db_dir,
			    unsigned systemd_version, unsigned kernel_version,
			    struct verify_policy **ret)
{
	struct filter_input in = filter_input_from_unit(u, NULL, systemd_version);
	struct verify_policy *p;
	int r;

	r = policy_build(&in, u->memory_deny_write_execute, db_dir, kernel_version, &p);
	if (r < 0)
		return r;
	families_set(p, &u->address_families);
	for (size_t k = 0; k < UNIT_RESTRICT_KEYS; k++)
		restrict_set(p, k, u->restrict_settings[k]);
	for (size_t i = 0; i < u->files.n; i++)
		strv_push(&p->files, u->files.v[i]);
	for (size_t i = 0; i < u->warnings.n; i++)
		strv_push(&p->warnings, u->warnings.v[i]);
	*ret = p;
	return 0;
}

/* The values of a tolerated verdict as settings "derived". */
static size_t derived_settings(const struct verdicts *vs, const char *name,
			       struct unit_setting **ret)
{
	const struct directive_verdict *v = verdicts_find(vs, name);
	struct unit_setting *s;

	*ret = NULL;
	if (!v || !v->tolerated || !v->values.n)
		return 0;
	s = xcalloc(v->values.n, sizeof(*s));
	for (size_t i = 0; i < v->values.n; i++)
		s[i] = (struct unit_setting){
			.value = v->values.v[i], .file = (char *)"derived", .line = 0};
	*ret = s;
	return v->values.n;
}

int verify_policy_from_verdicts(const struct verdicts *vs, const char *db_dir,
				unsigned systemd_version, unsigned kernel_version,
				struct verify_policy **ret)
{
	struct unit_setting *filt, *archs, *err, *mdwe;
	size_t n_filt = derived_settings(vs, "SystemCallFilter", &filt);
	size_t n_archs = derived_settings(vs, "SystemCallArchitectures", &archs);
	size_t n_err = derived_settings(vs, "SystemCallErrorNumber", &err);
	size_t n_mdwe = derived_settings(vs, "MemoryDenyWriteExecute", &mdwe);
	struct filter_input in = {
		.filter_lines = filt,
		.n_filter_lines = n_filt,
		.error_number = n_err ? &err[n_err - 1] : NULL,
		.architectures = archs,
		.n_architectures = n_archs,
		.systemd_version = systemd_version,
	};
	struct verify_policy *p = NULL;
	int r;

	r = policy_build(&in, n_mdwe ? &mdwe[n_mdwe - 1] : NULL, db_dir, kernel_version, &p);
	free(filt);
	free(archs);
	free(err);
	free(mdwe);
	if (r < 0)
		return r;
	p->derived = true;
	{
		struct unit_setting *fam, *one;
		size_t n_fam = derived_settings(vs, "RestrictAddressFamilies", &fam);
		struct unit_list l = {.v = fam, .n = n_fam};
		families_set(p, &l);
		free(fam);
		for (size_t k = 0; k < UNIT_RESTRICT_KEYS; k++) {
			size_t n = derived_settings(vs, unitfile_restrict_keys[k], &one);
			restrict_set(p, k, n ? &one[n - 1] : NULL);
			free(one);
		}
	}
	*ret = p;
	return 0;
}

char *verify_set_at(const struct verify_policy *p, const struct unit_setting *at)
{
	if (!at || !at->file)
		return xstrdup(p->derived ? "derived" : "-");
	if (at->line == 0)
		return xstrdup(at->file);
	return xasprintf("%s:%u", at->file, at->line);
}

/* How the kernel names a call's ABI in seccomp_data: .arch is the
 * AUDIT_ARCH_* value, which libseccomp's SCMP_ARCH_* equals, except that x32
 * calls arrive as AUDIT_ARCH_X86_64 with VERIFY_X32_SYSCALL_BIT in .nr. */
const struct arch_desc *verify_abi_of(const struct verify_policy *p, uint32_t audit_arch, int nr)
{
	bool x32_bit = audit_arch == AUDIT_ARCH_X86_64 && (nr & VERIFY_X32_SYSCALL_BIT);

	for (size_t i = 0; i < p->n_abis; i++) {
		const struct arch_desc *a = p->abis[i];
		if (a->id == ARCH_X32) {
			if (x32_bit)
				return a;
		} else if (a->scmp_arch == audit_arch && !x32_bit) {
			return a;
		}
	}
	return NULL;
}

/* ---- judgement ---- */

static bool is_name(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

static struct verify_judgement from_action(const struct filter *f, struct filter_action act)
{
	struct verify_judgement j = {.verdict = act.verdict, .errno_num = act.errno_num};

	if (act.reason == FILTER_BY_ARCH) {
		/* seccomp_restrict_archs() sets no bad-arch action: libseccomp's
		 * default, SCMP_ACT_KILL, ends the calling thread only
		 * (SECCOMP_RET_KILL_THREAD). */
		j.directive = VERIFY_SYSCALL_ARCHITECTURES;
		j.thread_only = true;
		j.at = f->archs_setting.file ? &f->archs_setting : NULL;
		return j;
	}
	j.directive = VERIFY_SYSCALL_FILTER;
	if (act.line >= 0 && (size_t)act.line < f->n_lines)
		j.at = &f->lines[act.line];
	/* SystemCallErrorNumber= replaced the kill: the errno is its. */
	if (act.verdict == FILTER_ERRNO && act.reason == FILTER_BY_DEFAULT &&
	    f->error_number_setting.value)
		j.at = &f->error_number_setting;
	return j;
}

/* The filter's answer to a call; for the i386 socketcall()/ipc()
 * multiplexers, libseccomp adds each socket or IPC rule of the ABI as the
 * multiplexed call with that subcall number, and a rule for the
 * multiplexer itself supersedes those (seen in its generated program). */
static struct filter_action filter_answer(const struct filter *f, const struct verify_call *c)
{
	struct filter_action act = filter_action(f, c->abi, c->name);

	if (c->sub && act.reason != FILTER_BY_RULE && act.reason != FILTER_BY_ARCH) {
		struct filter_action s = filter_action(f, c->abi, c->sub);
		if (s.reason == FILTER_BY_RULE)
			return s;
	}
	return act;
}

static bool mdwe_refuses(const struct verify_policy *p, const struct verify_call *c,
			 struct verify_judgement *j)
{
	const uint64_t wx = PROT_WRITE | PROT_EXEC;
	bool mprotect = is_name(c->name, "mprotect") || is_name(c->name, "pkey_mprotect");
	size_t k;

	for (k = 0; k < ARRAY_SIZE(mdwe_rules); k++)
		if (mdwe_rules[k].abi == c->abi->id)
			break;
	if (k == ARRAY_SIZE(mdwe_rules))
		return false;
	if (p->mdwe_mode == MDWE_SECCOMP) {
		/* seccomp_memory_deny_write_execute(): EPERM. */
		j->errno_num = EPERM;
		if (is_name(c->name, mdwe_rules[k].wx_mmap))
			return (c->args[2] & wx) == wx;
		if (is_name(c->name, mdwe_rules[k].blocked))
			return true;
		if (mprotect)
			return c->args[2] & PROT_EXEC;
		if (mdwe_rules[k].shmat && is_name(c->name, "shmat"))
			return c->args[2] & SHM_EXEC;
		return false;
	}
	/* PR_SET_MDWE (map_deny_write_exec()): EACCES for a mapping that
	 * would be writable and executable, or that becomes executable. */
	j->errno_num = EACCES;
	if (is_name(c->name, "mmap") || is_name(c->name, "mmap2"))
		return !is_name(c->name, mdwe_rules[k].blocked) && (c->args[2] & wx) == wx;
	if (mprotect) {
		if (!(c->args[2] & PROT_EXEC))
			return false;
		if (c->args[2] & PROT_WRITE)
			return true;
		if (c->exec_gain < 0) {
			j->needs_exec_gain = true;
			return false;
		}
		return c->exec_gain > 0;
	}
	if (mdwe_rules[k].shmat && is_name(c->name, "shmat"))
		return (c->args[2] & SHM_EXEC) && !(c->args[2] & SHM_RDONLY);
	return false;
}

/* The errno of the directive's rule for c, 0 when it lets c through. The
 * argument rules are derive_restrict.c's (restrict_refuses()), so the
 * analysis and the run judge alike. */
static int restrict_refusal(const struct verify_policy *p, size_t k, const struct verify_call *c)
{
	const char *key = unitfile_restrict_keys[k];
	/* open(path, flags, mode) and openat(dirfd, path, flags, mode) are
	 * refused only with O_CREAT (seccomp_restrict_sxid()). */
	const uint64_t o_creat = 0100;

	const struct restrict_calls *rc = &p->restrict_calls[k];

	/* ENOSYS, so that glibc falls back: clone3 (seccomp_restrict_
	 * namespaces()), and openat2 in v257's seccomp_restrict_sxid(), which
	 * the analysis counts as refused (v252 fails it with EPERM). */
	if (strv_contains(&rc->fallback, c->name) ||
	    (strcmp(key, "RestrictSUIDSGID") == 0 && is_name(c->name, "openat2")))
		return ENOSYS;
	if (strv_contains(&rc->refused, c->name))
		return EPERM;
	if (is_name(c->name, "open") && !(c->args[1] & o_creat))
		return 0;
	if (is_name(c->name, "openat") && !(c->args[2] & o_creat))
		return 0;
	for (unsigned arg = 0; arg < 6; arg++)
		if (restrict_refuses(key, c->name, arg, (int64_t)c->args[arg]))
			return EPERM;
	return 0;
}

/* RestrictAddressFamilies=: socket() of an x86-64 process (systemd skips
 * the x86 ABI) with a family the list does not allow. */
static bool families_refuse(const struct verify_policy *p, const struct verify_call *c)
{
	const char *fam;

	if (!p->families_on || c->abi->id == ARCH_X86 || !is_name(c->name, "socket"))
		return false;
	fam = restrict_family_name((int64_t)c->args[0]);
	return !fam || c->args[0] == 0 || strv_contains(&p->families, fam) != p->families_allow;
}

/* Whether a directive of p tests calls of name: they must reach the
 * supervisor even when the filter allows them. */
static bool restrict_routes(const struct verify_policy *p, const char *name)
{
	if (p->families_on && is_name(name, "socket"))
		return true;
	for (size_t k = 0; k < UNIT_RESTRICT_KEYS; k++)
		if (p->restrict_on[k] && strv_contains(&p->restrict_calls[k].tested, name))
			return true;
	return false;
}

struct verify_judgement verify_judge(const struct verify_policy *p, const struct verify_call *c)
{
	struct verify_judgement j = {.verdict = FILTER_ALLOW};
	struct filter_action act = filter_answer(p->filter, c);

	/* The kernel runs every filter and takes the strongest action: a
	 * kill (of the ABI or of the filter) before the errno answers. */
	if (act.verdict != FILTER_ALLOW)
		return from_action(p->filter, act);
	if (p->mdwe && mdwe_refuses(p, c, &j)) {
		j.verdict = FILTER_ERRNO;
		j.directive = VERIFY_MEMORY_DENY_WRITE_EXECUTE;
		j.at = p->mdwe_setting.file ? &p->mdwe_setting : NULL;
		return j;
	}
	if (families_refuse(p, c))
		return (struct verify_judgement){.verdict = FILTER_ERRNO,
						 .directive = VERIFY_RESTRICT_ADDRESS_FAMILIES,
						 .errno_num = EAFNOSUPPORT,
						 .at = &p->families_at};
	for (size_t k = 0; k < UNIT_RESTRICT_KEYS; k++) {
		int e = p->restrict_on[k] ? restrict_refusal(p, k, c) : 0;
		if (e)
			return (struct verify_judgement){.verdict = FILTER_ERRNO,
							 .directive = VERIFY_RESTRICT_FIRST + k,
							 .errno_num = e,
							 .at = &p->restrict_at[k],
							 .fallback = e == ENOSYS};
	}
	return (struct verify_judgement){.verdict = FILTER_ALLOW,
					 .needs_exec_gain = j.needs_exec_gain};
}

/* ---- the filter program ---- */

/* One ABI's part, like seccomp_init_for_arch(): only that ABI, calls of
 * other ABIs fall through to the bad-arch action. */
static int ctx_for_abi(const struct arch_desc *abi, uint32_t def, scmp_filter_ctx *ret)
{
	scmp_filter_ctx ctx = seccomp_init(def);
	int r = 0;

	if (!ctx)
		return -ENOMEM;
	if (abi->scmp_arch != seccomp_arch_native()) {
		r = seccomp_arch_remove(ctx, seccomp_arch_native());
		if (r == 0)
			r = seccomp_arch_add(ctx, abi->scmp_arch);
	}
	/* Every ABI this filter has no part for is refused by
	 * SystemCallArchitectures=: their calls are notified. */
	if (r == 0)
		r = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_NOTIFY);
	if (r < 0) {
		seccomp_release(ctx);
		return r;
	}
	*ret = ctx;
	return 0;
}

/* Adds one rule; names libseccomp cannot place on the ABI are skipped, as
 * systemd skips them (-EDOM), and so is a rule equal to the default. */
static int add(scmp_filter_ctx ctx, uint32_t def, uint32_t action, const char *name,
	       unsigned n_args, const struct scmp_arg_cmp *cmp)
{
	int nr = seccomp_syscall_resolve_name(name);
	int r;

	if (action == def || nr == __NR_SCMP_ERROR)
		return 0;
	r = seccomp_rule_add_exact_array(ctx, action, nr, n_args, cmp);
	return r == -EDOM ? 0 : r;
}

/* Which calls of a name MemoryDenyWriteExecute= may refuse: those whose
 * argument 2, masked with ->mask, equals ->datum; ->whole: all of them;
 * neither: none. */
struct mdwe_route {
	uint64_t mask, datum;
	bool whole;
};

/* The argument classes other than the refused one, allowed one by one when
 * the default action notifies. */
static int add_allowed_classes(scmp_filter_ctx ctx, uint32_t def, const char *name,
			       struct mdwe_route rt)
{
	uint64_t m = rt.mask;

	/* d walks the subsets of m in increasing order, m itself last. */
	for (uint64_t d = 0;; d = (d - m) & m) {
		if (d != rt.datum) {
			struct scmp_arg_cmp cmp = SCMP_A2(SCMP_CMP_MASKED_EQ, m, d);
			int r = add(ctx, def, SCMP_ACT_ALLOW, name, 1, &cmp);
			if (r < 0)
				return r;
		}
		if (d == m)
			return 0;
	}
}

static struct mdwe_route mdwe_route(const struct verify_policy *p, const struct arch_desc *abi,
				    const char *name)
{
	const uint64_t wx = PROT_WRITE | PROT_EXEC;
	bool prctl = p->mdwe_mode == MDWE_PRCTL;

	if (!p->mdwe)
		return (struct mdwe_route){0};
	for (size_t k = 0; k < ARRAY_SIZE(mdwe_rules); k++) {
		if (mdwe_rules[k].abi != abi->id)
			continue;
		/* Refused outright by systemd's seccomp rules; under
		 * PR_SET_MDWE the kernel checks it, which verify does not
		 * look into (its arguments are in memory; glibc uses mmap2). */
		if (is_name(name, mdwe_rules[k].blocked))
			return (struct mdwe_route){.whole = !prctl};
		if (is_name(name, mdwe_rules[k].wx_mmap))
			return (struct mdwe_route){.mask = wx, .datum = wx};
		/* Under PR_SET_MDWE every PROT_EXEC is judged against the
		 * caller's memory. */
		if (is_name(name, "mprotect") || is_name(name, "pkey_mprotect"))
			return (struct mdwe_route){.mask = PROT_EXEC, .datum = PROT_EXEC};
		/* SHM_RDONLY maps it without PROT_WRITE: PR_SET_MDWE lets a
		 * read-only executable mapping be. */
		if (mdwe_rules[k].shmat && is_name(name, "shmat"))
			return (struct mdwe_route){.mask = prctl ? SHM_EXEC | SHM_RDONLY : SHM_EXEC,
						   .datum = SHM_EXEC};
	}
	return (struct mdwe_route){0};
}

static const char *const mdwe_names[] = {"mmap", "mmap2", "mprotect", "pkey_mprotect", "shmat"};
/* Always notified: the supervisor tells the command's start from what ran
 * before it, and follows which program each process runs. */
static const char *const exec_names[] = {"execve", "execveat"};

static int add_rules(const struct verify_policy *p, scmp_filter_ctx ctx,
		     const struct arch_desc *abi, uint32_t def)
{
	const struct filter *f = p->filter;
	int r;

	/* seccomp_load_syscall_filter_set_raw(): one rule per name of the
	 * filter map that exists on the ABI; its action is what filter.c
	 * says systemd's would be, a refusal becoming a notification. */
	for (size_t i = 0; i < f->n_entries; i++) {
		const char *name = f->entries[i].name;
		struct filter_action act;
		struct mdwe_route rt = mdwe_route(p, abi, name);
		if (!f->entries[i].listed || !sysgroups_known_on_abi(name, abi))
			continue;
		act = filter_action(f, abi, name);
		if (act.verdict == FILTER_ALLOW) {
			bool exec = false;
			for (size_t k = 0; k < ARRAY_SIZE(exec_names); k++)
				exec |= is_name(name, exec_names[k]);
			if (exec || rt.whole || restrict_routes(p, name))
				continue; /* stays with the notifying default */
			r = rt.mask ? add_allowed_classes(ctx, def, name, rt)
				    : add(ctx, def, SCMP_ACT_ALLOW, name, 0, NULL);
		} else {
			r = add(ctx, def, SCMP_ACT_NOTIFY, name, 0, NULL);
		}
		if (r < 0)
			return r;
	}
	/* systemd >= 255: the default fails with ENOSYS (notified here), and
	 * every @known syscall outside the map takes the unit's default; in a
	 * deny list that lets them through. */
	if (f->unknown_enosys && f->mode == FILTER_MODE_DENY_LIST) {
		for (size_t i = 0; i < f->known.n; i++) {
			const char *name = f->known.v[i];
			struct mdwe_route rt = mdwe_route(p, abi, name);
			bool exec = false;
			for (size_t k = 0; k < ARRAY_SIZE(exec_names); k++)
				exec |= is_name(name, exec_names[k]);
			if (exec || rt.whole || restrict_routes(p, name) ||
			    !sysgroups_known_on_abi(name, abi) ||
			    filter_action(f, abi, name).verdict != FILTER_ALLOW)
				continue;
			r = rt.mask ? add_allowed_classes(ctx, def, name, rt)
				    : add(ctx, def, SCMP_ACT_ALLOW, name, 0, NULL);
			if (r < 0)
				return r;
		}
	}
	if (def == SCMP_ACT_NOTIFY)
		return 0;
	/* Default allow (deny list or no SystemCallFilter=): route the MDWE
	 * calls and the execs the filter itself lets through. */
	for (size_t i = 0; i < ARRAY_SIZE(exec_names); i++) {
		if (filter_action(f, abi, exec_names[i]).verdict != FILTER_ALLOW)
			continue;
		r = add(ctx, def, SCMP_ACT_NOTIFY, exec_names[i], 0, NULL);
		if (r < 0)
			return r;
	}
	/* And every call an argument-checking directive tests. */
	for (size_t k = 0; k < UNIT_RESTRICT_KEYS; k++) {
		const struct strv *names = &p->restrict_calls[k].tested;
		for (size_t i = 0; p->restrict_on[k] && i < names->n; i++) {
			const char *name = names->v[i];
			if (!sysgroups_known_on_abi(name, abi) ||
			    filter_action(f, abi, name).verdict != FILTER_ALLOW)
				continue;
			r = add(ctx, def, SCMP_ACT_NOTIFY, name, 0, NULL);
			if (r < 0)
				return r;
		}
	}
	if (p->families_on && sysgroups_known_on_abi("socket", abi) &&
	    filter_action(f, abi, "socket").verdict == FILTER_ALLOW) {
		r = add(ctx, def, SCMP_ACT_NOTIFY, "socket", 0, NULL);
		if (r < 0)
			return r;
	}
	for (size_t i = 0; i < ARRAY_SIZE(mdwe_names); i++) {
		struct mdwe_route rt = mdwe_route(p, abi, mdwe_names[i]);
		struct scmp_arg_cmp cmp = SCMP_A2(SCMP_CMP_MASKED_EQ, rt.mask, rt.datum);
		if ((!rt.mask && !rt.whole) ||
		    filter_action(f, abi, mdwe_names[i]).verdict != FILTER_ALLOW)
			continue;
		r = add(ctx, def, SCMP_ACT_NOTIFY, mdwe_names[i], rt.whole ? 0 : 1, &cmp);
		if (r < 0)
			return r;
	}
	return 0;
}

/* seccomp_export_bpf() writes to a file descriptor: a memfd, read back. */
static int export_program(scmp_filter_ctx ctx, struct sock_fprog *ret)
{
	int fd = memfd_create("seccompat-filter", MFD_CLOEXEC);
	off_t len;
	void *buf;
	int r;

	if (fd < 0)
		return -errno;
	r = seccomp_export_bpf(ctx, fd);
	len = r == 0 ? lseek(fd, 0, SEEK_END) : -1;
	if (r == 0 && (len <= 0 || len % sizeof(struct sock_filter) ||
		       len / sizeof(struct sock_filter) > BPF_MAXINSNS))
		r = -E2BIG;
	if (r < 0) {
		close(fd);
		return r;
	}
	buf = xmalloc((size_t)len);
	if (pread(fd, buf, (size_t)len, 0) != len) {
		r = -EIO;
		free(buf);
		close(fd);
		return r;
	}
	close(fd);
	ret->len = (unsigned short)(len / sizeof(struct sock_filter));
	ret->filter = buf;
	return 0;
}

int verify_policy_program(const struct verify_policy *p, bool notify_all, struct sock_fprog *ret)
{
	const struct filter *f = p->filter;
	/* apply_syscall_filter(): an allow list refuses by default, a deny
	 * list (or no SystemCallFilter=) allows by default; since v255 the
	 * default of both is ENOSYS (see add_rules()). */
	uint32_t def = notify_all || f->mode == FILTER_MODE_ALLOW_LIST || f->unknown_enosys
			       ? SCMP_ACT_NOTIFY
			       : SCMP_ACT_ALLOW;
	scmp_filter_ctx all = NULL;
	int r = 0;

	for (size_t i = 0; i < p->n_abis && r == 0; i++) {
		const struct arch_desc *abi = p->abis[i];
		scmp_filter_ctx ctx;
		/* seccomp_restrict_archs(): an ABI not listed gets no part;
		 * its calls take the bad-arch action. */
		if (f->archs_restricted && !f->abi_allowed[abi->id])
			continue;
		r = ctx_for_abi(abi, def, &ctx);
		if (r < 0)
			break;
		if (!notify_all)
			r = add_rules(p, ctx, abi, def);
		/* seccomp_merge() frees its source on success only. */
		if (r == 0 && !all)
			all = ctx;
		else if (r == 0 && (r = seccomp_merge(all, ctx)) < 0)
			seccomp_release(ctx);
		else if (r < 0)
			seccomp_release(ctx);
	}
	/* Every local ABI refused: everything is notified. */
	if (r == 0 && !all)
		r = ctx_for_abi(arch_host(), SCMP_ACT_NOTIFY, &all);
	if (r == 0)
		r = export_program(all, ret);
	seccomp_release(all);
	return r;
}
