// SPDX-License-Identifier: MIT
#include "pipeline.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cache.h"
#include "closure.h"
#include "facts.h"
#include "progress.h"
#include "syscalls.h"
#include "verdicts.h"

/* The per-object result cache, or NULL with --no-cache or when it cannot
 * be used (a warning: the cache only saves time). */
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

static void run_syscalls(const char *verb, const struct options *o, struct analysis *a)
{
	struct sys_opts sopts = {
		.max_prov = o->max_sites, .db_dir = o->db_dir, .entries = &o->entries};
	struct progress *p;

	/* The analysis keeps what it loads from the cache: the cache is freed
	 * with the model, after the objects. */
	a->cache = open_cache(o);
	cache_load_syscalls(a->cache, a);
	/* Disassembly is the slow step: done object by object here so that the
	 * progress line can follow it; syscalls_analyze() then links. */
	p = progress_new(stderr, o->quiet, verb, a->n_objects);
	for (size_t i = 0; i < a->n_objects; i++) {
		struct sc_object *obj = a->objects[i];
		progress_step(p, obj->path);
		if (!obj->sys && obj->elf)
			sys_disasm_object(obj->elf, &obj->sys);
	}
	progress_end(p);
	syscalls_analyze(a, &sopts);
	cache_store_syscalls(a->cache, a);
	if (a->cache) {
		const struct strv *w = cache_warnings(a->cache);
		for (size_t i = 0; i < w->n; i++)
			fprintf(stderr, "%s\n", w->v[i]);
	}
}

int pipeline_run(const char *verb, const struct options *o, char *const *targets, size_t n,
		 unsigned stages, struct analysis **ret)
{
	struct closure_opts copts;
	struct analysis *a;
	int r;

	if (cli_closure_opts(o, &copts) < 0)
		return -EINVAL;
	a = analysis_new();
	r = closure_build(a, &copts, targets, n);
	if (r < 0) {
		cli_print_diags(a, o->quiet);
		fprintf(stderr, "seccompat %s: nothing to analyse: %s\n", verb, strerror(-r));
		analysis_free(a);
		return r;
	}
	if (stages & PIPE_FACTS)
		facts_collect_all(a, o->max_sites);
	if (stages & PIPE_SYSCALLS)
		run_syscalls(verb, o, a);
	if (stages & PIPE_VERDICTS) {
		struct verdict_opts vopts = {
			.systemd_version = o->systemd_version,
			.kernel_version = o->kernel_version,
			.host = copts.host,
			.db_dir = o->db_dir,
			.filter_allow_possible = o->allow_possible,
		};
		verdicts_build(a, &vopts);
		add_wx_blockers(a);
		/* Every directive is derived from the closure's objects. */
		for (size_t i = 0; a->incomplete && i < a->verdicts->n; i++)
			strv_push_owned(&a->verdicts->v[i].reasons,
					xasprintf("incomplete: %s", a->incomplete));
	}
	*ret = a;
	return 0;
}

int pipeline_finish(const char *verb, const struct options *o, struct analysis *a,
		    int (*render)(const struct analysis *a, FILE *f), bool findings)
{
	FILE *f = cli_open_output(o);
	int r, ret;

	if (!f) {
		analysis_free(a);
		return EXIT_USAGE;
	}
	r = render(a, f);
	cli_close_output(o, f);
	if (r < 0)
		fprintf(stderr, "seccompat %s: cannot write the result: %s\n", verb, strerror(-r));
	ret = a->input_error || r < 0 ? EXIT_USAGE : findings ? EXIT_FINDINGS : EXIT_OK;
	analysis_free(a);
	return ret;
}
