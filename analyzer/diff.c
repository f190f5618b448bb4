// SPDX-License-Identifier: MIT
/* Comparing two saved analyze results (see diff.h for the decision rule).
 * Every field beyond the few diff_validate() requires is optional: results
 * from before the syscall engine have no "syscalls" or "wx_sites", and a
 * missing section compares as empty. */
#include "diff.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "jsonout.h"

/* Saved results of big trees are a few MB; this only bounds hostile input. */
#define DIFF_MAX_INPUT (1024UL * 1024 * 1024)

static const char *const kind_names[DIFF_KIND_MAX] = {
	[DIFF_OBJECT_ADDED] = "object-added",
	[DIFF_OBJECT_REMOVED] = "object-removed",
	[DIFF_OBJECT_CHANGED] = "object-changed",
	[DIFF_OBJECT_MOVED] = "object-moved",
	[DIFF_OBJECT_ABI] = "abi",
	[DIFF_TEXTREL] = "text-relocations",
	[DIFF_STACK] = "stack",
	[DIFF_SEGMENTS] = "segments",
	[DIFF_WX_ADDED] = "wx-site-added",
	[DIFF_WX_REMOVED] = "wx-site-removed",
	[DIFF_SYSCALL_ADDED] = "syscall-added",
	[DIFF_SYSCALL_REMOVED] = "syscall-removed",
	[DIFF_SYSCALL_CONFIDENCE] = "syscall-confidence",
	[DIFF_UNRESOLVED] = "unresolved",
	[DIFF_DIRECTIVE] = "directive",
	[DIFF_VERDICT] = "verdict",
	[DIFF_BLOCKER_ADDED] = "blocker-added",
	[DIFF_BLOCKER_REMOVED] = "blocker-removed",
	[DIFF_OPTIONS] = "options",
	[DIFF_DIAGNOSTIC] = "diagnostic",
	[DIFF_UNIT_STATUS] = "unit-status",
	[DIFF_UNIT_VALUE] = "unit-value",
	[DIFF_UNIT_FILE] = "unit-file",
};

static const char *const effect_names[DIFF_EFFECT_MAX] = {
	[DIFF_NEUTRAL] = "neutral", [DIFF_BETTER] = "better", [DIFF_WORSE] = "worse",
	[DIFF_REVIEW] = "review",   [DIFF_BREAKS] = "breaks",
};

const char *diff_kind_name(enum diff_kind k)
{
	return k < DIFF_KIND_MAX ? kind_names[k] : "?";
}

const char *diff_effect_name(enum diff_effect e)
{
	return e < DIFF_EFFECT_MAX ? effect_names[e] : "?";
}

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

static bool str_eq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

/* One line for any JSON value: strings as they are, lists of strings
 * joined with "; " (a directive set on several lines), anything else as
 * compact JSON. NULL for null/absent. */
static char *value_line(json_object *v)
{
	if (!v)
		return NULL;
	if (json_object_is_type(v, json_type_string))
		return xstrdup(json_object_get_string(v));
	if (json_object_is_type(v, json_type_array)) {
		size_t n = json_object_array_length(v), len = 0;
		char *out = xstrdup("");

		for (size_t i = 0; i < n; i++) {
			char *item = value_line(json_object_array_get_idx(v, i));
			char *next = xasprintf("%s%s%s", out, i ? "; " : "", item ? item : "null");

			free(item);
			free(out);
			out = next;
			len++;
		}
		(void)len;
		return out;
	}
	return xstrdup(json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN));
}

/* ---- loading ---- */

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
	schema = jstr(doc, "schema");
	if (!schema) {
		*ret_error = xasprintf("%s: error: not a seccompat result (no \"schema\")", name);
		return -EINVAL;
	}
	if (strcmp(schema, SECCOMPAT_SCHEMA) != 0) {
		*ret_error = xasprintf("%s: error: unsupported schema \"%s\" (expected \"%s\")",
				       name, schema, SECCOMPAT_SCHEMA);
		return -EINVAL;
	}
	objs = jget_type(doc, "objects", json_type_array);
	if (!objs) {
		*ret_error =
			xasprintf("%s: error: missing required field \"objects\" (a list)", name);
		return -EINVAL;
	}
	n = json_object_array_length(objs);
	for (size_t i = 0; i < n; i++) {
		json_object *o = json_object_array_get_idx(objs, i);

		if (!jstr(o, "path") || !jstr(o, "sha256")) {
			*ret_error = xasprintf(
				"%s: error: objects[%zu] lacks a \"path\" or \"sha256\" string",
				name, i);
			return -EINVAL;
		}
	}
	/* deps --format json has objects too, but no verdicts: it cannot say
	 * which directives a service tolerates. */
	if (!jget_type(doc, "directives", json_type_object) ||
	    !jget_type(doc, "verdicts", json_type_object)) {
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

/* ---- building the diff ---- */

static struct diff_change *add_change(struct diff *d, enum diff_kind kind, enum diff_effect effect,
				      const char *object, const char *subject,
				      const char *old_value, const char *new_value, const char *fmt,
				      ...) __attribute__((format(printf, 8, 9)));

static struct diff_change *add_change(struct diff *d, enum diff_kind kind, enum diff_effect effect,
				      const char *object, const char *subject,
				      const char *old_value, const char *new_value, const char *fmt,
				      ...)
{
	struct diff_change *c;
	va_list ap;

	GROW(d->changes, d->cap_changes, d->n_changes);
	c = &d->changes[d->n_changes++];
	c->kind = kind;
	c->effect = effect;
	c->object = object ? xstrdup(object) : NULL;
	c->subject = subject ? xstrdup(subject) : NULL;
	c->old_value = old_value ? xstrdup(old_value) : NULL;
	c->new_value = new_value ? xstrdup(new_value) : NULL;
	va_start(ap, fmt);
	c->detail = xvasprintf(fmt, ap);
	va_end(ap);
	if (effect == DIFF_BREAKS)
		d->breaks = true;
	if (effect >= DIFF_REVIEW)
		d->fails = true;
	return c;
}

static void add_reason(struct diff *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void add_reason(struct diff *d, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	strv_push_owned(&d->reasons, xvasprintf(fmt, ap));
	va_end(ap);
	d->fails = true;
}

static const char *base_name_of(const char *p)
{
	const char *s = strrchr(p, '/');

	return s ? s + 1 : p;
}

static char *short_hash(const char *h)
{
	return h ? xstrndup(h, 12) : xstrdup("?");
}

/* The names in a syscall list: ["read", ...] or [{"name": "read"}, ...]. */
static void collect_names(json_object *v, struct strv *out)
{
	if (!v)
		return;
	if (json_object_is_type(v, json_type_array)) {
		size_t n = json_object_array_length(v);

		for (size_t i = 0; i < n; i++) {
			json_object *e = json_object_array_get_idx(v, i);

			if (json_object_is_type(e, json_type_string))
				strv_push(out, json_object_get_string(e));
			else if (jstr(e, "name"))
				strv_push(out, jstr(e, "name"));
		}
	} else if (json_object_is_type(v, json_type_object)) {
		/* {"names": [...]}, {"syscalls": [...]} or per ABI {"x86": [...]} */
		json_object_object_foreach(v, key, val)
		{
			(void)key;
			if (json_object_is_type(val, json_type_array) ||
			    json_object_is_type(val, json_type_object))
				collect_names(val, out);
		}
	}
	strv_sort_unique(out);
}

/* The entry named name in a syscall list, or NULL. */
static json_object *find_named(json_object *list, const char *name)
{
	size_t n;

	if (!list || !json_object_is_type(list, json_type_array))
		return NULL;
	n = json_object_array_length(list);
	for (size_t i = 0; i < n; i++) {
		json_object *e = json_object_array_get_idx(list, i);

		if (str_eq(jstr(e, "name"), name))
			return e;
	}
	return NULL;
}

/* One provenance record, one line: "engine_srv.so: .text+0x5a4 (f+0x14)
 * via f -> syscall@libc.so.6", from whichever fields it has. */
static char *prov_record_line(json_object *r)
{
	const char *obj = jstr(r, "object"), *loc = jstr(r, "location"), *where = jstr(r, "where"),
		   *chain = jstr(r, "chain"), *detail = jstr(r, "detail");
	char *head;

	if (!r)
		return NULL;
	if (json_object_is_type(r, json_type_string))
		return xstrdup(json_object_get_string(r));
	if (where)
		head = xstrdup(where);
	else if (loc)
		head = xasprintf("%s%s%s", obj ? base_name_of(obj) : "", obj ? ": " : "", loc);
	else if (detail)
		head = xstrdup(detail);
	else
		head = xstrdup(json_object_to_json_string_ext(r, JSON_C_TO_STRING_PLAIN));
	if (chain) {
		char *t = xasprintf("%s via %s", head, chain);

		free(head);
		head = t;
	}
	return head;
}

/* Where a syscall comes from, one line: the first provenance record (and
 * how many more) and the confidence. */
static char *provenance_line(json_object *entry)
{
	json_object *p = jget(entry, "provenance");
	const char *conf = jstr(entry, "confidence");
	char *s = NULL, *out;

	if (p && json_object_is_type(p, json_type_array)) {
		size_t n = json_object_array_length(p);
		char *one = n ? prov_record_line(json_object_array_get_idx(p, 0)) : NULL;

		if (one)
			s = n > 1 ? xasprintf("%s, and %zu more", one, n - 1) : xstrdup(one);
		free(one);
	} else if (p) {
		s = prov_record_line(p);
	}
	if (!s && !conf)
		return NULL;
	if (!conf)
		return s;
	out = s ? xasprintf("%s; %s", s, conf) : xstrdup(conf);
	free(s);
	return out;
}

/* Syscalls of one ABI (or of one object when object is set). */
static void compare_syscall_lists(struct diff *d, const char *object, const char *abi,
				  json_object *old_list, json_object *new_list)
{
	struct strv o = {0}, n = {0};

	collect_names(old_list, &o);
	collect_names(new_list, &n);
	for (size_t i = 0; i < n.n; i++) {
		char *prov;

		if (strv_contains(&o, n.v[i]))
			continue;
		prov = provenance_line(find_named(new_list, n.v[i]));
		add_change(d, DIFF_SYSCALL_ADDED, DIFF_WORSE, object, n.v[i], NULL, prov,
			   "%s: + %s%s%s%s", abi ? abi : "syscall", n.v[i], prov ? " (" : "",
			   prov ? prov : "", prov ? ")" : "");
		free(prov);
	}
	for (size_t i = 0; i < n.n; i++) {
		const char *ca = jstr(find_named(old_list, n.v[i]), "confidence"),
			   *cb = jstr(find_named(new_list, n.v[i]), "confidence");
		char *prov;

		if (!ca || !cb || str_eq(ca, cb))
			continue;
		prov = provenance_line(find_named(new_list, n.v[i]));
		add_change(d, DIFF_SYSCALL_CONFIDENCE, DIFF_NEUTRAL, object, n.v[i], ca, cb,
			   "%s: %s %s -> %s%s%s%s", abi ? abi : "syscall", n.v[i], ca, cb,
			   prov ? " (" : "", prov ? prov : "", prov ? ")" : "");
		free(prov);
	}
	for (size_t i = 0; i < o.n; i++) {
		char *prov;

		if (strv_contains(&n, o.v[i]))
			continue;
		prov = provenance_line(find_named(old_list, o.v[i]));
		add_change(d, DIFF_SYSCALL_REMOVED, DIFF_BETTER, object, o.v[i], prov, NULL,
			   "%s: - %s%s%s%s", abi ? abi : "syscall", o.v[i], prov ? " (was: " : "",
			   prov ? prov : "", prov ? ")" : "");
		free(prov);
	}
	strv_clear(&o);
	strv_clear(&n);
}

/* Per-ABI syscall sets: {"x86": [...], "x86-64": [...]}. A list without
 * ABIs compares as one set. */
static void compare_syscalls(struct diff *d, const char *object, json_object *old_sc,
			     json_object *new_sc)
{
	struct strv abis = {0};

	if (!old_sc && !new_sc)
		return;
	if ((old_sc && !json_object_is_type(old_sc, json_type_object)) ||
	    (new_sc && !json_object_is_type(new_sc, json_type_object))) {
		compare_syscall_lists(d, object, NULL, old_sc, new_sc);
		return;
	}
	if (old_sc) {
		json_object_object_foreach(old_sc, k, v)
		{
			if (json_object_is_type(v, json_type_array))
				strv_push(&abis, k);
		}
	}
	if (new_sc) {
		json_object_object_foreach(new_sc, k, v)
		{
			if (json_object_is_type(v, json_type_array))
				strv_push(&abis, k);
		}
	}
	strv_sort_unique(&abis);
	for (size_t i = 0; i < abis.n; i++)
		compare_syscall_lists(d, object, abis.v[i],
				      jget_type(old_sc, abis.v[i], json_type_array),
				      jget_type(new_sc, abis.v[i], json_type_array));
	strv_clear(&abis);
}

/* A W->X site's identity across rebuilds: which object, function and call,
 * not the address (which moves when anything is rebuilt). */
static char *wx_key(json_object *e)
{
	static const char *const fields[] = {"object", "function", "callee", "prot"};
	char *key = xstrdup("");
	bool any = false;

	for (size_t i = 0; i < ARRAY_SIZE(fields); i++) {
		const char *s = jstr(e, fields[i]);
		char *next;

		if (!s)
			continue;
		next = xasprintf("%s%s=%s;", key, fields[i], s);
		free(key);
		key = next;
		any = true;
	}
	if (!any) {
		free(key);
		key = xstrdup(json_object_to_json_string_ext(e, JSON_C_TO_STRING_PLAIN));
	}
	return key;
}

static char *wx_line(json_object *e)
{
	const char *callee = jstr(e, "callee");
	const char *prot = jstr(e, "prot");
	char *head = prov_record_line(e), *out;

	if (!callee)
		return head;
	out = xasprintf("%s: %s%s%s", head, callee, prot ? " prot " : "", prot ? prot : "");
	free(head);
	return out;
}

/* Whether some entry of list has `key` under keyf. */
static bool list_has_key(json_object *list, const char *key, char *(*keyf)(json_object *))
{
	size_t n = list ? json_object_array_length(list) : 0;

	for (size_t i = 0; i < n; i++) {
		char *k = keyf(json_object_array_get_idx(list, i));
		bool eq = strcmp(k, key) == 0;

		free(k);
		if (eq)
			return true;
	}
	return false;
}

/* Reports the W->X sites of `from` that `against` lacks: added ones when
 * from is the new list, removed ones when it is the old list. */
static void wx_one_way(struct diff *d, const char *object, json_object *from, json_object *against,
		       bool added)
{
	size_t n = from ? json_object_array_length(from) : 0;

	for (size_t i = 0; i < n; i++) {
		json_object *e = json_object_array_get_idx(from, i);
		char *key = wx_key(e), *line;

		if (!list_has_key(against, key, wx_key)) {
			const char *obj = object ? object : jstr(e, "object");

			line = wx_line(e);
			add_change(d, added ? DIFF_WX_ADDED : DIFF_WX_REMOVED,
				   added ? DIFF_WORSE : DIFF_BETTER, obj, NULL, added ? NULL : line,
				   added ? line : NULL, "W->X site: %c %s", added ? '+' : '-',
				   line);
			free(line);
		}
		free(key);
	}
}

static void compare_wx(struct diff *d, const char *object, json_object *old_list,
		       json_object *new_list)
{
	if (old_list && !json_object_is_type(old_list, json_type_array))
		old_list = NULL;
	if (new_list && !json_object_is_type(new_list, json_type_array))
		new_list = NULL;
	wx_one_way(d, object, new_list, old_list, true);
	wx_one_way(d, object, old_list, new_list, false);
}

/* "R_386_PC32 40 -> 45, R_386_32 0 -> 2" for the types whose count changed. */
static char *by_type_changes(json_object *old_t, json_object *new_t)
{
	struct strv types = {0};
	char *out = xstrdup("");

	if (old_t && json_object_is_type(old_t, json_type_object)) {
		json_object_object_foreach(old_t, k, v)
		{
			(void)v;
			strv_push(&types, k);
		}
	}
	if (new_t && json_object_is_type(new_t, json_type_object)) {
		json_object_object_foreach(new_t, k, v)
		{
			(void)v;
			strv_push(&types, k);
		}
	}
	strv_sort_unique(&types);
	for (size_t i = 0; i < types.n; i++) {
		int64_t a = jint(old_t, types.v[i], 0), b = jint(new_t, types.v[i], 0);
		char *next;

		if (a == b)
			continue;
		next = xasprintf("%s%s%s %" PRId64 " -> %" PRId64, out, *out ? ", " : "",
				 types.v[i], a, b);
		free(out);
		out = next;
	}
	strv_clear(&types);
	return out;
}

static void compare_textrel(struct diff *d, const char *path, json_object *o, json_object *n)
{
	json_object *ot = jget(o, "text_relocations"), *nt = jget(n, "text_relocations");
	int64_t a = jint(ot, "count", 0), b = jint(nt, "count", 0);
	bool fa = jbool(ot, "flagged"), fb = jbool(nt, "flagged");
	char av[32], bv[32], *types;

	if (!nt)
		return;
	if (a == b && fa == fb)
		return;
	snprintf(av, sizeof(av), "%" PRId64, a);
	snprintf(bv, sizeof(bv), "%" PRId64, b);
	types = by_type_changes(jget(ot, "by_type"), jget(nt, "by_type"));
	if (!o) {
		add_change(d, DIFF_TEXTREL, b || fb ? DIFF_WORSE : DIFF_NEUTRAL, path, NULL, NULL,
			   bv, "text relocations: %" PRId64 "%s", b, fb ? " (DT_TEXTREL set)" : "");
	} else {
		add_change(d, DIFF_TEXTREL, b > a || (fb && !fa) ? DIFF_WORSE : DIFF_BETTER, path,
			   NULL, av, bv,
			   "text relocations: %" PRId64 " -> %" PRId64 " (%+" PRId64 "%s%s)%s%s", a,
			   b, b - a, *types ? "; " : "", types,
			   fa && !fb ? "; no longer flagged TEXTREL"
				     : (!fa && fb ? "; now flagged TEXTREL" : ""),
			   "");
	}
	free(types);
}

static void compare_stack(struct diff *d, const char *path, json_object *o, json_object *n)
{
	json_object *os = jget(o, "stack"), *ns = jget(n, "stack");
	bool ea = jbool(os, "executable"), eb = jbool(ns, "executable");
	bool ra = jbool(os, "read_implies_exec"), rb = jbool(ns, "read_implies_exec");
	const char *fa = jstr(os, "flags"), *fb = jstr(ns, "flags");
	const char *how = jbool(ns, "pt_gnu_stack") ? "PT_GNU_STACK" : "no PT_GNU_STACK";

	if (!ns)
		return;
	if (ea != eb)
		add_change(d, DIFF_STACK, eb ? DIFF_WORSE : DIFF_BETTER, path, "executable",
			   o ? (ea ? "executable" : "not executable") : NULL,
			   eb ? "executable" : "not executable", "stack: %s%s (%s %s)",
			   o ? (ea ? "executable -> " : "not executable -> ") : "",
			   eb ? "executable" : "not executable", how, fb ? fb : "?");
	else if (o && !str_eq(fa, fb))
		add_change(d, DIFF_STACK, DIFF_NEUTRAL, path, "flags", fa, fb,
			   "stack: %s flags %s -> %s", how, fa ? fa : "?", fb ? fb : "?");
	if (ra != rb)
		add_change(d, DIFF_STACK, rb ? DIFF_WORSE : DIFF_BETTER, path, "read_implies_exec",
			   ra ? "true" : "false", rb ? "true" : "false",
			   "READ_IMPLIES_EXEC personality at exec: %s%s",
			   o ? (ra ? "yes -> " : "no -> ") : "", rb ? "yes" : "no");
}

static char *rwx_line(json_object *list)
{
	size_t n = list && json_object_is_type(list, json_type_array)
			   ? json_object_array_length(list)
			   : 0;
	char *out = xstrdup("");

	for (size_t i = 0; i < n; i++) {
		json_object *g = json_object_array_get_idx(list, i);
		char *next =
			xasprintf("%s%sPT_LOAD[%" PRId64 "] %s %s", out, i ? ", " : "",
				  jint(g, "phdr", -1), jstr(g, "vaddr") ? jstr(g, "vaddr") : "?",
				  jstr(g, "flags") ? jstr(g, "flags") : "?");
		free(out);
		out = next;
	}
	return out;
}

static void compare_segments(struct diff *d, const char *path, json_object *o, json_object *n)
{
	json_object *og = jget(o, "segments"), *ng = jget(n, "segments");
	json_object *orwx = jget_type(og, "rwx", json_type_array),
		    *nrwx = jget_type(ng, "rwx", json_type_array);
	size_t a = orwx ? json_object_array_length(orwx) : 0,
	       b = nrwx ? json_object_array_length(nrwx) : 0;
	bool ta = jbool(og, "tls_executable"), tb = jbool(ng, "tls_executable");

	if (!ng)
		return;
	if (a != b) {
		char *ol = rwx_line(orwx), *nl = rwx_line(nrwx);

		add_change(d, DIFF_SEGMENTS, b > a ? DIFF_WORSE : DIFF_BETTER, path, "rwx",
			   o ? ol : NULL, nl, "writable+executable segments: %zu -> %zu%s%s", a, b,
			   b ? ": " : "", nl);
		free(ol);
		free(nl);
	}
	if (ta != tb && (o || tb))
		add_change(d, DIFF_SEGMENTS, DIFF_NEUTRAL, path, "tls_executable",
			   ta ? "true" : "false", tb ? "true" : "false",
			   "PT_TLS executable: %s -> %s (harmless: the image is copied)",
			   ta ? "yes" : "no", tb ? "yes" : "no");
}

/* An object's own syscalls ("syscalls": {"abi", "reachable": [names]}),
 * compared as one set of its ABI. */
static void compare_object_syscalls(struct diff *d, const char *path, json_object *o,
				    json_object *n)
{
	json_object *os = jget(o, "syscalls"), *ns = jget(n, "syscalls");
	const char *abi = jstr(ns, "abi") ? jstr(ns, "abi") : jstr(n, "abi");
	json_object *ol = jget_type(os, "reachable", json_type_array),
		    *nl = jget_type(ns, "reachable", json_type_array);

	if (!ns)
		return;
	if (!o) {
		struct strv names = {0};

		collect_names(nl, &names);
		if (names.n)
			add_change(d, DIFF_SYSCALL_ADDED, DIFF_NEUTRAL, path, NULL, NULL, NULL,
				   "%s: %zu syscalls in its code", abi ? abi : "syscalls", names.n);
		strv_clear(&names);
		return;
	}
	compare_syscall_lists(d, path, abi, ol, nl);
}

/* Facts of one object; o is NULL for an added object, whose facts are then
 * compared against "nothing" (only what it brings shows). */
static void compare_facts(struct diff *d, const char *path, json_object *o, json_object *n)
{
	compare_textrel(d, path, o, n);
	compare_stack(d, path, o, n);
	compare_segments(d, path, o, n);
	compare_object_syscalls(d, path, o, n);
}

struct objlist {
	json_object **v;
	size_t n;
	ssize_t *match; /* index into the other side, -1 */
};

static void objlist_init(struct objlist *l, json_object *doc)
{
	json_object *arr = jget_type(doc, "objects", json_type_array);

	l->n = arr ? json_object_array_length(arr) : 0;
	l->v = xcalloc(l->n ? l->n : 1, sizeof(*l->v));
	l->match = xcalloc(l->n ? l->n : 1, sizeof(*l->match));
	for (size_t i = 0; i < l->n; i++) {
		l->v[i] = json_object_array_get_idx(arr, i);
		l->match[i] = -1;
	}
}

static void objlist_clear(struct objlist *l)
{
	free(l->v);
	free(l->match);
}

static const char *base_name(const char *p)
{
	const char *s = p ? strrchr(p, '/') : NULL;

	return s ? s + 1 : p;
}

/* How objects are paired: the same display path; failing that the same
 * real path; failing that one object of the same file name and ABI on each
 * side (a tree saved under one directory and re-analysed under another). */
enum match_rule {
	MATCH_PATH,
	MATCH_REAL_PATH,
	MATCH_BASENAME,
	MATCH_RULE_MAX
};

static bool rule_eq(enum match_rule r, json_object *a, json_object *b)
{
	switch (r) {
	case MATCH_PATH:
		return str_eq(jstr(a, "path"), jstr(b, "path"));
	case MATCH_REAL_PATH:
		return jstr(a, "real_path") && str_eq(jstr(a, "real_path"), jstr(b, "real_path"));
	case MATCH_BASENAME:
		return str_eq(base_name(jstr(a, "path")), base_name(jstr(b, "path"))) &&
		       str_eq(jstr(a, "abi"), jstr(b, "abi"));
	default:
		return false;
	}
}

static void match_objects(struct objlist *ol, struct objlist *nl)
{
	for (enum match_rule r = 0; r < MATCH_RULE_MAX; r++)
		for (size_t i = 0; i < nl->n; i++) {
			ssize_t found = -1;
			size_t hits = 0;

			if (nl->match[i] >= 0)
				continue;
			for (size_t j = 0; j < ol->n; j++)
				if (ol->match[j] < 0 && rule_eq(r, ol->v[j], nl->v[i])) {
					found = (ssize_t)j;
					hits++;
				}
			if (hits == 0 || (r == MATCH_BASENAME && hits > 1))
				continue;
			if (r == MATCH_BASENAME) {
				size_t other = 0;
				for (size_t k = 0; k < nl->n; k++)
					if (nl->match[k] < 0 && rule_eq(r, ol->v[found], nl->v[k]))
						other++;
				if (other > 1)
					continue;
			}
			nl->match[i] = found;
			ol->match[found] = (ssize_t)i;
		}
}

static void add_object(struct diff *d, json_object *o, const char *status)
{
	struct diff_object *x;

	GROW(d->objects, d->cap_objects, d->n_objects);
	x = &d->objects[d->n_objects++];
	x->path = xstrdup(jstr(o, "path"));
	x->abi = jstr(o, "abi") ? xstrdup(jstr(o, "abi")) : NULL;
	x->role = jstr(o, "role") ? xstrdup(jstr(o, "role")) : NULL;
	x->status = status;
}

static void compare_objects(struct diff *d, json_object *old_doc, json_object *new_doc)
{
	struct objlist ol, nl;

	objlist_init(&ol, old_doc);
	objlist_init(&nl, new_doc);
	d->n_old_objects = ol.n;
	d->n_new_objects = nl.n;
	match_objects(&ol, &nl);

	for (size_t i = 0; i < nl.n; i++) {
		json_object *n = nl.v[i], *o = nl.match[i] >= 0 ? ol.v[nl.match[i]] : NULL;
		const char *path = jstr(n, "path"), *abi = jstr(n, "abi"), *role = jstr(n, "role");
		size_t before = d->n_changes;

		if (!o) {
			d->n_added++;
			add_change(d, DIFF_OBJECT_ADDED, DIFF_NEUTRAL, path, NULL, NULL,
				   jstr(n, "sha256"), "added (%s, %s)", abi ? abi : "?",
				   role ? role : "?");
			compare_facts(d, path, NULL, n);
			add_object(d, n, "added");
			continue;
		}
		if (!str_eq(jstr(o, "path"), path))
			add_change(d, DIFF_OBJECT_MOVED, DIFF_NEUTRAL, path, NULL, jstr(o, "path"),
				   path, "moved from %s", jstr(o, "path"));
		if (!str_eq(jstr(o, "sha256"), jstr(n, "sha256"))) {
			char *a = short_hash(jstr(o, "sha256")), *b = short_hash(jstr(n, "sha256"));

			add_change(d, DIFF_OBJECT_CHANGED, DIFF_NEUTRAL, path, NULL,
				   jstr(o, "sha256"), jstr(n, "sha256"),
				   "content changed (sha256 %s -> %s, %" PRId64 " -> %" PRId64
				   " bytes)",
				   a, b, jint(o, "size", 0), jint(n, "size", 0));
			free(a);
			free(b);
		}
		if (!str_eq(jstr(o, "abi"), abi))
			add_change(d, DIFF_OBJECT_ABI, DIFF_NEUTRAL, path, NULL, jstr(o, "abi"),
				   abi, "ABI: %s -> %s", jstr(o, "abi") ? jstr(o, "abi") : "?",
				   abi ? abi : "?");
		compare_facts(d, path, o, n);
		if (!str_eq(jstr(o, "sha256"), jstr(n, "sha256"))) {
			d->n_changed++;
			add_object(d, n, "changed");
		} else if (d->n_changes == before) {
			d->n_unchanged++;
		} else {
			d->n_changed++;
			add_object(d, n, str_eq(jstr(o, "path"), path) ? "facts" : "moved");
		}
	}
	for (size_t j = 0; j < ol.n; j++) {
		json_object *o = ol.v[j];

		if (ol.match[j] >= 0)
			continue;
		d->n_removed++;
		add_change(d, DIFF_OBJECT_REMOVED, DIFF_NEUTRAL, jstr(o, "path"), NULL,
			   jstr(o, "sha256"), NULL, "removed (was %s, %s)",
			   jstr(o, "abi") ? jstr(o, "abi") : "?",
			   jstr(o, "role") ? jstr(o, "role") : "?");
		add_object(d, o, "removed");
	}
	objlist_clear(&ol);
	objlist_clear(&nl);
}

static void compare_options(struct diff *d, json_object *old_doc, json_object *new_doc)
{
	static const char *const keys[] = {"systemd", "kernel", "native", "mdwe_mode"};
	json_object *oo = jget(old_doc, "options"), *no = jget(new_doc, "options");

	for (size_t i = 0; i < ARRAY_SIZE(keys); i++) {
		char *a = value_line(jget(oo, keys[i])), *b = value_line(jget(no, keys[i]));

		if (!str_eq(a, b))
			add_change(
				d, DIFF_OPTIONS, DIFF_NEUTRAL, NULL, keys[i], a, b,
				"target %s: %s -> %s (verdicts may change for this reason alone)",
				keys[i], a ? a : "unset", b ? b : "unset");
		free(a);
		free(b);
	}
}

static void union_keys(json_object *a, json_object *b, struct strv *out)
{
	if (a && json_object_is_type(a, json_type_object)) {
		json_object_object_foreach(a, k, v)
		{
			(void)v;
			strv_push(out, k);
		}
	}
	if (b && json_object_is_type(b, json_type_object)) {
		json_object_object_foreach(b, k, v)
		{
			(void)v;
			strv_push(out, k);
		}
	}
	strv_sort_unique(out);
}

/* Whether the new value of a directive needs something the old value did
 * not grant. Values are allow-lists (SystemCallArchitectures=native x86,
 * SystemCallFilter=@system-service) unless they start with "~", which
 * systemd reads as a deny-list (systemd.exec(5), SystemCallFilter=). For an
 * allow-list a token only in the new value is needed and missing from the
 * old; for a deny-list a token only in the old value denies something the
 * new analysis says is used. "yes"/"no" values are handled by the caller
 * (the directive is there or not). */
static bool value_needs_more(json_object *ov, json_object *nv)
{
	struct strv a = {0}, b = {0};
	char *al = value_line(ov), *bl = value_line(nv);
	bool deny, more = false;

	deny = (al && al[strspn(al, " \t")] == '~') || (bl && bl[strspn(bl, " \t")] == '~');
	if (al)
		strv_split(&a, al, " ;\t~", false);
	if (bl)
		strv_split(&b, bl, " ;\t~", false);
	if (deny) {
		for (size_t i = 0; i < a.n && !more; i++)
			more = !strv_contains(&b, a.v[i]);
	} else {
		for (size_t i = 0; i < b.n && !more; i++)
			more = !strv_contains(&a, b.v[i]);
	}
	free(al);
	free(bl);
	strv_clear(&a);
	strv_clear(&b);
	return more;
}

/* "+ bpf, - chroot" between two directive values with the same number of
 * lines (each line compared with its counterpart), or NULL. */
static char *value_delta(json_object *ov, json_object *nv)
{
	size_t no =
		ov && json_object_is_type(ov, json_type_array) ? json_object_array_length(ov) : 1;
	size_t nn =
		nv && json_object_is_type(nv, json_type_array) ? json_object_array_length(nv) : 1;
	char *out = xstrdup("");

	if (no != nn)
		goto fail;
	for (size_t l = 0; l < no; l++) {
		json_object *a = json_object_is_type(ov, json_type_array)
					 ? json_object_array_get_idx(ov, l)
					 : ov,
			    *b = json_object_is_type(nv, json_type_array)
					 ? json_object_array_get_idx(nv, l)
					 : nv;
		struct strv ta = {0}, tb = {0};

		if (!json_object_is_type(a, json_type_string) ||
		    !json_object_is_type(b, json_type_string)) {
			strv_clear(&ta);
			goto fail;
		}
		strv_split(&ta, json_object_get_string(a), " \t", false);
		strv_split(&tb, json_object_get_string(b), " \t", false);
		for (int pass = 0; pass < 2; pass++) {
			struct strv *x = pass ? &ta : &tb, *y = pass ? &tb : &ta;

			for (size_t i = 0; i < x->n; i++) {
				char *t;

				if (strv_contains(y, x->v[i]))
					continue;
				t = xasprintf("%s%s%s%s", out, *out ? ", " : "", pass ? "- " : "+ ",
					      x->v[i]);
				free(out);
				out = t;
			}
		}
		strv_clear(&ta);
		strv_clear(&tb);
	}
	if (*out)
		return out;
fail:
	free(out);
	return NULL;
}

static void compare_directives(struct diff *d, json_object *old_doc, json_object *new_doc)
{
	json_object *od = jget(old_doc, "directives"), *nd = jget(new_doc, "directives");
	struct strv names = {0};

	union_keys(od, nd, &names);
	for (size_t i = 0; i < names.n; i++) {
		const char *name = names.v[i];
		char *a = value_line(jget(od, name)), *b = value_line(jget(nd, name));

		if (str_eq(a, b)) {
			free(a);
			free(b);
			continue;
		}
		char *delta = a && b ? value_delta(jget(od, name), jget(nd, name)) : NULL;

		if (a && b && value_needs_more(jget(od, name), jget(nd, name))) {
			if (delta) {
				add_change(d, DIFF_DIRECTIVE, DIFF_BREAKS, NULL, name, a, b,
					   "%s=: %s", name, delta);
				add_reason(d, "%s= would break: the re-analysis changes it: %s",
					   name, delta);
			} else {
				add_change(d, DIFF_DIRECTIVE, DIFF_BREAKS, NULL, name, a, b,
					   "%s=%s -> %s=%s", name, a, name, b);
				add_reason(d, "%s=%s would break: the re-analysis needs %s=%s",
					   name, a, name, b);
			}
		} else if (a && b) {
			add_change(d, DIFF_DIRECTIVE, DIFF_REVIEW, NULL, name, a, b,
				   "%s=: %s (tighter)", name, delta ? delta : b);
			add_reason(d, "%s= can be tightened: %s", name, delta ? delta : b);
		} else if (a) {
			add_change(d, DIFF_DIRECTIVE, DIFF_BREAKS, NULL, name, a, NULL,
				   "%s=%s is no longer tolerated", name, a);
			add_reason(d, "%s=%s no longer holds", name, a);
		} else {
			add_change(d, DIFF_DIRECTIVE, DIFF_REVIEW, NULL, name, NULL, b,
				   "%s=%s is newly derived", name, b);
			add_reason(d, "a new directive can be set: %s=%s", name, b);
		}
		free(delta);
		free(a);
		free(b);
	}
	strv_clear(&names);
}

/* A blocker's identity: which object, and what kind of fact. */
static char *blocker_key(json_object *b)
{
	return xasprintf("%s|%s", jstr(b, "object") ? jstr(b, "object") : "",
			 jstr(b, "kind") ? jstr(b, "kind") : "");
}

static void compare_verdicts(struct diff *d, json_object *old_doc, json_object *new_doc)
{
	json_object *ov = jget(old_doc, "verdicts"), *nv = jget(new_doc, "verdicts");
	json_object *od = jget(old_doc, "directives");
	struct strv names = {0};

	union_keys(ov, nv, &names);
	for (size_t i = 0; i < names.n; i++) {
		const char *name = names.v[i];
		json_object *o = jget(ov, name), *n = jget(nv, name);
		json_object *ob = jget_type(o, "blockers", json_type_array),
			    *nb = jget_type(n, "blockers", json_type_array);
		bool justified = jget(od, name) != NULL;
		bool ta = jbool(o, "tolerated"), tb = jbool(n, "tolerated");
		size_t cnt;

		if (o && n && ta != tb)
			add_change(d, DIFF_VERDICT,
				   justified && !tb ? DIFF_BREAKS
				   : tb		    ? DIFF_BETTER
						    : DIFF_WORSE,
				   NULL, name, ta ? "tolerated" : "not tolerated",
				   tb ? "tolerated" : "not tolerated", "%s=: %s -> %s", name,
				   ta ? "tolerated" : "not tolerated",
				   tb ? "tolerated" : "not tolerated");
		else if (!o || !n)
			add_change(d, DIFF_VERDICT, DIFF_NEUTRAL, NULL, name,
				   o ? (ta ? "tolerated" : "not tolerated") : NULL,
				   n ? (tb ? "tolerated" : "not tolerated") : NULL, "%s=: %s", name,
				   o ? "no verdict in the new result"
				     : "no verdict in the old result");

		cnt = nb ? json_object_array_length(nb) : 0;
		for (size_t j = 0; j < cnt; j++) {
			json_object *b = json_object_array_get_idx(nb, j);
			char *key = blocker_key(b);
			const char *obj = jstr(b, "object"), *detail = jstr(b, "detail");

			if (!list_has_key(ob, key, blocker_key)) {
				add_change(d, DIFF_BLOCKER_ADDED,
					   justified ? DIFF_BREAKS : DIFF_WORSE, obj, name, NULL,
					   detail, "%s=: new blocker: %s%s%s", name, obj ? obj : "",
					   obj ? ": " : "", detail ? detail : "?");
				if (justified)
					add_reason(d, "%s= would break: %s%s%s", name,
						   obj ? obj : "", obj ? ": " : "",
						   detail ? detail : "?");
			}
			free(key);
		}
		cnt = ob ? json_object_array_length(ob) : 0;
		for (size_t j = 0; j < cnt; j++) {
			json_object *b = json_object_array_get_idx(ob, j);
			char *key = blocker_key(b);
			const char *obj = jstr(b, "object"), *detail = jstr(b, "detail");

			if (!list_has_key(nb, key, blocker_key))
				add_change(d, DIFF_BLOCKER_REMOVED, DIFF_BETTER, obj, name, detail,
					   NULL, "%s=: blocker gone: %s%s%s", name, obj ? obj : "",
					   obj ? ": " : "", detail ? detail : "?");
			free(key);
		}
	}
	strv_clear(&names);
}

static char *unresolved_key(json_object *e)
{
	return xasprintf("%s|%s|%s", jstr(e, "object") ? jstr(e, "object") : "",
			 jstr(e, "function") ? jstr(e, "function") : "",
			 jstr(e, "what") ? jstr(e, "what") : "");
}

/* Syscall sites whose number the engine could not resolve: each makes the
 * syscall set incomplete. Identified by object, function and what is
 * unknown (addresses move with every rebuild). A new one under a justified
 * SystemCallFilter= needs review: the filter was derived without knowing
 * that call, and the kernel kills the process if it is outside the list. */
static void compare_unresolved(struct diff *d, json_object *old_doc, json_object *new_doc)
{
	json_object *ol = jget_type(old_doc, "unresolved", json_type_array),
		    *nl = jget_type(new_doc, "unresolved", json_type_array);
	bool filter = jget(jget(old_doc, "directives"), "SystemCallFilter") != NULL;

	for (int pass = 0; pass < 2; pass++) {
		json_object *x = pass ? ol : nl, *y = pass ? nl : ol;
		size_t n = x ? json_object_array_length(x) : 0;

		for (size_t i = 0; i < n; i++) {
			json_object *e = json_object_array_get_idx(x, i);
			char *key = unresolved_key(e), *line;

			if (!list_has_key(y, key, unresolved_key)) {
				const char *obj = jstr(e, "object");

				line = prov_record_line(e);
				add_change(d, DIFF_UNRESOLVED,
					   pass	    ? DIFF_BETTER
					   : filter ? DIFF_REVIEW
						    : DIFF_WORSE,
					   obj, jstr(e, "what"), pass ? line : NULL,
					   pass ? NULL : line, "%s %s: %s",
					   pass ? "resolved now:" : "unresolved:",
					   jstr(e, "what") ? jstr(e, "what") : "?", line);
				if (!pass && filter)
					add_reason(d,
						   "SystemCallFilter= may not hold: an unknown %s "
						   "at %s",
						   jstr(e, "what") ? jstr(e, "what") : "syscall",
						   line);
				free(line);
			}
			free(key);
		}
	}
}

static char *diag_key(json_object *e)
{
	return xasprintf("%s|%s|%s", jstr(e, "level") ? jstr(e, "level") : "",
			 jstr(e, "path") ? jstr(e, "path") : "",
			 jstr(e, "message") ? jstr(e, "message") : "");
}

static void compare_diagnostics(struct diff *d, json_object *old_doc, json_object *new_doc)
{
	json_object *ol = jget_type(old_doc, "diagnostics", json_type_array),
		    *nl = jget_type(new_doc, "diagnostics", json_type_array);
	size_t n = nl ? json_object_array_length(nl) : 0, m = ol ? json_object_array_length(ol) : 0;

	for (size_t i = 0; i < n; i++) {
		json_object *e = json_object_array_get_idx(nl, i);
		const char *level = jstr(e, "level");
		char *key;
		bool seen = false;

		if (!str_eq(level, "error") && !str_eq(level, "warning"))
			continue;
		key = diag_key(e);
		for (size_t j = 0; j < m && !seen; j++) {
			char *k = diag_key(json_object_array_get_idx(ol, j));

			seen = strcmp(k, key) == 0;
			free(k);
		}
		if (!seen)
			add_change(d, DIFF_DIAGNOSTIC,
				   str_eq(level, "error") ? DIFF_WORSE : DIFF_NEUTRAL,
				   jstr(e, "path"), level, NULL, jstr(e, "message"), "%s%s%s: %s",
				   jstr(e, "path") ? jstr(e, "path") : "",
				   jstr(e, "path") ? ": " : "", level,
				   jstr(e, "message") ? jstr(e, "message") : "?");
		free(key);
	}
}

/* unit_check statuses, worst last; -1 for anything else. */
static int status_rank(const char *s)
{
	static const char *const names[] = {"ok", "risk", "breaks"};

	for (int i = 0; s && i < (int)ARRAY_SIZE(names); i++)
		if (strcmp(s, names[i]) == 0)
			return i;
	return -1;
}

/* The reasons of a unit_check directive that the other side lacks (all of
 * them when other is NULL) become the change's evidence. */
static void unit_evidence(struct diff_change *c, json_object *item, json_object *other,
			  bool breaks_only)
{
	json_object *r = jget_type(item, "reasons", json_type_array),
		    *o = jget_type(other, "reasons", json_type_array);
	size_t n = r ? json_object_array_length(r) : 0, m = o ? json_object_array_length(o) : 0;

	for (size_t i = 0; i < n; i++) {
		json_object *e = json_object_array_get_idx(r, i);
		bool seen = false;

		if (!json_object_is_type(e, json_type_string))
			continue;
		/* What breaks is certain; the possible conflicts are the
		 * risk that was there before. */
		if (breaks_only && (strstr(json_object_get_string(e), "(possible)") ||
				    strstr(json_object_get_string(e), "more possible")))
			continue;
		for (size_t j = 0; j < m && !seen; j++)
			seen = str_eq(json_object_get_string(e),
				      json_object_get_string(json_object_array_get_idx(o, j)));
		if (!seen)
			strv_push(&c->evidence, json_object_get_string(e));
	}
}

/* The unit's files ("unit": {"files": [{"path", "sha256"}]}): edited,
 * added or gone. The statuses tell what an edit does; this says that the
 * deployed unit is not the one the baseline judged. */
static void compare_unit_files(struct diff *d, json_object *ou, json_object *nu)
{
	json_object *of = jget_type(ou, "files", json_type_array),
		    *nf = jget_type(nu, "files", json_type_array);
	size_t n = nf ? json_object_array_length(nf) : 0, m = of ? json_object_array_length(of) : 0;

	for (int pass = 0; pass < 2; pass++) {
		json_object *x = pass ? of : nf, *y = pass ? nf : of;
		size_t nx = pass ? m : n, ny = pass ? n : m;

		for (size_t i = 0; i < nx; i++) {
			json_object *e = json_object_array_get_idx(x, i), *match = NULL;
			const char *path = jstr(e, "path");

			for (size_t j = 0; j < ny && !match; j++)
				if (str_eq(path, jstr(json_object_array_get_idx(y, j), "path")))
					match = json_object_array_get_idx(y, j);
			if (!path)
				continue;
			if (!match)
				add_change(d, DIFF_UNIT_FILE, DIFF_NEUTRAL, path, "unit", NULL,
					   NULL, "%s: %s", path,
					   pass ? "no longer read (the unit or drop-in is gone)"
						: "newly read (a unit file or drop-in the baseline "
						  "did not have)");
			else if (!pass && !str_eq(jstr(e, "sha256"), jstr(match, "sha256"))) {
				char *a = short_hash(jstr(match, "sha256")),
				     *b = short_hash(jstr(e, "sha256"));

				add_change(d, DIFF_UNIT_FILE, DIFF_NEUTRAL, path, "unit",
					   jstr(match, "sha256"), jstr(e, "sha256"),
					   "%s: the unit changed (sha256 %s -> %s)", path, a, b);
				free(a);
				free(b);
			}
		}
	}
}

/* The checked unit ("unit_check"): a directive that moves to breaks fails
 * the re-check, one that moves to risk is reported. A baseline without a
 * unit check compares as unknown: what breaks now still fails. */
static void compare_unit(struct diff *d, json_object *old_doc, json_object *new_doc)
{
	json_object *ou = jget_type(old_doc, "unit_check", json_type_object),
		    *nu = jget_type(new_doc, "unit_check", json_type_object);
	const char *oname = jstr(jget(old_doc, "unit"), "name"),
		   *nname = jstr(jget(new_doc, "unit"), "name");
	const char *uname = nname ? nname : oname ? oname : "the unit";
	struct strv names = {0};

	if (!ou && !nu)
		return;
	if (ou && !nu) {
		add_change(d, DIFF_UNIT_STATUS, DIFF_REVIEW, NULL, "unit", oname, NULL,
			   "the baseline checked %s; this result checks no unit", uname);
		add_reason(d, "the deployed unit %s was not re-checked (give --unit)", uname);
		return;
	}
	if (oname && nname && strcmp(oname, nname) != 0)
		add_change(d, DIFF_UNIT_VALUE, DIFF_NEUTRAL, NULL, "unit", oname, nname,
			   "checked unit: %s -> %s", oname, nname);
	compare_unit_files(d, jget(old_doc, "unit"), jget(new_doc, "unit"));
	union_keys(ou, nu, &names);
	for (size_t i = 0; i < names.n; i++) {
		const char *name = names.v[i];
		json_object *o = jget_type(ou, name, json_type_object),
			    *n = jget_type(nu, name, json_type_object);
		const char *os = jstr(o, "status"), *ns = jstr(n, "status");
		int orank = status_rank(os), nrank = status_rank(ns);
		const char *ov = jstr(o, "value"), *nv = jstr(n, "value");
		struct diff_change *c;

		if (!n || nrank < 0)
			continue;
		if (ou && !str_eq(ov, nv))
			add_change(d, DIFF_UNIT_VALUE, DIFF_NEUTRAL, NULL, name, ov, nv,
				   "%s %s=: %s -> %s", uname, name, ov ? ov : "(not set)",
				   nv ? nv : "(not set)");
		if (nrank == orank || (nrank == 0 && orank < 0))
			continue;
		if (nrank < orank) {
			c = add_change(d, DIFF_UNIT_STATUS, DIFF_BETTER, NULL, name, os, ns,
				       "%s %s=: %s -> %s", uname, name, os, ns);
			continue;
		}
		c = add_change(d, DIFF_UNIT_STATUS, nrank == 2 ? DIFF_BREAKS : DIFF_WORSE, NULL,
			       name, os, ns, "%s %s=: %s -> %s", uname, name,
			       os ? os : "not checked", ns);
		unit_evidence(c, n, o, nrank == 2);
		if (nrank == 2)
			add_reason(d, "%s=%s of %s breaks the service now (was %s)%s%s", name,
				   nv ? nv : "", uname, os ? os : "not checked",
				   c->evidence.n ? ": " : "",
				   c->evidence.n ? c->evidence.v[0] : "");
	}
	strv_clear(&names);
}

struct diff *diff_compare(const char *old_name, json_object *old_doc, const char *new_name,
			  json_object *new_doc)
{
	struct diff *d = xcalloc(1, sizeof(*d));

	d->old_name = xstrdup(old_name);
	d->new_name = xstrdup(new_name);
	compare_options(d, old_doc, new_doc);
	compare_objects(d, old_doc, new_doc);
	compare_syscalls(d, NULL, jget(old_doc, "syscalls"), jget(new_doc, "syscalls"));
	compare_unresolved(d, old_doc, new_doc);
	compare_wx(d, NULL, jget(old_doc, "wx_sites"), jget(new_doc, "wx_sites"));
	compare_directives(d, old_doc, new_doc);
	compare_verdicts(d, old_doc, new_doc);
	compare_diagnostics(d, old_doc, new_doc);
	compare_unit(d, old_doc, new_doc);
	return d;
}

void diff_free(struct diff *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->n_changes; i++) {
		struct diff_change *c = &d->changes[i];

		free(c->object);
		free(c->subject);
		free(c->old_value);
		free(c->new_value);
		free(c->detail);
		strv_clear(&c->evidence);
	}
	free(d->changes);
	for (size_t i = 0; i < d->n_objects; i++) {
		free(d->objects[i].path);
		free(d->objects[i].abi);
		free(d->objects[i].role);
	}
	free(d->objects);
	strv_clear(&d->reasons);
	free(d->old_name);
	free(d->new_name);
	free(d);
}

/* ---- renderers ---- */

/* Sections of the report, in order; a change belongs to the first that
 * takes it. */
enum section {
	SEC_OPTIONS,
	SEC_OBJECTS,
	SEC_SYSCALLS, /* service-wide syscall sets */
	SEC_WX,
	SEC_DIRECTIVES,
	SEC_VERDICTS,
	SEC_DIAGNOSTICS,
	SEC_UNIT, /* the checked unit: statuses, values, files */
	SEC_MAX
};

static const char *const section_titles[SEC_MAX] = {
	[SEC_OPTIONS] = "Target host",	   [SEC_OBJECTS] = "Objects",
	[SEC_SYSCALLS] = "System calls",   [SEC_WX] = "W->X sites",
	[SEC_DIRECTIVES] = "Directives",   [SEC_VERDICTS] = "Verdicts",
	[SEC_DIAGNOSTICS] = "Diagnostics", [SEC_UNIT] = "Checked unit",
};

static enum section section_of(const struct diff_change *c)
{
	switch (c->kind) {
	case DIFF_OPTIONS:
		return SEC_OPTIONS;
	case DIFF_SYSCALL_ADDED:
	case DIFF_SYSCALL_REMOVED:
	case DIFF_SYSCALL_CONFIDENCE:
		return c->object ? SEC_OBJECTS : SEC_SYSCALLS;
	case DIFF_UNRESOLVED:
		return SEC_SYSCALLS;
	case DIFF_WX_ADDED:
	case DIFF_WX_REMOVED:
		/* top-level W->X sites carry their object too; the section
		 * is about where the list came from, which only the object
		 * header order tells: keep them with the service-wide list. */
		return SEC_WX;
	case DIFF_DIRECTIVE:
		return SEC_DIRECTIVES;
	case DIFF_VERDICT:
	case DIFF_BLOCKER_ADDED:
	case DIFF_BLOCKER_REMOVED:
		return SEC_VERDICTS;
	case DIFF_DIAGNOSTIC:
		return SEC_DIAGNOSTICS;
	case DIFF_UNIT_STATUS:
	case DIFF_UNIT_VALUE:
	case DIFF_UNIT_FILE:
		return SEC_UNIT;
	default:
		return SEC_OBJECTS;
	}
}

static const char *effect_tag(enum diff_effect e)
{
	switch (e) {
	case DIFF_BETTER:
		return " [better]";
	case DIFF_WORSE:
		return " [worse]";
	case DIFF_REVIEW:
		return " [review]";
	case DIFF_BREAKS:
		return " [BREAKS]";
	default:
		return "";
	}
}

static char object_marker(enum diff_kind k)
{
	switch (k) {
	case DIFF_OBJECT_ADDED:
		return '+';
	case DIFF_OBJECT_REMOVED:
		return '-';
	default:
		return '~';
	}
}

/* Whether a directive of the checked unit moved to breaks. */
static bool unit_breaks(const struct diff *d)
{
	for (size_t i = 0; i < d->n_changes; i++)
		if (d->changes[i].kind == DIFF_UNIT_STATUS && d->changes[i].effect == DIFF_BREAKS)
			return true;
	return false;
}

int diff_render_text(const struct diff *d, FILE *f)
{
	fprintf(f, "seccompat diff: %s -> %s\n", d->old_name, d->new_name);
	fprintf(f, "objects: %zu -> %zu (%zu added, %zu removed, %zu changed, %zu unchanged)\n",
		d->n_old_objects, d->n_new_objects, d->n_added, d->n_removed, d->n_changed,
		d->n_unchanged);
	for (enum section s = 0; s < SEC_MAX; s++) {
		const char *cur = NULL;
		bool title = false;

		for (size_t i = 0; i < d->n_changes; i++) {
			const struct diff_change *c = &d->changes[i];

			if (section_of(c) != s)
				continue;
			if (!title) {
				fprintf(f, "\n%s:\n", section_titles[s]);
				title = true;
			}
			if (s == SEC_OBJECTS) {
				if (!str_eq(cur, c->object)) {
					cur = c->object;
					if (c->kind <= DIFF_OBJECT_REMOVED) {
						fprintf(f, "  %c %s: %s%s\n",
							object_marker(c->kind), c->object,
							c->detail, effect_tag(c->effect));
						continue;
					}
					fprintf(f, "  ~ %s:\n", c->object ? c->object : "?");
				}
				fprintf(f, "      %s%s\n", c->detail, effect_tag(c->effect));
				continue;
			}
			fprintf(f, "  %s%s%s%s\n", s == SEC_WX && c->object ? c->object : "",
				s == SEC_WX && c->object ? ": " : "", c->detail,
				effect_tag(c->effect));
			for (size_t k = 0; k < c->evidence.n; k++)
				fprintf(f, "      - %s\n", c->evidence.v[k]);
		}
	}
	if (d->n_changes == 0)
		fputs("\nNo differences.\n", f);
	if (d->fails) {
		if (d->breaks && unit_breaks(d))
			fputs("\nResult: BREAKS: the checked unit breaks the service:\n", f);
		else if (d->breaks)
			fprintf(f, "\nResult: BREAKS: directives derived from %s would break:\n",
				d->old_name);
		else
			fprintf(f,
				"\nResult: CHANGED: the directives derived from %s change "
				"(nothing breaks; review the unit):\n",
				d->old_name);
		for (size_t i = 0; i < d->reasons.n; i++)
			fprintf(f, "  - %s\n", d->reasons.v[i]);
	} else {
		fprintf(f, "\nResult: OK: the directives derived from %s still hold.\n",
			d->old_name);
	}
	return ferror(f) ? -EIO : 0;
}

static void md_cell(FILE *f, const char *s)
{
	char *text = str_markdown_cell(s);

	fputs(text, f);
	free(text);
}

int diff_render_markdown(const struct diff *d, FILE *f)
{
	fprintf(f, "### seccompat re-check: %s\n\n",
		d->breaks  ? (unit_breaks(d) ? "the checked unit **breaks** the service"
					     : "**breaks** directives derived before")
		: d->fails ? "the derived directives **change**"
			   : "directives still hold");
	fputs("`", f);
	md_cell(f, d->old_name);
	fputs("` → `", f);
	md_cell(f, d->new_name);
	fprintf(f, "`: %zu → %zu objects (%zu added, %zu removed, %zu changed, %zu unchanged)\n",
		d->n_old_objects, d->n_new_objects, d->n_added, d->n_removed, d->n_changed,
		d->n_unchanged);
	if (d->fails) {
		fputs(d->breaks ? "\n**Why it breaks**\n\n" : "\n**What changes**\n\n", f);
		for (size_t i = 0; i < d->reasons.n; i++) {
			fputs("- ", f);
			md_cell(f, d->reasons.v[i]);
			fputc('\n', f);
		}
	}
	for (enum section s = 0; s < SEC_MAX; s++) {
		bool title = false;

		for (size_t i = 0; i < d->n_changes; i++) {
			const struct diff_change *c = &d->changes[i];

			if (section_of(c) != s)
				continue;
			if (!title) {
				fprintf(f,
					"\n#### %s\n\n| Effect | Object | Change "
					"|\n|---|---|---|\n",
					section_titles[s]);
				title = true;
			}
			fprintf(f, "| %s | ", diff_effect_name(c->effect));
			if (c->object) {
				fputc('`', f);
				md_cell(f, c->object);
				fputc('`', f);
			}
			fputs(" | ", f);
			md_cell(f, c->detail);
			for (size_t k = 0; k < c->evidence.n; k++) {
				fputs("<br>• ", f);
				md_cell(f, c->evidence.v[k]);
			}
			fputs(" |\n", f);
		}
	}
	if (d->n_changes == 0)
		fputs("\nNo differences.\n", f);
	return ferror(f) ? -EIO : 0;
}

static json_object *change_json(const struct diff_change *c)
{
	json_object *j = json_object_new_object();

	json_object_object_add(j, "kind", json_object_new_string(diff_kind_name(c->kind)));
	json_object_object_add(j, "effect", json_object_new_string(diff_effect_name(c->effect)));
	json_object_object_add(j, "object", jsonout_string_or_null(c->object));
	json_object_object_add(j, "subject", jsonout_string_or_null(c->subject));
	json_object_object_add(j, "old", jsonout_string_or_null(c->old_value));
	json_object_object_add(j, "new", jsonout_string_or_null(c->new_value));
	json_object_object_add(j, "detail", json_object_new_string(c->detail));
	if (c->evidence.n) {
		json_object *e = json_object_new_array();

		for (size_t k = 0; k < c->evidence.n; k++)
			json_object_array_add(e, json_object_new_string(c->evidence.v[k]));
		json_object_object_add(j, "evidence", e);
	}
	return j;
}

json_object *diff_json_doc(const struct diff *d)
{
	json_object *doc = jsonout_document(NULL), *summary = json_object_new_object(),
		    *changes = json_object_new_array(), *objects = json_object_new_array(),
		    *reasons = json_object_new_array();

	json_object_object_add(doc, "kind", json_object_new_string("diff"));
	json_object_object_add(doc, "old", json_object_new_string(d->old_name));
	json_object_object_add(doc, "new", json_object_new_string(d->new_name));
	json_object_object_add(doc, "breaks", json_object_new_boolean(d->breaks));
	json_object_object_add(doc, "fails", json_object_new_boolean(d->fails));
	json_object_object_add(doc, "exit", json_object_new_int(d->fails ? 1 : 0));
	for (size_t i = 0; i < d->reasons.n; i++)
		json_object_array_add(reasons, json_object_new_string(d->reasons.v[i]));
	json_object_object_add(doc, "reasons", reasons);
	json_object_object_add(summary, "old_objects",
			       json_object_new_int64((int64_t)d->n_old_objects));
	json_object_object_add(summary, "new_objects",
			       json_object_new_int64((int64_t)d->n_new_objects));
	json_object_object_add(summary, "added", json_object_new_int64((int64_t)d->n_added));
	json_object_object_add(summary, "removed", json_object_new_int64((int64_t)d->n_removed));
	json_object_object_add(summary, "changed", json_object_new_int64((int64_t)d->n_changed));
	json_object_object_add(summary, "unchanged",
			       json_object_new_int64((int64_t)d->n_unchanged));
	json_object_object_add(doc, "summary", summary);

	/* "objects": one entry per object that changed, with its changes;
	 * "changes": everything else (service-wide sets, directives,
	 * verdicts). */
	for (size_t k = 0; k < d->n_objects; k++) {
		const struct diff_object *x = &d->objects[k];
		json_object *jo = json_object_new_object(), *list = json_object_new_array();

		json_object_object_add(jo, "path", json_object_new_string(x->path));
		json_object_object_add(jo, "abi", jsonout_string_or_null(x->abi));
		json_object_object_add(jo, "role", jsonout_string_or_null(x->role));
		json_object_object_add(jo, "status", json_object_new_string(x->status));
		for (size_t i = 0; i < d->n_changes; i++) {
			const struct diff_change *c = &d->changes[i];

			if (section_of(c) == SEC_OBJECTS && str_eq(c->object, x->path))
				json_object_array_add(list, change_json(c));
		}
		json_object_object_add(jo, "changes", list);
		json_object_array_add(objects, jo);
	}
	for (size_t i = 0; i < d->n_changes; i++)
		if (section_of(&d->changes[i]) != SEC_OBJECTS)
			json_object_array_add(changes, change_json(&d->changes[i]));
	json_object_object_add(doc, "objects", objects);
	json_object_object_add(doc, "changes", changes);
	return doc;
}

int diff_render_json(const struct diff *d, FILE *f)
{
	json_object *doc = diff_json_doc(d);
	int r = jsonout_write(doc, f);

	json_object_put(doc);
	return r;
}
