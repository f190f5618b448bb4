/* SPDX-License-Identifier: MIT */
/* `analyze --unit`: the seccomp directives of an existing unit (and its
 * drop-ins) checked against what the binaries need. Each directive gets a
 * status: ok, risk (only `possible` syscalls conflict) or breaks (a
 * `certain` syscall, a missing ABI, a MemoryDenyWriteExecute blocker). */
#ifndef SECCOMPAT_UNITCHECK_H
#define SECCOMPAT_UNITCHECK_H

#include <json-c/json.h>
#include <stdio.h>

#include "filter.h"
#include "unitfile.h"
#include "verdicts.h"

struct unitcheck_item {
	const char *directive;
	enum filter_status status;
	char *value;	     /* as set in the unit (lines joined with " | "), NULL: not set */
	char *set_at;	     /* "FILE:LINE" of the last assignment, NULL */
	struct strv reasons; /* one line each: why the status */
	struct strv sources; /* "FILE:LINE" of each assignment in effect, in order */
};

#define UNITCHECK_MAX_ITEMS (5 + UNIT_RESTRICT_KEYS)

struct unitcheck {
	/* SystemCallArchitectures, MemoryDenyWriteExecute, SystemCallFilter,
	 * SystemCallErrorNumber, RestrictAddressFamilies, then the rows of
	 * unitfile_restrict_keys the unit sets (unset, they are not listed). */
	struct unitcheck_item items[UNITCHECK_MAX_ITEMS];
	size_t n;
	enum filter_status worst;
	struct strv warnings; /* unit syntax problems, as systemd would log */
	/* What was read (from struct unit_settings): the unit's name (NULL
	 * when files were named), how it was named, the files in order with
	 * the hex SHA-256 of each. A re-check compares them. */
	char *name;
	char *root;
	struct strv arguments, files, sha256;
};

/* Checks the unit settings u against the analysed model (facts, verdicts
 * and, when present, the syscall report). db_dir/systemd_version pick the
 * group table. Returns 0 or -errno (no group table). */
int unitcheck_run(const struct analysis *a, const struct unit_settings *u, const char *db_dir,
		  unsigned systemd_version, struct unitcheck **ret);
void unitcheck_free(struct unitcheck *uc);

json_object *unitcheck_to_json(const struct unitcheck *uc);
/* {"name", "arguments", "root", "files": [{"path", "sha256"}]}: what was
 * read, for the top-level "unit" of the analyze document. */
json_object *unitcheck_source_json(const struct unitcheck *uc);
/* Prints uc's warnings to f, one line each, the file first
 * ("FILE:LINE: warning: message"). */
void unitcheck_print_warnings(const struct unitcheck *uc, FILE *f);
/* The reports list at most limit reasons per directive (0: all). */
void unitcheck_print_text(const struct unitcheck *uc, unsigned limit, FILE *f);
void unitcheck_print_markdown(const struct unitcheck *uc, unsigned limit, FILE *f);
/* One summary row per directive of the unit: status and value. */
void unitcheck_print_summary(const struct unitcheck *uc, FILE *f);

#endif
