/* SPDX-License-Identifier: MIT */
/* The directives systemd enforces with argument-checking seccomp rules, or
 * with rules for a few syscalls: RestrictAddressFamilies=, LockPersonality=,
 * RestrictRealtime=, RestrictNamespaces=, RestrictSUIDSGID=, ProtectClock=,
 * ProtectKernelModules=, ProtectKernelLogs= and ProtectHostname=. Each is a
 * row of restrict_table; the syscall engine collects the arguments the rows
 * test (restrict_watch) at every site, resolved through wrappers. */
#ifndef SECCOMPAT_DERIVE_RESTRICT_H
#define SECCOMPAT_DERIVE_RESTRICT_H

#include <stdbool.h>
#include <stdint.h>

#include "syscalls.h"
#include "directive.h"

/* The arguments the rows test, for sys_opts.watch. */
extern const struct sys_arg_watch restrict_watch[];
extern const size_t restrict_watch_size;

/* derive() and check() of the rows (verdicts.c's directive_table lists
 * them). A check adds the unit's item, or none when the unit does not set
 * the directive (unset, it restricts nothing); it returns 0. */
void derive_address_families(const struct analysis *a, const struct verdicts *vs,
			     struct directive_verdict *v);
void derive_restrict_row(const struct analysis *a, const struct verdicts *vs,
			 struct directive_verdict *v);
int check_address_families(const struct check_ctx *c, const struct directive_desc *desc);
int check_restrict_row(const struct check_ctx *c, const struct directive_desc *desc);

/* Whether the seccomp rule of `directive` refuses argument arg = value of
 * syscall (or watched function) `name`; false when the row has no such
 * rule. */
bool restrict_refuses(const char *directive, const char *name, unsigned arg, int64_t value);

/* The syscalls a directive's rules look at. */
struct restrict_calls {
	struct strv refused;  /* refused whatever the arguments (its group expanded) */
	struct strv fallback; /* refused with ENOSYS, which callers answer by falling back */
	struct strv tested;   /* every name a rule looks at, the above included; sorted */
};
struct sysgroups;
/* Fills *ret for directive (a row of the table), expanding its group with
 * sg. -ENOENT for a directive without a row, or a group sg lacks (ret is
 * filled as far as it goes). Free with restrict_calls_clear(). */
int restrict_calls(const char *directive, const struct sysgroups *sg, struct restrict_calls *ret);
void restrict_calls_clear(struct restrict_calls *c);

/* "AF_INET" for 2; NULL for a number no family has (Linux 6.12,
 * <bits/socket.h>). */
const char *restrict_family_name(int64_t af);

#endif
