// SPDX-License-Identifier: MIT
/* Comparing two loaded results (diff_load.c) into a list of changes, each
 * with its effect, by the decision rule of diff.h. Nothing here reads JSON
 * or prints. */
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "diff_int.h"

static bool str_eq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

static const char *or_q(const char *s)
{
	return s ? s : "?";
}

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

static const char *base_name(const char *p)
{
	const char *s = p ? strrchr(p, '/') : NULL;

	return s ? s + 1 : p;
}

static char *short_hash(const char *h)
{
	return h ? xstrndup(h, 12) : xstrdup("?");
}

/* ---- syscalls ---- */

/* The names of a set, sorted, each once. */
static void set_names(const struct dd_set *s, struct strv *out)
{
	for (size_t i = 0; s && i < s->n; i++)
		strv_push(out, s->v[i].name);
	strv_sort_unique(out);
}

static const struct dd_syscall *find_named(const struct dd_set *s, const char *name)
{
	for (size_t i = 0; s && i < s->n; i++)
		if (strcmp(s->v[i].name, name) == 0)
			return &s->v[i];
	return NULL;
}

/* One site, one line: "engine_srv.so: .text+0x5a4 (f+0x14) via f ->
 * syscall@libc.so.6". */
static char *site_line(const struct dd_site *s)
{
	char *head = xasprintf("%s%s%s", s->object ? base_name(s->object) : "",
			       s->object ? ": " : "", or_q(s->location));
	char *out;

	if (!s->chain)
		return head;
	out = xasprintf("%s via %s", head, s->chain);
	free(head);
	return out;
}

/* Where a syscall comes from, one line: the first provenance record (and
 * how many more) and the confidence. */
static char *provenance_line(const struct dd_syscall *e)
{
	char *s = NULL, *out;

	if (!e)
		return NULL;
	if (e->n_prov) {
		char *one = site_line(&e->prov[0]);

		s = e->n_prov > 1 ? xasprintf("%s, and %zu more", one, e->n_prov - 1) : one;
		if (s != one)
			free(one);
	}
	if (!e->confidence)
		return s;
	out = s ? xasprintf("%s; %s", s, e->confidence) : xstrdup(e->confidence);
	free(s);
	return out;
}

/* The syscalls of one ABI, service-wide (object NULL) or of one object. */
static void compare_sets(struct diff *d, const char *object, const char *abi,
			 const struct dd_set *os, const struct dd_set *ns)
{
	struct strv o = {0}, n = {0};
	const char *label = abi ? abi : "syscall";

	set_names(os, &o);
	set_names(ns, &n);
	for (size_t i = 0; i < n.n; i++) {
		char *prov;

		if (strv_contains(&o, n.v[i]))
			continue;
		prov = provenance_line(find_named(ns, n.v[i]));
		add_change(d, DIFF_SYSCALL_ADDED, DIFF_WORSE, object, n.v[i], NULL, prov,
			   "%s: + %s%s%s%s", label, n.v[i], prov ? " (" : "", prov ? prov : "",
			   prov ? ")" : "");
		free(prov);
	}
	for (size_t i = 0; i < n.n; i++) {
		const struct dd_syscall *a = find_named(os, n.v[i]), *b = find_named(ns, n.v[i]);
		char *prov;

		if (!a || !b || !a->confidence || !b->confidence ||
		    str_eq(a->confidence, b->confidence))
			continue;
		prov = provenance_line(b);
		add_change(d, DIFF_SYSCALL_CONFIDENCE, DIFF_NEUTRAL, object, n.v[i], a->confidence,
			   b->confidence, "%s: %s %s -> %s%s%s%s", label, n.v[i], a->confidence,
			   b->confidence, prov ? " (" : "", prov ? prov : "", prov ? ")" : "");
		free(prov);
	}
	for (size_t i = 0; i < o.n; i++) {
		char *prov;

		if (strv_contains(&n, o.v[i]))
			continue;
		prov = provenance_line(find_named(os, o.v[i]));
		add_change(d, DIFF_SYSCALL_REMOVED, DIFF_BETTER, object, o.v[i], prov, NULL,
			   "%s: - %s%s%s%s", label, o.v[i], prov ? " (was: " : "", prov ? prov : "",
			   prov ? ")" : "");
		free(prov);
	}
	strv_clear(&o);
	strv_clear(&n);
}

static const struct dd_set *find_set(const struct diff_doc *doc, const char *abi)
{
	for (size_t i = 0; i < doc->n_syscalls; i++)
		if (strcmp(doc->syscalls[i].abi, abi) == 0)
			return &doc->syscalls[i];
	return NULL;
}

/* Service-wide syscall sets, per ABI ("syscalls": {"x86": [...]}). */
static void compare_syscalls(struct diff *d, const struct diff_doc *od, const struct diff_doc *nd)
{
	struct strv abis = {0};

	for (size_t i = 0; i < od->n_syscalls; i++)
		strv_push(&abis, od->syscalls[i].abi);
	for (size_t i = 0; i < nd->n_syscalls; i++)
		strv_push(&abis, nd->syscalls[i].abi);
	strv_sort_unique(&abis);
	for (size_t i = 0; i < abis.n; i++)
		compare_sets(d, NULL, abis.v[i], find_set(od, abis.v[i]), find_set(nd, abis.v[i]));
	strv_clear(&abis);
}

/* Sites whose identity is not their address, which moves when anything
 * is rebuilt: W->X sites by object, function, callee and protections;
 * unresolved gates by object, function and what is not known. */
static bool wx_same(const struct dd_site *a, const struct dd_site *b)
{
	return str_eq(a->object, b->object) && str_eq(a->function, b->function) &&
	       str_eq(a->callee, b->callee) && str_eq(a->prot, b->prot);
}

static bool unresolved_same(const struct dd_site *a, const struct dd_site *b)
{
	return str_eq(a->object, b->object) && str_eq(a->function, b->function) &&
	       str_eq(a->what, b->what);
}

static bool has_site(const struct dd_site *v, size_t n, const struct dd_site *s,
		     bool (*same)(const struct dd_site *, const struct dd_site *))
{
	for (size_t i = 0; i < n; i++)
		if (same(&v[i], s))
			return true;
	return false;
}

static char *wx_line(const struct dd_site *s)
{
	char *head = site_line(s), *out;

	if (!s->callee)
		return head;
	out = xasprintf("%s: %s%s%s", head, s->callee, s->prot ? " prot " : "",
			s->prot ? s->prot : "");
	free(head);
	return out;
}

static void compare_wx(struct diff *d, const struct diff_doc *od, const struct diff_doc *nd)
{
	for (int pass = 0; pass < 2; pass++) {
		const struct diff_doc *x = pass ? od : nd, *y = pass ? nd : od;
		bool added = !pass;

		for (size_t i = 0; i < x->n_wx; i++) {
			const struct dd_site *e = &x->wx[i];
			char *line;

			if (has_site(y->wx, y->n_wx, e, wx_same))
				continue;
			line = wx_line(e);
			add_change(d, added ? DIFF_WX_ADDED : DIFF_WX_REMOVED,
				   added ? DIFF_WORSE : DIFF_BETTER, e->object, NULL,
				   added ? NULL : line, added ? line : NULL, "W->X site: %c %s",
				   added ? '+' : '-', line);
			free(line);
		}
	}
}

/* Syscall sites whose number the engine could not resolve: each makes the
 * syscall set incomplete. A new one under a justified SystemCallFilter=
 * needs review: the filter was derived without knowing that call, and the
 * kernel kills the process if it is outside the list. */
static void compare_unresolved(struct diff *d, const struct diff_doc *od, const struct diff_doc *nd)
{
	bool filter = diff_doc_directive(od, "SystemCallFilter") != NULL;

	for (int pass = 0; pass < 2; pass++) {
		const struct diff_doc *x = pass ? od : nd, *y = pass ? nd : od;

		for (size_t i = 0; i < x->n_unresolved; i++) {
			const struct dd_site *e = &x->unresolved[i];
			char *line;

			if (has_site(y->unresolved, y->n_unresolved, e, unresolved_same))
				continue;
			line = site_line(e);
			add_change(d, DIFF_UNRESOLVED,
				   pass	    ? DIFF_BETTER
				   : filter ? DIFF_REVIEW
					    : DIFF_WORSE,
				   e->object, e->what, pass ? line : NULL, pass ? NULL : line,
				   "%s %s: %s",
				   pass ? "resolved now:" : "unresolved:", or_q(e->what), line);
			if (!pass && filter)
				add_reason(d, "SystemCallFilter= may not hold: an unknown %s at %s",
					   e->what ? e->what : "syscall", line);
			free(line);
		}
	}
}

/* ---- facts of one object ---- */

static int64_t by_type(const struct dd_object *o, const char *type)
{
	for (size_t i = 0; o && i < o->n_by_type; i++)
		if (strcmp(o->by_type[i].name, type) == 0)
			return o->by_type[i].n;
	return 0;
}

/* "R_386_PC32 40 -> 45, R_386_32 0 -> 2" for the types whose count changed. */
static char *by_type_changes(const struct dd_object *o, const struct dd_object *n)
{
	struct strv types = {0};
	char *out = xstrdup("");

	for (size_t i = 0; o && i < o->n_by_type; i++)
		strv_push(&types, o->by_type[i].name);
	for (size_t i = 0; i < n->n_by_type; i++)
		strv_push(&types, n->by_type[i].name);
	strv_sort_unique(&types);
	for (size_t i = 0; i < types.n; i++) {
		int64_t a = by_type(o, types.v[i]), b = by_type(n, types.v[i]);
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

static void compare_textrel(struct diff *d, const struct dd_object *o, const struct dd_object *n)
{
	int64_t a = o ? o->tr_count : 0, b = n->tr_count;
	bool fa = o && o->tr_flagged, fb = n->tr_flagged;
	char av[32], bv[32], *types;

	if (!n->has_textrel || (a == b && fa == fb))
		return;
	snprintf(av, sizeof(av), "%" PRId64, a);
	snprintf(bv, sizeof(bv), "%" PRId64, b);
	types = by_type_changes(o, n);
	if (!o)
		add_change(d, DIFF_TEXTREL, b || fb ? DIFF_WORSE : DIFF_NEUTRAL, n->path, NULL,
			   NULL, bv, "text relocations: %" PRId64 "%s", b,
			   fb ? " (DT_TEXTREL set)" : "");
	else
		add_change(d, DIFF_TEXTREL, b > a || (fb && !fa) ? DIFF_WORSE : DIFF_BETTER,
			   n->path, NULL, av, bv,
			   "text relocations: %" PRId64 " -> %" PRId64 " (%+" PRId64 "%s%s)%s", a,
			   b, b - a, *types ? "; " : "", types,
			   fa && !fb   ? "; no longer flagged TEXTREL"
			   : !fa && fb ? "; now flagged TEXTREL"
				       : "");
	free(types);
}

static const char *exec_word(bool exec)
{
	return exec ? "executable" : "not executable";
}

static void compare_stack(struct diff *d, const struct dd_object *o, const struct dd_object *n)
{
	bool ea = o && o->st_exec, eb = n->st_exec;
	bool ra = o && o->st_rie, rb = n->st_rie;
	const char *fa = o ? o->st_flags : NULL, *fb = n->st_flags;
	const char *how = n->st_pt_gnu_stack ? "PT_GNU_STACK" : "no PT_GNU_STACK";

	if (!n->has_stack)
		return;
	if (ea != eb)
		add_change(d, DIFF_STACK, eb ? DIFF_WORSE : DIFF_BETTER, n->path, "executable",
			   o ? exec_word(ea) : NULL, exec_word(eb), "stack: %s%s (%s %s)",
			   o ? (ea ? "executable -> " : "not executable -> ") : "", exec_word(eb),
			   how, or_q(fb));
	else if (o && !str_eq(fa, fb))
		add_change(d, DIFF_STACK, DIFF_NEUTRAL, n->path, "flags", fa, fb,
			   "stack: %s flags %s -> %s", how, or_q(fa), or_q(fb));
	if (ra != rb)
		add_change(d, DIFF_STACK, rb ? DIFF_WORSE : DIFF_BETTER, n->path,
			   "read_implies_exec", ra ? "true" : "false", rb ? "true" : "false",
			   "READ_IMPLIES_EXEC personality at exec: %s%s",
			   o ? (ra ? "yes -> " : "no -> ") : "", rb ? "yes" : "no");
}

static char *rwx_line(const struct dd_object *o)
{
	char *out = xstrdup("");

	for (size_t i = 0; o && i < o->n_rwx; i++) {
		const struct dd_rwx *g = &o->rwx[i];
		char *next = xasprintf("%s%sPT_LOAD[%" PRId64 "] %s %s", out, i ? ", " : "",
				       g->phdr, or_q(g->vaddr), or_q(g->flags));

		free(out);
		out = next;
	}
	return out;
}

static void compare_segments(struct diff *d, const struct dd_object *o, const struct dd_object *n)
{
	size_t a = o ? o->n_rwx : 0, b = n->n_rwx;
	bool ta = o && o->tls_exec, tb = n->tls_exec;

	if (!n->has_segments)
		return;
	if (a != b) {
		char *ol = rwx_line(o), *nl = rwx_line(n);

		add_change(d, DIFF_SEGMENTS, b > a ? DIFF_WORSE : DIFF_BETTER, n->path, "rwx",
			   o ? ol : NULL, nl, "writable+executable segments: %zu -> %zu%s%s", a, b,
			   b ? ": " : "", nl);
		free(ol);
		free(nl);
	}
	if (ta != tb && (o || tb))
		add_change(d, DIFF_SEGMENTS, DIFF_NEUTRAL, n->path, "tls_executable",
			   ta ? "true" : "false", tb ? "true" : "false",
			   "PT_TLS executable: %s -> %s (harmless: the image is copied)",
			   ta ? "yes" : "no", tb ? "yes" : "no");
}

/* An object's own syscalls ("reachable"), compared as one set of its ABI;
 * an added object says how many it brings. */
static void compare_object_syscalls(struct diff *d, const struct dd_object *o,
				    const struct dd_object *n)
{
	if (!n->has_syscalls)
		return;
	if (!o) {
		struct strv names = {0};

		set_names(&n->reachable, &names);
		if (names.n)
			add_change(d, DIFF_SYSCALL_ADDED, DIFF_NEUTRAL, n->path, NULL, NULL, NULL,
				   "%s: %zu syscalls in its code",
				   n->sys_abi ? n->sys_abi : "syscalls", names.n);
		strv_clear(&names);
		return;
	}
	compare_sets(d, n->path, n->sys_abi, &o->reachable, &n->reachable);
}

/* Facts of one object; o is NULL for an added object, whose facts are then
 * compared against "nothing" (only what it brings shows). */
static void compare_facts(struct diff *d, const struct dd_object *o, const struct dd_object *n)
{
	compare_textrel(d, o, n);
	compare_stack(d, o, n);
	compare_segments(d, o, n);
	compare_object_syscalls(d, o, n);
}

/* ---- objects ---- */

/* How objects are paired: the same display path; failing that the same
 * real path; failing that one object of the same file name and ABI on each
 * side (a tree saved under one directory and re-analysed under another). */
enum match_rule {
	MATCH_PATH,
	MATCH_REAL_PATH,
	MATCH_BASENAME,
	MATCH_RULE_MAX
};

static bool rule_eq(enum match_rule r, const struct dd_object *a, const struct dd_object *b)
{
	switch (r) {
	case MATCH_PATH:
		return str_eq(a->path, b->path);
	case MATCH_REAL_PATH:
		return a->real_path && str_eq(a->real_path, b->real_path);
	case MATCH_BASENAME:
		return str_eq(base_name(a->path), base_name(b->path)) && str_eq(a->abi, b->abi);
	default:
		return false;
	}
}

/* om[j] / nm[i]: the index of the object's match on the other side, -1. */
static void match_objects(const struct diff_doc *od, const struct diff_doc *nd, ssize_t *om,
			  ssize_t *nm)
{
	for (enum match_rule r = 0; r < MATCH_RULE_MAX; r++)
		for (size_t i = 0; i < nd->n_objects; i++) {
			ssize_t found = -1;
			size_t hits = 0;

			if (nm[i] >= 0)
				continue;
			for (size_t j = 0; j < od->n_objects; j++)
				if (om[j] < 0 && rule_eq(r, &od->objects[j], &nd->objects[i])) {
					found = (ssize_t)j;
					hits++;
				}
			if (hits == 0 || (r == MATCH_BASENAME && hits > 1))
				continue;
			if (r == MATCH_BASENAME) {
				size_t other = 0;

				for (size_t k = 0; k < nd->n_objects; k++)
					if (nm[k] < 0 &&
					    rule_eq(r, &od->objects[found], &nd->objects[k]))
						other++;
				if (other > 1)
					continue;
			}
			nm[i] = found;
			om[found] = (ssize_t)i;
		}
}

static void add_object(struct diff *d, const struct dd_object *o, const char *status)
{
	struct diff_object *x;

	GROW(d->objects, d->cap_objects, d->n_objects);
	x = &d->objects[d->n_objects++];
	x->path = xstrdup(o->path);
	x->abi = o->abi ? xstrdup(o->abi) : NULL;
	x->role = o->role ? xstrdup(o->role) : NULL;
	x->status = status;
}

static void compare_objects(struct diff *d, const struct diff_doc *od, const struct diff_doc *nd)
{
	ssize_t *om = xcalloc(od->n_objects + 1, sizeof(*om)),
		*nm = xcalloc(nd->n_objects + 1, sizeof(*nm));

	for (size_t j = 0; j < od->n_objects; j++)
		om[j] = -1;
	for (size_t i = 0; i < nd->n_objects; i++)
		nm[i] = -1;
	d->n_old_objects = od->n_objects;
	d->n_new_objects = nd->n_objects;
	match_objects(od, nd, om, nm);

	for (size_t i = 0; i < nd->n_objects; i++) {
		const struct dd_object *n = &nd->objects[i],
				       *o = nm[i] >= 0 ? &od->objects[nm[i]] : NULL;
		size_t before = d->n_changes;

		if (!o) {
			d->n_added++;
			add_change(d, DIFF_OBJECT_ADDED, DIFF_NEUTRAL, n->path, NULL, NULL,
				   n->sha256, "added (%s, %s)", or_q(n->abi), or_q(n->role));
			compare_facts(d, NULL, n);
			add_object(d, n, "added");
			continue;
		}
		if (!str_eq(o->path, n->path))
			add_change(d, DIFF_OBJECT_MOVED, DIFF_NEUTRAL, n->path, NULL, o->path,
				   n->path, "moved from %s", o->path);
		if (!str_eq(o->sha256, n->sha256)) {
			char *a = short_hash(o->sha256), *b = short_hash(n->sha256);

			add_change(d, DIFF_OBJECT_CHANGED, DIFF_NEUTRAL, n->path, NULL, o->sha256,
				   n->sha256,
				   "content changed (sha256 %s -> %s, %" PRId64 " -> %" PRId64
				   " bytes)",
				   a, b, o->size, n->size);
			free(a);
			free(b);
		}
		if (!str_eq(o->abi, n->abi))
			add_change(d, DIFF_OBJECT_ABI, DIFF_NEUTRAL, n->path, NULL, o->abi, n->abi,
				   "ABI: %s -> %s", or_q(o->abi), or_q(n->abi));
		compare_facts(d, o, n);
		if (!str_eq(o->sha256, n->sha256)) {
			d->n_changed++;
			add_object(d, n, "changed");
		} else if (d->n_changes == before) {
			d->n_unchanged++;
		} else {
			d->n_changed++;
			add_object(d, n, str_eq(o->path, n->path) ? "facts" : "moved");
		}
	}
	for (size_t j = 0; j < od->n_objects; j++) {
		const struct dd_object *o = &od->objects[j];

		if (om[j] >= 0)
			continue;
		d->n_removed++;
		add_change(d, DIFF_OBJECT_REMOVED, DIFF_NEUTRAL, o->path, NULL, o->sha256, NULL,
			   "removed (was %s, %s)", or_q(o->abi), or_q(o->role));
		add_object(d, o, "removed");
	}
	free(om);
	free(nm);
}

static void compare_options(struct diff *d, const struct diff_doc *od, const struct diff_doc *nd)
{
	for (size_t i = 0; i < DD_OPT_MAX; i++) {
		const char *a = od->options[i], *b = nd->options[i];

		if (!str_eq(a, b))
			add_change(
				d, DIFF_OPTIONS, DIFF_NEUTRAL, NULL, diff_option_keys[i], a, b,
				"target %s: %s -> %s (verdicts may change for this reason alone)",
				diff_option_keys[i], a ? a : "unset", b ? b : "unset");
	}
}

/* ---- directives and verdicts, whatever their names ---- */

/* Whether the new value of a directive needs something the old value did
 * not grant. Values are allow-lists (SystemCallArchitectures=native x86,
 * SystemCallFilter=@system-service) unless they start with "~", which
 * systemd reads as a deny-list (systemd.exec(5), SystemCallFilter=). For an
 * allow-list a token only in the new value is needed and missing from the
 * old; for a deny-list a token only in the old value denies something the
 * new analysis says is used. "yes"/"no" values are handled by the caller
 * (the directive is there or not). */
static bool value_needs_more(const struct dd_value *ov, const struct dd_value *nv)
{
	if (ov->deny || nv->deny) {
		for (size_t i = 0; i < ov->tok.n; i++)
			if (!strv_contains(&nv->tok, ov->tok.v[i]))
				return true;
		return false;
	}
	/* "none" is the empty list (RestrictAddressFamilies=none): it needs
	 * nothing the old value lacks. */
	for (size_t i = 0; i < nv->tok.n; i++)
		if (strcmp(nv->tok.v[i], "none") != 0 && !strv_contains(&ov->tok, nv->tok.v[i]))
			return true;
	return false;
}

/* "+ bpf, - chroot" between two directive values with the same number of
 * lines (each line compared with its counterpart), or NULL. */
static char *value_delta(const struct dd_value *ov, const struct dd_value *nv)
{
	char *out;

	if (ov->n_lines != nv->n_lines)
		return NULL;
	for (size_t l = 0; l < ov->n_lines; l++)
		if (!ov->lines[l] || !nv->lines[l])
			return NULL;
	out = xstrdup("");
	for (size_t l = 0; l < ov->n_lines; l++) {
		struct strv ta = {0}, tb = {0};

		strv_split(&ta, ov->lines[l], " \t", false);
		strv_split(&tb, nv->lines[l], " \t", false);
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
	free(out);
	return NULL;
}

static void compare_directive(struct diff *d, const char *name, const struct dd_value *ov,
			      const struct dd_value *nv)
{
	const char *a = ov ? ov->line : NULL, *b = nv ? nv->line : NULL;
	char *delta;

	if (str_eq(a, b))
		return;
	if (!ov) {
		add_change(d, DIFF_DIRECTIVE, DIFF_REVIEW, NULL, name, NULL, b,
			   "%s=%s is newly derived", name, b);
		add_reason(d, "a new directive can be set: %s=%s", name, b);
		return;
	}
	if (!nv) {
		add_change(d, DIFF_DIRECTIVE, DIFF_BREAKS, NULL, name, a, NULL,
			   "%s=%s is no longer tolerated", name, a);
		add_reason(d, "%s=%s no longer holds", name, a);
		return;
	}
	delta = value_delta(ov, nv);
	if (!value_needs_more(ov, nv)) {
		add_change(d, DIFF_DIRECTIVE, DIFF_REVIEW, NULL, name, a, b, "%s=: %s (tighter)",
			   name, delta ? delta : b);
		add_reason(d, "%s= can be tightened: %s", name, delta ? delta : b);
	} else if (delta) {
		add_change(d, DIFF_DIRECTIVE, DIFF_BREAKS, NULL, name, a, b, "%s=: %s", name,
			   delta);
		add_reason(d, "%s= would break: the re-analysis changes it: %s", name, delta);
	} else {
		add_change(d, DIFF_DIRECTIVE, DIFF_BREAKS, NULL, name, a, b, "%s=%s -> %s=%s", name,
			   a, name, b);
		add_reason(d, "%s=%s would break: the re-analysis needs %s=%s", name, a, name, b);
	}
	free(delta);
}

static void compare_directives(struct diff *d, const struct diff_doc *od, const struct diff_doc *nd)
{
	struct strv names = {0};

	for (size_t i = 0; i < od->n_directives; i++)
		strv_push(&names, od->directives[i].name);
	for (size_t i = 0; i < nd->n_directives; i++)
		strv_push(&names, nd->directives[i].name);
	strv_sort_unique(&names);
	for (size_t i = 0; i < names.n; i++) {
		const struct dd_directive *o = diff_doc_directive(od, names.v[i]),
					  *n = diff_doc_directive(nd, names.v[i]);

		compare_directive(d, names.v[i], o ? &o->value : NULL, n ? &n->value : NULL);
	}
	strv_clear(&names);
}

/* A blocker's identity: which object, and what kind of fact. */
static bool has_blocker(const struct dd_verdict *v, const struct dd_evidence *b)
{
	for (size_t i = 0; v && i < v->n_blockers; i++)
		if (str_eq(v->blockers[i].object ? v->blockers[i].object : "",
			   b->object ? b->object : "") &&
		    str_eq(v->blockers[i].kind ? v->blockers[i].kind : "", b->kind ? b->kind : ""))
			return true;
	return false;
}

static const char *tolerated_word(bool t)
{
	return t ? "tolerated" : "not tolerated";
}

static void compare_verdict(struct diff *d, const char *name, const struct dd_verdict *o,
			    const struct dd_verdict *n, bool justified)
{
	bool ta = o && o->tolerated, tb = n && n->tolerated;

	if (o && n && ta != tb)
		add_change(d, DIFF_VERDICT,
			   justified && !tb ? DIFF_BREAKS
			   : tb		    ? DIFF_BETTER
					    : DIFF_WORSE,
			   NULL, name, tolerated_word(ta), tolerated_word(tb), "%s=: %s -> %s",
			   name, tolerated_word(ta), tolerated_word(tb));
	else if (!o || !n)
		add_change(d, DIFF_VERDICT, DIFF_NEUTRAL, NULL, name, o ? tolerated_word(ta) : NULL,
			   n ? tolerated_word(tb) : NULL, "%s=: %s", name,
			   o ? "no verdict in the new result" : "no verdict in the old result");
	for (size_t j = 0; n && j < n->n_blockers; j++) {
		const struct dd_evidence *b = &n->blockers[j];
		const char *obj = b->object;

		if (has_blocker(o, b))
			continue;
		add_change(d, DIFF_BLOCKER_ADDED, justified ? DIFF_BREAKS : DIFF_WORSE, obj, name,
			   NULL, b->detail, "%s=: new blocker: %s%s%s", name, obj ? obj : "",
			   obj ? ": " : "", or_q(b->detail));
		if (justified)
			add_reason(d, "%s= would break: %s%s%s", name, obj ? obj : "",
				   obj ? ": " : "", or_q(b->detail));
	}
	for (size_t j = 0; o && j < o->n_blockers; j++) {
		const struct dd_evidence *b = &o->blockers[j];
		const char *obj = b->object;

		if (!has_blocker(n, b))
			add_change(d, DIFF_BLOCKER_REMOVED, DIFF_BETTER, obj, name, b->detail, NULL,
				   "%s=: blocker gone: %s%s%s", name, obj ? obj : "",
				   obj ? ": " : "", or_q(b->detail));
	}
}

/* A directive the old result derived is justified: the unit was written
 * from it, so what breaks it fails the re-check. */
static void compare_verdicts(struct diff *d, const struct diff_doc *od, const struct diff_doc *nd)
{
	struct strv names = {0};

	for (size_t i = 0; i < od->n_verdicts; i++)
		strv_push(&names, od->verdicts[i].name);
	for (size_t i = 0; i < nd->n_verdicts; i++)
		strv_push(&names, nd->verdicts[i].name);
	strv_sort_unique(&names);
	for (size_t i = 0; i < names.n; i++)
		compare_verdict(d, names.v[i], diff_doc_verdict(od, names.v[i]),
				diff_doc_verdict(nd, names.v[i]),
				diff_doc_directive(od, names.v[i]) != NULL);
	strv_clear(&names);
}

static bool same_diag(const struct dd_diag *a, const struct dd_diag *b)
{
	return str_eq(a->level ? a->level : "", b->level ? b->level : "") &&
	       str_eq(a->path ? a->path : "", b->path ? b->path : "") &&
	       str_eq(a->message ? a->message : "", b->message ? b->message : "");
}

/* New errors and warnings; notes are not compared. */
static void compare_diagnostics(struct diff *d, const struct diff_doc *od,
				const struct diff_doc *nd)
{
	for (size_t i = 0; i < nd->n_diags; i++) {
		const struct dd_diag *e = &nd->diags[i];
		bool seen = false;

		if (!str_eq(e->level, "error") && !str_eq(e->level, "warning"))
			continue;
		for (size_t j = 0; j < od->n_diags && !seen; j++)
			seen = same_diag(&od->diags[j], e);
		if (!seen)
			add_change(d, DIFF_DIAGNOSTIC,
				   str_eq(e->level, "error") ? DIFF_WORSE : DIFF_NEUTRAL, e->path,
				   e->level, NULL, e->message, "%s%s%s: %s", e->path ? e->path : "",
				   e->path ? ": " : "", e->level, or_q(e->message));
	}
}

/* ---- the checked unit ---- */

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
static void unit_evidence(struct diff_change *c, const struct dd_unit_item *item,
			  const struct dd_unit_item *other, bool breaks_only)
{
	for (size_t i = 0; i < item->n_reasons; i++) {
		const char *e = item->reasons[i];
		bool seen = false;

		/* What breaks is certain; the possible conflicts are the
		 * risk that was there before. */
		if (breaks_only && (strstr(e, "(possible)") || strstr(e, "more possible")))
			continue;
		for (size_t j = 0; other && j < other->n_reasons && !seen; j++)
			seen = strcmp(e, other->reasons[j]) == 0;
		if (!seen)
			strv_push(&c->evidence, e);
	}
}

static const struct dd_unit_file *find_unit_file(const struct diff_doc *doc, const char *path)
{
	for (size_t i = 0; i < doc->n_unit_files; i++)
		if (str_eq(path, doc->unit_files[i].path))
			return &doc->unit_files[i];
	return NULL;
}

/* The unit's files ("unit": {"files": [{"path", "sha256"}]}): edited,
 * added or gone. The statuses tell what an edit does; this says that the
 * deployed unit is not the one the baseline judged. */
static void compare_unit_files(struct diff *d, const struct diff_doc *od, const struct diff_doc *nd)
{
	for (int pass = 0; pass < 2; pass++) {
		const struct diff_doc *x = pass ? od : nd, *y = pass ? nd : od;

		for (size_t i = 0; i < x->n_unit_files; i++) {
			const struct dd_unit_file *e = &x->unit_files[i];
			const struct dd_unit_file *match = find_unit_file(y, e->path);

			if (!e->path)
				continue;
			if (!match) {
				add_change(d, DIFF_UNIT_FILE, DIFF_NEUTRAL, e->path, "unit", NULL,
					   NULL, "%s: %s", e->path,
					   pass ? "no longer read (the unit or drop-in is gone)"
						: "newly read (a unit file or drop-in the baseline "
						  "did not have)");
			} else if (!pass && !str_eq(e->sha256, match->sha256)) {
				char *a = short_hash(match->sha256), *b = short_hash(e->sha256);

				add_change(d, DIFF_UNIT_FILE, DIFF_NEUTRAL, e->path, "unit",
					   match->sha256, e->sha256,
					   "%s: the unit changed (sha256 %s -> %s)", e->path, a, b);
				free(a);
				free(b);
			}
		}
	}
}

/* One directive of the checked unit; o is NULL when the baseline did not
 * check it, and baseline_checked tells whether it checked a unit at all. */
static void compare_unit_item(struct diff *d, const char *uname, const char *name,
			      const struct dd_unit_item *o, const struct dd_unit_item *n,
			      bool baseline_checked)
{
	const char *os = o ? o->status : NULL, *ns = n->status;
	const char *ov = o ? o->value : NULL, *nv = n->value;
	int orank = status_rank(os), nrank = status_rank(ns);
	struct diff_change *c;

	if (nrank < 0)
		return;
	if (baseline_checked && !str_eq(ov, nv))
		add_change(d, DIFF_UNIT_VALUE, DIFF_NEUTRAL, NULL, name, ov, nv, "%s %s=: %s -> %s",
			   uname, name, ov ? ov : "(not set)", nv ? nv : "(not set)");
	if (nrank == orank || (nrank == 0 && orank < 0))
		return;
	if (nrank < orank) {
		add_change(d, DIFF_UNIT_STATUS, DIFF_BETTER, NULL, name, os, ns, "%s %s=: %s -> %s",
			   uname, name, os, ns);
		return;
	}
	c = add_change(d, DIFF_UNIT_STATUS, nrank == 2 ? DIFF_BREAKS : DIFF_WORSE, NULL, name, os,
		       ns, "%s %s=: %s -> %s", uname, name, os ? os : "not checked", ns);
	unit_evidence(c, n, o, nrank == 2);
	if (nrank == 2)
		add_reason(d, "%s=%s of %s breaks the service now (was %s)%s%s", name, nv ? nv : "",
			   uname, os ? os : "not checked", c->evidence.n ? ": " : "",
			   c->evidence.n ? c->evidence.v[0] : "");
}

/* The checked unit ("unit_check"): a directive that moves to breaks fails
 * the re-check, one that moves to risk is reported. A baseline without a
 * unit check compares as unknown: what breaks now still fails. */
static void compare_unit(struct diff *d, const struct diff_doc *od, const struct diff_doc *nd)
{
	const char *oname = od->unit_name, *nname = nd->unit_name;
	const char *uname = nname ? nname : oname ? oname : "the unit";
	struct strv names = {0};

	if (!od->has_unit_check && !nd->has_unit_check)
		return;
	if (!nd->has_unit_check) {
		add_change(d, DIFF_UNIT_STATUS, DIFF_REVIEW, NULL, "unit", oname, NULL,
			   "the baseline checked %s; this result checks no unit", uname);
		add_reason(d, "the deployed unit %s was not re-checked (give --unit)", uname);
		return;
	}
	if (oname && nname && strcmp(oname, nname) != 0)
		add_change(d, DIFF_UNIT_VALUE, DIFF_NEUTRAL, NULL, "unit", oname, nname,
			   "checked unit: %s -> %s", oname, nname);
	compare_unit_files(d, od, nd);
	for (size_t i = 0; i < nd->n_unit_items; i++)
		strv_push(&names, nd->unit_items[i].directive);
	strv_sort_unique(&names);
	for (size_t i = 0; i < names.n; i++)
		compare_unit_item(d, uname, names.v[i], diff_doc_unit_item(od, names.v[i]),
				  diff_doc_unit_item(nd, names.v[i]), od->has_unit_check);
	strv_clear(&names);
}

struct diff *diff_compare_docs(const struct diff_doc *od, const struct diff_doc *nd)
{
	struct diff *d = xcalloc(1, sizeof(*d));

	d->old_name = xstrdup(od->name);
	d->new_name = xstrdup(nd->name);
	compare_options(d, od, nd);
	compare_objects(d, od, nd);
	compare_syscalls(d, od, nd);
	compare_unresolved(d, od, nd);
	compare_wx(d, od, nd);
	compare_directives(d, od, nd);
	compare_verdicts(d, od, nd);
	compare_diagnostics(d, od, nd);
	compare_unit(d, od, nd);
	return d;
}
