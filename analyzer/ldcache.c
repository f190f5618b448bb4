// SPDX-License-Identifier: MIT
#include "ldcache.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define OLD_MAGIC "ld.so-1.7.0"
#define NEW_MAGIC "glibc-ld.so.cache"
#define NEW_VERSION "1.1"
#define OLD_ENTRY_SIZE 12  /* struct file_entry: int flags; uint key, value */
#define NEW_HEADER_SIZE 48 /* struct cache_file_new up to libs[] */
#define NEW_ENTRY_SIZE 24  /* struct file_entry_new */

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* A string at offset off of [base, end), NUL-terminated inside it: off is
 * at or before the last NUL (found once per file by the caller; a search per
 * entry made a cache of 40,000 entries without NULs cost 40,000 scans of
 * the file). */
static const char *str_at(const char *base, const char *last_nul, uint32_t off)
{
	if (!last_nul || off > (size_t)(last_nul - base))
		return NULL;
	return base + off;
}

int ldcache_parse(const void *image, size_t size, struct ldcache **ret)
{
	struct ldcache *c;
	const unsigned char *p;
	size_t off = 0, nlibs;

	if (size >= sizeof(OLD_MAGIC) - 1 + 5 &&
	    memcmp(image, OLD_MAGIC, sizeof(OLD_MAGIC) - 1) == 0) {
		/* Old table first: magic[11], pad, nlibs, entries; the new table
		 * follows, aligned to 8 (ALIGN_CACHE in dl-cache.h). */
		size_t n = le32((const unsigned char *)image + 12);
		if (n > size / OLD_ENTRY_SIZE)
			return -EBADMSG;
		off = (16 + n * OLD_ENTRY_SIZE + 7) & ~(size_t)7;
	}
	if (off > size || size - off < NEW_HEADER_SIZE)
		return -EBADMSG;
	p = (const unsigned char *)image + off;
	if (memcmp(p, NEW_MAGIC, sizeof(NEW_MAGIC) - 1) != 0 ||
	    memcmp(p + 17, NEW_VERSION, sizeof(NEW_VERSION) - 1) != 0)
		return -EBADMSG;
	nlibs = le32(p + 20);
	if (nlibs > (size - off - NEW_HEADER_SIZE) / NEW_ENTRY_SIZE)
		return -EBADMSG;

	c = xcalloc(1, sizeof(*c));
	c->data = xmalloc(size + 1);
	memcpy(c->data, image, size);
	c->data[size] = '\0';
	c->size = size;
	c->entries = xcalloc(nlibs, sizeof(*c->entries));
	/* String offsets of the new format count from the start of its header
	 * (glibc elf/dl-cache.c: cache_data = (const char *) cache_new). */
	{
		const char *base = c->data + off;
		const char *last_nul = memrchr(base, '\0', size - off);
		const unsigned char *e = (const unsigned char *)base + NEW_HEADER_SIZE;
		for (size_t i = 0; i < nlibs; i++, e += NEW_ENTRY_SIZE) {
			struct ldcache_entry *le = &c->entries[c->n];
			le->flags = (int32_t)le32(e);
			le->key = str_at(base, last_nul, le32(e + 4));
			le->value = str_at(base, last_nul, le32(e + 8));
			le->hwcap = (uint64_t)le32(e + 16) | (uint64_t)le32(e + 20) << 32;
			if (le->key && le->value)
				c->n++;
		}
	}
	*ret = c;
	return 0;
}

int ldcache_load(const char *path, struct ldcache **ret)
{
	char *data;
	size_t len;
	int r = read_file(path, 64 << 20, &data, &len);
	if (r < 0)
		return r;
	r = ldcache_parse(data, len, ret);
	free(data);
	return r;
}

void ldcache_free(struct ldcache *c)
{
	if (!c)
		return;
	free(c->data);
	free(c->entries);
	free(c);
}
