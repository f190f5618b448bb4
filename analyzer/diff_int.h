/* SPDX-License-Identifier: MIT */
/* Inside diff: the loaded document (diff_load.c) that the comparison
 * (diff_compare.c) reads, and what the renderers (diff_render.c) share.
 * Strings are borrowed from the JSON document the diff_doc holds a
 * reference to; NULL means absent (or JSON null). */
#ifndef SECCOMPAT_DIFF_INT_H
#define SECCOMPAT_DIFF_INT_H

#include <stdint.h>

#include "diff.h"

/* A code site: a provenance record, an unresolved gate, a W->X call. */
struct dd_site {
	const char *object, *function, *location, *chain;
	const char *what;	   /* unresolved: what is not known */
	const char *callee, *prot; /* W->X: the call and the protections asked */
};

struct dd_syscall {
	const char *name, *confidence; /* confidence NULL in an object's own set */
	struct dd_site *prov;
	size_t n_prov;
};

/* The syscalls of one ABI, in document order. */
struct dd_set {
	const char *abi;
	struct dd_syscall *v;
	size_t n;
};

struct dd_count {
	const char *name;
	int64_t n;
};

struct dd_rwx {
	int64_t phdr; /* -1 when absent */
	const char *vaddr, *flags;
};

struct dd_object {
	const char *path, *real_path, *abi, *role, *sha256;
	int64_t size;
	bool has_textrel, tr_flagged;
	int64_t tr_count;
	struct dd_count *by_type;
	size_t n_by_type;
	bool has_stack, st_exec, st_rie, st_pt_gnu_stack;
	const char *st_flags;
	bool has_segments, tls_exec;
	struct dd_rwx *rwx;
	size_t n_rwx;
	bool has_syscalls;
	const char *sys_abi;
	struct dd_set reachable; /* names only */
};

/* A value of "directives" or "options": whatever JSON it is. */
struct dd_value {
	char *line; /* one line: a string as it is, a list joined with "; ", other JSON compact */
	size_t n_lines;	 /* a list's length, else 1 */
	char **lines;	 /* each line when a string, NULL for another JSON value */
	bool deny;	 /* the value starts with "~" (a deny-list) */
	struct strv tok; /* the tokens of all lines, split at blanks, ';' and '~' */
};

struct dd_directive {
	const char *name;
	struct dd_value value;
};

struct dd_evidence {
	const char *object, *kind, *detail;
};

struct dd_verdict {
	const char *name;
	bool tolerated;
	struct dd_evidence *blockers;
	size_t n_blockers;
};

struct dd_diag {
	const char *level, *path, *message;
};

struct dd_unit_item {
	const char *directive, *status, *value;
	const char **reasons; /* the string ones */
	size_t n_reasons;
};

struct dd_unit_file {
	const char *path, *sha256;
};

enum dd_option {
	DD_OPT_SYSTEMD,
	DD_OPT_KERNEL,
	DD_OPT_NATIVE,
	DD_OPT_MDWE_MODE,
	DD_OPT_MAX
};

struct diff_doc {
	json_object *json; /* a reference: the strings below live in it */
	char *name;
	char *options[DD_OPT_MAX]; /* value lines, NULL when absent */
	struct dd_object *objects;
	size_t n_objects;
	struct dd_set *syscalls; /* per ABI, in document order */
	size_t n_syscalls;
	struct dd_site *unresolved, *wx;
	size_t n_unresolved, n_wx;
	struct dd_directive *directives; /* null values left out */
	size_t n_directives;
	struct dd_verdict *verdicts;
	size_t n_verdicts;
	struct dd_diag *diags;
	size_t n_diags;
	bool has_unit_check, has_unit;
	struct dd_unit_item *unit_items;
	size_t n_unit_items;
	const char *unit_name;
	struct dd_unit_file *unit_files;
	size_t n_unit_files;
};

extern const char *const diff_option_keys[DD_OPT_MAX];

/* The entry of that name, or NULL. */
const struct dd_directive *diff_doc_directive(const struct diff_doc *doc, const char *name);
const struct dd_verdict *diff_doc_verdict(const struct diff_doc *doc, const char *name);
const struct dd_unit_item *diff_doc_unit_item(const struct diff_doc *doc, const char *name);

#endif
