// SPDX-License-Identifier: MIT
/* A cache entry through the real cache reader: the syscall engine's
 * summary of one object of the srcds sample tree (analysed once per
 * process), as `--cache DIR` would find it, then the cross-object engine
 * and its renderers over it.
 *
 * Input: one byte, then the entry. Bits 0-6 of the byte pick the object
 * (index modulo the closure's size). Bit 7 clear: the rest is the payload,
 * written with a valid header (length and checksum computed here, so the
 * decoder is reached); set: the rest is the whole entry file, header
 * included.
 * Seeds: FUZZ_CACHE_SEEDS=DIR fuzz_cache writes one seed per object (the
 * engine's own summaries) into DIR and exits.
 * Replay through the CLI: tests/fuzz/cache_entry.py (see
 * tests/integration/fuzz_regress.sh). */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cache.h"
#include "fuzz_common.h"
#include "libcmap.h"
#include "model.h"
#include "pipeline.h"
#include "render_syscalls.h"
#include "syscalls.h"

/* The entry kind of summaries made for fuzz_options()' kernel (6.12):
 * cache_sys.c's sys_kind(). */
#define KERNEL (6 * 10000 + 12 * 100)
#define KIND "sys1-k61200"

static struct analysis *srcds;

static void write_seeds(const char *dir)
{
	struct cache *c;
	char *cdir = path_join(fuzz_dir(), "seedcache");

	if (cache_open(cdir, "fuzz", "fuzz", &c) < 0)
		abort();
	for (size_t i = 0; i < srcds->n_objects; i++) {
		const struct sc_object *obj = srcds->objects[i];
		void *data;
		size_t len;
		char *path, *seed;
		FILE *f;

		if (!obj->sys || cache_put_syscalls(c, obj->sha256, obj->sys) < 0 ||
		    cache_get_blob(c, obj->sha256, KIND, &data, &len) < 0)
			continue;
		path = xasprintf("%s/cache-%zu-%s", dir, i, path_basename(obj->path));
		seed = xmalloc(len + 1);
		seed[0] = (char)i;
		memcpy(seed + 1, data, len);
		f = fopen(path, "wb");
		if (!f || fwrite(seed, 1, len + 1, f) != len + 1 || fclose(f) != 0)
			abort();
		free(seed);
		free(data);
		free(path);
	}
	cache_free(c);
	free(cdir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct options o = fuzz_options();
	char *target = FUZZ_SAMPLES_DIR "/srcds", *seeds = getenv("FUZZ_CACHE_SEEDS");

	o.root = target;
	if (pipeline_run("fuzz", &o, &target, 1, PIPE_SYSCALLS, &srcds) < 0 ||
	    srcds->n_objects == 0) {
		fprintf(stderr, "fuzz_cache: cannot analyse %s (build the samples)\n", target);
		abort();
	}
	if (seeds) {
		write_seeds(seeds);
		exit(0);
	}
	return 0;
}

/* Overwrites the one entry file under dir/v1 with the input's bytes. */
static void overwrite_entry(const char *dir, const char *sha, const uint8_t *data, size_t len)
{
	char *sub = xasprintf("%s/v1/%.2s", dir, sha);
	DIR *d = opendir(sub);
	struct dirent *de;

	while (d && (de = readdir(d))) {
		if (de->d_name[0] != '.') {
			char *rel = xasprintf("cache/v1/%.2s/%s", sha, de->d_name);

			free(fuzz_write_fixed(rel, data, len));
			free(rel);
		}
	}
	if (d)
		closedir(d);
	free(sub);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Kept across runs, as the maps it reads do not change. */
	static struct libcmap *libc;
	struct sys_opts so = {.max_prov = 8, .kernel_version = KERNEL};
	struct obj_syscalls *mine;
	struct sc_object *obj;
	struct cache *c;
	char *dir;

	if (size < 1)
		return 0;
	if (!libc)
		libc = libcmap_new(FUZZ_DB_DIR);
	so.libc = libc;
	fuzz_reset();
	obj = srcds->objects[(data[0] & 0x7f) % srcds->n_objects];
	dir = path_join(fuzz_dir(), "cache");
	if (cache_open(dir, "fuzz", "fuzz", &c) < 0)
		abort();
	cache_put_blob(c, obj->sha256, KIND, data + 1, size - 1);
	if (data[0] & 0x80)
		overwrite_entry(dir, obj->sha256, data + 1, size - 1);
	mine = obj->sys;
	obj->sys = NULL;
	if (cache_load_syscalls(c, srcds, KERNEL) == 1) {
		FILE *null = fopen("/dev/null", "w");

		syscalls_analyze(srcds, &so);
		json_object_put(render_syscalls_json(srcds));
		render_syscalls_text(srcds, null);
		fclose(null);
		obj_syscalls_free(obj->sys);
	}
	obj->sys = mine;
	cache_free(c);
	free(dir);
	return 0;
}
