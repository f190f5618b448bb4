// SPDX-License-Identifier: MIT
/* `seccompat syscalls TARGET...`: the syscalls the closure's code can make,
 * per ABI, with provenance, unresolved sites and W->X call sites. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "demangle.h"
#include "closure.h"
#include "jsonout.h"
#include "pipeline.h"
#include "syscalls.h"

void syscalls_json_merge(json_object *doc, json_object *objs, const struct analysis *a)
{
	json_object *sys = syscalls_to_json(a), *v, *per;
	json_object *sets = json_object_new_object();

	/* Per-object breakdown goes into each object entry. */
	if (json_object_object_get_ex(sys, "objects", &per)) {
		for (size_t i = 0; i < json_object_array_length(per) && i < a->n_objects; i++) {
			json_object *o = json_object_array_get_idx(per, i);
			json_object_object_del(o, "path");
			json_object_object_add(json_object_array_get_idx(objs, i), "syscalls",
					       json_object_get(o));
		}
	}
	for (enum arch_id abi = 0; abi < ARCH_MAX; abi++)
		if (json_object_object_get_ex(sys, arch_table[abi].name, &v))
			json_object_object_add(sets, arch_table[abi].name, json_object_get(v));
	json_object_object_add(doc, "syscalls", sets);
	json_object_object_get_ex(sys, "unresolved", &v);
	json_object_object_add(doc, "unresolved", json_object_get(v));
	json_object_object_get_ex(sys, "wx_sites", &v);
	json_object_object_add(doc, "wx_sites", json_object_get(v));
	json_object_object_get_ex(sys, "complete", &v);
	json_object_object_add(doc, "complete", json_object_get(v));
	json_object_object_get_ex(sys, "possible_roots", &v);
	json_object_object_add(doc, "possible_roots", json_object_get(v));
	json_object_object_get_ex(sys, "named_roots", &v);
	json_object_object_add(doc, "named_roots", json_object_get(v));
	json_object_put(sys);
}

static void render_json(const struct analysis *a, FILE *f)
{
	json_object *doc = jsonout_document(a), *objs;

	objs = jsonout_add_objects(doc, a);
	syscalls_json_merge(doc, objs, a);
	jsonout_add_diagnostics(doc, a);
	demangle_json(doc);
	jsonout_write(doc, f);
	json_object_put(doc);
}

static int print_text(const void *a, FILE *f)
{
	syscalls_print_text(a, f);
	return ferror(f) ? -EIO : 0;
}

static int render_text(const struct analysis *a, FILE *f)
{
	return demangle_render(a, print_text, f);
}

static int render_json_doc(const struct analysis *a, FILE *f)
{
	render_json(a, f);
	return ferror(f) ? -EIO : 0;
}

int verb_syscalls(int argc, char **argv, const struct options *o)
{
	struct analysis *a;

	if (o->format != FORMAT_TEXT && o->format != FORMAT_JSON) {
		fprintf(stderr, "seccompat syscalls: --format must be text or json\n");
		return EXIT_USAGE;
	}
	if (pipeline_run("syscalls", o, argv, (size_t)argc, PIPE_SYSCALLS, &a) < 0)
		return EXIT_USAGE;
	cli_print_diags(a, o->quiet);
	return pipeline_finish("syscalls", o, a,
			       o->format == FORMAT_JSON ? render_json_doc : render_text, false);
}
