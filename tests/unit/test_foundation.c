// SPDX-License-Identifier: MIT
/* Unit tests for the foundation: path expansion, ld.so.cache parsing (checked
 * against `ldconfig -p`), the arch table (checked against libseccomp). */
#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <errno.h>
#include <seccomp.h>

#include "arch.h"
#include "closure.h"
#include "ldcache.h"
#include "util.h"

static void test_expand_dst(void **state)
{
	static const struct {
		const char *in, *origin, *arch, *out;
	} cases[] = {
		{"$ORIGIN", "/srv/l4d2/bin", "x86", "/srv/l4d2/bin"},
		{"${ORIGIN}/../lib", "/a/b", "x86", "/a/b/../lib"},
		{"$ORIGIN/$LIB", "/o", "x86-64", "/o/lib64"},
		{"/opt/$PLATFORM/x", "/o", "x86", "/opt/i686/x"},
		{"/usr/$LIB", "/o", "x86", "/usr/lib"},
		{"$ORIGINAL", "/o", "x86", NULL}, /* unknown token: entry dropped */
		{"$FOO/bar", "/o", "x86", NULL},
		{"/plain/dir", "/o", "x86", "/plain/dir"},
		{"", "/o", "x86", ""},
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		char *r = closure_expand_dst(cases[i].in, cases[i].origin,
					     arch_from_name(cases[i].arch));
		if (!cases[i].out) {
			assert_null(r);
		} else {
			assert_non_null(r);
			assert_string_equal(r, cases[i].out);
		}
		free(r);
	}
}

static void test_path_normalize(void **state)
{
	static const char *const cases[][2] = {
		{"/a/./b/../c", "/a/c"}, {"a/b/../../..", ".."}, {"/../x", "/x"},
		{"./bin", "bin"},	 {"//a//b/", "/a/b"},	 {".", "."},
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		char *r = path_normalize(cases[i][0]);
		assert_string_equal(r, cases[i][1]);
		free(r);
	}
}

static void test_strv_join(void **state)
{
	struct strv s = {0};
	char *j;

	(void)state;
	j = strv_join(&s, ", ");
	assert_string_equal(j, "");
	free(j);
	strv_push(&s, "statx");
	j = strv_join(&s, ", ");
	assert_string_equal(j, "statx");
	free(j);
	strv_push(&s, "");
	strv_push(&s, "faccessat2");
	j = strv_join(&s, ", ");
	assert_string_equal(j, "statx, , faccessat2");
	free(j);
	strv_clear(&s);
}

static void test_parse_version(void **state)
{
	unsigned v;
	assert_int_equal(parse_version("257", &v), 0);
	assert_int_equal(v, 2570000);
	assert_int_equal(parse_version("6.12", &v), 0);
	assert_int_equal(v, 61200);
	assert_int_equal(parse_version("6.3.1", &v), 0);
	assert_int_equal(v, 60301);
	assert_true(parse_version("6.x", &v) < 0);
	assert_true(parse_version("", &v) < 0);
	assert_true(parse_version("1.2.3.4", &v) < 0);
}

/* The table's libseccomp arch for each ABI is what libseccomp itself calls
 * that ABI; the host entry is libseccomp's native arch. */
static void test_arch_table_vs_libseccomp(void **state)
{
	static const struct {
		const char *systemd, *libseccomp;
	} names[] = {
		{"x86", "x86"},	      {"x86-64", "x86_64"}, {"x32", "x32"},	     {"arm", "arm"},
		{"arm64", "aarch64"}, {"s390x", "s390x"},   {"ppc64-le", "ppc64le"},
	};
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		const struct arch_desc *d = arch_from_name(names[i].systemd);
		assert_non_null(d);
		assert_int_equal(d->scmp_arch, seccomp_arch_resolve_name(names[i].libseccomp));
		assert_ptr_equal(arch_from_elf(d->machine, d->elf_class), d);
	}
	assert_int_equal(arch_host()->scmp_arch, seccomp_arch_native());
	assert_string_equal(arch_from_name("i386")->name, "x86");
	assert_null(arch_from_name("vax"));
}

/* SHA-256 against FIPS 180-2's examples and coreutils' sha256sum of a
 * file here. */
static void test_sha256(void **state)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
		{"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
		{"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
		{"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
		 "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
	};
	char out[65], line[256], *data = NULL;
	size_t len = 0;
	FILE *p;
	(void)state;

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		assert_int_equal(sha256_hex(cases[i].in, strlen(cases[i].in), out), 0);
		assert_string_equal(out, cases[i].want);
	}
	assert_int_equal(read_file("/bin/sh", 64 << 20, &data, &len), 0);
	assert_int_equal(sha256_hex(data, len, out), 0);
	p = popen("sha256sum /bin/sh", "r");
	assert_non_null(p);
	assert_non_null(fgets(line, sizeof(line), p));
	assert_int_equal(pclose(p), 0);
	line[64] = '\0';
	assert_string_equal(out, line);
	free(data);
}

/* The "(system search path)" directories `LOADER --help` prints, into out;
 * false when the loader is not installed. */
static bool loader_dirs(const char *loader, struct strv *out)
{
	char *cmd, line[4096];
	FILE *p;

	if (access(loader, X_OK) != 0)
		return false;
	cmd = xasprintf("'%s' --help 2>/dev/null", loader);
	p = popen(cmd, "r");
	free(cmd);
	assert_non_null(p);
	while (fgets(line, sizeof(line), p)) {
		char dir[4096];
		if (sscanf(line, " %4095s (system search path)", dir) == 1 &&
		    strstr(line, "(system search path)"))
			strv_push(out, dir);
	}
	assert_int_equal(pclose(p), 0);
	return true;
}

/* The default directories of each ABI are those its Debian ld.so searches,
 * as the installed loader itself prints them. x86-64 exactly (Debian's
 * ld.so searches no /lib64). x86 is the union of Debian's two i386 loaders,
 * libc6:i386 (multiarch dirs) and libc6-i386 (/lib32, gcc-multilib), which
 * share the path /lib/ld-linux.so.2: the installed one's dirs are all in
 * it. */
static void test_default_dirs_vs_ld_so(void **state)
{
	static const struct {
		const char *abi, *loader;
		bool exact;
	} cases[] = {
		{"x86-64", "/lib64/ld-linux-x86-64.so.2", true},
		{"x86", "/lib/ld-linux.so.2", false},
	};
	size_t checked = 0;
	(void)state;

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct arch_desc *d = arch_from_name(cases[i].abi);
		struct strv got = {0};
		size_t n_ours = 0;
		if (!loader_dirs(cases[i].loader, &got))
			continue;
		assert_true(got.n > 0);
		for (size_t k = 0; k < got.n; k++) {
			bool found = false;
			for (const char *const *dir = d->default_dirs; *dir; dir++)
				found = found || strcmp(*dir, got.v[k]) == 0;
			if (!found)
				fail_msg("%s: ld.so searches %s, the table does not", cases[i].abi,
					 got.v[k]);
		}
		for (const char *const *dir = d->default_dirs; *dir; dir++) {
			n_ours++;
			if (cases[i].exact && !strv_contains(&got, *dir))
				fail_msg("%s: the table searches %s, ld.so does not", cases[i].abi,
					 *dir);
		}
		if (cases[i].exact)
			assert_int_equal(n_ours, got.n);
		strv_clear(&got);
		checked++;
	}
	if (!checked)
		skip();
}

/* Our parse of this machine's /etc/ld.so.cache lists the same (soname,
 * path) pairs as glibc's own `ldconfig -p`. */
static void test_ldcache_vs_ldconfig(void **state)
{
	struct ldcache *c = NULL;
	FILE *p;
	char line[4096];
	size_t n_ldconfig = 0;
	int r = ldcache_load("/etc/ld.so.cache", &c);

	if (r == -ENOENT)
		skip();
	assert_int_equal(r, 0);
	p = popen("ldconfig -p 2>/dev/null || /sbin/ldconfig -p", "r");
	assert_non_null(p);
	while (fgets(line, sizeof(line), p)) {
		char key[1024], path[2048];
		bool found = false;
		/* "\tlibfoo.so.1 (libc6,x86-64) => /lib/x86_64-linux-gnu/libfoo.so.1" */
		if (sscanf(line, " %1023s (%*[^)]) => %2047s", key, path) != 2)
			continue;
		n_ldconfig++;
		for (size_t i = 0; i < c->n && !found; i++)
			found = strcmp(c->entries[i].key, key) == 0 &&
				strcmp(c->entries[i].value, path) == 0;
		if (!found)
			fail_msg("ldconfig -p lists %s => %s, our parse does not", key, path);
	}
	pclose(p);
	assert_true(n_ldconfig > 0);
	assert_int_equal(n_ldconfig, c->n);
	ldcache_free(c);
}

/* GROW keeps every index below `need` reachable; SHRINK leaves exactly the
 * used elements, keeps their values, and does nothing for 0 or a full array
 * (ASan reports an access past the shrunken size). */
static void test_grow_shrink(void **state)
{
	(void)state;
	int *a = NULL;
	size_t cap = 0;

	for (size_t i = 0; i < 100; i++) {
		GROW(a, cap, i);
		assert_true(cap > i);
		a[i] = (int)i * 3;
	}
	assert_true(cap >= 100);
	SHRINK(a, cap, 37);
	assert_int_equal(cap, 37);
	for (size_t i = 0; i < 37; i++)
		assert_int_equal(a[i], (int)i * 3);
	SHRINK(a, cap, 37);
	assert_int_equal(cap, 37);
	SHRINK(a, cap, 0);
	assert_int_equal(cap, 37);
	GROW(a, cap, 37);
	assert_true(cap > 37);
	assert_int_equal(a[36], 108);
	free(a);
}

/* u64map: rows of puts, then gets; a later put of a key replaces its value,
 * absent keys (0 included) give UINT32_MAX, growth keeps every entry. */
static void test_u64map(void **state)
{
	static const struct {
		uint64_t k;
		uint32_t v;
	} rows[] = {
		{0x401000, 1},		{0x401010, 2}, {UINT64_MAX, 3},
		{1ULL << 40 | 0x10, 4}, {0x401000, 5}, /* replaces 1 */
	};
	struct u64map m = {0};

	(void)state;
	assert_int_equal(u64map_get(&m, 0x401000), UINT32_MAX);
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++)
		u64map_put(&m, rows[i].k, rows[i].v);
	assert_int_equal(m.n, 4);
	assert_int_equal(u64map_get(&m, 0x401000), 5);
	assert_int_equal(u64map_get(&m, 0x401010), 2);
	assert_int_equal(u64map_get(&m, UINT64_MAX), 3);
	assert_int_equal(u64map_get(&m, 1ULL << 40 | 0x10), 4);
	assert_int_equal(u64map_get(&m, 0x10), UINT32_MAX);
	assert_int_equal(u64map_get(&m, 0), UINT32_MAX);
	for (uint32_t i = 0; i < 1000; i++)
		u64map_put(&m, 0x800000 + 16 * (uint64_t)i, i);
	for (uint32_t i = 0; i < 1000; i++)
		assert_int_equal(u64map_get(&m, 0x800000 + 16 * (uint64_t)i), i);
	assert_int_equal(u64map_get(&m, 0x401010), 2);
	u64map_free(&m);
	assert_int_equal(u64map_get(&m, 0x401010), UINT32_MAX);
	u64map_free(&m);
}

static void test_ldcache_rejects_garbage(void **state)
{
	static const char junk[] = "glibc-ld.so.cache1.1\xff\xff\xff\xff garbage";
	struct ldcache *c = NULL;
	char buf[64] = "glibc-ld.so.cache1.1";
	assert_true(ldcache_parse(junk, sizeof(junk), &c) < 0);
	assert_true(ldcache_parse("ld.so-1.7.0", 11, &c) < 0);
	assert_true(ldcache_parse("", 0, &c) < 0);
	/* A well-formed empty header parses to zero entries. */
	assert_int_equal(ldcache_parse(buf, 48, &c), 0);
	assert_int_equal(c->n, 0);
	ldcache_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_expand_dst),
		cmocka_unit_test(test_path_normalize),
		cmocka_unit_test(test_parse_version),
		cmocka_unit_test(test_strv_join),
		cmocka_unit_test(test_arch_table_vs_libseccomp),
		cmocka_unit_test(test_default_dirs_vs_ld_so),
		cmocka_unit_test(test_sha256),
		cmocka_unit_test(test_ldcache_vs_ldconfig),
		cmocka_unit_test(test_ldcache_rejects_garbage),
		cmocka_unit_test(test_grow_shrink),
		cmocka_unit_test(test_u64map),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
