/* SPDX-License-Identifier: MIT */
/* Per-object result cache. An entry is a json-c value stored under
 * (content sha256, kind), valid only for the tool version and data-file
 * version it was computed with: the engine's syscall summary of an object
 * depends on nothing else, so a re-check of an unchanged tree can skip the
 * disassembly entirely.
 *
 * Layout: DIR/v1/<sha[0:2]>/<sha256>.<kind>.<key>.json, where <key> hashes
 * the tool and data versions, so entries of other versions are never read
 * (and never mistaken for ours). Writers write a temporary file in the same
 * directory and rename() it into place: rename is atomic within a file
 * system, so concurrent runs see the old entry, the new one, or none, never
 * half a file. An entry that does not parse or whose header does not match
 * its key is ignored (a warning is queued for the driver) and recomputed.
 *
 * The module never prints: warnings are collected in the cache and the
 * driver shows them. */
#ifndef SECCOMPAT_CACHE_H
#define SECCOMPAT_CACHE_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stddef.h>

#include "util.h"

#define CACHE_FORMAT "seccompat-cache/1"

struct cache;

/* The default directory: $XDG_CACHE_HOME/seccompat (only when absolute,
 * as the XDG base directory spec says), else ~/.cache/seccompat. NULL when
 * neither is known. Caller frees. */
char *cache_default_dir(void);

/* Opens (creates) a cache in dir for tool_version and db_version (see
 * cache_db_fingerprint()). Returns 0 or -errno when dir cannot be created. */
int cache_open(const char *dir, const char *tool_version, const char *db_version,
	       struct cache **ret_cache);
void cache_free(struct cache *c);

/* Looks up (sha256, kind). Returns 0 and a new reference in *ret_value;
 * -ENOENT on a miss; -EBADMSG when an entry was there but was corrupt or
 * foreign (it is ignored, a warning is queued); -EINVAL for a malformed
 * sha256 or kind (kind: [a-z0-9_-]+). c may be NULL (always a miss). */
int cache_get(struct cache *c, const char *sha256, const char *kind, json_object **ret_value);
/* Stores value under (sha256, kind), replacing atomically. Returns 0 or
 * -errno (the cache is an optimisation: callers may ignore failures).
 * c may be NULL (nothing happens, returns 0). */
int cache_put(struct cache *c, const char *sha256, const char *kind, json_object *value);

/* The same for an opaque byte string (for summaries too big to parse as
 * JSON quickly), stored zstd-compressed. The entry carries its length, its
 * stored size and a checksum; a mismatch is a corrupt entry. *ret_data is
 * the decompressed payload, malloc'd, caller frees. */
int cache_get_blob(struct cache *c, const char *sha256, const char *kind, void **ret_data,
		   size_t *ret_len);
int cache_put_blob(struct cache *c, const char *sha256, const char *kind, const void *data,
		   size_t len);

/* Hits, misses and ignored entries so far (for --verbose and benchmarks). */
void cache_stats(const struct cache *c, size_t *ret_hits, size_t *ret_misses, size_t *ret_bad);
/* Warnings queued since open ("DIR/..json: warning: ignoring a corrupt cache
 * entry (...)"), for the driver to print. */
const struct strv *cache_warnings(const struct cache *c);

/* version plus a hash of the running executable: summaries are plain
 * structs of this build, and a rebuilt engine may find other things, so
 * every build has its own entries. Caller frees. */
char *cache_tool_version(const char *version);

/* A version string for the data files under db_dir: the SHA-256 of every
 * regular file's relative path and contents, in sorted order, so editing a
 * data file invalidates the entries computed with it. "none" when db_dir
 * does not exist. Caller frees. */
char *cache_db_fingerprint(const char *db_dir);

/* For cache_sys.c: memory freed with the cache, and the summaries it
 * handed out. */
void cache_keep(struct cache *c, void *mem);
void cache_mark_loaded(struct cache *c, const void *p);
bool cache_was_loaded(const struct cache *c, const void *p);
/* Counts a blob entry that read fine but did not decode as ignored, with a
 * warning naming its file. */
void cache_note_bad(struct cache *c, const char *sha256, const char *kind);

/* ---- the syscall engine's per-object summaries (cache_sys.c) ----
 *
 * What the engine computes per object (struct obj_syscalls: functions,
 * gates, calls, argument snapshots, references) depends only on the
 * object's bytes, so it is cached by content. The cross-object half
 * (binding calls, resolving numbers, reachability) runs every time.
 *
 * Use, around syscalls_analyze():
 *	cache_load_syscalls(cache, a, kernel);  // fills obj->sys of cached objects
 *	... disassemble the others (syscalls_analyze() does it) ...
 *	cache_store_syscalls(cache, a); // stores the ones not loaded
 * Strings of loaded summaries (function and import names) are owned by the
 * cache: free the analysis before the cache. */
struct analysis;
struct obj_syscalls;
struct elf_object;

/* Loads the summary of one object computed for a kernel of version
 * `kernel` (0: no assumption; obj_syscalls.kernel_version); 0, -ENOENT,
 * -EBADMSG (ignored entry, warning queued). */
int cache_get_syscalls(struct cache *c, const char *sha256, const struct elf_object *elf,
		       unsigned kernel, struct obj_syscalls **ret_sys);
int cache_put_syscalls(struct cache *c, const char *sha256, const struct obj_syscalls *sys);
/* For every object of a without obj->sys: load it from the cache (its
 * summary for `kernel`). Returns the number loaded. */
size_t cache_load_syscalls(struct cache *c, struct analysis *a, unsigned kernel);
/* Stores obj->sys of every object that was not loaded from c. Returns the
 * number stored. */
size_t cache_store_syscalls(struct cache *c, const struct analysis *a);

#endif
