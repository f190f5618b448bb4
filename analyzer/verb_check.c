// SPDX-License-Identifier: MIT
/* Placeholder until check/diff land (issue 6). */
#include <stdio.h>

#include "cli.h"

int verb_check(int argc, char **argv, const struct options *o)
{
	fputs("seccompat check: not implemented yet\n", stderr);
	return EXIT_USAGE;
}

int verb_diff(int argc, char **argv, const struct options *o)
{
	fputs("seccompat diff: not implemented yet\n", stderr);
	return EXIT_USAGE;
}
