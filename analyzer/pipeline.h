/* SPDX-License-Identifier: MIT */
/* The one analysis pipeline every verb runs, in the model's order:
 * closure -> per-object facts -> syscall engine (per-object summaries from
 * the cache when present, disassembly with a progress line otherwise) ->
 * directive verdicts (W->X call sites joining MemoryDenyWriteExecute=). */
#ifndef SECCOMPAT_PIPELINE_H
#define SECCOMPAT_PIPELINE_H

#include "cli.h"
#include "model.h"

enum {
	PIPE_FACTS = 1 << 0,
	PIPE_SYSCALLS = 1 << 1,
	PIPE_VERDICTS = 1 << 2, /* needs PIPE_FACTS and PIPE_SYSCALLS */
	PIPE_ALL = PIPE_FACTS | PIPE_SYSCALLS | PIPE_VERDICTS,
};

/* Runs the closure of targets and the stages asked for. Diagnostics stay
 * in the model for the caller to print (cli_print_diags); cache warnings
 * are printed here, one line each. Returns 0, -EINVAL for a usage error
 * (printed), or -errno when nothing could be analysed (printed). verb names
 * the verb in messages and the progress line. */
int pipeline_run(const char *verb, const struct options *o, char *const *targets, size_t n,
		 unsigned stages, struct analysis **ret);

/* Opens the output, renders, closes, frees a, and returns the exit code:
 * 2 for bad input or a write error, else `findings` ? 1 : 0. */
int pipeline_finish(const char *verb, const struct options *o, struct analysis *a,
		    int (*render)(const struct analysis *a, FILE *f), bool findings);

#endif
