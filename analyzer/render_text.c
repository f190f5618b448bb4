// SPDX-License-Identifier: MIT
/* `analyze --format text`: a concise terminal report. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "facts.h"
#include "render_analyze.h"
#include "unitcheck.h"
#include "verdicts.h"

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

int render_analyze_text(const struct analysis *a, FILE *f)
{
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
	for (size_t i = 0; i < vs->n; i++) {
		const struct directive_verdict *v = &vs->v[i];

		if (v->tolerated) {
			for (size_t k = 0; k < v->values.n; k++)
				fprintf(f, "%s=%s\n", v->desc->name, v->values.v[k]);
			fputs("  tolerated\n", f);
		} else {
			fprintf(f, "%s=  NOT TOLERATED (%zu blocker%s)\n", v->desc->name,
				v->n_blockers, v->n_blockers == 1 ? "" : "s");
		}
		if (v->mechanism)
			fprintf(f, "  enforced by: %s\n", v->mechanism);
		for (size_t k = 0; k < v->alternative.n; k++) {
			bool own = !strchr(v->alternative.v[k], '=');
			fprintf(f, "  stricter alternative: %s%s%s\n", own ? v->desc->name : "",
				own ? "=" : "", v->alternative.v[k]);
		}
		for (size_t k = 0; k < v->n_blockers; k++)
			print_evidence(f, &v->blockers[k], true);
		for (size_t k = 0; k < v->n_evidence; k++)
			print_evidence(f, &v->evidence[k], false);
		for (size_t k = 0; k < v->reasons.n; k++)
			if (k >= v->n_blockers)
				fprintf(f, "  - %s\n", v->reasons.v[k]);
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
		unitcheck_print_text(a->unitcheck, f);
	return ferror(f) ? -EIO : 0;
}
