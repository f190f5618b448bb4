// SPDX-License-Identifier: MIT
#include "jsonout.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "json_schema.h"

json_object *jsonout_string_or_null(const char *s)
{
	return s ? json_object_new_string(s) : NULL;
}

json_object *jsonout_site(struct site s)
{
	char *d = site_describe(s);
	json_object *j = jsonout_string_or_null(d);

	free(d);
	return j;
}

json_object *jsonout_hex(uint64_t v)
{
	char buf[24];
	snprintf(buf, sizeof(buf), "0x%" PRIx64, v);
	return json_object_new_string(buf);
}

json_object *jsonout_document(const struct analysis *a)
{
	json_object *doc = json_object_new_object(), *tool = json_object_new_object();
	json_object_object_add(doc, DK_SCHEMA, json_object_new_string(SECCOMPAT_SCHEMA));
	json_object_object_add(tool, "name", json_object_new_string("seccompat"));
	json_object_object_add(tool, "version", json_object_new_string(SECCOMPAT_VERSION));
	json_object_object_add(doc, "tool", tool);
	if (a) {
		json_object *host = json_object_new_object();
		json_object_object_add(host, "abi",
				       jsonout_string_or_null(a->host ? a->host->name : NULL));
		json_object_object_add(host, "root", jsonout_string_or_null(a->root));
		json_object_object_add(doc, "host", host);
	}
	return doc;
}

static const char *type_name(const struct elf_object *e)
{
	switch (e->type) {
	case ET_EXEC:
		return "executable";
	case ET_DYN:
		return e->interp ? "pie-executable" : "shared-object";
	case ET_REL:
		return "relocatable";
	case ET_CORE:
		return "core";
	default:
		return "unknown";
	}
}

/* The base fields of one object: path, real_path, abi, role, via, via_detail,
 * loader, type, interp, soname, rpath, runpath, needed[], build_id, sha256,
 * size. */
static json_object *object_base(const struct sc_object *obj)
{
	const struct elf_object *e = obj->elf;
	json_object *j = json_object_new_object(), *needed = json_object_new_array();

	json_object_object_add(j, DK_PATH, json_object_new_string(obj->path));
	json_object_object_add(j, DK_REAL_PATH, json_object_new_string(obj->real_path));
	json_object_object_add(j, DK_ABI, jsonout_string_or_null(e->arch ? e->arch->name : NULL));
	json_object_object_add(j, DK_ROLE, json_object_new_string(obj_role_name(obj->role)));
	json_object_object_add(j, "via", json_object_new_string(obj_via_name(obj->via)));
	json_object_object_add(j, "via_detail", jsonout_string_or_null(obj->via_detail));
	json_object_object_add(j, "loader",
			       jsonout_string_or_null(obj->loader ? obj->loader->path : NULL));
	json_object_object_add(j, "type", json_object_new_string(type_name(e)));
	json_object_object_add(j, "machine", json_object_new_int(e->machine));
	json_object_object_add(j, "class",
			       json_object_new_int(e->elf_class == ELFCLASS64 ? 64 : 32));
	json_object_object_add(j, "interp", jsonout_string_or_null(e->interp));
	json_object_object_add(j, "soname", jsonout_string_or_null(e->dyn.soname));
	json_object_object_add(j, "rpath", jsonout_string_or_null(e->dyn.rpath_raw));
	json_object_object_add(j, "runpath", jsonout_string_or_null(e->dyn.runpath));
	for (size_t i = 0; i < obj->n_needed; i++) {
		json_object *n = json_object_new_object();
		json_object_object_add(n, "name", json_object_new_string(obj->needed[i].name));
		json_object_object_add(n, "path",
				       jsonout_string_or_null(obj->needed[i].target
								      ? obj->needed[i].target->path
								      : NULL));
		json_object_array_add(needed, n);
	}
	json_object_object_add(j, "needed", needed);
	json_object_object_add(j, "build_id",
			       jsonout_string_or_null(e->build_id[0] ? e->build_id : NULL));
	json_object_object_add(j, DK_SHA256, json_object_new_string(obj->sha256));
	json_object_object_add(j, DK_SIZE, json_object_new_int64((int64_t)e->size));
	return j;
}

json_object *jsonout_add_objects(json_object *doc, const struct analysis *a)
{
	json_object *arr = json_object_new_array();
	for (size_t i = 0; i < a->n_objects; i++)
		json_object_array_add(arr, object_base(a->objects[i]));
	json_object_object_add(doc, DK_OBJECTS, arr);
	return arr;
}

void jsonout_add_diagnostics(json_object *doc, const struct analysis *a)
{
	static const char *const level[DIAG_LEVEL_MAX] = {"note", "warning", "error"};
	json_object *arr = json_object_new_array();
	for (size_t i = 0; i < a->n_diags; i++) {
		json_object *d = json_object_new_object();
		json_object_object_add(d, DK_DIAG_LEVEL,
				       json_object_new_string(level[a->diags[i].level]));
		json_object_object_add(d, DK_DIAG_PATH, jsonout_string_or_null(a->diags[i].path));
		json_object_object_add(d, DK_DIAG_MESSAGE, json_object_new_string(a->diags[i].msg));
		json_object_array_add(arr, d);
	}
	json_object_object_add(doc, DK_DIAGNOSTICS, arr);
}

int jsonout_write(json_object *doc, FILE *f)
{
	const char *s = json_object_to_json_string_ext(doc, JSON_C_TO_STRING_PRETTY |
								    JSON_C_TO_STRING_SPACED |
								    JSON_C_TO_STRING_NOSLASHESCAPE);
	size_t len = strlen(s), run = 0;

	/* json-c copies a string's bytes >= 0x80 as they are, and a path
	 * need not be UTF-8. JSON must be (RFC 8259 section 8.1), so each
	 * byte that starts no well-formed sequence becomes U+FFFD. Such
	 * bytes can only sit inside strings: everything else is ASCII. */
	for (size_t i = 0; i < len;) {
		size_t n = utf8_seq_len(s + i, len - i);

		if (n) {
			i += n;
			continue;
		}
		if (fwrite(s + run, 1, i - run, f) != i - run || fputs("\xef\xbf\xbd", f) < 0)
			return -EIO;
		run = ++i;
	}
	if (fwrite(s + run, 1, len - run, f) != len - run || fputc('\n', f) < 0)
		return -EIO;
	return 0;
}
