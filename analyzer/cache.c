// SPDX-License-Identifier: MIT
#include "cache.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zstd.h>

/* Entries are small summaries; anything bigger is not ours. */
#define CACHE_MAX_ENTRY (64UL * 1024 * 1024)
/* A blob decompresses to at most this (libLLVM-15's summary is ~270 MB). */
#define CACHE_MAX_BLOB (1UL << 30)

struct cache {
	char *dir; /* DIR/v1 */
	char *tool, *db;
	char key[17]; /* first 16 hex digits of sha256(tool \0 db) */
	size_t hits, misses, bad;
	struct strv warnings;
	void **kept; /* memory freed with the cache (cache_keep) */
	size_t n_kept, cap_kept;
	const void **loaded; /* summaries handed out by cache_get_syscalls */
	size_t n_loaded, cap_loaded;
};

char *cache_default_dir(void)
{
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");

	if (xdg && xdg[0] == '/')
		return path_join(xdg, "seccompat");
	if (!home || home[0] != '/') {
		struct passwd *pw = getpwuid(getuid());

		home = pw ? pw->pw_dir : NULL;
	}
	if (!home || home[0] != '/')
		return NULL;
	return xasprintf("%s/.cache/seccompat", home);
}

/* mkdir -p; returns 0 or -errno. */
static int mkdir_p(const char *path, mode_t mode)
{
	char *p = xstrdup(path);
	int r = 0;

	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, mode) < 0 && errno != EEXIST) {
			r = -errno;
			goto out;
		}
		*s = '/';
	}
	if (mkdir(p, mode) < 0 && errno != EEXIST)
		r = -errno;
out:
	free(p);
	return r;
}

int cache_open(const char *dir, const char *tool_version, const char *db_version,
	       struct cache **ret_cache)
{
	struct cache *c;
	char hash[65], *keysrc, *v1;
	size_t klen;
	int r;

	if (!dir || !*dir)
		return -EINVAL;
	v1 = path_join(dir, "v1");
	r = mkdir_p(v1, 0700);
	if (r < 0) {
		free(v1);
		return r;
	}
	c = xcalloc(1, sizeof(*c));
	c->dir = v1;
	c->tool = xstrdup(tool_version ? tool_version : "");
	c->db = xstrdup(db_version ? db_version : "");
	klen = strlen(c->tool) + 1 + strlen(c->db);
	keysrc = xmalloc(klen + 1);
	memcpy(keysrc, c->tool, strlen(c->tool) + 1);
	memcpy(keysrc + strlen(c->tool) + 1, c->db, strlen(c->db) + 1);
	sha256_hex(keysrc, klen, hash);
	free(keysrc);
	memcpy(c->key, hash, 16);
	c->key[16] = '\0';
	*ret_cache = c;
	return 0;
}

void cache_free(struct cache *c)
{
	if (!c)
		return;
	free(c->dir);
	free(c->tool);
	free(c->db);
	strv_clear(&c->warnings);
	for (size_t i = 0; i < c->n_kept; i++)
		free(c->kept[i]);
	free(c->kept);
	free(c->loaded);
	free(c);
}

static char *entry_path_ext(const struct cache *c, const char *sha, const char *kind,
			    const char *ext);
static int ignore_entry(struct cache *c, const char *path, const char *why);

void cache_keep(struct cache *c, void *mem)
{
	GROW(c->kept, c->cap_kept, c->n_kept);
	c->kept[c->n_kept++] = mem;
}

void cache_note_bad(struct cache *c, const char *sha256, const char *kind)
{
	char *path = entry_path_ext(c, sha256, kind, "bin");

	if (c->hits)
		c->hits--;
	ignore_entry(c, path, "undecodable");
	free(path);
}

void cache_mark_loaded(struct cache *c, const void *p)
{
	GROW(c->loaded, c->cap_loaded, c->n_loaded);
	c->loaded[c->n_loaded++] = p;
}

bool cache_was_loaded(const struct cache *c, const void *p)
{
	for (size_t i = 0; c && i < c->n_loaded; i++)
		if (c->loaded[i] == p)
			return true;
	return false;
}

static bool valid_sha(const char *s)
{
	size_t i;

	if (!s)
		return false;
	for (i = 0; s[i]; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return i == 64;
}

static bool valid_kind(const char *k)
{
	if (!k || !*k || strlen(k) > 32)
		return false;
	for (; *k; k++)
		if (!((*k >= 'a' && *k <= 'z') || (*k >= '0' && *k <= '9') || *k == '-' ||
		      *k == '_'))
			return false;
	return true;
}

static char *entry_dir(const struct cache *c, const char *sha)
{
	return xasprintf("%s/%.2s", c->dir, sha);
}

static char *entry_path_ext(const struct cache *c, const char *sha, const char *kind,
			    const char *ext)
{
	return xasprintf("%s/%.2s/%s.%s.%s.%s", c->dir, sha, sha, kind, c->key, ext);
}

static char *entry_path(const struct cache *c, const char *sha, const char *kind)
{
	return entry_path_ext(c, sha, kind, "json");
}

static const char *hdr(json_object *doc, const char *key)
{
	json_object *v;

	if (!json_object_object_get_ex(doc, key, &v) || !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

static bool hdr_is(json_object *doc, const char *key, const char *want)
{
	const char *s = hdr(doc, key);

	return s && strcmp(s, want) == 0;
}

static bool header_matches(const struct cache *c, json_object *doc, const char *sha256,
			   const char *kind);

static int ignore_entry(struct cache *c, const char *path, const char *why)
{
	c->bad++;
	strv_push_owned(
		&c->warnings,
		xasprintf("%s: warning: ignoring a %s cache entry; recomputing", path, why));
	return -EBADMSG;
}

int cache_get(struct cache *c, const char *sha256, const char *kind, json_object **ret_value)
{
	json_object *doc, *value;
	char *path, *text;
	size_t len;
	int r;

	if (!c)
		return -ENOENT;
	if (!valid_sha(sha256) || !valid_kind(kind))
		return -EINVAL;
	path = entry_path(c, sha256, kind);
	r = read_file(path, CACHE_MAX_ENTRY, &text, &len);
	if (r < 0) {
		c->misses++;
		if (r != -ENOENT)
			r = ignore_entry(c, path, "unreadable");
		free(path);
		return r == -EBADMSG ? r : -ENOENT;
	}
	{
		struct json_tokener *tok = json_tokener_new();

		doc = tok && len <= INT32_MAX ? json_tokener_parse_ex(tok, text, (int)len) : NULL;
		if (doc && json_tokener_get_error(tok) != json_tokener_success) {
			json_object_put(doc);
			doc = NULL;
		}
		json_tokener_free(tok);
	}
	free(text);
	if (!doc || !json_object_is_type(doc, json_type_object)) {
		json_object_put(doc);
		r = ignore_entry(c, path, "corrupt");
		free(path);
		return r;
	}
	if (!header_matches(c, doc, sha256, kind) ||
	    !json_object_object_get_ex(doc, "value", &value)) {
		json_object_put(doc);
		r = ignore_entry(c, path, "foreign");
		free(path);
		return r;
	}
	*ret_value = json_object_get(value);
	json_object_put(doc);
	free(path);
	c->hits++;
	return 0;
}

/* Writes len bytes of data (and a second part, may be empty) to path
 * through a temporary file in the same directory and rename(2): rename
 * replaces the entry atomically, so a concurrent reader sees either the
 * whole old file or the whole new one. Returns 0 or -errno. */
static int write_atomic(const char *path, const char *dir, const void *data, size_t len,
			const void *data2, size_t len2)
{
	char *tmp = xasprintf("%s/.tmp.XXXXXX", dir);
	const void *parts[2] = {data, data2};
	size_t lens[2] = {len, len2};
	int fd, r = 0;

	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0) {
		r = -errno;
		free(tmp);
		return r;
	}
	for (int p = 0; p < 2 && r == 0; p++) {
		size_t off = 0;

		while (off < lens[p]) {
			ssize_t w = write(fd, (const char *)parts[p] + off, lens[p] - off);

			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0) {
				r = w < 0 ? -errno : -EIO;
				break;
			}
			off += (size_t)w;
		}
	}
	if (close(fd) < 0 && r == 0)
		r = -errno;
	if (r == 0 && rename(tmp, path) < 0)
		r = -errno;
	if (r < 0)
		unlink(tmp);
	free(tmp);
	return r;
}

/* Removes the entries of (sha256, kind) that other tool or data versions
 * wrote, keeping `keep`: without this every rebuild of the tool would leave
 * a full set of summaries behind. */
static void prune_siblings(const char *dir, const char *sha256, const char *kind, const char *keep)
{
	char *prefix = xasprintf("%s.%s.", sha256, kind);
	const char *keep_name = path_basename(keep);
	DIR *d = opendir(dir);
	struct dirent *de;

	while (d && (de = readdir(d))) {
		char *p;

		if (!str_startswith(de->d_name, prefix) || strcmp(de->d_name, keep_name) == 0)
			continue;
		p = path_join(dir, de->d_name);
		unlink(p);
		free(p);
	}
	if (d)
		closedir(d);
	free(prefix);
}

static json_object *entry_header(const struct cache *c, const char *sha256, const char *kind)
{
	json_object *doc = json_object_new_object();

	json_object_object_add(doc, "format", json_object_new_string(CACHE_FORMAT));
	json_object_object_add(doc, "tool", json_object_new_string(c->tool));
	json_object_object_add(doc, "db", json_object_new_string(c->db));
	json_object_object_add(doc, "sha256", json_object_new_string(sha256));
	json_object_object_add(doc, "kind", json_object_new_string(kind));
	return doc;
}

static bool header_matches(const struct cache *c, json_object *doc, const char *sha256,
			   const char *kind)
{
	return json_object_is_type(doc, json_type_object) && hdr_is(doc, "format", CACHE_FORMAT) &&
	       hdr_is(doc, "tool", c->tool) && hdr_is(doc, "db", c->db) &&
	       hdr_is(doc, "sha256", sha256) && hdr_is(doc, "kind", kind);
}

/* Makes DIR/v1/<sha[0:2]>; returns it (caller frees) or NULL with -errno. */
static char *make_entry_dir(const struct cache *c, const char *sha256, int *ret_err)
{
	char *dir = entry_dir(c, sha256);

	if (mkdir(dir, 0700) < 0 && errno != EEXIST) {
		*ret_err = -errno;
		free(dir);
		return NULL;
	}
	return dir;
}

int cache_put(struct cache *c, const char *sha256, const char *kind, json_object *value)
{
	json_object *doc;
	char *dir, *path;
	const char *text;
	int r = 0;

	if (!c)
		return 0;
	if (!valid_sha(sha256) || !valid_kind(kind))
		return -EINVAL;
	dir = make_entry_dir(c, sha256, &r);
	if (!dir)
		return r;
	path = entry_path(c, sha256, kind);
	doc = entry_header(c, sha256, kind);
	json_object_object_add(doc, "value", json_object_get(value));
	text = json_object_to_json_string_ext(doc, JSON_C_TO_STRING_PLAIN);
	r = write_atomic(path, dir, text, strlen(text), NULL, 0);
	if (r == 0)
		prune_siblings(dir, sha256, kind, path);
	json_object_put(doc);
	free(dir);
	free(path);
	return r;
}

/* A fast 64-bit checksum of the payload: catches truncation and damage,
 * not tampering (the cache is the user's own directory). */
static uint64_t checksum64(const void *data, size_t len)
{
	const unsigned char *p = data;
	uint64_t h = 0x6a09e667f3bcc908ULL ^ len;
	size_t i = 0;

	for (; i + 8 <= len; i += 8) {
		uint64_t w;

		memcpy(&w, p + i, 8);
		h = (h ^ w) * 0x9e3779b97f4a7c15ULL;
		h ^= h >> 29;
	}
	for (; i < len; i++) {
		h = (h ^ p[i]) * 0x100000001b3ULL;
		h ^= h >> 29;
	}
	return h;
}

/* Blobs are stored zstd-compressed: the summaries are arrays of small
 * records with many zero bytes, and uncompressed they took 1.1-1.5x the
 * bytes of the objects they describe (issue 11 asks for <= 0.5x). Level 1:
 * a cold run writes every entry, and level 3 compressed these only ~10%
 * better at twice the time. */
#define CACHE_ZSTD_LEVEL 1

int cache_put_blob(struct cache *c, const char *sha256, const char *kind, const void *data,
		   size_t len)
{
	json_object *doc;
	char *dir, *path, *head, sum[17];
	void *packed;
	size_t bound, plen;
	int r = 0;

	if (!c)
		return 0;
	if (!valid_sha(sha256) || !valid_kind(kind))
		return -EINVAL;
	bound = ZSTD_compressBound(len);
	packed = xmalloc(bound ? bound : 1);
	plen = ZSTD_compress(packed, bound, data, len, CACHE_ZSTD_LEVEL);
	if (ZSTD_isError(plen)) {
		free(packed);
		return -ENOMEM;
	}
	dir = make_entry_dir(c, sha256, &r);
	if (!dir) {
		free(packed);
		return r;
	}
	path = entry_path_ext(c, sha256, kind, "bin");
	doc = entry_header(c, sha256, kind);
	/* The checksum is of the stored (compressed) bytes: checked before
	 * they reach the decompressor. "length" is the payload's size. */
	snprintf(sum, sizeof(sum), "%016llx", (unsigned long long)checksum64(packed, plen));
	json_object_object_add(doc, "length", json_object_new_int64((int64_t)len));
	json_object_object_add(doc, "codec", json_object_new_string("zstd"));
	json_object_object_add(doc, "stored", json_object_new_int64((int64_t)plen));
	json_object_object_add(doc, "checksum", json_object_new_string(sum));
	head = xasprintf("%s\n", json_object_to_json_string_ext(doc, JSON_C_TO_STRING_PLAIN));
	r = write_atomic(path, dir, head, strlen(head), packed, plen);
	if (r == 0)
		prune_siblings(dir, sha256, kind, path);
	free(head);
	free(packed);
	json_object_put(doc);
	free(dir);
	free(path);
	return r;
}

int cache_get_blob(struct cache *c, const char *sha256, const char *kind, void **ret_data,
		   size_t *ret_len)
{
	json_object *doc = NULL, *jlen, *jstored;
	const char *nl;
	char *path, *head = NULL, sum[17];
	struct stat st;
	void *map = MAP_FAILED, *buf;
	size_t plen = 0, hlen, len, got;
	int fd, r;

	if (!c)
		return -ENOENT;
	if (!valid_sha(sha256) || !valid_kind(kind))
		return -EINVAL;
	path = entry_path_ext(c, sha256, kind, "bin");
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		r = -errno;
		c->misses++;
		if (r != -ENOENT)
			r = ignore_entry(c, path, "unreadable");
		free(path);
		return r == -EBADMSG ? r : -ENOENT;
	}
	/* Entries are megabytes: the stored bytes are mapped, not read, and
	 * decompressed once. */
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0)
		map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	nl = map != MAP_FAILED ? memchr(map, '\n', MIN((size_t)st.st_size, 4096)) : NULL;
	if (!nl) {
		c->misses++;
		r = ignore_entry(c, path, "corrupt");
		goto out;
	}
	hlen = (size_t)(nl - (const char *)map);
	plen = (size_t)st.st_size - hlen - 1;
	head = xstrndup(map, hlen);
	doc = json_tokener_parse(head);
	if (!header_matches(c, doc, sha256, kind)) {
		r = ignore_entry(c, path, doc ? "foreign" : "corrupt");
		goto out;
	}
	snprintf(sum, sizeof(sum), "%016llx", (unsigned long long)checksum64(nl + 1, plen));
	if (!json_object_object_get_ex(doc, "length", &jlen) || json_object_get_int64(jlen) < 0 ||
	    (uint64_t)json_object_get_int64(jlen) > CACHE_MAX_BLOB ||
	    !json_object_object_get_ex(doc, "stored", &jstored) ||
	    json_object_get_int64(jstored) != (int64_t)plen || !hdr_is(doc, "codec", "zstd") ||
	    !hdr_is(doc, "checksum", sum)) {
		r = ignore_entry(c, path, "corrupt");
		goto out;
	}
	/* The payload is decompressed into memory of our own: exactly
	 * "length" bytes, or the entry is corrupt. */
	len = (size_t)json_object_get_int64(jlen);
	if (ZSTD_getFrameContentSize(nl + 1, plen) != (unsigned long long)len) {
		r = ignore_entry(c, path, "corrupt");
		goto out;
	}
	buf = xmalloc(len ? len : 1);
	got = ZSTD_decompress(buf, len, nl + 1, plen);
	if (ZSTD_isError(got) || got != len) {
		free(buf);
		r = ignore_entry(c, path, "corrupt");
		goto out;
	}
	*ret_data = buf;
	*ret_len = len;
	c->hits++;
	r = 0;
out:
	if (map != MAP_FAILED)
		munmap(map, (size_t)st.st_size);
	json_object_put(doc);
	free(head);
	free(path);
	return r;
}

void cache_stats(const struct cache *c, size_t *ret_hits, size_t *ret_misses, size_t *ret_bad)
{
	if (ret_hits)
		*ret_hits = c ? c->hits : 0;
	if (ret_misses)
		*ret_misses = c ? c->misses : 0;
	if (ret_bad)
		*ret_bad = c ? c->bad : 0;
}

const struct strv *cache_warnings(const struct cache *c)
{
	static const struct strv empty;

	return c ? &c->warnings : &empty;
}

static void list_files(const char *base, const char *rel, struct strv *out)
{
	char *dir = rel ? path_join(base, rel) : xstrdup(base);
	DIR *d = opendir(dir);
	struct dirent *de;

	if (!d) {
		free(dir);
		return;
	}
	while ((de = readdir(d))) {
		char *r, *full;
		struct stat st;

		if (de->d_name[0] == '.')
			continue;
		r = rel ? path_join(rel, de->d_name) : xstrdup(de->d_name);
		full = path_join(base, r);
		if (stat(full, &st) == 0) {
			if (S_ISDIR(st.st_mode))
				list_files(base, r, out);
			else if (S_ISREG(st.st_mode))
				strv_push(out, r);
		}
		free(full);
		free(r);
	}
	closedir(d);
	free(dir);
}

char *cache_tool_version(const char *version)
{
	char *data, hash[65];
	size_t len;

	if (read_file("/proc/self/exe", 1UL << 30, &data, &len) < 0)
		return xstrdup(version);
	sha256_hex(data, len, hash);
	free(data);
	return xasprintf("%s+%.16s", version, hash);
}

char *cache_db_fingerprint(const char *db_dir)
{
	struct strv files = {0};
	char *acc = xstrdup(""), hash[65];

	if (!db_dir)
		return xstrdup("none");
	list_files(db_dir, NULL, &files);
	if (files.n == 0) {
		free(acc);
		return xstrdup("none");
	}
	strv_sort_unique(&files);
	for (size_t i = 0; i < files.n; i++) {
		char *full = path_join(db_dir, files.v[i]), *data, *next;
		size_t len;

		if (read_file(full, 1UL << 30, &data, &len) == 0) {
			sha256_hex(data, len, hash);
			free(data);
		} else {
			strcpy(hash, "unreadable");
		}
		next = xasprintf("%s%s %s\n", acc, hash, files.v[i]);
		free(acc);
		acc = next;
		free(full);
	}
	sha256_hex(acc, strlen(acc), hash);
	free(acc);
	strv_clear(&files);
	return xstrdup(hash);
}
