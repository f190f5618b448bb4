// SPDX-License-Identifier: MIT
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "unitfile.h"

int cli_load_unit(const char *verb, const struct options *o, struct unit_settings **ret)
{
	char *err = NULL;
	int r = unitfile_load_args((const char *const *)o->units.v, o->units.n, o->root, ret, &err);

	if (r < 0) {
		fprintf(stderr, "%s\n", err ? err : "seccompat: cannot read the unit");
		if (!err)
			fprintf(stderr, "seccompat %s: cannot read the unit: %s\n", verb,
				strerror(-r));
		free(err);
	}
	return r;
}

FILE *cli_open_output(const struct options *o)
{
	FILE *f;
	if (!o->output || strcmp(o->output, "-") == 0)
		return stdout;
	f = fopen(o->output, "we");
	if (!f)
		fprintf(stderr, "%s: error: cannot write: %s\n", o->output, strerror(errno));
	return f;
}

void cli_close_output(const struct options *o, FILE *f)
{
	if (f && f != stdout)
		fclose(f);
	else if (f)
		fflush(f);
}

void cli_print_diags(const struct analysis *a, bool quiet)
{
	static const char *const level[DIAG_LEVEL_MAX] = {"note", "warning", "error"};
	for (size_t i = 0; i < a->n_diags; i++) {
		const struct diag *d = &a->diags[i];
		if (quiet && d->level == DIAG_NOTE)
			continue;
		fprintf(stderr, "%s: %s: %s\n", d->path ? d->path : "seccompat", level[d->level],
			d->msg);
	}
}
