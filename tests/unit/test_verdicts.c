// SPDX-License-Identifier: MIT
/* verdicts.c: the directive table, the enforcement-mode rule, and the
 * verdicts for small analyses built from the sample objects. Which runs
 * really fail is proven by tests/integration/proof_*.sh; here we check the
 * derivation logic case by case. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <cmocka.h>

#include "facts.h"
#include "model.h"
#include "syscalls.h"
#include "verdicts.h"
#include "skip.h"

/* An analysis to add samples to; skips the test in a build without them. */
static struct analysis *sample_analysis(void)
{
	skip_without_samples();
	return analysis_new();
}

static struct sc_object *add(struct analysis *a, const char *rel, enum obj_role role,
			     struct sc_object *loader)
{
	struct sc_object *obj = xcalloc(1, sizeof(*obj));
	char *path = xasprintf("%s/%s", SAMPLES_DIR, rel);
	char *why = NULL;

	if (elf_object_open(path, &obj->elf, &why) < 0)
		fail_msg("%s: %s", path, why ? why : "?");
	obj->path = xstrdup(rel);
	obj->real_path = path;
	obj->role = role;
	obj->loader = loader;
	analysis_add_object(a, obj);
	return obj;
}

static const struct directive_verdict *build(struct analysis *a, unsigned systemd, unsigned kernel,
					     const char *host, const char *directive)
{
	struct verdict_opts o = {
		.systemd_version = systemd,
		.kernel_version = kernel,
		.host = host ? arch_from_name(host) : NULL,
	};
	facts_collect_all(a, 20);
	assert_int_equal(verdicts_build(a, &o), 0);
	return verdicts_find(a->verdicts, directive);
}

static bool has_kind(const struct evidence *e, size_t n, const char *kind, const char *obj_path)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(evidence_kind_tag(e[i].kind), kind) == 0 &&
		    (!obj_path || (e[i].obj && strcmp(e[i].obj->path, obj_path) == 0)))
			return true;
	return false;
}

static void test_table(void **state)
{
	assert_true(directive_table_size >= 2);
	for (size_t i = 0; i < directive_table_size; i++) {
		const struct directive_desc *d = &directive_table[i];
		assert_non_null(d->name);
		assert_non_null(d->derive);
		/* unitcheck_run() calls every row's check. */
		assert_non_null(d->check);
		assert_non_null(d->summary);
		assert_true(strncmp(d->doc_url, "https://", 8) == 0);
		assert_null(strchr(d->name, '='));
		for (size_t k = 0; k < i; k++)
			assert_string_not_equal(d->name, directive_table[k].name);
	}
}

/* systemd v254 added PR_SET_MDWE; Linux 6.3 added the prctl. */
static void test_mdwe_mode(void **state)
{
	static const struct {
		unsigned systemd, kernel;
		enum mdwe_mode mode;
	} rows[] = {
		{2520000, 61200, MDWE_SECCOMP}, {2530000, 61200, MDWE_SECCOMP},
		{2540000, 60200, MDWE_SECCOMP}, {2540000, 60300, MDWE_PRCTL},
		{2570000, 61200, MDWE_PRCTL},	{2570000, 60100, MDWE_SECCOMP},
	};
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		assert_int_equal(verdicts_mdwe_mode(rows[i].systemd, rows[i].kernel), rows[i].mode);
}

static void test_version_string(void **state)
{
	char b[16];
	assert_string_equal(verdicts_version_string(2570000, b, sizeof(b)), "257");
	assert_string_equal(verdicts_version_string(61200, b, sizeof(b)), "6.12");
	assert_string_equal(verdicts_version_string(60305, b, sizeof(b)), "6.3.5");
}

static void test_srcds(void **state)
{
	struct analysis *a = sample_analysis();
	struct sc_object *exe = add(a, "srcds/srcds_linux", ROLE_ENTRY, NULL);
	struct sc_object *eng;
	const struct directive_verdict *v;

	add(a, "srcds/bin/dedicated_srv.so", ROLE_DLOPEN, exe);
	eng = add(a, "srcds/bin/engine_srv.so", ROLE_DLOPEN, exe);
	add(a, "srcds/bin/libtier0_srv.so", ROLE_NEEDED, eng);

	v = build(a, 2570000, 61200, "x86-64", "MemoryDenyWriteExecute");
	assert_non_null(v);
	assert_false(v->tolerated);
	assert_int_equal(v->values.n, 0);
	assert_int_equal(v->n_blockers, 3);
	assert_true(has_kind(v->blockers, v->n_blockers, "text-relocations",
			     "srcds/bin/dedicated_srv.so"));
	assert_true(has_kind(v->blockers, v->n_blockers, "text-relocations",
			     "srcds/bin/engine_srv.so"));
	for (size_t i = 0; i < v->n_blockers; i++) {
		assert_non_null(v->blockers[i].effect);
		/* PR_SET_MDWE answers EACCES. */
		assert_non_null(strstr(v->blockers[i].effect,
				       "cannot make segment writable for relocation: "
				       "Permission denied"));
		assert_non_null(strstr(v->blockers[i].effect, "dlopen() "));
		assert_non_null(v->blockers[i].where);
	}
	/* One reason line per blocker, first. */
	assert_true(v->reasons.n >= v->n_blockers);
	assert_non_null(strstr(v->reasons.v[0], "srcds/bin/dedicated_srv.so: "));

	/* The seccomp filter answers EPERM. */
	v = build(a, 2520000, 61200, "x86-64", "MemoryDenyWriteExecute");
	assert_non_null(strstr(v->blockers[0].effect, "Operation not permitted"));
	assert_int_equal(a->verdicts->mdwe_mode, MDWE_SECCOMP);

	v = build(a, 2570000, 61200, "x86-64", "SystemCallArchitectures");
	assert_true(v->tolerated);
	assert_int_equal(v->values.n, 1);
	assert_string_equal(v->values.v[0], "native x86");
	/* On an i386 host all of it is native. */
	v = build(a, 2570000, 61200, "x86", "SystemCallArchitectures");
	assert_string_equal(v->values.v[0], "native");
	analysis_free(a);
}

static void test_clean_and_wx_hook(void **state)
{
	struct analysis *a = sample_analysis();
	struct sc_object *exe = add(a, "jit/jit64", ROLE_ENTRY, NULL);
	const struct directive_verdict *v;
	long entry_fi;
	char buf[SYS_FUNC_LABEL_MAX];
	const char *entry_name;
	char *want;

	/* The records name their function by the engine's index: the
	 * object needs the engine's facts for it to have a name. */
	assert_int_equal(sys_disasm_object(exe->elf, &exe->sys), 0);
	exe->free_sys = obj_syscalls_free;
	entry_fi = sys_func_at(exe->sys, exe->elf->entry);
	assert_true(entry_fi >= 0);
	entry_name = sys_func_label(exe->sys, (uint32_t)entry_fi, buf);
	assert_non_null(entry_name);
	struct sys_wx calls[] = {
		{.site = {exe, exe->elf->entry},
		 .func = (uint32_t)entry_fi,
		 .callee = (char *)"mprotect",
		 .prot = PROT_READ | PROT_EXEC},
		/* No such function: the evidence says "code". */
		{.site = {exe, exe->elf->entry},
		 .func = UINT32_MAX,
		 .callee = (char *)"mmap",
		 .prot = -1},
	};

	v = build(a, 2570000, 61200, "x86-64", "MemoryDenyWriteExecute");
	assert_true(v->tolerated);
	assert_int_equal(v->values.n, 1);
	assert_string_equal(v->values.v[0], "yes");
	v = verdicts_find(a->verdicts, "SystemCallArchitectures");
	assert_string_equal(v->values.v[0], "native");

	assert_int_equal(verdicts_add_wx_calls(a->verdicts, calls, 2), 2);
	v = verdicts_find(a->verdicts, "MemoryDenyWriteExecute");
	assert_false(v->tolerated);
	assert_int_equal(v->values.n, 0);
	assert_int_equal(v->n_blockers, 2);
	assert_true(has_kind(v->blockers, v->n_blockers, "wx-call", "jit/jit64"));
	want = xasprintf("function %s calls mprotect", entry_name);
	assert_non_null(strstr(v->blockers[0].detail, want));
	free(want);
	assert_non_null(strstr(v->blockers[1].detail, "code calls mmap"));
	assert_non_null(strstr(v->blockers[0].detail, "PROT_READ|PROT_EXEC"));
	assert_non_null(strstr(v->blockers[0].effect, "EACCES"));
	assert_non_null(v->blockers[0].where);
	assert_true(strncmp(v->blockers[0].where, "jit64: ", 7) == 0);
	/* ... and the address it names, for tools that point at code. */
	assert_ptr_equal(v->blockers[0].site.obj, exe);
	assert_true(v->blockers[0].site.vaddr == calls[0].site.vaddr);
	assert_non_null(strstr(v->reasons.v[0], "jit/jit64: "));
	assert_null(verdicts_find(a->verdicts, "NoSuchDirective"));
	analysis_free(a);
}

static void test_execstack_and_abi_rules(void **state)
{
	struct analysis *a = sample_analysis();
	struct sc_object *exe64 = add(a, "clean64/hello64", ROLE_ENTRY, NULL);
	const struct directive_verdict *v;

	add(a, "execstack/execstack_srv.so", ROLE_DLOPEN, NULL);
	/* An i386 object "loaded" by an x86-64 program: ld.so would reject it. */
	add(a, "srcds/steam/sdk32/steamclient.so", ROLE_DLOPEN, exe64);
	/* A script interpreter counts as native whatever the analysed copy is. */
	add(a, "clean32/hello32", ROLE_SCRIPT_INTERP, NULL);

	v = build(a, 2570000, 61200, "x86-64", "MemoryDenyWriteExecute");
	assert_false(v->tolerated);
	assert_true(has_kind(v->blockers, v->n_blockers, "executable-stack",
			     "execstack/execstack_srv.so"));
	assert_non_null(strstr(v->blockers[0].effect,
			       "cannot enable executable stack as shared object requires"));

	v = verdicts_find(a->verdicts, "SystemCallArchitectures");
	assert_true(has_kind(v->evidence, v->n_evidence, "abi-mismatch",
			     "srcds/steam/sdk32/steamclient.so"));
	/* execstack_srv.so (i386, no loader) still needs x86. */
	assert_string_equal(v->values.v[0], "native x86");
	analysis_free(a);

	a = analysis_new();
	exe64 = add(a, "clean64/hello64", ROLE_ENTRY, NULL);
	add(a, "srcds/steam/sdk32/steamclient.so", ROLE_DLOPEN, exe64);
	add(a, "clean32/hello32", ROLE_SCRIPT_INTERP, NULL);
	v = build(a, 2570000, 61200, "x86-64", "SystemCallArchitectures");
	assert_string_equal(v->values.v[0], "native");
	analysis_free(a);
	verdicts_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_mdwe_mode),
		cmocka_unit_test(test_version_string),
		cmocka_unit_test(test_srcds),
		cmocka_unit_test(test_clean_and_wx_hook),
		cmocka_unit_test(test_execstack_and_abi_rules),
	};
	return skip_exit(cmocka_run_group_tests(tests, NULL, NULL));
}
