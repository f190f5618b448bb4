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

static enum sc_confidence confidence_of(enum sys_conf c)
{
	return c == CONF_CERTAIN ? SC_CERTAIN : SC_POSSIBLE;
}

int derive_filter_needs(const struct analysis *a, struct sc_needs **ret, size_t *ret_n)
{
	const struct sysreport *r = a->sysreport;
	struct sc_needs *needs;
	size_t n = 0;

	if (!r)
		return -ENODATA;
	needs = xcalloc(ARCH_MAX, sizeof(*needs));
	for (size_t k = 0; k < ARCH_MAX; k++) {
		const struct sys_abi_set *s = &r->abi[k];
		struct sc_need *v;
		if (!s->arch)
			continue;
		v = xcalloc(s->n_entries + 1, sizeof(*v));
		for (size_t i = 0; i < s->n_entries; i++) {
			v[i].name = s->entries[i].name;
			v[i].confidence = confidence_of(s->entries[i].conf);
			v[i].evidence = &s->entries[i];
		}
		needs[n].abi = s->arch;
		needs[n].v = v;
		needs[n].n = s->n_entries;
		n++;
	}
	*ret = needs;
	*ret_n = n;
	return 0;
}

void derive_filter_needs_free(struct sc_needs *needs, size_t n)
{
	if (!needs)
		return;
	for (size_t i = 0; i < n; i++)
		free((void *)needs[i].v);
	free(needs);
}

char *derive_filter_describe_need(const void *evidence)
{
	const struct sys_entry *e = evidence;
	const struct sys_prov *p;
	if (!e)
		return xstrdup("");
	if (e->reason)
		return xasprintf("%s", e->reason);
	if (e->n_prov == 0)
		return xstrdup("no call site kept");
	p = &e->prov[0];
	if (e->n_sites > 1)
		return xasprintf("%s: %s%s%s (+%zu more sites)",
				 p->obj ? path_basename(p->obj->path) : "?", p->where ? p->where : "?",
				 p->chain ? " via " : "", p->chain ? p->chain : "", e->n_sites - 1);
	return xasprintf("%s: %s%s%s", p->obj ? path_basename(p->obj->path) : "?",
			 p->where ? p->where : "?", p->chain ? " via " : "", p->chain ? p->chain : "");
}

void derive_syscall_filter(const struct analysis *a, const struct verdicts *vs,
			   struct directive_verdict *v)
{
	const struct sysreport *r = a->sysreport;
	struct sysgroups *sg = NULL;
	struct sc_needs *needs = NULL;
	struct filter_derivation *d = NULL;
	size_t n = 0;
	int k;

	if (!r) {
		v->tolerated = false;
		strv_push(&v->reasons, "not derived: the syscall analysis did not run");
		return;
	}
	k = sysgroups_load(vs->opts.db_dir, vs->opts.systemd_version, &sg);
	if (k < 0) {
		v->tolerated = false;
		strv_push_owned(&v->reasons, xasprintf("not derived: no systemd group table in %s/systemd (%s)",
						       vs->opts.db_dir, strerror(-k)));
		return;
	}
	if (sg->note)
		strv_push(&v->reasons, sg->note);
	derive_filter_needs(a, &needs, &n);
	k = filter_derive(sg, needs, n, &d);
	if (k < 0) {
		v->tolerated = false;
		strv_push(&v->reasons, "not derived: the group table has no @system-service");
		goto out;
	}
	v->tolerated = true;
	for (size_t i = 0; i < d->lines.n; i++)
		strv_push(&v->values, d->lines.v[i]);
	v->mechanism = xasprintf("one seccomp filter per allowed ABI; a call outside the list %s",
				 vs->opts.systemd_version >= 2550000
					 ? "kills the process (SIGSYS); since v255 calls newer than "
					   "systemd knows fail with ENOSYS"
					 : "kills the process (SIGSYS)");
	for (size_t i = 0; i < n; i++) {
		size_t certain = 0;
		for (size_t j = 0; j < needs[i].n; j++)
			certain += needs[i].v[j].confidence == SC_CERTAIN;
		strv_push_owned(&v->reasons,
				xasprintf("%s: %zu syscalls required (%zu certain, %zu possible)",
					  needs[i].abi->name, needs[i].n, certain,
					  needs[i].n - certain));
	}
	for (size_t i = 0; i < d->extra_names.n; i++) {
		const void *ev = NULL;
		for (size_t j = 0; j < n && !ev; j++)
			for (size_t m = 0; m < needs[j].n; m++)
				if (strcmp(needs[j].v[m].name, d->extra_names.v[i]) == 0)
					ev = needs[j].v[m].evidence;
		{
			char *why = derive_filter_describe_need(ev);
			verdict_evidence(v, NULL, "allow-extra", "%s is not in @system-service: %s",
					 d->extra_names.v[i], why);
			free(why);
		}
	}
	for (size_t g = 0; g < d->n_groups; g++) {
		const struct filter_group_verdict *gv = &d->groups[g];
		for (size_t c = 0; c < gv->conflicts.n && c < 8; c++) {
			char *why = derive_filter_describe_need(gv->conflicts.v[c].evidence);
			verdict_evidence(v, NULL, "deny-conflict", "%s not denied: %s needs %s (%s, %s)",
					 gv->group, gv->conflicts.v[c].abi->name,
					 gv->conflicts.v[c].name,
					 gv->conflicts.v[c].confidence == SC_CERTAIN ? "certain"
										     : "possible",
					 why);
			free(why);
		}
		if (gv->conflicts.n > 8)
			verdict_evidence(v, NULL, "deny-conflict", "%s: %zu more conflicts", gv->group,
					 gv->conflicts.n - 8);
	}
	if (d->recommend_eperm && d->eperm_deny_line)
		strv_push_owned(&v->reasons,
				xasprintf("only possible (not certain) syscalls keep %zu more groups from "
					  "the deny line; with SystemCallErrorNumber=EPERM, \"%s\" would "
					  "make those calls fail with EPERM instead of killing the process",
					  d->eperm_groups.n, d->eperm_deny_line));
	if (!r->complete)
		strv_push_owned(&v->reasons,
				xasprintf("%zu syscall sites have numbers that are not constant: the "
					  "required set may be incomplete (see \"unresolved\")",
					  r->n_unresolved));
	for (size_t i = 0; i < d->unfilterable.n; i++)
		verdict_block(v, NULL, "unfilterable", NULL, "no allow-list can let it through",
			      "%s cannot be named in a filter on its ABI", d->unfilterable.v[i]);
	if (d->unfilterable.n)
		v->tolerated = false;
out:
	filter_derivation_free(d);
	derive_filter_needs_free(needs, n);
	sysgroups_free(sg);
}
