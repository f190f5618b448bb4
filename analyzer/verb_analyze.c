// SPDX-License-Identifier: MIT
/* `seccompat analyze TARGET...`: closure -> per-object facts -> directive
 * verdicts -> one of the renderers. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "pipeline.h"
#include "render_analyze.h"
#include "unitcheck.h"
#include "unitfile.h"
#include "render_unitcheck.h"

static int (*const renderers[FORMAT_MAX])(const struct analysis *, FILE *) = {
	[FORMAT_TEXT] = render_analyze_text,
	[FORMAT_JSON] = render_analyze_json,
	[FORMAT_DROPIN] = render_analyze_dropin,
	[FORMAT_MARKDOWN] = render_analyze_markdown,
};

int verb_analyze(int argc, char **argv, const struct options *o)
{
	struct unit_settings *unit = NULL;
	struct analysis *a;
	int r;

	if (o->units.n && cli_load_unit("analyze", o, &unit) < 0)
		return EXIT_USAGE;
	if (pipeline_run("analyze", o, argv, (size_t)argc, PIPE_ALL, &a) < 0) {
		unit_settings_free(unit);
		return EXIT_USAGE;
	}
	a->report_limit = o->verbose ? 0 : 8;
	if (unit) {
		r = unitcheck_run(a, unit, o->db_dir, o->systemd_version, &a->unitcheck);
		a->free_unitcheck = unitcheck_free;
		unit_settings_free(unit);
		if (r < 0) {
			fprintf(stderr, "%s/systemd: error: no systemd group table: %s\n",
				o->db_dir, strerror(-r));
			analysis_free(a);
			return EXIT_USAGE;
		}
		render_unitcheck_warnings(a->unitcheck, stderr);
		/* Each status is judged against the closure's objects only. */
		for (size_t i = 0; a->incomplete && i < a->unitcheck->n; i++)
			strv_push_owned(&a->unitcheck->items[i].reasons,
					xasprintf("incomplete: %s", a->incomplete));
	}
	cli_print_diags(a, o->quiet);
	/* analyze succeeds when it could analyse; a directive that is not
	 * tolerated is a finding in the report, not a failure. A directive of
	 * a checked unit (--unit) that breaks the service is. */
	return pipeline_finish("analyze", o, a, renderers[o->format],
			       a->unitcheck && a->unitcheck->worst == FILTER_BREAKS);
}
