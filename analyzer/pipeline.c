// SPDX-License-Identifier: MIT
#include "pipeline.h"

#include <errno.h>
#include <malloc.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cache.h"
#include "closure.h"
#include "derive_restrict.h"
#include "facts.h"
#include "libcmap.h"
#include "progress.h"
#include "syscalls.h"
#include "sysgroups.h"
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

	if (!r || !r->n_wx || !a->verdicts)
		return;
	verdicts_add_wx_calls(a->verdicts, r->wx, r->n_wx);
}

/* The objects to disassemble, shared by the workers: each takes the next
 * index. Objects are independent (each has its own ELF model, capstone
 * handle and summary), so only the counter and the progress line are
 * shared; every result lands in its own object, and linking runs after
 * all of them in closure order, so the output does not depend on the
 * number of threads. The progress line counts objects as they start and
 * shows the share of all their bytes done, inside big objects too. */
struct disasm_queue {
	struct sc_object **todo; /* largest first: the long ones start early */
	size_t n;
	atomic_size_t next;
	pthread_mutex_t lock; /* everything below */
	struct progress *progress;
	double total, finished; /* bytes: of every object, of those done */
	double *partial;	/* per worker: bytes of its current object done */
	size_t n_workers;
	unsigned kernel; /* --kernel: what the engine may assume */
};

struct disasm_worker {
	struct disasm_queue *q;
	size_t slot;
	double size; /* of the current object */
};

static void disasm_tick(void *arg, double done)
{
	struct disasm_worker *w = arg;
	struct disasm_queue *q = w->q;
	double sum;

	pthread_mutex_lock(&q->lock);
	q->partial[w->slot] = done * w->size;
	sum = q->finished;
	for (size_t i = 0; i < q->n_workers; i++)
		sum += q->partial[i];
	progress_fraction(q->progress, q->total > 0 ? sum / q->total : 1);
	pthread_mutex_unlock(&q->lock);
}

static void *disasm_worker(void *arg)
{
	struct disasm_worker *w = arg;
	struct disasm_queue *q = w->q;

	for (;;) {
		size_t i = atomic_fetch_add(&q->next, 1);
		struct sc_object *obj;

		if (i >= q->n)
			return NULL;
		obj = q->todo[i];
		w->size = (double)obj->elf->size;
		pthread_mutex_lock(&q->lock);
		progress_step(q->progress, obj->path);
		pthread_mutex_unlock(&q->lock);
		sys_disasm_object_progress(obj->elf, q->kernel, q->progress ? disasm_tick : NULL, w,
					   &obj->sys);
		obj->free_sys = obj_syscalls_free;
		elf_object_drop_pages(obj->elf);
		pthread_mutex_lock(&q->lock);
		q->partial[w->slot] = 0;
		q->finished += w->size;
		pthread_mutex_unlock(&q->lock);
	}
}

static int by_size_desc(const void *x, const void *y)
{
	const struct sc_object *a = *(struct sc_object *const *)x;
	const struct sc_object *b = *(struct sc_object *const *)y;

	if (a->elf->size != b->elf->size)
		return a->elf->size < b->elf->size ? 1 : -1;
	return a->index < b->index ? -1 : a->index > b->index;
}

/* --jobs N, or one thread per online CPU. */
static size_t n_jobs(const struct options *o)
{
	long cpus;

	if (o->jobs)
		return o->jobs;
	cpus = sysconf(_SC_NPROCESSORS_ONLN);
	return cpus > 0 ? (size_t)cpus : 1;
}

/* Disassembles every object the cache did not provide, on n_jobs()
 * threads (the caller's included). */
static void disasm_all(const char *verb, const struct options *o, struct analysis *a)
{
	struct disasm_queue q = {.lock = PTHREAD_MUTEX_INITIALIZER, .kernel = o->kernel_version};
	struct disasm_worker *workers;
	pthread_t *threads;
	size_t n_threads = 0, want;

	q.todo = xcalloc(a->n_objects ? a->n_objects : 1, sizeof(*q.todo));
	for (size_t i = 0; i < a->n_objects; i++)
		if (!a->objects[i]->sys && a->objects[i]->elf) {
			q.todo[q.n++] = a->objects[i];
			q.total += (double)a->objects[i]->elf->size;
		}
	qsort(q.todo, q.n, sizeof(*q.todo), by_size_desc);
	q.progress = progress_new(stderr, o->quiet, verb, q.n);
	want = MAX(1, MIN(n_jobs(o), q.n));
	threads = xcalloc(want, sizeof(*threads));
	workers = xcalloc(want, sizeof(*workers));
	q.partial = xcalloc(want, sizeof(*q.partial));
	q.n_workers = want;
	for (size_t i = 0; i < want; i++)
		workers[i] = (struct disasm_worker){.q = &q, .slot = i};
	/* A thread that cannot be created leaves its share to the others. */
	for (size_t i = 1; i < want; i++)
		if (pthread_create(&threads[n_threads], NULL, disasm_worker, &workers[i]) == 0)
			n_threads++;
	disasm_worker(&workers[0]);
	for (size_t i = 0; i < n_threads; i++)
		pthread_join(threads[i], NULL);
	progress_end(q.progress);
	pthread_mutex_destroy(&q.lock);
	free(q.partial);
	free(workers);
	free(threads);
	free(q.todo);
}

/* Once a phase has read the objects' files, their pages leave the RSS:
 * what the next phase reads comes back from the page cache. */
static void drop_pages(const struct analysis *a)
{
	for (size_t i = 0; i < a->n_objects; i++)
		elf_object_drop_pages(a->objects[i]->elf);
}

static void run_syscalls(const char *verb, const struct options *o, struct analysis *a)
{
	struct sys_opts sopts = {
		.max_prov = o->max_sites,
		.libc = libcmap_new(o->db_dir),
		.entries = &o->entries,
		.watch = restrict_watch,
		.n_watch = restrict_watch_size,
		.kernel_version = o->kernel_version,
	};

	/* The analysis keeps what it loads from the cache: the cache is freed
	 * with the model, after the objects. */
	a->cache = open_cache(o);
	a->free_cache = cache_free;
	cache_load_syscalls(a->cache, a, o->kernel_version);
	/* Disassembly is the slow step, done here in parallel with a progress
	 * line; syscalls_analyze() then links. */
	disasm_all(verb, o, a);
	/* The workers' freed memory (decoded runs, branch states) is in
	 * their heaps: give it back before linking builds the graph. */
	malloc_trim(0);
	syscalls_analyze(a, &sopts);
	drop_pages(a);
	libcmap_free(sopts.libc);
	cache_store_syscalls(a->cache, a);
	/* The report is built and the cache holds the summaries: what only
	 * linking reads goes before the output is rendered. */
	for (size_t i = 0; i < a->n_objects; i++)
		obj_syscalls_drop_links(a->objects[i]->sys);
	malloc_trim(0);
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
	analysis_set_glibc(a, o->glibc);
	if (stages & PIPE_FACTS)
		facts_collect_all(a, o->max_sites);
	if (stages & PIPE_SYSCALLS)
		run_syscalls(verb, o, a);
	/* The group table is read once: the derivation's rows and the unit
	 * check use it. One that cannot load is reported by the rows that
	 * need it. */
	if ((stages & PIPE_VERDICTS) && !o->groups &&
	    sysgroups_load(o->db_dir, o->systemd_version, &a->groups) == 0)
		a->free_groups = sysgroups_free;
	if (stages & PIPE_VERDICTS) {
		struct verdict_opts vopts = {
			.systemd_version = o->systemd_version,
			.kernel_version = o->kernel_version,
			.host = copts.host,
			.db_dir = o->db_dir,
			.groups = o->groups ? o->groups : a->groups,
			.filter_allow_possible = o->allow_possible,
		};
		verdicts_build(a, &vopts);
		add_wx_blockers(a);
		/* Every directive is derived from the closure's objects. */
		for (size_t i = 0; a->incomplete && i < a->verdicts->n; i++)
			strv_push_owned(&a->verdicts->v[i].reasons,
					xasprintf("incomplete: %s", a->incomplete));
	}
	drop_pages(a);
	*ret = a;
	return 0;
}

int pipeline_finish(const char *verb, const struct options *o, struct analysis *a,
		    int (*render)(const struct analysis *a, FILE *f), bool findings)
{
	struct cli_output out;
	int r, ret;

	if (cli_output_open(o, &out) < 0) {
		analysis_free(a);
		return EXIT_USAGE;
	}
	r = render(a, out.f);
	if (r < 0)
		fprintf(stderr, "seccompat %s: cannot write the result: %s\n", verb, strerror(-r));
	/* A run that ends with exit 2 leaves an existing --output alone. */
	if (cli_output_close(&out, r >= 0 && !a->input_error) < 0)
		r = -EIO;
	ret = a->input_error || r < 0 ? EXIT_USAGE : findings ? EXIT_FINDINGS : EXIT_OK;
	analysis_free(a);
	return ret;
}
