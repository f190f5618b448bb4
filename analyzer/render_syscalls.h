/* SPDX-License-Identifier: MIT */
/* Renderers of the syscall engine's report: the text listing of `seccompat
 * syscalls` and the JSON shared by `syscalls --format json` and `analyze
 * --format json` (docs/json-schema.md). Each takes the const model; none
 * analyses anything. */
#ifndef SECCOMPAT_RENDER_SYSCALLS_H
#define SECCOMPAT_RENDER_SYSCALLS_H

#include <json-c/json.h>
#include <stdio.h>

#include "model.h"

/* {"x86": [{"name","nr","confidence","provenance":[...]}], "x86-64": [...],
 *  "objects": {path: {...}}, "unresolved": [...], "wx_sites": [...]}; an
 *  empty object when a->sysreport is missing. The caller puts it. */
json_object *render_syscalls_json(const struct analysis *a);
/* Adds "syscalls" ({abi: [...]}), "unresolved", "wx_sites" and "complete" to
 * doc, and each object's breakdown as "syscalls" into the entries of objs
 * (the array jsonout_add_objects() returned for a). */
void render_syscalls_json_merge(json_object *doc, json_object *objs, const struct analysis *a);
/* Human-readable listing, per ABI; nothing when a->sysreport is missing.
 * Returns 0, or -EIO on a write error. */
int render_syscalls_text(const struct analysis *a, FILE *f);

#endif
