// SPDX-License-Identifier: MIT
/* SystemCallFilter= semantics: a table of compositions and the action for a
 * syscall; our reading of which deny groups a unit blocks against
 * `systemd-analyze security --offline=true` on this machine (systemd 252);
 * derivation and check of filters against required syscalls. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "filter.h"
#include "syscalls.h"
#include "sysgroups.h"
#include "unitfile.h"

#define DB_DIR SOURCE_DIR "/db"
#define X86 (&arch_table[ARCH_X86])
#define X64 (&arch_table[ARCH_X86_64])

static struct sysgroups *load(unsigned major)
{
	struct sysgroups *sg = NULL;

	assert_int_equal(sysgroups_load(DB_DIR, major, &sg), 0);
	return sg;
}

/* Builds a filter from '|'-separated SystemCallFilter= lines. */
static struct filter *build(const struct sysgroups *sg, unsigned version, const char *lines,
			    const char *errnum, const char *archs)
{
	struct strv vals = {0};
	struct unit_setting *ls, e = {0}, a = {0};
	struct filter_input in = {.systemd_version = version, .native = X64};
	struct filter *f = NULL;

	strv_split(&vals, lines, "|", true);
	ls = xcalloc(vals.n + 1, sizeof(*ls));
	for (size_t i = 0; i < vals.n; i++)
		ls[i] = (struct unit_setting){
			.value = vals.v[i], .file = "t.service", .line = (unsigned)i + 1};
	in.filter_lines = ls;
	in.n_filter_lines = *lines ? vals.n : 0;
	if (errnum) {
		e = (struct unit_setting){.value = (char *)errnum, .file = "t.service", .line = 99};
		in.error_number = &e;
	}
	if (archs) {
		a = (struct unit_setting){.value = (char *)archs, .file = "t.service", .line = 98};
		in.architectures = &a;
		in.n_architectures = 1;
	}
	assert_int_equal(filter_build(sg, &in, &f), 0);
	free(ls);
	strv_clear(&vals);
	return f;
}

struct action_case {
	const char *what;
	unsigned version;
	const char *lines;
	const char *errnum;
	const char *archs;
	enum arch_id abi;
	const char *name;
	enum filter_verdict verdict;
	int errno_num;
	size_t n_warnings;
};

static const struct action_case action_cases[] = {
	/* allow then deny: the "~" line subtracts from the allow list */
	{"allow-deny", 257, "@system-service|~@privileged", NULL, NULL, ARCH_X86_64, "chown",
	 FILTER_KILL, 0, 0},
	{"allow-deny", 257, "@system-service|~@privileged", NULL, NULL, ARCH_X86_64, "openat",
	 FILTER_ALLOW, 0, 0},
	{"allow-deny", 257, "@system-service|~@privileged", NULL, NULL, ARCH_X86_64, "mount",
	 FILTER_KILL, 0, 0},
	/* an allow list includes @default */
	{"implicit @default", 257, "read", NULL, NULL, ARCH_X86_64, "exit_group", FILTER_ALLOW, 0,
	 0},
	{"implicit @default", 252, "read", NULL, NULL, ARCH_X86_64, "write", FILTER_KILL, 0, 0},
	/* v256+ always lets write() through (handoff timestamp fd) */
	{"write always", 257, "read", NULL, NULL, ARCH_X86_64, "write", FILTER_ALLOW, 0, 0},
	{"write always deny", 257, "~write", NULL, NULL, ARCH_X86_64, "write", FILTER_ALLOW, 0, 0},
	{"write deny 252", 252, "~write", NULL, NULL, ARCH_X86_64, "write", FILTER_KILL, 0, 0},
	{"implicit @default 257 @sandbox", 257, "read", NULL, NULL, ARCH_X86_64, "seccomp",
	 FILTER_ALLOW, 0, 0},
	{"implicit @default 252", 252, "read", NULL, NULL, ARCH_X86_64, "seccomp", FILTER_KILL, 0,
	 0},
	/* deny then allow: the allow line takes names out of the deny list */
	{"deny-allow", 257, "~@mount|mount", NULL, NULL, ARCH_X86_64, "mount", FILTER_ALLOW, 0, 0},
	{"deny-allow", 257, "~@mount|mount", NULL, NULL, ARCH_X86_64, "umount2", FILTER_KILL, 0, 0},
	{"deny-allow", 257, "~@mount|mount", NULL, NULL, ARCH_X86_64, "openat", FILTER_ALLOW, 0, 0},
	/* an empty assignment resets, the next line picks the mode again */
	{"reset", 257, "@basic-io||~@mount", NULL, NULL, ARCH_X86_64, "openat", FILTER_ALLOW, 0, 0},
	{"reset", 257, "@basic-io||~@mount", NULL, NULL, ARCH_X86_64, "mount", FILTER_KILL, 0, 0},
	{"reset to nothing", 257, "@basic-io|", NULL, NULL, ARCH_X86_64, "mount", FILTER_ALLOW, 0,
	 0},
	/* name:errno in a deny list */
	{"errno entry", 257, "~@mount:EPERM ptrace", NULL, NULL, ARCH_X86_64, "mount", FILTER_ERRNO,
	 EPERM, 0},
	{"errno entry", 257, "~@mount:EPERM ptrace", NULL, NULL, ARCH_X86_64, "ptrace", FILTER_KILL,
	 0, 0},
	{"errno number", 257, "~ptrace:13", NULL, NULL, ARCH_X86_64, "ptrace", FILTER_ERRNO, 13, 0},
	{"errno kill beats ErrorNumber", 257, "~ptrace:kill", "EPERM", NULL, ARCH_X86_64, "ptrace",
	 FILTER_KILL, 0, 0},
	{"bad errno ignored", 257, "~ptrace:EBOGUS mount", NULL, NULL, ARCH_X86_64, "ptrace",
	 FILTER_ALLOW, 0, 1},
	/* SystemCallErrorNumber= turns the kill into an errno */
	{"ErrorNumber deny", 257, "~ptrace", "EACCES", NULL, ARCH_X86_64, "ptrace", FILTER_ERRNO,
	 EACCES, 0},
	{"ErrorNumber allow", 257, "@basic-io", "EPERM", NULL, ARCH_X86_64, "mount", FILTER_ERRNO,
	 EPERM, 0},
	{"ErrorNumber kill", 257, "@basic-io", "kill", NULL, ARCH_X86_64, "mount", FILTER_KILL, 0,
	 0},
	{"ErrorNumber 0 ignored", 257, "@basic-io", "0", NULL, ARCH_X86_64, "mount", FILTER_KILL, 0,
	 1},
	/* errno on an allow-listed name is refused */
	{"allow errno", 257, "read:EPERM", NULL, NULL, ARCH_X86_64, "read", FILTER_KILL, 0, 1},
	/* "~name:errno" inside an allow list keeps the errno (v248+) */
	{"allow list ~errno", 252, "@system-service|~uname:EBADF", "EUCLEAN", NULL, ARCH_X86_64,
	 "uname", FILTER_ERRNO, EBADF, 0},
	{"allow list ~", 252, "@system-service|~uname", "EUCLEAN", NULL, ARCH_X86_64, "uname",
	 FILTER_ERRNO, EUCLEAN, 0},
	/* per ABI: names missing on an ABI are skipped there */
	{"i386 only name", 257, "~socketcall", NULL, NULL, ARCH_X86, "socketcall", FILTER_KILL, 0,
	 0},
	{"i386 only name on x86-64", 257, "~socketcall", NULL, NULL, ARCH_X86_64, "socketcall",
	 FILTER_ALLOW, 0, 0},
	{"multiplexed socket on i386", 257, "@system-service", NULL, NULL, ARCH_X86, "socket",
	 FILTER_ALLOW, 0, 0},
	{"mmap2 on i386", 257, "@system-service", NULL, NULL, ARCH_X86, "mmap2", FILTER_ALLOW, 0,
	 0},
	/* unknown groups and names are ignored with a warning */
	{"unknown group", 257, "~@nonexistent ptrace", NULL, NULL, ARCH_X86_64, "ptrace",
	 FILTER_KILL, 0, 1},
	{"unknown name", 257, "~bogus_call_xyz ptrace", NULL, NULL, ARCH_X86_64, "ptrace",
	 FILTER_KILL, 0, 1},
	/* SystemCallArchitectures= */
	{"arch native", 257, "", NULL, "native", ARCH_X86, "read", FILTER_KILL, 0, 0},
	{"arch native x86-64", 257, "", NULL, "native", ARCH_X86_64, "read", FILTER_ALLOW, 0, 0},
	{"arch list", 257, "", NULL, "x86 x86-64", ARCH_X86, "read", FILTER_ALLOW, 0, 0},
	{"arch alias refused", 257, "", NULL, "i386", ARCH_X86, "read", FILTER_ALLOW, 0, 1},
	/* names newer than systemd's @known in an allow list (v255+) */
	{"unknown to systemd 257", 257, "@system-service", NULL, NULL, ARCH_X86_64,
	 "name_not_in_known", FILTER_ERRNO, ENOSYS, 0},
	{"unknown to systemd 252", 252, "@system-service", NULL, NULL, ARCH_X86_64,
	 "name_not_in_known", FILTER_KILL, 0, 0},
	{"no filter", 257, "", NULL, NULL, ARCH_X86_64, "mount", FILTER_ALLOW, 0, 0},
};

static void test_actions(void **state)
{
	struct sysgroups *sg252 = load(252), *sg257 = load(257);

	for (size_t i = 0; i < ARRAY_SIZE(action_cases); i++) {
		const struct action_case *c = &action_cases[i];
		struct filter *f = build(c->version == 252 ? sg252 : sg257, c->version, c->lines,
					 c->errnum, c->archs);
		struct filter_action a = filter_action(f, &arch_table[c->abi], c->name);
		if (a.verdict != c->verdict ||
		    (c->verdict == FILTER_ERRNO && a.errno_num != c->errno_num))
			fail_msg("%s: %s on %s: got %s %d, want %s %d", c->what, c->name,
				 arch_table[c->abi].name, filter_verdict_name(a.verdict),
				 a.errno_num, filter_verdict_name(c->verdict), c->errno_num);
		if (f->warnings.n != c->n_warnings)
			fail_msg("%s: %zu warnings, want %zu", c->what, f->warnings.n,
				 c->n_warnings);
		for (size_t w = 0; w < f->warnings.n; w++)
			assert_true(str_startswith(f->warnings.v[w], "t.service:"));
		filter_free(f);
	}
	sysgroups_free(sg252);
	sysgroups_free(sg257);
}

static void test_mode_and_names(void **state)
{
	struct sysgroups *sg = load(257);
	struct filter *f = build(sg, 257, "@system-service|~@privileged", NULL, NULL);
	struct strv s64 = {0}, s32 = {0};

	assert_int_equal(f->mode, FILTER_MODE_ALLOW_LIST);
	assert_int_equal(f->mode_line, 0);
	filter_abi_names(f, X64, &s64);
	filter_abi_names(f, X86, &s32);
	assert_true(sysgroups_sorted_contains(&s64, "openat"));
	assert_false(sysgroups_sorted_contains(&s64, "chown"));
	assert_false(sysgroups_sorted_contains(&s64, "mmap2"));
	assert_true(sysgroups_sorted_contains(&s32, "mmap2"));
	/* The removal is charged to the "~" line. */
	assert_int_equal(filter_action(f, X64, "chown").line, 1);
	assert_int_equal(filter_action(f, X64, "mount").line, 0);
	strv_clear(&s64);
	strv_clear(&s32);
	filter_free(f);

	f = build(sg, 257, "~@mount", NULL, NULL);
	assert_int_equal(f->mode, FILTER_MODE_DENY_LIST);
	assert_int_equal(filter_blocks_group(f, X64, "@mount"), 1);
	assert_int_equal(filter_blocks_group(f, X64, "@debug"), 0);
	assert_int_equal(filter_blocks_group(f, X64, "@nope"), -ENOENT);
	filter_free(f);
	sysgroups_free(sg);

	{
		int e;
		assert_int_equal(filter_parse_errno("EPERM", false, &e), 0);
		assert_int_equal(e, EPERM);
		assert_int_equal(filter_parse_errno("4095", false, &e), 0);
		assert_int_equal(filter_parse_errno("4096", false, &e), -EINVAL);
		assert_int_equal(filter_parse_errno("kill", false, &e), -EINVAL);
		assert_int_equal(filter_parse_errno("kill", true, &e), 0);
		assert_int_equal(e, FILTER_ERRNO_KILL);
		assert_int_equal(filter_parse_errno("", true, &e), -EINVAL);
		assert_int_equal(filter_parse_errno("ENOTSUP", false, &e), 0);
		assert_int_equal(e, EOPNOTSUPP);
		assert_int_equal(filter_parse_errno("EBOGUS", false, &e), -EINVAL);
	}
}

/* ---- independent check: systemd-analyze security --offline ---- */

/* The groups systemd-analyze security assesses as SystemCallFilter=~@... */
static const char *const assessed[] = {"@clock",  "@cpu-emulation", "@debug",	   "@module",
				       "@mount",  "@obsolete",	    "@privileged", "@raw-io",
				       "@reboot", "@resources",	    "@swap"};

struct composition {
	const char *body;
	const char *dropin_a; /* <unit>.d/10-a.conf, NULL: none */
	const char *dropin_b; /* <unit>.d/20-b.conf */
};

#define UNIT(body)                                                                                 \
	{                                                                                          \
		body, NULL, NULL                                                                   \
	}
static const struct composition compositions[] = {
	UNIT(""),
	UNIT("SystemCallFilter=@system-service\nSystemCallFilter=~@mount @debug\n"),
	UNIT("SystemCallFilter=~@mount @debug @privileged\n"),
	UNIT("SystemCallFilter=@system-service\nSystemCallFilter=~@privileged @resources\n"),
	UNIT("SystemCallFilter=@basic-io @file-system\n"),
	UNIT("SystemCallFilter=~@clock\nSystemCallFilter=adjtimex\n"),
	UNIT("SystemCallFilter=@system-service @mount\nSystemCallFilter=\n"
	     "SystemCallFilter=~@swap @reboot\n"),
	UNIT("SystemCallFilter=~@mount:EPERM @obsolete\n"),
	UNIT("SystemCallErrorNumber=EPERM\nSystemCallFilter=@system-service\n"
	     "SystemCallFilter=~@resources\n"),
	UNIT("SystemCallFilter=~@privileged\nSystemCallFilter=chown\n"),
	UNIT("SystemCallFilter=@system-service \\\n  @clock\nSystemCallFilter=~settimeofday\n"),
	UNIT("SystemCallFilter=~@known\nSystemCallFilter=@raw-io @cpu-emulation\n"),
	UNIT("SystemCallFilter=@known\n"),
	UNIT("SystemCallFilter=~@system-service\n"),
	UNIT("SystemCallFilter=@default\n"),
	UNIT("SystemCallFilter=~@mount @nonexistent bogus_xyz\n"),
	/* drop-ins, applied in file name order after the unit */
	{"SystemCallFilter=@system-service\n", "[Service]\nSystemCallFilter=~@resources\n", NULL},
	{"SystemCallFilter=@system-service\n", "[Service]\nSystemCallFilter=~@privileged\n",
	 "[Service]\nSystemCallFilter=\nSystemCallFilter=~@debug\n"},
	{"SystemCallFilter=~@clock @module\n", "[Service]\nSystemCallFilter=settimeofday\n",
	 "[Service]\n# nothing but a comment\n"},
};

/* Runs systemd-analyze and fills blocked[] for the assessed groups: 1 for a
 * ✓ line, 0 for ✗, -1 when the line is missing. */
static int analyze(const char *unit, int blocked[])
{
	char *cmd = xasprintf("systemd-analyze security --offline=true '%s' 2>&1", unit);
	FILE *p = popen(cmd, "r");
	char line[1024];

	free(cmd);
	if (!p)
		return -errno;
	for (size_t i = 0; i < ARRAY_SIZE(assessed); i++)
		blocked[i] = -1;
	while (fgets(line, sizeof(line), p)) {
		char *m = strstr(line, "SystemCallFilter=~@");
		if (!m)
			continue;
		for (size_t i = 0; i < ARRAY_SIZE(assessed); i++) {
			size_t n = strlen(assessed[i]);
			if (strncmp(m + 18, assessed[i], n) == 0 && (m[18 + n] == ' ')) {
				if (str_startswith(line, "\xe2\x9c\x93")) /* ✓ */
					blocked[i] = 1;
				else if (str_startswith(line, "\xe2\x9c\x97")) /* ✗ */
					blocked[i] = 0;
			}
		}
	}
	pclose(p);
	return 0;
}

static void write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static char *write_unit(const char *dir, size_t idx, const struct composition *c)
{
	char *name = xasprintf("seccompat-t%zu.service", idx);
	char *path = path_join(dir, name);
	char *body = xasprintf("[Unit]\nDescription=seccompat test\n[Service]\n"
			       "ExecStart=/bin/true\n%s",
			       c->body);

	write_text(path, body);
	if (c->dropin_a || c->dropin_b) {
		char *d = xasprintf("%s.d", path), *p;
		assert_int_equal(mkdir(d, 0755), 0);
		/* Written in reverse order: the name decides, not the age. */
		if (c->dropin_b) {
			p = path_join(d, "20-b.conf");
			write_text(p, c->dropin_b);
			free(p);
		}
		if (c->dropin_a) {
			p = path_join(d, "10-a.conf");
			write_text(p, c->dropin_a);
			free(p);
		}
		free(d);
	}
	free(body);
	free(name);
	return path;
}

static void compare_with_analyze(const struct sysgroups *sg, const char *dir, size_t idx,
				 const struct composition *c)
{
	char *path = write_unit(dir, idx, c), *err = NULL;
	struct unit_settings *u = NULL;
	struct filter *f = NULL;
	struct filter_input in = {.native = X64, .systemd_version = 252};
	int want[ARRAY_SIZE(assessed)];

	assert_int_equal(analyze(path, want), 0);
	assert_int_equal(unitfile_load(path, &u, &err), 0);
	in.filter_lines = u->syscall_filter.v;
	in.n_filter_lines = u->syscall_filter.n;
	in.error_number = u->syscall_error_number;
	assert_int_equal(filter_build(sg, &in, &f), 0);
	for (size_t i = 0; i < ARRAY_SIZE(assessed); i++) {
		int got = filter_blocks_group(f, X64, assessed[i]);
		if (want[i] < 0)
			fail_msg("unit %zu: systemd-analyze printed no line for %s", idx,
				 assessed[i]);
		if (got != want[i])
			fail_msg("unit %zu (%s): %s blocked: ours %d, systemd-analyze %d", idx,
				 c->body, assessed[i], got, want[i]);
	}
	filter_free(f);
	unit_settings_free(u);
	free(path);
}

static void test_against_systemd_analyze(void **state)
{
	char dir[] = "/tmp/sa-XXXXXX";
	struct sysgroups *sg;

	if (system("systemd-analyze --version >/dev/null 2>&1") != 0 ||
	    system("systemd-analyze --version | grep -q '^systemd 252 '") != 0)
		skip(); /* the comparison needs the 252 table to match the tool */
	assert_non_null(mkdtemp(dir));
	sg = load(252);
	for (size_t i = 0; i < ARRAY_SIZE(compositions); i++)
		compare_with_analyze(sg, dir, i, &compositions[i]);

	/* And a derived filter: its deny groups must show as blocked. */
	{
		static const struct sc_need n64[] = {{"openat", SC_CERTAIN, NULL},
						     {"settimeofday", SC_CERTAIN, NULL},
						     {"ptrace", SC_POSSIBLE, NULL},
						     {"setuid", SC_CERTAIN, NULL}};
		const struct sc_needs needs[] = {{X64, n64, ARRAY_SIZE(n64)}};
		struct filter_derivation *d = NULL;
		char *body;
		int want[ARRAY_SIZE(assessed)];
		char *path;
		struct composition c = {0};

		assert_int_equal(filter_derive(sg, needs, 1, NULL, &d), 0);
		body = xasprintf("SystemCallFilter=%s\nSystemCallFilter=%s\n", d->lines.v[0],
				 d->lines.v[1]);
		c.body = body;
		path = write_unit(dir, 99, &c);
		assert_int_equal(analyze(path, want), 0);
		for (size_t i = 0; i < ARRAY_SIZE(assessed); i++) {
			bool in_deny = strv_contains(&d->deny_groups, assessed[i]);
			/* A group we deny must be blocked; @clock, @debug and
			 * @privileged hold required syscalls and must not be. */
			if (in_deny)
				assert_int_equal(want[i], 1);
			if (strcmp(assessed[i], "@clock") == 0 ||
			    strcmp(assessed[i], "@privileged") == 0)
				assert_int_equal(want[i], 0);
		}
		free(path);
		free(body);
		filter_derivation_free(d);
	}
	{
		char *cmd = xasprintf("rm -rf '%s'", dir);
		assert_int_equal(system(cmd), 0);
		free(cmd);
	}
	sysgroups_free(sg);
}

/* ---- derivation and check ---- */

static void test_derive(void **state)
{
	struct sysgroups *sg = load(257);
	static int ev_ptrace, ev_open;
	const struct sc_need n64[] = {
		{"openat", SC_CERTAIN, &ev_open},
		{"read", SC_CERTAIN, NULL},
		{"ptrace", SC_POSSIBLE, &ev_ptrace},
		{"bogus_call_xyz", SC_CERTAIN, NULL},
	};
	const struct sc_need n32[] = {
		{"socketcall", SC_CERTAIN, NULL},
		{"mmap2", SC_CERTAIN, NULL},
		{"modify_ldt", SC_CERTAIN, NULL},
	};
	const struct sc_needs needs[] = {{X64, n64, ARRAY_SIZE(n64)}, {X86, n32, ARRAY_SIZE(n32)}};
	struct filter_derivation *d = NULL;
	bool saw_debug = false;

	assert_int_equal(filter_derive(sg, needs, 2, NULL, &d), 0);
	/* Certain only: socketcall is in @system-service (@network-io) on
	 * i386; the possible ptrace is not allowed. */
	assert_string_equal(d->allow.allow_line, "@system-service modify_ldt");
	assert_false(d->allow_possible);
	assert_int_equal(d->lines.n, 2);
	assert_string_equal(d->lines.v[0], d->allow.allow_line);
	assert_string_equal(d->lines.v[1], d->deny_line);
	/* @cpu-emulation holds modify_ldt (certain): not denied; @debug holds
	 * only the possible ptrace: denied, and ptrace is a risk. */
	assert_null(strstr(d->deny_line, "@cpu-emulation"));
	assert_non_null(strstr(d->deny_line, "@debug"));
	assert_non_null(strstr(d->deny_line, "@mount"));
	assert_non_null(strstr(d->deny_line, "@privileged"));
	/* Outermost only: @privileged holds @chown, @clock, @module ... */
	assert_null(strstr(d->deny_line, "@chown"));
	assert_null(strstr(d->deny_line, "@reboot"));
	/* The basic groups of @system-service are never denied. */
	assert_null(strstr(d->deny_line, "@sync"));
	assert_null(strstr(d->deny_line, "@network-io"));
	assert_int_equal(d->deny_line[0], '~');
	assert_int_equal(d->risks.n, 1);
	assert_string_equal(d->risks.v[0].name, "ptrace");
	assert_ptr_equal(d->risks.v[0].evidence, &ev_ptrace);
	assert_int_equal(d->risks.v[0].action.verdict, FILTER_KILL);
	assert_int_equal(d->unfilterable.n, 1);
	assert_string_equal(d->unfilterable.v[0], "x86-64:bogus_call_xyz");
	for (size_t g = 0; g < d->n_groups; g++) {
		const struct filter_group_verdict *gv = &d->groups[g];
		if (strcmp(gv->group, "@debug") == 0) {
			saw_debug = true;
			assert_int_equal(gv->conflicts.status, FILTER_RISK);
			assert_int_equal(gv->conflicts.n, 1);
			assert_ptr_equal(gv->conflicts.v[0].evidence, &ev_ptrace);
			assert_int_equal(gv->conflicts.v[0].abi->id, ARCH_X86_64);
		}
		if (strcmp(gv->group, "@cpu-emulation") == 0)
			assert_int_equal(gv->conflicts.status, FILTER_BREAKS);
	}
	assert_true(saw_debug);

	/* The derived lines, read back with our systemd semantics, let every
	 * filterable certain requirement through, kill the possible ptrace,
	 * block every deny group; every group they leave holds a certain
	 * syscall; no deny group lies inside another. */
	{
		struct unit_setting ls[2] = {{d->lines.v[0], "d", 1}, {d->lines.v[1], "d", 2}};
		struct filter_input in = {ls, 2, NULL, NULL, 0, X64, 257};
		struct filter *f = NULL;
		struct filter_check *c = NULL;
		const struct sc_need ok64[] = {n64[0], n64[1], n64[2]};
		const struct sc_needs okneeds[] = {{X64, ok64, 3}, {X86, n32, ARRAY_SIZE(n32)}};
		assert_int_equal(filter_build(sg, &in, &f), 0);
		assert_int_equal(f->warnings.n, 0);
		assert_int_equal(filter_check(f, okneeds, 2, &c), 0);
		assert_int_equal(c->status, FILTER_RISK);
		filter_check_free(c);
		assert_int_equal(filter_action(f, X64, "ptrace").verdict, FILTER_KILL);
		for (size_t i = 0; i < 2; i++)
			assert_int_equal(filter_action(f, X64, n64[i].name).verdict, FILTER_ALLOW);
		for (size_t i = 0; i < ARRAY_SIZE(n32); i++)
			assert_int_equal(filter_action(f, X86, n32[i].name).verdict, FILTER_ALLOW);
		for (size_t g = 0; g < d->deny_groups.n; g++) {
			struct strv mg = {0};
			assert_int_equal(filter_blocks_group(f, X64, d->deny_groups.v[g]), 1);
			assert_int_equal(filter_blocks_group(f, X86, d->deny_groups.v[g]), 1);
			sysgroups_expand(sg, d->deny_groups.v[g], X64, &mg);
			for (size_t h = 0; h < d->deny_groups.n; h++) {
				struct strv mh = {0};
				bool inside = true;
				if (h == g)
					continue;
				sysgroups_expand(sg, d->deny_groups.v[h], X64, &mh);
				for (size_t k = 0; k < mg.n && inside; k++)
					inside = sysgroups_sorted_contains(&mh, mg.v[k]);
				assert_false(inside && mg.n > 0);
				strv_clear(&mh);
			}
			strv_clear(&mg);
		}
		for (size_t g = 0; g < d->n_groups; g++)
			if (d->groups[g].why && d->groups[g].conflicts.status != FILTER_BREAKS) {
				struct strv m = {0};
				sysgroups_expand(sg, d->groups[g].group, X64, &m);
				if (m.n) {
					/* worth denying, not holding a certain call: blocked */
					assert_int_equal(
						filter_blocks_group(f, X64, d->groups[g].group), 1);
				}
				strv_clear(&m);
			}
		filter_free(f);
	}
	filter_derivation_free(d);

	/* The safe variant also allows the possible ptrace: @debug stays
	 * allowed, no risk. */
	{
		struct filter_derive_opts fo = {.allow_possible = true};
		assert_int_equal(filter_derive(sg, needs, 2, &fo, &d), 0);
		assert_true(d->allow_possible);
		assert_string_equal(d->allow.allow_line, "@system-service modify_ldt ptrace");
		assert_null(strstr(d->deny_line, "@debug"));
		assert_null(strstr(d->deny_line, "@cpu-emulation"));
		assert_non_null(strstr(d->deny_line, "@mount"));
		assert_int_equal(d->risks.n, 0);
		filter_derivation_free(d);
	}

	/* A whole group beyond @system-service reads as the group. */
	{
		struct strv clock64 = {0};
		struct sc_need *nn;
		struct sc_needs one;
		sysgroups_expand(sg, "@clock", X64, &clock64);
		nn = xcalloc(clock64.n, sizeof(*nn));
		for (size_t i = 0; i < clock64.n; i++)
			nn[i] = (struct sc_need){clock64.v[i], SC_CERTAIN, NULL};
		one = (struct sc_needs){X64, nn, clock64.n};
		assert_int_equal(filter_derive(sg, &one, 1, NULL, &d), 0);
		assert_string_equal(d->allow.allow_line, "@system-service @clock");
		assert_int_equal(d->allow.extra_names.n, 0);
		assert_null(strstr(d->deny_line, "@clock"));
		assert_null(strstr(d->deny_line, "@privileged"));
		assert_int_equal(d->risks.n, 0);
		filter_derivation_free(d);
		free(nn);
		strv_clear(&clock64);
	}
	sysgroups_free(sg);
}

static void test_check(void **state)
{
	struct sysgroups *sg = load(257);
	static int ev;
	const struct sc_need n64[] = {{"ptrace", SC_POSSIBLE, &ev}, {"openat", SC_CERTAIN, NULL}};
	const struct sc_need n32[] = {{"read", SC_CERTAIN, NULL}};
	const struct sc_needs needs[] = {{X64, n64, 2}, {X86, n32, 1}};
	struct filter *f;
	struct filter_check *c = NULL;

	f = build(sg, 257, "@system-service|~@debug", NULL, NULL);
	assert_int_equal(filter_check(f, needs, 2, &c), 0);
	assert_int_equal(c->n_lines, 2);
	/* ptrace: never in the allow list, and denied again by ~@debug */
	assert_int_equal(c->lines[0].status, FILTER_RISK);
	assert_int_equal(c->lines[0].n, 1);
	assert_int_equal(c->lines[1].status, FILTER_RISK);
	assert_int_equal(c->lines[1].n, 1);
	assert_string_equal(c->lines[1].v[0].name, "ptrace");
	assert_ptr_equal(c->lines[1].v[0].evidence, &ev);
	assert_int_equal(c->lines[1].v[0].action.verdict, FILTER_KILL);
	assert_int_equal(c->status, FILTER_RISK);
	filter_check_free(c);
	filter_free(f);

	/* chown was allowed by line 0 and removed by line 1: only line 1. */
	{
		const struct sc_need nc[] = {{"chown", SC_CERTAIN, NULL}};
		const struct sc_needs cn[] = {{X64, nc, 1}};
		f = build(sg, 257, "@system-service|~@privileged", NULL, NULL);
		assert_int_equal(filter_check(f, cn, 1, &c), 0);
		assert_int_equal(c->lines[0].status, FILTER_OK);
		assert_int_equal(c->lines[1].status, FILTER_BREAKS);
		filter_check_free(c);
		filter_free(f);
	}

	f = build(sg, 257, "@basic-io", "EPERM", NULL);
	assert_int_equal(filter_check(f, needs, 2, &c), 0);
	assert_int_equal(c->lines[0].status, FILTER_BREAKS);
	assert_int_equal(c->lines[0].n, 2); /* ptrace and openat */
	assert_int_equal(c->lines[0].v[0].action.verdict, FILTER_ERRNO);
	assert_int_equal(c->status, FILTER_BREAKS);
	filter_check_free(c);
	filter_free(f);

	f = build(sg, 257, "~@mount", NULL, "x86-64");
	assert_int_equal(filter_check(f, needs, 2, &c), 0);
	assert_int_equal(c->lines[0].status, FILTER_OK);
	assert_int_equal(c->archs.status, FILTER_BREAKS);
	assert_int_equal(c->archs.n, 1);
	assert_int_equal(c->archs.v[0].abi->id, ARCH_X86);
	filter_check_free(c);
	filter_free(f);
	sysgroups_free(sg);
}

/* The adapter from the engine's report keeps names, confidence and the
 * entry as evidence. */
static void test_needs_from_sysreport(void **state)
{
	struct sys_entry e64[] = {{.nr = 0, .name = "read", .conf = CONF_CERTAIN},
				  {.nr = 101, .name = "ptrace", .conf = CONF_POSSIBLE}};
	struct sys_entry e32[] = {{.nr = 102, .name = "socketcall", .conf = CONF_CERTAIN}};
	struct sysreport r = {0};
	struct sc_needs needs[ARCH_MAX];
	size_t n;

	r.abi[ARCH_X86_64] = (struct sys_abi_set){.arch = X64, .entries = e64, .n_entries = 2};
	r.abi[ARCH_X86] = (struct sys_abi_set){.arch = X86, .entries = e32, .n_entries = 1};
	n = filter_needs_from_sysreport(&r, needs);
	assert_int_equal(n, 2);
	for (size_t i = 0; i < n; i++) {
		if (needs[i].abi == X64) {
			assert_int_equal(needs[i].n, 2);
			assert_string_equal(needs[i].v[1].name, "ptrace");
			assert_int_equal(needs[i].v[1].confidence, SC_POSSIBLE);
			assert_ptr_equal(needs[i].v[1].evidence, &e64[1]);
		} else {
			assert_ptr_equal(needs[i].abi, X86);
			assert_int_equal(needs[i].v[0].confidence, SC_CERTAIN);
		}
	}
	filter_needs_free(needs, n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_actions),
		cmocka_unit_test(test_mode_and_names),
		cmocka_unit_test(test_against_systemd_analyze),
		cmocka_unit_test(test_derive),
		cmocka_unit_test(test_check),
		cmocka_unit_test(test_needs_from_sysreport),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
