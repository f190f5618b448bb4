/* SPDX-License-Identifier: MIT */
/* The dependency closure: which ELF objects a service runs, found the way
 * glibc's ld.so finds them (elf/dl-load.c _dl_map_object), with how each was
 * found. */
#ifndef SECCOMPAT_CLOSURE_H
#define SECCOMPAT_CLOSURE_H

#include "model.h"

struct closure_opts {
	const char *root;		 /* --root: analyse a tree, not this system */
	const struct strv *library_path; /* LD_LIBRARY_PATH entries (--library-path) */
	const struct strv *plugins;	 /* --plugin paths */
	const struct arch_desc *host;	 /* native ABI; NULL: this machine */
};

/* Resolves the closure of targets (ELF files, directories, scripts) into a.
 * Bad inputs and unresolved DT_NEEDED entries become diagnostics in a (bad
 * input sets a->input_error); returns 0, or -errno when nothing could be
 * done at all. */
int closure_build(struct analysis *a, const struct closure_opts *opts, char *const *targets,
		  size_t n_targets);

/* Expands $ORIGIN, $LIB and $PLATFORM (also ${...}) in a search-path entry.
 * origin is the directory of the object the entry comes from. Returns NULL
 * when the entry uses an unknown token (ld.so drops such entries). */
char *closure_expand_dst(const char *entry, const char *origin, const struct arch_desc *arch);

#endif
