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
	double fraction; /* < 0: not shown */
	char *current;
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

struct progress *progress_new(FILE *f, bool quiet, const char *what, size_t total)
{
	struct progress *p;
	struct winsize ws;

	if (quiet || !f || !isatty(fileno(f)))
		return NULL;
	p = xcalloc(1, sizeof(*p));
	p->f = f;
	p->what = xstrdup(what ? what : "seccompat");
	p->total = total;
	p->fraction = -1;
	p->width = 80;
	if (ioctl(fileno(f), TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20)
		p->width = ws.ws_col;
	return p;
}

static void draw(struct progress *p, bool force)
{
	char head[80], pct[16] = "";
	const char *current;
	size_t room, len;
	int64_t t;

	t = now_ns();
	if (!force && p->drawn && t - p->last_ns < REDRAW_NS)
		return;
	p->last_ns = t;
	if (p->fraction >= 0)
		snprintf(pct, sizeof(pct), "[%3d%%] ", (int)(p->fraction * 100));
	snprintf(head, sizeof(head), "%s: %zu/%zu %s", p->what, p->done, MAX(p->done, p->total),
		 pct);
	/* Keep the line shorter than the terminal so it never wraps: a
	 * wrapped line cannot be erased with \r. Long paths keep their end,
	 * the file name. */
	room = p->width > strlen(head) + 1 ? p->width - strlen(head) - 1 : 0;
	current = p->current ? p->current : "";
	len = strlen(current);
	if (len > room)
		current += len - room;
	fprintf(p->f, "\r\033[K%s%s", head, current);
	fflush(p->f);
	p->drawn = true;
}

void progress_step(struct progress *p, const char *current)
{
	if (!p)
		return;
	p->done++;
	free(p->current);
	p->current = current ? xstrdup(current) : NULL;
	/* The first and the last step are always drawn. */
	draw(p, p->done == 1 || p->done >= p->total);
}

void progress_fraction(struct progress *p, double done)
{
	if (!p)
		return;
	p->fraction = done < 0 ? 0 : done > 1 ? 1 : done;
	draw(p, false);
}

void progress_end(struct progress *p)
{
	if (!p)
		return;
	if (p->drawn) {
		fputs("\r\033[K", p->f);
		fflush(p->f);
	}
	free(p->current);
	free(p->what);
	free(p);
}
