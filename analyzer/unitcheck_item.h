/* SPDX-License-Identifier: MIT */
/* The record `analyze --unit` fills (struct unitcheck: one item per
 * directive of the unit, its status and the reasons), what a directive's
 * check function reads (struct check_ctx) and the helpers it adds its item
 * with. Below every check function (verdicts.c's own, derive_filter.c,
 * derive_restrict.c: each next to its directive's derive function) and
 * below the driver that runs them through the directive table
 * (unitcheck.c), so that no check depends on the driver. */
#ifndef SECCOMPAT_UNITCHECK_ITEM_H
#define SECCOMPAT_UNITCHECK_ITEM_H

#include <stddef.h>

#include "filter.h"
#include "unitfile.h"
#include "util.h"

struct unitcheck_item {
	const char *directive;
	enum filter_status status;
	char *value;	     /* as set in the unit (lines joined with " | "), NULL: not set */
	char *set_at;	     /* "FILE:LINE" of the last assignment, NULL */
	struct strv reasons; /* one line each: why the status */
	struct strv sources; /* "FILE:LINE" of each assignment in effect, in order */
};

/* One item per row of the directive table, and SystemCallErrorNumber=,
 * which the SystemCallFilter= row checks too (verdicts.c asserts it). */
#define UNITCHECK_MAX_ITEMS (5 + UNIT_RESTRICT_KEYS)

struct unitcheck {
	/* SystemCallArchitectures, MemoryDenyWriteExecute, SystemCallFilter,
	 * SystemCallErrorNumber, RestrictAddressFamilies, then the rows of
	 * unitfile_restrict_keys the unit sets (unset, they are not listed):
	 * directive_table's order. */
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

struct analysis;
struct sysgroups;

/* What every check reads: the model, the unit's settings, the group table,
 * and the record it adds its item to. */
struct check_ctx {
	const struct analysis *a;
	const struct unit_settings *u;
	const struct sysgroups *groups;
	unsigned systemd_version;
	/* The unit's SystemCallFilter=, SystemCallErrorNumber= and
	 * SystemCallArchitectures= as systemd builds them. */
	const struct filter *filter;
	struct unitcheck *uc;
};

/* Appends uc's next item for directive (borrowed: a table's name), status
 * ok, nothing set. The table's checks add at most UNITCHECK_MAX_ITEMS. */
struct unitcheck_item *unitcheck_item_add(struct unitcheck *uc, const char *directive);
/* Records where each of the n assignments in effect was made
 * ("FILE:LINE"). */
void unitcheck_item_sources_from(struct unitcheck_item *it, const struct unit_setting *v, size_t n);
/* Takes the value and place of assignment s (nothing when s is NULL); s is
 * also the item's source when none was recorded. */
void unitcheck_item_set_from(struct unitcheck_item *it, const struct unit_setting *s);
/* Raises the item's status to s; a better s leaves it as it is. */
void unitcheck_item_worsen(struct unitcheck_item *it, enum filter_status s);
/* The verdict derived for directive `name` against the unit's setting:
 * each blocker breaks the service, one reason each ("OBJECT: DETAIL[ at
 * WHERE][ -> EFFECT]", where only when with_where); no verdict at all is a
 * risk ("no verdict was derived"). Returns the verdict, NULL for none. */
const struct directive_verdict *unitcheck_item_blockers(struct unitcheck_item *it,
							const struct check_ctx *c, const char *name,
							bool with_where);
/* Frees what it holds (not it). */
void unitcheck_item_clear(struct unitcheck_item *it);

#endif
