// SPDX-License-Identifier: MIT
/* `seccompat db build-libc LIBC`: runs the syscall engine over one libc and
 * writes each exported function's syscall set, stamped with the build-id and
 * the glibc version, to db/libc/<abi>-glibc-<version>.json. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "jsonout.h"
#include "syscalls.h"

static int cmp_sym_key(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int db_build_libc(const char *libc, const struct options *o)
{
	struct elf_object *elf = NULL;
	struct sc_object *obj;
	struct strv *sets = NULL, keys = {0};
	size_t n_sets = 0;
	char *why = NULL, *version, *out_path;
	json_object *doc, *exports;
	FILE *f;
	int r;

	r = elf_object_open(libc, &elf, &why);
	if (r < 0) {
		fprintf(stderr, "%s: %s\n", libc, why ? why : strerror(-r));
		free(why);
		return EXIT_USAGE;
	}
	obj = xcalloc(1, sizeof(*obj));
	obj->elf = elf;
	obj->path = xstrdup(libc);
	obj->role = ROLE_LIBRARY;
	r = sys_export_sets(obj, &sets, &n_sets);
	if (r < 0) {
		fprintf(stderr, "%s: not an x86 object the engine can analyse\n", libc);
		sc_object_free(obj);
		return EXIT_USAGE;
	}
	version = elf_glibc_version(elf);
	if (!version) {
		fprintf(stderr, "%s: no glibc version banner; not a glibc libc.so?\n", libc);
		r = -EINVAL;
		goto out;
	}

	doc = json_object_new_object();
	json_object_object_add(doc, "schema", json_object_new_string("seccompat-libc/1"));
	json_object_object_add(
		doc, "generator",
		json_object_new_string("seccompat db build-libc (" SECCOMPAT_VERSION ")"));
	json_object_object_add(doc, "abi", json_object_new_string(elf->arch->name));
	json_object_object_add(doc, "glibc_version", json_object_new_string(version));
	json_object_object_add(doc, "build_id", json_object_new_string(elf->build_id));
	json_object_object_add(doc, "soname", jsonout_string_or_null(elf->dyn.soname));
	/* Keys: "name" for the default version, "name@VERSION" for others. */
	for (size_t i = 0; i < elf->n_dynsyms; i++) {
		const struct elf_sym *s = &elf->syms[i];
		long fi;
		if (!s->defined || s->bind == STB_LOCAL ||
		    (s->type != STT_FUNC && s->type != STT_GNU_IFUNC))
			continue;
		fi = sys_func_at(obj->sys, s->value);
		if (fi < 0 || (size_t)fi >= n_sets)
			continue;
		strv_push_owned(&keys, s->version_hidden && s->version
					       ? xasprintf("%s@%s\t%ld", s->name, s->version, fi)
					       : xasprintf("%s\t%ld", s->name, fi));
	}
	if (keys.n)
		qsort(keys.v, keys.n, sizeof(char *), cmp_sym_key);
	exports = json_object_new_object();
	for (size_t i = 0; i < keys.n; i++) {
		char *tab = strchr(keys.v[i], '\t');
		long fi = strtol(tab + 1, NULL, 10);
		json_object *arr;
		*tab = '\0';
		if (json_object_object_get_ex(exports, keys.v[i], NULL))
			continue;
		arr = json_object_new_array();
		for (size_t k = 0; k < sets[fi].n; k++)
			json_object_array_add(arr, json_object_new_string(sets[fi].v[k]));
		json_object_object_add(exports, keys.v[i], arr);
	}
	json_object_object_add(doc, "exports", exports);

	if (o->output) {
		out_path = xstrdup(o->output);
	} else {
		char *dir = path_join(o->db_dir ? o->db_dir : SECCOMPAT_DB_DIR, "libc");
		char *base = xasprintf("%s-glibc-%s.json", elf->arch->name, version);
		out_path = path_join(dir, base);
		free(dir);
		free(base);
	}
	f = fopen(out_path, "w");
	if (!f) {
		fprintf(stderr, "%s: %s\n", out_path, strerror(errno));
		r = -errno;
	} else {
		r = jsonout_write(doc, f);
		if (fclose(f) != 0 && r >= 0)
			r = -errno;
		if (r >= 0 && !o->quiet)
			fprintf(stderr, "%s: %zu exports written to %s\n", libc, keys.n, out_path);
	}
	free(out_path);
	json_object_put(doc);
out:
	for (size_t i = 0; i < n_sets; i++)
		strv_clear(&sets[i]);
	free(sets);
	strv_clear(&keys);
	free(version);
	sc_object_free(obj);
	return r < 0 ? EXIT_USAGE : EXIT_OK;
}
