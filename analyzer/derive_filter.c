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

char *derive_filter_describe_need(const void *evidence)
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
	where = site_describe((struct site){p->obj, p->site});
	if (e->n_sites > 1)
		r = xasprintf("%s: %s%s%s (+%zu more sites)%s",
			      p->obj ? path_basename(p->obj->path) : "?", where ? where : "?",
			      p->chain ? " via " : "", p->chain ? p->chain : "", e->n_sites - 1,
			      assumed);
	else
		r = xasprintf("%s: %s%s%s%s", p->obj ? path_basename(p->obj->path) : "?",
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

	return e && e->n_prov ? e->prov[0].obj : NULL;
}

/* The site derive_filter_describe_need() shows: the best kept provenance. */
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
	evidence_at(ev, p->obj, p->site);
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
	size_t n = 0;
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
			char *why = derive_filter_describe_need(ev);
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
			why = derive_filter_describe_need(gv->conflicts.v[c].evidence);
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
		char *why = derive_filter_describe_need(c->evidence);
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
