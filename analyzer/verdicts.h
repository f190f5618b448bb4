/* SPDX-License-Identifier: MIT */
/* Directive verdicts: for each systemd directive, whether the service's
 * binaries tolerate it, the value to set, and the evidence. Derivation is
 * table-driven (like systemd-analyze security's assessors): one small
 * function per directive, in a table with its name and documentation, and
 * beside it the directive's check of a unit's setting (`analyze --unit`,
 * which unitcheck.c runs through the table). The table and verdicts_build()
 * sit above the derive and check functions of other modules
 * (derive_filter.c, derive_restrict.c); the records they fill and their
 * helpers are directive.h and unitcheck_item.h, below them all. */
#ifndef SECCOMPAT_VERDICTS_H
#define SECCOMPAT_VERDICTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "directive.h"
#include "syscalls.h"

/* The directive table. */
extern const struct directive_desc directive_table[];
extern const size_t directive_table_size;

/* The enforcement mode for a systemd and kernel version. */
enum mdwe_mode verdicts_mdwe_mode(unsigned systemd_version, unsigned kernel_version);
const char *verdicts_mdwe_mode_name(enum mdwe_mode m);

/* Derives every directive of the table from a's objects (facts_collect_all()
 * must have run) into a->verdicts. Returns 0 or -EINVAL on missing facts. */
int verdicts_build(struct analysis *a, const struct verdict_opts *opts);
void verdicts_free(struct verdicts *vs);

/* Joins W->X call sites found by the syscall engine as blockers of
 * MemoryDenyWriteExecute=. Returns the number added. */
int verdicts_add_wx_calls(struct verdicts *vs, const struct sys_wx *calls, size_t n);

#endif
