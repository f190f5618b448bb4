// SPDX-License-Identifier: MIT
/* SystemCallFilter= as systemd applies it, and the derivation of filter
 * lines from required syscalls. Sources of each rule are cited at the rule:
 * src/core/load-fragment.c (config_parse_syscall_filter,
 * config_parse_syscall_errno, config_parse_syscall_archs),
 * src/shared/seccomp-util.c (seccomp_parse_syscall_filter,
 * seccomp_load_syscall_filter_set_raw), src/core/exec-invoke.c
 * (apply_syscall_filter; execute.c before v255) and
 * src/analyze/analyze-security.c (syscall_names_in_filter). */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "filter.h"
#include "syscalls.h"

/* systemd's ERRNO_MAX. */
#define ERRNO_MAX 4095

/* Since v248 (fix for systemd issue #18916) "~name:errno" in an allow list
 * keeps the name in the map with that errno instead of removing it
 * (seccomp_parse_syscall_filter: INVERT|ALLOW_LIST with errno_num >= 0). */
#define SYSTEMD_ALLOWLIST_ERRNO_SINCE 248
/* Since v255 (systemd PR #30291, "Backwardscompatibly handle syscalls
 * unknown to us or libseccomp", for issue #19922) each per-ABI filter of
 * seccomp_load_syscall_filter_set_raw() has ENOSYS as its default action and
 * one rule with the unit's default action for every @known syscall that is
 * not in the filter map: a syscall newer than systemd's @known fails with
 * ENOSYS, so that libc falls back, in allow lists and deny lists alike. */
#define SYSTEMD_ENOSYS_UNKNOWN_SINCE 255
/* ExecMainHandoffTimestamp= (v256): see filter_build(). */
#define SYSTEMD_WRITE_ALWAYS_SINCE 256

const char *filter_status_name(enum filter_status s)
{
	static const char *const names[FILTER_STATUS_MAX] = {"ok", "risk", "breaks"};
	return s < FILTER_STATUS_MAX ? names[s] : "?";
}

const char *filter_verdict_name(enum filter_verdict v)
{
	static const char *const names[FILTER_VERDICT_MAX] = {"allow", "kill", "errno"};
	return v < FILTER_VERDICT_MAX ? names[v] : "?";
}

static void setting_copy(struct unit_setting *dst, const struct unit_setting *src)
{
	dst->value = xstrdup(src->value ? src->value : "");
	dst->file = xstrdup(src->file ? src->file : "");
	dst->line = src->line;
}

void filter_free(struct filter *f)
{
	if (!f)
		return;
	for (size_t i = 0; i < f->n_lines; i++) {
		free(f->lines[i].value);
		free(f->lines[i].file);
	}
	free(f->lines);
	for (size_t i = 0; i < f->n_entries; i++)
		free(f->entries[i].name);
	free(f->entries);
	free(f->name_slots);
	free(f->error_number_setting.value);
	free(f->error_number_setting.file);
	free(f->archs_setting.value);
	free(f->archs_setting.file);
	strv_clear(&f->known);
	strv_clear(&f->warnings);
	free(f);
}

int filter_parse_errno(const char *s, bool allow_kill, int *ret)
{
	char *end;
	long v;

	if (!s || !*s)
		return -EINVAL;
	/* seccomp_parse_errno_or_action(): "kill" means
	 * SECCOMP_ERROR_NUMBER_KILL. */
	if (allow_kill && strcmp(s, "kill") == 0) {
		*ret = FILTER_ERRNO_KILL;
		return 0;
	}
	/* parse_errno(): an errno name (errno_from_name) or 0..ERRNO_MAX. */
	if (s[0] >= '0' && s[0] <= '9') {
		errno = 0;
		v = strtol(s, &end, 10);
		if (errno || *end || v < 0 || v > ERRNO_MAX)
			return -EINVAL;
		*ret = (int)v;
		return 0;
	}
	/* errno_from_name() also knows the aliases glibc does not name. */
	static const struct {
		const char *alias;
		int e;
	} aliases[] = {
		{"EWOULDBLOCK", EWOULDBLOCK}, {"EDEADLOCK", EDEADLOCK}, {"ENOTSUP", ENOTSUP}};
	for (size_t i = 0; i < ARRAY_SIZE(aliases); i++)
		if (strcmp(s, aliases[i].alias) == 0) {
			*ret = aliases[i].e;
			return 0;
		}
	for (int e = 1; e <= ERRNO_MAX; e++) {
		const char *name = strerrorname_np(e);
		if (name && strcmp(name, s) == 0) {
			*ret = e;
			return 0;
		}
	}
	return -EINVAL;
}

static void fwarn(struct filter *f, const struct unit_setting *at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void fwarn(struct filter *f, const struct unit_setting *at, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	strv_push_owned(&f->warnings, xasprintf("%s:%u: %s", at && at->file ? at->file : "?",
						at ? at->line : 0, msg));
	free(msg);
}

static size_t name_hash(const char *s)
{
	size_t h = 14695981039346656037ULL; /* FNV-1a */

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/* The slot of name in f->name_slots: its entry's, or the empty one where it
 * would go. */
static uint32_t *name_slot(const struct filter *f, const char *name)
{
	size_t mask = f->n_name_slots - 1;

	for (size_t h = name_hash(name) & mask;; h = (h + 1) & mask) {
		uint32_t *s = &f->name_slots[h];
		if (!*s || strcmp(f->entries[*s - 1].name, name) == 0)
			return s;
	}
}

static void index_entries(struct filter *f)
{
	free(f->name_slots);
	f->n_name_slots = 64;
	while (f->n_name_slots < 2 * f->n_entries + 2)
		f->n_name_slots *= 2;
	f->name_slots = xcalloc(f->n_name_slots, sizeof(*f->name_slots));
	for (size_t i = 0; i < f->n_entries; i++)
		*name_slot(f, f->entries[i].name) = (uint32_t)i + 1;
}

static struct filter_entry *entry_get(struct filter *f, const char *name)
{
	uint32_t *slot;
	struct filter_entry *e;

	if (!f->name_slots || 2 * (f->n_entries + 1) > f->n_name_slots)
		index_entries(f);
	slot = name_slot(f, name);
	if (*slot)
		return &f->entries[*slot - 1];
	GROW(f->entries, f->cap_entries, f->n_entries);
	e = &f->entries[f->n_entries++];
	*e = (struct filter_entry){.name = xstrdup(name), .errno_num = FILTER_ERRNO_NONE};
	*slot = (uint32_t)f->n_entries;
	return e;
}

struct parse_flags {
	bool invert;	 /* SECCOMP_PARSE_INVERT: the line starts with "~" */
	bool allow_list; /* SECCOMP_PARSE_ALLOW_LIST */
	bool log;	 /* SECCOMP_PARSE_LOG: top level only */
};

/* seccomp_parse_syscall_filter(): one name or group of a line. */
static void parse_item(struct filter *f, const char *name, int errno_num, struct parse_flags fl,
		       int line, unsigned depth)
{
	const struct unit_setting *at = line >= 0 ? &f->lines[line] : NULL;

	if (name[0] == '@') {
		const struct sysgroup *g = sysgroups_find(f->groups, name);
		/* Unknown groups are ignored with a warning
		 * (SECCOMP_PARSE_PERMISSIVE). */
		if (!g) {
			if (fl.log)
				fwarn(f, at, "unknown system call group, ignoring: %s", name);
			return;
		}
		/* systemd's table has no cycles; ours comes from a file, so
		 * bound the recursion instead of trusting it. */
		if (depth > 16)
			return;
		/* Group members are parsed with logging downgraded: problems
		 * of the table are not the unit's fault. */
		fl.log = false;
		for (size_t i = 0; i < g->includes.n; i++)
			parse_item(f, g->includes.v[i], errno_num, fl, line, depth + 1);
		for (size_t i = 0; i < g->syscalls.n; i++)
			parse_item(f, g->syscalls.v[i], errno_num, fl, line, depth + 1);
		return;
	}
	/* The name is resolved on the native ABI first; names libseccomp
	 * does not know at all are ignored. */
	if (!sysgroups_known_to_libseccomp(name)) {
		if (fl.log)
			fwarn(f, at, "failed to parse system call, ignoring: %s", name);
		return;
	}
	/* "If we previously wanted to forbid a syscall and now we want to
	 * allow it, then remove it from the list": a name goes into the map
	 * when the line's kind matches the mode (allow line in an allow list,
	 * "~" line in a deny list) and out of it otherwise; since v248 a
	 * "~name:errno" in an allow list goes in with its errno. */
	if (fl.invert != fl.allow_list ||
	    (fl.invert && fl.allow_list && errno_num != FILTER_ERRNO_NONE &&
	     f->systemd_major >= SYSTEMD_ALLOWLIST_ERRNO_SINCE)) {
		struct filter_entry *e = entry_get(f, name);
		e->listed = true;
		e->ever_listed = true;
		e->errno_num = errno_num;
		e->line = line;
	} else {
		/* Keep a tombstone so a conflict can be charged to the line
		 * that took the name out (or kept it out). */
		struct filter_entry *e = entry_get(f, name);
		e->listed = false;
		e->errno_num = FILTER_ERRNO_NONE;
		e->line = line;
	}
}

static void reset(struct filter *f)
{
	for (size_t i = 0; i < f->n_entries; i++)
		free(f->entries[i].name);
	f->n_entries = 0;
	if (f->name_slots)
		memset(f->name_slots, 0, f->n_name_slots * sizeof(*f->name_slots));
	f->mode = FILTER_MODE_NONE;
	f->mode_line = -1;
}

/* config_parse_syscall_filter(): one SystemCallFilter= assignment. */
static void parse_line(struct filter *f, int idx)
{
	const struct unit_setting *at = &f->lines[idx];
	const char *v = at->value;
	struct parse_flags fl = {0};
	struct strv words = {0};

	/* "Empty assignment resets the list". */
	while (*v == ' ' || *v == '\t')
		v++;
	if (!*v) {
		reset(f);
		return;
	}
	if (*v == '~') {
		fl.invert = true;
		v++;
	}
	/* The first assignment after a reset decides the mode; an allow list
	 * starts out with @default ("Accept default syscalls if we are on an
	 * allow list"). */
	if (f->mode == FILTER_MODE_NONE) {
		f->mode = fl.invert ? FILTER_MODE_DENY_LIST : FILTER_MODE_ALLOW_LIST;
		f->mode_line = idx;
		if (!fl.invert)
			parse_item(f, "@default", FILTER_ERRNO_NONE,
				   (struct parse_flags){.allow_list = true}, idx, 0);
	}
	fl.allow_list = f->mode == FILTER_MODE_ALLOW_LIST;
	fl.log = true;

	/* extract_first_word(&p, &word, NULL, 0): split at whitespace, no
	 * unquoting. */
	strv_split(&words, v, " \t\n\r", false);
	for (size_t i = 0; i < words.n; i++) {
		char *w = words.v[i], *colon = strchr(w, ':');
		int num = FILTER_ERRNO_NONE;

		/* parse_syscall_and_errno(): "name:errno". */
		if (colon) {
			*colon = '\0';
			if (filter_parse_errno(colon + 1, true, &num) < 0 || !*w) {
				*colon = ':';
				fwarn(f, at, "failed to parse syscall:errno, ignoring: %s", w);
				continue;
			}
		} else if (!*w) {
			continue;
		}
		if (!fl.invert && num != FILTER_ERRNO_NONE) {
			fwarn(f, at,
			      "allow-listed system calls cannot take error number, ignoring: %s",
			      w);
			continue;
		}
		parse_item(f, w, num, fl, idx, 0);
	}
	strv_clear(&words);
}

static int entry_cmp(const void *a, const void *b)
{
	return strcmp(((const struct filter_entry *)a)->name,
		      ((const struct filter_entry *)b)->name);
}

static void parse_error_number(struct filter *f, const struct unit_setting *s)
{
	int e;

	setting_copy(&f->error_number_setting, s);
	/* config_parse_syscall_errno(): empty or "kill" restores killing;
	 * otherwise an errno > 0 (0 is refused), else the line is ignored. */
	if (!*s->value || strcmp(s->value, "kill") == 0) {
		f->error_number = FILTER_ERRNO_KILL;
		return;
	}
	if (filter_parse_errno(s->value, false, &e) < 0 || e <= 0) {
		fwarn(f, s, "failed to parse error number, ignoring: %s", s->value);
		return;
	}
	f->error_number = e;
}

static void parse_archs(struct filter *f, const struct filter_input *in)
{
	const struct arch_desc *native = in->native ? in->native : arch_host();

	for (size_t i = 0; i < in->n_architectures; i++) {
		const struct unit_setting *s = &in->architectures[i];
		struct strv words = {0};

		/* config_parse_syscall_archs(): empty resets; each word is
		 * "native" or a seccomp_arch_from_string() name; unknown
		 * names are ignored with a warning. */
		if (!*s->value) {
			f->archs_restricted = false;
			memset(f->abi_allowed, 0, sizeof(f->abi_allowed));
			continue;
		}
		free(f->archs_setting.value);
		free(f->archs_setting.file);
		setting_copy(&f->archs_setting, s);
		strv_split(&words, s->value, " \t\n\r", false);
		for (size_t w = 0; w < words.n; w++) {
			const struct arch_desc *a = strcmp(words.v[w], "native") == 0
							    ? native
							    : arch_from_name(words.v[w]);
			if (!a || (a != native && strcmp(a->name, words.v[w]) != 0)) {
				fwarn(f, s,
				      "failed to parse system call architecture, ignoring: %s",
				      words.v[w]);
				continue;
			}
			f->archs_restricted = true;
			f->abi_allowed[a->id] = true;
		}
		strv_clear(&words);
	}
	/* seccomp_restrict_archs() never blocks the native ABI: libseccomp
	 * puts it into the filter by default and systemd leaves it there
	 * ("our callers expect to be able to call execve() afterwards"). */
	if (f->archs_restricted)
		f->abi_allowed[native->id] = true;
}

int filter_build(const struct sysgroups *sg, const struct filter_input *in, struct filter **ret)
{
	unsigned v = in->systemd_version;
	struct filter *f;

	if (!sg)
		return -EINVAL;
	f = xcalloc(1, sizeof(*f));
	f->groups = sg;
	f->systemd_major = v >= 10000 ? v / 10000 : v;
	if (f->systemd_major == 0)
		f->systemd_major = sg->major;
	f->mode_line = -1;
	f->error_number = FILTER_ERRNO_KILL;
	sysgroups_expand(sg, "@known", NULL, &f->known);

	f->lines = xcalloc(in->n_filter_lines ? in->n_filter_lines : 1, sizeof(*f->lines));
	for (size_t i = 0; i < in->n_filter_lines; i++)
		setting_copy(&f->lines[f->n_lines++], &in->filter_lines[i]);
	for (size_t i = 0; i < f->n_lines; i++)
		parse_line(f, (int)i);
	/* exec-invoke.c apply_syscall_filter(): "Sending over exec_fd or
	 * handoff_timestamp_fd requires write() syscall", so write() is
	 * added to an allow list or taken out of a deny list. The handoff
	 * timestamp fd exists for every service since v256. */
	if (f->mode != FILTER_MODE_NONE && f->systemd_major >= SYSTEMD_WRITE_ALWAYS_SINCE) {
		struct filter_entry *e = entry_get(f, "write");
		e->listed = f->mode == FILTER_MODE_ALLOW_LIST;
		e->ever_listed |= e->listed;
		e->errno_num = FILTER_ERRNO_NONE;
		e->line = f->mode_line;
	}
	/* Lookups from here on are by bsearch in the sorted entries. */
	free(f->name_slots);
	f->name_slots = NULL;
	f->n_name_slots = 0;
	if (f->n_entries)
		qsort(f->entries, f->n_entries, sizeof(*f->entries), entry_cmp);
	f->unknown_enosys =
		f->mode != FILTER_MODE_NONE && f->systemd_major >= SYSTEMD_ENOSYS_UNKNOWN_SINCE;

	if (in->error_number)
		parse_error_number(f, in->error_number);
	parse_archs(f, in);
	*ret = f;
	return 0;
}

static const struct filter_entry *entry_lookup(const struct filter *f, const char *name)
{
	struct filter_entry key = {.name = (char *)name};

	if (!f->n_entries)
		return NULL;
	return bsearch(&key, f->entries, f->n_entries, sizeof(*f->entries), entry_cmp);
}

static struct filter_action negative_action(const struct filter *f)
{
	/* apply_syscall_filter(): SystemCallErrorNumber= replaces the kill. */
	if (f->error_number == FILTER_ERRNO_KILL)
		return (struct filter_action){.verdict = FILTER_KILL};
	return (struct filter_action){.verdict = FILTER_ERRNO, .errno_num = f->error_number};
}

struct filter_action filter_action(const struct filter *f, const struct arch_desc *abi,
				   const char *name)
{
	const struct filter_entry *e;
	struct filter_action a;

	/* seccomp_restrict_archs(): calls through an ABI that is not listed
	 * hit the filter's bad-arch action and kill the process. */
	if (f->archs_restricted && !f->abi_allowed[abi->id])
		return (struct filter_action){
			.verdict = FILTER_KILL, .reason = FILTER_BY_ARCH, .line = -1};
	if (f->mode == FILTER_MODE_NONE)
		return (struct filter_action){
			.verdict = FILTER_ALLOW, .reason = FILTER_BY_NOTHING, .line = -1};

	e = entry_lookup(f, name);
	/* seccomp_load_syscall_filter_set_raw() adds one rule per map entry
	 * and per ABI; a name that does not exist on the ABI fails with
	 * -EDOM and is skipped, so the default action covers it there. */
	if (e && e->listed && sysgroups_known_on_abi(name, abi)) {
		a.reason = FILTER_BY_RULE;
		a.line = e->line;
		/* The map value: SECCOMP_ERROR_NUMBER_KILL kills, an errno
		 * fails the call, none takes the line's action (allow for an
		 * allow list, the negative action for a deny list). */
		if (e->errno_num == FILTER_ERRNO_KILL) {
			a.verdict = FILTER_KILL;
			a.errno_num = 0;
		} else if (e->errno_num >= 0) {
			a.verdict = FILTER_ERRNO;
			a.errno_num = e->errno_num;
		} else if (f->mode == FILTER_MODE_ALLOW_LIST) {
			a.verdict = FILTER_ALLOW;
			a.errno_num = 0;
		} else {
			struct filter_action n = negative_action(f);
			a.verdict = n.verdict;
			a.errno_num = n.errno_num;
		}
		return a;
	}
	if (f->unknown_enosys && !sysgroups_sorted_contains(&f->known, name))
		return (struct filter_action){.verdict = FILTER_ERRNO,
					      .errno_num = ENOSYS,
					      .reason = FILTER_BY_UNKNOWN,
					      .line = f->mode_line};
	if (f->mode == FILTER_MODE_DENY_LIST)
		return (struct filter_action){.verdict = FILTER_ALLOW,
					      .reason = FILTER_BY_DEFAULT,
					      .line = e ? e->line : f->mode_line};
	a = negative_action(f);
	a.reason = FILTER_BY_DEFAULT;
	a.line = e ? e->line : f->mode_line;
	return a;
}

void filter_abi_names(const struct filter *f, const struct arch_desc *abi, struct strv *out)
{
	for (size_t i = 0; i < f->n_entries; i++)
		if (f->entries[i].listed && sysgroups_known_on_abi(f->entries[i].name, abi))
			strv_push(out, f->entries[i].name);
	strv_sort_unique(out);
}

int filter_blocks_group(const struct filter *f, const struct arch_desc *abi, const char *group)
{
	struct strv names = {0};
	int r;

	/* analyze-security.c syscall_names_in_filter(): a group counts as
	 * blocked when none of its members that exist here gets through. */
	r = sysgroups_expand(f->groups, group, abi, &names);
	if (r < 0)
		return r;
	r = 1;
	for (size_t i = 0; i < names.n && r; i++)
		if (filter_action(f, abi, names.v[i]).verdict == FILTER_ALLOW)
			r = 0;
	strv_clear(&names);
	return r;
}

/* ---- derivation and check ---- */

static void conflicts_add(struct filter_conflicts *c, const struct arch_desc *abi,
			  const struct sc_need *n, struct filter_action action)
{
	GROW(c->v, c->cap, c->n);
	c->v[c->n++] = (struct filter_conflict){.abi = abi,
						.name = n->name,
						.confidence = n->confidence,
						.evidence = n->evidence,
						.action = action};
	if (n->confidence == SC_CERTAIN)
		c->status = FILTER_BREAKS;
	else if (c->status == FILTER_OK)
		c->status = FILTER_RISK;
}

/* Groups worth denying to a service. The first eleven are the ones
 * systemd-analyze security scores (analyze-security.c security_assessor_table,
 * "SystemCallFilter=~@..."), the rest are further privileged or rarely
 * needed groups of systemd.exec(5). */
static const struct {
	const char *group;
	const char *why;
} deny_candidates[] = {
	{"@clock", "changes the system time"},
	{"@cpu-emulation", "CPU emulation (vm86, modify_ldt)"},
	{"@debug", "debugging and tracing (ptrace, perf_event_open)"},
	{"@module", "loads kernel modules"},
	{"@mount", "mounts file systems"},
	{"@obsolete", "unused, obsolete calls"},
	{"@privileged", "needs super-user capabilities"},
	{"@raw-io", "raw I/O port and device access"},
	{"@reboot", "reboots the system"},
	{"@resources", "changes resource limits and scheduling"},
	{"@swap", "enables swap devices"},
	{"@keyring", "kernel keyring access"},
	{"@memlock", "locks memory"},
	{"@setuid", "changes user and group ids"},
	{"@chown", "changes file ownership"},
	{"@aio", "asynchronous I/O, io_uring attack surface"},
};

static void cover_clear(struct filter_cover *c)
{
	free(c->allow_line);
	strv_clear(&c->extra_groups);
	strv_clear(&c->extra_names);
}

void filter_derivation_free(struct filter_derivation *d)
{
	if (!d)
		return;
	strv_clear(&d->lines);
	cover_clear(&d->allow);
	free(d->deny_line);
	strv_clear(&d->deny_groups);
	for (size_t i = 0; i < d->n_groups; i++)
		free(d->groups[i].conflicts.v);
	free(d->groups);
	free(d->risks.v);
	strv_clear(&d->unfilterable);
	free(d);
}

static char *join_line(const char *prefix, const struct strv *a, const struct strv *b)
{
	size_t len = strlen(prefix) + 1;
	char *s, *p;

	for (size_t i = 0; i < a->n; i++)
		len += strlen(a->v[i]) + 1;
	for (size_t i = 0; b && i < b->n; i++)
		len += strlen(b->v[i]) + 1;
	s = p = xmalloc(len);
	p = stpcpy(p, prefix);
	for (size_t i = 0; i < a->n; i++) {
		if (p != s && p[-1] != '~')
			*p++ = ' ';
		p = stpcpy(p, a->v[i]);
	}
	for (size_t i = 0; b && i < b->n; i++) {
		if (p != s && p[-1] != '~')
			*p++ = ' ';
		p = stpcpy(p, b->v[i]);
	}
	return s;
}

struct abi_sets {
	const struct arch_desc *abi;
	struct strv base;    /* @system-service (+ picked groups) on this ABI */
	struct strv missing; /* required, known here, not in base */
};

/* The extra groups: a group whose members beyond @system-service are all
 * missing (on every ABI) and that adds at least two of them reads better
 * than the names. Largest first. */
static void pick_extra_groups(const struct sysgroups *sg, struct abi_sets *as, size_t n_abis,
			      struct filter_cover *cov)
{
	for (;;) {
		const char *best = NULL;
		size_t best_n = 0;

		for (size_t g = 0; g < sg->n_groups; g++) {
			const char *name = sg->groups[g].name;
			struct strv adds = {0};
			bool ok = true;
			if (strcmp(name, "@known") == 0 || strcmp(name, "@default") == 0 ||
			    strcmp(name, "@system-service") == 0 ||
			    strv_contains(&cov->extra_groups, name))
				continue;
			for (size_t a = 0; a < n_abis && ok; a++) {
				struct strv m = {0};
				sysgroups_expand(sg, name, as[a].abi, &m);
				for (size_t i = 0; i < m.n && ok; i++) {
					if (sysgroups_sorted_contains(&as[a].base, m.v[i]))
						continue;
					if (!sysgroups_sorted_contains(&as[a].missing, m.v[i]))
						ok = false;
					else
						strv_push(&adds, m.v[i]);
				}
				strv_clear(&m);
			}
			strv_sort_unique(&adds);
			if (ok && adds.n >= 2 && adds.n > best_n) {
				best = name;
				best_n = adds.n;
			}
			strv_clear(&adds);
		}
		if (!best)
			return;
		strv_push(&cov->extra_groups, best);
		for (size_t a = 0; a < n_abis; a++) {
			struct strv m = {0}, rest = {0};
			sysgroups_expand(sg, best, as[a].abi, &m);
			for (size_t i = 0; i < as[a].missing.n; i++)
				if (!sysgroups_sorted_contains(&m, as[a].missing.v[i]))
					strv_push(&rest, as[a].missing.v[i]);
			for (size_t i = 0; i < m.n; i++)
				strv_push(&as[a].base, m.v[i]);
			strv_sort_unique(&as[a].base);
			strv_clear(&as[a].missing);
			as[a].missing = rest;
			strv_clear(&m);
		}
	}
}

/* Whether a need is required at the derivation's tier. */
static bool required(const struct sc_need *n, bool allow_possible)
{
	return n->confidence == SC_CERTAIN || (allow_possible && n->confidence == SC_POSSIBLE);
}

/* @system-service plus the groups and names it lacks for the required
 * syscalls. Names libseccomp cannot put into a filter on their ABI are left
 * to ->unfilterable. */
static void cover(const struct sysgroups *sg, const struct sc_needs *needs, size_t n_abis,
		  bool allow_possible, struct filter_cover *cov)
{
	struct abi_sets *as = xcalloc(n_abis ? n_abis : 1, sizeof(*as));
	struct strv head = {0};

	for (size_t a = 0; a < n_abis; a++) {
		as[a].abi = needs[a].abi;
		sysgroups_expand(sg, "@system-service", needs[a].abi, &as[a].base);
		for (size_t i = 0; i < needs[a].n; i++) {
			const struct sc_need *n = &needs[a].v[i];
			if (!required(n, allow_possible) ||
			    !sysgroups_known_on_abi(n->name, needs[a].abi) ||
			    sysgroups_sorted_contains(&as[a].base, n->name))
				continue;
			strv_push(&as[a].missing, n->name);
		}
		strv_sort_unique(&as[a].missing);
	}
	pick_extra_groups(sg, as, n_abis, cov);
	for (size_t a = 0; a < n_abis; a++)
		for (size_t i = 0; i < as[a].missing.n; i++)
			strv_push(&cov->extra_names, as[a].missing.v[i]);
	strv_sort_unique(&cov->extra_names);
	strv_push(&head, "@system-service");
	for (size_t i = 0; i < cov->extra_groups.n; i++)
		strv_push(&head, cov->extra_groups.v[i]);
	cov->allow_line = join_line("", &head, &cov->extra_names);
	strv_clear(&head);
	for (size_t a = 0; a < n_abis; a++) {
		strv_clear(&as[a].base);
		strv_clear(&as[a].missing);
	}
	free(as);
}

static const char *candidate_why(const char *group)
{
	for (size_t c = 0; c < ARRAY_SIZE(deny_candidates); c++)
		if (strcmp(deny_candidates[c].group, group) == 0)
			return deny_candidates[c].why;
	return NULL;
}

/* Whether every syscall of group i is in group j on every ABI. */
static bool group_within(struct strv *exp, size_t n_abis, size_t n_groups, size_t i, size_t j)
{
	for (size_t a = 0; a < n_abis; a++) {
		const struct strv *gi = &exp[a * n_groups + i], *gj = &exp[a * n_groups + j];
		for (size_t k = 0; k < gi->n; k++)
			if (!sysgroups_sorted_contains(gj, gi->v[k]))
				return false;
	}
	return true;
}

/* The possible syscalls the derived lines keep out, with what the filter
 * does to them. */
static void derive_risks(const struct sysgroups *sg, const struct filter_derivation *d,
			 const struct sc_needs *needs, size_t n_abis, unsigned systemd_version,
			 struct filter_conflicts *ret)
{
	struct unit_setting *ls = xcalloc(d->lines.n + 1, sizeof(*ls));
	struct filter *f = NULL;

	for (size_t i = 0; i < d->lines.n; i++)
		ls[i] = (struct unit_setting){d->lines.v[i], "derived", (unsigned)i + 1};
	struct filter_input in = {.filter_lines = ls,
				  .n_filter_lines = d->lines.n,
				  .native = n_abis ? needs[0].abi : NULL,
				  .systemd_version = systemd_version ? systemd_version : 257};
	if (filter_build(sg, &in, &f) == 0) {
		for (size_t a = 0; a < n_abis; a++)
			for (size_t i = 0; i < needs[a].n; i++) {
				const struct sc_need *n = &needs[a].v[i];
				struct filter_action act;
				if (n->confidence != SC_POSSIBLE ||
				    !sysgroups_known_on_abi(n->name, needs[a].abi))
					continue;
				act = filter_action(f, needs[a].abi, n->name);
				if (act.verdict != FILTER_ALLOW)
					conflicts_add(ret, needs[a].abi, n, act);
			}
	}
	filter_free(f);
	free(ls);
}

int filter_derive(const struct sysgroups *sg, const struct sc_needs *needs, size_t n_abis,
		  const struct filter_derive_opts *o, struct filter_derivation **ret)
{
	struct filter_derivation *d;
	struct strv none = {0}, *exp;
	size_t ng = sg->n_groups;
	bool *deniable;
	bool allow_possible = o && o->allow_possible;

	if (!sysgroups_find(sg, "@system-service"))
		return -ENOENT;
	d = xcalloc(1, sizeof(*d));
	d->allow_possible = allow_possible;

	for (size_t a = 0; a < n_abis; a++)
		for (size_t i = 0; i < needs[a].n; i++)
			if (required(&needs[a].v[i], allow_possible) &&
			    !sysgroups_known_on_abi(needs[a].v[i].name, needs[a].abi))
				strv_push_owned(
					&d->unfilterable,
					xasprintf("%s:%s", needs[a].abi->name, needs[a].v[i].name));
	strv_sort_unique(&d->unfilterable);
	cover(sg, needs, n_abis, allow_possible, &d->allow);

	/* Deny line: every group worth denying (deny_candidates) that holds no
	 * required syscall on any ABI (systemd applies one set of lines to
	 * every allowed ABI), the outermost only (@privileged, not @chown
	 * beside it). */
	exp = xcalloc((n_abis ? n_abis : 1) * (ng ? ng : 1), sizeof(*exp));
	deniable = xcalloc(ng ? ng : 1, sizeof(*deniable));
	d->groups = xcalloc(ng ? ng : 1, sizeof(*d->groups));
	for (size_t g = 0; g < ng; g++) {
		const char *name = sg->groups[g].name;
		struct filter_group_verdict *gv = &d->groups[d->n_groups];
		bool any = false;
		if (strcmp(name, "@known") == 0 || strcmp(name, "@default") == 0 ||
		    strcmp(name, "@system-service") == 0)
			continue;
		gv->group = name;
		gv->why = candidate_why(name);
		for (size_t a = 0; a < n_abis; a++) {
			struct strv *m = &exp[a * ng + g];
			sysgroups_expand(sg, name, needs[a].abi, m);
			any = any || m->n;
			for (size_t i = 0; i < needs[a].n; i++)
				if (sysgroups_sorted_contains(m, needs[a].v[i].name))
					conflicts_add(&gv->conflicts, needs[a].abi, &needs[a].v[i],
						      (struct filter_action){.verdict = FILTER_KILL,
									     .line = -1});
		}
		d->n_groups++;
		/* Only groups worth denying: the basic ones @system-service is
		 * made of (@sync, @network-io, @io-event...) stay allowed, so a
		 * call whose number the engine could not resolve still passes
		 * when it is an ordinary one. */
		deniable[g] = any && gv->why &&
			      (gv->conflicts.status == FILTER_OK ||
			       (!allow_possible && gv->conflicts.status == FILTER_RISK));
	}
	for (size_t g = 0; g < ng; g++) {
		bool inner = false;
		if (!deniable[g])
			continue;
		for (size_t h = 0; h < ng && !inner; h++) {
			if (h == g || !deniable[h] || !group_within(exp, n_abis, ng, g, h))
				continue;
			/* Equal groups: keep the first in the table. */
			inner = !group_within(exp, n_abis, ng, h, g) || h < g;
		}
		if (!inner)
			strv_push(&d->deny_groups, sg->groups[g].name);
	}
	strv_sort_unique(&d->deny_groups);
	for (size_t k = 0; k < (n_abis ? n_abis : 1) * (ng ? ng : 1); k++)
		strv_clear(&exp[k]);
	free(exp);
	free(deniable);
	strv_push(&d->lines, d->allow.allow_line);
	if (d->deny_groups.n) {
		d->deny_line = join_line("~", &d->deny_groups, &none);
		strv_push(&d->lines, d->deny_line);
	}
	derive_risks(sg, d, needs, n_abis, o ? o->systemd_version : 0, &d->risks);
	*ret = d;
	return 0;
}

void filter_check_free(struct filter_check *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n_lines; i++)
		free(c->lines[i].v);
	free(c->lines);
	free(c->archs.v);
	free(c);
}

int filter_check(const struct filter *f, const struct sc_needs *needs, size_t n_abis,
		 struct filter_check **ret)
{
	struct filter_check *c = xcalloc(1, sizeof(*c));

	c->n_lines = f->n_lines;
	c->lines = xcalloc(f->n_lines ? f->n_lines : 1, sizeof(*c->lines));
	for (size_t a = 0; a < n_abis; a++) {
		for (size_t i = 0; i < needs[a].n; i++) {
			const struct sc_need *n = &needs[a].v[i];
			struct filter_action act = filter_action(f, needs[a].abi, n->name);
			if (act.verdict == FILTER_ALLOW)
				continue;
			if (act.reason == FILTER_BY_ARCH || act.line < 0 ||
			    (size_t)act.line >= c->n_lines) {
				conflicts_add(&c->archs, needs[a].abi, n, act);
				continue;
			}
			conflicts_add(&c->lines[act.line], needs[a].abi, n, act);
			/* A name that no line of an allow list ever let in is
			 * also the allow list's doing, not only the "~" line's
			 * that removed it once more. */
			if (act.reason == FILTER_BY_DEFAULT && act.line != f->mode_line &&
			    f->mode_line >= 0) {
				const struct filter_entry *e = entry_lookup(f, n->name);
				if (!e || !e->ever_listed)
					conflicts_add(&c->lines[f->mode_line], needs[a].abi, n,
						      act);
			}
		}
	}
	c->status = c->archs.status;
	for (size_t i = 0; i < c->n_lines; i++)
		c->status = MAX(c->status, c->lines[i].status);
	*ret = c;
	return 0;
}

size_t filter_needs_from_sysreport(const struct sysreport *r, struct sc_needs ret[ARCH_MAX])
{
	size_t n = 0;

	for (size_t a = 0; a < ARCH_MAX; a++) {
		const struct sys_abi_set *set = &r->abi[a];
		struct sc_need *v;
		size_t k = 0;
		if (!set->arch || set->n_entries == 0)
			continue;
		v = xcalloc(set->n_entries, sizeof(*v));
		for (size_t i = 0; i < set->n_entries; i++)
			/* Unreached code is listed, never required. */
			if (set->entries[i].conf != CONF_UNREACHED)
				v[k++] = (struct sc_need){
					.name = set->entries[i].name,
					.confidence = set->entries[i].conf == CONF_CERTAIN
							      ? SC_CERTAIN
							      : SC_POSSIBLE,
					.evidence = &set->entries[i],
				};
		ret[n++] = (struct sc_needs){.abi = set->arch, .v = v, .n = k};
	}
	return n;
}

void filter_needs_free(struct sc_needs *needs, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free((struct sc_need *)needs[i].v);
		needs[i].v = NULL;
		needs[i].n = 0;
	}
}

struct filter_input filter_input_from_unit(const struct unit_settings *u,
					   const struct arch_desc *native, unsigned systemd_version)
{
	return (struct filter_input){
		.filter_lines = u->syscall_filter.v,
		.n_filter_lines = u->syscall_filter.n,
		.error_number = u->syscall_error_number,
		.architectures = u->syscall_architectures.v,
		.n_architectures = u->syscall_architectures.n,
		.native = native,
		.systemd_version = systemd_version,
	};
}
