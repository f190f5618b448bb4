/* SPDX-License-Identifier: MIT */
/* The kinds of evidence a verdict carries, as one table: the tag the
 * reports and the JSON "kind" field show, a stable rule id (SARIF's
 * reportingDescriptor.id; docs/rules.md lists them), whether a piece of it
 * is a possible conflict (reached only on an assumption, or an argument
 * the code does not fix), and a one-line summary. Ids are never reused:
 * a kind that goes away keeps its number retired. */
#ifndef SECCOMPAT_EVIDENCE_H
#define SECCOMPAT_EVIDENCE_H

#include <stdbool.h>

enum evidence_kind {
	/* MemoryDenyWriteExecute= (SC1xx) */
	EV_TEXT_RELOCATIONS,
	EV_TEXTREL_FLAG_HARMLESS,
	EV_INCONSISTENT_TEXTREL,
	EV_READ_IMPLIES_EXEC,
	EV_EXECUTABLE_STACK,
	EV_EXECSTACK_GLIBC_UNKNOWN,
	EV_RWX_SEGMENT,
	EV_WX_CALL,
	EV_WX_PROBE,
	EV_EXECSTACK_DLOPEN,
	/* SystemCallArchitectures= (SC2xx) */
	EV_ABI,
	EV_ABI_MISMATCH,
	EV_X32,
	EV_UNKNOWN_ABI,
	/* SystemCallFilter= (SC3xx) */
	EV_ALLOW_EXTRA,
	EV_DENY_CONFLICT,
	EV_RISK,
	EV_UNFILTERABLE,
	/* The argument-checking restrictions (SC4xx) */
	EV_REFUSED_SYSCALL,
	EV_POSSIBLE_SYSCALL,
	EV_ENOSYS_FALLBACK,
	EV_LIBC_INTERNAL,
	EV_REFUSED_ARGUMENT,
	EV_POSSIBLE_ARGUMENT,
	EV_UNKNOWN_ARGUMENT,
	/* RestrictAddressFamilies= (SC5xx) */
	EV_SOCKETPAIR,
	EV_NOT_ENFORCED,
	EV_UNKNOWN_FAMILY,
	EV_UNNAMED_FAMILY,
	EV_POSSIBLE_FAMILY,
	/* Any directive (SC9xx) */
	EV_NOT_DERIVED,
	EV_NOTHING_ANALYSED,
	EV_KIND_MAX
};

struct evidence_rule {
	const char *tag; /* "text-relocations" */
	const char *id;	 /* "SC101" */
	/* As supporting evidence (not a blocker): a conflict that may not
	 * happen, which `analyze --unit` reports as risk. */
	bool possible;
	const char *summary;
};

extern const struct evidence_rule evidence_rules[EV_KIND_MAX];

/* The tag of k ("?" outside the table). */
const char *evidence_kind_tag(enum evidence_kind k);
/* The rule id of k ("SC101"; "?" outside the table). */
const char *evidence_kind_rule(enum evidence_kind k);

#endif
