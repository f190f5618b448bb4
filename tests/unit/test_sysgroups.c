// SPDX-License-Identifier: MIT
/* Group tables: the committed db/systemd/N.json against the raw
 * `systemd-analyze syscall-filter` dumps (read here by a separate, naive
 * reader), ABI filtering against libseccomp, the unknown-name check, the
 * loader's version choice, cycles and garbage. */
#include <errno.h>
#include <seccomp.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <json-c/json.h>

#include "cli.h"
#include "sysgroups.h"

/* The systemd-analyze dumps the tables were imported from (the shared/
 * folder beside the checkout). */
#define DUMP_DIR SHARED_DIR "/systemd"
#define DB_DIR SOURCE_DIR "/db"

static const struct {
	unsigned major;
	const char *dump;
} dumps[] = {
	{252, DUMP_DIR "/systemd-252.38-debian12.txt"},
	{257, DUMP_DIR "/systemd-257.13-debian13.txt"},
};

/* ---- an independent reader of the dump: "@x" starts a group, indented
 * lines not starting with '#' are members, anything else ends it ---- */
struct raw_group {
	char name[64];
	struct strv members;
};
struct raw_dump {
	struct raw_group g[64];
	size_t n;
};

static void raw_read(const char *path, struct raw_dump *d)
{
	FILE *f = fopen(path, "r");
	char buf[512];
	struct raw_group *cur = NULL;

	assert_non_null(f);
	memset(d, 0, sizeof(*d));
	while (fgets(buf, sizeof(buf), f)) {
		buf[strcspn(buf, "\n")] = 0;
		if (buf[0] == '@') {
			assert_true(d->n < 64);
			cur = &d->g[d->n++];
			snprintf(cur->name, sizeof(cur->name), "%.63s", buf);
		} else if (buf[0] == ' ' && cur) {
			char *s = buf + strspn(buf, " ");
			if (*s != '#')
				strv_push(&cur->members, s);
		} else {
			cur = NULL;
		}
	}
	fclose(f);
}

static void raw_free(struct raw_dump *d)
{
	for (size_t i = 0; i < d->n; i++)
		strv_clear(&d->g[i].members);
}

static void raw_expand(const struct raw_dump *d, const char *name, struct strv *out, int depth)
{
	assert_true(depth < 10);
	for (size_t i = 0; i < d->n; i++) {
		if (strcmp(d->g[i].name, name) != 0)
			continue;
		for (size_t j = 0; j < d->g[i].members.n; j++) {
			const char *m = d->g[i].members.v[j];
			if (m[0] == '@')
				raw_expand(d, m, out, depth + 1);
			else
				strv_push(out, m);
		}
	}
}

static void assert_strv_equal(const struct strv *a, const struct strv *b, const char *what)
{
	if (a->n != b->n)
		fprintf(stderr, "%s: %zu vs %zu names\n", what, a->n, b->n);
	for (size_t i = 0; i < MIN(a->n, b->n); i++)
		if (strcmp(a->v[i], b->v[i]) != 0) {
			fprintf(stderr, "%s: first difference %s vs %s\n", what, a->v[i], b->v[i]);
			break;
		}
	assert_int_equal(a->n, b->n);
	for (size_t i = 0; i < a->n; i++)
		assert_string_equal(a->v[i], b->v[i]);
}

static struct sysgroups *load(unsigned major)
{
	struct sysgroups *sg = NULL;

	assert_int_equal(sysgroups_load(DB_DIR, major, &sg), 0);
	assert_non_null(sg);
	return sg;
}

/* Every group of the committed table expands to what the raw dump says. */
static void test_db_matches_dump(void **state)
{
	for (size_t k = 0; k < ARRAY_SIZE(dumps); k++) {
		struct raw_dump raw;
		struct sysgroups *sg = load(dumps[k].major);

		if (access(dumps[k].dump, R_OK) != 0) {
			sysgroups_free(sg);
			skip();
		}
		raw_read(dumps[k].dump, &raw);
		assert_int_equal(sg->major, dumps[k].major);
		assert_null(sg->note);
		assert_int_equal(sg->n_groups, raw.n);
		for (size_t i = 0; i < raw.n; i++) {
			struct strv want = {0}, got = {0};
			raw_expand(&raw, raw.g[i].name, &want, 0);
			strv_sort_unique(&want);
			assert_int_equal(sysgroups_expand(sg, raw.g[i].name, NULL, &got), 0);
			assert_strv_equal(&got, &want, raw.g[i].name);
			strv_clear(&want);
			strv_clear(&got);
		}
		raw_free(&raw);
		sysgroups_free(sg);
	}
}

/* A name the local libseccomp resolves on an ABI (systemd-analyze's names). */
static bool known_here(const char *abi, const char *name)
{
	uint32_t arch = strcmp(abi, "x86") == 0 ? SCMP_ARCH_X86 : SCMP_ARCH_X86_64;
	int nr = seccomp_syscall_resolve_name_arch(arch, name);
	scmp_filter_ctx ctx;
	bool ok;

	if (nr >= 0)
		return true;
	/* -1: no such name; <= -10000: a pseudo number for a call that does
	 * not exist on this ABI. Between: a multiplexed call, filterable when
	 * libseccomp accepts a rule for it there (what systemd tries). */
	if (nr == __NR_SCMP_ERROR || nr <= -10000 || !(ctx = seccomp_init(SCMP_ACT_KILL)))
		return false;
	if (seccomp_arch_native() != arch) {
		seccomp_arch_add(ctx, arch);
		seccomp_arch_remove(ctx, SCMP_ARCH_NATIVE);
	}
	ok = seccomp_rule_add_exact(ctx, SCMP_ACT_ALLOW, nr, 0) == 0;
	seccomp_release(ctx);
	return ok;
}

/* Parsing the dump again gives the committed table, compared as JSON (json-c
 * 0.18 lays out whitespace differently from 0.16): every field equal except
 * the two that depend on the libseccomp of the import run. There the truth
 * is this libseccomp: every name the run calls unknown on an ABI must be
 * unresolvable here, and every name the committed table (made with another
 * libseccomp, e.g. 2.5.4 while Debian 13 has 2.6.0, which knows mseal...)
 * calls unknown but this run does not must resolve here. */
static void test_import_reproduces_db(void **state)
{
	for (size_t k = 0; k < ARRAY_SIZE(dumps); k++) {
		char *dump, *jpath, *tmpl, out[] = "/tmp/sgtest-XXXXXX";
		size_t len;
		int fd;
		char ver[16];
		struct options o = {.quiet = true};
		json_object *mine, *theirs, *um, *ut;
		char sub[] = "import-systemd";
		char *argv[] = {sub, (char *)dumps[k].dump, NULL};

		if (read_file(dumps[k].dump, 1u << 24, &dump, &len) < 0)
			skip();
		free(dump);
		fd = mkstemp(out);
		assert_true(fd >= 0);
		close(fd);
		snprintf(ver, sizeof(ver), "%u", dumps[k].major);
		o.db_version = ver;
		o.output = out;
		o.db_dir = "/nonexistent";
		assert_int_equal(verb_db(2, argv, &o), EXIT_OK);
		tmpl = xasprintf("%u.json", dumps[k].major);
		jpath = path_join(DB_DIR "/systemd", tmpl);
		theirs = json_object_from_file(jpath);
		mine = json_object_from_file(out);
		assert_non_null(theirs);
		assert_non_null(mine);
		json_object_object_foreach(theirs, key, val)
		{
			json_object *m = NULL;
			if (strcmp(key, "libseccomp_version") == 0 ||
			    strcmp(key, "unknown_to_libseccomp") == 0)
				continue;
			if (!json_object_object_get_ex(mine, key, &m) || !json_object_equal(m, val))
				fail_msg("%u.json: \"%s\" differs from the import", dumps[k].major,
					 key);
		}
		assert_int_equal(json_object_object_length(mine),
				 json_object_object_length(theirs));
		assert_true(json_object_object_get_ex(mine, "unknown_to_libseccomp", &um));
		assert_true(json_object_object_get_ex(theirs, "unknown_to_libseccomp", &ut));
		json_object_object_foreach(um, abi, names)
		{
			json_object *tn = NULL;
			for (size_t i = 0; i < json_object_array_length(names); i++) {
				const char *n =
					json_object_get_string(json_object_array_get_idx(names, i));
				if (known_here(abi, n))
					fail_msg("%s on %s: called unknown, but libseccomp "
						 "resolves it",
						 n, abi);
			}
			assert_true(json_object_object_get_ex(ut, abi, &tn));
			for (size_t i = 0; i < json_object_array_length(tn); i++) {
				const char *n =
					json_object_get_string(json_object_array_get_idx(tn, i));
				bool listed = false;
				for (size_t j = 0; j < json_object_array_length(names); j++)
					listed |= strcmp(n, json_object_get_string(
								    json_object_array_get_idx(
									    names, j))) == 0;
				if (!listed && !known_here(abi, n))
					fail_msg("%s on %s: unknown here but not listed", n, abi);
			}
		}
		json_object_put(mine);
		json_object_put(theirs);
		free(jpath);
		free(tmpl);
		unlink(out);
	}
}

struct member_case {
	unsigned major;
	const char *group;
	const char *name;
	bool in;
};

static const struct member_case member_cases[] = {
	{257, "@system-service", "openat", true},
	{257, "@system-service", "mount", false},
	{257, "@system-service", "ptrace", false},
	{257, "@system-service", "read", true},		    /* via @basic-io */
	{257, "@system-service", "execve", true},	    /* via @default */
	{257, "@default", "landlock_create_ruleset", true}, /* via @sandbox */
	{257, "@default", "seccomp", true},
	{252, "@default", "seccomp", false}, /* 252 has no @sandbox */
	{252, "@system-service", "openat", true},
	{252, "@mount", "mount", true},
	{257, "@mount", "open_tree", true},
	{257, "@privileged", "chown", true}, /* via @chown */
	{257, "@known", "modify_ldt", true},
	{257, "@obsolete", "_sysctl", true},
};

static void test_members(void **state)
{
	for (size_t i = 0; i < ARRAY_SIZE(member_cases); i++) {
		const struct member_case *c = &member_cases[i];
		struct sysgroups *sg = load(c->major);
		struct strv s = {0};
		assert_int_equal(sysgroups_expand(sg, c->group, NULL, &s), 0);
		if (sysgroups_sorted_contains(&s, c->name) != c->in)
			fail_msg("%u %s %s: expected %s", c->major, c->group, c->name,
				 c->in ? "in" : "out");
		strv_clear(&s);
		sysgroups_free(sg);
	}
	{
		struct sysgroups *sg = load(252);
		struct strv s = {0};
		assert_null(sysgroups_find(sg, "@sandbox"));
		assert_int_equal(sysgroups_expand(sg, "@sandbox", NULL, &s), -ENOENT);
		sysgroups_free(sg);
	}
}

/* Expansion for an ABI keeps exactly the names libseccomp resolves there. */
static void test_abi_filtering(void **state)
{
	struct sysgroups *sg = load(257);
	const struct arch_desc *x86 = &arch_table[ARCH_X86], *x64 = &arch_table[ARCH_X86_64];
	struct strv all = {0}, s64 = {0}, s32 = {0};

	assert_int_equal(sysgroups_expand(sg, "@system-service", NULL, &all), 0);
	assert_int_equal(sysgroups_expand(sg, "@system-service", x64, &s64), 0);
	assert_int_equal(sysgroups_expand(sg, "@system-service", x86, &s32), 0);
	for (size_t i = 0; i < all.n; i++) {
		/* x86-64 has no multiplexed calls: every real one is >= 0. */
		bool k64 = seccomp_syscall_resolve_name_arch(SCMP_ARCH_X86_64, all.v[i]) >= 0;
		assert_int_equal(sysgroups_sorted_contains(&s64, all.v[i]), k64);
	}
	/* Multiplexed on i386 (socketcall) but still filterable there. */
	assert_true(sysgroups_sorted_contains(&s32, "socket"));
	assert_true(sysgroups_sorted_contains(&s32, "mmap2"));
	assert_false(sysgroups_sorted_contains(&s64, "mmap2"));
	assert_true(sysgroups_sorted_contains(&s32, "socketcall"));
	assert_false(sysgroups_sorted_contains(&s64, "socketcall"));
	assert_true(sysgroups_sorted_contains(&s64, "arch_prctl"));
	/* libseccomp resolves recv() on x86-64 to a socketcall pseudo number,
	 * but a rule for it fails there (no socketcall on x86-64). */
	assert_true(seccomp_syscall_resolve_name_arch(SCMP_ARCH_X86_64, "recv") < -1);
	assert_false(sysgroups_known_on_abi("recv", x64));
	assert_true(sysgroups_known_on_abi("recv", x86));
	strv_clear(&all);
	strv_clear(&s64);
	strv_clear(&s32);
	sysgroups_free(sg);
}

static const char synthetic[] = "@a\n"
				"    # Group a\n"
				"    @b\n"
				"    bogus_call_xyz\n"
				"    mmap2\n"
				"    read\n"
				"\n"
				"@b\n"
				"    # Group b, includes a: a cycle\n"
				"    @a\n"
				"    @missing\n"
				"    write\n"
				"\n"
				"what is this\n"
				"# Ungrouped System Calls (known but not included):\n"
				"#   sethae\n";

static void test_unknown_and_cycles(void **state)
{
	struct sysgroups *sg = NULL;
	struct strv s = {0};
	bool bogus32 = false, bogus64 = false, mmap64 = false, mmap32 = false;

	assert_int_equal(sysgroups_parse_dump(synthetic, strlen(synthetic), "syn.txt", "300", &sg),
			 0);
	assert_int_equal(sg->n_groups, 2);
	assert_string_equal(sg->groups[0].description, "Group a");
	for (size_t i = 0; i < sg->n_unknown; i++) {
		const struct sysgroup_unknown *u = &sg->unknown[i];
		if (strcmp(u->name, "bogus_call_xyz") == 0) {
			assert_int_equal(u->line, 4);
			bogus32 |= u->abi->id == ARCH_X86;
			bogus64 |= u->abi->id == ARCH_X86_64;
		}
		if (strcmp(u->name, "mmap2") == 0) {
			assert_int_equal(u->line, 5);
			mmap32 |= u->abi->id == ARCH_X86;
			mmap64 |= u->abi->id == ARCH_X86_64;
		}
		assert_string_not_equal(u->name, "read");
	}
	assert_true(bogus32 && bogus64 && mmap64);
	assert_false(mmap32);
	/* The stray line is reported with its place. */
	assert_int_equal(sg->warnings.n, 1);
	assert_non_null(strstr(sg->warnings.v[0], "syn.txt:14:"));
	assert_int_equal(sg->n_lists, 1);
	assert_string_equal(sg->lists[0].name, "ungrouped");
	assert_string_equal(sg->lists[0].syscalls.v[0], "sethae");

	assert_int_equal(sysgroups_expand(sg, "@a", NULL, &s), 0);
	assert_int_equal(s.n, 4);
	strv_clear(&s);
	assert_int_equal(sysgroups_expand(sg, "@b", &arch_table[ARCH_X86_64], &s), 0);
	/* read, write; mmap2 and the bogus name are not on x86-64 */
	assert_int_equal(s.n, 2);
	strv_clear(&s);
	sysgroups_free(sg);

	/* And the committed 257 table lists names unknown per ABI. */
	sg = load(257);
	mmap64 = false;
	for (size_t i = 0; i < sg->n_unknown; i++)
		if (strcmp(sg->unknown[i].name, "mmap2") == 0 &&
		    sg->unknown[i].abi->id == ARCH_X86_64)
			mmap64 = true;
	assert_true(mmap64);
	sysgroups_free(sg);
}

static void test_loader_versions(void **state)
{
	static const struct {
		unsigned ask, got;
		bool note;
	} cases[] = {
		{257, 257, false}, {2570000, 257, false}, {2571300, 257, false}, {252, 252, false},
		{256, 252, true},  {300, 257, true},	  {247, 252, true},
	};
	struct sysgroups *sg = NULL;

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		assert_int_equal(sysgroups_load(DB_DIR, cases[i].ask, &sg), 0);
		assert_int_equal(sg->major, cases[i].got);
		assert_int_equal(sg->note != NULL, cases[i].note);
		sysgroups_free(sg);
	}
	assert_int_equal(sysgroups_load("/nonexistent", 257, &sg), -ENOENT);
	assert_int_equal(sysgroups_load_file("/nonexistent.json", &sg), -ENOENT);
}

static void test_garbage(void **state)
{
	static const char *const inputs[] = {
		"",
		"\n\n",
		"@",
		"@\n",
		"    member\n",
		"@x\n\0\0\n    read\n",
		"\xff\xfe@a\n  \n",
		"@a\n    # only a description\n",
	};
	unsigned seed = 1;
	char buf[4096];

	for (size_t i = 0; i < ARRAY_SIZE(inputs); i++) {
		struct sysgroups *sg = NULL;
		size_t len = strlen(inputs[i]);
		if (i == 5)
			len = 15;
		int r = sysgroups_parse_dump(inputs[i], len, "g.txt", "1", &sg);
		assert_true(r == 0 || r == -EBADMSG);
		sysgroups_free(sg);
	}
	for (int round = 0; round < 200; round++) {
		struct sysgroups *sg = NULL;
		for (size_t i = 0; i < sizeof(buf); i++) {
			seed = seed * 1103515245u + 12345u;
			buf[i] = "@# \n_ab~\\:\x01\xff"[(seed >> 16) % 12];
		}
		if (sysgroups_parse_dump(buf, sizeof(buf), "r.txt", "252", &sg) == 0) {
			struct strv s = {0};
			sysgroups_expand(sg, sg->groups[0].name, &arch_table[ARCH_X86], &s);
			strv_clear(&s);
		}
		sysgroups_free(sg);
	}
	{
		struct sysgroups *sg = NULL;
		assert_int_equal(sysgroups_parse_dump("@a\n", 3, "v.txt", "bad", &sg), -EINVAL);
	}
	/* Corrupt JSON tables are refused, not trusted. */
	{
		char path[] = "/tmp/sgjson-XXXXXX";
		int fd = mkstemp(path);
		struct sysgroups *sg = NULL;
		static const char *const js[] = {
			"{",
			"[]",
			"{\"schema\":\"seccompat-systemd-groups/1\"}",
			"{\"schema\":\"seccompat-systemd-groups/1\",\"systemd_version\":\"1\","
			"\"systemd_major\":1,\"groups\":{\"@a\":{\"includes\":[1],\"syscalls\":[]}}"
			"}",
		};
		assert_true(fd >= 0);
		close(fd);
		for (size_t i = 0; i < ARRAY_SIZE(js); i++) {
			FILE *f = fopen(path, "w");
			fputs(js[i], f);
			fclose(f);
			assert_int_equal(sysgroups_load_file(path, &sg), -EBADMSG);
		}
		unlink(path);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_db_matches_dump),
		cmocka_unit_test(test_import_reproduces_db),
		cmocka_unit_test(test_members),
		cmocka_unit_test(test_abi_filtering),
		cmocka_unit_test(test_unknown_and_cycles),
		cmocka_unit_test(test_loader_versions),
		cmocka_unit_test(test_garbage),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
