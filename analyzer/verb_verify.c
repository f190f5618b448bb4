// SPDX-License-Identifier: MIT
/* `seccompat verify [TARGET...] -- COMMAND [ARG...]`: the policy of --unit
 * (or the directives analyze derives for TARGETs) -> the command run under
 * it, supervised -> the calls it refused, and with --trace every call
 * compared with the analysis of TARGETs. The only verb that executes. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "cli.h"
#include "pipeline.h"
#include "syscalls.h"
#include "unitfile.h"
#include "verify.h"

/* The running kernel's version: MemoryDenyWriteExecute= is enforced by
 * the kernel this runs on, not by the --kernel of an analysis. */
static unsigned running_kernel(void)
{
	struct utsname u;
	unsigned v = 0;
	size_t n;

	if (uname(&u) < 0)
		return 0;
	n = strspn(u.release, "0123456789.");
	u.release[n] = '\0';
	if (n && u.release[n - 1] == '.')
		u.release[n - 1] = '\0';
	return parse_version(u.release, &v) < 0 ? 0 : v;
}

/* The executables of the closure: processes running one of them are
 * compared with the analysis (--trace). */
static void analysed_exes(const struct analysis *a, struct strv *out)
{
	for (size_t i = 0; a && i < a->n_objects; i++) {
		const struct sc_object *obj = a->objects[i];
		if (obj->role == ROLE_ENTRY || obj->role == ROLE_SCRIPT_INTERP ||
		    obj->role == ROLE_LOADER)
			strv_push(out, obj->real_path);
	}
	strv_sort_unique(out);
}

static int usage_error(const char *msg)
{
	fprintf(stderr, "seccompat verify: %s (see seccompat verify --help)\n", msg);
	return EXIT_USAGE;
}

int verb_verify(int argc, char **argv, const struct options *o)
{
	struct unit_settings *unit = NULL;
	struct analysis *a = NULL;
	struct verify_policy *p = NULL;
	struct verify_result *res = NULL;
	struct strv exes = {0};
	char *err = NULL;
	struct cli_output out;
	int r, ret = EXIT_USAGE;

	if (!o->command || !o->command[0])
		return usage_error("expected -- COMMAND [ARG...] after the targets");
	if (o->format != FORMAT_TEXT && o->format != FORMAT_JSON)
		return usage_error("--format: text or json");
	if (!o->units.n && argc == 0)
		return usage_error("give TARGETs (their derived directives are the policy) "
				   "or --unit");
	if (o->trace && argc == 0)
		return usage_error("--trace compares with the analysis of TARGETs: give them");

	if (o->units.n && cli_load_unit("verify", o, &unit) < 0)
		return EXIT_USAGE;
	if (argc > 0) {
		if (pipeline_run("verify", o, argv, (size_t)argc, PIPE_ALL, &a) < 0)
			goto out;
		cli_print_diags(a, o->quiet);
	}
	r = unit ? verify_policy_from_unit(unit, o->db_dir, o->systemd_version, running_kernel(),
					   &p)
		 : verify_policy_from_verdicts(a->verdicts, o->db_dir, o->systemd_version,
					       running_kernel(), &p);
	if (r < 0) {
		fprintf(stderr, "%s/systemd: error: no systemd group table: %s\n", o->db_dir,
			strerror(-r));
		goto out;
	}
	for (size_t i = 0; i < p->warnings.n; i++)
		fprintf(stderr, "seccompat verify: warning: %s\n", p->warnings.v[i]);

	analysed_exes(a, &exes);
	{
		struct verify_run_opts ro = {
			.policy = p,
			.mode = o->enforce ? VERIFY_ENFORCE : VERIFY_OBSERVE,
			.trace = o->trace,
			.argv = o->command,
			.analysed_exes = &exes,
			.progress = o->quiet ? NULL : stderr,
		};
		r = verify_run(&ro, &res, &err);
	}
	if (r < 0) {
		fprintf(stderr, "seccompat verify: error: %s\n", err ? err : strerror(-r));
		free(err);
		goto out;
	}
	if (o->trace)
		verify_compare(res, a ? a->sysreport : NULL);

	if (cli_output_open(o, &out) < 0)
		goto out;
	r = o->format == FORMAT_JSON ? render_verify_json(a, p, res, out.f)
				     : render_verify_text(p, res, out.f);
	if (cli_output_close(&out, r >= 0 && !(a && a->input_error)) < 0 && r >= 0)
		r = -EIO;
	if (r < 0)
		fprintf(stderr, "seccompat verify: cannot write the result: %s\n", strerror(-r));
	else if (!(a && a->input_error))
		ret = verify_findings(res) ? EXIT_FINDINGS : EXIT_OK;
out:
	strv_clear(&exes);
	verify_result_free(res);
	verify_policy_free(p);
	unit_settings_free(unit);
	analysis_free(a);
	return ret;
}
