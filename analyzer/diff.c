// SPDX-License-Identifier: MIT
/* Comparing two saved analyze results (diff.h has the decision rule), in
 * three steps: diff_load.c reads a document into typed fields (the keys are
 * in json_schema.h), diff_compare.c turns two of them into a list of
 * changes, diff_render.c writes the list. Here: the names of the kinds and
 * effects, and the whole on two JSON documents. */
#include "diff.h"

#include <stdlib.h>

#include "diff_int.h"

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

struct diff *diff_compare(const char *old_name, json_object *old_doc, const char *new_name,
			  json_object *new_doc)
{
	struct diff_doc *o = diff_doc_from_json(old_name, old_doc),
			*n = diff_doc_from_json(new_name, new_doc);
	struct diff *d = diff_compare_docs(o, n);

	diff_doc_free(o);
	diff_doc_free(n);
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
