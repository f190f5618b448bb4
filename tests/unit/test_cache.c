// SPDX-License-Identifier: MIT
/* cache.c: round trips, keys (sha256, kind, tool and data versions), corrupt
 * and foreign entries ignored with one warning, atomic replacement under
 * concurrent writers, and the default directory rules. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "cache.h"
#include "elf.h"
#include "syscalls.h"
#include "skip.h"
#include "tmpdir.h"

#define SHA_A "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define SHA_B "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

static char *mkdtemp_dir(void)
{
	char *d = xstrdup("/tmp/seccompat-cache-test.XXXXXX");

	assert_non_null(mkdtemp(d));
	return d;
}

static void rm_rf(const char *dir)
{
	assert_int_equal(tmpdir_remove_path(dir), 0);
}

/* The one entry file of (sha, kind) under dir/v1/, found without cache.c. */
static char *entry_file(const char *dir, const char *sha, const char *kind)
{
	char *cmd = xasprintf("ls %s/v1/%.2s/%s.%s.*.json 2>/dev/null", dir, sha, sha, kind);
	FILE *p = popen(cmd, "r");
	char line[4096];
	char *out = NULL;

	assert_non_null(p);
	if (fgets(line, sizeof(line), p)) {
		line[strcspn(line, "\n")] = '\0';
		out = xstrdup(line);
	}
	pclose(p);
	free(cmd);
	return out;
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void test_round_trip(void **state)
{
	char *dir = mkdtemp_dir();
	struct cache *c;
	json_object *v = json_tokener_parse("{\"x86\": [\"read\", \"chroot\"], \"n\": 2}"), *got;
	size_t hits, misses, bad;

	(void)state;
	assert_int_equal(cache_open(dir, "0.1.0", "db1", &c), 0);
	assert_int_equal(cache_get(c, SHA_A, "syscalls", &got), -ENOENT);
	assert_int_equal(cache_put(c, SHA_A, "syscalls", v), 0);
	assert_int_equal(cache_get(c, SHA_A, "syscalls", &got), 0);
	assert_true(json_object_equal(v, got));
	json_object_put(got);
	/* Other kinds and other contents are other entries. */
	assert_int_equal(cache_get(c, SHA_A, "facts", &got), -ENOENT);
	assert_int_equal(cache_get(c, SHA_B, "syscalls", &got), -ENOENT);
	/* Replacing works and leaves no temporary file behind. */
	assert_int_equal(cache_put(c, SHA_A, "syscalls", v), 0);
	{
		char *cmd = xasprintf("test -z \"$(find %s -name '.tmp*')\"", dir);
		assert_int_equal(system(cmd), 0);
		free(cmd);
	}
	cache_stats(c, &hits, &misses, &bad);
	assert_int_equal(hits, 1);
	assert_int_equal(misses, 3);
	assert_int_equal(bad, 0);
	assert_int_equal(cache_warnings(c)->n, 0);
	cache_free(c);
	json_object_put(v);
	rm_rf(dir);
	free(dir);
}

static void test_versions_are_part_of_the_key(void **state)
{
	char *dir = mkdtemp_dir();
	struct cache *c, *other_tool, *other_db;
	json_object *v = json_object_new_int(7), *got;

	(void)state;
	assert_int_equal(cache_open(dir, "0.1.0", "db1", &c), 0);
	assert_int_equal(cache_put(c, SHA_A, "syscalls", v), 0);
	assert_int_equal(cache_open(dir, "0.2.0", "db1", &other_tool), 0);
	assert_int_equal(cache_open(dir, "0.1.0", "db2", &other_db), 0);
	/* A newer tool or other data files miss, silently: no warning. */
	assert_int_equal(cache_get(other_tool, SHA_A, "syscalls", &got), -ENOENT);
	assert_int_equal(cache_get(other_db, SHA_A, "syscalls", &got), -ENOENT);
	assert_int_equal(cache_warnings(other_tool)->n + cache_warnings(other_db)->n, 0);
	cache_free(other_tool);
	cache_free(other_db);
	cache_free(c);
	json_object_put(v);
	rm_rf(dir);
	free(dir);
}

struct damage {
	const char *name;
	const char *text; /* NULL: truncate the real entry to half */
};

static const struct damage damages[] = {
	{"truncated", NULL},
	{"garbage", "\x01\x02 not json"},
	{"empty", ""},
	{"an array", "[1, 2]"},
	{"other format",
	 "{\"format\": \"other/1\", \"tool\": \"0.1.0\", \"db\": \"db1\", \"sha256\": \"" SHA_A
	 "\", \"kind\": \"syscalls\", \"value\": 1}"},
	{"other content",
	 "{\"format\": \"seccompat-cache/1\", \"tool\": \"0.1.0\", \"db\": \"db1\","
	 "\"sha256\": \"" SHA_B "\", \"kind\": \"syscalls\", \"value\": 1}"},
	{"other kind", "{\"format\": \"seccompat-cache/1\", \"tool\": \"0.1.0\", \"db\": \"db1\","
		       "\"sha256\": \"" SHA_A "\", \"kind\": \"facts\", \"value\": 1}"},
	{"no value", "{\"format\": \"seccompat-cache/1\", \"tool\": \"0.1.0\", \"db\": \"db1\","
		     "\"sha256\": \"" SHA_A "\", \"kind\": \"syscalls\"}"},
};

static void test_corrupt_and_foreign_entries(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(damages) / sizeof(damages[0]); i++) {
		char *dir = mkdtemp_dir(), *file;
		struct cache *c;
		json_object *v = json_tokener_parse("{\"x86\": [\"read\"]}"), *got = NULL;

		assert_int_equal(cache_open(dir, "0.1.0", "db1", &c), 0);
		assert_int_equal(cache_put(c, SHA_A, "syscalls", v), 0);
		file = entry_file(dir, SHA_A, "syscalls");
		assert_non_null(file);
		if (damages[i].text) {
			write_file(file, damages[i].text);
		} else {
			struct stat st;
			assert_int_equal(stat(file, &st), 0);
			assert_int_equal(truncate(file, st.st_size / 2), 0);
		}
		if (cache_get(c, SHA_A, "syscalls", &got) != -EBADMSG)
			fail_msg("%s entry not refused", damages[i].name);
		assert_null(got);
		/* One warning, one line, naming the entry's file. */
		assert_int_equal(cache_warnings(c)->n, 1);
		assert_non_null(strstr(cache_warnings(c)->v[0], file));
		assert_null(strchr(cache_warnings(c)->v[0], '\n'));
		/* Recomputed and stored again, the entry is good. */
		assert_int_equal(cache_put(c, SHA_A, "syscalls", v), 0);
		assert_int_equal(cache_get(c, SHA_A, "syscalls", &got), 0);
		assert_true(json_object_equal(v, got));
		json_object_put(got);
		cache_free(c);
		json_object_put(v);
		rm_rf(dir);
		free(dir);
		free(file);
	}
}

static size_t count_files(const char *dir)
{
	char *cmd = xasprintf("find %s -type f | wc -l", dir);
	FILE *p = popen(cmd, "r");
	unsigned long n = 0;

	assert_non_null(p);
	assert_int_equal(fscanf(p, "%lu", &n), 1);
	pclose(p);
	free(cmd);
	return n;
}

/* Runs the shell SCRIPT with $f the one file matching GLOB; it must succeed. */
static void on_entry(const char *glob, const char *script)
{
	char *cmd = xasprintf("f=$(ls %s) && %s", glob, script);

	assert_int_equal(system(cmd), 0);
	free(cmd);
}

static void test_blobs(void **state)
{
	char *dir = mkdtemp_dir(), *file;
	struct cache *c, *newer;
	unsigned char data[10000];
	void *got;
	size_t len;

	(void)state;
	/* Incompressible: the stored payload is as long as the data. */
	srand(7);
	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (unsigned char)rand();
	assert_int_equal(cache_open(dir, "0.1.0", "db1", &c), 0);
	assert_int_equal(cache_get_blob(c, SHA_A, "sys1", &got, &len), -ENOENT);
	assert_int_equal(cache_put_blob(c, SHA_A, "sys1", data, sizeof(data)), 0);
	assert_int_equal(cache_get_blob(c, SHA_A, "sys1", &got, &len), 0);
	assert_int_equal(len, sizeof(data));
	assert_memory_equal(got, data, sizeof(data));
	free(got);
	/* An empty payload is a payload. */
	assert_int_equal(cache_put_blob(c, SHA_B, "sys1", data, 0), 0);
	assert_int_equal(cache_get_blob(c, SHA_B, "sys1", &got, &len), 0);
	assert_int_equal(len, 0);
	free(got);

	/* One byte of the payload flipped: the checksum refuses it. */
	file = xasprintf("%s/v1/aa/%s.sys1.*.bin", dir, SHA_A);
	on_entry(
		file,
		"test $(stat -c %s \"$f\") -gt 10000 && printf '\\377' | "
		"dd of=\"$f\" bs=1 seek=$(($(stat -c %s \"$f\") - 5000)) conv=notrunc status=none");
	assert_int_equal(cache_get_blob(c, SHA_A, "sys1", &got, &len), -EBADMSG);
	assert_int_equal(cache_warnings(c)->n, 1);
	/* Cut short: refused too. */
	assert_int_equal(cache_put_blob(c, SHA_A, "sys1", data, sizeof(data)), 0);
	on_entry(file, "truncate -s -1 \"$f\"");
	assert_int_equal(cache_get_blob(c, SHA_A, "sys1", &got, &len), -EBADMSG);
	assert_int_equal(cache_warnings(c)->n, 2);
	/* A header whose length disagrees with the compressed frame's: refused
	 * before anything is allocated for it. */
	assert_int_equal(cache_put_blob(c, SHA_A, "sys1", data, sizeof(data)), 0);
	on_entry(file, "sed -i '1s/\"length\":10000,/\"length\":9999,/' \"$f\" && "
		       "head -n 1 \"$f\" | grep -q '\"length\":9999,'");
	assert_int_equal(cache_get_blob(c, SHA_A, "sys1", &got, &len), -EBADMSG);
	assert_int_equal(cache_warnings(c)->n, 3);
	/* Repetitive data, as engine summaries are, is stored compressed. */
	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (unsigned char)(i % 48 < 8 ? i : 0);
	assert_int_equal(cache_put_blob(c, SHA_A, "sys1", data, sizeof(data)), 0);
	on_entry(file, "test $(stat -c %s \"$f\") -lt 2500");
	assert_int_equal(cache_get_blob(c, SHA_A, "sys1", &got, &len), 0);
	assert_int_equal(len, sizeof(data));
	assert_memory_equal(got, data, sizeof(data));
	free(got);
	free(file);

	/* Another tool version replaces the entries it rewrites, it does not
	 * pile up beside them. */
	assert_int_equal(cache_put_blob(c, SHA_A, "sys1", data, sizeof(data)), 0);
	assert_int_equal(count_files(dir), 2);
	assert_int_equal(cache_open(dir, "0.2.0", "db1", &newer), 0);
	assert_int_equal(cache_put_blob(newer, SHA_A, "sys1", data, sizeof(data)), 0);
	assert_int_equal(count_files(dir), 2);
	assert_int_equal(cache_get_blob(c, SHA_A, "sys1", &got, &len), -ENOENT);
	assert_int_equal(cache_get_blob(newer, SHA_A, "sys1", &got, &len), 0);
	free(got);
	cache_free(newer);
	cache_free(c);
	rm_rf(dir);
	free(dir);
}

/* Engine summaries of real objects survive the round trip exactly, and
 * damaged payloads (with a valid checksum, so decode() sees them) are
 * refused or decoded, never trusted into a crash. */
static void check_same(const struct obj_syscalls *a, const struct obj_syscalls *b)
{
	assert_int_equal(a->n_funcs, b->n_funcs);
	assert_int_equal(a->n_sorted, b->n_sorted);
	assert_int_equal(a->n_sites, b->n_sites);
	assert_int_equal(a->n_calls, b->n_calls);
	assert_int_equal(a->n_snaps, b->n_snaps);
	assert_int_equal(a->n_refs, b->n_refs);
	assert_int_equal(a->n_insns, b->n_insns);
	assert_ptr_equal(a->arch, b->arch);
	for (size_t i = 0; i < a->n_funcs; i++) {
		const struct sys_func *x = &a->funcs[i], *y = &b->funcs[i];

		assert_int_equal(x->start, y->start);
		assert_int_equal(x->end, y->end);
		assert_int_equal(x->flags, y->flags);
		assert_true((!x->name && !y->name) || strcmp(x->name, y->name) == 0);
		assert_true((!x->plt_import && !y->plt_import) ||
			    strcmp(x->plt_import, y->plt_import) == 0);
	}
	for (size_t i = 0; i < a->n_calls; i++) {
		const struct sys_call *x = &a->calls[i], *y = &b->calls[i];

		assert_int_equal(x->vaddr, y->vaddr);
		assert_int_equal(x->kind, y->kind);
		assert_int_equal(x->target, y->target);
		assert_true((!x->import && !y->import) || strcmp(x->import, y->import) == 0);
		/* Equal pointers stay equal: the engine binds imports by pointer. */
		for (size_t j = 0; j < i && j < 200; j++)
			assert_true((a->calls[j].import == x->import) ==
				    (b->calls[j].import == y->import));
	}
	assert_memory_equal(a->sites, b->sites, a->n_sites * sizeof(*a->sites));
	assert_memory_equal(a->snaps, b->snaps, a->n_snaps * sizeof(*a->snaps));
	assert_memory_equal(a->refs, b->refs, a->n_refs * sizeof(*a->refs));
}

static void test_syscall_summaries(void **state)
{
	static const char *const objs[] = {"/srcds/bin/engine_srv.so", "/jit/jit64",
					   "/srcds/srcds_linux"};
	char *dir;
	struct cache *c;

	(void)state;
	skip_without_samples();
	dir = mkdtemp_dir();
	assert_int_equal(cache_open(dir, "0.1.0", "db1", &c), 0);
	for (size_t k = 0; k < sizeof(objs) / sizeof(objs[0]); k++) {
		char *path = xasprintf("%s%s", SAMPLES_DIR, objs[k]), *why = NULL, *data, hash[65];
		struct elf_object *elf;
		struct obj_syscalls *orig = NULL, *back = NULL;
		void *pristine;
		size_t len;

		if (elf_object_open(path, &elf, &why) < 0)
			fail_msg("%s: %s", path, why ? why : "?");
		assert_int_equal(sys_disasm_object(elf, &orig), 0);
		assert_int_equal(sha256_hex(path, strlen(path), hash), 0);
		assert_int_equal(cache_put_syscalls(c, hash, orig), 0);
		assert_int_equal(cache_get_syscalls(c, hash, elf, 0, &back), 0);
		check_same(orig, back);
		obj_syscalls_free(back);

		/* Damage: random bytes of the payload, stored with a valid
		 * checksum. */
		assert_int_equal(cache_get_blob(c, hash, "sys1", &pristine, &len), 0);
		data = xmalloc(len);
		srand(42 + (unsigned)k);
		for (int round = 0; round < 300; round++) {
			int r;

			memcpy(data, pristine, len);
			for (int m = 0; m < 1 + round % 8; m++)
				data[(size_t)rand() % len] = (char)rand();
			if (round % 50 == 49) /* cut short */
				assert_int_equal(cache_put_blob(c, hash, "sys1", data, len / 2), 0);
			else
				assert_int_equal(cache_put_blob(c, hash, "sys1", data, len), 0);
			back = NULL;
			r = cache_get_syscalls(c, hash, elf, 0, &back);
			assert_true(r == 0 || r == -EBADMSG);
			obj_syscalls_free(back);
		}
		free(data);
		free(pristine);
		obj_syscalls_free(orig);
		elf_object_free(elf);
		free(path);
	}
	cache_free(c);
	rm_rf(dir);
	free(dir);
}

/* A summary made for a kernel (its ENOSYS fallbacks cut, syscalls.h
 * struct sys_nosys) is found for that kernel only, and keeps its cuts. */
static void test_kernel_summaries(void **state)
{
	char *dir = NULL, *path = xasprintf("%s/asm/libnosys64.so", SAMPLES_DIR), *why = NULL;
	char hash[65];
	struct elf_object *elf;
	struct obj_syscalls *orig = NULL, *back = NULL;
	struct cache *c;

	(void)state;
	skip_without_samples();
	dir = mkdtemp_dir();
	assert_int_equal(cache_open(dir, "0.1.0", "db1", &c), 0);
	if (elf_object_open(path, &elf, &why) < 0)
		fail_msg("%s: %s", path, why ? why : "?");
	assert_int_equal(sys_disasm_object_progress(elf, 61200, NULL, NULL, &orig), 0);
	assert_true(orig->n_nosys >= 3);
	assert_int_equal(sha256_hex(path, strlen(path), hash), 0);
	assert_int_equal(cache_put_syscalls(c, hash, orig), 0);
	assert_int_equal(cache_get_syscalls(c, hash, elf, 0, &back), -ENOENT);
	assert_int_equal(cache_get_syscalls(c, hash, elf, 50800, &back), -ENOENT);
	assert_int_equal(cache_get_syscalls(c, hash, elf, 61200, &back), 0);
	check_same(orig, back);
	assert_int_equal(back->kernel_version, 61200);
	assert_int_equal(back->n_nosys, orig->n_nosys);
	for (size_t i = 0; i < orig->n_nosys; i++) {
		assert_int_equal(back->nosys[i].vaddr, orig->nosys[i].vaddr);
		assert_int_equal(back->nosys[i].func, orig->nosys[i].func);
		assert_int_equal(back->nosys[i].nr, orig->nosys[i].nr);
	}
	obj_syscalls_free(back);
	obj_syscalls_free(orig);
	elf_object_free(elf);
	free(path);
	cache_free(c);
	rm_rf(dir);
	free(dir);
}

static void test_bad_keys(void **state)
{
	char *dir = mkdtemp_dir();
	struct cache *c;
	json_object *v = json_object_new_int(1), *got;

	(void)state;
	assert_int_equal(cache_open(dir, "0.1.0", "db1", &c), 0);
	assert_int_equal(cache_put(c, "../../etc", "syscalls", v), -EINVAL);
	assert_int_equal(cache_put(c, SHA_A, "../x", v), -EINVAL);
	assert_int_equal(cache_put(c, SHA_A, "", v), -EINVAL);
	assert_int_equal(cache_get(c, "ABCD", "syscalls", &got), -EINVAL);
	/* A NULL cache is a cache that always misses. */
	assert_int_equal(cache_get(NULL, SHA_A, "syscalls", &got), -ENOENT);
	assert_int_equal(cache_put(NULL, SHA_A, "syscalls", v), 0);
	cache_free(NULL);
	cache_free(c);
	json_object_put(v);
	rm_rf(dir);
	free(dir);
}

/* Writers racing on one entry: every read sees a whole entry of one of
 * them (rename replaces atomically), never a torn file. */
static void test_concurrent_writers(void **state)
{
	char *dir = mkdtemp_dir();
	struct cache *c;
	pid_t kids[4];
	int bad_reads = 0;

	(void)state;
	assert_int_equal(cache_open(dir, "0.1.0", "db1", &c), 0);
	for (int k = 0; k < 4; k++) {
		kids[k] = fork();
		assert_true(kids[k] >= 0);
		if (kids[k] == 0) {
			struct cache *mine;
			json_object *v = json_object_new_array();

			/* Big enough that a torn write would show. */
			for (int i = 0; i < 2000; i++)
				json_object_array_add(v, json_object_new_int(k));
			if (cache_open(dir, "0.1.0", "db1", &mine) < 0)
				_exit(1);
			for (int i = 0; i < 50; i++)
				if (cache_put(mine, SHA_A, "syscalls", v) < 0)
					_exit(1);
			_exit(0);
		}
	}
	for (int i = 0; i < 200; i++) {
		json_object *got = NULL;
		int r = cache_get(c, SHA_A, "syscalls", &got);

		if (r == -EBADMSG)
			bad_reads++;
		if (r == 0) {
			size_t n = json_object_array_length(got);
			int first = json_object_get_int(json_object_array_get_idx(got, 0));

			if (n != 2000)
				bad_reads++;
			for (size_t j = 0; j < n; j++)
				if (json_object_get_int(json_object_array_get_idx(got, j)) != first)
					bad_reads++;
			json_object_put(got);
		}
	}
	for (int k = 0; k < 4; k++) {
		int st;

		assert_int_equal(waitpid(kids[k], &st, 0), kids[k]);
		assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	}
	assert_int_equal(bad_reads, 0);
	{
		json_object *got = NULL;

		assert_int_equal(cache_get(c, SHA_A, "syscalls", &got), 0);
		assert_int_equal(json_object_array_length(got), 2000);
		json_object_put(got);
	}
	cache_free(c);
	rm_rf(dir);
	free(dir);
}

static void test_default_dir(void **state)
{
	char *old_xdg = getenv("XDG_CACHE_HOME") ? xstrdup(getenv("XDG_CACHE_HOME")) : NULL;
	char *old_home = getenv("HOME") ? xstrdup(getenv("HOME")) : NULL;
	char *d;

	(void)state;
	setenv("XDG_CACHE_HOME", "/x/cache", 1);
	d = cache_default_dir();
	assert_string_equal(d, "/x/cache/seccompat");
	free(d);
	/* The XDG base directory spec: relative paths are invalid, ignored. */
	setenv("XDG_CACHE_HOME", "rel/cache", 1);
	setenv("HOME", "/home/u", 1);
	d = cache_default_dir();
	assert_string_equal(d, "/home/u/.cache/seccompat");
	free(d);
	unsetenv("XDG_CACHE_HOME");
	d = cache_default_dir();
	assert_string_equal(d, "/home/u/.cache/seccompat");
	free(d);
	if (old_xdg)
		setenv("XDG_CACHE_HOME", old_xdg, 1);
	if (old_home)
		setenv("HOME", old_home, 1);
	free(old_xdg);
	free(old_home);
}

static void test_db_fingerprint(void **state)
{
	char *dir = mkdtemp_dir(), *sub = path_join(dir, "libc"), *f = path_join(sub, "x.json");
	char *a, *b, *c;

	(void)state;
	assert_int_equal(mkdir(sub, 0755), 0);
	write_file(f, "{\"v\": 1}");
	a = cache_db_fingerprint(dir);
	b = cache_db_fingerprint(dir);
	write_file(f, "{\"v\": 2}");
	c = cache_db_fingerprint(dir);
	assert_string_equal(a, b);
	assert_string_not_equal(a, c);
	assert_int_equal(strlen(a), 64);
	free(a);
	free(b);
	free(c);
	a = cache_db_fingerprint("/nonexistent/db");
	assert_string_equal(a, "none");
	free(a);
	rm_rf(dir);
	free(dir);
	free(sub);
	free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_versions_are_part_of_the_key),
		cmocka_unit_test(test_corrupt_and_foreign_entries),
		cmocka_unit_test(test_blobs),
		cmocka_unit_test(test_syscall_summaries),
		cmocka_unit_test(test_kernel_summaries),
		cmocka_unit_test(test_bad_keys),
		cmocka_unit_test(test_concurrent_writers),
		cmocka_unit_test(test_default_dir),
		cmocka_unit_test(test_db_fingerprint),
	};

	return skip_exit(cmocka_run_group_tests(tests, NULL, NULL));
}
