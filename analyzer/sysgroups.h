/* SPDX-License-Identifier: MIT */
/* systemd's system call groups (@system-service, @mount, ...) per systemd
 * version: reading the output of `systemd-analyze syscall-filter`, the JSON
 * tables under db/systemd/, and expanding a group into syscall names for one
 * ABI the way systemd does when it installs a filter.
 *
 * Ownership: a struct sysgroups owns every string in it; free it with
 * sysgroups_free() (NULL is fine). Pointers returned by the lookups borrow
 * from it. Nothing here prints. */
#ifndef SECCOMPAT_SYSGROUPS_H
#define SECCOMPAT_SYSGROUPS_H

#include <stdbool.h>
#include <stdio.h>

#include "arch.h"
#include "util.h"

/* Identifies the JSON layout written by `db import-systemd`. */
#define SYSGROUPS_SCHEMA "seccompat-systemd-groups/1"

struct sysgroup {
	char *name;	      /* "@system-service" */
	char *description;    /* "General system service operations" */
	struct strv includes; /* nested groups, "@basic-io" ...; sorted */
	struct strv syscalls; /* direct members; sorted, unique */
};

/* A trailing list of the dump that is not a group, e.g. "# Ungrouped System
 * Calls (known but not included in any of the groups except @known):". */
struct sysgroup_list {
	char *name;  /* first word of the heading, lower case: "ungrouped" */
	char *title; /* the heading without "# " */
	struct strv syscalls;
};

/* A name libseccomp cannot resolve on one ABI (systemd skips it there). */
struct sysgroup_unknown {
	char *name;
	unsigned line; /* line of the dump; 0 when loaded from JSON */
	const struct arch_desc *abi;
};

struct sysgroups {
	char *version;		  /* as given to the import: "257" or "257.13" */
	unsigned major;		  /* 257 */
	char *source;		  /* dump file name */
	char *source_sha256;	  /* of the dump bytes, NULL when unknown */
	char *libseccomp_version; /* that checked the names at import time */
	struct sysgroup *groups;  /* in dump order */
	size_t n_groups, cap_groups;
	struct sysgroup_list *lists;
	size_t n_lists, cap_lists;
	struct sysgroup_unknown *unknown;
	size_t n_unknown, cap_unknown;
	/* Problems of the dump that were skipped, "FILE:LINE: message". */
	struct strv warnings;
	/* Set by sysgroups_load() when the table is not for the requested
	 * version, e.g. "systemd 256: no group table, using 255"; NULL else. */
	char *note;
	/* sysgroups_expand() results, kept: the table is read-only, but one
	 * derivation expands the same groups hundreds of times. Not for use
	 * from two threads at once. */
	struct sysgroups_memo *memo;
};

void sysgroups_free(struct sysgroups *sg);

/* Parses the text of `systemd-analyze syscall-filter`. `filename` names the
 * input in warnings; `version` is what the dump is from ("257"). Every
 * syscall name is checked with libseccomp on x86 and x86-64; unknown names
 * go to ->unknown, lines that are not understood to ->warnings. Returns
 * -EINVAL for a bad version and -EBADMSG for a text without groups. */
int sysgroups_parse_dump(const char *text, size_t len, const char *filename, const char *version,
			 struct sysgroups **ret);

/* Writes the table as JSON (schema SYSGROUPS_SCHEMA), the layout
 * sysgroups_load_file() reads; -EIO on a write error. */
int sysgroups_write_json(const struct sysgroups *sg, FILE *f);

/* Reads a table written by `db import-systemd`; -errno or -EBADMSG. */
int sysgroups_load_file(const char *path, struct sysgroups **ret);

/* Loads <db_dir>/systemd/<major>.json for a systemd version, given either as
 * parse_version() yields (2570000) or as a bare major (257). Without an exact
 * table, the nearest lower shipped one is used (the lowest one when all are
 * newer) and ->note says so. -ENOENT when there is no table at all. */
int sysgroups_load(const char *db_dir, unsigned systemd_version, struct sysgroups **ret);

/* The group named `name` ("@mount"), or NULL. */
const struct sysgroup *sysgroups_find(const struct sysgroups *sg, const char *name);

/* Whether systemd can put `name` into a filter for `abi`: systemd resolves
 * the name on the native ABI and libseccomp translates it by name to each
 * filter's ABI; rules for names that do not exist there fail with -EDOM and
 * are skipped (seccomp-util.c seccomp_load_syscall_filter_set_raw). So a name
 * counts on an ABI when libseccomp resolves it there to a real number or to
 * a multiplexed pseudo number (i386 socket() via socketcall()). */
bool sysgroups_known_on_abi(const char *name, const struct arch_desc *abi);
/* Whether libseccomp knows the name on any ABI (systemd's parse step:
 * seccomp_parse_syscall_filter ignores names it cannot resolve). */
bool sysgroups_known_to_libseccomp(const char *name);

/* Appends the syscalls of group `name` (recursively, each group once, so
 * cycles end) to `out`, then sorts and dedups `out`. With `abi`, names that
 * libseccomp does not know on that ABI are left out, as systemd does; with
 * NULL every name is kept. -ENOENT when the group is unknown (nested unknown
 * groups are skipped, as seccomp_parse_syscall_filter does). */
int sysgroups_expand(const struct sysgroups *sg, const char *name, const struct arch_desc *abi,
		     struct strv *out);

/* bsearch in a sorted strv. */
bool sysgroups_sorted_contains(const struct strv *sorted, const char *name);

#endif
