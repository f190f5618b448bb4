// SPDX-License-Identifier: MIT
/* The syscall engine's per-object summaries (struct obj_syscalls) as cache
 * blobs. Arrays of plain structs are stored as they are: the cache key
 * includes the build of the tool (see cache_open()'s callers), so the
 * layout that reads them is the one that wrote them. Pointers (function and
 * import names, borrowed from the ELF string tables) become indices into a
 * string table; equal pointers get equal indices, so pointer identity, which
 * the engine's import binding relies on, survives the round trip.
 *
 * The cache is untrusted input: its checksum catches damage, not forgery,
 * and anyone who can write the directory (a --cache DIR shared by CI jobs,
 * restored from an artifact) can write an entry. So an entry names the
 * object it describes (its sha256, checked against the key), and every
 * count, index, enum, bool and string of it is checked before the engine
 * sees it; the rules are the tables below. An entry that fails is refused,
 * with a warning, and the object recomputed.
 *
 * Adding to struct obj_syscalls: a new array is an SA_ value and its
 * ARRAY_DESC row (named f, n_f, cap_f); a new field of an element that
 * holds a name, an index, an enum, a bool or a value set is one row of
 * `rules`; a new scalar is a blob_head field. */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cache.h"
#include "model.h"
#include "syscalls.h"

#define SYS_KIND "sys1"
#define MAGIC 0x33534353u /* "SCS3" */
#define NO_STR UINT32_MAX

/* The arrays of struct obj_syscalls, in blob order. */
enum sys_array {
	SA_FUNCS,
	SA_SITES,
	SA_CALLS,
	SA_SNAPS,
	SA_REFS,
	SA_GWRITES,
	SA_NOSYS,
	SA_MAX
};

struct array_desc {
	size_t ptr, n, cap; /* offsets of the array, its count and capacity */
	size_t elem;	    /* element size */
};

#define ARRAY_DESC(f)                                                                              \
	{                                                                                          \
		offsetof(struct obj_syscalls, f), offsetof(struct obj_syscalls, n_##f),            \
			offsetof(struct obj_syscalls, cap_##f),                                    \
			sizeof(*((struct obj_syscalls *)0)->f)                                     \
	}

static const struct array_desc arrays[SA_MAX] = {
	[SA_FUNCS] = ARRAY_DESC(funcs), [SA_SITES] = ARRAY_DESC(sites),
	[SA_CALLS] = ARRAY_DESC(calls), [SA_SNAPS] = ARRAY_DESC(snaps),
	[SA_REFS] = ARRAY_DESC(refs),	[SA_GWRITES] = ARRAY_DESC(gwrites),
	[SA_NOSYS] = ARRAY_DESC(nosys),
};

/* What a field of an array element must satisfy on load. */
enum rule_kind {
	RULE_STR,   /* a name: string index + 1 in the blob, 0 for NULL */
	RULE_BELOW, /* an enum or bool: < limit */
	RULE_INDEX, /* an index into array `limit` */
	RULE_VAL,   /* a struct sys_val */
	RULE_KIND_MAX
};

struct field_rule {
	enum sys_array array;
	enum rule_kind kind;
	size_t off, size;
	uint64_t limit;
};

#define FIELD(a, T, f, k, lim)                                                                     \
	{                                                                                          \
		a, k, offsetof(T, f), sizeof(((T *)0)->f), lim                                     \
	}
#define STR(a, T, f) FIELD(a, T, f, RULE_STR, 0)
#define BELOW(a, T, f, lim) FIELD(a, T, f, RULE_BELOW, lim)
#define BOOL(a, T, f) FIELD(a, T, f, RULE_BELOW, 2)
#define INDEX(a, T, f, into) FIELD(a, T, f, RULE_INDEX, into)
#define VAL(a, T, f) FIELD(a, T, f, RULE_VAL, 0)

static const struct field_rule rules[] = {
	STR(SA_FUNCS, struct sys_func, name),
	STR(SA_FUNCS, struct sys_func, plt_import),
	STR(SA_FUNCS, struct sys_func, plt_version),
	INDEX(SA_FUNCS, struct sys_func, host, SA_FUNCS),
	INDEX(SA_SITES, struct sys_site, func, SA_FUNCS),
	BELOW(SA_SITES, struct sys_site, gate, SG_MAX),
	BELOW(SA_SITES, struct sys_site, abi, ARCH_MAX),
	VAL(SA_SITES, struct sys_site, nr),
	VAL(SA_SITES, struct sys_site, args[0]),
	VAL(SA_SITES, struct sys_site, args[1]),
	VAL(SA_SITES, struct sys_site, args[2]),
	VAL(SA_SITES, struct sys_site, args[3]),
	VAL(SA_SITES, struct sys_site, arg1_word0),
	BOOL(SA_SITES, struct sys_site, handled),
	INDEX(SA_CALLS, struct sys_call, func, SA_FUNCS),
	BELOW(SA_CALLS, struct sys_call, kind, SC_KIND_MAX),
	BOOL(SA_CALLS, struct sys_call, tail),
	BOOL(SA_CALLS, struct sys_call, weak),
	BOOL(SA_CALLS, struct sys_call, handled),
	STR(SA_CALLS, struct sys_call, import),
	STR(SA_CALLS, struct sys_call, version),
	BELOW(SA_SNAPS, struct sys_snap, param, SYS_P_MAX),
	BELOW(SA_SNAPS, struct sys_snap, id, SYS_P_MAX),
	BELOW(SA_SNAPS, struct sys_snap, kind, SV_KIND_MAX),
	INDEX(SA_REFS, struct sys_ref, from, SA_FUNCS),
	INDEX(SA_REFS, struct sys_ref, to, SA_FUNCS),
	BOOL(SA_REFS, struct sys_ref, via_data),
	INDEX(SA_GWRITES, struct sys_gwrite, func, SA_FUNCS),
	INDEX(SA_NOSYS, struct sys_nosys, func, SA_FUNCS),
};

struct blob_head {
	uint32_t magic;
	uint32_t arch_id;
	char sha256[64]; /* the object described, hex */
	uint64_t n[SA_MAX];
	uint64_t n_sorted;
	uint64_t n_insns, n_bad_bytes;
	uint64_t n_strings, strings_len;
	uint32_t analysed;
	uint32_t n_guards;
	uint32_t kernel_version;
	uint32_t pad;
};

/* The entry kind of summaries computed for a kernel: what the engine cut
 * depends on it (struct sys_nosys). */
static void sys_kind(unsigned kernel, char buf[32])
{
	if (kernel)
		snprintf(buf, 32, SYS_KIND "-k%u", kernel);
	else
		snprintf(buf, 32, SYS_KIND);
}

/* ---- pointer -> index ---- */

/* The strings a summary points to, each once: keyed by pointer (the
 * engine's strings are borrowed from the object's string tables, so one
 * string is one pointer), written as one NUL-separated text. */
struct strtab {
	struct u64map idx; /* pointer -> index */
	size_t n;
	char *text; /* concatenated, NUL-terminated */
	size_t len, cap_text;
};

static uint32_t strtab_index(struct strtab *t, const char *s)
{
	uint32_t i;
	size_t l;

	if (!s)
		return NO_STR;
	i = u64map_get(&t->idx, (uintptr_t)s);
	if (i != UINT32_MAX)
		return i;
	i = (uint32_t)t->n++;
	u64map_put(&t->idx, (uintptr_t)s, i);
	l = strlen(s) + 1;
	if (t->len + l > t->cap_text) {
		t->cap_text = MAX(t->cap_text * 2, t->len + l + 4096);
		t->text = xrealloc(t->text, t->cap_text);
	}
	memcpy(t->text + t->len, s, l);
	t->len += l;
	return i;
}

static void strtab_free(struct strtab *t)
{
	u64map_free(&t->idx);
	free(t->text);
}

/* Pointers travel as index + 1 (0: NULL) in the pointer's own slot. */
static const char *idx_as_ptr(uint32_t i)
{
	return (const char *)(uintptr_t)(i == NO_STR ? 0 : (uintptr_t)i + 1);
}

struct buf {
	char *p;
	size_t len, cap;
};

static void buf_add(struct buf *b, const void *data, size_t len)
{
	if (b->len + len > b->cap) {
		b->cap = MAX(b->cap * 2, b->len + len + 4096);
		b->p = xrealloc(b->p, b->cap);
	}
	if (len)
		memcpy(b->p + b->len, data, len);
	b->len += len;
}

static void **array_slot(struct obj_syscalls *s, enum sys_array a)
{
	return (void **)((char *)s + arrays[a].ptr);
}

static size_t *count_slot(struct obj_syscalls *s, enum sys_array a, bool cap)
{
	return (size_t *)((char *)s + (cap ? arrays[a].cap : arrays[a].n));
}

static size_t count_of(const struct obj_syscalls *s, enum sys_array a)
{
	size_t n;

	memcpy(&n, (const char *)s + arrays[a].n, sizeof(n));
	return n;
}

static const void *array_of(const struct obj_syscalls *s, enum sys_array a)
{
	const void *p;

	memcpy(&p, (const char *)s + arrays[a].ptr, sizeof(p));
	return p;
}

static const char *get_ptr(const char *elem, const struct field_rule *r)
{
	const char *p;

	memcpy(&p, elem + r->off, sizeof(p));
	return p;
}

static void set_ptr(char *elem, const struct field_rule *r, const char *p)
{
	memcpy(elem + r->off, &p, sizeof(p));
}

int cache_put_syscalls(struct cache *c, const char *sha256, const struct obj_syscalls *s)
{
	struct blob_head h = {
		.magic = MAGIC,
		.arch_id = s->arch ? (uint32_t)s->arch->id : UINT32_MAX,
		.n_sorted = s->n_sorted,
		.n_insns = s->n_insns,
		.n_bad_bytes = s->n_bad_bytes,
		.analysed = s->analysed,
		.n_guards = s->n_guards,
		.kernel_version = s->kernel_version,
	};
	char *copy[SA_MAX], kind[32];
	struct strtab t = {0};
	struct buf b = {0};
	int r;

	if (!c)
		return 0;
	if (strlen(sha256) != sizeof(h.sha256))
		return -EINVAL;
	memcpy(h.sha256, sha256, sizeof(h.sha256));
	/* Each array copied, its names turned into string indices. */
	for (enum sys_array a = 0; a < SA_MAX; a++) {
		size_t n = count_of(s, a), sz = arrays[a].elem;

		h.n[a] = n;
		copy[a] = xmalloc(n * sz + 1);
		if (n)
			memcpy(copy[a], array_of(s, a), n * sz);
		for (size_t k = 0; k < ARRAY_SIZE(rules); k++) {
			const struct field_rule *rule = &rules[k];

			if (rule->array != a || rule->kind != RULE_STR)
				continue;
			for (size_t i = 0; i < n; i++) {
				char *e = copy[a] + i * sz;

				set_ptr(e, rule, idx_as_ptr(strtab_index(&t, get_ptr(e, rule))));
			}
		}
	}
	h.n_strings = t.n;
	h.strings_len = t.len;
	buf_add(&b, &h, sizeof(h));
	for (enum sys_array a = 0; a < SA_MAX; a++) {
		buf_add(&b, copy[a], h.n[a] * arrays[a].elem);
		free(copy[a]);
	}
	buf_add(&b, t.text, t.len);
	sys_kind(s->kernel_version, kind);
	r = cache_put_blob(c, sha256, kind, b.p, b.len);
	free(b.p);
	strtab_free(&t);
	return r;
}

/* Copies n elements of size sz from the blob cursor into a new array;
 * false when the blob is shorter. */
static bool take(const char **cur, const char *end, uint64_t n, size_t sz, void **ret)
{
	size_t bytes;

	if (n > (uint64_t)(end - *cur) / sz)
		return false;
	bytes = (size_t)n * sz;
	*ret = xmalloc(bytes ? bytes : 1);
	memcpy(*ret, *cur, bytes);
	*cur += bytes;
	return true;
}

static uint64_t get_uint(const char *elem, const struct field_rule *r)
{
	uint8_t u8;
	uint16_t u16;
	uint32_t u32;
	uint64_t u64;

	switch (r->size) {
	case 1:
		memcpy(&u8, elem + r->off, 1);
		return u8;
	case 2:
		memcpy(&u16, elem + r->off, 2);
		return u16;
	case 4:
		memcpy(&u32, elem + r->off, 4);
		return u32;
	default:
		memcpy(&u64, elem + r->off, 8);
		return u64;
	}
}

static bool val_ok(const struct sys_val *v)
{
	return v->kind < SV_KIND_MAX && v->n <= SYS_VAL_MAXC &&
	       (v->kind != SV_PARAM || v->id < SYS_P_MAX);
}

/* Checks one field of one element (and turns a string index into its
 * pointer). */
static bool field_ok(const struct obj_syscalls *s, char *elem, const struct field_rule *r,
		     const char *const *strs, uint64_t n_strs)
{
	switch (r->kind) {
	case RULE_STR: {
		uintptr_t i = (uintptr_t)get_ptr(elem, r);

		if (i == 0)
			return true;
		if (i - 1 >= n_strs)
			return false;
		set_ptr(elem, r, strs[i - 1]);
		return true;
	}
	case RULE_BELOW:
		return get_uint(elem, r) < r->limit;
	case RULE_INDEX:
		return get_uint(elem, r) < count_of(s, (enum sys_array)r->limit);
	case RULE_VAL: {
		struct sys_val v;

		memcpy(&v, elem + r->off, sizeof(v));
		return val_ok(&v);
	}
	default:
		return false;
	}
}

/* The checks that are not one field's: order and ranges. */
static bool relations_ok(const struct obj_syscalls *s)
{
	for (size_t i = 1; i < s->n_sorted; i++)
		if (s->funcs[i - 1].start > s->funcs[i].start)
			return false;
	for (size_t i = 0; i < s->n_calls; i++) {
		const struct sys_call *x = &s->calls[i];

		if ((x->kind == SC_LOCAL && x->target >= s->n_funcs) || x->snap > s->n_snaps ||
		    x->n_snap > s->n_snaps - x->snap || x->guard > s->n_guards)
			return false;
	}
	for (size_t i = 0; i < s->n_gwrites; i++)
		if (s->gwrites[i].guard > s->n_guards)
			return false;
	return true;
}

/* The string table: n NUL-terminated strings filling [text, text+len). */
static bool split_strings(const char *text, uint64_t len, uint64_t n, const char **strs)
{
	const char *p = text, *end = text + len;

	if (n > len || (len && end[-1] != '\0'))
		return false;
	for (uint64_t i = 0; i < n; i++) {
		if (p >= end)
			return false;
		strs[i] = p;
		p += strlen(p) + 1;
	}
	return true;
}

static bool decode(const char *data, size_t len, const char *sha256, const struct elf_object *elf,
		   unsigned kernel, struct cache *c, struct obj_syscalls **ret)
{
	const char *cur = data, *end = data + len, **strs = NULL;
	struct obj_syscalls *s;
	struct blob_head h;
	char *text = NULL;
	bool ok = false;

	if (len < sizeof(h))
		return false;
	memcpy(&h, cur, sizeof(h));
	cur += sizeof(h);
	if (h.magic != MAGIC || !elf->arch || h.arch_id != (uint32_t)elf->arch->id ||
	    strlen(sha256) != sizeof(h.sha256) || memcmp(h.sha256, sha256, sizeof(h.sha256)) ||
	    h.n_sorted > h.n[SA_FUNCS] || h.n[SA_FUNCS] >= UINT32_MAX || h.analysed > 1 ||
	    h.kernel_version != kernel)
		return false;
	s = xcalloc(1, sizeof(*s));
	s->arch = elf->arch;
	s->n_sorted = h.n_sorted;
	s->n_insns = h.n_insns;
	s->n_bad_bytes = h.n_bad_bytes;
	s->analysed = h.analysed;
	s->n_guards = h.n_guards;
	s->kernel_version = h.kernel_version;
	for (enum sys_array a = 0; a < SA_MAX; a++) {
		if (!take(&cur, end, h.n[a], arrays[a].elem, array_slot(s, a)))
			goto out;
		*count_slot(s, a, false) = *count_slot(s, a, true) = (size_t)h.n[a];
	}
	if (h.strings_len != (uint64_t)(end - cur) || h.n_strings > h.strings_len)
		goto out;
	text = xmalloc(h.strings_len + 1);
	memcpy(text, cur, h.strings_len);
	strs = xcalloc(h.n_strings + 1, sizeof(*strs));
	if (!split_strings(text, h.strings_len, h.n_strings, strs))
		goto out;
	for (size_t k = 0; k < ARRAY_SIZE(rules); k++) {
		const struct field_rule *r = &rules[k];
		char *base = *array_slot(s, r->array);
		size_t n = count_of(s, r->array), sz = arrays[r->array].elem;

		for (size_t i = 0; i < n; i++)
			if (!field_ok(s, base + i * sz, r, strs, h.n_strings))
				goto out;
	}
	ok = relations_ok(s);
out:
	free(strs);
	if (!ok) {
		free(text);
		obj_syscalls_free(s);
		return false;
	}
	/* The names live as long as the cache; the arrays belong to s. */
	cache_keep(c, text);
	*ret = s;
	return true;
}

int cache_get_syscalls(struct cache *c, const char *sha256, const struct elf_object *elf,
		       unsigned kernel, struct obj_syscalls **ret_sys)
{
	char kind[32];
	void *data;
	size_t len;
	bool ok;
	int r;

	sys_kind(kernel, kind);
	r = cache_get_blob(c, sha256, kind, &data, &len);
	if (r < 0)
		return r;
	ok = decode(data, len, sha256, elf, kernel, c, ret_sys);
	free(data);
	if (!ok) {
		cache_note_bad(c, sha256, kind);
		return -EBADMSG;
	}
	cache_mark_loaded(c, *ret_sys);
	return 0;
}

size_t cache_load_syscalls(struct cache *c, struct analysis *a, unsigned kernel)
{
	size_t n = 0;

	if (!c)
		return 0;
	for (size_t i = 0; i < a->n_objects; i++) {
		struct sc_object *obj = a->objects[i];

		if (!obj->sys && obj->elf &&
		    cache_get_syscalls(c, obj->sha256, obj->elf, kernel, &obj->sys) == 0) {
			obj->free_sys = obj_syscalls_free;
			n++;
		}
	}
	return n;
}

size_t cache_store_syscalls(struct cache *c, const struct analysis *a)
{
	size_t n = 0;

	if (!c)
		return 0;
	for (size_t i = 0; i < a->n_objects; i++) {
		const struct sc_object *obj = a->objects[i];

		if (obj->sys && !cache_was_loaded(c, obj->sys) &&
		    cache_put_syscalls(c, obj->sha256, obj->sys) == 0)
			n++;
	}
	return n;
}
