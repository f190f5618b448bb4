// SPDX-License-Identifier: MIT
/* The syscall engine's per-object summaries (struct obj_syscalls) as cache
 * blobs. Arrays of plain structs are stored as they are: the cache key
 * includes the build of the tool (see cache_open()'s callers), so the
 * layout that reads them is the one that wrote them. Pointers (function and
 * import names, borrowed from the ELF string tables) become indices into a
 * string table; equal pointers get equal indices, so pointer identity, which
 * the engine's import binding relies on, survives the round trip. Every
 * index is checked on load: a damaged entry is refused, never trusted. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cache.h"
#include "model.h"
#include "syscalls.h"

#define SYS_KIND "sys1"
#define MAGIC 0x31534353u /* "SCS1" */
#define NO_STR UINT32_MAX

struct blob_head {
	uint32_t magic;
	uint32_t arch_id;
	uint64_t n_funcs, n_sorted, n_sites, n_calls, n_snaps, n_refs;
	uint64_t n_insns, n_bad_bytes;
	uint64_t n_strings, strings_len;
	uint32_t analysed;
	uint32_t pad;
};

/* ---- pointer -> index ---- */

struct strtab {
	const char **keys;
	uint32_t *idx;
	size_t cap, n;
	char *text; /* concatenated, NUL-terminated */
	size_t len, cap_text;
};

static uint32_t strtab_index(struct strtab *t, const char *s)
{
	size_t i;

	if (!s)
		return NO_STR;
	if ((t->n + 1) * 2 > t->cap) {
		struct strtab old = *t;

		t->cap = old.cap ? old.cap * 2 : 1024;
		t->keys = xcalloc(t->cap, sizeof(*t->keys));
		t->idx = xcalloc(t->cap, sizeof(*t->idx));
		for (size_t k = 0; k < old.cap; k++) {
			if (!old.keys[k])
				continue;
			for (i = ((uintptr_t)old.keys[k] >> 3) & (t->cap - 1); t->keys[i];
			     i = (i + 1) & (t->cap - 1))
				;
			t->keys[i] = old.keys[k];
			t->idx[i] = old.idx[k];
		}
		free(old.keys);
		free(old.idx);
	}
	for (i = ((uintptr_t)s >> 3) & (t->cap - 1); t->keys[i]; i = (i + 1) & (t->cap - 1))
		if (t->keys[i] == s)
			return t->idx[i];
	t->keys[i] = s;
	t->idx[i] = (uint32_t)t->n++;
	{
		size_t l = strlen(s) + 1;

		if (t->len + l > t->cap_text) {
			t->cap_text = MAX(t->cap_text * 2, t->len + l + 4096);
			t->text = xrealloc(t->text, t->cap_text);
		}
		memcpy(t->text + t->len, s, l);
		t->len += l;
	}
	return t->idx[i];
}

static void strtab_free(struct strtab *t)
{
	free(t->keys);
	free(t->idx);
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

int cache_put_syscalls(struct cache *c, const char *sha256, const struct obj_syscalls *s)
{
	struct blob_head h = {
		.magic = MAGIC,
		.arch_id = s->arch ? (uint32_t)s->arch->id : UINT32_MAX,
		.n_funcs = s->n_funcs,
		.n_sorted = s->n_sorted,
		.n_sites = s->n_sites,
		.n_calls = s->n_calls,
		.n_snaps = s->n_snaps,
		.n_refs = s->n_refs,
		.n_insns = s->n_insns,
		.n_bad_bytes = s->n_bad_bytes,
		.analysed = s->analysed,
	};
	struct sys_func *funcs;
	struct sys_call *calls;
	struct strtab t = {0};
	struct buf b = {0};
	int r;

	if (!c)
		return 0;
	funcs = xcalloc(s->n_funcs ? s->n_funcs : 1, sizeof(*funcs));
	calls = xcalloc(s->n_calls ? s->n_calls : 1, sizeof(*calls));
	for (size_t i = 0; i < s->n_funcs; i++) {
		funcs[i] = s->funcs[i];
		funcs[i].name = idx_as_ptr(strtab_index(&t, s->funcs[i].name));
		funcs[i].plt_import = idx_as_ptr(strtab_index(&t, s->funcs[i].plt_import));
		funcs[i].plt_version = idx_as_ptr(strtab_index(&t, s->funcs[i].plt_version));
	}
	for (size_t i = 0; i < s->n_calls; i++) {
		calls[i] = s->calls[i];
		calls[i].import = idx_as_ptr(strtab_index(&t, s->calls[i].import));
		calls[i].version = idx_as_ptr(strtab_index(&t, s->calls[i].version));
	}
	h.n_strings = t.n;
	h.strings_len = t.len;
	buf_add(&b, &h, sizeof(h));
	buf_add(&b, funcs, s->n_funcs * sizeof(*funcs));
	buf_add(&b, s->sites, s->n_sites * sizeof(*s->sites));
	buf_add(&b, calls, s->n_calls * sizeof(*calls));
	buf_add(&b, s->snaps, s->n_snaps * sizeof(*s->snaps));
	buf_add(&b, s->refs, s->n_refs * sizeof(*s->refs));
	buf_add(&b, t.text, t.len);
	r = cache_put_blob(c, sha256, SYS_KIND, b.p, b.len);
	free(b.p);
	free(funcs);
	free(calls);
	strtab_free(&t);
	return r;
}

/* Copies n elements of size sz from the blob cursor into a new array. */
static bool take(const char **cur, const char *end, size_t n, size_t sz, void **ret)
{
	size_t bytes;

	if (n > (size_t)(end - *cur) / (sz ? sz : 1))
		return false;
	bytes = n * sz;
	*ret = xmalloc(bytes ? bytes : 1);
	memcpy(*ret, *cur, bytes);
	*cur += bytes;
	return true;
}

static bool val_ok(const struct sys_val *v)
{
	return v->kind < SV_KIND_MAX && v->n <= SYS_VAL_MAXC;
}

/* Turns a stored index back into a pointer into the string table. */
static bool fix_str(const char **p, const char *const *strs, uint64_t n)
{
	uintptr_t i = (uintptr_t)*p;

	if (i == 0)
		return true;
	if (i - 1 >= n)
		return false;
	*p = strs[i - 1];
	return true;
}

static bool decode(const char *data, size_t len, const struct elf_object *elf, struct cache *c,
		   struct obj_syscalls **ret)
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
	    h.n_sorted > h.n_funcs || h.n_funcs >= UINT32_MAX)
		return false;
	s = xcalloc(1, sizeof(*s));
	s->arch = elf->arch;
	s->n_funcs = s->cap_funcs = h.n_funcs;
	s->n_sorted = h.n_sorted;
	s->n_sites = s->cap_sites = h.n_sites;
	s->n_calls = s->cap_calls = h.n_calls;
	s->n_snaps = s->cap_snaps = h.n_snaps;
	s->n_refs = s->cap_refs = h.n_refs;
	s->n_insns = h.n_insns;
	s->n_bad_bytes = h.n_bad_bytes;
	s->analysed = h.analysed != 0;
	if (!take(&cur, end, h.n_funcs, sizeof(*s->funcs), (void **)&s->funcs) ||
	    !take(&cur, end, h.n_sites, sizeof(*s->sites), (void **)&s->sites) ||
	    !take(&cur, end, h.n_calls, sizeof(*s->calls), (void **)&s->calls) ||
	    !take(&cur, end, h.n_snaps, sizeof(*s->snaps), (void **)&s->snaps) ||
	    !take(&cur, end, h.n_refs, sizeof(*s->refs), (void **)&s->refs) ||
	    h.strings_len != (uint64_t)(end - cur) || h.n_strings > h.strings_len)
		goto out;
	if (h.strings_len && end[-1] != '\0')
		goto out;
	text = xmalloc(h.strings_len ? h.strings_len : 1);
	memcpy(text, cur, h.strings_len);
	strs = xcalloc(h.n_strings ? h.n_strings : 1, sizeof(*strs));
	{
		const char *p = text, *tend = text + h.strings_len;

		for (uint64_t i = 0; i < h.n_strings; i++) {
			if (p >= tend)
				goto out;
			strs[i] = p;
			p += strlen(p) + 1;
		}
	}
	for (size_t i = 0; i < s->n_funcs; i++)
		if (!fix_str(&s->funcs[i].name, strs, h.n_strings) ||
		    !fix_str(&s->funcs[i].plt_import, strs, h.n_strings) ||
		    !fix_str(&s->funcs[i].plt_version, strs, h.n_strings))
			goto out;
	for (size_t i = 0; i < s->n_sites; i++) {
		const struct sys_site *x = &s->sites[i];

		if (x->func >= s->n_funcs || x->gate >= SG_MAX || x->abi >= ARCH_MAX ||
		    !val_ok(&x->nr) || !val_ok(&x->sub) || !val_ok(&x->prot))
			goto out;
	}
	for (size_t i = 0; i < s->n_calls; i++) {
		struct sys_call *x = &s->calls[i];

		if (x->func >= s->n_funcs || x->kind >= SC_KIND_MAX ||
		    (x->kind == SC_LOCAL && x->target >= s->n_funcs) || x->snap > s->n_snaps ||
		    x->n_snap > s->n_snaps - x->snap || !fix_str(&x->import, strs, h.n_strings) ||
		    !fix_str(&x->version, strs, h.n_strings))
			goto out;
	}
	for (size_t i = 0; i < s->n_snaps; i++)
		if (s->snaps[i].param >= SYS_P_MAX || !val_ok(&s->snaps[i].v))
			goto out;
	for (size_t i = 0; i < s->n_refs; i++)
		if (s->refs[i].from >= s->n_funcs || s->refs[i].to >= s->n_funcs)
			goto out;
	ok = true;
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
		       struct obj_syscalls **ret_sys)
{
	struct cache_blob b;
	int r;

	r = cache_map_blob(c, sha256, SYS_KIND, &b);
	if (r < 0)
		return r;
	if (!decode(b.data, b.len, elf, c, ret_sys)) {
		cache_blob_release(&b);
		cache_note_bad(c, sha256, SYS_KIND);
		return -EBADMSG;
	}
	cache_blob_release(&b);
	cache_mark_loaded(c, *ret_sys);
	return 0;
}

size_t cache_load_syscalls(struct cache *c, struct analysis *a)
{
	size_t n = 0;

	if (!c)
		return 0;
	for (size_t i = 0; i < a->n_objects; i++) {
		struct sc_object *obj = a->objects[i];

		if (!obj->sys && obj->elf &&
		    cache_get_syscalls(c, obj->sha256, obj->elf, &obj->sys) == 0)
			n++;
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
