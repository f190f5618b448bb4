// SPDX-License-Identifier: MIT
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nettle/sha2.h>

static void oom(void)
{
	fputs("seccompat: out of memory\n", stderr);
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom();
	return p;
}

void *xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);
	if (!p)
		oom();
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		oom();
	return p;
}

void *xreallocarray(void *p, size_t nmemb, size_t size)
{
	if (size && nmemb > SIZE_MAX / size)
		oom();
	return xrealloc(p, nmemb * size);
}

char *xstrdup(const char *s)
{
	char *p = strdup(s ? s : "");
	if (!p)
		oom();
	return p;
}

char *xstrndup(const char *s, size_t n)
{
	char *p = strndup(s, n);
	if (!p)
		oom();
	return p;
}

char *xvasprintf(const char *fmt, va_list ap)
{
	char *p;
	if (vasprintf(&p, fmt, ap) < 0)
		oom();
	return p;
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *p;
	va_start(ap, fmt);
	p = xvasprintf(fmt, ap);
	va_end(ap);
	return p;
}

void grow_array_raw(void **arr, size_t *cap, size_t need, size_t elsize)
{
	size_t ncap;
	if (need < *cap)
		return;
	ncap = *cap ? *cap * 2 : 8;
	while (ncap <= need)
		ncap *= 2;
	*arr = xreallocarray(*arr, ncap, elsize);
	*cap = ncap;
}

void grow_array(void **arr, size_t *cap, size_t need, size_t elsize)
{
	size_t old = *cap;

	if (need < *cap)
		return;
	grow_array_raw(arr, cap, need, elsize);
	memset((char *)*arr + old * elsize, 0, (*cap - old) * elsize);
}

void shrink_array(void **arr, size_t *cap, size_t n, size_t elsize)
{
	if (n == 0 || n >= *cap)
		return;
	*arr = xreallocarray(*arr, n, elsize);
	*cap = n;
}

void strv_push_owned(struct strv *s, char *str)
{
	GROW(s->v, s->cap, s->n + 1);
	s->v[s->n++] = str;
	s->v[s->n] = NULL;
}

void strv_push(struct strv *s, const char *str)
{
	strv_push_owned(s, xstrdup(str));
}

bool strv_contains(const struct strv *s, const char *str)
{
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->v[i], str) == 0)
			return true;
	return false;
}

char *str_markdown_cell(const char *s)
{
	size_t n = 0;
	char *out, *o;

	for (const char *c = s; c && *c; c++)
		n += *c == '|' ? 2 : *c == '<' ? 4 : 1;
	out = o = xmalloc(n + 1);
	for (const char *c = s; c && *c; c++) {
		if (*c == '|') {
			memcpy(o, "\\|", 2);
			o += 2;
		} else if (*c == '<') {
			memcpy(o, "&lt;", 4);
			o += 4;
		} else {
			*o++ = *c == '\n' || *c == '\r' ? ' ' : *c;
		}
	}
	*o = '\0';
	return out;
}

size_t utf8_seq_len(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned char lo = 0x80, hi = 0xbf;
	size_t len;

	if (u[0] < 0x80)
		return 1;
	if (u[0] >= 0xc2 && u[0] <= 0xdf) {
		len = 2;
	} else if (u[0] >= 0xe0 && u[0] <= 0xef) {
		len = 3;
		lo = u[0] == 0xe0 ? 0xa0 : 0x80; /* overlong */
		hi = u[0] == 0xed ? 0x9f : 0xbf; /* surrogates */
	} else if (u[0] >= 0xf0 && u[0] <= 0xf4) {
		len = 4;
		lo = u[0] == 0xf0 ? 0x90 : 0x80; /* overlong */
		hi = u[0] == 0xf4 ? 0x8f : 0xbf; /* above U+10FFFF */
	} else {
		return 0;
	}
	if (n < len || u[1] < lo || u[1] > hi)
		return 0;
	for (size_t i = 2; i < len; i++)
		if (u[i] < 0x80 || u[i] > 0xbf)
			return 0;
	return len;
}

/* qsort over char * */
static int cmp_str_ptr(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

void strv_sort_unique(struct strv *s)
{
	size_t j = 0;
	if (s->n == 0)
		return;
	qsort(s->v, s->n, sizeof(char *), cmp_str_ptr);
	for (size_t i = 1; i < s->n; i++) {
		if (strcmp(s->v[i], s->v[j]) == 0)
			free(s->v[i]);
		else
			s->v[++j] = s->v[i];
	}
	s->n = j + 1;
	s->v[s->n] = NULL;
}

char *strv_join(const struct strv *s, const char *sep)
{
	size_t len = 1, at = 0;
	char *out;

	for (size_t i = 0; i < s->n; i++)
		len += strlen(s->v[i]) + (i ? strlen(sep) : 0);
	out = xmalloc(len);
	for (size_t i = 0; i < s->n; i++)
		at += (size_t)sprintf(out + at, "%s%s", i ? sep : "", s->v[i]);
	out[at] = '\0';
	return out;
}

void strv_clear(struct strv *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	memset(s, 0, sizeof(*s));
}

void strv_split(struct strv *out, const char *str, const char *seps, bool keep_empty)
{
	const char *p = str;
	while (p) {
		size_t len = strcspn(p, seps);
		if (len || keep_empty)
			strv_push_owned(out, xstrndup(p, len));
		p = p[len] ? p + len + 1 : NULL;
	}
}

bool str_startswith(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

bool str_endswith(const char *s, const char *suffix)
{
	size_t ls = strlen(s), lx = strlen(suffix);
	return ls >= lx && strcmp(s + ls - lx, suffix) == 0;
}

char *path_join(const char *dir, const char *name)
{
	size_t ld = strlen(dir);
	while (ld > 1 && dir[ld - 1] == '/')
		ld--;
	while (*name == '/')
		name++;
	if (ld == 0)
		return xstrdup(name);
	if (ld == 1 && dir[0] == '/')
		return xasprintf("/%s", name);
	return xasprintf("%.*s/%s", (int)ld, dir, name);
}

char *path_normalize(const char *path)
{
	struct strv parts = {0}, out = {0};
	bool abs = path[0] == '/';
	size_t len = 1;
	char *res, *p;

	strv_split(&parts, path, "/", false);
	for (size_t i = 0; i < parts.n; i++) {
		if (strcmp(parts.v[i], ".") == 0)
			continue;
		if (strcmp(parts.v[i], "..") == 0 && out.n > 0 &&
		    strcmp(out.v[out.n - 1], "..") != 0) {
			free(out.v[--out.n]);
			out.v[out.n] = NULL;
			continue;
		}
		if (strcmp(parts.v[i], "..") == 0 && abs)
			continue;
		strv_push(&out, parts.v[i]);
	}
	for (size_t i = 0; i < out.n; i++)
		len += strlen(out.v[i]) + 1;
	res = p = xmalloc(len + 2);
	if (abs)
		*p++ = '/';
	for (size_t i = 0; i < out.n; i++) {
		if (i)
			*p++ = '/';
		p = stpcpy(p, out.v[i]);
	}
	if (p == res)
		*p++ = '.';
	*p = '\0';
	strv_clear(&parts);
	strv_clear(&out);
	return res;
}

char *path_dirname(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

const char *path_basename(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

char *path_under_root(const char *root, const char *path)
{
	if (root && *root && path[0] == '/')
		return path_join(root, path);
	return xstrdup(path);
}

int read_file(const char *path, size_t max, char **ret_data, size_t *ret_len)
{
	size_t len = 0, cap = 4096;
	char *buf;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	buf = xmalloc(cap + 1);
	for (;;) {
		ssize_t r;
		if (len == cap) {
			if (cap >= max) {
				free(buf);
				close(fd);
				return -EFBIG;
			}
			cap *= 2;
			buf = xrealloc(buf, cap + 1);
		}
		r = read(fd, buf + len, cap - len);
		if (r < 0) {
			int e = -errno;
			if (errno == EINTR)
				continue;
			free(buf);
			close(fd);
			return e;
		}
		if (r == 0)
			break;
		len += (size_t)r;
	}
	close(fd);
	buf[len] = '\0';
	*ret_data = buf;
	if (ret_len)
		*ret_len = len;
	return 0;
}

int parse_version(const char *s, unsigned *ret)
{
	unsigned part[3] = {0, 0, 0};
	int i = 0;
	char *end;

	if (!s || !*s)
		return -EINVAL;
	for (;;) {
		unsigned long v;
		if (*s < '0' || *s > '9')
			return -EINVAL;
		v = strtoul(s, &end, 10);
		if (v > 99 && i > 0)
			return -EINVAL;
		if (v > 40000)
			return -EINVAL;
		part[i++] = (unsigned)v;
		if (*end == '\0')
			break;
		if (*end != '.' || i == 3)
			return -EINVAL;
		s = end + 1;
	}
	*ret = part[0] * 10000 + part[1] * 100 + part[2];
	return 0;
}

/* nettle rather than OpenSSL's libcrypto: the same digest (SHA-NI in
 * Debian's fat build), and no 3.4 MiB of libcrypto's pages in the peak RSS
 * of every run (issue 11; smaps on the srcds sample tree). */
int sha256_hex(const void *data, size_t len, char out[65])
{
	struct sha256_ctx ctx;
	uint8_t md[SHA256_DIGEST_SIZE];

	sha256_init(&ctx);
	sha256_update(&ctx, len, data);
	sha256_digest(&ctx, sizeof(md), md);
	for (unsigned i = 0; i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
	return 0;
}

/* ---- u64map ---- */

/* Folds the high bits into the low ones, which index the table (the first
 * half of MurmurHash3's 64-bit finaliser). */
static size_t h64(uint64_t k)
{
	k ^= k >> 33;
	k *= 0xff51afd7ed558ccdULL;
	k ^= k >> 33;
	return (size_t)k;
}

static void u64map_grow(struct u64map *m)
{
	struct u64map old = *m;

	m->cap = old.cap ? old.cap * 2 : 64;
	m->keys = xcalloc(m->cap, sizeof(*m->keys));
	m->vals = xmalloc(m->cap * sizeof(*m->vals));
	for (size_t i = 0; i < m->cap; i++)
		m->vals[i] = UINT32_MAX;
	m->n = 0;
	for (size_t i = 0; i < old.cap; i++)
		if (old.vals[i] != UINT32_MAX)
			u64map_put(m, old.keys[i], old.vals[i]);
	free(old.keys);
	free(old.vals);
}

/* Sets k to v (v != UINT32_MAX), growing the table at half load. */
void u64map_put(struct u64map *m, uint64_t k, uint32_t v)
{
	size_t i;

	if ((m->n + 1) * 2 > m->cap)
		u64map_grow(m);
	for (i = h64(k) & (m->cap - 1); m->vals[i] != UINT32_MAX; i = (i + 1) & (m->cap - 1))
		if (m->keys[i] == k) {
			m->vals[i] = v;
			return;
		}
	m->keys[i] = k;
	m->vals[i] = v;
	m->n++;
}

/* The value of k, UINT32_MAX when absent. */
uint32_t u64map_get(const struct u64map *m, uint64_t k)
{
	if (!m->cap)
		return UINT32_MAX;
	for (size_t i = h64(k) & (m->cap - 1); m->vals[i] != UINT32_MAX; i = (i + 1) & (m->cap - 1))
		if (m->keys[i] == k)
			return m->vals[i];
	return UINT32_MAX;
}

/* Frees the table and leaves m empty (and reusable). */
void u64map_free(struct u64map *m)
{
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof(*m));
}
