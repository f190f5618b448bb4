// SPDX-License-Identifier: MIT
/* A baseline JSON through `diff` and `check`: loaded and validated like
 * `--baseline FILE`, then compared both ways with a re-analysis of the
 * srcds sample tree made once per process (what `check` compares it with)
 * and rendered in every format of the two verbs.
 * Replay: seccompat diff INPUT NEW.json, seccompat check --no-cache
 *	--root SAMPLES/srcds --baseline INPUT SAMPLES/srcds */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "fuzz_common.h"
#include "model.h"
#include "pipeline.h"
#include "render_analyze.h"

static json_object *now;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct options o = fuzz_options();
	char *target = FUZZ_SAMPLES_DIR "/srcds";
	struct analysis *a;

	o.root = target;
	if (pipeline_run("fuzz", &o, &target, 1, PIPE_ALL, &a) < 0) {
		fprintf(stderr, "fuzz_baseline: cannot analyse %s (build the samples)\n", target);
		abort();
	}
	now = render_analyze_json_doc(a);
	analysis_free(a);
	return 0;
}

static void render_all(const struct diff *d)
{
	FILE *null = fopen("/dev/null", "w");

	diff_render_text(d, null);
	diff_render_markdown(d, null);
	diff_render_json(d, null);
	fclose(null);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_object *base = NULL;
	char *path, *err = NULL;
	struct diff *d;

	fuzz_reset();
	path = fuzz_write_fixed("baseline.json", data, size);
	if (diff_load_file(path, &base, &err) == 0) {
		d = diff_compare(path, base, "re-analysis", now);
		render_all(d);
		diff_free(d);
		d = diff_compare("re-analysis", now, path, base);
		render_all(d);
		diff_free(d);
		d = diff_compare(path, base, path, base);
		render_all(d);
		diff_free(d);
		json_object_put(base);
	}
	free(err);
	free(path);
	return 0;
}
