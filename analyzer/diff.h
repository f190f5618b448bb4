/* SPDX-License-Identifier: MIT */
/* Comparing two `analyze --format json` results (issue 6: re-check after a
 * binary update). Works on the saved documents only and never opens a
 * binary: objects are matched by path and compared by sha256, then their
 * facts (text relocations, stack, segments, W->X sites, syscalls), the
 * derived directives and the verdicts are compared.
 *
 * The decision: the old result justified the directives in its
 * "directives" map (the ones a unit was written from). The re-check fails
 * (exit 1) when
 *  - it breaks: a justified directive is no longer tolerated, gains a
 *    blocker, or its new value needs something the old one did not grant
 *    (SystemCallArchitectures=native -> native x86: a token added to an
 *    allow-list, or removed from a "~" deny-list); or
 *  - the derived directives change otherwise (a directive is newly derived,
 *    or its value can be tightened): the unit should be reviewed; or
 *  - a directive of the checked unit ("unit_check", analyze --unit) moves
 *    to `breaks` (moves to `risk` are reported without failing), or the
 *    baseline checked a unit and the new result checks none.
 * Every other difference is reported but does not fail the re-check. */
#ifndef SECCOMPAT_DIFF_H
#define SECCOMPAT_DIFF_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "util.h"

enum diff_kind {
	DIFF_OBJECT_ADDED,
	DIFF_OBJECT_REMOVED,
	DIFF_OBJECT_CHANGED, /* same path, other content (sha256) */
	DIFF_OBJECT_MOVED,   /* same object found under another path */
	DIFF_OBJECT_ABI,
	DIFF_TEXTREL,
	DIFF_STACK,
	DIFF_SEGMENTS,
	DIFF_WX_ADDED,
	DIFF_WX_REMOVED,
	DIFF_SYSCALL_ADDED,
	DIFF_SYSCALL_REMOVED,
	DIFF_SYSCALL_CONFIDENCE, /* possible <-> certain */
	DIFF_UNRESOLVED,	 /* syscall sites whose number is not known */
	DIFF_DIRECTIVE,		 /* a derived directive's value changed, appeared or went */
	DIFF_VERDICT,		 /* a directive's tolerated flag changed */
	DIFF_BLOCKER_ADDED,
	DIFF_BLOCKER_REMOVED,
	DIFF_OPTIONS,	  /* the target host the results were derived for */
	DIFF_DIAGNOSTIC,  /* a new error or warning in the new result */
	DIFF_UNIT_STATUS, /* a directive of the checked unit changed status (unit_check) */
	DIFF_UNIT_VALUE,  /* the checked unit sets a directive otherwise */
	DIFF_UNIT_FILE,	  /* a file of the checked unit (or a drop-in) changed, came or went */
	DIFF_KIND_MAX
};

/* What a change means for the service. */
enum diff_effect {
	DIFF_NEUTRAL,
	DIFF_BETTER, /* fewer blockers, fewer syscalls, ... */
	DIFF_WORSE,  /* more blockers, but no directive the old result justified is hit */
	DIFF_REVIEW, /* the derived directives change, nothing breaks (fails the re-check) */
	DIFF_BREAKS, /* a directive the old result justified would break */
	DIFF_EFFECT_MAX
};

struct diff_change {
	enum diff_kind kind;
	enum diff_effect effect;
	char *object;	 /* path of the object it is about, NULL when none */
	char *subject;	 /* directive, ABI, syscall name, ... or NULL */
	char *old_value; /* one line each, NULL when absent */
	char *new_value;
	char *detail;	      /* one line for people */
	struct strv evidence; /* why, one line each (unit statuses: objects, call chains) */
};

/* An object with at least one change. */
struct diff_object {
	char *path, *abi, *role;
	const char *status; /* "added", "removed", "changed" (content), "moved", "facts" */
};

struct diff {
	char *old_name, *new_name; /* file names (or "baseline"/"re-analysis") */
	size_t n_old_objects, n_new_objects;
	size_t n_added, n_removed, n_changed, n_unchanged;
	struct diff_object *objects; /* in new order, then the removed ones */
	size_t n_objects, cap_objects;
	struct diff_change *changes; /* grouped: objects (in new order), then the rest */
	size_t n_changes, cap_changes;
	bool breaks;	     /* a justified directive breaks */
	bool fails;	     /* breaks, or the derived directives changed: exit 1 */
	struct strv reasons; /* why it fails, one line each */
};

/* Parses and validates a saved result: valid JSON, "schema" seccompat/1,
 * and the fields the comparison needs ("objects" with "path" and "sha256",
 * "directives", "verdicts"). name is used in messages. On failure returns
 * -EINVAL (-errno when the file cannot be read) and a one-line message in
 * *ret_error (caller frees), naming the file. */
int diff_load_file(const char *path, json_object **ret_doc, char **ret_error);
/* The same checks on text already in memory / on a parsed document. */
int diff_parse(const char *name, const char *text, size_t len, json_object **ret_doc,
	       char **ret_error);
int diff_validate(const char *name, json_object *doc, char **ret_error);

/* A saved result read into typed fields (diff_int.h), for the comparison. */
struct diff_doc;

/* diff_validate(), then reads doc (holding a reference to it) into a new
 * diff_doc named name. Returns -EINVAL and *ret_error as diff_validate(). */
int diff_doc_load(const char *name, json_object *doc, struct diff_doc **ret_doc, char **ret_error);
/* The same without diff_validate(): never fails; what is missing or of
 * another type reads as absent. */
struct diff_doc *diff_doc_from_json(const char *name, json_object *doc);
void diff_doc_free(struct diff_doc *doc);

/* Compares two loaded documents. Never fails (absent optional sections
 * compare as empty); returns a new diff. */
struct diff *diff_compare_docs(const struct diff_doc *old_doc, const struct diff_doc *new_doc);
/* The same on two validated JSON documents. */
struct diff *diff_compare(const char *old_name, json_object *old_doc, const char *new_name,
			  json_object *new_doc);
void diff_free(struct diff *d);

const char *diff_kind_name(enum diff_kind k);
const char *diff_effect_name(enum diff_effect e);

/* Renderers; each returns 0 or -EIO. */
int diff_render_text(const struct diff *d, FILE *f);
int diff_render_markdown(const struct diff *d, FILE *f);
int diff_render_json(const struct diff *d, FILE *f);
/* The JSON document of a diff (caller puts it). */
json_object *diff_json_doc(const struct diff *d);

#endif
