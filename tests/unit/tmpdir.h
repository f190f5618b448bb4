/* SPDX-License-Identifier: MIT */
/* The scratch directory of a unit-test program: tmpdir_make() in the group
 * setup creates /tmp/seccompat-TAG-XXXXXX, tmpdir_remove() in the group
 * teardown removes it and everything in it (depth first, symlinks removed,
 * never followed). Tests build their paths under `tmpdir`. */
#ifndef SECCOMPAT_TEST_TMPDIR_H
#define SECCOMPAT_TEST_TMPDIR_H

#include <ftw.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

static char tmpdir[256];

static inline int tmpdir_make(const char *tag)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/seccompat-%s-XXXXXX", tag);
	if (mkdtemp(tmpdir))
		return 0;
	perror(tmpdir);
	tmpdir[0] = '\0';
	return -1;
}

static inline int tmpdir_unlink_one(const char *path, const struct stat *st, int flag,
				    struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if ((flag == FTW_DP ? rmdir(path) : unlink(path)) == 0)
		return 0;
	perror(path);
	return -1;
}

/* Removes path and what is in it; 0, or -1 after saying what stayed. */
static inline int tmpdir_remove_path(const char *path)
{
	if (access(path, F_OK) != 0)
		return 0;
	return nftw(path, tmpdir_unlink_one, 16, FTW_DEPTH | FTW_PHYS) == 0 ? 0 : -1;
}

/* Removes tmpdir (nothing when tmpdir_make() was not called or failed). */
static inline int tmpdir_remove(void)
{
	if (!tmpdir[0])
		return 0;
	return tmpdir_remove_path(tmpdir);
}

#endif
