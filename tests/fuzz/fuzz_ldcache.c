// SPDX-License-Identifier: MIT
/* /etc/ld.so.cache bytes: the parser, then the loader's lookups through it.
 * The input becomes TREE/etc/ld.so.cache of a fixed tree holding an i386
 * and an x86-64 program (the samples' hello32/hello64, NEEDED libc.so.6)
 * and small stand-in libraries at the Debian multiarch paths; the closure
 * of both programs under --root TREE looks libc.so.6 up in the cache.
 * Replay: copy the input to TREE/etc/ld.so.cache, then
 *	seccompat deps --root TREE TREE/bin/hello64 TREE/bin/hello32 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "closure.h"
#include "fuzz_common.h"
#include "ldcache.h"
#include "model.h"

static char *targets[2];
static char *tree;

static void copy_in(const char *from, const char *rel)
{
	char *data, *p;
	size_t len;

	if (read_file(from, 64 << 20, &data, &len) < 0) {
		fprintf(stderr, "fuzz_ldcache: cannot read %s (build the samples)\n", from);
		abort();
	}
	p = fuzz_write_fixed(rel, data, len);
	free(data);
	free(p);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	copy_in(FUZZ_SAMPLES_DIR "/clean64/hello64", "tree/bin/hello64");
	copy_in(FUZZ_SAMPLES_DIR "/clean32/hello32", "tree/bin/hello32");
	copy_in(FUZZ_SAMPLES_DIR "/asm/libgates64.so", "tree/lib/x86_64-linux-gnu/libc.so.6");
	copy_in(FUZZ_SAMPLES_DIR "/asm/libgates32.so", "tree/lib/i386-linux-gnu/libc.so.6");
	tree = path_join(fuzz_dir(), "tree");
	targets[0] = path_join(tree, "bin/hello64");
	targets[1] = path_join(tree, "bin/hello32");
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct options o = fuzz_options();
	struct closure_opts copts;
	struct analysis *a;
	struct ldcache *c;
	char *p;

	if (ldcache_parse(data, size, &c) == 0) {
		size_t n = 0;

		for (size_t i = 0; i < c->n; i++)
			n += strcmp(c->entries[i].key, "libc.so.6") == 0 && c->entries[i].value[0];
		(void)n;
		ldcache_free(c);
	}
	p = fuzz_write_fixed("tree/etc/ld.so.cache", data, size);
	free(p);
	o.root = tree;
	cli_closure_opts(&o, &copts);
	a = analysis_new();
	closure_build(a, &copts, targets, 2);
	analysis_free(a);
	return 0;
}
