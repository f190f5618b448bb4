/* SPDX-License-Identifier: MIT */
/* systemd's SystemCallFilter= semantics, and the derivation of a filter from
 * the syscalls a service needs.
 *
 *  - filter_build() turns SystemCallFilter= lines (+ SystemCallErrorNumber=,
 *    SystemCallArchitectures=, a systemd version) into the effective filter,
 *    the way systemd's load-fragment.c and seccomp-util.c do;
 *    filter_action() answers what happens to one syscall on one ABI.
 *  - filter_derive() computes directive lines that let a set of required
 *    syscalls through (pure set algebra over the group table).
 *  - filter_check() tells, per SystemCallFilter= line of a given filter,
 *    which required syscalls it blocks.
 *
 * Ownership: every struct returned through ret_ is owned by the caller and
 * freed with its *_free() (NULL is fine). A filter borrows the sysgroups
 * table it was built with: free the table after the filter. Conflicts
 * borrow the names and evidence pointers of the sc_need arrays they were
 * computed from. Nothing here prints.
 *
 * Usage (the `analyze` verb):
 *	struct sysgroups *sg;            // sg->note: table of another version
 *	sysgroups_load(o->db_dir, o->systemd_version, &sg);
 *	struct sc_needs needs[ARCH_MAX];
 *	size_t n = filter_needs_from_sysreport(a->sysreport, needs);
 *	struct filter_derivation *d;     // d->lines, d->groups[i].conflicts
 *	filter_derive(sg, needs, n, &d);
 *	// a unit's own composition:
 *	struct unit_settings *u;         // unitfile.h
 *	unitfile_load(path, &u, &err);
 *	struct filter_input in = {
 *		u->syscall_filter.v, u->syscall_filter.n, u->syscall_error_number,
 *		u->syscall_architectures.v, u->syscall_architectures.n,
 *		arch_from_name(o->host_arch) or NULL, o->systemd_version};
 *	struct filter *f;
 *	filter_build(sg, &in, &f);       // f->warnings: what systemd would log
 *	struct filter_check *c;          // c->lines[i]: SystemCallFilter= line i
 *	filter_check(f, needs, n, &c);
 *	filter_check_free(c); filter_free(f); unit_settings_free(u);
 *	filter_derivation_free(d); filter_needs_free(needs, n); sysgroups_free(sg);
 */
#ifndef SECCOMPAT_FILTER_H
#define SECCOMPAT_FILTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arch.h"
#include "sysgroups.h"
#include "unitfile.h"
#include "util.h"

/* systemd's SECCOMP_ERROR_NUMBER_KILL: "kill" given where an errno may be. */
#define FILTER_ERRNO_KILL (-2)
/* No errno given: the filter's default negative action applies. */
#define FILTER_ERRNO_NONE (-1)

enum filter_mode {
	FILTER_MODE_NONE,	/* no SystemCallFilter= in effect: all allowed */
	FILTER_MODE_ALLOW_LIST, /* first line without "~" */
	FILTER_MODE_DENY_LIST,	/* first line with "~" */
	FILTER_MODE_MAX
};

enum filter_verdict {
	FILTER_ALLOW,
	FILTER_KILL,  /* SIGSYS, process killed */
	FILTER_ERRNO, /* the call fails with ->errno_num */
	FILTER_VERDICT_MAX
};

/* Why a verdict was reached. */
enum filter_reason {
	FILTER_BY_NOTHING, /* no filter */
	FILTER_BY_RULE,	   /* the name is listed; ->line says by which line */
	FILTER_BY_DEFAULT, /* the name is not listed (or does not exist on the
			    * ABI): the default action; ->line is the line
			    * that chose the mode or last removed the name */
	FILTER_BY_UNKNOWN, /* name newer than systemd's @known (systemd >= 255) */
	FILTER_BY_ARCH,	   /* the ABI is not in SystemCallArchitectures= */
	FILTER_REASON_MAX
};

struct filter_action {
	enum filter_verdict verdict;
	int errno_num; /* FILTER_ERRNO only */
	enum filter_reason reason;
	int line; /* index into filter->lines, -1 when none */
};

/* One name in systemd's filter map (its Hashmap keyed by syscall number). */
struct filter_entry {
	char *name;
	bool listed;	  /* in the map; false: removed (or kept out) by a line */
	bool ever_listed; /* some line put it into the map */
	int errno_num;	  /* errno, FILTER_ERRNO_NONE or FILTER_ERRNO_KILL */
	int line;	  /* index of the line that last added or removed it */
};

struct filter {
	const struct sysgroups *groups; /* borrowed */
	unsigned systemd_major;
	enum filter_mode mode;
	int mode_line; /* index of the line that chose the mode, -1 */
	/* SystemCallErrorNumber=: FILTER_ERRNO_KILL (default) or an errno. */
	int error_number;
	struct unit_setting error_number_setting; /* .value NULL when unset */
	/* SystemCallFilter= lines as given (copies), in order. */
	struct unit_setting *lines;
	size_t n_lines;
	struct filter_entry *entries; /* sorted by name */
	size_t n_entries, cap_entries;
	/* While the lines are parsed: entry index + 1 by name hash (open
	 * addressing), so that a list of 400 names is not 80,000 strcmp()s. */
	uint32_t *name_slots;
	size_t n_name_slots;
	bool archs_restricted;		   /* SystemCallArchitectures= set */
	bool abi_allowed[ARCH_MAX];	   /* when restricted */
	struct unit_setting archs_setting; /* last SystemCallArchitectures= line */
	struct strv known;		   /* @known of the table, sorted */
	/* systemd >= 255: a syscall outside @known fails with ENOSYS, in
	 * allow and deny lists (FILTER_BY_UNKNOWN). */
	bool unknown_enosys;
	struct strv warnings; /* "FILE:LINE: message", as systemd logs */
};

struct filter_input {
	const struct unit_setting *filter_lines; /* SystemCallFilter= values */
	size_t n_filter_lines;
	const struct unit_setting *error_number;  /* SystemCallErrorNumber=, NULL */
	const struct unit_setting *architectures; /* SystemCallArchitectures= */
	size_t n_architectures;
	/* What "native" means in SystemCallArchitectures= (the target host);
	 * NULL: this machine. */
	const struct arch_desc *native;
	/* Like options.systemd_version: 2570000 or bare 257. */
	unsigned systemd_version;
};

/* The input of a unit's own settings: its SystemCallFilter=,
 * SystemCallErrorNumber= and SystemCallArchitectures= lines. */
struct filter_input filter_input_from_unit(const struct unit_settings *u,
					   const struct arch_desc *native,
					   unsigned systemd_version);

void filter_free(struct filter *f);

/* Builds the effective filter. Entries that systemd would ignore with a
 * warning (unknown group or syscall, errno on an allow-listed name, bad
 * errno) are skipped and reported in ->warnings. Returns 0; -EINVAL only for
 * a NULL table. */
int filter_build(const struct sysgroups *sg, const struct filter_input *in, struct filter **ret);

/* What the filter does to `name` called through `abi`. */
struct filter_action filter_action(const struct filter *f, const struct arch_desc *abi,
				   const char *name);

/* The listed names as installed on `abi` (known there), sorted, appended to
 * `out`: allowed names for an allow list, denied ones for a deny list. */
void filter_abi_names(const struct filter *f, const struct arch_desc *abi, struct strv *out);

/* Whether no syscall of `group` (as known on `abi`) is allowed: what
 * systemd-analyze security reports as "SystemCallFilter=~@group" passed.
 * -ENOENT for an unknown group, else 0/1. */
int filter_blocks_group(const struct filter *f, const struct arch_desc *abi, const char *group);

/* Parses an errno name or number (0..4095) as systemd's parse_errno();
 * "kill" gives FILTER_ERRNO_KILL when allow_kill. -EINVAL. */
int filter_parse_errno(const char *s, bool allow_kill, int *ret);

/* ---- derivation and check ---- */

enum sc_confidence {
	SC_CERTAIN,  /* the syscall is made (a resolved call site) */
	SC_POSSIBLE, /* it may be made, on an assumption the evidence names */
	SC_CONFIDENCE_MAX
};

struct sc_need {
	const char *name;
	enum sc_confidence confidence;
	const void *evidence; /* opaque to this module, handed back */
};

/* The required syscalls of one ABI (all borrowed). */
struct sc_needs {
	const struct arch_desc *abi;
	const struct sc_need *v;
	size_t n;
};

enum filter_status {
	FILTER_OK,     /* blocks nothing required */
	FILTER_RISK,   /* blocks only `possible` syscalls */
	FILTER_BREAKS, /* blocks a `certain` syscall */
	FILTER_STATUS_MAX
};

struct filter_conflict {
	const struct arch_desc *abi;
	const char *name; /* borrowed from the sc_need */
	enum sc_confidence confidence;
	const void *evidence;
	struct filter_action action; /* filter_check only */
};

struct filter_conflicts {
	enum filter_status status;
	struct filter_conflict *v;
	size_t n, cap;
};

struct filter_group_verdict {
	const char *group; /* "@mount" */
	const char *why;   /* why it is worth denying */
	struct filter_conflicts conflicts;
};

/* An allow line: @system-service plus what it lacks. */
struct filter_cover {
	char *allow_line;	  /* "@system-service @clock getcpu" */
	struct strv extra_groups; /* added to @system-service, sorted */
	struct strv extra_names;  /* sorted */
};

/* The derivation rule (README "What analyze derives"): systemd applies one
 * set of lines to every allowed ABI, so the lines come from the union of the
 * per-ABI sets.
 *  - allow line: @system-service plus every required syscall it lacks;
 *  - deny line: the groups worth denying to a service (those
 *    systemd-analyze security scores and a few more privileged or rarely
 *    needed ones) holding no required syscall on any ABI, the outermost
 *    only (@privileged, not @chown beside it);
 *  - risks: the `possible` syscalls these lines kill or fail.
 * Required: the `certain` syscalls, and the `possible` ones too with
 * allow_possible (the safe variant, which has no risks). */
struct filter_derive_opts {
	bool allow_possible;
	unsigned systemd_version; /* for the risks' actions; 0: 257 */
};

struct filter_derivation {
	/* Directive values in order ("@system-service getcpu",
	 * "~@clock @debug ..."); one line each, valid for all ABIs given. */
	struct strv lines;
	bool allow_possible;
	struct filter_cover allow;
	char *deny_line;	 /* NULL when no group can be denied */
	struct strv deny_groups; /* sorted */
	/* Every group of the table but @known, @default and @system-service,
	 * in table order, with the required (certain or possible) syscalls in
	 * it; ->why is set for the groups worth denying to a service. */
	struct filter_group_verdict *groups;
	size_t n_groups;
	/* `possible` syscalls the lines keep out, with the filter's action. */
	struct filter_conflicts risks;
	/* Required names libseccomp cannot resolve on their ABI: no allow
	 * list can let them through ("abi:name"). */
	struct strv unfilterable;
};

void filter_derivation_free(struct filter_derivation *d);

/* The required syscalls of the engine's report (syscalls.h), one sc_needs
 * per ABI that has any, into ret[] (room for ARCH_MAX); each need's
 * evidence is its `const struct sys_entry *`. The arrays borrow names from
 * the report: free them with filter_needs_free() before the report.
 * Returns the number of ABIs filled. */
struct sysreport;
size_t filter_needs_from_sysreport(const struct sysreport *r, struct sc_needs ret[ARCH_MAX]);
void filter_needs_free(struct sc_needs *needs, size_t n);

/* Derives allow and deny lines for the syscalls of each ABI in `needs` by
 * the rule above (o NULL: certain only). -ENOENT when the table has no
 * @system-service. */
int filter_derive(const struct sysgroups *sg, const struct sc_needs *needs, size_t n_abis,
		  const struct filter_derive_opts *o, struct filter_derivation **ret);

struct filter_check {
	/* One per filter line (same index as filter->lines): the required
	 * syscalls that line keeps out. A conflict from the default action of
	 * an allow list is charged to the "~" line that removed the name and,
	 * when no line ever allowed it, to the line that chose allow-list
	 * mode as well. */
	struct filter_conflicts *lines;
	size_t n_lines;
	struct filter_conflicts archs; /* ABIs that SystemCallArchitectures= kills */
	enum filter_status status;     /* the worst of all */
};

void filter_check_free(struct filter_check *c);

/* Checks a built filter against the required syscalls. Returns 0. */
int filter_check(const struct filter *f, const struct sc_needs *needs, size_t n_abis,
		 struct filter_check **ret);

const char *filter_status_name(enum filter_status s);
const char *filter_verdict_name(enum filter_verdict v);

#endif
