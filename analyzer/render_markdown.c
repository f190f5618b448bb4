// SPDX-License-Identifier: MIT
/* `analyze --format markdown`: for code review. A summary table, then per
 * directive its verdict and an evidence table, then the objects. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "facts.h"
#include "render_analyze.h"
#include "unitcheck.h"
#include "verdicts.h"

/* A table cell: '|' would end it and a newline would end the row. */
static void cell(FILE *f, const char *s)
{
	fputs("| ", f);
	if (!s || !*s) {
		fputs("—", f);
	} else {
		for (; *s; s++) {
			if (*s == '|')
				fputs("\\|", f);
			else if (*s == '\n')
				fputc(' ', f);
			else
				fputc(*s, f);
		}
	}
	fputc(' ', f);
}

static void evidence_table(FILE *f, const struct evidence *e, size_t n, bool blockers)
{
	if (!n)
		return;
	if (blockers)
		fputs("| Object | Finding | Where | At run time |\n|---|---|---|---|\n", f);
	else
		fputs("| Object | Evidence |\n|---|---|\n", f);
	for (size_t i = 0; i < n; i++) {
		cell(f, e[i].obj ? e[i].obj->path : NULL);
		cell(f, e[i].detail);
		if (blockers) {
			cell(f, e[i].where);
			cell(f, e[i].effect);
		}
		fputs("|\n", f);
	}
	fputc('\n', f);
}

int render_analyze_markdown(const struct analysis *a, FILE *f)
{
	const struct verdicts *vs = a->verdicts;
	char sv[16], kv[16];

	if (!vs)
		return -EINVAL;
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
	fputc('\n', f);

	for (size_t i = 0; i < vs->n; i++) {
		const struct directive_verdict *v = &vs->v[i];

		fprintf(f, "## %s=\n\n%s. ", v->desc->name, v->desc->summary);
		if (v->tolerated)
			fputs("**Tolerated.**\n\n", f);
		else
			fputs("**Not tolerated.**\n\n", f);
		if (v->mechanism)
			fprintf(f, "Enforced by: %s.\n\n", v->mechanism);
		evidence_table(f, v->blockers, v->n_blockers, true);
		evidence_table(f, v->evidence, v->n_evidence, false);
		for (size_t k = v->n_blockers; k < v->reasons.n; k++)
			fprintf(f, "- %s\n", v->reasons.v[k]);
		if (v->reasons.n > v->n_blockers)
			fputc('\n', f);
	}

	if (vs->n_cannot_load) {
		fputs("## Cannot load on the target's glibc\n\nWhatever the unit sets:\n\n", f);
		evidence_table(f, vs->cannot_load, vs->n_cannot_load, true);
	}
	fputs("## Objects\n\n| Object | ABI | Role | Text relocations | Stack | W+X PT_LOAD |\n"
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
	if (a->unitcheck)
		unitcheck_print_markdown(a->unitcheck, f);
	return ferror(f) ? -EIO : 0;
}
