// SPDX-License-Identifier: MIT
/* One ELF object through the whole per-object pipeline: the ELF model,
 * facts, the syscall engine, the verdicts and every renderer of `analyze`
 * and `syscalls`. The object is analysed alone under an empty --root (no
 * libc of the host joins the closure, so a run costs what the input's bytes
 * cost), with the harness's small libc maps (fuzz_common.h).
 * Replay: seccompat analyze --no-cache --root EMPTYDIR FILE */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "model.h"
#include "pipeline.h"
#include "render_analyze.h"
#include "render_syscalls.h"
#include "syscalls.h"

static int (*const renderers[])(const struct analysis *, FILE *) = {
	render_analyze_text,
	render_analyze_json,
	render_analyze_dropin,
	render_analyze_markdown,
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct options o = fuzz_options();
	struct analysis *a;
	char *root, *path;
	FILE *null;

	fuzz_reset();
	root = fuzz_write_fixed("root/.keep", "", 0);
	path = fuzz_write_fixed("obj", data, size);
	root[strlen(root) - sizeof(".keep")] = '\0';
	o.root = root;
	if (pipeline_run("fuzz", &o, &path, 1, PIPE_ALL, &a) == 0) {
		null = fopen("/dev/null", "w");
		for (size_t i = 0; i < sizeof(renderers) / sizeof(renderers[0]); i++)
			renderers[i](a, null);
		json_object_put(render_syscalls_json(a));
		render_syscalls_text(a, null);
		fclose(null);
		analysis_free(a);
	}
	free(path);
	free(root);
	return 0;
}
