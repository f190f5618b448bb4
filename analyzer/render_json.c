// SPDX-License-Identifier: MIT
/* `analyze --format json`: the document described in docs/json-schema.md. */
#include <errno.h>
#include <stdlib.h>

#include "demangle.h"
#include "facts.h"
#include "jsonout.h"
#include "unitcheck.h"
#include "render_analyze.h"
#include "render_syscalls.h"
#include "verdicts.h"
#include "render_unitcheck.h"
#include "json_schema.h"

static json_object *textrel_json(const struct sc_object *obj, const struct textrel_facts *t)
{
	json_object *j = json_object_new_object(), *types = json_object_new_object(),
		    *sites = json_object_new_array();

	json_object_object_add(j, DK_TR_FLAGGED, json_object_new_boolean(t->flagged));
	json_object_object_add(j, "dt_textrel", json_object_new_boolean(t->dt_textrel));
	json_object_object_add(j, "df_textrel", json_object_new_boolean(t->df_textrel));
	json_object_object_add(j, "relocations_read", json_object_new_boolean(t->relocs_read));
	json_object_object_add(j, "relocations", json_object_new_int64((int64_t)t->n_relocs));
	json_object_object_add(j, DK_TR_COUNT, json_object_new_int64((int64_t)t->count));
	for (size_t i = 0; i < t->n_by_type; i++)
		json_object_object_add(types, t->by_type[i].name ? t->by_type[i].name : "?",
				       json_object_new_int64((int64_t)t->by_type[i].count));
	json_object_object_add(j, DK_TR_BY_TYPE, types);
	for (size_t i = 0; i < t->n_sites; i++) {
		const struct textrel_site *s = &t->sites[i];
		const struct elf_section *sec =
			obj->elf ? elf_section_for_vaddr(obj->elf, s->offset) : NULL;
		const struct elf_sym *fn =
			obj->elf ? elf_symbol_for_vaddr(obj->elf, s->offset) : NULL;
		json_object *js = json_object_new_object();

		json_object_object_add(js, "offset", jsonout_hex(s->offset));
		json_object_object_add(js, "type", jsonout_string_or_null(s->type_name));
		json_object_object_add(js, "section",
				       jsonout_string_or_null(sec ? sec->name : NULL));
		json_object_object_add(js, "function",
				       jsonout_string_or_null(fn ? fn->name : NULL));
		json_object_object_add(js, "function_offset",
				       fn ? jsonout_hex(s->offset - fn->value) : NULL);
		json_object_object_add(js, "symbol", jsonout_string_or_null(s->symbol));
		json_object_object_add(js, "where", jsonout_site((struct site){obj, s->offset}));
		json_object_array_add(sites, js);
	}
	json_object_object_add(j, "sites", sites);
	json_object_object_add(j, "sites_truncated",
			       json_object_new_boolean(t->n_sites < t->count));
	return j;
}

static json_object *segment_json(const struct segment_fact *g)
{
	json_object *j = json_object_new_object();
	char pf[4];

	json_object_object_add(j, DK_SEG_PHDR, json_object_new_int64((int64_t)g->phdr_index));
	json_object_object_add(j, DK_SEG_VADDR, jsonout_hex(g->vaddr));
	json_object_object_add(j, "memsz", jsonout_hex(g->memsz));
	json_object_object_add(j, DK_SEG_FLAGS,
			       json_object_new_string(facts_pf_string(g->flags, pf)));
	return j;
}

static void add_facts(json_object *jo, const struct sc_object *obj, const struct objfacts *f)
{
	json_object *stack = json_object_new_object(), *seg = json_object_new_object(),
		    *rwx = json_object_new_array();
	char pf[4];

	json_object_object_add(jo, DK_TEXTREL, textrel_json(obj, &f->textrel));

	json_object_object_add(stack, DK_ST_PT_GNU_STACK,
			       json_object_new_boolean(f->stack.source == STACK_PT_GNU_STACK));
	json_object_object_add(stack, DK_ST_FLAGS,
			       json_object_new_string(facts_pf_string(f->stack.flags, pf)));
	json_object_object_add(stack, DK_ST_EXECUTABLE, json_object_new_boolean(f->stack.exec));
	json_object_object_add(stack, DK_ST_READ_IMPLIES_EXEC,
			       json_object_new_boolean(f->stack.read_implies_exec));
	json_object_object_add(jo, DK_STACK, stack);

	json_object_object_add(seg, "loads", json_object_new_int64((int64_t)f->seg.n_loads));
	for (size_t i = 0; i < f->seg.n_rwx; i++)
		json_object_array_add(rwx, segment_json(&f->seg.rwx[i]));
	json_object_object_add(seg, DK_SEG_RWX, rwx);
	json_object_object_add(seg, "tls", f->seg.has_tls ? segment_json(&f->seg.tls) : NULL);
	json_object_object_add(seg, DK_SEG_TLS_EXECUTABLE,
			       json_object_new_boolean(f->seg.tls_exec));
	json_object_object_add(jo, DK_SEGMENTS, seg);
}

/* {"object", "address"} of s, or null. */
static json_object *site_json(struct site s)
{
	json_object *j;

	if (!s.obj)
		return NULL;
	j = json_object_new_object();
	json_object_object_add(j, "object", json_object_new_string(s.obj->path));
	json_object_object_add(j, "address", jsonout_hex(s.vaddr));
	return j;
}

static json_object *evidence_json(const struct evidence *e, size_t n)
{
	json_object *arr = json_object_new_array();

	for (size_t i = 0; i < n; i++) {
		json_object *j = json_object_new_object();

		json_object_object_add(j, DK_EV_OBJECT,
				       jsonout_string_or_null(e[i].obj ? e[i].obj->path : NULL));
		json_object_object_add(j, DK_EV_KIND,
				       json_object_new_string(evidence_kind_tag(e[i].kind)));
		json_object_object_add(j, "rule",
				       json_object_new_string(evidence_kind_rule(e[i].kind)));
		json_object_object_add(j, DK_EV_DETAIL, json_object_new_string(e[i].detail));
		json_object_object_add(j, "where", jsonout_string_or_null(e[i].where));
		json_object_object_add(j, "site", site_json(e[i].site));
		json_object_object_add(j, "effect", jsonout_string_or_null(e[i].effect));
		json_object_array_add(arr, j);
	}
	return arr;
}

static json_object *strv_json(const struct strv *s)
{
	json_object *arr = json_object_new_array();

	for (size_t i = 0; i < s->n; i++)
		json_object_array_add(arr, json_object_new_string(s->v[i]));
	return arr;
}

/* A directive's value: a string, or a list for repeated lines. */
static json_object *value_json(const struct strv *values)
{
	if (values->n == 0)
		return NULL;
	if (values->n == 1)
		return json_object_new_string(values->v[0]);
	return strv_json(values);
}

json_object *render_analyze_json_doc(const struct analysis *a)
{
	const struct verdicts *vs = a->verdicts;
	json_object *doc, *opts, *objs, *dirs, *verd, *reasons, *glibc;
	char buf[16];

	if (!vs)
		return NULL;
	doc = jsonout_document(a);
	opts = json_object_new_object();
	json_object_object_add(opts, DK_OPT_SYSTEMD,
			       json_object_new_string(verdicts_version_string(
				       vs->opts.systemd_version, buf, sizeof(buf))));
	json_object_object_add(opts, DK_OPT_KERNEL,
			       json_object_new_string(verdicts_version_string(
				       vs->opts.kernel_version, buf, sizeof(buf))));
	json_object_object_add(opts, DK_OPT_NATIVE,
			       jsonout_string_or_null(vs->opts.host ? vs->opts.host->name : NULL));
	json_object_object_add(opts, DK_OPT_MDWE_MODE,
			       json_object_new_string(verdicts_mdwe_mode_name(vs->mdwe_mode)));
	glibc = json_object_new_object();
	for (size_t i = 0; i < ARCH_MAX; i++)
		if (a->glibc[i])
			json_object_object_add(glibc, arch_table[i].name,
					       json_object_new_string(a->glibc[i]));
	json_object_object_add(opts, "glibc", glibc);
	json_object_object_add(doc, DK_OPTIONS, opts);

	objs = jsonout_add_objects(doc, a);
	for (size_t i = 0; i < a->n_objects; i++)
		if (a->objects[i]->facts)
			add_facts(json_object_array_get_idx(objs, i), a->objects[i],
				  a->objects[i]->facts);
	if (a->sysreport)
		render_syscalls_json_merge(doc, objs, a);

	dirs = json_object_new_object();
	verd = json_object_new_object();
	reasons = json_object_new_object();
	for (size_t i = 0; i < vs->n; i++) {
		const struct directive_verdict *v = &vs->v[i];
		json_object *jv = json_object_new_object();

		if (v->tolerated && v->values.n)
			json_object_object_add(dirs, v->desc->name, value_json(&v->values));
		json_object_object_add(jv, DK_V_TOLERATED, json_object_new_boolean(v->tolerated));
		json_object_object_add(jv, "incomplete",
				       json_object_new_boolean(a->incomplete != NULL));
		json_object_object_add(jv, "value", value_json(&v->values));
		if (v->alternative.n)
			json_object_object_add(jv, "alternative", strv_json(&v->alternative));
		json_object_object_add(jv, "mechanism", jsonout_string_or_null(v->mechanism));
		json_object_object_add(jv, "doc", json_object_new_string(v->desc->doc_url));
		json_object_object_add(jv, DK_V_BLOCKERS,
				       evidence_json(v->blockers, v->n_blockers));
		json_object_object_add(jv, "evidence", evidence_json(v->evidence, v->n_evidence));
		json_object_object_add(jv, "possible",
				       json_object_new_int64((int64_t)v->n_possible));
		json_object_object_add(verd, v->desc->name, jv);
		json_object_object_add(reasons, v->desc->name, strv_json(&v->reasons));
	}
	json_object_object_add(doc, "closure_incomplete", jsonout_string_or_null(a->incomplete));
	json_object_object_add(doc, DK_DIRECTIVES, dirs);
	json_object_object_add(doc, DK_VERDICTS, verd);
	json_object_object_add(doc, "reasons", reasons);
	json_object_object_add(doc, "cannot_load",
			       evidence_json(vs->cannot_load, vs->n_cannot_load));
	if (a->unitcheck) {
		json_object_object_add(doc, DK_UNIT_CHECK, render_unitcheck_json(a->unitcheck));
		json_object_object_add(doc, DK_UNIT, render_unitcheck_source_json(a->unitcheck));
	}
	jsonout_add_diagnostics(doc, a);
	/* C++ symbols stay as they are; "function_demangled" etc. beside. */
	demangle_json(doc);
	return doc;
}

int render_analyze_json(const struct analysis *a, FILE *f)
{
	json_object *doc = render_analyze_json_doc(a);
	int r;

	if (!doc)
		return -EINVAL;
	r = jsonout_write(doc, f);
	json_object_put(doc);
	return r;
}
