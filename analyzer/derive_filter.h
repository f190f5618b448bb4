/* SPDX-License-Identifier: MIT */
/* SystemCallFilter= from the syscall engine's result, and the unit check of
 * a unit's SystemCallFilter= and SystemCallErrorNumber= (derive_filter.c). */
#ifndef SECCOMPAT_DERIVE_FILTER_H
#define SECCOMPAT_DERIVE_FILTER_H

#include "filter.h"
#include "directive.h"

/* The directive-table row functions: derive() and check(). The check adds
 * two items, SystemCallFilter= and then SystemCallErrorNumber= (the action
 * of its refusals, which has no row); it returns 0. */
void derive_syscall_filter(const struct analysis *a, const struct verdicts *vs,
			   struct directive_verdict *v);
int check_syscall_filter(const struct check_ctx *c, const struct directive_desc *desc);

#endif
