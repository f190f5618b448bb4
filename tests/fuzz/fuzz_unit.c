// SPDX-License-Identifier: MIT
/* A unit file plus its drop-in directory, in the multi-file format of
 * fuzz_common.h: the first part is the unit (TREE/fuzz.service), every
 * other part a drop-in (TREE/fuzz.service.d/<its name>.conf). The unit is
 * loaded like `analyze --unit` does and checked against an analysis of the
 * srcds sample tree made once per process, then rendered.
 * Replay: lay the parts out as above, then
 *	seccompat analyze --no-cache --root SAMPLES/srcds \
 *		--unit TREE/fuzz.service SAMPLES/srcds */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "model.h"
#include "pipeline.h"
#include "unitcheck.h"
#include "unitfile.h"
#include "util.h"
#include "render_unitcheck.h"

static struct analysis *srcds;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct options o = fuzz_options();
	char *target = FUZZ_SAMPLES_DIR "/srcds";

	o.root = target;
	if (pipeline_run("fuzz", &o, &target, 1, PIPE_ALL, &srcds) < 0) {
		fprintf(stderr, "fuzz_unit: cannot analyse %s (build the samples)\n", target);
		abort();
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_part parts[FUZZ_MAX_PARTS];
	size_t n = fuzz_split(data, size, parts, FUZZ_MAX_PARTS);
	struct unit_settings *u = NULL;
	struct unitcheck *uc = NULL;
	char *unit = NULL, *err = NULL;

	if (n == 0)
		return 0;
	fuzz_reset();
	for (size_t i = 0; i < n; i++) {
		const char *base = strrchr(parts[i].path, '/');
		char *rel = i == 0 ? xstrdup("fuzz.service")
				   : xasprintf("fuzz.service.d/%s.conf",
					       base ? base + 1 : parts[i].path);
		char *p = fuzz_write(rel, parts[i].data, parts[i].len);

		free(rel);
		if (i == 0 && !p)
			return 0;
		if (i == 0)
			unit = p;
		else
			free(p);
	}
	if (unitfile_load(unit, &u, &err) == 0) {
		/* the group tables of systemd 257 and 252 */
		if (unitcheck_run(srcds, u, FUZZ_DB_DIR, size % 2 ? 2570000 : 2520000, &uc) == 0) {
			FILE *null = fopen("/dev/null", "w");

			render_unitcheck_text(uc, 8, null);
			render_unitcheck_markdown(uc, 0, null);
			json_object_put(render_unitcheck_json(uc));
			fclose(null);
			unitcheck_free(uc);
		}
		unit_settings_free(u);
	}
	free(err);
	free(unit);
	return 0;
}
