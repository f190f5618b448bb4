// SPDX-License-Identifier: MIT
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>

#include "closure.h"
#include "model.h"
#include "unitfile.h"

/* Fills closure options from the command line; the strv members stay owned
 * by o. Returns -EINVAL for an unknown --host-arch. */
int cli_closure_opts(const struct options *o, struct closure_opts *ret)
{
	struct closure_opts c = {
		.root = o->root,
		.library_path = &o->library_path,
		.plugins = &o->plugins,
	};
	if (o->host_arch) {
		c.host = arch_from_name(o->host_arch);
		if (!c.host) {
			fprintf(stderr, "seccompat: unknown --host-arch '%s'\n", o->host_arch);
			return -EINVAL;
		}
	}
	*ret = c;
	return 0;
}

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

int cli_output_open(const struct options *o, struct cli_output *ret)
{
	struct stat st;
	char *dir;
	mode_t mask;
	int fd;

	*ret = (struct cli_output){0};
	if (!o->output || strcmp(o->output, "-") == 0) {
		ret->f = stdout;
		return 0;
	}
	/* A device, a FIFO or a terminal is written in place: the temporary
	 * file and rename() below would replace it (as root, -o /dev/null
	 * would turn /dev/null into a regular file). */
	if (stat(o->output, &st) == 0 && !S_ISREG(st.st_mode)) {
		ret->f = fopen(o->output, "we");
		if (!ret->f) {
			int e = -errno;
			fprintf(stderr, "%s: error: cannot write: %s\n", o->output,
				strerror(errno));
			return e;
		}
		ret->path = o->output;
		return 0;
	}
	dir = path_dirname(o->output);
	ret->tmp_path = xasprintf("%s/.%s.XXXXXX", dir, path_basename(o->output));
	free(dir);
	fd = mkostemp(ret->tmp_path, O_CLOEXEC);
	if (fd < 0) {
		int e = -errno;
		fprintf(stderr, "%s: error: cannot write: %s\n", o->output, strerror(errno));
		free(ret->tmp_path);
		ret->tmp_path = NULL;
		return e;
	}
	/* mkostemp() creates 0600; the result gets what fopen() would give. */
	mask = umask(0);
	umask(mask);
	(void)fchmod(fd, 0666 & ~mask);
	ret->f = fdopen(fd, "w");
	if (!ret->f) {
		int e = -errno;
		close(fd);
		unlink(ret->tmp_path);
		free(ret->tmp_path);
		ret->tmp_path = NULL;
		return e;
	}
	ret->path = o->output;
	return 0;
}

int cli_output_close(struct cli_output *out, bool commit)
{
	int r = 0;

	if (!out->f)
		return 0;
	if (out->f == stdout) {
		r = fflush(stdout) == 0 ? 0 : -errno;
		out->f = NULL;
		return r;
	}
	if (ferror(out->f))
		r = -EIO;
	if (fclose(out->f) != 0 && r == 0)
		r = -errno;
	out->f = NULL;
	if (commit && r == 0 && out->tmp_path && rename(out->tmp_path, out->path) < 0)
		r = -errno;
	if (commit && r < 0)
		fprintf(stderr, "%s: error: cannot write: %s\n", out->path, strerror(-r));
	if ((!commit || r < 0) && out->tmp_path)
		unlink(out->tmp_path);
	free(out->tmp_path);
	out->tmp_path = NULL;
	return r;
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
