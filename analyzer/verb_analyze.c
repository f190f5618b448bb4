// SPDX-License-Identifier: MIT
/* Placeholder until the analyze verb lands (issue 3). */
#include <stdio.h>

#include "cli.h"

int verb_analyze(int argc, char **argv, const struct options *o)
{
	fputs("seccompat analyze: not implemented yet\n", stderr);
	return EXIT_USAGE;
}
