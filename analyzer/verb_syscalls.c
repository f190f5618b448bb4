// SPDX-License-Identifier: MIT
/* Placeholder until the syscalls verb lands (issue 4). */
#include <stdio.h>

#include "cli.h"

int verb_syscalls(int argc, char **argv, const struct options *o)
{
	fputs("seccompat syscalls: not implemented yet\n", stderr);
	return EXIT_USAGE;
}
