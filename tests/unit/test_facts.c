// SPDX-License-Identifier: MIT
/* facts.c on the sample trees, whose construction (samples/README.md) is the
 * truth: which objects carry DT_TEXTREL / DF_TEXTREL, which ask for an
 * executable stack. Plus copies of clean samples with one program header
 * patched, to check the ABI rules for a missing PT_GNU_STACK (Linux
 * elf_read_implies_exec(), glibc DEFAULT_STACK_PERMS) and RWX detection.
 * Exact text-relocation counts are checked against readelf by
 * tests/integration/analyze_textrel.sh. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "facts.h"
#include "model.h"
#include "render_analyze.h"
#include "verdicts.h"
#include "skip.h"

/* A sample's path; skips the test in a build without the samples. */
static char *sample_path(const char *rel)
{
	skip_without_samples();
	return xasprintf("%s/%s", SAMPLES_DIR, rel);
}

static struct sc_object *load(struct analysis *a, const char *path, enum obj_role role)
{
	struct sc_object *obj = xcalloc(1, sizeof(*obj));
	char *why = NULL;
	int r = elf_object_open(path, &obj->elf, &why);

	if (r < 0) {
		fprintf(stderr, "%s: %s\n", path, why ? why : "?");
		free(why);
		free(obj);
		return NULL;
	}
	obj->path = xstrdup(path);
	obj->real_path = xstrdup(path);
	obj->role = role;
	analysis_add_object(a, obj);
	return obj;
}

struct sample_case {
	const char *path;
	enum obj_role role;
	bool flagged, dt, df, has_textrels;
	bool gnu_stack, stack_exec;
};

/* From samples/README.md: the contract of the sample trees. */
static const struct sample_case cases[] = {
	{"srcds/bin/dedicated_srv.so", ROLE_DLOPEN, true, true, true, true, true, false},
	{"srcds/bin/engine_srv.so", ROLE_DLOPEN, true, true, false, true, true, false},
	{"srcds/bin/libtier0_srv.so", ROLE_NEEDED, true, true, true, true, true, false},
	{"srcds/left4dead2/bin/server_srv.so", ROLE_DLOPEN, true, true, true, true, true, false},
	{"srcds/steam/sdk32/steamclient.so", ROLE_DLOPEN, false, false, false, false, true, false},
	{"srcds/srcds_linux", ROLE_ENTRY, false, false, false, false, true, false},
	{"clean64/hello64", ROLE_ENTRY, false, false, false, false, true, false},
	{"clean32/hello32", ROLE_ENTRY, false, false, false, false, true, false},
	{"execstack/execstack_srv.so", ROLE_DLOPEN, false, false, false, false, true, true},
	{"jit/jit64", ROLE_ENTRY, false, false, false, false, true, false},
};

static void test_samples(void **state)
{
	skip_without_samples();
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct sample_case *c = &cases[i];
		struct analysis *a = analysis_new();
		char *path = xasprintf("%s/%s", SAMPLES_DIR, c->path);
		struct sc_object *obj = load(a, path, c->role);
		const struct objfacts *f;

		assert_non_null(obj);
		assert_int_equal(facts_collect(a, obj, 3), 0);
		f = obj->facts;
		assert_non_null(f);
		assert_ptr_equal(f->obj, obj);
		printf("%-38s flagged=%d dt=%d df=%d count=%zu stack=%s\n", c->path,
		       f->textrel.flagged, f->textrel.dt_textrel, f->textrel.df_textrel,
		       f->textrel.count, f->stack.exec ? "X" : "-");
		assert_true(f->textrel.relocs_read);
		assert_int_equal(f->textrel.flagged, c->flagged);
		assert_int_equal(f->textrel.dt_textrel, c->dt);
		assert_int_equal(f->textrel.df_textrel, c->df);
		assert_int_equal(f->textrel.count > 0, c->has_textrels);
		assert_int_equal(f->stack.source == STACK_PT_GNU_STACK, c->gnu_stack);
		assert_int_equal(f->stack.exec, c->stack_exec);
		assert_false(f->stack.read_implies_exec);
		assert_int_equal(f->seg.n_rwx, 0);
		/* Sites are bounded, counts by type add up to the total. */
		assert_true(f->textrel.n_sites == (f->textrel.count < 3 ? f->textrel.count : 3));
		{
			size_t sum = 0;
			for (size_t k = 0; k < f->textrel.n_by_type; k++) {
				sum += f->textrel.by_type[k].count;
				if (k)
					assert_true(f->textrel.by_type[k - 1].count >=
						    f->textrel.by_type[k].count);
			}
			assert_int_equal(sum, f->textrel.count);
		}
		for (size_t k = 0; k < f->textrel.n_sites; k++) {
			const struct textrel_site *s = &f->textrel.sites[k];
			const GElf_Phdr *load_ph = elf_load_for_vaddr(obj->elf, s->offset);
			assert_non_null(load_ph);
			assert_false(load_ph->p_flags & PF_W);
			char *where = site_describe((struct site){obj, s->offset});
			assert_non_null(s->type_name);
			/* The samples' text relocations all sit in .text, in
			 * named functions (they are not stripped): the site
			 * reads ".text+0xOFF (f+0xOFF)". */
			assert_non_null(where);
			assert_true(strncmp(where, ".text+0x", 8) == 0);
			assert_non_null(elf_symbol_for_vaddr(obj->elf, s->offset));
			assert_non_null(strstr(where, " ("));
			free(where);
		}
		analysis_free(a);
		free(path);
	}
}

/* Copies src to a temp file with the first program header of type `type`
 * patched: its type (set_type) or its flags replaced by value. */
static char *patched_copy(const char *src, uint32_t type, bool set_type, uint32_t value)
{
	char *data = NULL, *out = xstrdup("/tmp/seccompat-facts-XXXXXX");
	size_t len = 0;
	int fd;
	bool done = false;

	assert_int_equal(read_file(src, 64 << 20, &data, &len), 0);
	if (data[EI_CLASS] == ELFCLASS64) {
		Elf64_Ehdr *eh = (Elf64_Ehdr *)data;
		for (size_t i = 0; i < eh->e_phnum && !done; i++) {
			Elf64_Phdr *ph = (Elf64_Phdr *)(data + eh->e_phoff + i * eh->e_phentsize);
			if (ph->p_type != type)
				continue;
			if (set_type)
				ph->p_type = value;
			else
				ph->p_flags = value;
			done = true;
		}
	} else {
		Elf32_Ehdr *eh = (Elf32_Ehdr *)data;
		for (size_t i = 0; i < eh->e_phnum && !done; i++) {
			Elf32_Phdr *ph = (Elf32_Phdr *)(data + eh->e_phoff + i * eh->e_phentsize);
			if (ph->p_type != type)
				continue;
			if (set_type)
				ph->p_type = value;
			else
				ph->p_flags = value;
			done = true;
		}
	}
	assert_true(done);
	fd = mkstemp(out);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	close(fd);
	free(data);
	return out;
}

struct stack_case {
	const char *sample;
	enum obj_role role;
	bool exec, read_implies_exec;
};

/* Without PT_GNU_STACK: i386 and x86-64 default to an executable stack
 * (glibc DEFAULT_STACK_PERMS has PF_X on x86); only an i386 executable gets
 * READ_IMPLIES_EXEC (Linux arch/x86/include/asm/elf.h since 5.8). */
static const struct stack_case stack_cases[] = {
	{"clean32/hello32", ROLE_ENTRY, true, true},
	{"clean32/hello32", ROLE_DLOPEN, true, false},
	{"clean64/hello64", ROLE_ENTRY, true, false},
	{"srcds/steam/sdk32/steamclient.so", ROLE_DLOPEN, true, false},
};

static void test_missing_gnu_stack(void **state)
{
	skip_without_samples();
	for (size_t i = 0; i < sizeof(stack_cases) / sizeof(stack_cases[0]); i++) {
		const struct stack_case *c = &stack_cases[i];
		char *src = xasprintf("%s/%s", SAMPLES_DIR, c->sample);
		char *tmp = patched_copy(src, PT_GNU_STACK, true, PT_NULL);
		struct analysis *a = analysis_new();
		struct sc_object *obj = load(a, tmp, c->role);

		assert_non_null(obj);
		assert_int_equal(facts_collect(a, obj, 0), 0);
		assert_int_equal(obj->facts->stack.source, STACK_ABI_DEFAULT);
		assert_int_equal(obj->facts->stack.exec, c->exec);
		assert_int_equal(obj->facts->stack.read_implies_exec, c->read_implies_exec);
		analysis_free(a);
		unlink(tmp);
		free(tmp);
		free(src);
	}
}

static void test_rwx_load(void **state)
{
	char *src = sample_path("srcds/steam/sdk32/steamclient.so");
	char *tmp = patched_copy(src, PT_LOAD, false, PF_R | PF_W | PF_X);
	struct analysis *a = analysis_new();
	struct sc_object *obj = load(a, tmp, ROLE_DLOPEN);

	assert_non_null(obj);
	assert_int_equal(facts_collect(a, obj, 0), 0);
	size_t first_load = 0;
	while (obj->elf->phdrs[first_load].p_type != PT_LOAD)
		first_load++;
	assert_int_equal(obj->facts->seg.n_rwx, 1);
	assert_int_equal(obj->facts->seg.rwx[0].phdr_index, first_load);
	assert_int_equal(obj->facts->seg.rwx[0].flags, PF_R | PF_W | PF_X);
	analysis_free(a);
	unlink(tmp);
	free(tmp);
	free(src);
}

/* --max-sites bounds the list, never the counts. */
static void test_sites_bound(void **state)
{
	char *src = sample_path("srcds/bin/engine_srv.so");
	struct analysis *a = analysis_new();
	struct sc_object *obj = load(a, src, ROLE_DLOPEN);

	assert_non_null(obj);
	assert_int_equal(facts_collect(a, obj, 1000000), 0);
	assert_int_equal(obj->facts->textrel.n_sites, obj->facts->textrel.count);
	/* Collecting again replaces the facts (no leak, same result). */
	assert_int_equal(facts_collect(a, obj, 0), 0);
	assert_int_equal(obj->facts->textrel.n_sites, 0);
	assert_true(obj->facts->textrel.count > 0);
	assert_int_equal(facts_collect_all(a, 2), 1);
	analysis_free(a);
	free(src);
	objfacts_free(NULL);
}

static void test_pf_string(void **state)
{
	char buf[4];
	assert_string_equal(facts_pf_string(PF_R | PF_W, buf), "RW-");
	assert_string_equal(facts_pf_string(PF_R | PF_W | PF_X, buf), "RWX");
	assert_string_equal(facts_pf_string(0, buf), "---");
}

/* Hostile input: truncated and bit-flipped copies of text-relocation
 * objects go through facts, verdicts and every renderer without a crash
 * (ASan/UBSan in CI); whatever opens must give consistent counts. */
static void test_hostile(void **state)
{
	static const char *const srcs[] = {"srcds/bin/engine_srv.so", "clean64/hello64"};
	FILE *null;
	int opened = 0;

	skip_without_samples();
	null = fopen("/dev/null", "w");
	assert_non_null(null);
	for (size_t s = 0; s < sizeof(srcs) / sizeof(srcs[0]); s++) {
		char *src = xasprintf("%s/%s", SAMPLES_DIR, srcs[s]);
		char *data = NULL;
		size_t len = 0;
		unsigned seed = 12345;

		assert_int_equal(read_file(src, 64 << 20, &data, &len), 0);
		for (int round = 0; round < 120; round++) {
			char tmp[] = "/tmp/seccompat-facts-hostile-XXXXXX";
			int fd = mkstemp(tmp);
			size_t n = len;
			char *copy = xmalloc(len);
			struct analysis *a = analysis_new();
			struct sc_object *obj = xcalloc(1, sizeof(*obj));
			struct verdict_opts vo = {.systemd_version = 2570000,
						  .kernel_version = 61200};
			char *why = NULL;

			memcpy(copy, data, len);
			if (round < 40) {
				n = (size_t)round * len / 40 + 1;
			} else {
				for (int k = 0; k < 16; k++) {
					seed = seed * 1103515245u + 12345u;
					copy[(seed >> 4) % len] ^= (char)(1u << (seed % 8));
				}
			}
			assert_true(fd >= 0);
			assert_int_equal(write(fd, copy, n), (ssize_t)n);
			close(fd);
			if (elf_object_open(tmp, &obj->elf, &why) == 0) {
				obj->path = xstrdup(tmp);
				obj->real_path = xstrdup(tmp);
				obj->role = ROLE_DLOPEN;
				analysis_add_object(a, obj);
				opened++;
				assert_int_equal(facts_collect(a, obj, 5), 0);
				assert_true(obj->facts->textrel.n_sites <= 5);
				assert_true(obj->facts->textrel.count <=
					    obj->facts->textrel.n_relocs);
				verdicts_build(a, &vo);
				assert_int_equal(render_analyze_text(a, null), 0);
				assert_int_equal(render_analyze_json(a, null), 0);
				assert_int_equal(render_analyze_dropin(a, null), 0);
				assert_int_equal(render_analyze_markdown(a, null), 0);
			} else {
				free(why);
				free(obj);
			}
			analysis_free(a);
			unlink(tmp);
			free(copy);
		}
		free(data);
		free(src);
	}
	fclose(null);
	printf("hostile: %d of 240 mutated objects opened and went through every stage\n", opened);
	assert_true(opened > 60);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_samples),	  cmocka_unit_test(test_missing_gnu_stack),
		cmocka_unit_test(test_rwx_load),  cmocka_unit_test(test_sites_bound),
		cmocka_unit_test(test_pf_string), cmocka_unit_test(test_hostile),
	};

	return skip_exit(cmocka_run_group_tests(tests, NULL, NULL));
}
