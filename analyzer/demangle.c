// SPDX-License-Identifier: MIT
#include "demangle.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <libiberty/demangle.h>
#undef ARRAY_SIZE /* libiberty's ansidecl.h has one; util.h's is ours */

#include "util.h"

/* The demangled form of an Itanium-mangled symbol ("_Z..."), caller
 * frees; NULL when sym is not one or does not demangle. */
static char *symbol_demangled(const char *sym)
{
	if (!sym || strncmp(sym, "_Z", 2) != 0)
		return NULL;
	/* The flags of libstdc++'s __cxa_demangle (the same code, GCC's
	 * cp-demangle.c): parameters and types, no old-style manglings. */
	return cplus_demangle_v3(sym, DMGL_PARAMS | DMGL_TYPES);
}

static bool word_char(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '.' || c == '$';
}

/* text with every mangled name in it (a "_Z" word: letters, digits, '_',
 * '.', '$') replaced by its demangled form; caller frees. */
static char *text_demangled(const char *text)
{
	size_t len = strlen(text), cap = len + 1, n = 0;
	char *out = xmalloc(cap);

	for (size_t i = 0; i < len;) {
		size_t j = i;
		char *word, *d;

		if (text[i] != '_' || text[i + 1] != 'Z' || (i && word_char(text[i - 1]))) {
			GROW(out, cap, n + 1);
			out[n++] = text[i++];
			continue;
		}
		while (j < len && word_char(text[j]))
			j++;
		/* "name+0x12" and "name." at the end of a sentence: the
		 * trailing dot is punctuation, not a clone suffix. */
		while (j > i && text[j - 1] == '.')
			j--;
		word = xstrndup(text + i, j - i);
		d = symbol_demangled(word);
		{
			const char *put = d ? d : word;
			size_t k = strlen(put);
			GROW(out, cap, n + k + 1);
			memcpy(out + n, put, k);
			n += k;
		}
		free(word);
		free(d);
		i = j;
	}
	GROW(out, cap, n + 1);
	out[n] = '\0';
	return out;
}

/* Writes len bytes of text to f, demangled; -EIO on a write error. */
static int write_demangled(const char *text, size_t len, FILE *f)
{
	char *s = xstrndup(text, len), *d = text_demangled(s);
	size_t n = strlen(d);
	int r = fwrite(d, 1, n, f) == n ? 0 : -EIO;

	free(s);
	free(d);
	return r;
}

int demangle_render(const void *a, int (*render)(const void *a, FILE *f), FILE *f)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	int r, w;

	if (!mem)
		return -EIO;
	r = render(a, mem);
	if (fclose(mem) != 0 && r >= 0)
		r = -EIO;
	w = buf ? write_demangled(buf, len, f) : 0;
	free(buf);
	return r < 0 ? r : w < 0 ? w : ferror(f) ? -EIO : r;
}

void demangle_json(json_object *doc)
{
	static const char *const keys[] = {"function", "symbol", "chain", "where", "detail"};

	if (json_object_is_type(doc, json_type_array)) {
		size_t n = json_object_array_length(doc);
		for (size_t i = 0; i < n; i++)
			demangle_json(json_object_array_get_idx(doc, i));
		return;
	}
	if (!json_object_is_type(doc, json_type_object))
		return;
	{
		struct strv add = {0}, vals = {0};
		json_object_object_foreach(doc, k, v)
		{
			if (json_object_is_type(v, json_type_string)) {
				const char *s = json_object_get_string(v);
				for (size_t i = 0; i < ARRAY_SIZE(keys); i++)
					if (strcmp(k, keys[i]) == 0 && strstr(s, "_Z")) {
						char *d = text_demangled(s);
						if (strcmp(d, s) != 0) {
							strv_push_owned(
								&add, xasprintf("%s_demangled", k));
							strv_push_owned(&vals, d);
						} else {
							free(d);
						}
					}
			} else {
				demangle_json(v);
			}
		}
		for (size_t i = 0; i < add.n; i++)
			json_object_object_add(doc, add.v[i], json_object_new_string(vals.v[i]));
		strv_clear(&add);
		strv_clear(&vals);
	}
}
