// SPDX-License-Identifier: MIT
/* The syscall engine's report (a->sysreport and each obj->sys) for people
 * and as JSON: the `syscalls` verb prints it, and `analyze --format json`
 * merges the JSON into its document. See render_syscalls.h. */
#include "render_syscalls.h"

#include <errno.h>
#include <inttypes.h>

#include "directive.h"
#include "jsonout.h"
#include "syscalls.h"
#include "json_schema.h"

static json_object *strv_json(const struct strv *v)
{
	json_object *a = json_object_new_array();

	for (size_t i = 0; i < v->n; i++)
		json_object_array_add(a, json_object_new_string(v->v[i]));
	return a;
}

/* The engine's name of function fi of the object s lies in, as JSON (null
 * when that object has no engine facts). */
static json_object *func_json(struct site s, uint32_t fi)
{
	char buf[SYS_FUNC_LABEL_MAX];

	return jsonout_string_or_null(sys_func_label(s.obj->sys, fi, buf));
}

/* A new object naming where site s of function fi is: the keys every
 * site-like record starts with (provenance, unresolved, W->X, cuts). */
static json_object *where_json(struct site s, uint32_t fi)
{
	json_object *j = json_object_new_object();

	json_object_object_add(j, DK_SITE_OBJECT, json_object_new_string(s.obj->path));
	json_object_object_add(j, DK_SITE_FUNCTION, func_json(s, fi));
	json_object_object_add(j, "site", jsonout_hex(s.vaddr));
	json_object_object_add(j, DK_SITE_LOCATION, jsonout_site(s));
	return j;
}

static json_object *prov_json(const struct sys_prov *p)
{
	json_object *j = where_json(p->site, p->func);

	if (p->chain)
		json_object_object_add(j, DK_SITE_CHAIN, json_object_new_string(p->chain));
	if (p->via)
		json_object_object_add(j, "via", json_object_new_string(p->via));
	if (p->assumption)
		json_object_object_add(j, "assumption", json_object_new_string(p->assumption));
	json_object_object_add(j, DK_SC_CONFIDENCE, json_object_new_string(sys_conf_name(p->conf)));
	return j;
}

static json_object *entry_json(const struct sys_entry *e)
{
	json_object *j = json_object_new_object(), *pa = json_object_new_array();

	json_object_object_add(j, DK_SC_NAME, json_object_new_string(e->name));
	json_object_object_add(j, "nr", e->nr >= 0 ? json_object_new_int(e->nr) : NULL);
	json_object_object_add(j, DK_SC_CONFIDENCE, json_object_new_string(sys_conf_name(e->conf)));
	if (e->reason)
		json_object_object_add(j, "implicit", json_object_new_string(e->reason));
	json_object_object_add(j, "sites", json_object_new_int64((int64_t)e->n_sites));
	for (size_t k = 0; k < e->n_prov; k++)
		json_object_array_add(pa, prov_json(&e->prov[k]));
	json_object_object_add(j, DK_SC_PROVENANCE, pa);
	return j;
}

/* {"kernel": "6.12", "sites": [...]}: the ENOSYS fallbacks left out. */
static json_object *cuts_json(const struct sysreport *r)
{
	json_object *j = json_object_new_object(), *sites = json_object_new_array();
	char kv[16];

	json_object_object_add(j, "kernel",
			       r->kernel_version ? json_object_new_string(verdicts_version_string(
							   r->kernel_version, kv, sizeof(kv)))
						 : NULL);
	for (size_t i = 0; i < r->n_cuts; i++) {
		const struct sys_cut *c = &r->cuts[i];
		json_object *o = where_json(c->site, c->func);
		json_object_object_add(o, "after", json_object_new_string(c->after));
		json_object_object_add(o, DK_SC_CONFIDENCE,
				       json_object_new_string(sys_conf_name(c->conf)));
		json_object_array_add(sites, o);
	}
	json_object_object_add(j, "sites", sites);
	return j;
}

json_object *render_syscalls_json(const struct analysis *a)
{
	const struct sysreport *r = a->sysreport;
	json_object *j = json_object_new_object(), *objs = json_object_new_array();
	json_object *un = json_object_new_array(), *wx = json_object_new_array();

	if (!r)
		return j;
	for (enum arch_id abi = 0; abi < ARCH_MAX; abi++) {
		const struct sys_abi_set *s = &r->abi[abi];
		json_object *arr;
		if (!s->arch)
			continue;
		arr = json_object_new_array();
		for (size_t i = 0; i < s->n_entries; i++)
			json_object_array_add(arr, entry_json(&s->entries[i]));
		json_object_object_add(j, s->arch->name, arr);
	}
	for (size_t i = 0; i < a->n_objects; i++) {
		const struct sc_object *obj = a->objects[i];
		const struct obj_syscalls *s = obj->sys;
		json_object *o = json_object_new_object(), *names = json_object_new_array();
		json_object_object_add(o, DK_PATH, json_object_new_string(obj->path));
		json_object_object_add(o, "analysed", json_object_new_boolean(s != NULL));
		if (s) {
			json_object_object_add(o, DK_ABI, json_object_new_string(s->arch->name));
			json_object_object_add(o, "functions",
					       json_object_new_int64((int64_t)s->n_funcs));
			json_object_object_add(o, "instructions",
					       json_object_new_int64((int64_t)s->n_insns));
			json_object_object_add(o, "gates",
					       json_object_new_int64((int64_t)s->n_sites));
			json_object_object_add(o, "undecodable_bytes",
					       json_object_new_int64((int64_t)s->n_bad_bytes));
		}
		if (i < r->n_objects)
			for (size_t k = 0; k < r->objects[i].reachable.n; k++)
				json_object_array_add(names, json_object_new_string(
								     r->objects[i].reachable.v[k]));
		json_object_object_add(o, DK_OBJ_REACHABLE, names);
		json_object_array_add(objs, o);
	}
	json_object_object_add(j, "objects", objs);
	for (size_t i = 0; i < r->n_unresolved; i++) {
		const struct sys_unresolved *u = &r->unresolved[i];
		json_object *o = where_json(u->site, u->func);
		json_object_object_add(o, DK_SITE_WHAT, json_object_new_string(u->what));
		json_object_object_add(o, DK_SC_CONFIDENCE,
				       json_object_new_string(sys_conf_name(u->conf)));
		json_object_array_add(un, o);
	}
	json_object_object_add(j, DK_UNRESOLVED, un);
	for (size_t i = 0; i < r->n_wx; i++) {
		const struct sys_wx *w = &r->wx[i];
		json_object *o = where_json(w->site, w->func);
		json_object_object_add(o, DK_SITE_CALLEE, json_object_new_string(w->callee));
		json_object_object_add(o, DK_SITE_PROT, jsonout_hex((uint64_t)w->prot));
		json_object_object_add(o, "handled", json_object_new_boolean(w->handled));
		json_object_object_add(o, DK_SC_CONFIDENCE,
				       json_object_new_string(sys_conf_name(w->conf)));
		json_object_array_add(wx, o);
	}
	json_object_object_add(j, DK_WX_SITES, wx);
	json_object_object_add(j, DK_FALLBACKS_CUT, cuts_json(r));
	json_object_object_add(j, "complete", json_object_new_boolean(r->complete));
	json_object_object_add(j, "possible_roots", strv_json(&r->possible_roots));
	json_object_object_add(j, "named_roots", strv_json(&r->named_roots));
	return j;
}

int render_syscalls_text(const struct analysis *a, FILE *f)
{
	const struct sysreport *r = a->sysreport;

	if (!r)
		return 0;
	for (enum arch_id abi = 0; abi < ARCH_MAX; abi++) {
		const struct sys_abi_set *s = &r->abi[abi];
		size_t n_tier[CONF_MAX] = {0};
		if (!s->arch)
			continue;
		for (size_t i = 0; i < s->n_entries; i++)
			n_tier[s->entries[i].conf]++;
		fprintf(f,
			"%s: %zu syscalls (%zu certain, %zu possible, %zu unreached), %zu "
			"unresolved sites\n",
			s->arch->name, s->n_entries, n_tier[CONF_CERTAIN], n_tier[CONF_POSSIBLE],
			n_tier[CONF_UNREACHED], s->n_unresolved);
		for (size_t i = 0; i < s->n_entries; i++) {
			const struct sys_entry *e = &s->entries[i];
			fprintf(f, "  %-24s %-8s ", e->name, sys_conf_name(e->conf));
			if (e->n_prov) {
				const struct sys_prov *p = &e->prov[0];
				char *where = site_describe(p->site);
				fprintf(f, "%s: %s", path_basename(p->site.obj->path),
					where ? where : "?");
				free(where);
				if (p->chain)
					fprintf(f, " [%s]", p->chain);
				if (p->via)
					fprintf(f, " via %s", p->via);
				if (e->n_sites > 1)
					fprintf(f, " (+%zu more)", e->n_sites - 1);
			} else if (e->reason) {
				fprintf(f, "implicit: %s", e->reason);
			}
			fputc('\n', f);
		}
	}
	if (r->n_unresolved) {
		fprintf(f, "unresolved (the sets above may be incomplete):\n");
		for (size_t i = 0; i < r->n_unresolved; i++) {
			const struct sys_unresolved *u = &r->unresolved[i];
			char *where = site_describe(u->site);
			fprintf(f, "  %s: %s: %s [%s]\n", path_basename(u->site.obj->path),
				where ? where : "?", u->what, sys_conf_name(u->conf));
			free(where);
		}
	}
	if (r->n_wx) {
		fprintf(f, "W->X call sites:\n");
		for (size_t i = 0; i < r->n_wx; i++) {
			const struct sys_wx *w = &r->wx[i];
			char *where = site_describe(w->site);
			fprintf(f, "  %s: %s: %s prot=0x%" PRIx64 " [%s]%s\n",
				path_basename(w->site.obj->path), where ? where : "?", w->callee,
				(uint64_t)w->prot, sys_conf_name(w->conf),
				w->handled ? " (failure handled: a probe)" : "");
			free(where);
		}
	}
	if (r->n_cuts) {
		char kv[16];
		fprintf(f,
			"ENOSYS fallbacks left out (Linux %s or later has the call first tried; "
			"--kernel):\n",
			verdicts_version_string(r->kernel_version, kv, sizeof(kv)));
		for (size_t i = 0; i < r->n_cuts; i++) {
			const struct sys_cut *c = &r->cuts[i];
			char *where = site_describe(c->site);
			fprintf(f, "  %s: %s: after %s [%s]\n", path_basename(c->site.obj->path),
				where ? where : "?", c->after, sys_conf_name(c->conf));
			free(where);
		}
	}
	return ferror(f) ? -EIO : 0;
}

void render_syscalls_json_merge(json_object *doc, json_object *objs, const struct analysis *a)
{
	json_object *sys = render_syscalls_json(a), *v, *per;
	json_object *sets = json_object_new_object();

	/* Per-object breakdown goes into each object entry. */
	if (json_object_object_get_ex(sys, "objects", &per)) {
		for (size_t i = 0; i < json_object_array_length(per) && i < a->n_objects; i++) {
			json_object *o = json_object_array_get_idx(per, i);
			json_object_object_del(o, "path");
			json_object_object_add(json_object_array_get_idx(objs, i), DK_SYSCALLS,
					       json_object_get(o));
		}
	}
	for (enum arch_id abi = 0; abi < ARCH_MAX; abi++)
		if (json_object_object_get_ex(sys, arch_table[abi].name, &v))
			json_object_object_add(sets, arch_table[abi].name, json_object_get(v));
	json_object_object_add(doc, DK_SYSCALLS, sets);
	json_object_object_get_ex(sys, "unresolved", &v);
	json_object_object_add(doc, DK_UNRESOLVED, json_object_get(v));
	json_object_object_get_ex(sys, "wx_sites", &v);
	json_object_object_add(doc, DK_WX_SITES, json_object_get(v));
	json_object_object_get_ex(sys, DK_FALLBACKS_CUT, &v);
	json_object_object_add(doc, DK_FALLBACKS_CUT, json_object_get(v));
	json_object_object_get_ex(sys, "complete", &v);
	json_object_object_add(doc, "complete", json_object_get(v));
	json_object_object_get_ex(sys, "possible_roots", &v);
	json_object_object_add(doc, "possible_roots", json_object_get(v));
	json_object_object_get_ex(sys, "named_roots", &v);
	json_object_object_add(doc, "named_roots", json_object_get(v));
	json_object_put(sys);
}
