// SPDX-License-Identifier: MIT
#include "unitcheck.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "derive_filter.h"
#include "derive_restrict.h"
#include "syscalls.h"
#include "sysgroups.h"

/* SystemCallArchitectures=: every ABI of the closure must be allowed. The
 * unit's lines are read as the filter reads them (filter.c parse_archs():
 * config_parse_syscall_archs() resets on an empty value and ignores names
 * seccomp_arch_from_string() does not know; seccomp_restrict_archs() never
 * blocks the native ABI, and installs nothing when no name was known). */
static int check_archs(const struct check_ctx *c, const char *directive)
{
	const struct analysis *a = c->a;
	const struct unit_list *l = &c->u->syscall_architectures;
	const struct filter *f = c->filter;
	struct unitcheck_item *it = unitcheck_item_add(c->uc, directive);
	bool needed[ARCH_MAX] = {0};
	size_t len = 1;

	if (l->n == 0) {
		strv_push(&it->reasons, "not set: system calls of every ABI are allowed");
		return 0;
	}
	unitcheck_item_sources_from(it, l->v, l->n);
	unitcheck_item_set_from(it, &l->v[l->n - 1]);
	free(it->value);
	for (size_t i = 0; i < l->n; i++)
		len += strlen(l->v[i].value) + 1;
	it->value = xcalloc(len, 1);
	for (size_t i = 0; i < l->n; i++) {
		struct strv words = {0};
		if (i)
			strcat(it->value, " ");
		strcat(it->value, l->v[i].value);
		strv_split(&words, l->v[i].value, " \t\n\r", false);
		for (size_t w = 0; w < words.n; w++) {
			const struct arch_desc *d = arch_from_name(words.v[w]);
			if (strcmp(words.v[w], "native") != 0 &&
			    (!d || strcmp(d->name, words.v[w]) != 0))
				strv_push_owned(
					&it->reasons,
					xasprintf("unknown architecture '%s' ignored", words.v[w]));
		}
		strv_clear(&words);
	}
	if (!f->archs_restricted) {
		strv_push(&it->reasons, "no architecture systemd knows is listed: no "
					"architecture filter is installed");
		return 0;
	}
	for (size_t i = 0; i < a->n_objects; i++) {
		const struct arch_desc *d = a->objects[i]->elf->arch;
		if (d)
			needed[d->id] = true;
	}
	for (size_t k = 0; k < ARCH_MAX; k++) {
		size_t count = 0;
		const char *example = NULL;
		if (!needed[k] || f->abi_allowed[k])
			continue;
		for (size_t i = 0; i < a->n_objects; i++)
			if (a->objects[i]->elf->arch == &arch_table[k]) {
				count++;
				if (!example)
					example = a->objects[i]->path;
			}
		unitcheck_item_worsen(it, FILTER_BREAKS);
		strv_push_owned(&it->reasons,
				xasprintf("%s is not allowed but %zu objects need it (%s%s): their "
					  "first system call kills the process (SIGSYS)",
					  arch_table[k].name, count, example,
					  count > 1 ? ", ..." : ""));
	}
	if (it->status == FILTER_OK)
		strv_push(&it->reasons, "every ABI of the closure is allowed");
	return 0;
}

/* MemoryDenyWriteExecute=: a boolean (systemd parse_boolean); "yes" with any
 * blocker of the verdict breaks the service. */
static int check_mdwe(const struct check_ctx *c, const char *directive)
{
	const struct unit_setting *s = c->u->memory_deny_write_execute;
	struct unitcheck_item *it = unitcheck_item_add(c->uc, directive);
	const struct directive_verdict *v =
		c->a->verdicts ? verdicts_find(c->a->verdicts, directive) : NULL;
	bool on = false;

	unitcheck_item_set_from(it, s);
	if (!s || !s->value[0]) {
		strv_push(&it->reasons, "not set (off)");
		return 0;
	}
	if (unitfile_parse_bool(s->value, &on) < 0) {
		strv_push(&it->reasons, "not a boolean: systemd ignores the assignment");
		return 0;
	}
	if (!on) {
		strv_push(&it->reasons, "off");
		return 0;
	}
	if (!v) {
		unitcheck_item_worsen(it, FILTER_RISK);
		strv_push(&it->reasons, "no verdict was derived");
		return 0;
	}
	for (size_t i = 0; i < v->n_blockers; i++) {
		const struct evidence *b = &v->blockers[i];
		unitcheck_item_worsen(it, FILTER_BREAKS);
		strv_push_owned(&it->reasons,
				xasprintf("%s: %s%s%s", b->obj ? b->obj->path : "service",
					  b->detail, b->effect ? " -> " : "",
					  b->effect ? b->effect : ""));
	}
	if (it->status == FILTER_OK)
		strv_push(&it->reasons, "no object needs writable and executable memory");
	return 0;
}

/* A boolean-like restriction (unitfile_restrict_keys): set and on, it
 * breaks what the verdict's blockers name and risks its possible ones.
 * Non-boolean values (RestrictNamespaces=cgroup ipc, ProtectHostname=
 * private) are checked as the full restriction, which can only
 * over-report. */
static int check_restrict(const struct check_ctx *c, const char *directive)
{
	const struct unit_setting *s = unit_settings_restrict(c->u, directive);
	const struct directive_verdict *v =
		c->a->verdicts ? verdicts_find(c->a->verdicts, directive) : NULL;
	struct unitcheck_item *it;
	bool on = true;

	/* Checked only when the unit sets it: unset, they restrict nothing. */
	if (!s)
		return 0;
	it = unitcheck_item_add(c->uc, directive);
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
	if (!v) {
		unitcheck_item_worsen(it, FILTER_RISK);
		strv_push(&it->reasons, "no verdict was derived");
		return 0;
	}
	for (size_t i = 0; i < v->n_blockers; i++) {
		const struct evidence *b = &v->blockers[i];
		unitcheck_item_worsen(it, FILTER_BREAKS);
		strv_push_owned(&it->reasons,
				xasprintf("%s: %s%s%s%s%s", b->obj ? b->obj->path : "service",
					  b->detail, b->where ? " at " : "",
					  b->where ? b->where : "", b->effect ? " -> " : "",
					  b->effect ? b->effect : ""));
	}
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

/* RestrictAddressFamilies=: the families a socket() of an enforced ABI
 * (x86-64; systemd skips x86) passes must be allowed. */
static int check_families(const struct check_ctx *c, const char *directive)
{
	const struct analysis *a = c->a;
	const struct unit_list *l = &c->u->address_families;
	struct unitcheck_item *it;
	struct strv set = {0};
	bool allow = true, any;
	const struct sysreport *r = a->sysreport;

	if (!l->n)
		return 0; /* unset (or reset): every family */
	it = unitcheck_item_add(c->uc, directive);
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
		where = site_describe((struct site){av->at.obj, av->at.site});
		strv_push_owned(&it->reasons,
				xasprintf("%s%s: %s: socket(%s) -> fails with EAFNOSUPPORT",
					  av->at.conf == CONF_CERTAIN ? "" : "possible: ",
					  av->at.obj ? av->at.obj->path : "?", where ? where : "?",
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

/* Lists a line's conflicts, certain ones first, at most 12 of each kind. */
static void describe_conflicts(struct unitcheck_item *it, const struct filter_conflicts *c,
			       const char *prefix)
{
	size_t shown[SC_CONFIDENCE_MAX] = {0}, total[SC_CONFIDENCE_MAX] = {0};
	for (int pass = SC_CERTAIN; pass < SC_CONFIDENCE_MAX; pass++)
		for (size_t i = 0; i < c->n; i++) {
			if ((int)c->v[i].confidence != pass)
				continue;
			total[pass]++;
			if (shown[pass] >= 12)
				continue;
			shown[pass]++;
			char *why = derive_filter_describe_need(c->v[i].evidence);
			strv_push_owned(
				&it->reasons,
				xasprintf("%s%s %s (%s) is %s: %s", prefix, c->v[i].abi->name,
					  c->v[i].name,
					  c->v[i].confidence == SC_CERTAIN ? "certain" : "possible",
					  c->v[i].action.verdict == FILTER_ERRNO
						  ? "refused with an errno"
						  : "killed",
					  why));
			free(why);
		}
	for (int k = SC_CERTAIN; k < SC_CONFIDENCE_MAX; k++)
		if (total[k] > shown[k])
			strv_push_owned(&it->reasons,
					xasprintf("%s%zu more %s conflicts", prefix,
						  total[k] - shown[k],
						  k == SC_CERTAIN ? "certain" : "possible"));
}

static int check_filter(const struct check_ctx *c, const char *directive)
{
	const struct analysis *a = c->a;
	const struct unit_settings *u = c->u;
	struct unitcheck_item *it = unitcheck_item_add(c->uc, directive);
	const struct filter *f = c->filter;
	struct filter_check *chk = NULL;
	struct sc_needs needs[ARCH_MAX];
	size_t n = 0;

	if (u->syscall_filter.n) {
		size_t len = 1;
		for (size_t i = 0; i < u->syscall_filter.n; i++)
			len += strlen(u->syscall_filter.v[i].value) + 3;
		unitcheck_item_sources_from(it, u->syscall_filter.v, u->syscall_filter.n);
		unitcheck_item_set_from(it, &u->syscall_filter.v[u->syscall_filter.n - 1]);
		free(it->value);
		it->value = xcalloc(len, 1);
		for (size_t i = 0; i < u->syscall_filter.n; i++) {
			if (i)
				strcat(it->value, " | ");
			strcat(it->value, u->syscall_filter.v[i].value);
		}
	}
	if (u->syscall_filter.n == 0) {
		strv_push(&it->reasons, "not set: every system call is allowed");
	} else if (!a->sysreport) {
		unitcheck_item_worsen(it, FILTER_RISK);
		strv_push(&it->reasons, "the syscall analysis did not run: cannot check");
	} else {
		n = filter_needs_from_sysreport(a->sysreport, needs);
		filter_check(f, needs, n, &chk);
		for (size_t l = 0; l < chk->n_lines; l++) {
			char *prefix;
			if (chk->lines[l].n == 0)
				continue;
			unitcheck_item_worsen(it, chk->lines[l].status);
			prefix = xasprintf("%s:%u \"%s\": ", f->lines[l].file, f->lines[l].line,
					   f->lines[l].value);
			describe_conflicts(it, &chk->lines[l], prefix);
			free(prefix);
		}
		if (it->status == FILTER_OK)
			strv_push(&it->reasons, "no required system call is blocked");
		if (!a->sysreport->complete) {
			unitcheck_item_worsen(it, FILTER_RISK);
			strv_push_owned(
				&it->reasons,
				xasprintf("%zu call sites have syscall numbers that are not "
					  "constant: the check may miss a conflict",
					  a->sysreport->n_unresolved));
		}
	}
	filter_check_free(chk);
	filter_needs_free(needs, n);
	return 0;
}

/* SystemCallErrorNumber=: config_parse_syscall_errno() takes empty or
 * "kill" as killing, an errno > 0 as the refusal, and logs and ignores
 * anything else (blocked calls still kill). */
static int check_errno(const struct check_ctx *c, const char *directive)
{
	const struct unit_setting *s = c->u->syscall_error_number;
	struct unitcheck_item *it = unitcheck_item_add(c->uc, directive);
	int e;

	unitcheck_item_set_from(it, s);
	if (!s || !s->value[0] || strcmp(s->value, "kill") == 0) {
		strv_push(&it->reasons, "not set: a blocked call kills the process (SIGSYS)");
	} else if (filter_parse_errno(s->value, false, &e) < 0 || e <= 0) {
		unitcheck_item_worsen(it, FILTER_RISK);
		strv_push_owned(&it->reasons,
				xasprintf("'%s' is not an error number systemd knows: the "
					  "assignment is ignored and a blocked call kills the "
					  "process (SIGSYS)",
					  s->value));
	} else {
		strv_push_owned(
			&it->reasons,
			xasprintf("blocked calls fail with %s instead of killing the process",
				  s->value));
	}
	return 0;
}

/* One row per directive the unit check reads, in the order it reports
 * them. A row's check adds its item (or none, for a restriction the unit
 * does not set) and returns 0 or -errno. */
static const struct check_row {
	const char *directive;
	int (*check)(const struct check_ctx *c, const char *directive);
} check_rows[] = {
	{"SystemCallArchitectures", check_archs},    {"MemoryDenyWriteExecute", check_mdwe},
	{"SystemCallFilter", check_filter},	     {"SystemCallErrorNumber", check_errno},
	{"RestrictAddressFamilies", check_families}, {"LockPersonality", check_restrict},
	{"RestrictRealtime", check_restrict},	     {"RestrictNamespaces", check_restrict},
	{"RestrictSUIDSGID", check_restrict},	     {"ProtectClock", check_restrict},
	{"ProtectKernelModules", check_restrict},    {"ProtectKernelLogs", check_restrict},
	{"ProtectHostname", check_restrict},
};
_Static_assert(ARRAY_SIZE(check_rows) == UNITCHECK_MAX_ITEMS, "a row per item");

int unitcheck_run(const struct analysis *a, const struct unit_settings *u, const char *db_dir,
		  unsigned systemd_version, struct unitcheck **ret)
{
	struct unitcheck *uc;
	struct sysgroups *loaded = NULL;
	struct check_ctx c = {.a = a, .u = u, .systemd_version = systemd_version};
	struct filter_input in = filter_input_from_unit(u, a->host, systemd_version);
	struct filter *f = NULL;
	int r = 0;

	/* The group table the derivation used, when it is the one asked for. */
	if (a->verdicts && a->verdicts->opts.systemd_version == systemd_version)
		c.groups = a->verdicts->opts.groups;
	if (!c.groups) {
		r = sysgroups_load(db_dir, systemd_version, &loaded);
		if (r < 0)
			return r;
		c.groups = loaded;
	}
	filter_build(c.groups, &in, &f);
	c.filter = f;
	uc = xcalloc(1, sizeof(*uc));
	c.uc = uc;
	for (size_t i = 0; i < u->warnings.n; i++)
		strv_push(&uc->warnings, u->warnings.v[i]);
	for (size_t i = 0; i < f->warnings.n; i++)
		strv_push(&uc->warnings, f->warnings.v[i]);
	uc->name = u->name ? xstrdup(u->name) : NULL;
	uc->root = u->root ? xstrdup(u->root) : NULL;
	for (size_t i = 0; i < u->arguments.n; i++)
		strv_push(&uc->arguments, u->arguments.v[i]);
	for (size_t i = 0; i < u->files.n; i++) {
		strv_push(&uc->files, u->files.v[i]);
		strv_push(&uc->sha256, i < u->sha256.n ? u->sha256.v[i] : "");
	}
	for (size_t i = 0; r >= 0 && i < ARRAY_SIZE(check_rows); i++)
		r = check_rows[i].check(&c, check_rows[i].directive);
	filter_free(f);
	sysgroups_free(loaded);
	if (r < 0) {
		unitcheck_free(uc);
		return r;
	}
	for (size_t i = 0; i < uc->n; i++)
		if (uc->items[i].status > uc->worst)
			uc->worst = uc->items[i].status;
	*ret = uc;
	return 0;
}

void unitcheck_free(struct unitcheck *uc)
{
	if (!uc)
		return;
	for (size_t i = 0; i < uc->n; i++)
		unitcheck_item_clear(&uc->items[i]);
	strv_clear(&uc->warnings);
	free(uc->name);
	free(uc->root);
	strv_clear(&uc->arguments);
	strv_clear(&uc->files);
	strv_clear(&uc->sha256);
	free(uc);
}
