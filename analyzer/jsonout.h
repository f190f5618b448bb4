/* SPDX-License-Identifier: MIT */
/* JSON building blocks shared by every verb's renderer (json-c). The
 * contract every verb keeps: a top-level "schema" and an "objects" list whose
 * entries carry at least "path", "abi" and "role". */
#ifndef SECCOMPAT_JSONOUT_H
#define SECCOMPAT_JSONOUT_H

#include <json-c/json.h>
#include <stdio.h>

#include "model.h"

#define SECCOMPAT_SCHEMA "seccompat/1"

/* {"schema", "tool": {"name", "version"}, "host": {"abi"}} — a new object. */
json_object *jsonout_document(const struct analysis *a);
/* "objects": [base fields of each object] added to doc; returns the array so
 * callers can add their own fields to each entry (same order as a->objects). */
json_object *jsonout_add_objects(json_object *doc, const struct analysis *a);
/* "diagnostics": [{"level", "path", "message"}] */
void jsonout_add_diagnostics(json_object *doc, const struct analysis *a);
/* Writes doc pretty-printed with a final newline; returns -errno. */
int jsonout_write(json_object *doc, FILE *f);
/* Helpers. */
json_object *jsonout_string_or_null(const char *s);
/* site_describe() of s as a string, or null. */
json_object *jsonout_site(struct site s);
json_object *jsonout_hex(uint64_t v);

#endif
