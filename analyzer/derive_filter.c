// SPDX-License-Identifier: MIT
/* The SystemCallFilter= row of the directive table: the syscall engine's
 * required set (per ABI, with confidence) handed to the filter derivation
 * over systemd's group table for the target's systemd version. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "derive_filter.h"
#include "filter.h"
#include "syscalls.h"
#include "sysgroups.h"
#include "unitcheck_item.h"

/* One line of provenance for a need's evidence; caller frees. */
static char *describe_need(const void *evidence)
{
	const struct sys_entry *e = evidence;
	const struct sys_prov *p;
	char *r, *assumed, *where;
	if (!e)
		return xstrdup("");
	if (e->reason)
		return xasprintf("%s", e->reason);
	if (e->n_prov == 0)
		return xstrdup("no call site kept");
	/* The provenance of the entry's tier: the best one kept. */
	p = &e->prov[0];
	for (size_t i = 1; i < e->n_prov; i++)
		if (e->prov[i].conf < p->conf)
			p = &e->prov[i];
	assumed = p->conf == CONF_POSSIBLE && p->assumption
			  ? xasprintf("; possible: %s", p->assumption)
			  : xstrdup("");
	where = site_describe(p->site);
	if (e->n_sites > 1)
		r = xasprintf("%s: %s%s%s (+%zu more sites)%s",
			      p->site.obj ? path_basename(p->site.obj->path) : "?",
			      where ? where : "?", p->chain ? " via " : "",
			      p->chain ? p->chain : "", e->n_sites - 1, assumed);
	else
		r = xasprintf("%s: %s%s%s%s", p->site.obj ? path_basename(p->site.obj->path) : "?",
			      where ? where : "?", p->chain ? " via " : "",
			      p->chain ? p->chain : "", assumed);
	free(where);
	free(assumed);
	return r;
}

/* The object of a need's first call site, for the evidence's object
 * column; NULL when the need has none (loader start-up, ...). */
static const struct sc_object *need_object(const void *evidence)
{
	const struct sys_entry *e = evidence;

	return e && e->n_prov ? e->prov[0].site.obj : NULL;
}

/* The site describe_need() shows: the best kept provenance. */
static void need_at(struct evidence *ev, const void *need)
{
	const struct sys_entry *e = need;
	const struct sys_prov *p;

	if (!e || e->reason || !e->n_prov)
		return;
	p = &e->prov[0];
	for (size_t i = 1; i < e->n_prov; i++)
		if (e->prov[i].conf < p->conf)
			p = &e->prov[i];
	evidence_at(ev, p->site);
}

void derive_syscall_filter(const struct analysis *a, const struct verdicts *vs,
			   struct directive_verdict *v)
{
	const struct sysreport *r = a->sysreport;
	struct sysgroups *loaded = NULL;
	const struct sysgroups *sg = vs->opts.groups;
	struct sc_needs needs[ARCH_MAX];
	struct filter_derivation *d = NULL;
	struct filter_derive_opts fo = {0};
	size_t n = 0, n_cut = 0;
	int k;

	if (!r) {
		verdict_block(v, NULL, EV_NOT_DERIVED, NULL, NULL,
			      "not derived: the syscall analysis did not run");
		return;
	}
	k = sg ? 0 : sysgroups_load(vs->opts.db_dir, vs->opts.systemd_version, &loaded);
	if (!sg)
		sg = loaded;
	if (k < 0) {
		verdict_block(v, NULL, EV_NOT_DERIVED, NULL, NULL,
			      "not derived: no systemd group table in %s/systemd (%s)",
			      vs->opts.db_dir, strerror(-k));
		return;
	}
	if (sg->note)
		strv_push(&v->reasons, sg->note);
	n = filter_needs_from_sysreport(r, needs);
	fo.allow_possible = vs->opts.filter_allow_possible;
	fo.systemd_version = vs->opts.systemd_version;
	k = filter_derive(sg, needs, n, &fo, &d);
	if (k < 0) {
		verdict_block(v, NULL, EV_NOT_DERIVED, NULL, NULL,
			      "not derived: the group table has no @system-service");
		goto out;
	}
	v->tolerated = true;
	for (size_t i = 0; i < d->lines.n; i++)
		strv_push(&v->values, d->lines.v[i]);
	v->mechanism =
		xasprintf("one seccomp filter per allowed ABI; a call outside the list %s",
			  vs->opts.systemd_version >= 2550000
				  ? "kills the process (SIGSYS); since v255 calls newer than "
				    "systemd knows fail with ENOSYS"
				  : "kills the process (SIGSYS)");
	strv_push_owned(
		&v->reasons,
		xasprintf("derived from the %s syscalls, the union over ABIs: "
			  "@system-service plus what it lacks, then a deny line of the outermost "
			  "groups holding none of them",
			  d->allow_possible ? "certain and possible" : "certain"));
	for (size_t i = 0; i < r->n_cuts; i++)
		n_cut += r->cuts[i].conf != CONF_UNREACHED;
	if (n_cut) {
		struct strv after = {0};
		char kv[16], *list;
		for (size_t i = 0; i < r->n_cuts; i++)
			if (r->cuts[i].conf != CONF_UNREACHED)
				strv_push(&after, r->cuts[i].after);
		strv_sort_unique(&after);
		list = strv_join(&after, ", ");
		strv_push_owned(
			&v->reasons,
			xasprintf("assumes Linux %s or later (--kernel): %zu libc fallbacks that "
				  "run only when the kernel lacks a newer call (ENOSYS after "
				  "%s) are left out; an older kernel needs --kernel VERSION",
				  verdicts_version_string(r->kernel_version, kv, sizeof(kv)), n_cut,
				  list));
		free(list);
		strv_clear(&after);
	}
	for (size_t i = 0; i < n; i++) {
		size_t t[SC_CONFIDENCE_MAX] = {0};
		for (size_t j = 0; j < needs[i].n; j++)
			t[needs[i].v[j].confidence]++;
		strv_push_owned(&v->reasons,
				xasprintf("%s: %zu certain, %zu possible, %zu unreached (listed, "
					  "never required)",
					  needs[i].abi->name, t[SC_CERTAIN], t[SC_POSSIBLE],
					  r->abi[needs[i].abi->id].n_entries - needs[i].n));
	}
	for (size_t i = 0; i < d->allow.extra_names.n; i++) {
		const void *ev = NULL;
		for (size_t j = 0; j < n && !ev; j++)
			for (size_t m = 0; m < needs[j].n; m++)
				if (strcmp(needs[j].v[m].name, d->allow.extra_names.v[i]) == 0)
					ev = needs[j].v[m].evidence;
		{
			char *why = describe_need(ev);
			need_at(verdict_evidence(v, need_object(ev), EV_ALLOW_EXTRA,
						 "%s is not in @system-service: %s",
						 d->allow.extra_names.v[i], why),
				ev);
			free(why);
		}
	}
	for (size_t g = 0; g < d->n_groups; g++) {
		const struct filter_group_verdict *gv = &d->groups[g];
		size_t shown = 0;
		if (!gv->why || strv_contains(&d->deny_groups, gv->group))
			continue;
		for (size_t c = 0; c < gv->conflicts.n && shown < 8; c++) {
			char *why;
			if (gv->conflicts.v[c].confidence != SC_CERTAIN && !d->allow_possible)
				continue;
			why = describe_need(gv->conflicts.v[c].evidence);
			need_at(verdict_evidence(
					v, need_object(gv->conflicts.v[c].evidence),
					EV_DENY_CONFLICT, "%s not denied: %s needs %s (%s, %s)",
					gv->group, gv->conflicts.v[c].abi->name,
					gv->conflicts.v[c].name,
					gv->conflicts.v[c].confidence == SC_CERTAIN ? "certain"
										    : "possible",
					why),
				gv->conflicts.v[c].evidence);
			free(why);
			shown++;
		}
	}
	for (size_t i = 0; i < d->risks.n; i++) {
		const struct filter_conflict *c = &d->risks.v[i];
		char *why = describe_need(c->evidence);
		verdict_evidence(v, NULL, EV_RISK, "%s: %s (possible) %s: %s", c->abi->name,
				 c->name,
				 c->action.verdict == FILTER_KILL ? "is killed (SIGSYS)"
								  : "fails with an errno",
				 why);
		free(why);
	}
	if (d->risks.n)
		strv_push_owned(
			&v->reasons,
			xasprintf("%zu possible syscalls are kept out (listed as risks with their "
				  "assumption); --allow-possible derives the variant that allows "
				  "them",
				  d->risks.n));
	if (!r->complete)
		strv_push_owned(
			&v->reasons,
			xasprintf("%zu syscall sites have numbers that are not constant: the "
				  "required set may be incomplete (see \"unresolved\")",
				  r->n_unresolved));
	for (size_t i = 0; i < d->unfilterable.n; i++)
		verdict_block(v, NULL, EV_UNFILTERABLE, NULL, "no allow-list can let it through",
			      "%s cannot be named in a filter on its ABI", d->unfilterable.v[i]);
out:
	filter_derivation_free(d);
	filter_needs_free(needs, n);
	sysgroups_free(loaded);
}

/* ---- analyze --unit: the unit's SystemCallFilter= and SystemCallErrorNumber= ---- */

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
			char *why = describe_need(c->v[i].evidence);
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

static void check_filter(const struct check_ctx *c, const char *directive)
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
}

/* SystemCallErrorNumber=: config_parse_syscall_errno() takes empty or
 * "kill" as killing, an errno > 0 as the refusal, and logs and ignores
 * anything else (blocked calls still kill). */
static void check_errno(const struct check_ctx *c)
{
	const struct unit_setting *s = c->u->syscall_error_number;
	struct unitcheck_item *it = unitcheck_item_add(c->uc, "SystemCallErrorNumber");
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
}

/* SystemCallErrorNumber= is the action of SystemCallFilter='s refusals:
 * apply_syscall_filter() (src/core/exec-invoke.c) makes it the action of
 * every blocked call (SCMP_ACT_ERRNO, or killing the process when unset)
 * and installs it with the filter's set, and it has no verdict of its own.
 * So this row reports both, in that order: the filter's item, then the
 * errno's. */
int check_syscall_filter(const struct check_ctx *c, const struct directive_desc *desc)
{
	check_filter(c, desc->name);
	check_errno(c);
	return 0;
}
