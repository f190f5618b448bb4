// SPDX-License-Identifier: MIT
/* pipeline.c: the stages run over the model. pipeline_run() is given tiny
 * ELF trees written here (mkelf.h) and must run exactly the stages asked
 * for, in order, mark every verdict of an incomplete closure, honour
 * --glibc and refuse an unknown --host-arch; pipeline_finish() must give
 * the exit code its contract states (2 bad input or write error, else 1
 * with findings, else 0) and leave an existing --output alone on exit 2.
 * With the samples, the W->X call sites of jit/jit64 (samples/README.md:
 * mmap RW then mprotect R-X, no text relocations) must join
 * MemoryDenyWriteExecute= as blockers. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "cache.h"
#include "facts.h"
#include "mkelf.h"
#include "pipeline.h"
#include "syscalls.h"
#include "verdicts.h"
#include "skip.h"

#define DB_DIR SOURCE_DIR "/db"

#include "tmpdir.h"

static int setup(void **state)
{
	(void)state;
	return tmpdir_make("pipeline");
}

static int teardown(void **state)
{
	(void)state;
	return tmpdir_remove();
}

static struct options base_options(void)
{
	struct options o = {
		.systemd_version = 2570000,
		.kernel_version = 61200,
		.host_arch = "x86-64",
		.max_sites = 8,
		.db_dir = DB_DIR,
		.quiet = true,
		.no_cache = true,
		.jobs = 2,
	};
	return o;
}

/* prog (x86-64 ET_EXEC without PT_INTERP, so that no loader of this
 * machine joins; RUNPATH $ORIGIN) needing libA.so next to it; with dlopen,
 * prog imports dlopen(). */
static char *write_tree(const char *name, bool dlopen)
{
	char *dir = path_join(tmpdir, name), *prog = path_join(dir, "prog"),
	     *lib = path_join(dir, "libA.so");
	struct mkelf_spec p = {.type = ET_EXEC,
			       .runpath = "$ORIGIN",
			       .needed = {"libA.so"},
			       .imports = {dlopen ? "dlopen" : "puts"}};
	struct mkelf_spec l = {.soname = "libA.so"};

	assert_int_equal(mkdir(dir, 0755), 0);
	mkelf_write(prog, &p);
	mkelf_write(lib, &l);
	free(lib);
	free(dir);
	return prog;
}

static bool has_facts(const struct analysis *a)
{
	for (size_t i = 0; i < a->n_objects; i++)
		if (!a->objects[i]->facts)
			return false;
	return a->n_objects > 0;
}

static bool any_facts(const struct analysis *a)
{
	for (size_t i = 0; i < a->n_objects; i++)
		if (a->objects[i]->facts)
			return true;
	return false;
}

/* Each stage runs when asked for and only then. */
static void test_stages(void **state)
{
	static const struct {
		unsigned stages;
		bool facts, syscalls, verdicts;
	} rows[] = {
		{0, false, false, false},
		{PIPE_FACTS, true, false, false},
		{PIPE_SYSCALLS, false, true, false},
		{PIPE_FACTS | PIPE_SYSCALLS, true, true, false},
		{PIPE_ALL, true, true, true},
	};
	struct options o = base_options();
	char *prog = write_tree("stages", false);
	(void)state;

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct analysis *a = NULL;
		print_message("stages 0x%x\n", rows[i].stages);
		assert_int_equal(pipeline_run("test", &o, &prog, 1, rows[i].stages, &a), 0);
		assert_non_null(a);
		/* The closure always runs: prog, libA.so through $ORIGIN. */
		assert_int_equal(a->n_objects, 2);
		assert_non_null(a->objects[0]->needed[0].target);
		assert_false(a->input_error);
		assert_string_equal(a->host->name, "x86-64");
		if (rows[i].facts)
			assert_true(has_facts(a));
		else
			assert_false(any_facts(a));
		assert_int_equal(a->sysreport != NULL, rows[i].syscalls);
		for (size_t k = 0; k < a->n_objects; k++)
			assert_int_equal(a->objects[k]->sys != NULL, rows[i].syscalls);
		assert_int_equal(a->verdicts != NULL, rows[i].verdicts);
		if (rows[i].verdicts) {
			assert_int_equal(a->verdicts->n, directive_table_size);
			assert_int_equal(a->verdicts->opts.systemd_version, o.systemd_version);
			assert_int_equal(a->verdicts->opts.kernel_version, o.kernel_version);
			assert_ptr_equal(a->verdicts->opts.host, arch_from_name("x86-64"));
		}
		analysis_free(a);
	}
	free(prog);
}

static size_t verdicts_with_reason(const struct analysis *a, const char *prefix)
{
	size_t n = 0;
	for (size_t i = 0; i < a->verdicts->n; i++)
		for (size_t k = 0; k < a->verdicts->v[i].reasons.n; k++)
			if (str_startswith(a->verdicts->v[i].reasons.v[k], prefix)) {
				n++;
				break;
			}
	return n;
}

/* An entry that imports dlopen() with no dlopen candidate given: every
 * directive says the closure is incomplete; without the import none does. */
static void test_incomplete(void **state)
{
	struct options o = base_options();
	char *with = write_tree("dlopen", true), *without = write_tree("nodlopen", false);
	struct analysis *a = NULL;
	char *want;
	(void)state;

	assert_int_equal(pipeline_run("test", &o, &with, 1, PIPE_ALL, &a), 0);
	assert_non_null(a->incomplete);
	assert_non_null(strstr(a->incomplete, "dlopen"));
	want = xasprintf("incomplete: %s", a->incomplete);
	assert_int_equal(verdicts_with_reason(a, want), a->verdicts->n);
	free(want);
	analysis_free(a);

	a = NULL;
	assert_int_equal(pipeline_run("test", &o, &without, 1, PIPE_ALL, &a), 0);
	assert_null(a->incomplete);
	assert_int_equal(verdicts_with_reason(a, "incomplete: "), 0);
	analysis_free(a);
	free(with);
	free(without);
}

/* --glibc sets the version for every ABI; an unknown --host-arch is a
 * usage error and no model is made. */
static void test_options(void **state)
{
	struct options o = base_options();
	char *prog = write_tree("options", false);
	struct analysis *a = NULL;
	(void)state;

	o.glibc = "2.36";
	assert_int_equal(pipeline_run("test", &o, &prog, 1, 0, &a), 0);
	for (size_t k = 0; k < ARCH_MAX; k++) {
		assert_non_null(a->glibc[k]);
		assert_string_equal(a->glibc[k], "2.36");
	}
	analysis_free(a);

	a = NULL;
	o = base_options();
	o.host_arch = "pdp11";
	assert_int_equal(pipeline_run("test", &o, &prog, 1, PIPE_ALL, &a), -EINVAL);
	assert_null(a);
	free(prog);
}

/* A missing target is bad input: the model is still returned for the
 * caller to print, and pipeline_finish() exits 2. */
static void test_bad_input(void **state)
{
	struct options o = base_options();
	char *missing = path_join(tmpdir, "no-such-target");
	struct analysis *a = NULL;
	(void)state;

	assert_int_equal(pipeline_run("test", &o, &missing, 1, PIPE_ALL, &a), 0);
	assert_non_null(a);
	assert_true(a->input_error);
	assert_int_equal(a->n_objects, 0);
	analysis_free(a);
	free(missing);
}

static int render_ok(const struct analysis *a, FILE *f)
{
	fprintf(f, "new %zu\n", a->n_objects);
	return 0;
}

static int render_fails(const struct analysis *a, FILE *f)
{
	(void)a;
	fputs("partial", f);
	return -EIO;
}

/* pipeline_finish(): exit code and --output by the contract. */
static void test_finish(void **state)
{
	static const struct {
		const char *name;
		bool input_error, findings, render_fails;
		int exit_code;
		bool replaced; /* the old --output replaced by the new result */
	} rows[] = {
		{"clean", false, false, false, EXIT_OK, true},
		{"findings", false, true, false, EXIT_FINDINGS, true},
		{"bad input", true, false, false, EXIT_USAGE, false},
		{"bad input beats findings", true, true, false, EXIT_USAGE, false},
		{"write error", false, false, true, EXIT_USAGE, false},
		{"write error beats findings", false, true, true, EXIT_USAGE, false},
	};
	char *out = path_join(tmpdir, "out.txt");
	(void)state;

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct options o = base_options();
		struct analysis *a = analysis_new();
		char *text = NULL;
		size_t len = 0;
		FILE *f = fopen(out, "w");

		print_message("finish: %s\n", rows[i].name);
		assert_non_null(f);
		fputs("old\n", f);
		assert_int_equal(fclose(f), 0);
		o.output = out;
		a->input_error = rows[i].input_error;
		assert_int_equal(pipeline_finish("test", &o, a,
						 rows[i].render_fails ? render_fails : render_ok,
						 rows[i].findings),
				 rows[i].exit_code);
		assert_int_equal(read_file(out, 1 << 16, &text, &len), 0);
		assert_string_equal(text, rows[i].replaced ? "new 0\n" : "old\n");
		free(text);
	}
	free(out);
}

/* W->X call sites found by the syscall engine are MemoryDenyWriteExecute=
 * blockers (jit64 has no text relocations and no executable stack, so
 * those are the only reason it cannot run with it). */
static void check_wx_blockers(const struct analysis *a)
{
	const struct directive_verdict *v;
	size_t n_wx_blockers = 0;
	bool jit = false;

	assert_false(a->input_error);
	assert_non_null(a->sysreport);
	assert_true(a->sysreport->n_wx > 0);
	v = verdicts_find(a->verdicts, "MemoryDenyWriteExecute");
	assert_non_null(v);
	assert_false(v->tolerated);
	for (size_t i = 0; i < v->n_blockers; i++) {
		const struct evidence *b = &v->blockers[i];
		print_message("blocker %s: %s: %s\n", evidence_kind_tag(b->kind),
			      b->obj ? b->obj->path : "-", b->detail);
		assert_int_not_equal(b->kind, EV_TEXT_RELOCATIONS);
		for (size_t k = 0; k < a->sysreport->n_wx; k++)
			if (b->obj == a->sysreport->wx[k].site.obj && b->where &&
			    b->site.obj == b->obj &&
			    b->site.vaddr == a->sysreport->wx[k].site.vaddr)
				n_wx_blockers++;
		/* The blocker names the jit's own object. */
		if (b->obj && str_endswith(b->obj->path, "jit64"))
			jit = true;
	}
	assert_true(n_wx_blockers > 0);
	assert_true(jit);
}

/* The cache only saves time and the thread count changes nothing: a run
 * on one thread that fills a fresh cache and a run on two threads that
 * loads every object from it derive the same verdicts. */
static void test_wx_blockers_cache_and_jobs(void **state)
{
	struct options o = base_options();
	char *target, *cache;
	struct analysis *a = NULL, *b = NULL;
	size_t hits = 0, misses = 0, bad = 0;
	(void)state;

	skip_without_samples();
	target = xasprintf("%s/jit/jit64", SAMPLES_DIR);
	cache = path_join(tmpdir, "cache");
	o.no_cache = false;
	o.cache_dir = cache;
	o.jobs = 1;
	assert_int_equal(pipeline_run("test", &o, &target, 1, PIPE_ALL, &a), 0);
	check_wx_blockers(a);
	assert_non_null(a->cache);
	cache_stats(a->cache, &hits, &misses, &bad);
	assert_int_equal(hits, 0);

	o.jobs = 2;
	assert_int_equal(pipeline_run("test", &o, &target, 1, PIPE_ALL, &b), 0);
	check_wx_blockers(b);
	assert_int_equal(b->n_objects, a->n_objects);
	for (size_t i = 0; i < b->n_objects; i++) {
		assert_string_equal(b->objects[i]->path, a->objects[i]->path);
		assert_true(cache_was_loaded(b->cache, b->objects[i]->sys));
	}
	assert_int_equal(b->sysreport->n_wx, a->sysreport->n_wx);
	assert_int_equal(b->verdicts->n, a->verdicts->n);
	for (size_t i = 0; i < a->verdicts->n; i++) {
		const struct directive_verdict *x = &a->verdicts->v[i], *y = &b->verdicts->v[i];
		print_message("%s: %s\n", x->desc->name, x->tolerated ? "tolerated" : "blocked");
		assert_int_equal(x->tolerated, y->tolerated);
		assert_int_equal(x->n_blockers, y->n_blockers);
		assert_int_equal(x->values.n, y->values.n);
		for (size_t k = 0; k < x->values.n; k++)
			assert_string_equal(x->values.v[k], y->values.v[k]);
	}
	analysis_free(a);
	analysis_free(b);
	free(cache);
	free(target);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stages),	cmocka_unit_test(test_incomplete),
		cmocka_unit_test(test_options), cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_finish),	cmocka_unit_test(test_wx_blockers_cache_and_jobs),
	};
	return skip_exit(cmocka_run_group_tests(tests, setup, teardown));
}
