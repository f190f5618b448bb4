/* SPDX-License-Identifier: MIT */
/* What the libFuzzer targets share: a private scratch directory per process
 * (on tmpfs when there is one), the options the CLI would pass, and the
 * multi-file input format.
 *
 * A multi-file input is a list of parts, each introduced by the 8-byte
 * marker "SCFZPART" and a relative path ending in '\n':
 *	SCFZPARTbin/app\n<bytes>SCFZPARTlib/libfoo.so\n<bytes>...
 * Paths are cleaned (only [A-Za-z0-9._+/-], no "..", no leading '/') so
 * every part lands inside the scratch tree. The same file can be laid out
 * out with tests/fuzz/unpack.py to replay an input through the CLI. */
#ifndef SECCOMPAT_FUZZ_COMMON_H
#define SECCOMPAT_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include "cli.h"

#define FUZZ_PART_MARK "SCFZPART"
#define FUZZ_MAX_PARTS 8

struct fuzz_part {
	char path[128]; /* cleaned, relative */
	const uint8_t *data;
	size_t len;
};

/* The process's scratch directory (created on first use, removed at
 * exit). */
const char *fuzz_dir(void);
/* Empties the scratch directory. */
void fuzz_reset(void);
/* Writes data to fuzz_dir()/rel (making parent directories); returns the
 * full path (caller frees), or NULL when a part's name clashes with another
 * (a file where a directory is needed). */
char *fuzz_write(const char *rel, const void *data, size_t len);
/* The same for the harness's own files: aborts on failure, which is the
 * harness's problem, not the input's. */
char *fuzz_write_fixed(const char *rel, const void *data, size_t len);
/* Splits a multi-file input; returns the number of parts (at most max).
 * Bytes before the first marker are ignored. */
size_t fuzz_split(const uint8_t *data, size_t len, struct fuzz_part *parts, size_t max);
/* The options of a quiet, cache-less CLI run writing to /dev/null, with the
 * harness's data directory (FUZZ_DB_DIR: small libc maps, so that an input
 * costs what its bytes cost, not the load of a 1 MB map). */
struct options fuzz_options(void);

#endif
