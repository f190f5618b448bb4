// SPDX-License-Identifier: MIT
/* seccompat: derives what a service's binaries tolerate of systemd's
 * SystemCallArchitectures=, MemoryDenyWriteExecute= and SystemCallFilter=. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const struct verb verbs[] = {
	{"deps", "TARGET...", 1, -1, OPT_CLOSURE | OPT_FORMAT | OPT_OUTPUT, verb_deps,
	 "List the objects the service loads and how each was found",
	 "Resolves the dependency closure of TARGETs like glibc's ld.so: ELF files,\n"
	 "directories (every ELF object inside joins; shared objects no DT_NEEDED\n"
	 "reaches are dlopen candidates) and start scripts (the #! interpreter joins,\n"
	 "a literal `export LD_LIBRARY_PATH=...` is honoured). Formats: text, json."},
	{"analyze", "TARGET...", 1, -1,
	 OPT_CLOSURE | OPT_FORMAT | OPT_OUTPUT | OPT_SYSTEMD | OPT_KERNEL | OPT_MAXSITES | OPT_DB |
		 OPT_QUIET | OPT_CACHE | OPT_JOBS | OPT_UNIT | OPT_ENTRY | OPT_ALLOWPOSSIBLE,
	 verb_analyze, "Derive the directives the service tolerates, with evidence",
	 "Analyses the closure of TARGETs and derives SystemCallArchitectures=,\n"
	 "MemoryDenyWriteExecute= and SystemCallFilter=, with evidence. Syscalls are\n"
	 "`certain` (reached from a root), `possible` (reached on a named assumption)\n"
	 "or `unreached` (never required). SystemCallFilter= is @system-service plus\n"
	 "the certain syscalls it lacks, then a deny line of the outermost groups\n"
	 "holding no certain syscall; the possible syscalls it kills are listed as\n"
	 "risks (--allow-possible also allows them). With --unit (a unit file, then\n"
	 "its drop-ins in order), also checks the unit's directives: each is ok,\n"
	 "risk (only `possible` syscalls are stopped) or breaks (a `certain` one);\n"
	 "the exit status is then 1 when one breaks the service.\n"
	 "Formats: text, json, dropin, markdown."},
	{"syscalls", "TARGET...", 1, -1,
	 OPT_CLOSURE | OPT_FORMAT | OPT_OUTPUT | OPT_DB | OPT_QUIET | OPT_CACHE | OPT_JOBS |
		 OPT_MAXSITES | OPT_ENTRY,
	 verb_syscalls, "List the syscalls the service's code can make, per ABI, with provenance",
	 "Disassembles every executable segment of the closure and resolves the\n"
	 "syscall number at each gate. Formats: text, json."},
	{"check", "TARGET...", 1, -1,
	 OPT_CLOSURE | OPT_FORMAT | OPT_OUTPUT | OPT_SYSTEMD | OPT_KERNEL | OPT_DB | OPT_QUIET |
		 OPT_CACHE | OPT_JOBS | OPT_BASELINE | OPT_ENTRY | OPT_ALLOWPOSSIBLE,
	 verb_check, "Re-analyse and compare with a saved baseline (--baseline)",
	 "Exit 0 when the directives the baseline justified still hold, 1 when\n"
	 "something would break or a derived directive changed.\n"
	 "Formats: text, json, markdown."},
	{"verify", "[TARGET...] -- COMMAND [ARG...]", 0, -1,
	 OPT_ROOT | OPT_LIBPATH | OPT_PLUGIN | OPT_FORMAT | OPT_OUTPUT | OPT_SYSTEMD | OPT_DB |
		 OPT_QUIET | OPT_CACHE | OPT_JOBS | OPT_UNIT | OPT_TRACE | OPT_ENFORCE |
		 OPT_COMMAND | OPT_ENTRY | OPT_ALLOWPOSSIBLE,
	 verb_verify, "Run COMMAND under the seccomp policy and report what it would refuse",
	 "Runs COMMAND (the only verb that executes anything) under the seccomp\n"
	 "filters systemd would install for --unit (a unit file, then its drop-ins)\n"
	 "or, without --unit, for the directives analyze derives for TARGETs:\n"
	 "SystemCallArchitectures=, SystemCallFilter=, SystemCallErrorNumber= and the\n"
	 "syscall side of MemoryDenyWriteExecute=. By default (observe) every call\n"
	 "the policy would kill or fail is reported and let through, so the command\n"
	 "runs to completion; --enforce applies the kill or errno as systemd would\n"
	 "and reports the call that ended the process. --trace also records every\n"
	 "syscall per ABI and lists those the analysis of TARGETs did not predict.\n"
	 "Threads and child processes are followed. Runs unprivileged (it sets\n"
	 "PR_SET_NO_NEW_PRIVS without CAP_SYS_ADMIN). Exit status: 0 nothing refused\n"
	 "(and, with --trace, nothing unpredicted), 1 otherwise, 2 bad usage or input,\n"
	 "or a command that cannot be started. Formats: text, json (docs/verify.md)."},
	{"diff", "OLD.json NEW.json", 2, 2, OPT_FORMAT | OPT_OUTPUT, verb_diff,
	 "Compare two saved `analyze --format json` results", NULL},
	{"db", "import-systemd FILE | build-libc LIBC", 2, 2,
	 OPT_OUTPUT | OPT_DB | OPT_DBVERSION | OPT_ROOT, verb_db,
	 "Build the data files: systemd syscall groups, libc export maps",
	 "db import-systemd FILE --version N  reads `systemd-analyze syscall-filter`\n"
	 "                                    output into db/systemd/N.json\n"
	 "db build-libc PATH/libc.so.6        computes each export's syscalls into\n"
	 "                                    db/libc/<abi>-<version>.json"},
};

static const struct option long_opts[] = {
	{"root", required_argument, NULL, 'r'},
	{"library-path", required_argument, NULL, 'L'},
	{"plugin", required_argument, NULL, 'p'},
	{"format", required_argument, NULL, 'f'},
	{"output", required_argument, NULL, 'o'},
	{"systemd", required_argument, NULL, 's'},
	{"kernel", required_argument, NULL, 'k'},
	{"host-arch", required_argument, NULL, 'H'},
	{"max-sites", required_argument, NULL, 'm'},
	{"db", required_argument, NULL, 'D'},
	{"quiet", no_argument, NULL, 'q'},
	{"cache", required_argument, NULL, 'C'},
	{"no-cache", no_argument, NULL, 'N'},
	{"jobs", required_argument, NULL, 'j'},
	{"unit", required_argument, NULL, 'u'},
	{"baseline", required_argument, NULL, 'b'},
	{"version", required_argument, NULL, 'V'},
	{"trace", no_argument, NULL, 'T'},
	{"enforce", no_argument, NULL, 'E'},
	{"entry", required_argument, NULL, 'e'},
	{"allow-possible", no_argument, NULL, 'P'},
	{"help", no_argument, NULL, 'h'},
	{0},
};

static const struct {
	int val;
	unsigned mask;
	const char *usage;
} opt_help[] = {
	{'r', OPT_ROOT, "--root DIR          analyse a tree that is not the running system"},
	{'L', OPT_LIBPATH,
	 "--library-path P    LD_LIBRARY_PATH entries (colon-separated, repeatable)"},
	{'p', OPT_PLUGIN,
	 "--plugin PATH       an object the service loads from elsewhere (repeatable)"},
	{'H', OPT_HOSTARCH,
	 "--host-arch ARCH    the ABI systemd calls native (default: this machine)"},
	{'f', OPT_FORMAT, "--format FMT        output format (see above; default text)"},
	{'o', OPT_OUTPUT, "--output FILE       write the result to FILE instead of stdout"},
	{'s', OPT_SYSTEMD, "--systemd VERSION   systemd version of the target host (default 257)"},
	{'k', OPT_KERNEL, "--kernel VERSION    kernel version of the target host (default 6.12)"},
	{'m', OPT_MAXSITES, "--max-sites N       evidence sites listed per object (default 20)"},
	{'D', OPT_DB, "--db DIR            data directory (default: " SECCOMPAT_DB_DIR ")"},
	{'q', OPT_QUIET, "--quiet             no progress line"},
	{'C', OPT_CACHE, "--cache DIR / --no-cache   per-object result cache (default XDG)"},
	{'j', OPT_JOBS,
	 "--jobs N            disassemble on N threads (default: one per CPU); same output"},
	{'u', OPT_UNIT,
	 "--unit FILE         a unit file or drop-in to check (repeatable, in order)"},
	{'b', OPT_BASELINE, "--baseline FILE     a saved `analyze --format json` result"},
	{'V', OPT_DBVERSION, "--version N         systemd version the imported dump is from"},
	{'T', OPT_TRACE, "--trace             record every syscall and compare with the analysis"},
	{'E', OPT_ENFORCE, "--enforce           kill or fail refused calls as systemd would"},
	{'e', OPT_ENTRY,
	 "--entry [OBJ:]SYM   an export of a dlopen candidate or plugin that is called "
	 "(repeatable)"},
	{'P', OPT_ALLOWPOSSIBLE,
	 "--allow-possible    SystemCallFilter= also allows the `possible` syscalls"},
};

static const char *const format_names[FORMAT_MAX] = {
	[FORMAT_TEXT] = "text",
	[FORMAT_JSON] = "json",
	[FORMAT_DROPIN] = "dropin",
	[FORMAT_MARKDOWN] = "markdown",
};

static void usage(FILE *f)
{
	fprintf(f, "Usage: seccompat VERB [OPTIONS] ARGS...\n\n"
		   "Derives which systemd sandboxing directives a service's binaries tolerate:\n"
		   "SystemCallArchitectures=, MemoryDenyWriteExecute=, SystemCallFilter=.\n"
		   "It never runs them, except `verify`, which runs the service's command\n"
		   "under a unit's seccomp policy.\n\n"
		   "Verbs:\n");
	for (size_t i = 0; i < ARRAY_SIZE(verbs); i++)
		fprintf(f, "  %-9s %s\n", verbs[i].name, verbs[i].help);
	fprintf(f, "\n`seccompat VERB --help` describes a verb and its options.\n"
		   "  --help       this text\n"
		   "  --version    print the version\n\n"
		   "Exit status: 0 ok; 1 findings that matter (a directive breaks, a check\n"
		   "changed, verify saw a call refused); 2 usage error or bad input (a file\n"
		   "could not be analysed).\n");
}

static void verb_usage(FILE *f, const struct verb *v)
{
	fprintf(f, "Usage: seccompat %s [OPTIONS] %s\n\n%s.\n", v->name, v->args, v->help);
	if (v->long_help)
		fprintf(f, "\n%s\n", v->long_help);
	fprintf(f, "\nOptions:\n");
	for (size_t i = 0; i < ARRAY_SIZE(opt_help); i++)
		if (v->opts & opt_help[i].mask)
			fprintf(f, "  %s\n", opt_help[i].usage);
	fprintf(f, "  --help              this text\n");
}

static unsigned opt_mask(int val)
{
	if (val == 'N')
		return OPT_CACHE;
	for (size_t i = 0; i < ARRAY_SIZE(opt_help); i++)
		if (opt_help[i].val == val)
			return opt_help[i].mask;
	return 0;
}

/* For a verb that takes `-- COMMAND`: GNU getopt stops at the first "--"
 * that is not an option's argument and moves the arguments it skipped
 * behind it, so argv[optind - 1] is that "--" when there is one; the
 * command is what followed it in the original order. */
static void split_command(int argc, char **argv, char **orig, const char *last_optarg,
			  struct options *o, int *ret_end)
{
	*ret_end = argc;
	if (optind < 1 || strcmp(argv[optind - 1], "--") != 0 || argv[optind - 1] == last_optarg)
		return;
	for (int i = 0; i < argc; i++)
		if (orig[i] == argv[optind - 1]) {
			o->command = (char *const *)&orig[i + 1];
			*ret_end = i + 1;
			return;
		}
}

static int parse_options(const struct verb *v, int argc, char **argv, struct options *o,
			 char **orig, int *ret_end)
{
	const char *last_optarg = NULL;
	int c;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", long_opts, NULL)) != -1) {
		if (c == 'h') {
			verb_usage(stdout, v);
			exit(EXIT_OK);
		}
		if (c == '?' || c == ':') {
			fprintf(stderr, "seccompat %s: unknown option or missing argument: %s\n",
				v->name, argv[optind - 1]);
			return -EINVAL;
		}
		if (!(v->opts & opt_mask(c))) {
			fprintf(stderr, "seccompat %s: option %s does not apply to this verb\n",
				v->name, argv[optind - 1]);
			return -EINVAL;
		}
		last_optarg = optarg;
		switch (c) {
		case 'r':
			o->root = optarg;
			break;
		case 'L':
			strv_split(&o->library_path, optarg, ":", false);
			break;
		case 'p':
			strv_push(&o->plugins, optarg);
			break;
		case 'f': {
			int i;
			for (i = 0; i < FORMAT_MAX; i++)
				if (strcmp(optarg, format_names[i]) == 0)
					break;
			if (i == FORMAT_MAX) {
				fprintf(stderr, "seccompat %s: unknown format '%s'\n", v->name,
					optarg);
				return -EINVAL;
			}
			o->format = (enum out_format)i;
			break;
		}
		case 'o':
			o->output = optarg;
			break;
		case 's':
		case 'k':
			if (parse_version(optarg, c == 's' ? &o->systemd_version
							   : &o->kernel_version) < 0) {
				fprintf(stderr, "seccompat %s: bad version '%s'\n", v->name,
					optarg);
				return -EINVAL;
			}
			break;
		case 'H':
			o->host_arch = optarg;
			break;
		case 'm': {
			char *end;
			unsigned long n = strtoul(optarg, &end, 10);
			if (*end || end == optarg || n > 1000000) {
				fprintf(stderr, "seccompat %s: bad --max-sites '%s'\n", v->name,
					optarg);
				return -EINVAL;
			}
			o->max_sites = (unsigned)n;
			break;
		}
		case 'D':
			o->db_dir = optarg;
			break;
		case 'q':
			o->quiet = true;
			break;
		case 'C':
			o->cache_dir = optarg;
			break;
		case 'N':
			o->no_cache = true;
			break;
		case 'j': {
			char *end;
			unsigned long n = strtoul(optarg, &end, 10);
			if (*end || end == optarg || n < 1 || n > 1024) {
				fprintf(stderr,
					"seccompat %s: --jobs: bad number '%s' (1 to 1024)\n",
					v->name, optarg);
				return -EINVAL;
			}
			o->jobs = (unsigned)n;
			break;
		}
		case 'u':
			strv_push(&o->units, optarg);
			break;
		case 'b':
			o->baseline = optarg;
			break;
		case 'V':
			o->db_version = optarg;
			break;
		case 'T':
			o->trace = true;
			break;
		case 'E':
			o->enforce = true;
			break;
		case 'e':
			if (!*optarg || optarg[strlen(optarg) - 1] == ':') {
				fprintf(stderr, "seccompat %s: --entry: bad symbol '%s'\n", v->name,
					optarg);
				return -EINVAL;
			}
			strv_push(&o->entries, optarg);
			break;
		case 'P':
			o->allow_possible = true;
			break;
		}
	}
	*ret_end = argc;
	if (v->opts & OPT_COMMAND)
		split_command(argc, argv, orig, last_optarg, o, ret_end);
	return optind;
}

int main(int argc, char **argv)
{
	struct options o = {
		.format = FORMAT_TEXT,
		.systemd_version = 257 * 10000,
		.kernel_version = 6 * 10000 + 12 * 100,
		.max_sites = 20,
		.db_dir = SECCOMPAT_DB_DIR,
	};
	const struct verb *v = NULL;
	char **orig;
	int first, end, nargs, r;

	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return EXIT_OK;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("seccompat %s\n", SECCOMPAT_VERSION);
		return EXIT_OK;
	}
	for (size_t i = 0; i < ARRAY_SIZE(verbs); i++)
		if (strcmp(argv[1], verbs[i].name) == 0)
			v = &verbs[i];
	if (!v) {
		fprintf(stderr, "seccompat: unknown verb '%s' (see seccompat --help)\n", argv[1]);
		return EXIT_USAGE;
	}
	if (getenv("SECCOMPAT_DB"))
		o.db_dir = getenv("SECCOMPAT_DB");

	/* GNU getopt permutes: options may come before or after the arguments. */
	/* The arguments as given, before getopt reorders them. */
	orig = xcalloc((size_t)argc + 1, sizeof(*orig));
	memcpy(orig, argv + 1, (size_t)(argc - 1) * sizeof(*orig));
	first = parse_options(v, argc - 1, argv + 1, &o, orig, &end);
	if (first < 0) {
		free(orig);
		return EXIT_USAGE;
	}
	nargs = end - first;
	if (nargs < v->min_args || (v->max_args >= 0 && nargs > v->max_args)) {
		fprintf(stderr, "seccompat %s: expected %s\n", v->name, v->args);
		free(orig);
		return EXIT_USAGE;
	}
	r = v->run(nargs, argv + 1 + first, &o);
	free(orig);
	strv_clear(&o.library_path);
	strv_clear(&o.plugins);
	strv_clear(&o.units);
	strv_clear(&o.entries);
	return r;
}
