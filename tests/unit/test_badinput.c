// SPDX-License-Identifier: MIT
/* The ELF front end and the closure never crash or hang on hostile input:
 * real objects truncated at many offsets, header fields set to huge values,
 * and bytes flipped. Run under ASan/UBSan in CI, where any out-of-bounds
 * read fails the test. Each case must either open (and then survive every
 * accessor) or fail with a reason. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "closure.h"
#include "elf.h"
#include "util.h"
#include "skip.h"

#include "tmpdir.h"

static const char *const inputs[] = {
	"/bin/true",
	"/lib32/ld-linux.so.2",
	"/usr/lib32/libc.so.6",
	SAMPLES_DIR "/srcds/bin/engine_srv.so",
	SAMPLES_DIR "/srcds/srcds_linux",
};

static void write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	fclose(f);
}

/* Opens path and, when that works, drives every accessor over it. */
static void exercise(const char *path, bool with_closure)
{
	struct elf_object *e = NULL;
	char *why = NULL;
	int r = elf_object_open(path, &e, &why);

	if (r < 0) {
		assert_non_null(why);
		assert_true(strlen(why) > 0);
		free(why);
		return;
	}
	elf_load_relocs(e);
	for (size_t i = 0; i < e->n_relocs; i += 1 + e->n_relocs / 64) {
		char *d = elf_describe_vaddr(e, e->relocs[i].offset);
		free(d);
		(void)elf_dynsym(e, e->relocs[i].sym);
		(void)elf_reloc_type_name(e, e->relocs[i].type);
	}
	for (size_t i = 0; i < e->n_phdrs; i++) {
		char *d = elf_describe_vaddr(e, e->phdrs[i].p_vaddr + 1);
		free(d);
		(void)elf_vaddr_ptr(e, e->phdrs[i].p_vaddr, e->phdrs[i].p_filesz);
	}
	(void)elf_find_export(e, "malloc", NULL);
	(void)elf_find_export(e, "memcpy", "GLIBC_2.0");
	elf_object_free(e);
	if (with_closure) {
		struct analysis *a = analysis_new();
		struct closure_opts o = {0};
		char *t[] = {(char *)path};
		closure_build(a, &o, t, 1);
		analysis_free(a);
	}
}

static bool load(const char *path, unsigned char **ret, size_t *ret_len)
{
	char *d;
	if (read_file(path, 64 << 20, &d, ret_len) < 0) {
		/* The host's files may be missing; a sample that was built may not. */
		if (SAMPLES_BUILT && strncmp(path, SAMPLES_DIR "/", strlen(SAMPLES_DIR "/")) == 0)
			fail_msg("%s: cannot read", path);
		return false;
	}
	*ret = (unsigned char *)d;
	return true;
}

static void test_truncations(void **state)
{
	size_t tested = 0;
	for (size_t k = 0; k < ARRAY_SIZE(inputs); k++) {
		unsigned char *img;
		size_t len;
		char *p = path_join(tmpdir, "trunc");
		if (!load(inputs[k], &img, &len)) {
			free(p);
			continue;
		}
		/* Every offset of the first 512 bytes (headers), then 96 more
		 * spread over the file. */
		for (size_t off = 0; off < len; off += off < 512 ? 1 : MAX(len / 96, 1)) {
			write_file(p, img, off);
			exercise(p, off % 61 == 0);
			tested++;
		}
		free(img);
		free(p);
	}
	if (tested == 0)
		skip_test("none of the inputs could be read");
}

static void put(unsigned char *img, size_t len, size_t off, uint64_t v, unsigned width)
{
	for (unsigned i = 0; i < width && off + i < len; i++)
		img[off + i] = (unsigned char)(v >> (8 * i));
}

static void test_header_mutations(void **state)
{
	/* Little-endian field offsets for ELFCLASS32 / ELFCLASS64 headers:
	 * e_phoff, e_shoff, e_phentsize, e_phnum, e_shentsize, e_shnum,
	 * e_shstrndx. */
	static const struct {
		size_t off32, off64;
		unsigned w32, w64;
	} fields[] = {
		{28, 32, 4, 8}, {32, 40, 4, 8}, {42, 54, 2, 2}, {44, 56, 2, 2},
		{46, 58, 2, 2}, {48, 60, 2, 2}, {50, 62, 2, 2},
	};
	static const uint64_t values[] = {
		0, 1, 0x7f, 0xffff, 0xffffffff, 0x7fffffffffffffffULL, 0xfffffffffffffff0ULL};
	size_t tested = 0;

	for (size_t k = 0; k < ARRAY_SIZE(inputs); k++) {
		unsigned char *img, *m;
		size_t len;
		char *p = path_join(tmpdir, "mut");
		if (!load(inputs[k], &img, &len) || len < 64) {
			free(p);
			continue;
		}
		m = xmalloc(len);
		for (size_t f = 0; f < ARRAY_SIZE(fields); f++) {
			for (size_t v = 0; v < ARRAY_SIZE(values); v++) {
				bool is64 = img[4] == 2;
				memcpy(m, img, len);
				put(m, len, is64 ? fields[f].off64 : fields[f].off32, values[v],
				    is64 ? fields[f].w64 : fields[f].w32);
				write_file(p, m, len);
				exercise(p, v == 4);
				tested++;
			}
		}
		/* Program header fields of every header: offset, vaddr, filesz. */
		{
			bool is64 = img[4] == 2;
			uint64_t phoff = is64 ? *(uint64_t *)(img + 32) : *(uint32_t *)(img + 28);
			unsigned phent = is64 ? 56 : 32,
				 phnum = *(uint16_t *)(img + (is64 ? 56 : 44));
			for (unsigned i = 0; i < phnum && phoff + (i + 1) * phent <= len; i++) {
				size_t base = phoff + (size_t)i * phent;
				size_t offs[] = {is64 ? 8u : 4u, is64 ? 16u : 8u, is64 ? 32u : 16u};
				for (size_t fo = 0; fo < ARRAY_SIZE(offs); fo++) {
					memcpy(m, img, len);
					put(m, len, base + offs[fo], 0xfffffff0, is64 ? 8 : 4);
					write_file(p, m, len);
					exercise(p, false);
					tested++;
				}
			}
		}
		/* Deterministic byte flips over the first 16 KiB. */
		{
			uint32_t seed = 12345;
			for (int n = 0; n < 300; n++) {
				memcpy(m, img, len);
				for (int j = 0; j < 8; j++) {
					seed = seed * 1103515245 + 12345;
					m[(seed >> 8) % MIN(len, 16384)] ^=
						(unsigned char)(seed >> 3);
				}
				write_file(p, m, len);
				exercise(p, n % 50 == 0);
				tested++;
			}
		}
		free(m);
		free(img);
		free(p);
	}
	if (tested == 0)
		skip_test("none of the inputs could be read");
}

static int setup(void **state)
{
	(void)state;
	return tmpdir_make("badinput");
}

static int teardown(void **state)
{
	(void)state;
	return tmpdir_remove();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_truncations),
		cmocka_unit_test(test_header_mutations),
	};
	return skip_exit(cmocka_run_group_tests(tests, setup, teardown));
}
