// SPDX-License-Identifier: MIT
/* `seccompat diff OLD.json NEW.json` and `seccompat check --baseline FILE
 * [--unit UNIT...] TARGET...` (issue 6: re-check after a binary update;
 * issue 15: re-judge the deployed unit). diff compares two saved results;
 * check re-analyses the targets in-process, re-checks the unit (--unit, or
 * the one the baseline recorded) and compares the result with the
 * baseline. Both exit 0 when the directives the old result
 * justified still hold, 1 when they do not (diff.h has the rule), 2 on
 * usage or input errors. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "demangle.h"
#include "diff.h"
#include "pipeline.h"
#include "render_analyze.h"
#include "unitcheck.h"
#include "unitfile.h"
#include "render_unitcheck.h"

static int (*const renderers[FORMAT_MAX])(const struct diff *, FILE *) = {
	[FORMAT_TEXT] = diff_render_text,
	[FORMAT_JSON] = diff_render_json,
	[FORMAT_MARKDOWN] = diff_render_markdown,
};

static int text(const void *d, FILE *f)
{
	return diff_render_text(d, f);
}

static int markdown(const void *d, FILE *f)
{
	return diff_render_markdown(d, f);
}

static bool format_ok(const char *verb, const struct options *o)
{
	if (o->format < FORMAT_MAX && renderers[o->format])
		return true;
	fprintf(stderr, "seccompat %s: this verb writes text, json or markdown\n", verb);
	return false;
}

/* Renders d; returns the exit code: 1 when the re-check fails, 0 when not, 2 when
 * the report could not be written. */
static int render(const char *verb, const struct diff *d, const struct options *o)
{
	struct cli_output out;
	int r;

	if (cli_output_open(o, &out) < 0)
		return EXIT_USAGE;
	/* C++ names are demangled for people (demangle.h), kept in JSON. */
	if (o->format == FORMAT_JSON)
		r = renderers[o->format](d, out.f);
	else
		r = demangle_render(d, o->format == FORMAT_TEXT ? text : markdown, out.f);
	if (cli_output_close(&out, r >= 0) < 0 && r >= 0)
		return EXIT_USAGE;
	if (r < 0) {
		fprintf(stderr, "seccompat %s: cannot write the report: %s\n", verb, strerror(-r));
		return EXIT_USAGE;
	}
	return d->fails ? EXIT_FINDINGS : EXIT_OK;
}

int verb_diff(int argc, char **argv, const struct options *o)
{
	json_object *old_doc = NULL, *new_doc = NULL;
	struct diff *d;
	char *err = NULL;
	int ret;

	if (argc != 2 || !format_ok("diff", o))
		return EXIT_USAGE;
	if (diff_load_file(argv[0], &old_doc, &err) < 0 ||
	    diff_load_file(argv[1], &new_doc, &err) < 0) {
		fprintf(stderr, "%s\n", err);
		free(err);
		json_object_put(old_doc);
		return EXIT_USAGE;
	}
	d = diff_compare(argv[0], old_doc, argv[1], new_doc);
	ret = render("diff", d, o);
	diff_free(d);
	json_object_put(old_doc);
	json_object_put(new_doc);
	return ret;
}

/* The analyze pipeline of `seccompat analyze` returning the JSON document
 * `analyze --format json` writes, so that a re-analysis compares with a
 * saved one field by field. Diagnostics are printed to stderr. Returns 0,
 * or -errno when nothing could be analysed; *ret_input_error tells whether
 * some input was bad. */
static int analyze_to_json(char *const *targets, size_t n_targets, const struct options *o,
			   const struct unit_settings *unit, json_object **ret_doc,
			   bool *ret_input_error)
{
	struct analysis *a;
	json_object *doc;
	int r = pipeline_run("check", o, targets, n_targets, PIPE_ALL, &a);

	if (r < 0)
		return r;
	if (unit) {
		r = unitcheck_run(a, unit, o->db_dir, o->systemd_version, &a->unitcheck);
		a->free_unitcheck = unitcheck_free;
		if (r < 0) {
			fprintf(stderr, "%s/systemd: error: no systemd group table: %s\n",
				o->db_dir, strerror(-r));
			analysis_free(a);
			return r;
		}
		render_unitcheck_warnings(a->unitcheck, stderr);
	}
	cli_print_diags(a, o->quiet);
	doc = render_analyze_json_doc(a);
	*ret_input_error = a->input_error;
	analysis_free(a);
	if (!doc)
		return -EINVAL;
	*ret_doc = doc;
	return 0;
}

/* The unit to re-judge: --unit, else the one the baseline checked (its
 * "unit": arguments and root), so that a re-check after an update judges
 * the unit that is deployed and sees when it was edited. NULL when there
 * is none; -errno after printing when --unit cannot be read. A recorded
 * unit that cannot be read any more is a warning (the comparison then
 * says the unit was not re-checked). */
static int load_unit(const struct options *o, json_object *base, struct unit_settings **ret)
{
	json_object *rec, *args;
	struct options uo;
	struct strv v = {0};
	char *err = NULL;
	size_t n;
	int r;

	*ret = NULL;
	if (o->units.n)
		return cli_load_unit("check", o, ret);
	if (!json_object_object_get_ex(base, "unit", &rec) ||
	    !json_object_object_get_ex(rec, "arguments", &args) ||
	    !json_object_is_type(args, json_type_array))
		return 0;
	n = json_object_array_length(args);
	for (size_t i = 0; i < n; i++) {
		json_object *e = json_object_array_get_idx(args, i);
		if (json_object_is_type(e, json_type_string))
			strv_push(&v, json_object_get_string(e));
	}
	if (!v.n)
		return 0;
	uo = *o;
	{
		json_object *root;
		if (json_object_object_get_ex(rec, "root", &root) &&
		    json_object_is_type(root, json_type_string))
			uo.root = json_object_get_string(root);
	}
	r = unitfile_load_args((const char *const *)v.v, v.n, uo.root, ret, &err);
	if (r < 0) {
		fprintf(stderr,
			"%s\nseccompat check: warning: the unit the baseline checked "
			"cannot be read: not re-checked\n",
			err ? err : v.v[0]);
		*ret = NULL;
	}
	free(err);
	strv_clear(&v);
	return 0;
}

int verb_check(int argc, char **argv, const struct options *o)
{
	json_object *base = NULL, *now = NULL;
	struct unit_settings *unit = NULL;
	struct diff *d;
	char *err = NULL, *name;
	bool input_error = false;
	int r, ret;

	if (!format_ok("check", o))
		return EXIT_USAGE;
	if (!o->baseline) {
		fputs("seccompat check: --baseline FILE is required (a saved `analyze --format "
		      "json` result)\n",
		      stderr);
		return EXIT_USAGE;
	}
	/* The baseline is checked before anything is analysed: a bad one is a
	 * usage error, not a finding. */
	if (diff_load_file(o->baseline, &base, &err) < 0) {
		fprintf(stderr, "%s\n", err);
		free(err);
		return EXIT_USAGE;
	}
	if (load_unit(o, base, &unit) < 0) {
		json_object_put(base);
		return EXIT_USAGE;
	}
	r = analyze_to_json(argv, (size_t)argc, o, unit, &now, &input_error);
	unit_settings_free(unit);
	if (r < 0 || input_error) {
		/* The diagnostics above name the files. A comparison with a
		 * partial analysis would report their objects as removed. */
		if (r >= 0)
			fputs("seccompat check: some inputs could not be analysed; nothing "
			      "compared\n",
			      stderr);
		json_object_put(base);
		json_object_put(now);
		return EXIT_USAGE;
	}
	name = xasprintf("re-analysis of %s%s", argv[0], argc > 1 ? " ..." : "");
	d = diff_compare(o->baseline, base, name, now);
	ret = render("check", d, o);
	diff_free(d);
	free(name);
	json_object_put(base);
	json_object_put(now);
	return ret;
}
