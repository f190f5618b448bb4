// SPDX-License-Identifier: MIT
/* seccompat: derives what a service's binaries tolerate of systemd's
 * SystemCallArchitectures=, MemoryDenyWriteExecute=, SystemCallFilter= and the
 * argument-checking directives (RestrictAddressFamilies= ... ProtectHostname=). */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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
		 OPT_QUIET | OPT_CACHE | OPT_JOBS | OPT_UNIT | OPT_VERBOSE | OPT_GLIBC | OPT_ENTRY |
		 OPT_ALLOWPOSSIBLE,
	 verb_analyze, "Derive the directives the service tolerates, with evidence",
	 "Analyses the closure of TARGETs and derives SystemCallArchitectures=,\n"
	 "MemoryDenyWriteExecute=, SystemCallFilter= and, from the constant arguments\n"
	 "of the calls, RestrictAddressFamilies=, LockPersonality=, RestrictRealtime=,\n"
	 "RestrictNamespaces=, RestrictSUIDSGID=, ProtectClock=, ProtectKernelModules=,\n"
	 "ProtectKernelLogs= and ProtectHostname= (their syscall side), with evidence.\n"
	 "Syscalls are\n"
	 "`certain` (reached from a root), `possible` (reached on a named assumption)\n"
	 "or `unreached` (never required). SystemCallFilter= is @system-service plus\n"
	 "the certain syscalls it lacks, then a deny line of the outermost groups\n"
	 "holding no certain syscall; the possible syscalls it kills are listed as\n"
	 "risks (--allow-possible also allows them). With --unit UNIT (a unit file or\n"
	 "a unit name looked up in systemd's unit directories, under --root; its\n"
	 "drop-ins are read as systemd reads them), also checks the unit's\n"
	 "directives: each is ok, risk (only `possible` syscalls or arguments are\n"
	 "stopped, or an argument is not a constant) or breaks (a `certain` one);\n"
	 "the exit status is then 1 when one breaks the service.\n"
	 "Formats: text, json, dropin, markdown."},
	{"syscalls", "TARGET...", 1, -1,
	 OPT_CLOSURE | OPT_FORMAT | OPT_OUTPUT | OPT_KERNEL | OPT_DB | OPT_QUIET | OPT_CACHE |
		 OPT_JOBS | OPT_MAXSITES | OPT_GLIBC | OPT_ENTRY,
	 verb_syscalls, "List the syscalls the service's code can make, per ABI, with provenance",
	 "Disassembles every executable segment of the closure and resolves the\n"
	 "syscall number at each gate. Formats: text, json."},
	{"check", "TARGET...", 1, -1,
	 OPT_CLOSURE | OPT_FORMAT | OPT_OUTPUT | OPT_SYSTEMD | OPT_KERNEL | OPT_DB | OPT_QUIET |
		 OPT_CACHE | OPT_JOBS | OPT_BASELINE | OPT_UNIT | OPT_GLIBC | OPT_ENTRY |
		 OPT_ALLOWPOSSIBLE,
	 verb_check, "Re-analyse and compare with a saved baseline (--baseline)",
	 "Exit 0 when the directives the baseline justified still hold, 1 when\n"
	 "something would break or a derived directive changed. With --unit (or,\n"
	 "without it, the unit the baseline checked) the deployed unit is judged\n"
	 "again: 1 when one of its directives moves to breaks, naming the objects\n"
	 "and call chains; moves to risk and edits of the unit are reported.\n"
	 "Formats: text, json, markdown."},
	{"verify", "[TARGET...] -- COMMAND [ARG...]", 0, -1,
	 OPT_ROOT | OPT_LIBPATH | OPT_PLUGIN | OPT_FORMAT | OPT_OUTPUT | OPT_SYSTEMD | OPT_KERNEL |
		 OPT_DB | OPT_QUIET | OPT_CACHE | OPT_JOBS | OPT_UNIT | OPT_TRACE | OPT_ENFORCE |
		 OPT_COMMAND | OPT_GLIBC | OPT_ENTRY | OPT_ALLOWPOSSIBLE,
	 verb_verify, "Run COMMAND under the seccomp policy and report what it would refuse",
	 "Runs COMMAND (the only verb that executes anything) under the seccomp\n"
	 "filters systemd would install for --unit (a unit file or name and its drop-ins)\n"
	 "or, without --unit, for the directives analyze derives for TARGETs:\n"
	 "SystemCallArchitectures=, SystemCallFilter=, SystemCallErrorNumber=, the\n"
	 "syscall side of MemoryDenyWriteExecute= and of RestrictAddressFamilies=,\n"
	 "LockPersonality=, RestrictRealtime=, RestrictNamespaces=, RestrictSUIDSGID=,\n"
	 "ProtectClock=, ProtectKernelModules=, ProtectKernelLogs=, ProtectHostname=.\n"
	 "By default (observe) every call the policy would kill or fail is reported\n"
	 "and let through, so the command runs to completion; --enforce applies the\n"
	 "kill or errno as systemd would and reports the call that ended the process.\n"
	 "--trace also records every\n"
	 "syscall per ABI and lists those the analysis of TARGETs did not predict.\n"
	 "Threads and child processes are followed. Runs unprivileged (it sets\n"
	 "PR_SET_NO_NEW_PRIVS without CAP_SYS_ADMIN). Exit status: 0 nothing refused\n"
	 "(and, with --trace, nothing unpredicted), 1 otherwise, 2 bad usage or input,\n"
	 "or a command that cannot be started. Formats: text, json (docs/verify.md)."},
	{"diff", "OLD.json NEW.json", 2, 2, OPT_FORMAT | OPT_OUTPUT, verb_diff,
	 "Compare two saved `analyze --format json` results", NULL},
	{"db", "import-systemd FILE | build-libc LIBC", 2, 2,
	 OPT_OUTPUT | OPT_DB | OPT_DBVERSION | OPT_ROOT | OPT_QUIET | OPT_VERBOSE, verb_db,
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
	{"glibc", required_argument, NULL, 'G'},
	{"host-arch", required_argument, NULL, 'H'},
	{"max-sites", required_argument, NULL, 'm'},
	{"db", required_argument, NULL, 'D'},
	{"quiet", no_argument, NULL, 'q'},
	{"verbose", no_argument, NULL, 'v'},
	{"cache", required_argument, NULL, 'C'},
	{"no-cache", no_argument, NULL, 'N'},
	{"jobs", required_argument, NULL, 'j'},
	{"unit", required_argument, NULL, 'u'},
	{"baseline", required_argument, NULL, 'b'},
	{"version", required_argument, NULL, 'Y'},
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
	{'o', OPT_OUTPUT,
	 "-o, --output FILE   write the result to FILE (a regular file is replaced only\n"
	 "                      when the run succeeds; a device or FIFO is written in place)"},
	{'s', OPT_SYSTEMD, "--systemd VERSION   systemd version of the target host (default 257)"},
	{'k', OPT_KERNEL,
	 "--kernel VERSION    kernel version of the target host (default 6.12), the\n"
	 "                      oldest the service runs on: libc's fallbacks for\n"
	 "                      the calls it has (taken on ENOSYS) are left out"},
	{'G', OPT_GLIBC,
	 "--glibc VERSION     glibc of the target (default: read from the closure's libc.so.6)"},
	{'m', OPT_MAXSITES, "--max-sites N       evidence sites listed per object (default 20)"},
	{'D', OPT_DB,
	 "--db DIR            data directory (default: $SECCOMPAT_DB, else the installed one)"},
	{'q', OPT_QUIET, "-q, --quiet         no progress line, no notes"},
	{'v', OPT_VERBOSE, "-v, --verbose       everything: all evidence, every note"},
	{'C', OPT_CACHE, "--cache DIR / --no-cache   per-object result cache (default XDG)"},
	{'j', OPT_JOBS,
	 "--jobs N            disassemble on N threads (default: one per CPU); same output"},
	{'u', OPT_UNIT, "--unit UNIT         a unit file or name to check, then extra drop-ins"},
	{'b', OPT_BASELINE, "--baseline FILE     a saved `analyze --format json` result"},
	{'Y', OPT_DBVERSION, "--version N         systemd version the imported dump is from"},
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

/* Text shared by --help and the manual page (`seccompat --man`, which the
 * build turns into seccompat.1): one source for both. */
static const char intro[] =
	"Derives which systemd sandboxing directives a service's binaries tolerate:\n"
	"SystemCallArchitectures=, MemoryDenyWriteExecute=, SystemCallFilter=, and\n"
	"the syscall side of RestrictAddressFamilies=, LockPersonality=,\n"
	"RestrictRealtime=, RestrictNamespaces=, RestrictSUIDSGID=, ProtectClock=,\n"
	"ProtectKernelModules=, ProtectKernelLogs=, ProtectHostname=.\n"
	"It never runs them, except `verify`, which runs the service's command\n"
	"under a unit's seccomp policy.";
static const char exit_text[] =
	"0 ok; 1 findings that matter (a directive breaks, a check changed,\n"
	"verify saw a call refused); 2 usage error or bad input (a file could not\n"
	"be analysed, no data directory).";
static const char env_text[] =
	"SECCOMPAT_DB      the data directory when --db is not given\n"
	"XDG_CACHE_HOME    the per-object cache goes to $XDG_CACHE_HOME/seccompat";
static const char files_text[] =
	"The data files (systemd syscall groups per version, libc export maps) are\n"
	"found in --db DIR, else $SECCOMPAT_DB, else PREFIX/share/seccompat next to\n"
	"the installed binary (PREFIX/bin/seccompat), else the source tree of a\n"
	"build. A data directory without systemd/ group tables is an error.";

static void usage(FILE *f)
{
	fprintf(f, "Usage: seccompat VERB [OPTIONS] ARGS...\n\n%s\n\nVerbs:\n", intro);
	for (size_t i = 0; i < ARRAY_SIZE(verbs); i++)
		fprintf(f, "  %-9s %s\n", verbs[i].name, verbs[i].help);
	fprintf(f,
		"\n`seccompat VERB --help` describes a verb and its options.\n"
		"  -h, --help      this text\n"
		"  -V, --version   print the version and the data directory\n"
		"  --man           print the manual page (roff)\n\n"
		"Environment:\n%s\n\nFiles:\n%s\n\nExit status: %s\n",
		env_text, files_text, exit_text);
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
	fprintf(f, "  -V, --version       print the version and the data directory\n");
	fprintf(f, "  -h, --help          this text\n");
}

/* roff: backslashes and hyphens escaped, a leading dot or quote made
 * literal. */
static void roff(FILE *f, const char *s)
{
	bool bol = true;

	for (; *s; s++) {
		if (bol && (*s == '.' || *s == '\''))
			fputs("\\&", f);
		bol = *s == '\n';
		if (*s == '\\')
			fputs("\\e", f);
		else if (*s == '-')
			fputs("\\-", f);
		else
			fputc(*s, f);
	}
}

/* An option line of opt_help, "--root DIR          what": .TP with the
 * synopsis in bold and the description. */
static void man_option(FILE *f, const char *usage)
{
	const char *gap = strstr(usage, "  ");
	const char *desc = gap ? gap + strspn(gap, " ") : "";
	char *syn = gap ? xstrndup(usage, (size_t)(gap - usage)) : xstrdup(usage);

	/* A description continued on an indented line is one paragraph. */
	char *para = xstrdup(desc);
	char *w = para;
	for (const char *r = desc; *r; r++) {
		if (*r == '\n') {
			*w++ = ' ';
			r += strspn(r + 1, " ");
		} else {
			*w++ = *r;
		}
	}
	*w = '\0';

	fputs(".TP\n.B ", f);
	roff(f, syn);
	fputc('\n', f);
	roff(f, para);
	fputc('\n', f);
	free(para);
	free(syn);
}

/* The manual page seccompat(1), from the tables --help prints. */
static void print_man(FILE *f)
{
	fprintf(f,
		".\\\" Generated by `seccompat --man` from analyzer/main.c; do not edit.\n"
		".TH SECCOMPAT 1 \"\" \"seccompat %s\" \"User Commands\"\n"
		".SH NAME\nseccompat \\- derive systemd seccomp sandboxing from a service's "
		"binaries\n.SH SYNOPSIS\n",
		SECCOMPAT_VERSION);
	for (size_t i = 0; i < ARRAY_SIZE(verbs); i++) {
		fprintf(f, ".B seccompat %s\n[\\fIOPTIONS\\fR] ", verbs[i].name);
		roff(f, verbs[i].args);
		fputs("\n.br\n", f);
	}
	fputs(".SH DESCRIPTION\n", f);
	roff(f, intro);
	fputs("\n.SH VERBS\n", f);
	for (size_t i = 0; i < ARRAY_SIZE(verbs); i++) {
		const struct verb *v = &verbs[i];
		fprintf(f, ".SS \"seccompat %s\"\n", v->name);
		roff(f, v->help);
		fputs(".\n", f);
		if (v->long_help) {
			fputs(".PP\n.nf\n", f);
			roff(f, v->long_help);
			fputs("\n.fi\n", f);
		}
		fputs(".PP\nOptions:", f);
		for (size_t k = 0; k < ARRAY_SIZE(opt_help); k++)
			if (v->opts & opt_help[k].mask) {
				const char *u = opt_help[k].usage, *gap = strstr(u, "  ");
				fputc(' ', f);
				fputs("\\fB", f);
				{
					char *syn =
						gap ? xstrndup(u, (size_t)(gap - u)) : xstrdup(u);
					roff(f, syn);
					free(syn);
				}
				fputs("\\fR", f);
			}
		fputs("\n", f);
	}
	fputs(".SH OPTIONS\n", f);
	for (size_t k = 0; k < ARRAY_SIZE(opt_help); k++)
		man_option(f, opt_help[k].usage);
	man_option(f, "-V, --version       print the version and the data directory");
	man_option(f, "-h, --help          describe the verb and its options");
	man_option(f, "--man               print this manual page (roff)");
	fputs(".SH ENVIRONMENT\n.nf\n", f);
	roff(f, env_text);
	fputs("\n.fi\n.SH FILES\n", f);
	roff(f, files_text);
	fputs("\n.SH EXIT STATUS\n", f);
	roff(f, exit_text);
	fputs("\n.SH SEE ALSO\n.BR systemd.exec (5),\n.BR systemd-analyze (1),\n"
	      ".BR seccomp (2)\n",
	      f);
}

/* The data directory of an installed binary: PREFIX/share/seccompat
 * beside PREFIX/bin/seccompat (SECCOMPAT_DB_RELDIR, from the install
 * layout). NULL when /proc/self/exe cannot be read. */
static char *installed_db(void)
{
	char exe[PATH_MAX], *dir, *p, *n;
	ssize_t len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	if (len <= 0)
		return NULL;
	exe[len] = '\0';
	dir = path_dirname(exe);
	p = path_join(dir, SECCOMPAT_DB_RELDIR);
	n = path_normalize(p);
	free(dir);
	free(p);
	return n;
}

static bool db_usable(const char *dir)
{
	char *p = path_join(dir, "systemd");
	struct stat st;
	bool ok = stat(p, &st) == 0 && S_ISDIR(st.st_mode);

	free(p);
	return ok;
}

/* Where the data files are: --db, else $SECCOMPAT_DB, else the installed
 * share/seccompat, else the build's source tree. Returns the directory
 * (*ret_owned holds it when allocated) or NULL after printing why when
 * none is usable; need says whether the caller reads it. */
static const char *find_db(const char *given, bool need, char **ret_owned)
{
	const char *env = getenv("SECCOMPAT_DB");
	char *inst;

	*ret_owned = NULL;
	if (given || (env && *env)) {
		const char *d = given ? given : env;
		if (!need || db_usable(d))
			return d;
		fprintf(stderr,
			"%s: error: not a seccompat data directory (no systemd group table in "
			"systemd/; from %s)\n",
			d, given ? "--db" : "SECCOMPAT_DB");
		return NULL;
	}
	inst = installed_db();
	if (inst && db_usable(inst)) {
		*ret_owned = inst;
		return inst;
	}
	if (db_usable(SECCOMPAT_DB_DIR) || !need) {
		free(inst);
		return SECCOMPAT_DB_DIR;
	}
	fprintf(stderr,
		"seccompat: error: no data directory: neither %s nor %s has the systemd/ group "
		"tables (install db/ there, or give --db DIR or SECCOMPAT_DB)\n",
		inst ? inst : "PREFIX/share/seccompat", SECCOMPAT_DB_DIR);
	free(inst);
	return NULL;
}

static void print_version(void)
{
	char *owned;
	const char *db = find_db(NULL, false, &owned);

	printf("seccompat %s\ndata: %s%s\n", SECCOMPAT_VERSION, db,
	       db_usable(db) ? "" : " (missing)");
	free(owned);
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
	int li = -1;

	while ((li = -1, c = getopt_long(argc, argv, "hVqvo:", long_opts, &li)) != -1) {
		if (c == 'h') {
			verb_usage(stdout, v);
			exit(EXIT_OK);
		}
		if (c == 'V') {
			print_version();
			exit(EXIT_OK);
		}
		if (c == '?' || c == ':') {
			fprintf(stderr, "seccompat %s: unknown option or missing argument: %s\n",
				v->name, argv[optind - 1]);
			return -EINVAL;
		}
		if (!(v->opts & opt_mask(c))) {
			/* Named as given: argv[optind - 1] is the option's
			 * argument when it takes one. */
			if (li >= 0)
				fprintf(stderr,
					"seccompat %s: option --%s does not apply to this verb\n",
					v->name, long_opts[li].name);
			else
				fprintf(stderr,
					"seccompat %s: option -%c does not apply to this verb\n",
					v->name, c);
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
				fprintf(stderr,
					"seccompat %s: --format: unknown format '%s' (text, json, "
					"dropin, markdown)\n",
					v->name, optarg);
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
				fprintf(stderr, "seccompat %s: %s: bad version '%s'\n", v->name,
					c == 's' ? "--systemd" : "--kernel", optarg);
				return -EINVAL;
			}
			break;
		case 'H':
			o->host_arch = optarg;
			break;
		case 'G': {
			unsigned gv;
			if (parse_version(optarg, &gv) < 0) {
				fprintf(stderr, "seccompat %s: bad --glibc '%s'\n", v->name,
					optarg);
				return -EINVAL;
			}
			o->glibc = optarg;
			break;
		}
		case 'm': {
			char *end;
			unsigned long n = strtoul(optarg, &end, 10);
			if (*end || end == optarg || n > 1000000) {
				fprintf(stderr, "seccompat %s: --max-sites: bad number '%s'\n",
					v->name, optarg);
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
		case 'v':
			o->verbose = true;
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
		case 'Y':
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
	};
	const struct verb *v = NULL;
	char **orig, *db_owned = NULL;
	int first, end, nargs, r;

	/* glibc raises its mmap threshold each time a big block is freed,
	 * up to 32 MiB, after which the per-function and per-object arrays
	 * (decoded instructions, summaries) come from the heaps and their
	 * freed space stays in the RSS: on the srcds sample tree 25.5 MiB
	 * peak instead of 21.5. A fixed threshold gives them back at free(). */
	mallopt(M_MMAP_THRESHOLD, 128 * 1024);
	mallopt(M_TRIM_THRESHOLD, 256 * 1024);

	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return EXIT_OK;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
		print_version();
		return EXIT_OK;
	}
	if (strcmp(argv[1], "--man") == 0) {
		print_man(stdout);
		return EXIT_OK;
	}
	for (size_t i = 0; i < ARRAY_SIZE(verbs); i++)
		if (strcmp(argv[1], verbs[i].name) == 0)
			v = &verbs[i];
	if (!v) {
		fprintf(stderr, "seccompat: unknown verb '%s' (see seccompat --help)\n", argv[1]);
		return EXIT_USAGE;
	}

	/* GNU getopt permutes: options may come before or after the arguments. */
	/* The arguments as given, before getopt reorders them. */
	orig = xcalloc((size_t)argc + 1, sizeof(*orig));
	memcpy(orig, argv + 1, (size_t)(argc - 1) * sizeof(*orig));
	first = parse_options(v, argc - 1, argv + 1, &o, orig, &end);
	r = EXIT_USAGE;
	if (first < 0)
		goto out;
	nargs = end - first;
	if (nargs < v->min_args || (v->max_args >= 0 && nargs > v->max_args)) {
		fprintf(stderr, "seccompat %s: expected %s\n", v->name, v->args);
		goto out;
	}
	/* `db` writes the data files; every other verb that takes --db reads
	 * them, and a missing data directory would silently judge every
	 * directive without its tables. */
	if (v->opts & OPT_DB) {
		o.db_dir = find_db(o.db_dir, v->run != verb_db, &db_owned);
		if (!o.db_dir)
			goto out;
	}
	r = v->run(nargs, argv + 1 + first, &o);
out:
	free(db_owned);
	free(orig);
	strv_clear(&o.library_path);
	strv_clear(&o.plugins);
	strv_clear(&o.units);
	strv_clear(&o.entries);
	return r;
}
