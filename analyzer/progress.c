// SPDX-License-Identifier: MIT
#include "progress.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "util.h"

#define REDRAW_NS (100 * 1000 * 1000LL)

struct progress {
	FILE *f;
	char *what;
	size_t done, total;
	int64_t last_ns;
	unsigned width; /* terminal columns */
	bool drawn;
};

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

struct progress *progress_new_forced(FILE *f, const char *what, size_t total)
{
	struct progress *p = xcalloc(1, sizeof(*p));
	struct winsize ws;

	p->f = f;
	p->what = xstrdup(what ? what : "seccompat");
	p->total = total;
	p->width = 80;
	if (ioctl(fileno(f), TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20)
		p->width = ws.ws_col;
	return p;
}

struct progress *progress_new(FILE *f, bool quiet, const char *what, size_t total)
{
	if (quiet || !f || !isatty(fileno(f)))
		return NULL;
	return progress_new_forced(f, what, total);
}

void progress_set_total(struct progress *p, size_t total)
{
	if (p)
		p->total = total;
}

void progress_step(struct progress *p, const char *current)
{
	char head[64];
	size_t room, len;
	int64_t t;

	if (!p)
		return;
	p->done++;
	t = now_ns();
	if (p->drawn && t - p->last_ns < REDRAW_NS && p->done < p->total)
		return;
	p->last_ns = t;
	snprintf(head, sizeof(head), "%s: %zu/%zu ", p->what, p->done, MAX(p->done, p->total));
	/* Keep the line shorter than the terminal so it never wraps: a
	 * wrapped line cannot be erased with \r. Long paths keep their end,
	 * the file name. */
	room = p->width > strlen(head) + 1 ? p->width - strlen(head) - 1 : 0;
	current = current ? current : "";
	len = strlen(current);
	if (len > room)
		current += len - room;
	fprintf(p->f, "\r\033[K%s%s", head, current);
	fflush(p->f);
	p->drawn = true;
}

void progress_end(struct progress *p)
{
	if (!p)
		return;
	if (p->drawn) {
		fputs("\r\033[K", p->f);
		fflush(p->f);
	}
	free(p->what);
	free(p);
}
