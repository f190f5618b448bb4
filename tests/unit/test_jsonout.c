// SPDX-License-Identifier: MIT
/* jsonout.c: the JSON building blocks. What it writes is parsed back with
 * json-c's strict tokener (RFC 8259, UTF-8 validated) and compared value by
 * value with what went in; the objects come from tiny ELF files written
 * here (mkelf.h), so every field's value is known by construction. */
#include <errno.h>
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "jsonout.h"
#include "mkelf.h"

#include "tmpdir.h"

static int setup(void **state)
{
	(void)state;
	return tmpdir_make("jsonout");
}

static int teardown(void **state)
{
	(void)state;
	return tmpdir_remove();
}

/* doc as jsonout_write() writes it; the caller frees. */
static char *write_doc(json_object *doc, size_t *ret_len)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	assert_int_equal(jsonout_write(doc, f), 0);
	assert_int_equal(fclose(f), 0);
	*ret_len = len;
	return buf;
}

/* Length of the well-formed UTF-8 sequence (RFC 3629, table 3-7 of Unicode:
 * no overlongs, no surrogates, nothing above U+10FFFF) at s, or 0. Written
 * from the table, apart from util's utf8_seq_len() that the writer uses. */
static size_t check_utf8_len(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];
	size_t len;
	unsigned char lo = 0x80, hi = 0xbf;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		len = 2;
	else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		if (c == 0xe0)
			lo = 0xa0;
		else if (c == 0xed)
			hi = 0x9f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		if (c == 0xf0)
			lo = 0x90;
		else if (c == 0xf4)
			hi = 0x8f;
	} else
		return 0;
	if (n < len || s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < len; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	return len;
}

/* Parses text as one strict JSON document (RFC 8259: no trailing garbage,
 * escaped control characters, valid UTF-8) and fails the test otherwise.
 * UTF-8 is checked here, not by json-c: json-c 0.18 (Debian 13) with
 * JSON_TOKENER_STRICT rejects every byte >= 0x80, valid or not (json-c
 * issue #892), so STRICT is used only on all-ASCII text. */
static json_object *parse_strict(const char *text, size_t len)
{
	struct json_tokener *tok = json_tokener_new();
	json_object *j;
	int flags = JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8;

	for (size_t i = 0; i < len;) {
		const unsigned char *u = (const unsigned char *)text + i;
		size_t n = check_utf8_len(u, len - i);

		if (!n)
			fail_msg("not valid UTF-8 at byte %zu: %s", i, text);
		if (*u < 0x20 && *u != '\n' && *u != ' ' && *u != '\t')
			fail_msg("raw control byte 0x%02x at byte %zu", *u, i);
		if (n > 1)
			flags &= ~JSON_TOKENER_STRICT;
		i += n;
	}
	json_tokener_set_flags(tok, flags);
	j = json_tokener_parse_ex(tok, text, (int)len);
	if (!j || json_tokener_get_error(tok) != json_tokener_success)
		fail_msg("not valid JSON (%s) at byte %zu: %s",
			 json_tokener_error_desc(json_tokener_get_error(tok)),
			 json_tokener_get_parse_end(tok), text);
	/* Only whitespace may follow the document. */
	for (size_t i = json_tokener_get_parse_end(tok); i < len; i++)
		if (text[i] != '\n' && text[i] != ' ')
			fail_msg("garbage after the document at byte %zu", i);
	json_tokener_free(tok);
	return j;
}

/* The string at key of j (which must be a string), or NULL for JSON null. */
static const char *str_at(json_object *j, const char *key)
{
	json_object *v = NULL;

	if (!json_object_object_get_ex(j, key, &v))
		fail_msg("no key \"%s\"", key);
	if (!v)
		return NULL;
	if (!json_object_is_type(v, json_type_string))
		fail_msg("\"%s\" is not a string", key);
	return json_object_get_string(v);
}

static json_object *at(json_object *j, const char *key)
{
	json_object *v = NULL;

	if (!json_object_object_get_ex(j, key, &v) || !v)
		fail_msg("no key \"%s\"", key);
	return v;
}

static void test_hex(void **state)
{
	static const struct {
		uint64_t v;
		const char *want;
	} cases[] = {
		{0, "0x0"},
		{9, "0x9"},
		{0x1a2, "0x1a2"},
		{0xdeadbeef, "0xdeadbeef"},
		{0x100000000ULL, "0x100000000"},
		{UINT64_MAX, "0xffffffffffffffff"},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		json_object *j = jsonout_hex(cases[i].v);
		assert_true(json_object_is_type(j, json_type_string));
		assert_string_equal(json_object_get_string(j), cases[i].want);
		/* Read back as a number it is the value again. */
		assert_true(strtoull(json_object_get_string(j), NULL, 16) == cases[i].v);
		json_object_put(j);
	}
}

static void test_string_or_null(void **state)
{
	json_object *j;
	(void)state;

	assert_null(jsonout_string_or_null(NULL));
	j = jsonout_string_or_null("");
	assert_non_null(j);
	assert_true(json_object_is_type(j, json_type_string));
	assert_string_equal(json_object_get_string(j), "");
	json_object_put(j);
}

/* Strings that need escaping, or that must pass as they are. */
/* want: what reads back, when it is not s itself. A path need not be UTF-8;
 * the document must be, so each byte that starts no well-formed sequence
 * reads back as U+FFFD (EF BF BD). */
#define FFFD "\xef\xbf\xbd"
static const struct {
	const char *name;
	const char *s;
	const char *want;
} strings[] = {
	{"plain", "engine_srv.so", NULL},
	{"empty", "", NULL},
	{"quotes", "say \"hi\" and \"\"", NULL},
	{"backslash", "C:\\dir\\ and \\\" too", NULL},
	{"slash", "/usr/lib/x86_64-linux-gnu/libc.so.6", NULL},
	{"control", "tab\there\nnew\rline\b\f\x01\x1f end", NULL},
	{"delete", "del\x7f", NULL},
	{"utf-8",
	 "Gr\xc3\xbc\xc3\x9f"
	 "e \xe2\x98\x83 \xf0\x9d\x84\x9e",
	 NULL},
	{"json inside", "{\"a\": [1, 2]}", NULL},
	{"latin-1", "caf\xe9.so", "caf" FFFD ".so"},
	{"lone continuation",
	 "a\x80\xbf"
	 "b",
	 "a" FFFD FFFD "b"},
	{"truncated", "end\xe2\x98", "end" FFFD FFFD},
	{"overlong", "\xc0\xaf/\xe0\x80\xaf", FFFD FFFD "/" FFFD FFFD FFFD},
	{"surrogate", "\xed\xa0\x80", FFFD FFFD FFFD},
	{"above U+10FFFF", "\xf4\x90\x80\x80", FFFD FFFD FFFD FFFD},
	{"U+10FFFF", "\xf4\x8f\xbf\xbf", NULL},
};

/* Every string, as root, diagnostic path and message, survives the writer
 * byte for byte (or as want), and the document is valid JSON with control characters
 * escaped (a raw byte below 0x20 other than the pretty-printer's newline
 * would be invalid, RFC 8259 section 7). */
static void test_strings_round_trip(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(strings) / sizeof(strings[0]); i++) {
		struct analysis *a = analysis_new();
		json_object *doc, *back, *diags, *d;
		const char *want;
		size_t len;
		char *text;

		a->root = xstrdup(strings[i].s);
		analysis_diag(a, DIAG_WARNING, strings[i].s, "%s", strings[i].s);
		doc = jsonout_document(a);
		jsonout_add_diagnostics(doc, a);
		text = write_doc(doc, &len);
		assert_true(len > 0);
		assert_int_equal(strlen(text), len);
		assert_int_equal(text[len - 1], '\n');
		for (size_t k = 0; k < len; k++)
			if ((unsigned char)text[k] < 0x20 && text[k] != '\n')
				fail_msg("%s: raw control byte 0x%02x at %zu", strings[i].name,
					 (unsigned char)text[k], k);
		/* JSON_C_TO_STRING_NOSLASHESCAPE: paths stay readable. */
		assert_null(strstr(text, "\\/"));
		back = parse_strict(text, len);
		want = strings[i].want ? strings[i].want : strings[i].s;
		assert_string_equal(str_at(at(back, "host"), "root"), want);
		diags = at(back, "diagnostics");
		assert_int_equal(json_object_array_length(diags), 1);
		d = json_object_array_get_idx(diags, 0);
		assert_string_equal(str_at(d, "level"), "warning");
		assert_string_equal(str_at(d, "path"), want);
		assert_string_equal(str_at(d, "message"), want);
		json_object_put(back);
		json_object_put(doc);
		free(text);
		analysis_free(a);
	}
}

static void test_document(void **state)
{
	struct analysis *a = analysis_new();
	json_object *doc, *back;
	size_t len;
	char *text;
	(void)state;

	/* Without a model: schema and tool only. */
	doc = jsonout_document(NULL);
	text = write_doc(doc, &len);
	back = parse_strict(text, len);
	assert_string_equal(str_at(back, "schema"), "seccompat/1");
	assert_string_equal(str_at(at(back, "tool"), "name"), "seccompat");
	assert_string_equal(str_at(at(back, "tool"), "version"), SECCOMPAT_VERSION);
	assert_false(json_object_object_get_ex(back, "host", NULL));
	json_object_put(back);
	json_object_put(doc);
	free(text);

	/* With one: the host ABI by its systemd name, root null when unset;
	 * no objects and no diagnostics are empty lists, not missing. */
	a->host = arch_from_name("x86");
	assert_non_null(a->host);
	doc = jsonout_document(a);
	assert_int_equal(json_object_array_length(jsonout_add_objects(doc, a)), 0);
	jsonout_add_diagnostics(doc, a);
	text = write_doc(doc, &len);
	back = parse_strict(text, len);
	assert_string_equal(str_at(at(back, "host"), "abi"), "x86");
	assert_null(str_at(at(back, "host"), "root"));
	assert_true(json_object_is_type(at(back, "objects"), json_type_array));
	assert_int_equal(json_object_array_length(at(back, "objects")), 0);
	assert_true(json_object_is_type(at(back, "diagnostics"), json_type_array));
	assert_int_equal(json_object_array_length(at(back, "diagnostics")), 0);
	json_object_put(back);
	json_object_put(doc);
	free(text);
	analysis_free(a);
}

static void test_diagnostic_levels(void **state)
{
	static const struct {
		enum diag_level level;
		const char *path;
		const char *want;
	} cases[] = {
		{DIAG_NOTE, "a.so", "note"},
		{DIAG_WARNING, NULL, "warning"},
		{DIAG_ERROR, "b.so", "error"},
	};
	struct analysis *a = analysis_new();
	json_object *doc, *back, *arr;
	size_t len, n = sizeof(cases) / sizeof(cases[0]);
	char *text;
	(void)state;

	for (size_t i = 0; i < n; i++)
		analysis_diag(a, cases[i].level, cases[i].path, "message %zu", i);
	doc = jsonout_document(a);
	jsonout_add_diagnostics(doc, a);
	text = write_doc(doc, &len);
	back = parse_strict(text, len);
	arr = at(back, "diagnostics");
	assert_int_equal(json_object_array_length(arr), n);
	for (size_t i = 0; i < n; i++) {
		json_object *d = json_object_array_get_idx(arr, i);
		char want[32];
		snprintf(want, sizeof(want), "message %zu", i);
		assert_string_equal(str_at(d, "level"), cases[i].want);
		if (cases[i].path)
			assert_string_equal(str_at(d, "path"), cases[i].path);
		else
			assert_null(str_at(d, "path"));
		assert_string_equal(str_at(d, "message"), want);
	}
	json_object_put(back);
	json_object_put(doc);
	free(text);
	analysis_free(a);
}

/* An object of the model from a file written here. */
static struct sc_object *add_object(struct analysis *a, const char *name,
				    const struct mkelf_spec *spec, enum obj_role role,
				    enum obj_via via, struct sc_object *loader)
{
	struct sc_object *obj = xcalloc(1, sizeof(*obj));
	char *path = path_join(tmpdir, name), *why = NULL;

	mkelf_write(path, spec);
	if (elf_object_open(path, &obj->elf, &why) < 0)
		fail_msg("%s: %s", path, why ? why : "?");
	assert_int_equal(obj->elf->warnings.n, 0);
	obj->path = xasprintf("/srv/%s", name);
	obj->real_path = path;
	memset(obj->sha256, 'a', 64);
	obj->role = role;
	obj->via = via;
	obj->via_detail = via == VIA_RUNPATH ? xstrdup("/srv") : NULL;
	obj->loader = loader;
	analysis_add_object(a, obj);
	return obj;
}

/* The base fields of each object, in model order. */
static void test_objects(void **state)
{
	struct mkelf_spec exe = {.interp = "/lib64/ld-linux-x86-64.so.2",
				 .runpath = "$ORIGIN",
				 .needed = {"libq\"uote.so", "libmissing.so"}};
	struct mkelf_spec lib = {.soname = "libq\"uote.so", .rpath = "/opt/r"};
	struct mkelf_spec old = {.i386 = true, .type = ET_EXEC};
	struct analysis *a = analysis_new();
	struct sc_object *e, *l, *o;
	json_object *doc, *back, *arr, *arr_back, *j, *needed;
	struct stat st;
	size_t len;
	char *text;
	(void)state;

	e = add_object(a, "prog", &exe, ROLE_ENTRY, VIA_ARGUMENT, NULL);
	l = add_object(a, "libq\"uote.so", &lib, ROLE_NEEDED, VIA_RUNPATH, e);
	o = add_object(a, "old32", &old, ROLE_ENTRY, VIA_DIRECTORY, NULL);
	(void)o;
	e->needed = xcalloc(2, sizeof(*e->needed));
	e->n_needed = 2;
	e->needed[0] = (struct needed_edge){.name = e->elf->dyn.needed.v[0], .target = l};
	e->needed[1] = (struct needed_edge){.name = e->elf->dyn.needed.v[1], .target = NULL};

	doc = jsonout_document(a);
	arr = jsonout_add_objects(doc, a);
	assert_non_null(arr);
	assert_int_equal(json_object_array_length(arr), 3);
	text = write_doc(doc, &len);
	back = parse_strict(text, len);
	arr_back = at(back, "objects");
	assert_int_equal(json_object_array_length(arr_back), 3);

	/* The PIE: ET_DYN with PT_INTERP. */
	j = json_object_array_get_idx(arr_back, 0);
	assert_string_equal(str_at(j, "path"), "/srv/prog");
	assert_string_equal(str_at(j, "real_path"), e->real_path);
	assert_string_equal(str_at(j, "abi"), "x86-64");
	assert_string_equal(str_at(j, "role"), "entry");
	assert_string_equal(str_at(j, "via"), "argument");
	assert_null(str_at(j, "via_detail"));
	assert_null(str_at(j, "loader"));
	assert_string_equal(str_at(j, "type"), "pie-executable");
	assert_int_equal(json_object_get_int(at(j, "machine")), EM_X86_64);
	assert_int_equal(json_object_get_int(at(j, "class")), 64);
	assert_string_equal(str_at(j, "interp"), "/lib64/ld-linux-x86-64.so.2");
	assert_null(str_at(j, "soname"));
	assert_null(str_at(j, "rpath"));
	assert_string_equal(str_at(j, "runpath"), "$ORIGIN");
	needed = at(j, "needed");
	assert_int_equal(json_object_array_length(needed), 2);
	assert_string_equal(str_at(json_object_array_get_idx(needed, 0), "name"), "libq\"uote.so");
	assert_string_equal(str_at(json_object_array_get_idx(needed, 0), "path"),
			    "/srv/libq\"uote.so");
	assert_string_equal(str_at(json_object_array_get_idx(needed, 1), "name"), "libmissing.so");
	assert_null(str_at(json_object_array_get_idx(needed, 1), "path"));
	assert_null(str_at(j, "build_id"));
	assert_int_equal(strlen(str_at(j, "sha256")), 64);
	assert_int_equal(stat(e->real_path, &st), 0);
	assert_int_equal(json_object_get_int64(at(j, "size")), st.st_size);

	/* The library: ET_DYN without PT_INTERP; loaded by the PIE. */
	j = json_object_array_get_idx(arr_back, 1);
	assert_string_equal(str_at(j, "type"), "shared-object");
	assert_string_equal(str_at(j, "role"), "needed");
	assert_string_equal(str_at(j, "via"), "RUNPATH");
	assert_string_equal(str_at(j, "via_detail"), "/srv");
	assert_string_equal(str_at(j, "loader"), "/srv/prog");
	assert_string_equal(str_at(j, "soname"), "libq\"uote.so");
	assert_string_equal(str_at(j, "rpath"), "/opt/r");
	assert_null(str_at(j, "runpath"));
	assert_null(str_at(j, "interp"));
	assert_int_equal(json_object_array_length(at(j, "needed")), 0);

	/* The i386 ET_EXEC. */
	j = json_object_array_get_idx(arr_back, 2);
	assert_string_equal(str_at(j, "type"), "executable");
	assert_string_equal(str_at(j, "abi"), "x86");
	assert_int_equal(json_object_get_int(at(j, "machine")), EM_386);
	assert_int_equal(json_object_get_int(at(j, "class")), 32);
	assert_string_equal(str_at(j, "via"), "directory");

	json_object_put(back);
	json_object_put(doc);
	free(text);
	analysis_free(a);
}

/* A write that fails is reported, not lost (/dev/full: ENOSPC). */
static void test_write_error(void **state)
{
	FILE *f = fopen("/dev/full", "w");
	json_object *doc = jsonout_document(NULL);
	(void)state;

	if (!f) {
		json_object_put(doc);
		fail_msg("/dev/full: %s", strerror(errno));
	}
	setvbuf(f, NULL, _IONBF, 0);
	assert_int_equal(jsonout_write(doc, f), -EIO);
	fclose(f);
	json_object_put(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hex),
		cmocka_unit_test(test_string_or_null),
		cmocka_unit_test(test_strings_round_trip),
		cmocka_unit_test(test_document),
		cmocka_unit_test(test_diagnostic_levels),
		cmocka_unit_test(test_objects),
		cmocka_unit_test(test_write_error),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
