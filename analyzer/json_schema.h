/* SPDX-License-Identifier: MIT */
/* The keys of an `analyze --format json` document (docs/json-schema.md)
 * that diff and check read back, each spelled once: the writers
 * (jsonout.c, render_json.c, render_syscalls.c, render_unitcheck.c) write
 * them by these names, diff_load.c reads the document with them and lists
 * them in diff_schema_keys[]; test_diff_roundtrip checks that a written
 * document holds every key listed there and that docs/json-schema.md names
 * it. */
#ifndef SECCOMPAT_JSON_SCHEMA_H
#define SECCOMPAT_JSON_SCHEMA_H

#include <stdbool.h>
#include <stddef.h>

/* top level */
#define DK_SCHEMA "schema"
#define DK_OPTIONS "options"
#define DK_OBJECTS "objects"
#define DK_SYSCALLS "syscalls"
#define DK_UNRESOLVED "unresolved"
#define DK_WX_SITES "wx_sites"
#define DK_FALLBACKS_CUT "enosys_fallbacks_cut"
#define DK_DIRECTIVES "directives"
#define DK_VERDICTS "verdicts"
#define DK_DIAGNOSTICS "diagnostics"
#define DK_UNIT_CHECK "unit_check"
#define DK_UNIT "unit"

/* "options": the target host */
#define DK_OPT_SYSTEMD "systemd"
#define DK_OPT_KERNEL "kernel"
#define DK_OPT_NATIVE "native"
#define DK_OPT_MDWE_MODE "mdwe_mode"

/* OBJECT */
#define DK_PATH "path"
#define DK_REAL_PATH "real_path"
#define DK_ABI "abi"
#define DK_ROLE "role"
#define DK_SHA256 "sha256"
#define DK_SIZE "size"
#define DK_TEXTREL "text_relocations"
#define DK_TR_FLAGGED "flagged"
#define DK_TR_COUNT "count"
#define DK_TR_BY_TYPE "by_type"
#define DK_STACK "stack"
#define DK_ST_EXECUTABLE "executable"
#define DK_ST_READ_IMPLIES_EXEC "read_implies_exec"
#define DK_ST_PT_GNU_STACK "pt_gnu_stack"
#define DK_ST_FLAGS "flags"
#define DK_SEGMENTS "segments"
#define DK_SEG_RWX "rwx"
#define DK_SEG_PHDR "phdr"
#define DK_SEG_VADDR "vaddr"
#define DK_SEG_FLAGS "flags"
#define DK_SEG_TLS_EXECUTABLE "tls_executable"
/* the object's own "syscalls": {"abi", "reachable": [names]} */
#define DK_OBJ_REACHABLE "reachable"

/* a syscall entry of "syscalls": {ABI: [entry]} and its provenance */
#define DK_SC_NAME "name"
#define DK_SC_CONFIDENCE "confidence"
#define DK_SC_PROVENANCE "provenance"
/* a site: provenance record, "unresolved" and "wx_sites" entry */
#define DK_SITE_OBJECT "object"
#define DK_SITE_FUNCTION "function"
#define DK_SITE_LOCATION "location"
#define DK_SITE_CHAIN "chain"
#define DK_SITE_WHAT "what"
#define DK_SITE_CALLEE "callee"
#define DK_SITE_PROT "prot"

/* VERDICT and EVIDENCE */
#define DK_V_TOLERATED "tolerated"
#define DK_V_BLOCKERS "blockers"
#define DK_EV_OBJECT "object"
#define DK_EV_KIND "kind"
#define DK_EV_DETAIL "detail"

/* "diagnostics" */
#define DK_DIAG_LEVEL "level"
#define DK_DIAG_PATH "path"
#define DK_DIAG_MESSAGE "message"

/* "unit_check": directive -> item; "unit": what was read */
#define DK_UC_STATUS "status"
#define DK_UC_VALUE "value"
#define DK_UC_REASONS "reasons"
#define DK_UNIT_NAME "name"
#define DK_UNIT_FILES "files"
#define DK_UNIT_FILE_PATH "path"
#define DK_UNIT_FILE_SHA256 "sha256"

/* Where a key sits: member names joined with '.', "[]" for every element
 * of an array, "{}" for every member of an object (per ABI, per
 * directive), e.g. "objects[].stack.executable", "syscalls{}[].name". */
enum diff_key_presence {
	DIFF_KEY_ALWAYS,   /* wherever its parent is */
	DIFF_KEY_OPTIONAL, /* only in some documents or entries (--unit, a chain) */
	DIFF_KEY_PRESENCE_MAX
};

struct diff_schema_key {
	const char *path;
	enum diff_key_presence presence;
};

/* Every key diff_load.c reads, in document order. */
extern const struct diff_schema_key diff_schema_keys[];
extern const size_t diff_n_schema_keys;

#endif
