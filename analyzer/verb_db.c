// SPDX-License-Identifier: MIT
/* `seccompat db SUBVERB ARG`: builds the data files. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "db.h"

int verb_db(int argc, char **argv, const struct options *o)
{
	if (strcmp(argv[0], "import-systemd") == 0)
		return db_import_systemd(argv[1], o);
	if (strcmp(argv[0], "build-libc") == 0)
		return db_build_libc(argv[1], o);
	fprintf(stderr, "seccompat db: unknown subverb '%s' (import-systemd, build-libc)\n",
		argv[0]);
	return EXIT_USAGE;
}
