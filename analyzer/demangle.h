/* SPDX-License-Identifier: MIT */
/* C++ names for people: text and markdown reports show
 * `CThreadPool::Worker(void*)`, JSON keeps the symbol and adds the
 * demangled form beside it. The demangler is GCC's (libiberty's
 * cplus_demangle_v3, the code behind libstdc++'s __cxa_demangle and
 * c++filt), not our own. */
#ifndef SECCOMPAT_DEMANGLE_H
#define SECCOMPAT_DEMANGLE_H

#include <json-c/json.h>
#include <stddef.h>
#include <stdio.h>

/* Runs render(a, mem) into memory and writes the result to f demangled:
 * how the text and markdown renderers get C++ names demangled without
 * every print site knowing. Returns what render returned, or -EIO. */
int demangle_render(const void *a, int (*render)(const void *a, FILE *f), FILE *f);

/* Adds "<key>_demangled" beside every string member named function,
 * symbol, chain, where or detail (recursively) that holds a mangled name. */
void demangle_json(json_object *doc);

#endif
