/* SPDX-License-Identifier: MIT */
/* Small helpers shared by every module: allocation that aborts on OOM, growable
 * arrays, strings and paths. Nothing here prints except xalloc's abort. */
#ifndef SECCOMPAT_UTIL_H
#define SECCOMPAT_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))

/* Out of memory aborts with a message: error plumbing for it would never run. */
void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
void *xreallocarray(void *p, size_t nmemb, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

/* Grow *arr (of *cap elements of size elsize) so that index `need` fits. */
void grow_array(void **arr, size_t *cap, size_t need, size_t elsize);
#define GROW(arr, cap, need) grow_array((void **)&(arr), &(cap), (need), sizeof(*(arr)))
/* The same without zeroing the new elements, for arrays whose every push
 * writes a whole element (the engine's summaries): zeroing made the
 * doubled capacity resident at once, up to half of it slack. */
void grow_array_raw(void **arr, size_t *cap, size_t need, size_t elsize);
#define GROW_RAW(arr, cap, need) grow_array_raw((void **)&(arr), &(cap), (need), sizeof(*(arr)))
/* Shrink *arr to its n used elements (kept when n is 0): a finished array
 * that is kept gives back the slack of its doubling. */
void shrink_array(void **arr, size_t *cap, size_t n, size_t elsize);
#define SHRINK(arr, cap, n) shrink_array((void **)&(arr), &(cap), (n), sizeof(*(arr)))

/* A NULL-terminated, owned list of owned strings. */
struct strv {
	char **v;
	size_t n;
	size_t cap;
};
void strv_push(struct strv *s, const char *str);
void strv_push_owned(struct strv *s, char *str);
bool strv_contains(const struct strv *s, const char *str);
void strv_sort_unique(struct strv *s);
/* The strings of s with sep between them; "" for none. Caller frees. */
char *strv_join(const struct strv *s, const char *sep);
void strv_clear(struct strv *s);
/* Split `str` at any of `seps`, skipping empty fields unless keep_empty. */
void strv_split(struct strv *out, const char *str, const char *seps, bool keep_empty);

bool str_startswith(const char *s, const char *prefix);
bool str_endswith(const char *s, const char *suffix);
/* s as the text of a Markdown table cell (GFM): '|' escaped (it would end
 * the cell, even inside a code span), line breaks as spaces (they would end
 * the row), '<' as "&lt;" (it would start raw HTML). NULL gives "". */
char *str_markdown_cell(const char *s);

/* The one sorted-array search: over n elements `size` bytes apart, sorted
 * by the uint64_t at byte offset `off` of each, the index of the first
 * whose key is >= key (or > key when `above`); n when none is. */
static inline size_t sorted_bound(const void *base, size_t n, size_t size, size_t off, uint64_t key,
				  bool above)
{
	const unsigned char *b = base;
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		uint64_t k;
		memcpy(&k, b + mid * size + off, sizeof(k));
		if (k < key || (above && k == key))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}
/* sorted_bound() over a plain uint64_t array. */
static inline size_t u64_bound(const uint64_t *v, size_t n, uint64_t key, bool above)
{
	return sorted_bound(v, n, sizeof(*v), 0, key, above);
}

/* Length of the well-formed UTF-8 sequence at s (RFC 3629: no overlong
 * forms, no surrogates, nothing above U+10FFFF; n bytes available, n > 0),
 * or 0 when the byte at s starts none. */
size_t utf8_seq_len(const char *s, size_t n);

/* Joins dir and name with exactly one '/'. */
char *path_join(const char *dir, const char *name);
/* Lexically normalises "a/./b/../c" to "a/c"; keeps a leading "/". */
char *path_normalize(const char *path);
/* Directory part of path ("." when none). */
char *path_dirname(const char *path);
const char *path_basename(const char *path);
/* `path` with `root` prepended when root is set and path is absolute. */
char *path_under_root(const char *root, const char *path);

/* Reads a whole (small) file; returns -errno. ret_len may be NULL. */
int read_file(const char *path, size_t max, char **ret_data, size_t *ret_len);

/* Parses "MAJOR[.MINOR[.PATCH]]" into major*10000+minor*100+patch; -EINVAL. */
int parse_version(const char *s, unsigned *ret);

/* Hex SHA-256 of a file's bytes into out[65]; -errno on failure. */
int sha256_hex(const void *data, size_t len, char out[65]);

/* Open-addressing map uint64 -> uint32, for address lookups in hot loops.
 * UINT32_MAX is no value: u64map_get() returns it for an absent key, and it
 * must not be stored. Zero-initialise; u64map_free() empties it again. */
struct u64map {
	uint64_t *keys;
	uint32_t *vals;
	size_t cap, n;
};
void u64map_put(struct u64map *m, uint64_t k, uint32_t v);
uint32_t u64map_get(const struct u64map *m, uint64_t k);
void u64map_free(struct u64map *m);

#endif
