// SPDX-License-Identifier: MIT
#include "fuzz_common.h"

#include <errno.h>
#include <stdbool.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sysgroups.h"
#include "util.h"

static char scratch[256];

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	if (ftw->level > 0)
		remove(path);
	return 0;
}

static void rm_scratch(void)
{
	if (scratch[0]) {
		nftw(scratch, rm_one, 16, FTW_DEPTH | FTW_PHYS);
		rmdir(scratch);
	}
}

const char *fuzz_dir(void)
{
	const char *base;

	if (scratch[0])
		return scratch;
	base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : getenv("TMPDIR");
	snprintf(scratch, sizeof(scratch), "%s/seccompat-fuzz-XXXXXX", base ? base : "/tmp");
	if (!mkdtemp(scratch)) {
		perror("fuzz: mkdtemp");
		abort();
	}
	atexit(rm_scratch);
	return scratch;
}

void fuzz_reset(void)
{
	nftw(fuzz_dir(), rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static void mkdirs_for(char *path)
{
	for (char *s = path + strlen(fuzz_dir()) + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		mkdir(path, 0700);
		*s = '/';
	}
}

char *fuzz_write(const char *rel, const void *data, size_t len)
{
	char *path = path_join(fuzz_dir(), rel);
	FILE *f;

	bool ok = false;

	mkdirs_for(path);
	f = fopen(path, "wb");
	if (f) {
		ok = !len || fwrite(data, 1, len, f) == len;
		ok = fclose(f) == 0 && ok;
	}
	if (!ok) {
		/* Input-controlled names can clash ("bin" and "bin/app"). */
		free(path);
		return NULL;
	}
	return path;
}

char *fuzz_write_fixed(const char *rel, const void *data, size_t len)
{
	char *path = fuzz_write(rel, data, len);

	if (!path) {
		fprintf(stderr, "fuzz: cannot write %s/%s: %s\n", fuzz_dir(), rel, strerror(errno));
		abort();
	}
	return path;
}

/* Keeps a part's path inside the tree: allowed characters only, no empty,
 * "." or ".." components. */
static void clean_path(const uint8_t *p, size_t n, char *out, size_t size)
{
	size_t o = 0, comp = 0;

	for (size_t i = 0; i < n && o + 1 < size; i++) {
		char ch = (char)p[i];
		bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
			  (ch >= '0' && ch <= '9') || ch == '.' || ch == '_' || ch == '-' ||
			  ch == '+' || ch == '/';

		if (!ok)
			ch = '_';
		if (ch == '/') {
			/* drop empty, "." and ".." components */
			if (o == comp || (o - comp == 1 && out[comp] == '.') ||
			    (o - comp == 2 && out[comp] == '.' && out[comp + 1] == '.')) {
				o = comp;
				continue;
			}
			out[o++] = '/';
			comp = o;
			continue;
		}
		out[o++] = ch;
	}
	if ((o - comp == 1 && out[comp] == '.') ||
	    (o - comp == 2 && out[comp] == '.' && out[comp + 1] == '.'))
		o = comp;
	if (o == comp) /* empty last component */
		o += (size_t)snprintf(out + o, size - o, "%s", "part");
	out[o] = '\0';
}

size_t fuzz_split(const uint8_t *data, size_t len, struct fuzz_part *parts, size_t max)
{
	const size_t ml = sizeof(FUZZ_PART_MARK) - 1;
	const uint8_t *p = memmem(data, len, FUZZ_PART_MARK, ml), *end = data + len;
	size_t n = 0;

	while (p && n < max) {
		const uint8_t *name = p + ml, *nl, *next;

		nl = memchr(name, '\n', (size_t)(end - name));
		if (!nl)
			break;
		next = memmem(nl + 1, (size_t)(end - nl - 1), FUZZ_PART_MARK, ml);
		clean_path(name, (size_t)(nl - name), parts[n].path, sizeof(parts[n].path));
		parts[n].data = nl + 1;
		parts[n].len = (size_t)((next ? next : end) - (nl + 1));
		n++;
		p = next;
	}
	return n;
}

/* The systemd group table does not depend on the input: loaded once, it
 * took 40% of an ELF run when each run parsed and expanded it again. */
static struct sysgroups *groups;

static void free_groups(void)
{
	sysgroups_free(groups);
	groups = NULL;
}

struct options fuzz_options(void)
{
	struct options o = {
		.format = FORMAT_JSON,
		.systemd_version = 257 * 10000,
		.kernel_version = 6 * 10000 + 12 * 100,
		.output = "/dev/null",
		.db_dir = FUZZ_DB_DIR,
		.quiet = true,
		.no_cache = true,
		.max_sites = 8,
	};

	if (!groups && sysgroups_load(FUZZ_DB_DIR, o.systemd_version, &groups) == 0)
		atexit(free_groups);
	o.groups = groups;
	return o;
}
