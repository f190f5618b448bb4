// SPDX-License-Identifier: MIT
/* diff.c on hand-made pairs of analyze results, one row per case: what the
 * comparison must report (kind and subject/object), what it must not, and
 * whether the re-check fails (exit 1) or breaks. Then the inputs that must
 * be refused with a one-line error naming the file. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "diff.h"

/* Objects, directives and verdicts of a result; the rest is fixed. */
#define DOC(objects, directives, verdicts, extra)                                                  \
	"{\"schema\": \"seccompat/1\", \"tool\": {\"name\": \"seccompat\", \"version\": \"0\"},"   \
	"\"options\": {\"systemd\": \"257\", \"kernel\": \"6.12\", \"native\": \"x86-64\"},"       \
	"\"objects\": [" objects "], \"directives\": {" directives "},"                            \
	"\"verdicts\": {" verdicts "}" extra "}"

#define O(path, sha, abi, count, flagged, exec)                                                    \
	"{\"path\": \"" path "\", \"real_path\": \"" path "\", \"abi\": \"" abi "\","              \
	"\"role\": \"dlopen-candidate\", \"sha256\": \"" sha "\", \"size\": 100,"                  \
	"\"text_relocations\": {\"flagged\": " flagged ", \"count\": " count ","                   \
	"\"by_type\": {\"R_386_PC32\": " count "}},"                                               \
	"\"stack\": {\"pt_gnu_stack\": true, \"flags\": \"RW-\", \"executable\": " exec "},"       \
	"\"segments\": {\"loads\": 4, \"rwx\": []}}"

#define LIBC O("/lib32/libc.so.6", "aaaa", "x86", "0", "false", "false")
#define ENG O("/srv/bin/engine_srv.so", "e1", "x86", "75", "true", "false")
#define ENG2 O("/srv/bin/engine_srv.so", "e2", "x86", "76", "true", "false")
#define ENGPIC O("/srv/bin/engine_srv.so", "e3", "x86", "0", "false", "false")
#define EXEC O("/srv/bin/execstack_srv.so", "x1", "x86", "0", "false", "true")
#define SH O("/bin/sh", "s1", "x86-64", "0", "false", "false")

#define V_SCA_OK "\"SystemCallArchitectures\": {\"tolerated\": true, \"blockers\": []}"
#define V_MDWE_OK "\"MemoryDenyWriteExecute\": {\"tolerated\": true, \"blockers\": []}"
#define V_MDWE_NO                                                                                  \
	"\"MemoryDenyWriteExecute\": {\"tolerated\": false, \"blockers\": [{\"object\": "          \
	"\"/srv/bin/engine_srv.so\", \"kind\": \"text-relocations\", \"detail\": \"75\"}]}"
#define V_MDWE_NO_EXEC                                                                             \
	"\"MemoryDenyWriteExecute\": {\"tolerated\": false, \"blockers\": [{\"object\": "          \
	"\"/srv/bin/engine_srv.so\", \"kind\": \"text-relocations\", \"detail\": \"75\"},"         \
	"{\"object\": \"/srv/bin/execstack_srv.so\", \"kind\": \"executable-stack\","              \
	"\"detail\": \"RWX\"}]}"
#define V_MDWE_OK_BLOCKED                                                                          \
	"\"MemoryDenyWriteExecute\": {\"tolerated\": true, \"blockers\": [{\"object\": "           \
	"\"/srv/bin/execstack_srv.so\", \"kind\": \"executable-stack\", \"detail\": \"RWX\"}]}"

/* Syscall-engine records as the writer (syscalls.c) shapes them. */
#define SC(name)                                                                                   \
	"{\"name\": \"" name "\", \"nr\": 1, \"confidence\": \"certain\", \"sites\": 1,"           \
	"\"provenance\": [{\"object\": \"/lib32/libc.so.6\", \"function\": \"" name "\","          \
	"\"site\": \"0x10\", \"location\": \".text+0x10 (" name "+0x4)\", \"confidence\": "        \
	"\"certain\"}]}"
#define SC_READ SC("read")
#define PROV_JAIL                                                                                  \
	"{\"object\": \"/srv/bin/engine_srv.so\", \"function\": \"Jail\", \"site\": \"0x10\","     \
	"\"location\": \".text+0x10 (Jail+0x4)\", \"chain\": \"CreateInterface -> Jail\","         \
	"\"confidence\": \"certain\"}"
#define WX(site, prot)                                                                             \
	"{\"object\": \"/jit\", \"function\": \"emit\", \"site\": \"" site "\", \"location\": "    \
	"\".text+" site " (emit+0x10)\", \"callee\": \"mprotect\", \"prot\": \"" prot "\","        \
	"\"handled\": false, \"confidence\": \"certain\"}"

#define D_SCA(v) "\"SystemCallArchitectures\": \"" v "\""
#define D_MDWE "\"MemoryDenyWriteExecute\": \"yes\""
#define D_SCF(v) "\"SystemCallFilter\": \"" v "\""

struct row {
	const char *name;
	const char *old_doc, *new_doc;
	bool fails, breaks;
	const char *expect[4]; /* "kind" or "kind=subject-or-object" */
	const char *absent[3];
	size_t n_changes;   /* SIZE_MAX: not checked */
	const char *detail; /* a line some change's detail must be, or NULL */
};

#define ANY SIZE_MAX

static const struct row rows[] = {
	{"identical",
	 DOC(LIBC "," ENG, D_SCA("native x86"), V_SCA_OK "," V_MDWE_NO, ""),
	 DOC(LIBC "," ENG, D_SCA("native x86"), V_SCA_OK "," V_MDWE_NO, ""),
	 false,
	 false,
	 {NULL},
	 {"object-changed"},
	 0,
	 NULL},
	{"content change, one more text relocation",
	 DOC(LIBC "," ENG, D_SCA("native x86"), V_SCA_OK "," V_MDWE_NO, ""),
	 DOC(LIBC "," ENG2, D_SCA("native x86"), V_SCA_OK "," V_MDWE_NO, ""),
	 false,
	 false,
	 {"object-changed=/srv/bin/engine_srv.so", "text-relocations=/srv/bin/engine_srv.so"},
	 {"object-added", "object-removed", "directive"},
	 2,
	 NULL},
	{"module rebuilt with -fPIC makes MDWE derivable",
	 DOC(LIBC "," ENG, D_SCA("native x86"), V_SCA_OK "," V_MDWE_NO, ""),
	 DOC(LIBC "," ENGPIC, D_SCA("native x86") "," D_MDWE, V_SCA_OK "," V_MDWE_OK, ""),
	 true,
	 false,
	 {"text-relocations=/srv/bin/engine_srv.so", "directive=MemoryDenyWriteExecute",
	  "blocker-removed=MemoryDenyWriteExecute", "verdict=MemoryDenyWriteExecute"},
	 {NULL},
	 ANY,
	 NULL},
	{"plugin with executable stack added, MDWE was not set",
	 DOC(LIBC "," ENG, D_SCA("native x86"), V_SCA_OK "," V_MDWE_NO, ""),
	 DOC(LIBC "," ENG "," EXEC, D_SCA("native x86"), V_SCA_OK "," V_MDWE_NO_EXEC, ""),
	 false,
	 false,
	 {"object-added=/srv/bin/execstack_srv.so", "stack=/srv/bin/execstack_srv.so",
	  "blocker-added=MemoryDenyWriteExecute"},
	 {"directive"},
	 3,
	 NULL},
	{"plugin with executable stack added, MDWE was set",
	 DOC(LIBC, D_SCA("native x86") "," D_MDWE, V_SCA_OK "," V_MDWE_OK, ""),
	 DOC(LIBC "," EXEC, D_SCA("native x86"), V_SCA_OK "," V_MDWE_NO_EXEC, ""),
	 true,
	 true,
	 {"object-added=/srv/bin/execstack_srv.so", "directive=MemoryDenyWriteExecute",
	  "verdict=MemoryDenyWriteExecute"},
	 {NULL},
	 ANY,
	 NULL},
	{"new blocker on a justified directive that still says tolerated",
	 DOC(LIBC, D_MDWE, V_MDWE_OK, ""),
	 DOC(LIBC "," EXEC, D_MDWE, V_MDWE_OK_BLOCKED, ""),
	 true,
	 true,
	 {"blocker-added=MemoryDenyWriteExecute"},
	 {"directive"},
	 ANY,
	 NULL},
	{"module removed",
	 DOC(LIBC "," ENG, D_SCA("native x86"), V_SCA_OK, ""),
	 DOC(LIBC, D_SCA("native x86"), V_SCA_OK, ""),
	 false,
	 false,
	 {"object-removed=/srv/bin/engine_srv.so"},
	 {"object-added"},
	 1,
	 NULL},
	{"tree moved to another directory",
	 DOC(O("/old/bin/a.so", "a1", "x86", "0", "false", "false"), D_SCA("native x86"), V_SCA_OK,
	     ""),
	 DOC(O("/new/bin/a.so", "a1", "x86", "0", "false", "false"), D_SCA("native x86"), V_SCA_OK,
	     ""),
	 false,
	 false,
	 {"object-moved=/new/bin/a.so"},
	 {"object-added", "object-removed"},
	 1,
	 NULL},
	{"i386 object joins an x86-64 service",
	 DOC(SH, D_SCA("native"), V_SCA_OK, ""),
	 DOC(SH "," LIBC, D_SCA("native x86"), V_SCA_OK, ""),
	 true,
	 true,
	 {"object-added=/lib32/libc.so.6", "directive=SystemCallArchitectures"},
	 {NULL},
	 2,
	 NULL},
	{"last i386 object gone: the value can be tightened",
	 DOC(SH "," LIBC, D_SCA("native x86"), V_SCA_OK, ""),
	 DOC(SH, D_SCA("native"), V_SCA_OK, ""),
	 true,
	 false,
	 {"directive=SystemCallArchitectures", "object-removed"},
	 {NULL},
	 2,
	 NULL},
	{"MDWE no longer tolerated",
	 DOC(LIBC, D_MDWE, V_MDWE_OK, ""),
	 DOC(LIBC "," ENG, "", V_MDWE_NO, ""),
	 true,
	 true,
	 {"directive=MemoryDenyWriteExecute", "verdict=MemoryDenyWriteExecute",
	  "blocker-added=MemoryDenyWriteExecute"},
	 {NULL},
	 ANY,
	 NULL},
	{"syscall filter grows a group",
	 DOC(LIBC, D_SCF("@system-service"), "", ",\"syscalls\": {\"x86\": [" SC_READ "]}"),
	 DOC(LIBC, D_SCF("@system-service @privileged"), "",
	     ",\"syscalls\": {\"x86\": [" SC_READ ",{\"name\": \"chroot\", \"nr\": 61,"
	     "\"confidence\": \"certain\", \"sites\": 1, \"provenance\": [" PROV_JAIL "]}]}"),
	 true,
	 true,
	 {"syscall-added=chroot", "directive=SystemCallFilter"},
	 {"syscall-removed"},
	 2,
	 "x86: + chroot (engine_srv.so: .text+0x10 (Jail+0x4) via CreateInterface -> Jail; "
	 "certain)"},
	{"syscall filter as a deny-list stops denying a group",
	 DOC(LIBC, D_SCF("~@mount @privileged"), "", ""),
	 DOC(LIBC, D_SCF("~@mount"), "", ""),
	 true,
	 true,
	 {"directive=SystemCallFilter"},
	 {NULL},
	 1,
	 NULL},
	{"syscall filter as a deny-list denies more",
	 DOC(LIBC, D_SCF("~@mount"), "", ""),
	 DOC(LIBC, D_SCF("~@mount @privileged"), "", ""),
	 true,
	 false,
	 {"directive=SystemCallFilter"},
	 {NULL},
	 1,
	 NULL},
	{"syscalls without a derived filter: reported, not failing",
	 DOC(LIBC, "", "",
	     ",\"syscalls\": {\"x86\": [" SC_READ "," SC("setuid") "], \"x86-64\": []}"),
	 DOC(LIBC, "", "",
	     ",\"syscalls\": {\"x86\": [" SC_READ "], \"x86-64\": [" SC("openat") "]}"),
	 false,
	 false,
	 {"syscall-removed=setuid", "syscall-added=openat"},
	 {NULL},
	 2,
	 NULL},
	{"per-object syscalls",
	 DOC("{\"path\": \"/a.so\", \"sha256\": \"1\", \"abi\": \"x86\", \"syscalls\": "
	     "{\"analysed\": true, \"abi\": \"x86\", \"reachable\": [\"read\"]}}",
	     "", "", ""),
	 DOC("{\"path\": \"/a.so\", \"sha256\": \"2\", \"abi\": \"x86\", \"syscalls\": "
	     "{\"analysed\": true, \"abi\": \"x86\", \"reachable\": [\"read\", \"setuid\"]}}",
	     "", "", ""),
	 false,
	 false,
	 {"syscall-added=setuid", "object-changed=/a.so"},
	 {NULL},
	 2,
	 "x86: + setuid"},
	{"a syscall becomes certain",
	 DOC(LIBC, "", "",
	     ",\"syscalls\": {\"x86\": [{\"name\": \"chroot\", \"confidence\": \"possible\"}]}"),
	 DOC(LIBC, "", "",
	     ",\"syscalls\": {\"x86\": [{\"name\": \"chroot\", \"confidence\": \"certain\","
	     "\"provenance\": [" PROV_JAIL "]}]}"),
	 false,
	 false,
	 {"syscall-confidence=chroot"},
	 {"syscall-added", "syscall-removed"},
	 1,
	 "x86: chroot possible -> certain (engine_srv.so: .text+0x10 (Jail+0x4) via "
	 "CreateInterface "
	 "-> Jail; certain)"},
	{"an unresolved syscall site appears",
	 DOC(LIBC, "", "", ",\"unresolved\": []"),
	 DOC(LIBC, "", "",
	     ",\"unresolved\": [{\"object\": \"/a.so\", \"function\": \"f\", \"what\": "
	     "\"syscall number\", \"location\": \".text+0x10 (f+0x4)\"}]"),
	 false,
	 false,
	 {"unresolved=syscall number"},
	 {NULL},
	 1,
	 NULL},
	{"an unresolved syscall site under a derived filter",
	 DOC(LIBC, D_SCF("@system-service"), "", ",\"unresolved\": []"),
	 DOC(LIBC, D_SCF("@system-service"), "",
	     ",\"unresolved\": [{\"object\": \"/a.so\", \"function\": \"f\", \"what\": "
	     "\"syscall number\", \"location\": \".text+0x10 (f+0x4)\"}]"),
	 true,
	 false,
	 {"unresolved=syscall number"},
	 {NULL},
	 1,
	 NULL},
	{"W->X site added",
	 DOC(LIBC, "", "", ",\"wx_sites\": []"),
	 DOC(LIBC, "", "", ",\"wx_sites\": [" WX("0x40", "0x7") "]"),
	 false,
	 false,
	 {"wx-site-added=/jit"},
	 {NULL},
	 1,
	 "W->X site: + jit: .text+0x40 (emit+0x10): mprotect prot 0x7"},
	{"W->X site moved by a rebuild is the same site",
	 DOC(LIBC, "", "", ",\"wx_sites\": [" WX("0x40", "0x7") "]"),
	 DOC(LIBC, "", "", ",\"wx_sites\": [" WX("0x80", "0x7") "]"),
	 false,
	 false,
	 {NULL},
	 {"wx-site-added", "wx-site-removed"},
	 0,
	 NULL},
	{"W->X site asking for other protections is another site",
	 DOC(LIBC, "", "", ",\"wx_sites\": [" WX("0x40", "0x7") "]"),
	 DOC(LIBC, "", "", ",\"wx_sites\": [" WX("0x40", "0x5") "]"),
	 false,
	 false,
	 {"wx-site-added=/jit", "wx-site-removed=/jit"},
	 {NULL},
	 2,
	 NULL},
	{"a directive the table does not have yet gains a family",
	 DOC(LIBC, "\"RestrictAddressFamilies\": \"AF_UNIX AF_INET\"", "", ""),
	 DOC(LIBC, "\"RestrictAddressFamilies\": \"AF_UNIX AF_INET AF_INET6\"", "", ""),
	 true,
	 true,
	 {"directive=RestrictAddressFamilies"},
	 {NULL},
	 1,
	 "RestrictAddressFamilies=: + AF_INET6"},
	{"RestrictAddressFamilies= down to none is tighter, not a break",
	 DOC(LIBC, "\"RestrictAddressFamilies\": \"AF_INET\"", "", ""),
	 DOC(LIBC, "\"RestrictAddressFamilies\": \"none\"", "", ""),
	 true,
	 false,
	 {"directive=RestrictAddressFamilies"},
	 {NULL},
	 1,
	 "RestrictAddressFamilies=: + none, - AF_INET (tighter)"},
	{"a boolean directive the table does not have yet is derived, with its verdict",
	 DOC(LIBC, "", "", ""),
	 DOC(LIBC, "\"LockPersonality\": \"true\"",
	     "\"LockPersonality\": {\"tolerated\": true, \"blockers\": []}", ""),
	 true,
	 false,
	 {"directive=LockPersonality", "verdict=LockPersonality"},
	 {NULL},
	 2,
	 "LockPersonality=true is newly derived"},
	{"target host changed",
	 DOC(LIBC, "", "", ""),
	 "{\"schema\": \"seccompat/1\", \"options\": {\"systemd\": \"252\", \"kernel\": \"6.12\","
	 "\"native\": \"x86-64\"}, \"objects\": [" LIBC "], \"directives\": {}, \"verdicts\": {}}",
	 false,
	 false,
	 {"options=systemd"},
	 {NULL},
	 1,
	 NULL},
	{"facts absent on one side",
	 DOC("{\"path\": \"/a.so\", \"sha256\": \"1\"}", "", "", ""),
	 DOC(O("/a.so", "1", "x86", "3", "true", "true"), "", "", ""),
	 false,
	 false,
	 {"text-relocations=/a.so", "stack=/a.so"},
	 {NULL},
	 ANY,
	 NULL},
	{"new error diagnostic",
	 DOC(LIBC, "", "", ",\"diagnostics\": []"),
	 DOC(LIBC, "", "",
	     ",\"diagnostics\": [{\"level\": \"error\", \"path\": \"/x\", \"message\": \"bad\"},"
	     "{\"level\": \"note\", \"path\": \"/x\", \"message\": \"fyi\"}]"),
	 false,
	 false,
	 {"diagnostic=/x"},
	 {NULL},
	 1,
	 NULL},
};

static bool has_change(const struct diff *d, const char *spec)
{
	const char *eq = strchr(spec, '=');
	size_t klen = eq ? (size_t)(eq - spec) : strlen(spec);

	for (size_t i = 0; i < d->n_changes; i++) {
		const struct diff_change *c = &d->changes[i];
		const char *k = diff_kind_name(c->kind);

		if (strlen(k) != klen || strncmp(k, spec, klen) != 0)
			continue;
		if (!eq)
			return true;
		if ((c->subject && strcmp(c->subject, eq + 1) == 0) ||
		    (c->object && strcmp(c->object, eq + 1) == 0))
			return true;
	}
	return false;
}

static bool has_detail(const struct diff *d, const char *detail)
{
	for (size_t i = 0; i < d->n_changes; i++)
		if (strcmp(d->changes[i].detail, detail) == 0)
			return true;
	return false;
}

static void dump(const struct diff *d)
{
	for (size_t i = 0; i < d->n_changes; i++)
		print_message("  %s %s %s: %s\n", diff_kind_name(d->changes[i].kind),
			      diff_effect_name(d->changes[i].effect),
			      d->changes[i].subject ? d->changes[i].subject : "-",
			      d->changes[i].detail);
}

static json_object *parse_ok(const char *name, const char *text)
{
	json_object *doc = NULL;
	char *err = NULL;

	if (diff_parse(name, text, strlen(text), &doc, &err) < 0) {
		print_message("%s\n", err);
		fail_msg("hand-made %s does not parse", name);
	}
	return doc;
}

static void test_rows(void **state)
{
	(void)state;
	for (size_t r = 0; r < sizeof(rows) / sizeof(rows[0]); r++) {
		const struct row *row = &rows[r];
		json_object *o = parse_ok("old.json", row->old_doc),
			    *n = parse_ok("new.json", row->new_doc);
		struct diff *d = diff_compare("old.json", o, "new.json", n);
		bool ok = d->fails == row->fails && d->breaks == row->breaks &&
			  (row->n_changes == ANY || d->n_changes == row->n_changes);

		for (size_t i = 0; i < 4 && row->expect[i]; i++)
			if (!has_change(d, row->expect[i])) {
				print_message("%s: missing %s\n", row->name, row->expect[i]);
				ok = false;
			}
		for (size_t i = 0; i < 3 && row->absent[i]; i++)
			if (has_change(d, row->absent[i])) {
				print_message("%s: unexpected %s\n", row->name, row->absent[i]);
				ok = false;
			}
		if (row->detail && !has_detail(d, row->detail)) {
			print_message("%s: no change reads '%s'\n", row->name, row->detail);
			ok = false;
		}
		/* A failing re-check always says why. */
		if (d->fails != (d->reasons.n > 0))
			ok = false;
		if (!ok) {
			print_message("row '%s': fails=%d breaks=%d changes=%zu\n", row->name,
				      d->fails, d->breaks, d->n_changes);
			dump(d);
			fail_msg("row '%s' failed", row->name);
		}
		/* Every renderer handles every row. */
		{
			FILE *f = fopen("/dev/null", "w");

			assert_non_null(f);
			assert_int_equal(diff_render_text(d, f), 0);
			assert_int_equal(diff_render_markdown(d, f), 0);
			assert_int_equal(diff_render_json(d, f), 0);
			fclose(f);
		}
		diff_free(d);
		json_object_put(o);
		json_object_put(n);
	}
}

struct bad {
	const char *text;
	const char *needle;
};

static const struct bad bad_inputs[] = {
	{"", "empty"},
	{"{", "not valid JSON"},
	{"{\"schema\": \"seccompat/1\", \"objects\": [", "not valid JSON"},
	{"{} x", "trailing"},
	{"[]", "not a seccompat result"},
	{"42\n", "not a seccompat result"},
	{"{\"objects\": []}", "no \"schema\""},
	{"{\"schema\": \"seccompat/2\", \"objects\": [], \"directives\": {}, \"verdicts\": {}}",
	 "unsupported schema"},
	{"{\"schema\": 1}", "no \"schema\""},
	{"{\"schema\": \"seccompat/1\", \"directives\": {}, \"verdicts\": {}}", "\"objects\""},
	{"{\"schema\": \"seccompat/1\", \"objects\": {}, \"directives\": {}, \"verdicts\": {}}",
	 "\"objects\""},
	{"{\"schema\": \"seccompat/1\", \"objects\": [{\"path\": \"/a\"}], \"directives\": {},"
	 "\"verdicts\": {}}",
	 "sha256"},
	{"{\"schema\": \"seccompat/1\", \"objects\": [7], \"directives\": {}, \"verdicts\": {}}",
	 "objects[0]"},
	{"{\"schema\": \"seccompat/1\", \"objects\": []}", "\"verdicts\""},
	{"{\"schema\": \"seccompat/1\", \"objects\": [], \"directives\": [], \"verdicts\": {}}",
	 "\"directives\""},
};

static void test_bad_inputs(void **state)
{
	char deep[20000];

	(void)state;
	for (size_t i = 0; i < sizeof(bad_inputs) / sizeof(bad_inputs[0]); i++) {
		json_object *doc = NULL;
		char *err = NULL;
		int r = diff_parse("base.json", bad_inputs[i].text, strlen(bad_inputs[i].text),
				   &doc, &err);

		assert_int_equal(r, -EINVAL);
		assert_null(doc);
		assert_non_null(err);
		if (strncmp(err, "base.json: ", 11) != 0 || strchr(err, '\n') ||
		    !strstr(err, bad_inputs[i].needle))
			fail_msg("input %zu: message '%s' (wanted '%s', one line, file first)", i,
				 err, bad_inputs[i].needle);
		free(err);
	}
	/* Nesting beyond json-c's depth limit is an error, not a crash. */
	memset(deep, '[', sizeof(deep) - 1);
	deep[sizeof(deep) - 1] = '\0';
	{
		json_object *doc = NULL;
		char *err = NULL;

		assert_int_equal(diff_parse("deep.json", deep, strlen(deep), &doc, &err), -EINVAL);
		assert_non_null(strstr(err, "not valid JSON"));
		free(err);
	}
}

static void test_load_missing_file(void **state)
{
	json_object *doc = NULL;
	char *err = NULL;

	(void)state;
	assert_int_equal(diff_load_file("/nonexistent/base.json", &doc, &err), -ENOENT);
	assert_non_null(strstr(err, "/nonexistent/base.json: error: cannot read"));
	free(err);
}

/* The one Markdown cell escaper (util.c), which both markdown renderers use. */
static void test_markdown_cell(void **state)
{
	static const char *const cases[][2] = {
		{"plain", "plain"},
		{"PROT_READ|PROT_EXEC", "PROT_READ\\|PROT_EXEC"},
		{"two\nlines\r\n", "two lines  "},
		{"CUtlVector<int>::Grow", "CUtlVector&lt;int>::Grow"},
		{"", ""},
	};
	char *e;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		e = str_markdown_cell(cases[i][0]);
		assert_string_equal(e, cases[i][1]);
		free(e);
	}
	e = str_markdown_cell(NULL);
	assert_string_equal(e, "");
	free(e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows),
		cmocka_unit_test(test_bad_inputs),
		cmocka_unit_test(test_load_missing_file),
		cmocka_unit_test(test_markdown_cell),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
