// SPDX-License-Identifier: MIT
/* `analyze --format markdown`: for code review. A summary table, then per
 * directive its verdict and an evidence table, then the objects. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "demangle.h"
#include "facts.h"
#include "render_analyze.h"
#include "unitcheck.h"
#include "verdicts.h"
#include "render_unitcheck.h"

/* A table cell (str_markdown_cell() escapes it); "—" when empty. */
static void cell(FILE *f, const char *s)
{
	fputs("| ", f);
	if (!s || !*s) {
		fputs("—", f);
	} else {
		char *text = str_markdown_cell(s);

		fputs(text, f);
		free(text);
	}
	fputc(' ', f);
}

struct table {
	FILE *f;
	bool blockers;
};

static void table_row(void *arg, const struct evidence *e, bool first_of_kind)
{
	const struct table *t = arg;

	cell(t->f, e->obj ? e->obj->path : NULL);
	cell(t->f, evidence_kind_tag(e->kind));
	cell(t->f, e->detail);
	if (t->blockers) {
		cell(t->f, e->where);
		cell(t->f, e->effect);
	}
	fputs("|\n", t->f);
}

static void table_more(void *arg, enum evidence_kind kind, size_t left)
{
	const struct table *t = arg;
	char *more = xasprintf("… %zu more (`--verbose` lists them)", left);

	cell(t->f, NULL);
	cell(t->f, evidence_kind_tag(kind));
	cell(t->f, more);
	if (t->blockers) {
		cell(t->f, NULL);
		cell(t->f, NULL);
	}
	fputs("|\n", t->f);
	free(more);
}

/* One table of evidence, at most limit rows of each kind (0: all) and a
 * row saying what was left out. */
static void evidence_table(FILE *f, const struct evidence *e, size_t n, bool blockers,
			   unsigned limit)
{
	static const struct evidence_visit rows = {table_row, table_more};
	struct table t = {f, blockers};

	if (!n)
		return;
	if (blockers)
		fputs("| Object | Kind | Finding | Where | At run time |\n|---|---|---|---|---|\n",
		      f);
	else
		fputs("| Object | Kind | Evidence |\n|---|---|---|\n", f);
	evidence_grouped(e, n, limit, &rows, &t);
	fputc('\n', f);
}

static int render_markdown(const void *p, FILE *f)
{
	const struct analysis *a = p;
	const struct verdicts *vs = a->verdicts;
	char sv[16], kv[16];

	fputs("# seccompat analysis\n\n", f);
	fprintf(f, "Target host: systemd %s, Linux %s, native ABI `%s`; %zu objects.\n\n",
		verdicts_version_string(vs->opts.systemd_version, sv, sizeof(sv)),
		verdicts_version_string(vs->opts.kernel_version, kv, sizeof(kv)),
		vs->opts.host ? vs->opts.host->name : "?", a->n_objects);
	fputs("| Directive | Verdict | Value |\n|---|---|---|\n", f);
	for (size_t i = 0; i < vs->n; i++) {
		const struct directive_verdict *v = &vs->v[i];

		fprintf(f, "| [`%s=`](%s) | %s", v->desc->name, v->desc->doc_url,
			v->tolerated ? "tolerated" : "**not tolerated**");
		if (!v->tolerated)
			fprintf(f, " (%zu blocker%s)", v->n_blockers,
				v->n_blockers == 1 ? "" : "s");
		fputs(" | ", f);
		for (size_t k = 0; k < v->values.n; k++)
			fprintf(f, "%s`%s`", k ? "<br>" : "", v->values.v[k]);
		if (!v->values.n)
			fputs("—", f);
		fputs(" |\n", f);
	}
	if (a->unitcheck)
		for (size_t i = 0; i < a->unitcheck->n; i++) {
			const struct unitcheck_item *it = &a->unitcheck->items[i];
			char *val = it->value ? xasprintf("`%s`", it->value) : NULL;
			fprintf(f, "| `%s=` (unit) | **%s** ", it->directive,
				filter_status_name(it->status));
			cell(f, val ? val : "not set");
			fputs("|\n", f);
			free(val);
		}
	fputc('\n', f);

	for (size_t i = 0; i < vs->n; i++) {
		const struct directive_verdict *v = &vs->v[i];
		size_t shown = 0;

		fprintf(f, "## %s=\n\n%s. ", v->desc->name, v->desc->summary);
		if (v->tolerated)
			fputs("**Tolerated.**\n\n", f);
		else
			fputs("**Not tolerated.**\n\n", f);
		if (v->mechanism)
			fprintf(f, "Enforced by: %s.\n\n", v->mechanism);
		if (!v->n_blockers && !v->n_evidence && v->reasons.n <= v->n_blockers)
			continue;
		/* The evidence folds away: the summary is what a reviewer reads
		 * first. */
		fprintf(f, "<details><summary>Evidence: %zu blocker%s, %zu other</summary>\n\n",
			v->n_blockers, v->n_blockers == 1 ? "" : "s", v->n_evidence);
		evidence_table(f, v->blockers, v->n_blockers, true, a->report_limit);
		evidence_table(f, v->evidence, v->n_evidence, false, a->report_limit);
		for (size_t k = v->n_blockers; k < v->reasons.n; k++) {
			if (a->report_limit && shown >= a->report_limit)
				break;
			shown++;
			fprintf(f, "- %s\n", v->reasons.v[k]);
		}
		if (v->reasons.n > v->n_blockers + shown)
			fprintf(f, "- … %zu more notes (`--verbose` lists them)\n",
				v->reasons.n - v->n_blockers - shown);
		fputs("\n</details>\n\n", f);
	}

	if (vs->n_cannot_load) {
		fputs("## Cannot load on the target's glibc\n\nWhatever the unit sets:\n\n", f);
		evidence_table(f, vs->cannot_load, vs->n_cannot_load, true, a->report_limit);
	}
	fprintf(f, "## Objects\n\n<details><summary>%zu objects</summary>\n\n", a->n_objects);
	fputs("| Object | ABI | Role | Text relocations | Stack | W+X PT_LOAD |\n"
	      "|---|---|---|---|---|---|\n",
	      f);
	for (size_t i = 0; i < a->n_objects; i++) {
		const struct sc_object *obj = a->objects[i];
		const struct objfacts *fa = obj->facts;
		char *tr = render_textrel_summary(obj);
		char pf[4], stack[48], rwx[16];

		snprintf(stack, sizeof(stack), "%s%s",
			 fa ? facts_pf_string(fa->stack.flags, pf) : "?",
			 fa && fa->stack.source == STACK_ABI_DEFAULT ? " (no PT_GNU_STACK)" : "");
		snprintf(rwx, sizeof(rwx), "%zu", fa ? fa->seg.n_rwx : 0);
		cell(f, obj->path);
		cell(f, obj->elf && obj->elf->arch ? obj->elf->arch->name : "?");
		cell(f, obj_role_name(obj->role));
		cell(f, tr);
		cell(f, stack);
		cell(f, rwx);
		fputs("|\n", f);
		free(tr);
	}
	fputs("\n</details>\n", f);
	if (a->unitcheck)
		render_unitcheck_markdown(a->unitcheck, a->report_limit, f);
	return ferror(f) ? -EIO : 0;
}

int render_analyze_markdown(const struct analysis *a, FILE *f)
{
	if (!a->verdicts)
		return -EINVAL;
	return demangle_render(a, render_markdown, f);
}
