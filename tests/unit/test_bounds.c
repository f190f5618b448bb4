// SPDX-License-Identifier: MIT
/* Memory bounded by the bytes present (issue 16):
 * - static64 cut to 571 KB (no section headers, no symbols, no FDEs: the
 *   entry point's piece ran to the end of the text) made the engine decode
 *   490 KB as one function, about 300 MB of decoded instructions. Now no
 *   piece is longer than 64 KiB, and every gate the intact file has in the
 *   bytes still present is found (soundness kept).
 * - DT_RELR packs 63 relocations per word: a table of 0xff bytes turned
 *   4 KB into 32,000 relocations of 32 bytes. Now at most one per word of
 *   the file, with a warning; the intact object has no warning. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "elf.h"
#include "syscalls.h"
#include "util.h"
#include "skip.h"

#include "tmpdir.h"

static char *write_tmp(const char *name, const void *data, size_t len)
{
	char *path = path_join(tmpdir, name);
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	fclose(f);
	return path;
}

static struct obj_syscalls *disasm(const char *path, struct elf_object **ret_elf)
{
	struct elf_object *e = NULL;
	struct obj_syscalls *s = NULL;
	char *why = NULL;

	assert_int_equal(elf_object_open(path, &e, &why), 0);
	assert_int_equal(sys_disasm_object(e, &s), 0);
	*ret_elf = e;
	return s;
}

static bool has_site(const struct obj_syscalls *s, uint64_t vaddr)
{
	for (size_t i = 0; i < s->n_sites; i++)
		if (s->sites[i].vaddr == vaddr)
			return true;
	return false;
}

static void test_truncated_static(void **state)
{
	const char *path = SAMPLES_DIR "/asm/static64";
	struct elf_object *ef, *et;
	struct obj_syscalls *full, *cut;
	char *data, *tpath;
	size_t len, kept = 0;
	uint64_t longest = 0;

	skip_without_samples();
	assert_int_equal(read_file(path, 64 << 20, &data, &len), 0);
	assert_true(len > 571 * 1024);
	tpath = write_tmp("static64-571k", data, 571 * 1024);
	full = disasm(path, &ef);
	cut = disasm(tpath, &et);
	assert_int_equal(et->n_sections, 0);
	for (size_t i = 0; i < cut->n_funcs; i++)
		longest = MAX(longest, cut->funcs[i].end - cut->funcs[i].start);
	assert_true(longest <= 64 * 1024);
	for (size_t i = 0; i < full->n_sites; i++) {
		if (!elf_vaddr_ptr(et, full->sites[i].vaddr, 2))
			continue;
		kept++;
		if (!has_site(cut, full->sites[i].vaddr))
			fail_msg("gate at 0x%llx lost in the truncated file",
				 (unsigned long long)full->sites[i].vaddr);
	}
	assert_true(kept > 10);
	obj_syscalls_free(full);
	obj_syscalls_free(cut);
	elf_object_free(ef);
	elf_object_free(et);
	unlink(tpath);
	free(tpath);
	free(data);
}

/* The first DT_NULL of .dynamic (and the two after it) become DT_RELR,
 * DT_RELRSZ, DT_RELRENT over [lo, hi), which is filled with 0xff: every
 * word a bitmap of 63 relocations. */
static size_t add_relr(unsigned char *d, size_t len, uint64_t lo, uint64_t hi)
{
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)d;

	for (size_t i = 0; i < eh->e_phnum; i++) {
		const Elf64_Phdr *ph = (const Elf64_Phdr *)(d + eh->e_phoff + i * eh->e_phentsize);
		Elf64_Dyn *dyn;
		size_t n;

		if (ph->p_type != PT_DYNAMIC)
			continue;
		dyn = (Elf64_Dyn *)(d + ph->p_offset);
		n = ph->p_filesz / sizeof(*dyn);
		for (size_t k = 0; k + 3 < n; k++) {
			if (dyn[k].d_tag != DT_NULL)
				continue;
			dyn[k] = (Elf64_Dyn){.d_tag = DT_RELR, .d_un.d_ptr = lo};
			dyn[k + 1] = (Elf64_Dyn){.d_tag = DT_RELRSZ, .d_un.d_val = hi - lo};
			dyn[k + 2] = (Elf64_Dyn){.d_tag = DT_RELRENT, .d_un.d_val = 8};
			assert_true(hi <= len);
			memset(d + lo, 0xff, hi - lo); /* vaddr == offset in this object */
			return (hi - lo) / 8;
		}
	}
	fail_msg("no spare DT_NULL");
	return 0;
}

static size_t count_relr(struct elf_object *e)
{
	size_t n = 0;

	assert_true(elf_load_relocs(e) >= 0);
	for (size_t i = 0; i < e->n_relocs; i++)
		n += e->relocs[i].table == ELF_RELOC_RELR;
	return n;
}

static bool warned(const struct elf_object *e, const char *what)
{
	for (size_t i = 0; i < e->warnings.n; i++)
		if (strstr(e->warnings.v[i], what))
			return true;
	return false;
}

static void test_relr_amplification(void **state)
{
	const char *path = SAMPLES_DIR "/asm/libgates64.so";
	struct elf_object *e = NULL;
	char *data, *tpath, *why = NULL;
	size_t len, words;

	skip_without_samples();
	assert_int_equal(read_file(path, 64 << 20, &data, &len), 0);
	/* The intact object: no RELR, no warning. */
	assert_int_equal(elf_object_open(path, &e, &why), 0);
	assert_int_equal(count_relr(e), 0);
	assert_false(warned(e, "DT_RELR"));
	elf_object_free(e);

	words = add_relr((unsigned char *)data, len, 0x1050, 0x2000);
	tpath = write_tmp("relr.so", data, len);
	assert_int_equal(elf_object_open(tpath, &e, &why), 0);
	/* 63 per word would be words * 63; at most one per word of the file. */
	assert_true(words * 63 > len / 8);
	assert_true(count_relr(e) <= len / 8);
	assert_true(count_relr(e) > 0);
	assert_true(warned(e, "DT_RELR table decodes to more relocations than the file has words"));
	elf_object_free(e);
	unlink(tpath);
	free(tpath);
	free(data);
}

static int setup(void **state)
{
	(void)state;
	return tmpdir_make("bounds");
}

static int teardown(void **state)
{
	(void)state;
	return tmpdir_remove();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_truncated_static),
		cmocka_unit_test(test_relr_amplification),
	};

	return skip_exit(cmocka_run_group_tests(tests, setup, teardown));
}
