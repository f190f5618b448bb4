// SPDX-License-Identifier: MIT
/* Rendering a diff (diff_compare.c): text for people, markdown for a
 * pull-request comment, JSON (docs/recheck.md). Renderers only read the
 * list of changes. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "diff_int.h"
#include "jsonout.h"

static bool str_eq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

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

/* A Markdown table cell's text (str_markdown_cell()). */
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
