// SPDX-License-Identifier: MIT
/* Abstract values and states of the syscall engine (sys_val.h). */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "sys_val.h"

bool sv_eq(const struct sys_val *a, const struct sys_val *b)
{
	if (a->kind != b->kind)
		return false;
	switch (a->kind) {
	case SV_CONST:
		if (a->n != b->n)
			return false;
		for (unsigned i = 0; i < a->n; i++)
			if (a->c[i] != b->c[i])
				return false;
		return true;
	case SV_PARAM:
		return a->id == b->id;
	case SV_SP:
		return a->id == b->id && a->c[0] == b->c[0];
	case SV_TOP:
		return a->id == b->id; /* sv_nogot() */
	default:
		return true;
	}
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

void sv_norm(struct sys_val *v)
{
	unsigned n = 0;

	if (v->kind != SV_CONST)
		return;
	qsort(v->c, v->n, sizeof(v->c[0]), cmp_i64);
	for (unsigned i = 0; i < v->n; i++)
		if (n == 0 || v->c[n - 1] != v->c[i])
			v->c[n++] = v->c[i];
	v->n = n;
}

struct sys_val sv_join(struct sys_val a, const struct sys_val *b)
{
	if (b->kind == SV_BOT)
		return a;
	if (a.kind == SV_BOT)
		return *b;
	if (a.kind == SV_CONST && b->kind == SV_CONST) {
		for (unsigned i = 0; i < b->n; i++) {
			bool have = false;
			for (unsigned j = 0; j < a.n; j++)
				have |= a.c[j] == b->c[i];
			if (have)
				continue;
			if (a.n == SYS_VAL_MAXC)
				return sv_top();
			a.c[a.n++] = b->c[i];
		}
		sv_norm(&a);
		return a;
	}
	return sv_eq(&a, b) ? a : sv_top();
}

struct sys_val sys_state_default(const struct sys_state *st, unsigned w, unsigned base, int64_t off)
{
	if (base == 0 && off >= (int64_t)w && !st->params_clobbered && (off % w) == 0 &&
	    (off - w) / w < SYS_STACK_ARGS)
		return sv_param(SYS_P_STACK + (unsigned)((off - w) / w));
	return sv_top();
}

int sys_state_find(const struct sys_state *st, unsigned base, int64_t off)
{
	for (unsigned i = 0; i < st->n_slots; i++)
		if (st->s[i].base == base && st->s[i].off == off)
			return (int)i;
	return -1;
}

struct sys_val sys_state_load(const struct sys_state *st, unsigned w, const struct sys_val *addr)
{
	int i;

	if (addr->kind != SV_SP)
		return sv_top();
	i = sys_state_find(st, addr->id, addr->c[0]);
	if (i >= 0)
		return st->s[i].v;
	return sys_state_default(st, w, addr->id, addr->c[0]);
}

void sys_state_store(struct sys_state *st, const struct sys_val *addr, struct sys_val v)
{
	int i;

	if (addr->kind != SV_SP)
		return;
	i = sys_state_find(st, addr->id, addr->c[0]);
	if (i < 0) {
		if (st->n_slots == SYS_STATE_SLOTS) {
			memmove(&st->s[0], &st->s[1], (SYS_STATE_SLOTS - 1) * sizeof(st->s[0]));
			st->n_slots--;
			st->params_clobbered = true;
		}
		i = st->n_slots++;
		st->s[i].base = addr->id;
		st->s[i].off = (int32_t)addr->c[0];
	}
	st->s[i].v = v;
}

void sys_state_clobber_range(struct sys_state *st, unsigned base, int64_t lo, int64_t hi)
{
	unsigned n = 0;

	for (unsigned i = 0; i < st->n_slots; i++) {
		if (st->s[i].base == base && st->s[i].off >= lo && st->s[i].off < hi)
			continue;
		st->s[n++] = st->s[i];
	}
	st->n_slots = n;
	if (base == 0 && hi > 0)
		st->params_clobbered = true;
}

void sys_state_entry(struct sys_state *st, bool known_entry, unsigned sp)
{
	memset(st, 0, sizeof(*st));
	st->live = true;
	for (unsigned i = 0; i < SYS_NREGS; i++)
		st->r[i] = known_entry ? sv_param(i) : sv_top();
	st->r[sp] = sv_sp(0, 0);
	st->params_clobbered = !known_entry;
	st->deref_ok = known_entry;
}

/* Register r may hold the tag of a guard of set g (sys_guard_set()). */
static void maybe_add(struct sys_state *st, unsigned r, uint32_t g)
{
	if (st->maybe_mask & (1u << r)) {
		st->maybe[r] |= g;
		return;
	}
	st->maybe_mask |= (uint16_t)(1u << r);
	st->maybe[r] = g;
}

void sys_state_lose_tag(struct sys_state *st, unsigned r)
{
	uint32_t g = sv_tag(&st->r[r]);

	if (g)
		maybe_add(st, r, sys_guard_set(g));
}

void sys_state_join(struct sys_state *dst, const struct sys_state *src, unsigned w)
{
	struct sys_state tmp;

	if (!src->live)
		return;
	if (!dst->live) {
		*dst = *src;
		return;
	}
	for (unsigned i = 0; i < SYS_NREGS; i++) {
		uint32_t a = sv_tag(&dst->r[i]), b = sv_tag(&src->r[i]);
		dst->r[i] = sv_join(dst->r[i], &src->r[i]);
		if (src->maybe_mask & (1u << i))
			maybe_add(dst, i, src->maybe[i]);
		if ((a || b) && sv_tag(&dst->r[i]) != (a ? a : b))
			maybe_add(dst, i, sys_guard_set(a) | sys_guard_set(b));
	}
	tmp = *dst;
	tmp.params_clobbered = dst->params_clobbered || src->params_clobbered;
	tmp.deref_ok = dst->deref_ok && src->deref_ok;
	tmp.ngot_mask = dst->ngot_mask & src->ngot_mask;
	/* A guard holds where it holds on every path that meets here. */
	if (dst->guard != src->guard)
		tmp.guard = 0;
	if (dst->flag_guard != src->flag_guard)
		tmp.flag_guard = 0;
	if (dst->ld_guard != src->ld_guard || dst->ld_reg != src->ld_reg)
		tmp.ld_guard = 0;
	if (dst->flag_nosys != src->flag_nosys)
		tmp.flag_nosys = 0;
	tmp.n_slots = 0;
	for (unsigned i = 0; i < dst->n_slots; i++) {
		int j = sys_state_find(src, dst->s[i].base, dst->s[i].off);
		struct sys_val other =
			j >= 0 ? src->s[j].v
			       : sys_state_default(src, w, dst->s[i].base, dst->s[i].off);
		tmp.s[tmp.n_slots] = dst->s[i];
		tmp.s[tmp.n_slots++].v = sv_join(dst->s[i].v, &other);
	}
	for (unsigned i = 0; i < src->n_slots && tmp.n_slots < SYS_STATE_SLOTS; i++) {
		if (sys_state_find(dst, src->s[i].base, src->s[i].off) >= 0)
			continue;
		struct sys_val mine = sys_state_default(dst, w, src->s[i].base, src->s[i].off);
		tmp.s[tmp.n_slots] = src->s[i];
		tmp.s[tmp.n_slots++].v = sv_join(mine, &src->s[i].v);
	}
	*dst = tmp;
}

bool sys_state_eq(const struct sys_state *a, const struct sys_state *b)
{
	if (a->live != b->live || a->n_slots != b->n_slots ||
	    a->params_clobbered != b->params_clobbered || a->deref_ok != b->deref_ok ||
	    a->maybe_mask != b->maybe_mask || a->ngot_mask != b->ngot_mask ||
	    a->guard != b->guard || a->flag_guard != b->flag_guard || a->ld_guard != b->ld_guard ||
	    a->flag_nosys != b->flag_nosys || (a->ld_guard && a->ld_reg != b->ld_reg))
		return false;
	for (unsigned i = 0; i < SYS_NREGS; i++)
		if (!sv_eq(&a->r[i], &b->r[i]) ||
		    ((a->maybe_mask & (1u << i)) && a->maybe[i] != b->maybe[i]))
			return false;
	for (unsigned i = 0; i < a->n_slots; i++) {
		int j = sys_state_find(b, a->s[i].base, a->s[i].off);
		if (j < 0 || !sv_eq(&a->s[i].v, &b->s[j].v))
			return false;
	}
	return true;
}

void sys_state_widen(struct sys_state *st, const struct sys_state *prev)
{
	for (unsigned i = 0; i < SYS_NREGS; i++)
		if (!sv_eq(&st->r[i], &prev->r[i])) {
			sys_state_lose_tag(st, i);
			if (sv_tag(&prev->r[i]))
				maybe_add(st, i, sys_guard_set(sv_tag(&prev->r[i])));
			st->r[i] = sv_top();
		}
	for (unsigned i = 0; i < st->n_slots; i++) {
		int j = sys_state_find(prev, st->s[i].base, st->s[i].off);
		if (j < 0 || !sv_eq(&st->s[i].v, &prev->s[j].v))
			st->s[i].v = sv_top();
	}
	if (st->n_slots != prev->n_slots)
		st->params_clobbered = true;
	st->ngot_mask &= prev->ngot_mask;
	if (st->guard != prev->guard)
		st->guard = 0;
	if (st->flag_guard != prev->flag_guard)
		st->flag_guard = 0;
	if (st->ld_guard != prev->ld_guard || st->ld_reg != prev->ld_reg)
		st->ld_guard = 0;
	if (st->flag_nosys != prev->flag_nosys)
		st->flag_nosys = 0;
}

/* ------------------------------------------------------------------ */
/* Packed states: the header, then per register and per slot (base, off
 * first) the value's kind, n and id, then its constants. */

struct sys_packed {
	uint32_t size, cap; /* bytes of b */
	uint32_t whole;	    /* b is a struct sys_state */
	uint32_t pad;
	unsigned char b[];
};
_Static_assert(offsetof(struct sys_packed, b) % _Alignof(struct sys_state) == 0,
	       "a whole state sits at b");

/* 8 bytes, the three guards, ngot_mask and 2 spare; the maybe[] words follow. */
enum {
	PACK_HEAD = 24
};

static unsigned val_consts(const struct sys_val *v)
{
	return v->kind == SV_CONST ? MIN(v->n, SYS_VAL_MAXC) : v->kind == SV_SP ? 1 : 0;
}

static size_t val_size(const struct sys_val *v)
{
	return 4 + val_consts(v) * sizeof(int64_t);
}

static unsigned char *put_val(unsigned char *p, const struct sys_val *v)
{
	unsigned k = val_consts(v);

	p[0] = v->kind;
	p[1] = v->n;
	memcpy(p + 2, &v->id, 2);
	for (unsigned i = 0; i < k; i++)
		memcpy(p + 4 + i * sizeof(int64_t), &v->c[i], sizeof(int64_t));
	return p + 4 + k * sizeof(int64_t);
}

static const unsigned char *get_val(const unsigned char *p, struct sys_val *v)
{
	unsigned k;

	v->kind = p[0];
	v->n = p[1];
	memcpy(&v->id, p + 2, 2);
	k = val_consts(v);
	for (unsigned i = 0; i < SYS_VAL_MAXC; i++)
		if (i < k)
			memcpy(&v->c[i], p + 4 + i * sizeof(int64_t), sizeof(int64_t));
		else
			v->c[i] = 0;
	return p + 4 + k * sizeof(int64_t);
}

struct sys_packed *sys_state_pack(const struct sys_state *st, struct sys_packed *old, bool whole)
{
	size_t n = PACK_HEAD;
	unsigned char *p;

	if (whole) {
		n = sizeof(*st);
	} else {
		n += 4 * (size_t)__builtin_popcount(st->maybe_mask);
		for (unsigned i = 0; i < SYS_NREGS; i++)
			n += val_size(&st->r[i]);
		for (unsigned i = 0; i < st->n_slots; i++)
			n += 2 + 4 + val_size(&st->s[i].v);
	}
	if (!old || old->cap < n) {
		free(old);
		old = xmalloc(sizeof(*old) + n);
		old->cap = (uint32_t)n;
	}
	old->size = (uint32_t)n;
	old->whole = whole;
	if (whole) {
		memcpy(old->b, st, sizeof(*st));
		return old;
	}
	p = old->b;
	p[0] = st->live;
	p[1] = st->after_ret;
	p[2] = st->params_clobbered;
	p[3] = st->deref_ok;
	p[4] = st->n_slots;
	p[5] = st->ld_reg;
	memcpy(p + 6, &st->maybe_mask, 2);
	memcpy(p + 8, &st->guard, 4);
	memcpy(p + 12, &st->flag_guard, 4);
	memcpy(p + 16, &st->ld_guard, 4);
	memcpy(p + 20, &st->ngot_mask, 2);
	memcpy(p + 22, &st->flag_nosys, 2);
	p += PACK_HEAD;
	for (unsigned i = 0; i < SYS_NREGS; i++)
		if (st->maybe_mask & (1u << i)) {
			memcpy(p, &st->maybe[i], 4);
			p += 4;
		}
	for (unsigned i = 0; i < SYS_NREGS; i++)
		p = put_val(p, &st->r[i]);
	for (unsigned i = 0; i < st->n_slots; i++) {
		memcpy(p, &st->s[i].base, 2);
		memcpy(p + 2, &st->s[i].off, 4);
		p = put_val(p + 6, &st->s[i].v);
	}
	return old;
}

void sys_state_unpack(const struct sys_packed *pk, struct sys_state *st)
{
	const unsigned char *p = pk->b;

	if (pk->whole) {
		memcpy(st, pk->b, sizeof(*st));
		return;
	}

	/* Every value is written whole (unused constants zero); slots past
	 * n_slots are never read. */
	st->live = p[0];
	st->after_ret = p[1];
	st->params_clobbered = p[2];
	st->deref_ok = p[3];
	st->n_slots = p[4];
	st->ld_reg = p[5];
	memcpy(&st->maybe_mask, p + 6, 2);
	memcpy(&st->guard, p + 8, 4);
	memcpy(&st->flag_guard, p + 12, 4);
	memcpy(&st->ld_guard, p + 16, 4);
	memcpy(&st->ngot_mask, p + 20, 2);
	memcpy(&st->flag_nosys, p + 22, 2);
	p += PACK_HEAD;
	for (unsigned i = 0; i < SYS_NREGS; i++) {
		st->maybe[i] = 0;
		if (st->maybe_mask & (1u << i)) {
			memcpy(&st->maybe[i], p, 4);
			p += 4;
		}
	}
	for (unsigned i = 0; i < SYS_NREGS; i++)
		p = get_val(p, &st->r[i]);
	for (unsigned i = 0; i < st->n_slots; i++) {
		memcpy(&st->s[i].base, p, 2);
		memcpy(&st->s[i].off, p + 2, 4);
		p = get_val(p + 6, &st->s[i].v);
	}
}

struct sys_state *sys_packed_whole(struct sys_packed *p)
{
	return p && p->whole ? (struct sys_state *)(void *)p->b : NULL;
}

const struct sys_state *sys_packed_view(const struct sys_packed *p, struct sys_state *tmp)
{
	if (p->whole)
		return (const struct sys_state *)(const void *)p->b;
	sys_state_unpack(p, tmp);
	return tmp;
}

size_t sys_packed_bytes(const struct sys_packed *p)
{
	return sizeof(*p) + p->size;
}

bool sys_packed_live(const struct sys_packed *p)
{
	if (!p)
		return false;
	return p->whole ? ((const struct sys_state *)(const void *)p->b)->live : p->b[0];
}

bool sys_packed_same(const struct sys_packed *a, const struct sys_packed *b)
{
	return a->size == b->size && memcmp(a->b, b->b, a->size) == 0;
}
