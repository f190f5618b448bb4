/* SPDX-License-Identifier: MIT */
/* SystemCallFilter= from the syscall engine's result (derive_filter.c). */
#ifndef SECCOMPAT_DERIVE_FILTER_H
#define SECCOMPAT_DERIVE_FILTER_H

#include "filter.h"
#include "directive.h"

/* The directive-table row function. */
void derive_syscall_filter(const struct analysis *a, const struct verdicts *vs,
			   struct directive_verdict *v);

/* One line of provenance for a need's evidence; caller frees. */
char *derive_filter_describe_need(const void *evidence);

#endif
