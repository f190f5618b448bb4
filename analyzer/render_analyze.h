/* SPDX-License-Identifier: MIT */
/* Renderers of `seccompat analyze`: text, JSON, a systemd drop-in and
 * Markdown. Each takes the finished, const model (objects with facts, and
 * a->verdicts) and a FILE *; none analyses anything. */
#ifndef SECCOMPAT_RENDER_ANALYZE_H
#define SECCOMPAT_RENDER_ANALYZE_H

#include <json-c/json.h>
#include <stdio.h>

#include "model.h"

/* Each returns 0, or -EINVAL when a->verdicts is missing, -EIO on a write error. */
int render_analyze_text(const struct analysis *a, FILE *f);
int render_analyze_json(const struct analysis *a, FILE *f);
int render_analyze_dropin(const struct analysis *a, FILE *f);
int render_analyze_markdown(const struct analysis *a, FILE *f);

/* The JSON document (docs/json-schema.md); the caller puts it. NULL when
 * a->verdicts is missing. */
json_object *render_analyze_json_doc(const struct analysis *a);

/* Shared by the renderers: a one-line summary of an object's text
 * relocations ("1234 (R_386_32 1000, R_386_PC32 234)"), caller frees. */
char *render_textrel_summary(const struct sc_object *obj);

#endif
