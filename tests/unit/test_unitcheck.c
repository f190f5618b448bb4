// SPDX-License-Identifier: MIT
/* unitcheck.c: a unit's settings judged against the verdicts. The unit is a
 * small text parsed by unitfile.c from a temp directory; the model is built
 * from the sample objects, whose facts samples/README.md lists (hello32 is
 * i386, libtier0_srv.so has text relocations, personality64 calls
 * personality(2), inet64 opens an AF_INET socket, netlink32 an AF_NETLINK
 * one on i386). Each row states the status systemd's rules imply:
 *  - SystemCallArchitectures=: a call of an ABI not listed kills the
 *    process; "native" is the target's ABI; lines add up, empty resets;
 *  - MemoryDenyWriteExecute=: a boolean; on, text relocations break
 *    (glibc makes the text writable and keeps it executable);
 *  - SystemCallFilter=: a blocked certain call breaks;
 *  - SystemCallErrorNumber=: an unknown name is ignored by systemd;
 *  - RestrictAddressFamilies=: only x86-64 socket() calls are filtered;
 *  - the restrict directives are listed only when the unit sets them. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "facts.h"
#include "filter.h"
#include "model.h"
#include "pipeline.h"
#include "unitcheck.h"
#include "unitfile.h"
#include "verdicts.h"
#include "skip.h"

#define DB_DIR SOURCE_DIR "/db"
#define SYSTEMD 2570000
#define KERNEL 61200

#include "tmpdir.h"
static unsigned n_units;

static int setup(void **state)
{
	(void)state;
	return tmpdir_make("unitcheck");
}

static int teardown(void **state)
{
	(void)state;
	return tmpdir_remove();
}

/* The models the rows are judged against. */
enum model_id {
	M_HELLO32,     /* clean32/hello32: i386 only */
	M_HELLO64,     /* clean64/hello64: x86-64 only */
	M_TEXTREL,     /* srcds/bin/libtier0_srv.so: i386, text relocations */
	M_PERSONALITY, /* restrict/personality64 with libc, syscalls analysed */
	M_INET64,      /* restrict/inet64 with libc, syscalls analysed */
	M_NETLINK32,   /* restrict/netlink32 with libc, syscalls analysed */
	M_UNSHARE,     /* restrict/unshare64 with libc, syscalls analysed */
	M_NONE,
};

/* Facts and verdicts only (no syscall analysis): the objects are added as
 * they are, with no closure. */
static struct analysis *facts_model(const char *rel)
{
	struct analysis *a = analysis_new();
	struct sc_object *obj = xcalloc(1, sizeof(*obj));
	char *path = xasprintf("%s/%s", SAMPLES_DIR, rel), *why = NULL;
	struct verdict_opts o = {.systemd_version = SYSTEMD,
				 .kernel_version = KERNEL,
				 .host = arch_from_name("x86-64"),
				 .db_dir = DB_DIR};

	if (elf_object_open(path, &obj->elf, &why) < 0)
		fail_msg("%s: %s", path, why ? why : "?");
	obj->path = xstrdup(rel);
	obj->real_path = path;
	obj->role = ROLE_ENTRY;
	analysis_add_object(a, obj);
	a->host = o.host;
	facts_collect_all(a, 8);
	assert_int_equal(verdicts_build(a, &o), 0);
	return a;
}

/* The whole pipeline, as `analyze` runs it, on a sample and its libc. */
static struct analysis *full_model(const char *rel)
{
	struct options o = {
		.systemd_version = SYSTEMD,
		.kernel_version = KERNEL,
		.host_arch = "x86-64",
		.max_sites = 8,
		.db_dir = DB_DIR,
		.quiet = true,
		.jobs = 2,
	};
	/* A cache of the test's own, so that the libc of the x86-64 samples
	 * is disassembled once: under ctest in the build's XDG_CACHE_HOME
	 * (tests/CMakeLists.txt), which also spares later runs the work (its
	 * keys include this program's SHA-256, so a rebuilt test starts
	 * afresh), else in the temp directory. No user cache is read. */
	const char *xdg = getenv("XDG_CACHE_HOME");
	char *cache = xdg && *xdg ? path_join(xdg, "seccompat-test-unitcheck")
				  : path_join(tmpdir, "cache"),
	     *target = xasprintf("%s/%s", SAMPLES_DIR, rel);
	struct analysis *a = NULL;

	o.cache_dir = cache;
	assert_int_equal(pipeline_run("test", &o, &target, 1, PIPE_ALL, &a), 0);
	assert_false(a->input_error);
	assert_non_null(a->sysreport);
	assert_non_null(a->verdicts);
	free(target);
	free(cache);
	return a;
}

static struct analysis *models[M_NONE];

static struct analysis *model(enum model_id id)
{
	static const char *const facts_only[] = {
		[M_HELLO32] = "clean32/hello32",
		[M_HELLO64] = "clean64/hello64",
		[M_TEXTREL] = "srcds/bin/libtier0_srv.so",
	};
	static const char *const full[] = {
		[M_PERSONALITY] = "restrict/personality64",
		[M_INET64] = "restrict/inet64",
		[M_NETLINK32] = "restrict/netlink32",
		[M_UNSHARE] = "restrict/unshare64",
	};

	if (!models[id])
		models[id] =
			id < M_PERSONALITY ? facts_model(facts_only[id]) : full_model(full[id]);
	return models[id];
}

static void free_models(void)
{
	for (size_t i = 0; i < M_NONE; i++) {
		analysis_free(models[i]);
		models[i] = NULL;
	}
}

static struct unit_settings *parse_unit(const char *text)
{
	char *path = xasprintf("%s/u%u.service", tmpdir, n_units++), *err = NULL;
	const char *files[1] = {path};
	struct unit_settings *u = NULL;
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
	if (unitfile_parse_files(files, 1, &u, &err) < 0)
		fail_msg("%s: %s", path, err ? err : "?");
	free(path);
	return u;
}

static const struct unitcheck_item *find_item(const struct unitcheck *uc, const char *directive)
{
	for (size_t i = 0; i < uc->n; i++)
		if (strcmp(uc->items[i].directive, directive) == 0)
			return &uc->items[i];
	return NULL;
}

static void print_check(const struct unitcheck *uc)
{
	for (size_t i = 0; i < uc->n; i++) {
		const struct unitcheck_item *it = &uc->items[i];
		print_message("  %s=%s: %s\n", it->directive, it->value ? it->value : "(unset)",
			      filter_status_name(it->status));
		for (size_t k = 0; k < it->reasons.n; k++)
			print_message("    %s\n", it->reasons.v[k]);
	}
}

struct status_expect {
	const char *directive;
	enum filter_status status;
};

struct check_case {
	const char *name;
	enum model_id model;
	const char *unit;
	struct status_expect want[4];
	const char *absent[3]; /* directives that must not be listed */
	enum filter_status worst;
};

#define SVC "[Service]\n"

static const struct check_case cases[] = {
	/* SystemCallArchitectures= */
	{"native on an i386 service breaks",
	 M_HELLO32,
	 SVC "SystemCallArchitectures=native\n",
	 {{"SystemCallArchitectures", FILTER_BREAKS}},
	 {NULL},
	 FILTER_BREAKS},
	{"native x86 allows the i386 service",
	 M_HELLO32,
	 SVC "SystemCallArchitectures=native x86\n",
	 {{"SystemCallArchitectures", FILTER_OK}},
	 {NULL},
	 FILTER_OK},
	{"later lines add ABIs",
	 M_HELLO32,
	 SVC "SystemCallArchitectures=native\nSystemCallArchitectures=x86\n",
	 {{"SystemCallArchitectures", FILTER_OK}},
	 {NULL},
	 FILTER_OK},
	{"an empty assignment resets the list",
	 M_HELLO32,
	 SVC
	 "SystemCallArchitectures=x86\nSystemCallArchitectures=\nSystemCallArchitectures=native\n",
	 {{"SystemCallArchitectures", FILTER_BREAKS}},
	 {NULL},
	 FILTER_BREAKS},
	{"native is the x86-64 target's ABI",
	 M_HELLO64,
	 SVC "SystemCallArchitectures=native\n",
	 {{"SystemCallArchitectures", FILTER_OK}},
	 {NULL},
	 FILTER_OK},
	{"an unknown name is ignored, the others apply",
	 M_HELLO32,
	 SVC "SystemCallArchitectures=vax native\n",
	 {{"SystemCallArchitectures", FILTER_BREAKS}},
	 {NULL},
	 FILTER_BREAKS},
	{"x86 listed among unknown names",
	 M_HELLO32,
	 SVC "SystemCallArchitectures=vax x86 pdp11\n",
	 {{"SystemCallArchitectures", FILTER_OK}},
	 {NULL},
	 FILTER_OK},
	/* seccomp_restrict_archs(): "our 'native' architecture is never
	 * blocked"; a list of only unknown names installs no filter
	 * (apply_syscall_archs returns early on an empty set); aliases are
	 * not names seccomp_arch_from_string() knows. */
	{"the native ABI is never blocked",
	 M_HELLO64,
	 SVC "SystemCallArchitectures=x86\n",
	 {{"SystemCallArchitectures", FILTER_OK}},
	 {NULL},
	 FILTER_OK},
	{"only unknown names: no architecture filter",
	 M_HELLO32,
	 SVC "SystemCallArchitectures=vax\n",
	 {{"SystemCallArchitectures", FILTER_OK}},
	 {NULL},
	 FILTER_OK},
	{"an alias is not an architecture name",
	 M_HELLO32,
	 SVC "SystemCallArchitectures=native i386\n",
	 {{"SystemCallArchitectures", FILTER_BREAKS}},
	 {NULL},
	 FILTER_BREAKS},
	{"unset allows every ABI",
	 M_HELLO32,
	 SVC "Type=simple\n",
	 {{"SystemCallArchitectures", FILTER_OK},
	  {"MemoryDenyWriteExecute", FILTER_OK},
	  {"SystemCallFilter", FILTER_OK},
	  {"SystemCallErrorNumber", FILTER_OK}},
	 {"RestrictAddressFamilies", "LockPersonality", "ProtectClock"},
	 FILTER_OK},

	/* MemoryDenyWriteExecute= */
	{"yes with text relocations breaks",
	 M_TEXTREL,
	 SVC "MemoryDenyWriteExecute=yes\n",
	 {{"MemoryDenyWriteExecute", FILTER_BREAKS}},
	 {NULL},
	 FILTER_BREAKS},
	{"true is yes",
	 M_TEXTREL,
	 SVC "MemoryDenyWriteExecute=true\n",
	 {{"MemoryDenyWriteExecute", FILTER_BREAKS}},
	 {NULL},
	 FILTER_BREAKS},
	{"the last assignment counts",
	 M_TEXTREL,
	 SVC "MemoryDenyWriteExecute=no\nMemoryDenyWriteExecute=on\n",
	 {{"MemoryDenyWriteExecute", FILTER_BREAKS}},
	 {NULL},
	 FILTER_BREAKS},
	{"no with text relocations is ok",
	 M_TEXTREL,
	 SVC "MemoryDenyWriteExecute=no\n",
	 {{"MemoryDenyWriteExecute", FILTER_OK}},
	 {NULL},
	 FILTER_OK},
	{"an empty assignment is the default (off)",
	 M_TEXTREL,
	 SVC "MemoryDenyWriteExecute=yes\nMemoryDenyWriteExecute=\n",
	 {{"MemoryDenyWriteExecute", FILTER_OK}},
	 {NULL},
	 FILTER_OK},
	{"a value that is no boolean is ignored",
	 M_TEXTREL,
	 SVC "MemoryDenyWriteExecute=maybe\n",
	 {{"MemoryDenyWriteExecute", FILTER_OK}},
	 {NULL},
	 FILTER_OK},
	{"yes on a clean service is ok",
	 M_HELLO64,
	 SVC "MemoryDenyWriteExecute=yes\n",
	 {{"MemoryDenyWriteExecute", FILTER_OK}},
	 {NULL},
	 FILTER_OK},

	/* SystemCallFilter= and SystemCallErrorNumber= */
	{"a filter without the syscall analysis cannot be checked",
	 M_HELLO64,
	 SVC "SystemCallFilter=@system-service\n",
	 {{"SystemCallFilter", FILTER_RISK}},
	 {NULL},
	 FILTER_RISK},
	{"a blocked certain call breaks",
	 M_PERSONALITY,
	 SVC "SystemCallFilter=~personality\n",
	 {{"SystemCallFilter", FILTER_BREAKS}},
	 {NULL},
	 FILTER_BREAKS},
	{"an allow list without the certain call breaks",
	 M_PERSONALITY,
	 SVC "SystemCallFilter=exit_group write\n",
	 {{"SystemCallFilter", FILTER_BREAKS}},
	 {NULL},
	 FILTER_BREAKS},
	{"an errno name systemd knows",
	 M_HELLO64,
	 SVC "SystemCallErrorNumber=EPERM\n",
	 {{"SystemCallErrorNumber", FILTER_OK}},
	 {NULL},
	 FILTER_OK},
	{"an errno name systemd does not know is ignored",
	 M_HELLO64,
	 SVC "SystemCallErrorNumber=ENOTANERRNO\n",
	 {{"SystemCallErrorNumber", FILTER_RISK}},
	 {NULL},
	 FILTER_RISK},

	/* RestrictAddressFamilies= */
	{"an x86-64 socket() of a family not allowed breaks",
	 M_INET64,
	 SVC "RestrictAddressFamilies=AF_UNIX\n",
	 {{"RestrictAddressFamilies", FILTER_BREAKS}},
	 {NULL},
	 FILTER_BREAKS},
	{"a deny list of another family is ok",
	 M_INET64,
	 SVC "RestrictAddressFamilies=~AF_NETLINK AF_PACKET\n",
	 {{"RestrictAddressFamilies", FILTER_OK}},
	 {NULL},
	 FILTER_OK},
	{"a deny list of the family breaks",
	 M_INET64,
	 SVC "RestrictAddressFamilies=~AF_INET\n",
	 {{"RestrictAddressFamilies", FILTER_BREAKS}},
	 {NULL},
	 FILTER_BREAKS},
	{"i386 socket() calls are not filtered",
	 M_NETLINK32,
	 SVC "RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX\n",
	 {{"RestrictAddressFamilies", FILTER_OK}},
	 {NULL},
	 FILTER_OK},

	/* The restrict directives, listed only when set. */
	{"LockPersonality=yes with a personality() call breaks",
	 M_PERSONALITY,
	 SVC "LockPersonality=yes\n",
	 {{"LockPersonality", FILTER_BREAKS}},
	 {"RestrictRealtime", "ProtectHostname", "RestrictAddressFamilies"},
	 FILTER_BREAKS},
	{"LockPersonality=no is ok",
	 M_PERSONALITY,
	 SVC "LockPersonality=no\n",
	 {{"LockPersonality", FILTER_OK}},
	 {NULL},
	 FILTER_OK},
	{"LockPersonality= reset is ok",
	 M_PERSONALITY,
	 SVC "LockPersonality=yes\nLockPersonality=\n",
	 {{"LockPersonality", FILTER_OK}},
	 {NULL},
	 FILTER_OK},
	{"RestrictNamespaces=yes with unshare(CLONE_NEWUTS) breaks",
	 M_UNSHARE,
	 SVC "RestrictNamespaces=yes\n",
	 {{"RestrictNamespaces", FILTER_BREAKS}},
	 {"LockPersonality", NULL},
	 FILTER_BREAKS},
	{"RestrictNamespaces= with a list without uts breaks",
	 M_UNSHARE,
	 SVC "RestrictNamespaces=cgroup ipc\n",
	 {{"RestrictNamespaces", FILTER_BREAKS}},
	 {NULL},
	 FILTER_BREAKS},
	{"RestrictNamespaces=no is ok",
	 M_UNSHARE,
	 SVC "RestrictNamespaces=no\n",
	 {{"RestrictNamespaces", FILTER_OK}},
	 {NULL},
	 FILTER_OK},
	{"RestrictNamespaces=yes without unshare() is ok",
	 M_INET64,
	 SVC "RestrictNamespaces=yes\n",
	 {{"RestrictNamespaces", FILTER_OK}},
	 {NULL},
	 FILTER_OK},
	{"LockPersonality=yes without the call is ok",
	 M_INET64,
	 SVC "LockPersonality=yes\n",
	 {{"LockPersonality", FILTER_OK}},
	 {NULL},
	 FILTER_OK},
};

static void test_rows(void **state)
{
	(void)state;
	skip_without_samples();
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct check_case *c = &cases[i];
		struct unit_settings *u = parse_unit(c->unit);
		struct unitcheck *uc = NULL;

		print_message("case %s\n", c->name);
		assert_int_equal(unitcheck_run(model(c->model), u, DB_DIR, SYSTEMD, &uc), 0);
		print_check(uc);
		for (size_t k = 0; k < 4 && c->want[k].directive; k++) {
			const struct unitcheck_item *it = find_item(uc, c->want[k].directive);
			if (!it)
				fail_msg("%s: %s not listed", c->name, c->want[k].directive);
			assert_string_equal(filter_status_name(it->status),
					    filter_status_name(c->want[k].status));
			/* Every status says why. */
			assert_true(it->reasons.n > 0);
		}
		for (size_t k = 0; k < 3 && c->absent[k]; k++)
			assert_null(find_item(uc, c->absent[k]));
		assert_string_equal(filter_status_name(uc->worst), filter_status_name(c->worst));
		unitcheck_free(uc);
		unit_settings_free(u);
	}
	free_models();
}

/* Where each setting was made, the value as the unit set it, the files. */
static void test_sources(void **state)
{
	struct unit_settings *u;
	struct unitcheck *uc = NULL;
	const struct unitcheck_item *it;
	char *file;
	(void)state;

	skip_without_samples();
	u = parse_unit("[Unit]\nDescription=x\n\n[Service]\nSystemCallArchitectures=native\n"
		       "MemoryDenyWriteExecute=no\nSystemCallArchitectures=x86\n"
		       "SystemCallFilter=@system-service\nSystemCallFilter=~@mount\n"
		       "ProtectClock=yes\n");
	file = xstrdup(u->files.v[0]);
	assert_int_equal(unitcheck_run(model(M_HELLO32), u, DB_DIR, SYSTEMD, &uc), 0);
	print_check(uc);

	/* The first five are always there, in this order. */
	assert_true(uc->n >= 5);
	assert_string_equal(uc->items[0].directive, "SystemCallArchitectures");
	assert_string_equal(uc->items[1].directive, "MemoryDenyWriteExecute");
	assert_string_equal(uc->items[2].directive, "SystemCallFilter");
	assert_string_equal(uc->items[3].directive, "SystemCallErrorNumber");

	it = find_item(uc, "SystemCallArchitectures");
	assert_string_equal(it->value, "native x86");
	assert_int_equal(it->sources.n, 2);
	{
		char *l5 = xasprintf("%s:5", file), *l7 = xasprintf("%s:7", file);
		assert_string_equal(it->sources.v[0], l5);
		assert_string_equal(it->sources.v[1], l7);
		assert_string_equal(it->set_at, l7);
		free(l5);
		free(l7);
	}
	it = find_item(uc, "SystemCallFilter");
	assert_string_equal(it->value, "@system-service | ~@mount");
	assert_int_equal(it->sources.n, 2);
	it = find_item(uc, "MemoryDenyWriteExecute");
	assert_string_equal(it->value, "no");
	{
		char *l6 = xasprintf("%s:6", file);
		assert_string_equal(it->set_at, l6);
		free(l6);
	}
	/* Unset: no value, no place. */
	it = find_item(uc, "SystemCallErrorNumber");
	assert_null(it->value);
	assert_null(it->set_at);
	/* Set restrict directives are listed, the others are not. */
	assert_non_null(find_item(uc, "ProtectClock"));
	for (size_t i = 0; i < UNIT_RESTRICT_KEYS; i++)
		if (strcmp(unitfile_restrict_keys[i], "ProtectClock") != 0)
			assert_null(find_item(uc, unitfile_restrict_keys[i]));
	/* What was read, for a re-check. */
	assert_int_equal(uc->files.n, 1);
	assert_string_equal(uc->files.v[0], file);
	assert_int_equal(uc->sha256.n, 1);
	assert_int_equal(strlen(uc->sha256.v[0]), 64);
	free(file);
	unitcheck_free(uc);
	unit_settings_free(u);
	free_models();
}

/* A unit that sets every directive gets an item for each, in the order the
 * reports list them: the directive table's, with SystemCallErrorNumber=
 * (which has no row of its own) right after SystemCallFilter=. */
static void test_directive_order(void **state)
{
	static const char *const want[] = {
		"SystemCallArchitectures", "MemoryDenyWriteExecute",
		"SystemCallFilter",	   "SystemCallErrorNumber",
		"RestrictAddressFamilies", "LockPersonality",
		"RestrictRealtime",	   "RestrictNamespaces",
		"RestrictSUIDSGID",	   "ProtectClock",
		"ProtectKernelModules",	   "ProtectKernelLogs",
		"ProtectHostname",
	};
	struct unit_settings *u;
	struct unitcheck *uc = NULL;
	(void)state;

	skip_without_samples();
	/* Listed backwards: the unit's order must not matter. */
	u = parse_unit(SVC "ProtectHostname=yes\nProtectKernelLogs=yes\n"
			   "ProtectKernelModules=yes\nProtectClock=yes\nRestrictSUIDSGID=yes\n"
			   "RestrictNamespaces=yes\nRestrictRealtime=yes\nLockPersonality=yes\n"
			   "RestrictAddressFamilies=AF_UNIX\nSystemCallErrorNumber=EPERM\n"
			   "SystemCallFilter=@system-service\nMemoryDenyWriteExecute=yes\n"
			   "SystemCallArchitectures=native\n");
	assert_int_equal(unitcheck_run(model(M_HELLO64), u, DB_DIR, SYSTEMD, &uc), 0);
	print_check(uc);
	assert_int_equal(uc->n, ARRAY_SIZE(want));
	assert_int_equal(uc->n, UNITCHECK_MAX_ITEMS);
	for (size_t i = 0; i < ARRAY_SIZE(want); i++) {
		assert_string_equal(uc->items[i].directive, want[i]);
		assert_non_null(uc->items[i].value);
	}
	unitcheck_free(uc);
	unit_settings_free(u);
	free_models();
}

/* Unit syntax problems are passed on as warnings; a missing group table
 * is an error, not a verdict. */
static void test_warnings_and_db(void **state)
{
	struct unit_settings *u;
	struct unitcheck *uc = NULL;
	(void)state;

	skip_without_samples();
	u = parse_unit(SVC "this line has no equals sign\nSystemCallFilter=@system-service\n");
	assert_true(u->warnings.n > 0);
	assert_int_equal(unitcheck_run(model(M_HELLO64), u, DB_DIR, SYSTEMD, &uc), 0);
	assert_true(uc->warnings.n >= u->warnings.n);
	for (size_t i = 0; i < u->warnings.n; i++)
		assert_string_equal(uc->warnings.v[i], u->warnings.v[i]);
	unitcheck_free(uc);
	uc = NULL;
	assert_true(unitcheck_run(model(M_HELLO64), u, "/nonexistent-db", SYSTEMD, &uc) < 0);
	assert_null(uc);
	unit_settings_free(u);
	free_models();
}

/* A drop-in applies after the unit: its assignment is the one in effect,
 * and list settings add up across the files. */
static void test_dropins(void **state)
{
	char *dir, *unit, *ddir, *conf, *err = NULL, *want;
	struct unit_settings *u = NULL;
	struct unitcheck *uc = NULL;
	const struct unitcheck_item *it;
	FILE *f;
	(void)state;

	skip_without_samples();
	dir = xasprintf("%s/svc", tmpdir);
	unit = xasprintf("%s/svc/x.service", tmpdir);
	ddir = xasprintf("%s/svc/x.service.d", tmpdir);
	conf = xasprintf("%s/svc/x.service.d/10-harden.conf", tmpdir);
	assert_int_equal(mkdir(dir, 0755), 0);
	assert_int_equal(mkdir(ddir, 0755), 0);
	f = fopen(unit, "w");
	assert_non_null(f);
	fputs("[Service]\nMemoryDenyWriteExecute=no\nSystemCallArchitectures=native\n", f);
	assert_int_equal(fclose(f), 0);
	f = fopen(conf, "w");
	assert_non_null(f);
	fputs("[Service]\nMemoryDenyWriteExecute=yes\nSystemCallArchitectures=x86\n", f);
	assert_int_equal(fclose(f), 0);
	if (unitfile_load(unit, &u, &err) < 0)
		fail_msg("%s", err ? err : "?");
	assert_int_equal(unitcheck_run(model(M_TEXTREL), u, DB_DIR, SYSTEMD, &uc), 0);
	print_check(uc);

	it = find_item(uc, "MemoryDenyWriteExecute");
	assert_int_equal(it->status, FILTER_BREAKS);
	want = xasprintf("%s:2", conf);
	assert_string_equal(it->set_at, want);
	free(want);
	/* native (x86-64) plus x86: the i386 library may run. */
	it = find_item(uc, "SystemCallArchitectures");
	assert_int_equal(it->status, FILTER_OK);
	assert_string_equal(it->value, "native x86");
	assert_int_equal(it->sources.n, 2);
	want = xasprintf("%s:3", unit);
	assert_string_equal(it->sources.v[0], want);
	free(want);
	want = xasprintf("%s:3", conf);
	assert_string_equal(it->sources.v[1], want);
	free(want);
	assert_int_equal(uc->files.n, 2);
	assert_string_equal(uc->files.v[1], conf);
	assert_int_equal(uc->worst, FILTER_BREAKS);
	unitcheck_free(uc);
	unit_settings_free(u);
	free_models();
	free(dir);
	free(unit);
	free(ddir);
	free(conf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows),
		cmocka_unit_test(test_sources),
		cmocka_unit_test(test_directive_order),
		cmocka_unit_test(test_warnings_and_db),
		cmocka_unit_test(test_dropins),
	};
	return skip_exit(cmocka_run_group_tests(tests, setup, teardown));
}
