/* SPDX-License-Identifier: MIT */
/* `analyze --unit`: the seccomp directives of an existing unit (and its
 * drop-ins) checked against what the binaries need. Each directive gets a
 * status: ok, risk (only `possible` syscalls conflict) or breaks (a
 * `certain` syscall, a missing ABI, a MemoryDenyWriteExecute blocker).
 * Judgement only: render_unitcheck.c writes it out. Each directive's check
 * is a hook of its directive_table row (verdicts.h), next to its derive
 * function; the record they fill (struct unitcheck) is unitcheck_item.h. */
#ifndef SECCOMPAT_UNITCHECK_H
#define SECCOMPAT_UNITCHECK_H

#include "unitcheck_item.h"
#include "unitfile.h"
#include "verdicts.h"

/* Checks the unit settings u against the analysed model (facts, verdicts
 * and, when present, the syscall report). db_dir/systemd_version pick the
 * group table. Returns 0 or -errno (no group table). */
int unitcheck_run(const struct analysis *a, const struct unit_settings *u, const char *db_dir,
		  unsigned systemd_version, struct unitcheck **ret);
void unitcheck_free(struct unitcheck *uc);

#endif
