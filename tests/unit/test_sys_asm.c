// SPDX-License-Identifier: MIT
/* Number resolution over hand-written assembly (samples/asm/gates*.S): each
 * exported function is one gate or data-flow pattern, and its expected
 * syscall set (the truth is the assembly source and the kernel's syscall
 * tables, spelled through libseccomp) is a row below. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "elf.h"
#include "libcmap.h"
#include "model.h"
#include "syscalls.h"
#include "sysgroups.h"
#include "skip.h"

struct row {
	const char *func;
	const char *expect; /* space-separated, sorted; "" for none */
};

static const struct row rows32[] = {
	{"g_imm", "getpid"},
	{"g_xor", "restart_syscall"},
	{"g_copy", "getuid"},
	{"g_pushpop", "getgid"},
	{"g_stack", "getppid"},
	{"g_sysenter", "getpid"},
	{"g_gs", "time"},
	{"g_dlsysinfo", "getpid"},
	{"g_thunk", "gettimeofday"},
	{"g_getres64", "clock_getres_time64"},
	{"g_branch", "getpid getppid"},
	{"g_loop", "exit"},
	{"g_socketcall", "socket socketcall"},
	{"g_ipc", "ipc shmat"},
	{"w_push", "getpid"},
	{"w_movesp", "getppid"},
	{"w_nested", "getuid"},
	{"w_realign", "getgid"},
	{"g_baddata", "getpid"},
	{"u_mem", ""},
	{"wx_raw", "mprotect"},
	{"w_cancel", "connect socketcall"},
	{"r_gotslot", ""},
	{"r_gotref", "getppid"},
};

/* clang-format off */
static const struct row rows64[] = {
	{"g_imm", "getpid"},
	{"g_xor", "read"},
	{"g_copy", "getuid"},
	{"g_pushpop", "getgid"},
	{"g_stack", "getppid"},
	{"g_branch", "getpid getppid"},
	{"g_loop", "exit"},
	{"g_int80", "getpid"}, /* the i386 table's getpid (20), see below */
	{"w_tail", "getpid"},
	{"w_call", "getppid"},
	{"w_nested", "getuid"},
	{"g_baddata", "getpid"},
	{"u_mem", ""},
	{"wx_raw", "mprotect"},
	{"w_cancel", "fsync"},
	{"wx_probe", "mmap mprotect munmap"},
	{"wx_helper", "mprotect"},
	{"w_noreturn", "futex"},
	{"p_movq_pair", "getpid getppid"},
	{"r_gotslot", ""},
	{"r_gotref", "getppid"},
};
/* clang-format on */

static struct analysis *load_entries(const char *name, const struct strv *entries)
{
	char *path = NULL, *why = NULL;
	struct elf_object *elf = NULL;
	struct sc_object *obj;
	struct analysis *a = analysis_new();
	struct sys_opts so = {
		.max_prov = 64, .libc = libcmap_new(SOURCE_DIR "/db"), .entries = entries};

	assert_true(asprintf(&path, "%s/asm/%s", SAMPLES_DIR, name) > 0);
	if (elf_object_open(path, &elf, &why) < 0)
		fail_msg("%s: %s", path, why ? why : "open failed");
	obj = calloc(1, sizeof(*obj));
	obj->elf = elf;
	obj->path = path;
	obj->role = ROLE_LIBRARY;
	analysis_add_object(a, obj);
	assert_int_equal(syscalls_analyze(a, &so), 0);
	libcmap_free(so.libc);
	return a;
}

static struct analysis *load(const char *name)
{
	/* A library alone: its exports are roots only on an assumption
	 * (`possible`), unless named; u_mem is named as with --entry, so that
	 * its unresolved site lies in certain code. */
	static char *const entry_names[] = {"u_mem"};
	static const struct strv entries = {(char **)entry_names, 1, 1};

	return load_entries(name, &entries);
}

static void check_rows(struct analysis *a, const struct row *rows, size_t n)
{
	struct sc_object *obj = a->objects[0];
	struct strv *sets = NULL;
	size_t n_sets = 0;

	assert_int_equal(sys_export_sets(obj, &sets, &n_sets), 0);
	for (size_t r = 0; r < n; r++) {
		const struct elf_sym *s = elf_find_export(obj->elf, rows[r].func, NULL);
		char got[512] = "";
		long fi;

		assert_non_null(s);
		fi = sys_func_at(obj->sys, s->value);
		assert_true(fi >= 0);
		for (size_t k = 0; k < sets[fi].n; k++) {
			if (k)
				strcat(got, " ");
			strncat(got, sets[fi].v[k], sizeof(got) - strlen(got) - 2);
		}
		if (strcmp(got, rows[r].expect) != 0)
			fail_msg("%s: got \"%s\", want \"%s\"", rows[r].func, got, rows[r].expect);
	}
	for (size_t i = 0; i < n_sets; i++)
		strv_clear(&sets[i]);
	free(sets);
}

/* Whether function fi of the object s lies in is named name, as the
 * report shows it. */
static bool func_is(struct site s, uint32_t fi, const char *name)
{
	char buf[SYS_FUNC_LABEL_MAX];
	const char *label = sys_func_label(s.obj->sys, fi, buf);

	return label && strcmp(label, name) == 0;
}

static bool has_unresolved(const struct sysreport *r, const char *func)
{
	for (size_t i = 0; i < r->n_unresolved; i++)
		if (func_is(r->unresolved[i].site, r->unresolved[i].func, func))
			return true;
	return false;
}

static bool has_wx(const struct sysreport *r, const char *func, const char *callee, int64_t prot)
{
	for (size_t i = 0; i < r->n_wx; i++)
		if (func_is(r->wx[i].site, r->wx[i].func, func) &&
		    strstr(r->wx[i].callee, callee) && r->wx[i].prot == prot)
			return true;
	return false;
}

/* 1: the W->X site of func is a handled probe, 0: it is not, -1: none. */
static int wx_handled(const struct sysreport *r, const char *func)
{
	for (size_t i = 0; i < r->n_wx; i++)
		if (func_is(r->wx[i].site, r->wx[i].func, func))
			return r->wx[i].handled;
	return -1;
}

static void test_i386(void **state)
{
	struct analysis *a;
	const struct sysreport *r;
	const struct sys_entry *e;

	skip_without_samples();
	a = load("libgates32.so");
	r = a->sysreport;
	check_rows(a, rows32, ARRAY_SIZE(rows32));
	/* g_baddata's 0f 04 was skipped, and the sweep went on. */
	assert_true(a->objects[0]->sys->n_bad_bytes >= 1);
	/* The unresolved site is listed with its function, never dropped. */
	assert_true(has_unresolved(r, "u_mem"));
	assert_false(r->complete);
	/* Wrapper numbers are resolved at the call and named after the caller. */
	e = sysreport_find(r, ARCH_X86, "getuid");
	assert_non_null(e);
	bool chain = false;
	for (size_t i = 0; i < e->n_prov; i++)
		chain |= e->prov[i].chain &&
			 strstr(e->prov[i].chain, "w_nested -> outer_wrap") != NULL;
	assert_true(chain);
	/* socketcall(SYS_SOCKET) names both the multiplexer and the call. */
	assert_non_null(sysreport_find(r, ARCH_X86, "socketcall"));
	assert_non_null(sysreport_find(r, ARCH_X86, "socket"));
	assert_true(has_wx(r, "wx_call", "mprotect", 7));
	assert_true(has_wx(r, "wx_raw", "mprotect", 5));
	/* glibc 2.41: number and subcall arrive as stack arguments, and the
	 * fast path reads the subcall through a pointer into the caller's
	 * frame: every site is resolved. */
	assert_false(has_unresolved(r, "w_cancel"));
	assert_false(has_unresolved(r, "cancel_helper"));
	analysis_free(a);
}

static void test_x86_64(void **state)
{
	struct analysis *a;
	const struct sysreport *r;
	const struct sys_entry *e;

	skip_without_samples();
	a = load("libgates64.so");
	r = a->sysreport;
	check_rows(a, rows64, ARRAY_SIZE(rows64));
	assert_true(a->objects[0]->sys->n_bad_bytes >= 1);
	assert_true(has_unresolved(r, "u_mem"));
	/* int $0x80 in 64-bit code enters the i386 table: getpid is 20 there
	 * and the x86 ABI set says so (SystemCallArchitectures= needs x86). */
	e = sysreport_find(r, ARCH_X86, "getpid");
	assert_non_null(e);
	assert_int_equal(e->nr, 20);
	e = sysreport_find(r, ARCH_X86_64, "getpid");
	assert_non_null(e);
	assert_int_equal(e->nr, 39);
	assert_true(has_wx(r, "wx_call", "mmap", 7));
	assert_true(has_wx(r, "wx_raw", "mprotect", 5));
	/* The 7th argument on the stack, and no frame mix-up after a call
	 * that never returns. */
	assert_false(has_unresolved(r, "w_cancel"));
	assert_false(has_unresolved(r, "w_noreturn"));
	/* The probe unmaps the page and returns quietly: handled. A refusal
	 * that reaches the caller, or a plain W->X call, is not. */
	assert_int_equal(wx_handled(r, "wx_probe"), 1);
	assert_int_equal(wx_handled(r, "wx_helper"), 0);
	assert_int_equal(wx_handled(r, "wx_raw"), 0);
	assert_int_equal(wx_handled(r, "wx_call"), 0);
	/* No libc in this one-object analysis: the import mmap@GLIBC_2.2.5
	 * is looked up in the shipped glibc map, which names the mmap
	 * syscall for it. */
	e = sysreport_find(r, ARCH_X86_64, "mmap");
	assert_non_null(e);
	bool via_map = false;
	for (size_t i = 0; i < e->n_prov; i++)
		via_map |= e->prov[i].via && strcmp(e->prov[i].via, "libc map") == 0 &&
			   func_is(e->prov[i].site, e->prov[i].func, "wx_call");
	assert_true(via_map);
	analysis_free(a);
}

static struct sc_object *add_object(struct analysis *a, const char *name, enum obj_role role)
{
	char *path = NULL, *why = NULL;
	struct elf_object *elf = NULL;
	struct sc_object *obj = calloc(1, sizeof(*obj));

	assert_true(asprintf(&path, "%s/asm/%s", SAMPLES_DIR, name) > 0);
	if (elf_object_open(path, &elf, &why) < 0)
		fail_msg("%s: %s", path, why ? why : "open failed");
	obj->elf = elf;
	obj->path = path;
	obj->role = role;
	analysis_add_object(a, obj);
	return obj;
}

/* GOT slots of imports (arch/x86/x86.c note_got_imports()): the function
 * that loads one reaches the import (r_gotaddr -> peer_getppid); a slot that
 * only unreached code loads or calls through reaches nothing (peer_gettid),
 * even though it is a GLOB_DAT relocation of the library. On i386 also where
 * the GOT pointer is a register the engine cannot know (r_gotesi), which is
 * also where a local function's GOT-relative address is taken (r_gotoff,
 * gotoff_ref()). The truth: samples/asm/gotref64.S and gotref32.S. */
static void got_imports(const char *lib, const char *peer, enum arch_id abi,
			const char *const *reached, size_t n_reached)
{
	struct analysis *a = analysis_new();
	static char *const entry_names[] = {"r_gotaddr", "r_gotesi", "r_gotoff"};
	/* The first n_reached entries: r_gotesi and r_gotoff are i386's. */
	const struct strv entries = {(char **)entry_names, n_reached, n_reached};
	struct sys_opts so = {.max_prov = 64, .entries = &entries};
	const struct sys_entry *e;

	add_object(a, lib, ROLE_LIBRARY);
	add_object(a, peer, ROLE_NEEDED);
	assert_int_equal(syscalls_analyze(a, &so), 0);
	for (size_t i = 0; i < n_reached; i++) {
		e = sysreport_find(a->sysreport, abi, reached[i]);
		assert_non_null(e);
		if (e->conf != CONF_CERTAIN)
			fail_msg("%s: %s is not certain", lib, reached[i]);
	}
	e = sysreport_find(a->sysreport, abi, "gettid");
	assert_non_null(e);
	if (e->conf != CONF_UNREACHED)
		fail_msg("%s: gettid is reached", lib);
	analysis_free(a);
}

static void test_got_imports(void **state)
{
	static const char *const reached64[] = {"getppid"};
	static const char *const reached32[] = {"getppid", "getpgrp", "getsid"};

	skip_without_samples();
	got_imports("libgotref64.so", "libgotpeer64.so", ARCH_X86_64, reached64, 1);
	got_imports("libgotref32.so", "libgotpeer32.so", ARCH_X86, reached32, 3);
}

/* A vDSO entry's syscall fallback is reached where the wrapper making the
 * same syscall is (syscalls.c implicits[]): gettimeofday's code reaches
 * the gettimeofday fallback and no clock_getres; clock_getres_time64's
 * reaches the time32 clock_getres, the fallback of the vDSO's
 * __vdso_clock_getres that glibc calls after it. */
static void vdso_case(const char *entry, const char *want, const char *never)
{
	char *names[] = {(char *)entry};
	const struct strv entries = {names, 1, 1};
	struct analysis *a = load_entries("libgates32.so", &entries);
	const struct sys_entry *e = sysreport_find(a->sysreport, ARCH_X86, want);

	if (!e || e->conf != CONF_CERTAIN || !e->reason)
		fail_msg("%s: %s is not a certain vDSO fallback", entry, want);
	e = sysreport_find(a->sysreport, ARCH_X86, never);
	/* The library's other exports are roots on an assumption. */
	if (e && e->conf == CONF_CERTAIN)
		fail_msg("%s: %s is certain", entry, never);
	analysis_free(a);
}

static void test_vdso_fallbacks(void **state)
{
	skip_without_samples();
	vdso_case("g_thunk", "gettimeofday", "clock_getres");
	vdso_case("g_getres64", "clock_getres", "gettimeofday");
}

/* Zero-guards (syscalls.h struct sys_gwrite): t_test calls on_guarded,
 * on_cleared and on_escaped only while a zero-filled thread-local variable
 * is non-zero, plain always. Only t_set (and on i386 t_spill) writes
 * `guarded`, t_escape hands `escaped`'s offset to a function that writes
 * through it, t_clear stores 0 to `cleared` (no writer). So with t_test alone named, the guarded calls
 * wait for exports reached on an assumption (possible), or for nothing
 * (unreached); naming the writer makes them certain. The truth:
 * samples/asm/tlsguard64.S and tlsguard32.S. */
static void guard_case(const char *lib, enum arch_id abi, const char *named, const char *sc,
		       enum sys_conf want)
{
	char *names[] = {"t_test", (char *)named};
	const struct strv entries = {names, named ? 2 : 1, 2};
	struct analysis *a = load_entries(lib, &entries);
	const struct sys_entry *e = sysreport_find(a->sysreport, abi, sc);

	if (!e || e->conf != want)
		fail_msg("%s, t_test%s%s named: %s is %s, want %s", lib, named ? " and " : "",
			 named ? named : "", sc, e ? sys_conf_name(e->conf) : "absent",
			 sys_conf_name(want));
	analysis_free(a);
}

static void test_zero_guards(void **state)
{
	static const struct {
		const char *lib;
		enum arch_id abi;
	} libs[] = {{"libtlsguard64.so", ARCH_X86_64}, {"libtlsguard32.so", ARCH_X86}};

	skip_without_samples();
	for (size_t i = 0; i < ARRAY_SIZE(libs); i++) {
		const char *l = libs[i].lib;
		enum arch_id abi = libs[i].abi;
		guard_case(l, abi, NULL, "gettid", CONF_CERTAIN);
		guard_case(l, abi, NULL, "getppid", CONF_POSSIBLE);
		guard_case(l, abi, NULL, "getpgrp", CONF_POSSIBLE);
		guard_case(l, abi, "t_set", "getppid", CONF_CERTAIN);
		guard_case(l, abi, "t_set", "getpgrp", CONF_POSSIBLE);
		guard_case(l, abi, "t_escape", "getpgrp", CONF_CERTAIN);
		guard_case(l, abi, "t_clear", "getsid", CONF_UNREACHED);
	}
	/* i386: a read of a slot's form through a register that may hold the
	 * GOT pointer (reloaded through a frame address the data flow lost)
	 * writes the guard; through one that holds none (loaded from memory
	 * not the frame's, an address computed from it, a spill of such a
	 * value, a function's return value), it writes nothing. */
	guard_case("libtlsguard32.so", ARCH_X86, "t_spill", "getppid", CONF_CERTAIN);
	guard_case("libtlsguard32.so", ARCH_X86, "t_field", "getppid", CONF_POSSIBLE);
	guard_case("libtlsguard32.so", ARCH_X86, "t_index", "getppid", CONF_POSSIBLE);
	guard_case("libtlsguard32.so", ARCH_X86, "t_keep", "getppid", CONF_POSSIBLE);
	guard_case("libtlsguard32.so", ARCH_X86, "t_ret", "getppid", CONF_POSSIBLE);
}

/* ENOSYS fallbacks (syscalls.h struct sys_nosys): on Linux 6.12 the code
 * that runs only after statx, faccessat2, clock_gettime64 (i386) or
 * close_range (x86-64) failed with ENOSYS is left out, and each cut is
 * reported; with no kernel assumed every fallback is certain. A call older
 * than any kernel (open), clone3 (systemd answers it with ENOSYS) and the
 * non-zero success of openat2 keep theirs. The truth: samples/asm/nosys64.S
 * and nosys32.S. */
struct nosys_row {
	const char *func, *marker, *after;
	bool cut; /* on 6.12 */
};

static void nosys_case(const char *lib, enum arch_id abi, const struct nosys_row *rows, size_t n,
		       unsigned kernel)
{
	char *names[] = {"n_internal", "n_inline", "n_cold", "n_unknown", "n_clone3", "n_nonzero"};
	const struct strv entries = {names, ARRAY_SIZE(names), ARRAY_SIZE(names)};
	struct analysis *a = analysis_new();
	struct sys_opts so = {.max_prov = 64, .entries = &entries, .kernel_version = kernel};
	const struct sysreport *r;

	add_object(a, lib, ROLE_LIBRARY);
	assert_int_equal(syscalls_analyze(a, &so), 0);
	r = a->sysreport;
	assert_int_equal(r->kernel_version, kernel);
	for (size_t i = 0; i < n; i++) {
		const struct sys_entry *e = sysreport_find(r, abi, rows[i].marker);
		bool cut = kernel && rows[i].cut, reported = false;
		if (cut ? e && e->conf != CONF_UNREACHED : !e || e->conf != CONF_CERTAIN)
			fail_msg("%s, kernel %u: %s's %s is %s", lib, kernel, rows[i].func,
				 rows[i].marker, e ? sys_conf_name(e->conf) : "absent");
		for (size_t k = 0; k < r->n_cuts; k++)
			reported |= func_is(r->cuts[k].site, r->cuts[k].func, rows[i].func) &&
				    strcmp(r->cuts[k].after, rows[i].after) == 0 &&
				    r->cuts[k].conf == CONF_CERTAIN;
		if (reported != cut)
			fail_msg("%s, kernel %u: %s's cut after %s %sreported", lib, kernel,
				 rows[i].func, rows[i].after, reported ? "" : "not ");
	}
	analysis_free(a);
}

static void test_nosys(void **state)
{
	static const struct nosys_row nrows64[] = {
		{"n_internal", "getppid", "statx", true},
		{"n_inline", "getpgrp", "faccessat2", true},
		{"n_cold", "getsid", "close_range", true},
		{"n_unknown", "gettid", "open", false},
		{"n_clone3", "getuid", "clone3", false},
		{"n_nonzero", "getgid", "openat2", false},
	};
	static const struct nosys_row nrows32[] = {
		{"n_internal", "getppid", "statx", true},
		{"n_inline", "getpgrp", "faccessat2", true},
		{"n_cold", "getsid", "clock_gettime64", true},
		{"n_unknown", "gettid", "open", false},
		{"n_clone3", "getuid32", "clone3", false},
		{"n_nonzero", "getgid32", "openat2", false},
	};

	skip_without_samples();
	for (unsigned k = 0; k < 2; k++) {
		unsigned kernel = k ? 61200 : 0;
		nosys_case("libnosys64.so", ARCH_X86_64, nrows64, ARRAY_SIZE(nrows64), kernel);
		nosys_case("libnosys32.so", ARCH_X86, nrows32, ARRAY_SIZE(nrows32), kernel);
	}
}

/* Every call the engine may assume the kernel has is one systemd knows
 * (in @known of each shipped table): systemd answers calls it does not
 * know with ENOSYS, which would make their fallbacks run. */
static void test_nosys_known(void **state)
{
	const char *const *names;
	size_t n = sys_kernel_names(&names);

	(void)state;
	assert_true(n > 10);
	for (unsigned v = 0; v < 2; v++) {
		struct sysgroups *sg = NULL;
		const struct sysgroup *known;
		assert_int_equal(sysgroups_load(SOURCE_DIR "/db", v ? 257 : 252, &sg), 0);
		known = sysgroups_find(sg, "@known");
		assert_non_null(known);
		for (size_t i = 0; i < n; i++)
			if (!strv_contains(&known->syscalls, names[i]))
				fail_msg("systemd %u: %s is not in @known", v ? 257 : 252,
					 names[i]);
		sysgroups_free(sg);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_i386),	    cmocka_unit_test(test_x86_64),
		cmocka_unit_test(test_got_imports), cmocka_unit_test(test_vdso_fallbacks),
		cmocka_unit_test(test_zero_guards), cmocka_unit_test(test_nosys),
		cmocka_unit_test(test_nosys_known),
	};
	return skip_exit(cmocka_run_group_tests(tests, NULL, NULL));
}
