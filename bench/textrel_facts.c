// SPDX-License-Identifier: MIT
/* bench/textrel.sh's driver for the text-relocation stage alone: opens each
 * file with the ELF front end and collects its facts (text relocations with
 * up to 20 sites, stack, segments), the work `scanelf -qT` and
 * `eu-findtextrel` do, without the closure, the syscall engine or JSON.
 * Prints "PATH COUNT" for objects with text relocations. */
#include <stdio.h>
#include <stdlib.h>

#include "facts.h"
#include "model.h"

int main(int argc, char **argv)
{
	struct analysis *a = analysis_new();
	int bad = 0;

	for (int i = 1; i < argc; i++) {
		struct sc_object *obj = xcalloc(1, sizeof(*obj));
		char *why = NULL;

		if (elf_object_open(argv[i], &obj->elf, &why) < 0) {
			fprintf(stderr, "%s: %s\n", argv[i], why ? why : "?");
			free(why);
			free(obj);
			bad = 1;
			continue;
		}
		obj->path = xstrdup(argv[i]);
		obj->real_path = xstrdup(argv[i]);
		obj->role = ROLE_LIBRARY;
		analysis_add_object(a, obj);
		facts_collect(a, obj, 20);
		if (obj->facts->textrel.count)
			printf("%s %zu\n", obj->path, obj->facts->textrel.count);
	}
	analysis_free(a);
	return bad;
}
