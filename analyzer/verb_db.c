// SPDX-License-Identifier: MIT
/* `seccompat db SUBVERB ARG`: builds the data files under db/ (see
 * db/README.md). The data modules read and write the formats; what is
 * printed for the user is here. */
#include <errno.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "jsonout.h"
#include "syscalls.h"
#include "sysgroups.h"

/* db import-systemd FILE --version N: systemd-analyze syscall-filter output
 * into a group table, db/systemd/<major>.json or --output. */
static int import_systemd(const char *file, const struct options *o)
{
	const struct scmp_version *lv = seccomp_version();
	struct sysgroups *sg = NULL;
	char *data = NULL, *out_path = NULL, sha[65];
	size_t len;
	struct cli_output cout = {0};
	FILE *f;
	int r, ret = EXIT_USAGE;

	if (!o->db_version) {
		fputs("seccompat db import-systemd: --version N is required\n", stderr);
		return EXIT_USAGE;
	}
	r = read_file(file, 16u << 20, &data, &len);
	if (r < 0) {
		fprintf(stderr, "%s: error: cannot read: %s\n", file, strerror(-r));
		return EXIT_USAGE;
	}
	r = sysgroups_parse_dump(data, len, file, o->db_version, &sg);
	if (r == -EINVAL) {
		fprintf(stderr, "seccompat db import-systemd: bad --version '%s'\n", o->db_version);
		goto out;
	}
	if (r < 0) {
		fprintf(stderr, "%s: error: no `systemd-analyze syscall-filter` groups found\n",
			file);
		goto out;
	}
	if (sha256_hex(data, len, sha) == 0)
		sg->source_sha256 = xstrdup(sha);
	sg->libseccomp_version = xasprintf("%u.%u.%u", lv->major, lv->minor, lv->micro);

	for (size_t i = 0; i < sg->warnings.n; i++)
		fprintf(stderr, "%s\n", sg->warnings.v[i]);
	/* Most unknown names are normal: a group lists the calls of every
	 * ABI, and an ABI lacks the others' (x86-64 has no socketcall). One
	 * line per ABI, every name with --verbose. */
	if (o->verbose) {
		for (size_t i = 0; i < sg->n_unknown; i++)
			fprintf(stderr, "%s:%u: note: '%s' unknown to libseccomp %s on %s\n", file,
				sg->unknown[i].line, sg->unknown[i].name, sg->libseccomp_version,
				sg->unknown[i].abi->name);
	} else if (!o->quiet) {
		for (size_t k = 0; k < ARCH_MAX; k++) {
			size_t count = 0;
			char *names = xstrdup("");
			for (size_t i = 0; i < sg->n_unknown; i++) {
				char *next;
				if (sg->unknown[i].abi != &arch_table[k])
					continue;
				if (count++ < 5) {
					next = xasprintf("%s%s%s", names, *names ? ", " : "",
							 sg->unknown[i].name);
					free(names);
					names = next;
				}
			}
			if (count)
				fprintf(stderr,
					"%s: note: %zu names are not %s system calls for "
					"libseccomp "
					"%s (%s%s): normal for calls of other ABIs; --verbose "
					"lists "
					"them\n",
					file, count, arch_table[k].name, sg->libseccomp_version,
					names, count > 5 ? ", ..." : "");
			free(names);
		}
	}

	if (o->output) {
		f = cli_output_open(o, &cout) < 0 ? NULL : cout.f;
	} else {
		char *dir = path_join(o->db_dir, "systemd");
		char *name = xasprintf("%u.json", sg->major);
		out_path = path_join(dir, name);
		free(dir);
		free(name);
		f = fopen(out_path, "we");
		if (!f)
			fprintf(stderr, "%s: error: cannot write: %s\n", out_path, strerror(errno));
	}
	if (!f)
		goto out;
	r = sysgroups_write_json(sg, f);
	if (out_path) {
		if (fclose(f) != 0)
			r = -EIO;
	} else if (cli_output_close(&cout, r >= 0) < 0) {
		r = -EIO;
	}
	if (r < 0) {
		fprintf(stderr, "%s: error: write failed\n", out_path ? out_path : o->output);
		goto out;
	}
	if (!o->quiet)
		fprintf(stderr, "%s: %zu groups, %zu names unknown on some ABI -> %s\n", file,
			sg->n_groups, sg->n_unknown,
			out_path ? out_path : (o->output ? o->output : "stdout"));
	ret = EXIT_OK;
out:
	free(out_path);
	free(data);
	sysgroups_free(sg);
	return ret;
}

static int cmp_sym_key(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* db build-libc LIBC: runs the syscall engine over one libc and writes each
 * exported function's syscall set, stamped with the build-id and the glibc
 * version, to db/libc/<abi>-glibc-<version>.json or --output. */
static int build_libc(const char *libc, const struct options *o)
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

int verb_db(int argc, char **argv, const struct options *o)
{
	if (strcmp(argv[0], "import-systemd") == 0)
		return import_systemd(argv[1], o);
	if (strcmp(argv[0], "build-libc") == 0)
		return build_libc(argv[1], o);
	fprintf(stderr, "seccompat db: unknown subverb '%s' (import-systemd, build-libc)\n",
		argv[0]);
	return EXIT_USAGE;
}
