// SPDX-License-Identifier: MIT
/* `seccompat syscalls TARGET...`: the syscalls the closure's code can make,
 * per ABI, with provenance, unresolved sites and W->X call sites. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "demangle.h"
#include "jsonout.h"
#include "pipeline.h"
#include "render_syscalls.h"

static void render_json(const struct analysis *a, FILE *f)
{
	json_object *doc = jsonout_document(a), *objs;

	objs = jsonout_add_objects(doc, a);
	render_syscalls_json_merge(doc, objs, a);
	jsonout_add_diagnostics(doc, a);
	demangle_json(doc);
	jsonout_write(doc, f);
	json_object_put(doc);
}

static int print_text(const void *a, FILE *f)
{
	return render_syscalls_text(a, f);
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
