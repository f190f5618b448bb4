/* SPDX-License-Identifier: MIT */
/* SystemCallFilter= from the syscall engine's result (derive_filter.c). */
#ifndef SECCOMPAT_DERIVE_FILTER_H
#define SECCOMPAT_DERIVE_FILTER_H

#include "filter.h"
#include "verdicts.h"

/* The directive-table row function. */
void derive_syscall_filter(const struct analysis *a, const struct verdicts *vs,
			   struct directive_verdict *v);

/* The engine's required set of each ABI as filter input; evidence pointers
 * are the engine's `const struct sys_entry *`. -ENODATA without a report. */
int derive_filter_needs(const struct analysis *a, struct sc_needs **ret, size_t *ret_n);
void derive_filter_needs_free(struct sc_needs *needs, size_t n);
/* One line of provenance for a need's evidence; caller frees. */
char *derive_filter_describe_need(const void *evidence);

#endif
