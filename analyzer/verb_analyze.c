// SPDX-License-Identifier: MIT
/* `seccompat analyze TARGET...`: closure -> per-object facts -> directive
 * verdicts -> one of the renderers. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "closure.h"
#include "facts.h"
#include "render_analyze.h"
#include "syscalls.h"
#include "unitcheck.h"
#include "unitfile.h"
#include "verdicts.h"

static int (*const renderers[FORMAT_MAX])(const struct analysis *, FILE *) = {
	[FORMAT_TEXT] = render_analyze_text,
	[FORMAT_JSON] = render_analyze_json,
	[FORMAT_DROPIN] = render_analyze_dropin,
	[FORMAT_MARKDOWN] = render_analyze_markdown,
};

/* W->X call sites the syscall engine found join MemoryDenyWriteExecute=
 * as blockers. */
static void add_wx_blockers(struct analysis *a)
{
	const struct sysreport *r = a->sysreport;
	struct wx_call *calls;

	if (!r || !r->n_wx || !a->verdicts)
		return;
	calls = xcalloc(r->n_wx, sizeof(*calls));
	for (size_t i = 0; i < r->n_wx; i++) {
		calls[i].obj = r->wx[i].obj;
		calls[i].function = r->wx[i].func;
		calls[i].vaddr = r->wx[i].vaddr;
		calls[i].called = r->wx[i].callee;
		calls[i].prot = (int)r->wx[i].prot;
	}
	verdicts_add_wx_calls(a->verdicts, calls, r->n_wx);
	free(calls);
}

int verb_analyze(int argc, char **argv, const struct options *o)
{
	struct closure_opts copts;
	struct verdict_opts vopts = {
		.systemd_version = o->systemd_version,
		.kernel_version = o->kernel_version,
		.db_dir = o->db_dir,
	};
	struct sys_opts sopts = {.max_prov = o->max_sites};
	struct unit_settings *unit = NULL;
	struct analysis *a;
	FILE *f;
	int r, ret;

	if (cli_closure_opts(o, &copts) < 0)
		return EXIT_USAGE;
	vopts.host = copts.host;
	if (o->units.n) {
		char *err = NULL;
		if (unitfile_parse_files((const char *const *)o->units.v, o->units.n, &unit, &err) <
		    0) {
			fprintf(stderr, "%s\n",
				err ? err : "seccompat analyze: cannot read the unit");
			free(err);
			return EXIT_USAGE;
		}
	}

	a = analysis_new();
	r = closure_build(a, &copts, argv, (size_t)argc);
	if (r < 0) {
		cli_print_diags(a, o->quiet);
		fprintf(stderr, "seccompat analyze: nothing to analyse: %s\n", strerror(-r));
		analysis_free(a);
		return EXIT_USAGE;
	}
	facts_collect_all(a, o->max_sites);
	syscalls_analyze(a, &sopts);
	verdicts_build(a, &vopts);
	add_wx_blockers(a);
	if (unit) {
		r = unitcheck_run(a, unit, o->db_dir, o->systemd_version, &a->unitcheck);
		unit_settings_free(unit);
		if (r < 0) {
			fprintf(stderr, "%s/systemd: error: no systemd group table: %s\n",
				o->db_dir, strerror(-r));
			analysis_free(a);
			return EXIT_USAGE;
		}
	}
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
	 * tolerated is a finding in the report, not a failure. A directive of
	 * a checked unit (--unit) that breaks the service is. */
	ret = a->input_error || r < 0 ? EXIT_USAGE : EXIT_OK;
	if (ret == EXIT_OK && a->unitcheck && a->unitcheck->worst == FILTER_BREAKS)
		ret = EXIT_FINDINGS;
	analysis_free(a);
	return ret;
}
