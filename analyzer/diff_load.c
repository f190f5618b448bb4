// SPDX-License-Identifier: MIT
/* Loading a saved analyze result for diff: parse, validate the few fields
 * the comparison requires, then read the document into the typed fields
 * of diff_int.h with the keys of json_schema.h. Every field beyond the
 * required ones is optional: results from before the syscall engine have
 * no "syscalls" or "wx_sites", and a missing section reads as empty. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "diff_int.h"
#include "json_schema.h"
#include "jsonout.h"

/* Saved results of big trees are a few MB; this only bounds hostile input. */
#define DIFF_MAX_INPUT (1024UL * 1024 * 1024)

const struct diff_schema_key diff_schema_keys[] = {
#define K(p)                                                                                       \
	{                                                                                          \
		p, DIFF_KEY_ALWAYS                                                                 \
	}
#define OPT(p)                                                                                     \
	{                                                                                          \
		p, DIFF_KEY_OPTIONAL                                                               \
	}
#define OBJ DK_OBJECTS "[]."
	K(DK_SCHEMA),
	K(DK_OPTIONS "." DK_OPT_SYSTEMD),
	K(DK_OPTIONS "." DK_OPT_KERNEL),
	K(DK_OPTIONS "." DK_OPT_NATIVE),
	K(DK_OPTIONS "." DK_OPT_MDWE_MODE),
	K(OBJ DK_PATH),
	K(OBJ DK_REAL_PATH),
	K(OBJ DK_ABI),
	K(OBJ DK_ROLE),
	K(OBJ DK_SHA256),
	K(OBJ DK_SIZE),
	K(OBJ DK_TEXTREL "." DK_TR_FLAGGED),
	K(OBJ DK_TEXTREL "." DK_TR_COUNT),
	K(OBJ DK_TEXTREL "." DK_TR_BY_TYPE),
	K(OBJ DK_STACK "." DK_ST_EXECUTABLE),
	K(OBJ DK_STACK "." DK_ST_READ_IMPLIES_EXEC),
	K(OBJ DK_STACK "." DK_ST_PT_GNU_STACK),
	K(OBJ DK_STACK "." DK_ST_FLAGS),
	K(OBJ DK_SEGMENTS "." DK_SEG_RWX),
	K(OBJ DK_SEGMENTS "." DK_SEG_RWX "[]." DK_SEG_PHDR),
	K(OBJ DK_SEGMENTS "." DK_SEG_RWX "[]." DK_SEG_VADDR),
	K(OBJ DK_SEGMENTS "." DK_SEG_RWX "[]." DK_SEG_FLAGS),
	K(OBJ DK_SEGMENTS "." DK_SEG_TLS_EXECUTABLE),
	OPT(OBJ DK_SYSCALLS "." DK_ABI), /* only when analysed */
	K(OBJ DK_SYSCALLS "." DK_OBJ_REACHABLE),
	K(DK_SYSCALLS "{}[]." DK_SC_NAME),
	K(DK_SYSCALLS "{}[]." DK_SC_CONFIDENCE),
	K(DK_SYSCALLS "{}[]." DK_SC_PROVENANCE),
	K(DK_SYSCALLS "{}[]." DK_SC_PROVENANCE "[]." DK_SITE_OBJECT),
	K(DK_SYSCALLS "{}[]." DK_SC_PROVENANCE "[]." DK_SITE_LOCATION),
	OPT(DK_SYSCALLS "{}[]." DK_SC_PROVENANCE "[]." DK_SITE_CHAIN),
	K(DK_UNRESOLVED "[]." DK_SITE_OBJECT),
	K(DK_UNRESOLVED "[]." DK_SITE_FUNCTION),
	K(DK_UNRESOLVED "[]." DK_SITE_LOCATION),
	K(DK_UNRESOLVED "[]." DK_SITE_WHAT),
	K(DK_WX_SITES "[]." DK_SITE_OBJECT),
	K(DK_WX_SITES "[]." DK_SITE_FUNCTION),
	K(DK_WX_SITES "[]." DK_SITE_LOCATION),
	K(DK_WX_SITES "[]." DK_SITE_CALLEE),
	K(DK_WX_SITES "[]." DK_SITE_PROT),
	K(DK_DIRECTIVES),
	K(DK_VERDICTS "{}." DK_V_TOLERATED),
	K(DK_VERDICTS "{}." DK_V_BLOCKERS),
	K(DK_VERDICTS "{}." DK_V_BLOCKERS "[]." DK_EV_OBJECT),
	K(DK_VERDICTS "{}." DK_V_BLOCKERS "[]." DK_EV_KIND),
	K(DK_VERDICTS "{}." DK_V_BLOCKERS "[]." DK_EV_DETAIL),
	K(DK_DIAGNOSTICS "[]." DK_DIAG_LEVEL),
	K(DK_DIAGNOSTICS "[]." DK_DIAG_PATH),
	K(DK_DIAGNOSTICS "[]." DK_DIAG_MESSAGE),
	OPT(DK_UNIT_CHECK "{}." DK_UC_STATUS),
	OPT(DK_UNIT_CHECK "{}." DK_UC_VALUE),
	OPT(DK_UNIT_CHECK "{}." DK_UC_REASONS),
	OPT(DK_UNIT "." DK_UNIT_NAME),
	OPT(DK_UNIT "." DK_UNIT_FILES "[]." DK_UNIT_FILE_PATH),
	OPT(DK_UNIT "." DK_UNIT_FILES "[]." DK_UNIT_FILE_SHA256),
#undef K
#undef OPT
#undef OBJ
};
const size_t diff_n_schema_keys = ARRAY_SIZE(diff_schema_keys);

const char *const diff_option_keys[DD_OPT_MAX] = {
	[DD_OPT_SYSTEMD] = DK_OPT_SYSTEMD,
	[DD_OPT_KERNEL] = DK_OPT_KERNEL,
	[DD_OPT_NATIVE] = DK_OPT_NATIVE,
	[DD_OPT_MDWE_MODE] = DK_OPT_MDWE_MODE,
};

/* ---- defensive accessors ---- */

static json_object *jget(json_object *o, const char *key)
{
	json_object *v;

	if (!o || !json_object_is_type(o, json_type_object))
		return NULL;
	return json_object_object_get_ex(o, key, &v) ? v : NULL;
}

static json_object *jget_type(json_object *o, const char *key, enum json_type t)
{
	json_object *v = jget(o, key);

	return v && json_object_is_type(v, t) ? v : NULL;
}

static const char *jstr(json_object *o, const char *key)
{
	json_object *v = jget_type(o, key, json_type_string);

	return v ? json_object_get_string(v) : NULL;
}

static int64_t jint(json_object *o, const char *key, int64_t dflt)
{
	json_object *v = jget_type(o, key, json_type_int);

	return v ? json_object_get_int64(v) : dflt;
}

static bool jbool(json_object *o, const char *key)
{
	json_object *v = jget_type(o, key, json_type_boolean);

	return v && json_object_get_boolean(v);
}

static size_t jlen(json_object *arr)
{
	return arr ? json_object_array_length(arr) : 0;
}

/* ---- parsing and validation ---- */

int diff_validate(const char *name, json_object *doc, char **ret_error)
{
	const char *schema;
	json_object *objs;
	size_t n;

	if (!json_object_is_type(doc, json_type_object)) {
		*ret_error = xasprintf(
			"%s: error: not a seccompat result (the top level is not a JSON object)",
			name);
		return -EINVAL;
	}
	schema = jstr(doc, DK_SCHEMA);
	if (!schema) {
		*ret_error = xasprintf("%s: error: not a seccompat result (no \"schema\")", name);
		return -EINVAL;
	}
	if (strcmp(schema, SECCOMPAT_SCHEMA) != 0) {
		*ret_error = xasprintf("%s: error: unsupported schema \"%s\" (expected \"%s\")",
				       name, schema, SECCOMPAT_SCHEMA);
		return -EINVAL;
	}
	objs = jget_type(doc, DK_OBJECTS, json_type_array);
	if (!objs) {
		*ret_error =
			xasprintf("%s: error: missing required field \"objects\" (a list)", name);
		return -EINVAL;
	}
	n = json_object_array_length(objs);
	for (size_t i = 0; i < n; i++) {
		json_object *o = json_object_array_get_idx(objs, i);

		if (!jstr(o, DK_PATH) || !jstr(o, DK_SHA256)) {
			*ret_error = xasprintf(
				"%s: error: objects[%zu] lacks a \"path\" or \"sha256\" string",
				name, i);
			return -EINVAL;
		}
	}
	/* deps --format json has objects too, but no verdicts: it cannot say
	 * which directives a service tolerates. */
	if (!jget_type(doc, DK_DIRECTIVES, json_type_object) ||
	    !jget_type(doc, DK_VERDICTS, json_type_object)) {
		*ret_error = xasprintf(
			"%s: error: missing required field \"directives\" or \"verdicts\" "
			"(not an `analyze --format json` result?)",
			name);
		return -EINVAL;
	}
	return 0;
}

int diff_parse(const char *name, const char *text, size_t len, json_object **ret_doc,
	       char **ret_error)
{
	struct json_tokener *tok;
	json_object *doc;
	enum json_tokener_error jerr;
	size_t end;
	int r;

	if (len == 0) {
		*ret_error = xasprintf("%s: error: empty file, not a seccompat result", name);
		return -EINVAL;
	}
	if (len > INT32_MAX) {
		*ret_error = xasprintf("%s: error: too large to be a seccompat result", name);
		return -EINVAL;
	}
	tok = json_tokener_new();
	if (!tok) {
		fputs("seccompat: out of memory\n", stderr);
		abort();
	}
	doc = json_tokener_parse_ex(tok, text, (int)len);
	jerr = json_tokener_get_error(tok);
	end = json_tokener_get_parse_end(tok);
	json_tokener_free(tok);
	if (!doc || jerr != json_tokener_success) {
		/* A complete value followed by nothing ends in json_tokener_continue
		 * only when the input was cut short. */
		*ret_error =
			xasprintf("%s: error: not valid JSON (%s at byte %zu)", name,
				  jerr == json_tokener_continue ? "unexpected end of file"
								: json_tokener_error_desc(jerr),
				  end);
		json_object_put(doc);
		return -EINVAL;
	}
	for (size_t i = end; i < len; i++)
		if (!strchr(" \t\r\n", text[i])) {
			*ret_error = xasprintf(
				"%s: error: not valid JSON (trailing data at byte %zu)", name, i);
			json_object_put(doc);
			return -EINVAL;
		}
	r = diff_validate(name, doc, ret_error);
	if (r < 0) {
		json_object_put(doc);
		return r;
	}
	*ret_doc = doc;
	return 0;
}

int diff_load_file(const char *path, json_object **ret_doc, char **ret_error)
{
	char *text;
	size_t len;
	int r;

	r = read_file(path, DIFF_MAX_INPUT, &text, &len);
	if (r < 0) {
		*ret_error = xasprintf("%s: error: cannot read: %s", path, strerror(-r));
		return r;
	}
	r = diff_parse(path, text, len, ret_doc, ret_error);
	free(text);
	return r;
}

/* ---- typed reading ---- */

/* One line for any JSON value: strings as they are, lists joined with
 * "; " (a directive set on several lines), anything else as compact
 * JSON. NULL for null/absent. */
static char *value_line(json_object *v)
{
	char *out;

	if (!v)
		return NULL;
	if (json_object_is_type(v, json_type_string))
		return xstrdup(json_object_get_string(v));
	if (!json_object_is_type(v, json_type_array))
		return xstrdup(json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN));
	out = xstrdup("");
	for (size_t i = 0; i < json_object_array_length(v); i++) {
		char *item = value_line(json_object_array_get_idx(v, i));
		char *next = xasprintf("%s%s%s", out, i ? "; " : "", item ? item : "null");

		free(item);
		free(out);
		out = next;
	}
	return out;
}

/* A directive's value. Whether it is an allow- or a deny-list is read off
 * its first character: systemd reads a value starting with "~" as a
 * deny-list (systemd.exec(5), SystemCallFilter=). */
static void read_value(json_object *v, struct dd_value *ret)
{
	bool list = json_object_is_type(v, json_type_array);

	ret->line = value_line(v);
	ret->deny = ret->line[strspn(ret->line, " \t")] == '~';
	strv_split(&ret->tok, ret->line, " ;\t~", false);
	ret->n_lines = list ? json_object_array_length(v) : 1;
	ret->lines = xcalloc(ret->n_lines ? ret->n_lines : 1, sizeof(*ret->lines));
	for (size_t l = 0; l < ret->n_lines; l++) {
		json_object *e = list ? json_object_array_get_idx(v, l) : v;

		if (json_object_is_type(e, json_type_string))
			ret->lines[l] = xstrdup(json_object_get_string(e));
	}
}

static void free_value(struct dd_value *v)
{
	for (size_t l = 0; l < v->n_lines; l++)
		free(v->lines[l]);
	free(v->lines);
	free(v->line);
	strv_clear(&v->tok);
}

static void read_site(json_object *j, struct dd_site *s)
{
	s->object = jstr(j, DK_SITE_OBJECT);
	s->function = jstr(j, DK_SITE_FUNCTION);
	s->location = jstr(j, DK_SITE_LOCATION);
	s->chain = jstr(j, DK_SITE_CHAIN);
	s->what = jstr(j, DK_SITE_WHAT);
	s->callee = jstr(j, DK_SITE_CALLEE);
	s->prot = jstr(j, DK_SITE_PROT);
}

/* The object entries of a JSON array, each read by f into an array of n
 * elements of size elsize; entries that are not objects are skipped. */
static void *read_list(json_object *arr, size_t elsize, size_t *ret_n,
		       void (*f)(json_object *, void *))
{
	size_t n = jlen(arr), k = 0;
	char *v = xcalloc(n ? n : 1, elsize);

	for (size_t i = 0; i < n; i++) {
		json_object *e = json_object_array_get_idx(arr, i);

		if (!json_object_is_type(e, json_type_object))
			continue;
		f(e, v + k * elsize);
		k++;
	}
	*ret_n = k;
	return v;
}

static void read_site_cb(json_object *j, void *ret)
{
	read_site(j, ret);
}

static void read_syscall(json_object *j, void *ret)
{
	struct dd_syscall *sc = ret;

	sc->name = jstr(j, DK_SC_NAME);
	sc->confidence = jstr(j, DK_SC_CONFIDENCE);
	sc->prov = read_list(jget_type(j, DK_SC_PROVENANCE, json_type_array), sizeof(*sc->prov),
			     &sc->n_prov, read_site_cb);
}

/* One ABI's set; entries without a name are left out. */
static void read_set(const char *abi, json_object *arr, struct dd_set *ret)
{
	size_t k = 0;

	ret->abi = abi;
	ret->v = read_list(arr, sizeof(*ret->v), &ret->n, read_syscall);
	for (size_t i = 0; i < ret->n; i++) {
		if (ret->v[i].name)
			ret->v[k++] = ret->v[i];
		else
			free(ret->v[i].prov);
	}
	ret->n = k;
}

/* An object's own set: a list of names. */
static void read_names(const char *abi, json_object *arr, struct dd_set *ret)
{
	size_t n = jlen(arr);

	ret->abi = abi;
	ret->v = xcalloc(n ? n : 1, sizeof(*ret->v));
	ret->n = 0;
	for (size_t i = 0; i < n; i++) {
		json_object *e = json_object_array_get_idx(arr, i);

		if (json_object_is_type(e, json_type_string))
			ret->v[ret->n++].name = json_object_get_string(e);
	}
}

static void free_set(struct dd_set *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i].prov);
	free(s->v);
}

static void read_rwx(json_object *j, void *ret)
{
	struct dd_rwx *g = ret;

	g->phdr = jint(j, DK_SEG_PHDR, -1);
	g->vaddr = jstr(j, DK_SEG_VADDR);
	g->flags = jstr(j, DK_SEG_FLAGS);
}

static void read_object(json_object *j, struct dd_object *o)
{
	json_object *tr = jget(j, DK_TEXTREL), *st = jget(j, DK_STACK), *seg = jget(j, DK_SEGMENTS),
		    *sys = jget(j, DK_SYSCALLS),
		    *types = jget_type(tr, DK_TR_BY_TYPE, json_type_object);

	o->path = jstr(j, DK_PATH);
	o->real_path = jstr(j, DK_REAL_PATH);
	o->abi = jstr(j, DK_ABI);
	o->role = jstr(j, DK_ROLE);
	o->sha256 = jstr(j, DK_SHA256);
	o->size = jint(j, DK_SIZE, 0);

	o->has_textrel = tr != NULL;
	o->tr_flagged = jbool(tr, DK_TR_FLAGGED);
	o->tr_count = jint(tr, DK_TR_COUNT, 0);
	o->by_type = xcalloc(types ? json_object_object_length(types) + 1 : 1, sizeof(*o->by_type));
	if (types) {
		json_object_object_foreach(types, k, v)
		{
			o->by_type[o->n_by_type].name = k;
			o->by_type[o->n_by_type].n = json_object_is_type(v, json_type_int)
							     ? json_object_get_int64(v)
							     : 0;
			o->n_by_type++;
		}
	}

	o->has_stack = st != NULL;
	o->st_exec = jbool(st, DK_ST_EXECUTABLE);
	o->st_rie = jbool(st, DK_ST_READ_IMPLIES_EXEC);
	o->st_pt_gnu_stack = jbool(st, DK_ST_PT_GNU_STACK);
	o->st_flags = jstr(st, DK_ST_FLAGS);

	o->has_segments = seg != NULL;
	o->tls_exec = jbool(seg, DK_SEG_TLS_EXECUTABLE);
	o->rwx = read_list(jget_type(seg, DK_SEG_RWX, json_type_array), sizeof(*o->rwx), &o->n_rwx,
			   read_rwx);

	o->has_syscalls = sys != NULL;
	o->sys_abi = jstr(sys, DK_ABI) ? jstr(sys, DK_ABI) : o->abi;
	read_names(o->sys_abi, jget_type(sys, DK_OBJ_REACHABLE, json_type_array), &o->reachable);
}

static void read_evidence(json_object *j, void *ret)
{
	struct dd_evidence *e = ret;

	e->object = jstr(j, DK_EV_OBJECT);
	e->kind = jstr(j, DK_EV_KIND);
	e->detail = jstr(j, DK_EV_DETAIL);
}

static void read_diag(json_object *j, void *ret)
{
	struct dd_diag *g = ret;

	g->level = jstr(j, DK_DIAG_LEVEL);
	g->path = jstr(j, DK_DIAG_PATH);
	g->message = jstr(j, DK_DIAG_MESSAGE);
}

static void read_unit_file(json_object *j, void *ret)
{
	struct dd_unit_file *u = ret;

	u->path = jstr(j, DK_UNIT_FILE_PATH);
	u->sha256 = jstr(j, DK_UNIT_FILE_SHA256);
}

static void read_unit_item(const char *directive, json_object *j, struct dd_unit_item *it)
{
	json_object *r = jget_type(j, DK_UC_REASONS, json_type_array);

	it->directive = directive;
	it->status = jstr(j, DK_UC_STATUS);
	it->value = jstr(j, DK_UC_VALUE);
	it->reasons = xcalloc(jlen(r) + 1, sizeof(*it->reasons));
	for (size_t i = 0; i < jlen(r); i++) {
		json_object *e = json_object_array_get_idx(r, i);

		if (json_object_is_type(e, json_type_string))
			it->reasons[it->n_reasons++] = json_object_get_string(e);
	}
}

static size_t members(json_object *o)
{
	return o && json_object_is_type(o, json_type_object) ? json_object_object_length(o) : 0;
}

/* The members of the objects "directives", "verdicts" and "unit_check",
 * whatever their names: a directive added to the derivation table is
 * compared without a change here. */
static void read_maps(json_object *json, struct diff_doc *d)
{
	json_object *dirs = jget_type(json, DK_DIRECTIVES, json_type_object),
		    *verd = jget_type(json, DK_VERDICTS, json_type_object),
		    *uc = jget_type(json, DK_UNIT_CHECK, json_type_object);

	d->directives = xcalloc(members(dirs) + 1, sizeof(*d->directives));
	if (dirs) {
		json_object_object_foreach(dirs, k, v)
		{
			if (!v)
				continue;
			d->directives[d->n_directives].name = k;
			read_value(v, &d->directives[d->n_directives++].value);
		}
	}
	d->verdicts = xcalloc(members(verd) + 1, sizeof(*d->verdicts));
	if (verd) {
		json_object_object_foreach(verd, k, v)
		{
			struct dd_verdict *x = &d->verdicts[d->n_verdicts];

			if (!v)
				continue;
			x->name = k;
			x->tolerated = jbool(v, DK_V_TOLERATED);
			x->blockers =
				read_list(jget_type(v, DK_V_BLOCKERS, json_type_array),
					  sizeof(*x->blockers), &x->n_blockers, read_evidence);
			d->n_verdicts++;
		}
	}
	d->has_unit_check = uc != NULL;
	d->unit_items = xcalloc(members(uc) + 1, sizeof(*d->unit_items));
	if (uc) {
		json_object_object_foreach(uc, k, v)
		{
			/* besides the directives, "warnings": a list */
			if (v && json_object_is_type(v, json_type_object))
				read_unit_item(k, v, &d->unit_items[d->n_unit_items++]);
		}
	}
}

struct diff_doc *diff_doc_from_json(const char *name, json_object *json)
{
	struct diff_doc *d = xcalloc(1, sizeof(*d));
	json_object *opts = jget(json, DK_OPTIONS),
		    *objs = jget_type(json, DK_OBJECTS, json_type_array),
		    *sys = jget_type(json, DK_SYSCALLS, json_type_object),
		    *unit = jget(json, DK_UNIT);

	d->json = json_object_get(json);
	d->name = xstrdup(name);
	for (size_t i = 0; i < DD_OPT_MAX; i++)
		d->options[i] = value_line(jget(opts, diff_option_keys[i]));

	d->objects = xcalloc(jlen(objs) + 1, sizeof(*d->objects));
	for (size_t i = 0; i < jlen(objs); i++) {
		json_object *o = json_object_array_get_idx(objs, i);

		if (json_object_is_type(o, json_type_object))
			read_object(o, &d->objects[d->n_objects++]);
	}
	d->syscalls = xcalloc(members(sys) + 1, sizeof(*d->syscalls));
	if (sys) {
		json_object_object_foreach(sys, k, v)
		{
			if (v && json_object_is_type(v, json_type_array))
				read_set(k, v, &d->syscalls[d->n_syscalls++]);
		}
	}
	d->unresolved = read_list(jget_type(json, DK_UNRESOLVED, json_type_array),
				  sizeof(*d->unresolved), &d->n_unresolved, read_site_cb);
	d->wx = read_list(jget_type(json, DK_WX_SITES, json_type_array), sizeof(*d->wx), &d->n_wx,
			  read_site_cb);
	read_maps(json, d);
	d->diags = read_list(jget_type(json, DK_DIAGNOSTICS, json_type_array), sizeof(*d->diags),
			     &d->n_diags, read_diag);
	d->has_unit = unit != NULL;
	d->unit_name = jstr(unit, DK_UNIT_NAME);
	d->unit_files = read_list(jget_type(unit, DK_UNIT_FILES, json_type_array),
				  sizeof(*d->unit_files), &d->n_unit_files, read_unit_file);
	return d;
}

int diff_doc_load(const char *name, json_object *json, struct diff_doc **ret_doc, char **ret_error)
{
	int r = diff_validate(name, json, ret_error);

	if (r < 0)
		return r;
	*ret_doc = diff_doc_from_json(name, json);
	return 0;
}

void diff_doc_free(struct diff_doc *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < DD_OPT_MAX; i++)
		free(d->options[i]);
	for (size_t i = 0; i < d->n_objects; i++) {
		free(d->objects[i].by_type);
		free(d->objects[i].rwx);
		free_set(&d->objects[i].reachable);
	}
	free(d->objects);
	for (size_t i = 0; i < d->n_syscalls; i++)
		free_set(&d->syscalls[i]);
	free(d->syscalls);
	free(d->unresolved);
	free(d->wx);
	for (size_t i = 0; i < d->n_directives; i++)
		free_value(&d->directives[i].value);
	free(d->directives);
	for (size_t i = 0; i < d->n_verdicts; i++)
		free(d->verdicts[i].blockers);
	free(d->verdicts);
	free(d->diags);
	for (size_t i = 0; i < d->n_unit_items; i++)
		free(d->unit_items[i].reasons);
	free(d->unit_items);
	free(d->unit_files);
	free(d->name);
	json_object_put(d->json);
	free(d);
}

const struct dd_directive *diff_doc_directive(const struct diff_doc *doc, const char *name)
{
	for (size_t i = 0; i < doc->n_directives; i++)
		if (strcmp(doc->directives[i].name, name) == 0)
			return &doc->directives[i];
	return NULL;
}

const struct dd_verdict *diff_doc_verdict(const struct diff_doc *doc, const char *name)
{
	for (size_t i = 0; i < doc->n_verdicts; i++)
		if (strcmp(doc->verdicts[i].name, name) == 0)
			return &doc->verdicts[i];
	return NULL;
}

const struct dd_unit_item *diff_doc_unit_item(const struct diff_doc *doc, const char *name)
{
	for (size_t i = 0; i < doc->n_unit_items; i++)
		if (strcmp(doc->unit_items[i].directive, name) == 0)
			return &doc->unit_items[i];
	return NULL;
}
