/* SPDX-License-Identifier: MIT */
/* `analyze --unit`: the seccomp directives of an existing unit (and its
 * drop-ins) checked against what the binaries need. Each directive gets a
 * status: ok, risk (only `possible` syscalls conflict) or breaks (a
 * `certain` syscall, a missing ABI, a MemoryDenyWriteExecute blocker).
 * Judgement only: render_unitcheck.c writes it out. */
#ifndef SECCOMPAT_UNITCHECK_H
#define SECCOMPAT_UNITCHECK_H

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

#endif
