// SPDX-License-Identifier: MIT
#include "libcmap.h"

#include <dirent.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

struct libcmap {
	char *dir;
	json_object *exports[ARCH_MAX];
	char *names[ARCH_MAX];
	bool tried[ARCH_MAX];
};

struct libcmap *libcmap_new(const char *db_dir)
{
	struct libcmap *m = xcalloc(1, sizeof(*m));

	m->dir = path_join(db_dir ? db_dir : SECCOMPAT_DB_DIR, "libc");
	return m;
}

void libcmap_free(struct libcmap *m)
{
	if (!m)
		return;
	for (size_t abi = 0; abi < ARCH_MAX; abi++) {
		json_object_put(m->exports[abi]);
		free(m->names[abi]);
	}
	free(m->dir);
	free(m);
}

static char *pick_map(const char *dir, const char *prefix, const char *want)
{
	char *best = NULL, *best_le = NULL, *vbest = NULL, *vbest_le = NULL;
	struct dirent *de;
	DIR *d = opendir(dir);

	while (d && (de = readdir(d))) {
		size_t n = strlen(de->d_name), np = strlen(prefix);
		char *v;
		if (!str_startswith(de->d_name, prefix) || !str_endswith(de->d_name, ".json"))
			continue;
		v = xstrndup(de->d_name + np, n - np - strlen(".json"));
		if (!vbest || strverscmp(v, vbest) > 0) {
			free(best);
			free(vbest);
			best = xstrdup(de->d_name);
			vbest = xstrdup(v);
		}
		if (want && strverscmp(v, want) <= 0 &&
		    (!vbest_le || strverscmp(v, vbest_le) > 0)) {
			free(best_le);
			free(vbest_le);
			best_le = xstrdup(de->d_name);
			vbest_le = xstrdup(v);
		}
		free(v);
	}
	if (d)
		closedir(d);
	free(vbest);
	free(vbest_le);
	if (best_le) {
		free(best);
		return best_le;
	}
	return best;
}

json_object *libcmap_exports(struct libcmap *m, enum arch_id abi, const char *want,
			     const char **ret_name)
{
	char *prefix, *best;

	if (!m->tried[abi]) {
		m->tried[abi] = true;
		prefix = xasprintf("%s-glibc-", arch_table[abi].name);
		best = pick_map(m->dir, prefix, want);
		if (best) {
			char *path = path_join(m->dir, best);
			json_object *doc = json_object_from_file(path), *ex;
			if (doc && json_object_object_get_ex(doc, "exports", &ex)) {
				m->exports[abi] = json_object_get(ex);
				m->names[abi] = xstrdup(best);
			}
			json_object_put(doc);
			free(path);
		}
		free(best);
		free(prefix);
	}
	if (m->exports[abi] && ret_name)
		*ret_name = m->names[abi];
	return m->exports[abi];
}
