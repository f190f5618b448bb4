/* SPDX-License-Identifier: MIT */
/* Command-line options and the verb table. main.c parses the options of a
 * verb into a `const struct options` that is passed down; there are no
 * global option flags. */
#ifndef SECCOMPAT_CLI_H
#define SECCOMPAT_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "util.h"

/* Exit codes, documented in --help and README. */
enum {
	EXIT_OK = 0,	   /* analysed; nothing that matters found */
	EXIT_FINDINGS = 1, /* findings that matter: a directive breaks, a check changed */
	EXIT_USAGE = 2,	   /* usage error, or bad input (a file could not be analysed) */
};

enum out_format {
	FORMAT_TEXT,
	FORMAT_JSON,
	FORMAT_DROPIN,
	FORMAT_MARKDOWN,
	FORMAT_MAX
};

/* Which options a verb accepts (bit mask). */
enum {
	OPT_ROOT = 1 << 0,
	OPT_LIBPATH = 1 << 1,
	OPT_PLUGIN = 1 << 2,
	OPT_FORMAT = 1 << 3,
	OPT_OUTPUT = 1 << 4,
	OPT_SYSTEMD = 1 << 5,
	OPT_KERNEL = 1 << 6,
	OPT_HOSTARCH = 1 << 7,
	OPT_MAXSITES = 1 << 8,
	OPT_DB = 1 << 9,
	OPT_QUIET = 1 << 10,
	OPT_CACHE = 1 << 11,
	OPT_UNIT = 1 << 12,
	OPT_BASELINE = 1 << 13,
	OPT_DBVERSION = 1 << 14,
	OPT_TRACE = 1 << 15,
	OPT_ENFORCE = 1 << 16,
	OPT_COMMAND = 1 << 17, /* takes `-- COMMAND [ARG...]` after its arguments */
	OPT_JOBS = 1 << 18,
	OPT_VERBOSE = 1 << 19,
	OPT_GLIBC = 1 << 20,
	OPT_ENTRY = 1 << 21,
	OPT_ALLOWPOSSIBLE = 1 << 22,
	OPT_CLOSURE = OPT_ROOT | OPT_LIBPATH | OPT_PLUGIN | OPT_HOSTARCH,
};

struct sysgroups;

struct options {
	const char *root;	  /* --root DIR */
	struct strv library_path; /* --library-path DIR[:DIR] (repeatable) */
	struct strv plugins;	  /* --plugin PATH (repeatable) */
	enum out_format format;	  /* --format */
	const char *output;	  /* --output FILE, NULL: stdout */
	unsigned systemd_version; /* --systemd, e.g. 2570000 style: see parse_version */
	unsigned kernel_version;  /* --kernel */
	const char *glibc;	  /* --glibc V: the target's glibc; NULL: the closure's libc.so.6 */
	const char *host_arch;	  /* --host-arch NAME, NULL: this machine */
	unsigned max_sites;	  /* --max-sites N: evidence sites listed per object */
	const char *db_dir;	  /* --db DIR */
	/* A group table loaded once by a driver that analyses many inputs
	 * (the fuzz targets); NULL: SystemCallFilter= loads it from db_dir. */
	const struct sysgroups *groups;
	bool quiet;		/* --quiet */
	bool verbose;		/* --verbose: every evidence line, every note */
	const char *cache_dir;	/* --cache DIR */
	bool no_cache;		/* --no-cache */
	unsigned jobs;		/* --jobs N: disassembly threads, 0: one per online CPU */
	struct strv units;	/* --unit FILE (repeatable) */
	const char *baseline;	/* --baseline FILE */
	const char *db_version; /* --version N for `db import-systemd` */
	bool trace;		/* verify --trace */
	bool enforce;		/* verify --enforce */
	char *const *command;	/* verify: what follows `--`, NULL-terminated; NULL: none */
	struct strv entries;	/* --entry [OBJECT:]SYMBOL (repeatable) */
	bool allow_possible;	/* --allow-possible */
};

struct verb {
	const char *name;
	const char *args;	/* synopsis of positional arguments */
	int min_args, max_args; /* -1: unbounded */
	unsigned opts;		/* accepted OPT_* */
	int (*run)(int argc, char **argv, const struct options *o);
	const char *help;      /* one line */
	const char *long_help; /* paragraph printed by VERB --help */
};

/* The result's destination: stdout, or o->output written through a
 * temporary file in the same directory that replaces it (rename(2)) only
 * when the run succeeds, so a failed run never leaves a partial file. An
 * output that exists and is not a regular file (/dev/null, a FIFO) is
 * written in place. */
struct cli_output {
	FILE *f;
	const char *path; /* o->output, NULL for stdout */
	char *tmp_path;	  /* NULL when written in place */
};

/* Opens the output; -errno after printing an error naming the file. */
int cli_output_open(const struct options *o, struct cli_output *ret);
/* Closes it: with commit, the temporary file becomes o->output (a write
 * error is printed and returned as -errno); without, it is removed and
 * the old file, if any, stays. */
int cli_output_close(struct cli_output *out, bool commit);
/* Prints the model's diagnostics to stderr, one line each, file first. */
struct analysis;
void cli_print_diags(const struct analysis *a, bool quiet);

/* Loads the unit named by o->units (unitfile_load_args(): a path or a
 * name looked up under o->root, then extra drop-ins). Prints the error and
 * returns -errno when it cannot be read or is not a unit. */
struct unit_settings;
int cli_load_unit(const char *verb, const struct options *o, struct unit_settings **ret);

/* Closure options from the command line; the strv members stay owned by
 * o. -EINVAL after printing an error for an unknown --host-arch. */
struct closure_opts;
int cli_closure_opts(const struct options *o, struct closure_opts *ret);

/* Verbs. */
int verb_deps(int argc, char **argv, const struct options *o);
int verb_analyze(int argc, char **argv, const struct options *o);
int verb_syscalls(int argc, char **argv, const struct options *o);
int verb_check(int argc, char **argv, const struct options *o);
int verb_diff(int argc, char **argv, const struct options *o);
int verb_db(int argc, char **argv, const struct options *o);
int verb_verify(int argc, char **argv, const struct options *o);

#endif
