/* SPDX-License-Identifier: MIT */
/* The shipped libc export maps (db/libc/<abi>-glibc-<V>.json, written by
 * `db build-libc`): for each glibc export, the syscalls it can make. The
 * engine looks an import up here when no object of the closure defines it.
 * A map is read on first use and kept until libcmap_free(); the driver
 * owns the set and passes it to the engine (struct sys_opts). Nothing here
 * prints; not for use from two threads at once. */
#ifndef SECCOMPAT_LIBCMAP_H
#define SECCOMPAT_LIBCMAP_H

#include <json-c/json.h>

#include "arch.h"

struct libcmap;

/* A set reading maps from <db_dir>/libc (NULL: SECCOMPAT_DB_DIR). */
struct libcmap *libcmap_new(const char *db_dir);
void libcmap_free(struct libcmap *m);

/* The "exports" object of abi's map for glibc version `want` (the
 * closure's libc.so.6 or --glibc; NULL when unknown) and its file name in
 * *ret_name: the map of that version, else the newest not newer than it
 * (an older map lists fewer syscalls per export, a newer one may name calls
 * the target's glibc does not make); without a version, or when every map
 * is newer, the newest. NULL when there is none or it does not parse. The
 * first answer for an ABI is kept (one closure has one glibc per ABI). */
json_object *libcmap_exports(struct libcmap *m, enum arch_id abi, const char *want,
			     const char **ret_name);

#endif
