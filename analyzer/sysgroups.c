// SPDX-License-Identifier: MIT
/* Placeholder until the systemd group database lands (issue 5). */
#include <stdio.h>

#include "db.h"

int db_import_systemd(const char *file, const struct options *o)
{
	fputs("seccompat db import-systemd: not implemented yet\n", stderr);
	return EXIT_USAGE;
}
