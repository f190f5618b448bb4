/* SPDX-License-Identifier: MIT */
/* Rendering of `analyze --unit`'s check (struct unitcheck). */
#ifndef SECCOMPAT_RENDER_UNITCHECK_H
#define SECCOMPAT_RENDER_UNITCHECK_H

#include <json-c/json.h>
#include <stdio.h>

#include "unitcheck.h"

json_object *render_unitcheck_json(const struct unitcheck *uc);
/* {"name", "arguments", "root", "files": [{"path", "sha256"}]}: what was
 * read, for the top-level "unit" of the analyze document. */
json_object *render_unitcheck_source_json(const struct unitcheck *uc);
/* Prints uc's warnings to f, one line each, the file first
 * ("FILE:LINE: warning: message"). */
void render_unitcheck_warnings(const struct unitcheck *uc, FILE *f);
/* The reports list at most limit reasons per directive (0: all). */
void render_unitcheck_text(const struct unitcheck *uc, unsigned limit, FILE *f);
void render_unitcheck_markdown(const struct unitcheck *uc, unsigned limit, FILE *f);
/* One summary row per directive of the unit: status and value. */
void render_unitcheck_summary(const struct unitcheck *uc, FILE *f);

#endif
