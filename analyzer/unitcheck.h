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
};

struct unitcheck {
	struct unitcheck_item items[4]; /* SystemCallArchitectures, MemoryDenyWriteExecute,
					 * SystemCallFilter, SystemCallErrorNumber */
	size_t n;
	enum filter_status worst;
	struct strv warnings; /* unit syntax problems, as systemd would log */
};

/* Checks the unit settings u against the analysed model (facts, verdicts
 * and, when present, the syscall report). db_dir/systemd_version pick the
 * group table. Returns 0 or -errno (no group table). */
int unitcheck_run(const struct analysis *a, const struct unit_settings *u, const char *db_dir,
		  unsigned systemd_version, struct unitcheck **ret);
void unitcheck_free(struct unitcheck *uc);

json_object *unitcheck_to_json(const struct unitcheck *uc);
void unitcheck_print_text(const struct unitcheck *uc, FILE *f);
void unitcheck_print_markdown(const struct unitcheck *uc, FILE *f);

#endif
