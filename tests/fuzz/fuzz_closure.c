// SPDX-License-Identifier: MIT
/* A small closure: two or three objects (and optionally etc/ld.so.cache
 * or a start script) laid out in a tree by the multi-file format of
 * fuzz_common.h, with DT_NEEDED, RPATH/RUNPATH and $ORIGIN between them.
 * The first part is the target, analysed under --root TREE through the
 * closure and the per-object facts, then rendered like `deps`.
 * Replay: tests/fuzz/unpack.py INPUT TREE, then
 *	seccompat deps --root TREE TREE/<first part> */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "closure.h"
#include "facts.h"
#include "fuzz_common.h"
#include "model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_part parts[FUZZ_MAX_PARTS];
	size_t n = fuzz_split(data, size, parts, FUZZ_MAX_PARTS);
	struct options o = fuzz_options();
	char *target = NULL, *tree;

	if (n == 0)
		return 0;
	fuzz_reset();
	for (size_t i = 0; i < n; i++) {
		char *rel = xasprintf("tree/%s", parts[i].path), *p;

		p = fuzz_write(rel, parts[i].data, parts[i].len);
		free(rel);
		if (i == 0 && !p)
			return 0;
		if (i == 0)
			target = p;
		else
			free(p);
	}
	tree = path_join(fuzz_dir(), "tree");
	o.root = tree;
	/* deps in one of its formats, then the per-object facts. */
	o.format = size % 2 ? FORMAT_TEXT : FORMAT_JSON;
	verb_deps(1, &target, &o);
	{
		struct closure_opts copts;
		struct analysis *a = analysis_new();

		cli_closure_opts(&o, &copts);
		if (closure_build(a, &copts, &target, 1) == 0)
			facts_collect_all(a, o.max_sites);
		analysis_free(a);
	}
	free(target);
	free(tree);
	return 0;
}
