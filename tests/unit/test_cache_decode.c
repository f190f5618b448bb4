// SPDX-License-Identifier: MIT
/* The cache is untrusted input (issue 16): a summary whose length and
 * checksum are right (any writer of the cache directory can compute them)
 * but one field of which is out of range must be refused by the decoder,
 * with a warning, never handed to the engine. One row per rule of
 * analyzer/cache_sys.c: the field is set in a real summary (the engine's
 * own, of a sample), the summary stored the way the engine stores it, and
 * loading it must fail with -EBADMSG; the unchanged summary must load
 * (the control that makes each row able to fail). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "cache.h"
#include "elf.h"
#include "syscalls.h"
#include "util.h"
#include "skip.h"
#include "tmpdir.h"

#define SHA_A "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define SHA_B "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"

/* Samples whose summaries have every array non-empty between them, and
 * the kernel each is disassembled for (libnosys64.so's ENOSYS fallbacks
 * are cut on 6.12: struct sys_nosys). */
static const char *const samples[] = {
	SAMPLES_DIR "/srcds/bin/engine_srv.so", SAMPLES_DIR "/asm/libgates32.so",
	SAMPLES_DIR "/asm/libgates64.so",	SAMPLES_DIR "/sys/sockets64",
	SAMPLES_DIR "/asm/libnosys64.so",
};
static const unsigned kernels[ARRAY_SIZE(samples)] = {0, 0, 0, 0, 61200};

struct fixture {
	struct elf_object *elf;
	struct obj_syscalls *sys;
};

static struct fixture fx[ARRAY_SIZE(samples)];
static char dir[] = "/tmp/seccompat-cachedec-XXXXXX";

/* A change to one summary; returns false when the summary has nothing it
 * applies to. */
typedef bool (*patch_fn)(struct obj_syscalls *s);

static void set_byte(void *field, uint8_t v)
{
	memcpy(field, &v, 1);
}

static bool func_host(struct obj_syscalls *s)
{
	return s->n_funcs && (s->funcs[s->n_funcs - 1].host = (uint32_t)s->n_funcs, true);
}
static bool site_func(struct obj_syscalls *s)
{
	return s->n_sites && (s->sites[0].func = (uint32_t)s->n_funcs, true);
}
static bool site_gate(struct obj_syscalls *s)
{
	return s->n_sites && (s->sites[0].gate = SG_MAX, true);
}
static bool site_abi(struct obj_syscalls *s)
{
	return s->n_sites && (s->sites[0].abi = ARCH_MAX, true);
}
static bool site_nr_kind(struct obj_syscalls *s)
{
	return s->n_sites && (s->sites[0].nr.kind = SV_KIND_MAX, true);
}
static bool site_nr_count(struct obj_syscalls *s)
{
	return s->n_sites && (s->sites[0].nr.n = SYS_VAL_MAXC + 1, true);
}
static bool site_sub_param(struct obj_syscalls *s)
{
	if (!s->n_sites)
		return false;
	s->sites[0].args[0] = (struct sys_val){.kind = SV_PARAM, .id = SYS_P_MAX};
	return true;
}
static bool site_prot_kind(struct obj_syscalls *s)
{
	return s->n_sites && (s->sites[0].args[2].kind = 200, true);
}
static bool site_word_kind(struct obj_syscalls *s)
{
	return s->n_sites && (s->sites[0].arg1_word0.kind = SV_KIND_MAX, true);
}
static bool call_func(struct obj_syscalls *s)
{
	return s->n_calls && (s->calls[0].func = (uint32_t)s->n_funcs, true);
}
static bool call_kind(struct obj_syscalls *s)
{
	return s->n_calls && (s->calls[0].kind = SC_KIND_MAX, true);
}
static bool call_tail(struct obj_syscalls *s)
{
	return s->n_calls && (set_byte(&s->calls[0].tail, 2), true);
}
static bool call_weak(struct obj_syscalls *s)
{
	return s->n_calls && (set_byte(&s->calls[0].weak, 2), true);
}
static bool call_target(struct obj_syscalls *s)
{
	for (size_t i = 0; i < s->n_calls; i++)
		if (s->calls[i].kind == SC_LOCAL) {
			s->calls[i].target = (uint32_t)s->n_funcs;
			return true;
		}
	return false;
}
static bool call_snap(struct obj_syscalls *s)
{
	return s->n_calls && (s->calls[0].snap = (uint32_t)s->n_snaps + 1, true);
}
static bool call_n_snap(struct obj_syscalls *s)
{
	return s->n_calls && (s->calls[0].n_snap = UINT32_MAX, true);
}
static bool snap_param(struct obj_syscalls *s)
{
	return s->n_snaps && (s->snaps[0].param = SYS_P_MAX, true);
}
static bool snap_kind(struct obj_syscalls *s)
{
	return s->n_snaps && (s->snaps[0].kind = SV_KIND_MAX, true);
}
static bool snap_id(struct obj_syscalls *s)
{
	return s->n_snaps && (s->snaps[0].id = SYS_P_MAX, true);
}
static bool ref_from(struct obj_syscalls *s)
{
	return s->n_refs && (s->refs[0].from = (uint32_t)s->n_funcs, true);
}
static bool ref_to(struct obj_syscalls *s)
{
	return s->n_refs && (s->refs[0].to = UINT32_MAX, true);
}
static bool ref_via(struct obj_syscalls *s)
{
	return s->n_refs && (set_byte(&s->refs[0].via_data, 7), true);
}
static bool nosys_func(struct obj_syscalls *s)
{
	return s->n_nosys && (s->nosys[0].func = (uint32_t)s->n_funcs, true);
}
static bool head_sorted(struct obj_syscalls *s)
{
	return (s->n_sorted = s->n_funcs + 1, true);
}
static bool funcs_unsorted(struct obj_syscalls *s)
{
	uint64_t t;

	if (s->n_sorted < 2)
		return false;
	t = s->funcs[0].start;
	s->funcs[0].start = s->funcs[1].start;
	s->funcs[1].start = t;
	return s->funcs[0].start != s->funcs[1].start;
}

static const struct {
	const char *name;
	patch_fn patch;
} rows[] = {
	{"sys_func.host (issue 16: heap write in build_graph)", func_host},
	{"sys_site.func", site_func},
	{"sys_site.gate", site_gate},
	{"sys_site.abi", site_abi},
	{"sys_site.nr.kind", site_nr_kind},
	{"sys_site.nr.n", site_nr_count},
	{"sys_site.args[0]: parameter id", site_sub_param},
	{"sys_site.args[2].kind", site_prot_kind},
	{"sys_site.arg1_word0.kind", site_word_kind},
	{"sys_call.func", call_func},
	{"sys_call.kind", call_kind},
	{"sys_call.tail (bool)", call_tail},
	{"sys_call.weak (issue 16: bool load in do_unbound)", call_weak},
	{"sys_call.target of a local call", call_target},
	{"sys_call.snap", call_snap},
	{"sys_call.n_snap", call_n_snap},
	{"sys_snap.param", snap_param},
	{"sys_snap.kind", snap_kind},
	{"sys_snap.id", snap_id},
	{"sys_ref.from", ref_from},
	{"sys_ref.to", ref_to},
	{"sys_ref.via_data (bool)", ref_via},
	{"sys_nosys.func", nosys_func},
	{"n_sorted > n_funcs", head_sorted},
	{"functions out of order", funcs_unsorted},
};

/* A copy of s whose arrays the patch may change (names stay borrowed). */
static struct obj_syscalls *dup_sys(const struct obj_syscalls *s)
{
	struct obj_syscalls *d = xmalloc(sizeof(*d));

	*d = *s;
#define DUP(f)                                                                                     \
	do {                                                                                       \
		d->f = xmalloc(s->n_##f * sizeof(*s->f) + 1);                                      \
		if (s->n_##f)                                                                      \
			memcpy(d->f, s->f, s->n_##f * sizeof(*s->f));                              \
	} while (0)
	DUP(funcs);
	DUP(sites);
	DUP(calls);
	DUP(snaps);
	DUP(refs);
	DUP(gwrites);
	DUP(nosys);
#undef DUP
	return d;
}

/* Stores s under SHA_A and loads it back; returns cache_get_syscalls()'s
 * result and the number of warnings queued. */
static int round_trip(const struct fixture *f, const struct obj_syscalls *s, const char *get_sha,
		      size_t *ret_warnings)
{
	struct obj_syscalls *back = NULL;
	struct cache *c;
	int r;

	assert_int_equal(cache_open(dir, "test", "test", &c), 0);
	assert_int_equal(cache_put_syscalls(c, SHA_A, s), 0);
	if (strcmp(get_sha, SHA_A) != 0) {
		/* Another object's summary under this one's key. */
		void *data;
		size_t len;

		const char *kind = s->kernel_version ? "sys1-k61200" : "sys1";

		assert_int_equal(cache_get_blob(c, SHA_A, kind, &data, &len), 0);
		assert_int_equal(cache_put_blob(c, get_sha, kind, data, len), 0);
		free(data);
	}
	r = cache_get_syscalls(c, get_sha, f->elf, s->kernel_version, &back);
	*ret_warnings = cache_warnings(c)->n;
	obj_syscalls_free(back);
	cache_free(c);
	return r;
}

static void test_rules(void **state)
{
	size_t applied[ARRAY_SIZE(rows)] = {0}, warnings;

	skip_without_samples();
	for (size_t k = 0; k < ARRAY_SIZE(fx); k++) {
		if (!fx[k].sys)
			continue;
		/* control */
		assert_int_equal(round_trip(&fx[k], fx[k].sys, SHA_A, &warnings), 0);
		assert_int_equal(warnings, 0);
		assert_int_equal(round_trip(&fx[k], fx[k].sys, SHA_B, &warnings), -EBADMSG);
		assert_int_equal(warnings, 1);
		for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
			struct obj_syscalls *bad = dup_sys(fx[k].sys);

			if (rows[i].patch(bad)) {
				int r = round_trip(&fx[k], bad, SHA_A, &warnings);

				if (r != -EBADMSG || warnings != 1)
					fail_msg("%s: %s accepted (%d)", samples[k], rows[i].name,
						 r);
				applied[i]++;
			}
			obj_syscalls_free(bad);
		}
	}
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++)
		if (!applied[i])
			fail_msg("no sample exercised rule %s", rows[i].name);
}

/* Loads what samples there are; test_samples_present() judges. */
static int setup(void **state)
{
	if (!mkdtemp(dir))
		return -1;
	for (size_t i = 0; i < ARRAY_SIZE(samples); i++) {
		char *why = NULL;

		if (elf_object_open(samples[i], &fx[i].elf, &why) < 0) {
			free(why);
			continue;
		}
		/* On failure fx[i].sys stays NULL. */
		(void)sys_disasm_object_progress(fx[i].elf, kernels[i], NULL, NULL, &fx[i].sys);
	}
	return 0;
}

static int teardown(void **state)
{
	int r = tmpdir_remove_path(dir);

	for (size_t i = 0; i < ARRAY_SIZE(fx); i++) {
		obj_syscalls_free(fx[i].sys);
		elf_object_free(fx[i].elf);
	}
	return r;
}

static void test_samples_present(void **state)
{
	skip_without_samples();
	for (size_t i = 0; i < ARRAY_SIZE(fx); i++)
		if (!fx[i].sys)
			fail_msg("%s: not loaded", samples[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_samples_present),
		cmocka_unit_test(test_rules),
	};

	return skip_exit(cmocka_run_group_tests(tests, setup, teardown));
}
