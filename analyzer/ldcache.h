/* SPDX-License-Identifier: MIT */
/* Reader for /etc/ld.so.cache in glibc's current format
 * ("glibc-ld.so.cache1.1", optionally behind the old "ld.so-1.7.0" table),
 * as defined in glibc sysdeps/generic/dl-cache.h. */
#ifndef SECCOMPAT_LDCACHE_H
#define SECCOMPAT_LDCACHE_H

#include <stddef.h>
#include <stdint.h>

/* Entries whose hwcap has this bit select a glibc-hwcaps subdirectory
 * (dl-cache.h DL_CACHE_HWCAP_EXTENSION); which one applies depends on the
 * CPU of the host that runs the service. */
#define LDCACHE_HWCAP_EXTENSION (1ULL << 62)

struct ldcache_entry {
	const char *key;   /* soname */
	const char *value; /* path */
	int32_t flags;	   /* FLAG_ELF_LIBC6 | arch bits */
	uint64_t hwcap;
};

struct ldcache {
	char *data;
	size_t size;
	struct ldcache_entry *entries;
	size_t n;
};

/* Parses a cache image (copied). -EBADMSG when it is not a cache we know. */
int ldcache_parse(const void *data, size_t size, struct ldcache **ret);
/* Reads and parses path; -errno. */
int ldcache_load(const char *path, struct ldcache **ret);
void ldcache_free(struct ldcache *c);

#endif
