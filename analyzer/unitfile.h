/* SPDX-License-Identifier: MIT */
/* Reads the seccomp-related [Service] settings of a systemd unit file and its
 * drop-ins with systemd's syntax (src/shared/conf-parser.c): sections,
 * comments, continuation lines, repeated and empty assignments, drop-ins
 * applied after the unit in order.
 *
 * Ownership: struct unit_settings owns all its strings; free it with
 * unit_settings_free() (NULL is fine). Nothing here prints: problems that
 * systemd would log and skip go to ->warnings as "FILE:LINE: message". */
#ifndef SECCOMPAT_UNITFILE_H
#define SECCOMPAT_UNITFILE_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

/* One assignment's value and where it was made. */
struct unit_setting {
	char *value; /* after the '=', whitespace-trimmed, continuations joined */
	char *file;
	unsigned line; /* line of the key (first line of a continued value) */
};

/* The assignments of a list-type directive still in effect, in order: an
 * empty assignment drops the ones before it. */
struct unit_list {
	struct unit_setting *v;
	size_t n;
	size_t cap;
};

/* LockPersonality=, RestrictRealtime=, RestrictNamespaces=,
 * RestrictSUIDSGID=, ProtectClock=, ProtectKernelModules=,
 * ProtectKernelLogs=, ProtectHostname=: read as single settings. */
#define UNIT_RESTRICT_KEYS 8
extern const char *const unitfile_restrict_keys[UNIT_RESTRICT_KEYS];

struct unit_settings {
	struct unit_list syscall_filter;	/* SystemCallFilter= */
	struct unit_list syscall_architectures; /* SystemCallArchitectures= */
	/* Last assignment; NULL when never set. An empty value is kept (it
	 * resets to the default). */
	struct unit_setting *memory_deny_write_execute;
	struct unit_setting *syscall_error_number;
	/* RestrictAddressFamilies=: a list, as syscall_filter. */
	struct unit_list address_families;
	/* The boolean-like directives of unitfile_restrict_keys, same order;
	 * last assignment each, NULL when never set. */
	struct unit_setting *restrict_settings[UNIT_RESTRICT_KEYS];
	struct strv files;     /* files read, in order */
	struct strv sha256;    /* hex SHA-256 of each of files, same order */
	struct strv warnings;  /* "FILE:LINE: message" */
	char *name;	       /* unit name ("l4d2.service"); NULL from unitfile_parse_files() */
	struct strv arguments; /* how it was named (paths made absolute): re-loads it */
	char *root;	       /* --root it was looked up under, NULL */
};

void unit_settings_free(struct unit_settings *u);
/* RestrictAddressFamilies= as systemd evaluates its lines
 * (config_parse_address_families): an empty value resets, "none" allows
 * nothing, a leading '~' makes the first assignment a deny list; later ones
 * add to the list or, with '~', take from it (and the other way round for
 * a deny list). Fills *set (sorted) and *allow (the set is an allow list);
 * false when the directive is not in effect. */
bool unitfile_address_families(const struct unit_list *l, struct strv *set, bool *allow);

/* The last assignment of one of unitfile_restrict_keys, NULL when unset or
 * not such a key. */
const struct unit_setting *unit_settings_restrict(const struct unit_settings *u, const char *key);

/* Parses `files` in order (a unit file, then its drop-ins) into one result.
 * Returns -errno when a file cannot be read ("FILE: message" in *ret_error,
 * which the caller frees; ret_error may be NULL), and -EBADMSG or -ENOBUFS
 * for what makes systemd refuse the file (bad section header, overlong
 * continued line; "FILE:LINE: message"). Other problems are skipped and
 * listed in ->warnings, as systemd logs and ignores them. A line number is
 * the line of the key, also for a value continued over several lines. */
int unitfile_parse_files(const char *const *files, size_t n_files, struct unit_settings **ret,
			 char **ret_error);

/* Parses one unit file plus the drop-ins systemd would apply from the
 * directory next to it: `<unit>.d/` *.conf sorted by file name (the same
 * name in several drop-in directories is not modelled: only this one).
 * Errors as unitfile_parse_files. */
int unitfile_load(const char *unit_path, struct unit_settings **ret, char **ret_error);

/* The unit directories of the system manager, highest priority first
 * (systemd's lookup_paths_init() for the system scope; the transient and
 * generator directories are not read: they exist only on a running host).
 * NULL-terminated. */
extern const char *const unitfile_search_dirs[];

/* Loads a unit as systemd does, from `--unit` arguments: args[0] is a unit
 * file path (it contains a '/') or a unit name looked up in
 * unitfile_search_dirs under root (NULL: "/"); an instance name
 * (foo@1.service) falls back to its template (foo@.service). Drop-ins are
 * then collected like systemd's unit_file_find_dropin_paths(): NAME.d/,
 * the template's .d/, the dash-prefix .d/ directories (foo-.service.d/ for
 * foo-bar.service) and the type's (service.d/) in every search directory
 * (for a path, its own directory first, as `systemd-analyze verify` does),
 * *.conf sorted by file name, the first directory holding a name masking
 * the others. args[1..] are drop-ins applied after those (skipped when
 * already found). Returns -ENOENT (no such unit), -EINVAL (not a unit file:
 * a name without a unit type suffix, binary data, no section header,
 * a drop-in not ending in ".conf"), -ELOOP (masked: a symlink to
 * /dev/null) or the errors of unitfile_parse_files(), with a one-line
 * message in *ret_error naming the file. */
int unitfile_load_args(const char *const *args, size_t n_args, const char *root,
		       struct unit_settings **ret, char **ret_error);

/* Parses a value of a boolean setting as systemd's parse_boolean() does
 * ("1 yes y true t on" / "0 no n false f off", any case); -EINVAL. */
int unitfile_parse_bool(const char *v, bool *ret);

/* Whether key is one this reader knows whose assignments add up (an empty
 * assignment resets the list: systemd.exec(5)); false for others. */
bool unitfile_key_is_list(const char *key);

#endif
