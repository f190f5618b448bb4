// SPDX-License-Identifier: MIT
/* `analyze --format text`: a concise terminal report. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "demangle.h"
#include "facts.h"
#include "render_analyze.h"
#include "unitcheck.h"
#include "verdicts.h"
#include "render_unitcheck.h"

char *render_textrel_summary(const struct sc_object *obj)
{
	const struct objfacts *f = obj->facts;
	const struct textrel_facts *t;
	char buf[256];
	size_t len;

	if (!f)
		return xstrdup("?");
	t = &f->textrel;
	if (!t->relocs_read)
		return xstrdup(t->flagged ? "flagged, unreadable" : "unreadable");
	if (!t->count)
		return xstrdup(t->flagged ? "0 (flag set)" : "0");
	len = (size_t)snprintf(buf, sizeof(buf), "%zu%s (", t->count,
			       t->flagged ? "" : " unflagged");
	for (size_t i = 0; i < t->n_by_type && len < sizeof(buf) - 48; i++)
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%s %zu", i ? ", " : "",
					t->by_type[i].name ? t->by_type[i].name : "?",
					t->by_type[i].count);
	if (len < sizeof(buf) - 2)
		snprintf(buf + len, sizeof(buf) - len, ")");
	return xstrdup(buf);
}

static void print_evidence(FILE *f, const struct evidence *e, bool blocker)
{
	fprintf(f, "  %s %s%s%s\n", blocker ? "x" : "-", e->obj ? e->obj->path : "",
		e->obj ? ": " : "", e->detail);
	if (e->where)
		fprintf(f, "      at %s\n", e->where);
	if (e->effect)
		fprintf(f, "      -> %s\n", e->effect);
}

struct lines {
	FILE *f;
	bool blocker;
};

static void line_item(void *arg, const struct evidence *e, bool first_of_kind)
{
	const struct lines *l = arg;

	if (first_of_kind)
		fprintf(l->f, "  %s:\n", evidence_kind_tag(e->kind));
	print_evidence(l->f, e, l->blocker);
}

static void line_more(void *arg, enum evidence_kind kind, size_t left)
{
	const struct lines *l = arg;

	fprintf(l->f, "  ... %zu more %s (--verbose lists them)\n", left, evidence_kind_tag(kind));
}

/* Evidence grouped by kind (in order of first appearance), at most limit
 * lines of each (0: all), with a line saying what was left out. */
static void print_grouped(FILE *f, const struct evidence *e, size_t n, bool blocker, unsigned limit)
{
	static const struct evidence_visit lines = {line_item, line_more};
	struct lines l = {f, blocker};

	evidence_grouped(e, n, limit, &lines, &l);
}

/* NAME=VALUE wrapped at 96 columns with systemd's line continuation
 * (a trailing backslash, systemd.syntax(7)), so that it can be pasted
 * into a unit as it is. */
static void print_directive_line(FILE *f, const char *name, const char *value)
{
	struct strv words = {0};
	size_t col = (size_t)fprintf(f, "%s=", name);

	strv_split(&words, value, " ", false);
	for (size_t i = 0; i < words.n; i++) {
		size_t len = strlen(words.v[i]);
		if (i && col + 1 + len > 94) {
			fputs(" \\\n    ", f);
			col = 4;
		} else if (i) {
			fputc(' ', f);
			col++;
		}
		fputs(words.v[i], f);
		col += len;
	}
	fputc('\n', f);
	strv_clear(&words);
}

/* A value for the summary: lines joined with " | ", cut at width. */
static void print_value(FILE *f, const struct strv *values, size_t width)
{
	size_t used = 0;

	for (size_t k = 0; k < values->n; k++) {
		const char *v = values->v[k];
		size_t len = strlen(v);
		if (k) {
			fputs(" | ", f);
			used += 3;
		}
		if (used + len > width) {
			fprintf(f, "%.*s...", (int)(width > used + 3 ? width - used - 3 : 0), v);
			return;
		}
		fputs(v, f);
		used += len;
	}
}

static void print_object_table(const struct analysis *a, FILE *f)
{
	int w = 6;

	for (size_t i = 0; i < a->n_objects; i++)
		w = MAX(w, (int)strlen(a->objects[i]->path));
	fprintf(f, "%-*s  %-7s %-19s %-5s %s\n", w, "OBJECT", "ABI", "ROLE", "STACK",
		"TEXT RELOCATIONS");
	for (size_t i = 0; i < a->n_objects; i++) {
		const struct sc_object *obj = a->objects[i];
		const struct objfacts *fa = obj->facts;
		char *tr = render_textrel_summary(obj);
		char pf[4];

		fprintf(f, "%-*s  %-7s %-19s %-5s %s", w, obj->path,
			obj->elf && obj->elf->arch ? obj->elf->arch->name : "?",
			obj_role_name(obj->role), fa ? facts_pf_string(fa->stack.flags, pf) : "?",
			tr);
		if (fa && fa->stack.source == STACK_ABI_DEFAULT)
			fputs("  [no PT_GNU_STACK]", f);
		if (fa && fa->seg.n_rwx)
			fprintf(f, "  [%zu RWX PT_LOAD]", fa->seg.n_rwx);
		fputc('\n', f);
		free(tr);
	}
}

static int render_text(const void *p, FILE *f)
{
	const struct analysis *a = p;
	const struct verdicts *vs = a->verdicts;
	char sv[16], kv[16];

	if (!vs)
		return -EINVAL;
	fprintf(f, "%zu object%s; target: systemd %s, Linux %s, native = %s\n", a->n_objects,
		a->n_objects == 1 ? "" : "s",
		verdicts_version_string(vs->opts.systemd_version, sv, sizeof(sv)),
		verdicts_version_string(vs->opts.kernel_version, kv, sizeof(kv)),
		vs->opts.host ? vs->opts.host->name : "?");
	for (size_t i = 0; i < ARCH_MAX; i++)
		if (a->glibc[i])
			fprintf(f, "%s glibc %s (%s)\n", arch_table[i].name, a->glibc[i],
				a->glibc_obj[i] ? a->glibc_obj[i]->path : "--glibc");
	fputc('\n', f);
	/* The summary first, one row per directive, like systemd-analyze
	 * security; the evidence follows. */
	fprintf(f, "%-26s %-22s %s\n", "DIRECTIVE", "VERDICT", "VALUE");
	for (size_t i = 0; i < vs->n; i++) {
		const struct directive_verdict *v = &vs->v[i];
		char verdict[32], name[40];

		snprintf(name, sizeof(name), "%s=", v->desc->name);
		if (v->tolerated)
			snprintf(verdict, sizeof(verdict), "tolerated");
		else
			snprintf(verdict, sizeof(verdict), "NOT TOLERATED (%zu)", v->n_blockers);
		fprintf(f, "%-26s %-22s ", name, verdict);
		if (v->values.n)
			print_value(f, &v->values, 70);
		else
			fputs("(do not set)", f);
		fputc('\n', f);
	}
	if (a->unitcheck)
		render_unitcheck_summary(a->unitcheck, f);
	fputc('\n', f);

	for (size_t i = 0; i < vs->n; i++) {
		const struct directive_verdict *v = &vs->v[i];
		size_t shown = 0;

		fprintf(f, "== %s= %s\n", v->desc->name,
			v->tolerated ? "tolerated" : "NOT TOLERATED");
		for (size_t k = 0; k < v->values.n; k++)
			print_directive_line(f, v->desc->name, v->values.v[k]);
		if (v->mechanism)
			fprintf(f, "  enforced by: %s\n", v->mechanism);
		for (size_t k = 0; k < v->alternative.n; k++) {
			bool own = !strchr(v->alternative.v[k], '=');
			fprintf(f, "  stricter alternative: %s%s%s\n", own ? v->desc->name : "",
				own ? "=" : "", v->alternative.v[k]);
		}
		print_grouped(f, v->blockers, v->n_blockers, true, a->report_limit);
		print_grouped(f, v->evidence, v->n_evidence, false, a->report_limit);
		for (size_t k = v->n_blockers; k < v->reasons.n; k++) {
			if (a->report_limit && shown >= a->report_limit)
				break;
			shown++;
			fprintf(f, "  - %s\n", v->reasons.v[k]);
		}
		if (v->reasons.n > v->n_blockers + shown)
			fprintf(f, "  ... %zu more notes (--verbose lists them)\n",
				v->reasons.n - v->n_blockers - shown);
		fputc('\n', f);
	}
	if (vs->n_cannot_load) {
		fputs("Cannot load on the target's glibc, whatever the unit sets:\n", f);
		for (size_t k = 0; k < vs->n_cannot_load; k++)
			print_evidence(f, &vs->cannot_load[k], true);
		fputc('\n', f);
	}
	print_object_table(a, f);
	if (a->unitcheck)
		render_unitcheck_text(a->unitcheck, a->report_limit, f);
	return ferror(f) ? -EIO : 0;
}

int render_analyze_text(const struct analysis *a, FILE *f)
{
	if (!a->verdicts)
		return -EINVAL;
	/* C++ names are demangled on the way out (demangle.h). */
	return demangle_render(a, render_text, f);
}
