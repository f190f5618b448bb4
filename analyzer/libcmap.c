// SPDX-License-Identifier: MIT
/* Placeholder until the libc export map lands (issue 4). */
#include <stdio.h>

#include "db.h"

int db_build_libc(const char *libc, const struct options *o)
{
	fputs("seccompat db build-libc: not implemented yet\n", stderr);
	return EXIT_USAGE;
}
