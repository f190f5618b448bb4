// SPDX-License-Identifier: MIT
/* `seccompat analyze TARGET...`: closure -> per-object facts -> directive
 * verdicts -> one of the renderers. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "closure.h"
#include "facts.h"
#include "render_analyze.h"
#include "verdicts.h"

static int (*const renderers[FORMAT_MAX])(const struct analysis *, FILE *) = {
	[FORMAT_TEXT] = render_analyze_text,
	[FORMAT_JSON] = render_analyze_json,
	[FORMAT_DROPIN] = render_analyze_dropin,
	[FORMAT_MARKDOWN] = render_analyze_markdown,
};

int verb_analyze(int argc, char **argv, const struct options *o)
{
	struct closure_opts copts;
	struct verdict_opts vopts = {
		.systemd_version = o->systemd_version,
		.kernel_version = o->kernel_version,
	};
	struct analysis *a;
	FILE *f;
	int r, ret;

	if (o->units.n) {
		fputs("seccompat analyze: --unit is not implemented yet\n", stderr);
		return EXIT_USAGE;
	}
	if (cli_closure_opts(o, &copts) < 0)
		return EXIT_USAGE;
	vopts.host = copts.host;

	a = analysis_new();
	r = closure_build(a, &copts, argv, (size_t)argc);
	if (r < 0) {
		cli_print_diags(a, o->quiet);
		fprintf(stderr, "seccompat analyze: nothing to analyse: %s\n", strerror(-r));
		analysis_free(a);
		return EXIT_USAGE;
	}
	facts_collect_all(a, o->max_sites);
	verdicts_build(a, &vopts);
	cli_print_diags(a, o->quiet);

	f = cli_open_output(o);
	if (!f) {
		analysis_free(a);
		return EXIT_USAGE;
	}
	r = renderers[o->format](a, f);
	cli_close_output(o, f);
	if (r < 0)
		fprintf(stderr, "seccompat analyze: cannot write the report: %s\n", strerror(-r));
	/* analyze succeeds when it could analyse; a directive that is not
	 * tolerated is a finding in the report, not a failure. */
	ret = a->input_error || r < 0 ? EXIT_USAGE : EXIT_OK;
	analysis_free(a);
	return ret;
}
