/* SPDX-License-Identifier: MIT */
/* A one-line progress display on a terminal: "analyze: 12/40 engine_srv.so".
 * Only drivers (verbs) create one; analysis modules get a struct progress *
 * passed down and call progress_step(), which is a no-op on NULL. Nothing
 * is shown when the stream is not a terminal or with --quiet, so logs and
 * pipes never see carriage returns. */
#ifndef SECCOMPAT_PROGRESS_H
#define SECCOMPAT_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct progress;

/* A progress line on f (normally stderr) for total steps, labelled what.
 * Returns NULL (a valid, silent progress) when quiet is set or f is not a
 * terminal. */
struct progress *progress_new(FILE *f, bool quiet, const char *what, size_t total);
/* One more step done; current names what is being worked on now (may be
 * NULL). Redraws at most every 100 ms. */
void progress_step(struct progress *p, const char *current);
/* How much of the whole work is done, 0..1, shown as a percentage after
 * the step count; redraws like progress_step(). */
void progress_fraction(struct progress *p, double done);
/* Erases the line and frees p. NULL is fine. */
void progress_end(struct progress *p);

#endif
