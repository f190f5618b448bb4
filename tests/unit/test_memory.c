// SPDX-License-Identifier: MIT
/* Unit tests for what keeps the peak RSS down (issue 11): packed branch
 * states give back exactly the state they were made from, and dropping an
 * object's pages empties its mapping in the kernel's own count
 * (/proc/self/smaps) while its bytes stay what the file holds. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "elf.h"
#include "sys_val.h"
#include "util.h"

/* xorshift64: a fixed sequence, so a failure is reproducible. */
static uint64_t rnd(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static struct sys_val random_val(uint64_t *s)
{
	struct sys_val v = sv_top();

	switch (rnd(s) % 6) {
	case 0:
		v = (struct sys_val){.kind = SV_BOT};
		break;
	case 1:
		v = (struct sys_val){.kind = SV_CONST, .n = (uint8_t)(1 + rnd(s) % SYS_VAL_MAXC)};
		for (unsigned i = 0; i < v.n; i++)
			v.c[i] = (int64_t)rnd(s);
		break;
	case 2:
		v = sv_param((unsigned)(rnd(s) % SYS_P_MAX));
		break;
	case 3:
		v = sv_sp((unsigned)(rnd(s) % 4), (int64_t)(rnd(s) % 4096) - 2048);
		break;
	case 4: /* a syscall's result (ENOSYS fallbacks): its id says which */
		v = sv_sysret((enum sys_ret_form)(SVR_RAW + rnd(s) % 3), (unsigned)(rnd(s) % 1024));
		break;
	default:
		break;
	}
	return v;
}

static void random_state(uint64_t *s, struct sys_state *st)
{
	memset(st, 0, sizeof(*st));
	st->live = rnd(s) % 8 != 0;
	st->after_ret = rnd(s) % 2;
	st->params_clobbered = rnd(s) % 2;
	st->deref_ok = rnd(s) % 2;
	st->guard = (uint32_t)(rnd(s) % 3);
	st->flag_guard = (uint32_t)(rnd(s) % 3) << 20;
	st->ld_guard = (uint32_t)rnd(s);
	st->ld_reg = (uint8_t)(rnd(s) % SYS_NREGS);
	st->maybe_mask = (uint16_t)rnd(s);
	st->ngot_mask = (uint16_t)rnd(s);
	st->flag_nosys = (uint16_t)rnd(s);
	for (unsigned i = 0; i < SYS_NREGS; i++)
		if (st->maybe_mask & (1u << i))
			st->maybe[i] = (uint32_t)rnd(s);
	for (unsigned i = 0; i < SYS_NREGS; i++)
		st->r[i] = random_val(s);
	st->n_slots = (uint8_t)(rnd(s) % (SYS_STATE_SLOTS + 1));
	for (unsigned i = 0; i < st->n_slots; i++) {
		st->s[i].base = (uint16_t)(i % 3);
		st->s[i].off = (int32_t)(i * 8) - 64; /* distinct (base, off) */
		st->s[i].v = random_val(s);
	}
}

/* Field by field, what each kind of value reads. */
static void assert_same_state(const struct sys_state *a, const struct sys_state *b)
{
	assert_int_equal(a->live, b->live);
	assert_int_equal(a->after_ret, b->after_ret);
	assert_int_equal(a->params_clobbered, b->params_clobbered);
	assert_int_equal(a->deref_ok, b->deref_ok);
	assert_int_equal(a->n_slots, b->n_slots);
	assert_int_equal(a->guard, b->guard);
	assert_int_equal(a->flag_guard, b->flag_guard);
	assert_int_equal(a->ld_guard, b->ld_guard);
	assert_int_equal(a->ld_reg, b->ld_reg);
	assert_int_equal(a->maybe_mask, b->maybe_mask);
	assert_int_equal(a->ngot_mask, b->ngot_mask);
	assert_int_equal(a->flag_nosys, b->flag_nosys);
	for (unsigned i = 0; i < SYS_NREGS; i++)
		assert_int_equal(a->maybe[i], b->maybe[i]);
	for (unsigned i = 0; i < (unsigned)SYS_NREGS + a->n_slots; i++) {
		const struct sys_val *x = i < SYS_NREGS ? &a->r[i] : &a->s[i - SYS_NREGS].v;
		const struct sys_val *y = i < SYS_NREGS ? &b->r[i] : &b->s[i - SYS_NREGS].v;
		assert_int_equal(x->kind, y->kind);
		assert_int_equal(x->n, y->n);
		assert_int_equal(x->id, y->id);
		for (unsigned k = 0; k < SYS_VAL_MAXC; k++) {
			bool used =
				(x->kind == SV_CONST && k < x->n) || (x->kind == SV_SP && k == 0);
			if (used)
				assert_true(x->c[k] == y->c[k]);
			else
				assert_true(y->c[k] == 0); /* nothing left over */
		}
		if (i >= SYS_NREGS) {
			assert_int_equal(a->s[i - SYS_NREGS].base, b->s[i - SYS_NREGS].base);
			assert_int_equal(a->s[i - SYS_NREGS].off, b->s[i - SYS_NREGS].off);
		}
	}
	assert_true(sys_state_eq(a, b));
}

static void test_pack_roundtrip(void **state)
{
	uint64_t seed = 0x5eccc0a7u;
	struct sys_packed *p = NULL, *w = NULL;

	(void)state;
	for (int round = 0; round < 2000; round++) {
		struct sys_state st, back, tmp;
		random_state(&seed, &st);
		p = sys_state_pack(&st, p, false);
		assert_null(sys_packed_whole(p));
		assert_int_equal(sys_packed_live(p), st.live);
		memset(&back, 0xa5, sizeof(back)); /* unpack must overwrite it all */
		sys_state_unpack(p, &back);
		assert_same_state(&st, &back);
		assert_same_state(&st, sys_packed_view(p, &tmp));

		w = sys_state_pack(&st, w, true);
		assert_non_null(sys_packed_whole(w));
		assert_int_equal(sys_packed_live(w), st.live);
		assert_true(memcmp(sys_packed_whole(w), &st, sizeof(st)) == 0);
		assert_ptr_equal(sys_packed_view(w, &tmp), sys_packed_whole(w));
	}
	free(p);
	free(w);
	assert_false(sys_packed_live(NULL));
}

static void test_pack_same(void **state)
{
	uint64_t seed = 42;
	struct sys_state a, b;
	struct sys_packed *pa, *pb;

	(void)state;
	random_state(&seed, &a);
	a.live = true;
	b = a;
	pa = sys_state_pack(&a, NULL, false);
	pb = sys_state_pack(&b, NULL, false);
	assert_true(sys_packed_same(pa, pb));
	b.r[3] = sv_const(a.r[3].kind == SV_CONST ? a.r[3].c[0] + 1 : 7);
	pb = sys_state_pack(&b, pb, false);
	assert_false(sys_packed_same(pa, pb));
	free(pa);
	free(pb);
}

/* The point of packing: a state of unknowns with every slot in use (the
 * common shape inside big functions) takes well under a quarter of the
 * whole struct. */
static void test_pack_size(void **state)
{
	struct sys_state st = {.live = true, .n_slots = SYS_STATE_SLOTS};
	struct sys_packed *p, *q;

	(void)state;
	for (unsigned i = 0; i < SYS_NREGS; i++)
		st.r[i] = sv_top();
	for (unsigned i = 0; i < SYS_STATE_SLOTS; i++)
		st.s[i] = (struct sys_slot){.base = 0, .off = (int32_t)i * 8, .v = sv_top()};
	p = sys_state_pack(&st, NULL, false);
	assert_true(sys_packed_bytes(p) * 4 < sizeof(struct sys_state));
	/* Packing again into memory that is big enough does not move it. */
	q = sys_state_pack(&st, p, false);
	assert_ptr_equal(p, q);
	/* Whole, it is the struct and a header. */
	q = sys_state_pack(&st, q, true);
	assert_true(sys_packed_bytes(q) >= sizeof(struct sys_state));
	free(q);
}

/* Resident KiB of the mapping that holds addr, from /proc/self/smaps. */
static long mapping_rss_kib(const void *addr)
{
	FILE *f = fopen("/proc/self/smaps", "re");
	char line[512];
	bool in = false;
	long rss = -1;

	assert_non_null(f);
	while (fgets(line, sizeof(line), f)) {
		unsigned long lo, hi;
		if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2 &&
		    strchr(line, '-') < strchr(line, ' ')) {
			in = (uintptr_t)addr >= lo && (uintptr_t)addr < hi;
			continue;
		}
		if (in && sscanf(line, "Rss: %ld kB", &rss) == 1)
			break;
	}
	fclose(f);
	return rss;
}

static void test_drop_pages(void **state)
{
	const char *path = SAMPLES_DIR "/srcds/bin/libtier0_srv.so";
	struct elf_object *o = NULL;
	char before[65], after[65];
	char *why = NULL;

	(void)state;
	if (elf_object_open(path, &o, &why) < 0) {
		free(why);
		path = "/bin/sh";
		assert_int_equal(elf_object_open(path, &o, &why), 0);
	}
	assert_true(o->image_mapped); /* libelf mapped the file */
	assert_int_equal(sha256_hex(o->image, o->size, before), 0);
	assert_true(mapping_rss_kib(o->image) > 0);
	elf_object_drop_pages(o);
	assert_int_equal(mapping_rss_kib(o->image), 0);
	/* The bytes come back from the file. */
	assert_int_equal(sha256_hex(o->image, o->size, after), 0);
	assert_string_equal(before, after);
	assert_true(mapping_rss_kib(o->image) > 0);
	elf_object_free(o);
	elf_object_drop_pages(NULL); /* harmless */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pack_roundtrip),
		cmocka_unit_test(test_pack_same),
		cmocka_unit_test(test_pack_size),
		cmocka_unit_test(test_drop_pages),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
