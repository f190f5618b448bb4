// SPDX-License-Identifier: MIT
/* `seccompat diff OLD.json NEW.json` and `seccompat check --baseline FILE
 * TARGET...` (issue 6: re-check after a binary update). diff compares two
 * saved results; check re-analyses the targets in-process and compares the
 * result with the baseline. Both exit 0 when the directives the old result
 * justified still hold, 1 when they do not (diff.h has the rule), 2 on
 * usage or input errors. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cache.h"
#include "cli.h"
#include "closure.h"
#include "diff.h"
#include "facts.h"
#include "progress.h"
#include "render_analyze.h"
#include "syscalls.h"
#include "verdicts.h"

static int (*const renderers[FORMAT_MAX])(const struct diff *, FILE *) = {
	[FORMAT_TEXT] = diff_render_text,
	[FORMAT_JSON] = diff_render_json,
	[FORMAT_MARKDOWN] = diff_render_markdown,
};

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
	FILE *f = cli_open_output(o);
	int r;

	if (!f)
		return EXIT_USAGE;
	r = renderers[o->format](d, f);
	cli_close_output(o, f);
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

/* Opens the per-object cache the options ask for, or NULL (--no-cache, or
 * the directory cannot be created: the cache only saves time, so that is a
 * warning). */
static struct cache *open_cache(const struct options *o)
{
	struct cache *c = NULL;
	char *dir, *dbv, *tool;
	int r;

	if (o->no_cache)
		return NULL;
	dir = o->cache_dir ? xstrdup(o->cache_dir) : cache_default_dir();
	if (!dir)
		return NULL;
	dbv = cache_db_fingerprint(o->db_dir);
	tool = cache_tool_version(SECCOMPAT_VERSION);
	r = cache_open(dir, tool, dbv, &c);
	free(tool);
	if (r < 0)
		fprintf(stderr, "%s: warning: cannot use the cache: %s; continuing without it\n",
			dir, strerror(-r));
	free(dbv);
	free(dir);
	return r < 0 ? NULL : c;
}

/* W->X call sites the syscall engine found join MemoryDenyWriteExecute= as
 * blockers (the same step as verb_analyze.c's add_wx_blockers()). */
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

/* The analyze pipeline of `seccompat analyze` (closure -> facts -> verdicts)
 * returning the JSON document `analyze --format json` writes, so that a
 * re-analysis compares with a saved one field by field. Diagnostics are
 * printed to stderr. Returns 0, or -errno when nothing could be analysed;
 * *ret_input_error tells whether some input was bad.
 *
 * The engine's per-object summaries come from the cache when they are there
 * (an unchanged object is not disassembled again) and go into it when not.
 *
 * TODO(lead): verb_analyze.c has the same steps inline; one shared
 * analyze_run() would serve both (and give analyze the cache). */
static int analyze_to_json(char *const *targets, size_t n_targets, const struct options *o,
			   struct cache *cache, json_object **ret_doc, bool *ret_input_error)
{
	struct closure_opts copts;
	struct verdict_opts vopts = {
		.systemd_version = o->systemd_version,
		.kernel_version = o->kernel_version,
		.db_dir = o->db_dir,
	};
	struct sys_opts sopts = {.max_prov = o->max_sites};
	struct progress *p;
	struct analysis *a;
	json_object *doc;
	int r;

	if (cli_closure_opts(o, &copts) < 0)
		return -EINVAL;
	vopts.host = copts.host;

	a = analysis_new();
	r = closure_build(a, &copts, targets, n_targets);
	if (r < 0) {
		cli_print_diags(a, o->quiet);
		fprintf(stderr, "seccompat check: nothing to analyse: %s\n", strerror(-r));
		analysis_free(a);
		return r;
	}
	facts_collect_all(a, o->max_sites);
	cache_load_syscalls(cache, a);
	/* Disassembly is the slow step: done here object by object so the
	 * progress line can follow it; syscalls_analyze() then only links. */
	p = progress_new(stderr, o->quiet, "check", a->n_objects);
	for (size_t i = 0; i < a->n_objects; i++) {
		struct sc_object *obj = a->objects[i];

		progress_step(p, obj->path);
		if (!obj->sys && obj->elf)
			sys_disasm_object(obj->elf, &obj->sys);
	}
	progress_end(p);
	syscalls_analyze(a, &sopts);
	cache_store_syscalls(cache, a);
	verdicts_build(a, &vopts);
	add_wx_blockers(a);
	cli_print_diags(a, o->quiet);

	doc = render_analyze_json_doc(a);
	*ret_input_error = a->input_error;
	analysis_free(a);
	if (!doc)
		return -EINVAL;
	*ret_doc = doc;
	return 0;
}

int verb_check(int argc, char **argv, const struct options *o)
{
	json_object *base = NULL, *now = NULL;
	struct cache *cache;
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
	cache = open_cache(o);
	r = analyze_to_json(argv, (size_t)argc, o, cache, &now, &input_error);
	if (cache) {
		const struct strv *w = cache_warnings(cache);

		for (size_t i = 0; i < w->n; i++)
			fprintf(stderr, "%s\n", w->v[i]);
	}
	cache_free(cache);
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
