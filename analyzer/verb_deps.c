// SPDX-License-Identifier: MIT
/* `seccompat deps`: the closure, as a table or JSON. */
#include <errno.h>
#include <string.h>

#include "cli.h"
#include "jsonout.h"
#include "pipeline.h"

static int render_text(const struct analysis *a, FILE *f)
{
	size_t w = 6;
	for (size_t i = 0; i < a->n_objects; i++)
		w = MAX(w, strlen(a->objects[i]->path));
	fprintf(f, "%-*s  %-7s %-19s %s\n", (int)w, "OBJECT", "ABI", "ROLE", "FOUND VIA");
	for (size_t i = 0; i < a->n_objects; i++) {
		const struct sc_object *obj = a->objects[i];
		const struct arch_desc *ar = obj->elf->arch;
		fprintf(f, "%-*s  %-7s %-19s %s", (int)w, obj->path, ar ? ar->name : "?",
			obj_role_name(obj->role), obj_via_name(obj->via));
		if (obj->via_detail)
			fprintf(f, " %s", obj->via_detail);
		if (obj->loader && obj->via != VIA_SHEBANG)
			fprintf(f, " (for %s)", path_basename(obj->loader->path));
		fputc('\n', f);
	}
	for (size_t i = 0; i < a->n_objects; i++) {
		const struct sc_object *obj = a->objects[i];
		for (size_t k = 0; k < obj->n_needed; k++)
			if (!obj->needed[k].target)
				fprintf(f, "unresolved: %s needs %s\n", obj->path,
					obj->needed[k].name);
	}
	return ferror(f) ? -EIO : 0;
}

static int render_json(const struct analysis *a, FILE *f)
{
	json_object *doc = jsonout_document(a), *unres = json_object_new_array();
	int r;
	jsonout_add_objects(doc, a);
	for (size_t i = 0; i < a->n_objects; i++) {
		const struct sc_object *obj = a->objects[i];
		for (size_t k = 0; k < obj->n_needed; k++) {
			json_object *u;
			if (obj->needed[k].target)
				continue;
			u = json_object_new_object();
			json_object_object_add(u, "object", json_object_new_string(obj->path));
			json_object_object_add(u, "name",
					       json_object_new_string(obj->needed[k].name));
			json_object_array_add(unres, u);
		}
	}
	json_object_object_add(doc, "unresolved", unres);
	jsonout_add_diagnostics(doc, a);
	r = jsonout_write(doc, f);
	json_object_put(doc);
	return r;
}

int verb_deps(int argc, char **argv, const struct options *o)
{
	struct analysis *a;

	if (o->format != FORMAT_TEXT && o->format != FORMAT_JSON) {
		fprintf(stderr, "seccompat deps: --format must be text or json\n");
		return EXIT_USAGE;
	}
	if (pipeline_run("deps", o, argv, (size_t)argc, 0, &a) < 0)
		return EXIT_USAGE;
	cli_print_diags(a, o->quiet);
	return pipeline_finish("deps", o, a, o->format == FORMAT_JSON ? render_json : render_text,
			       false);
}
