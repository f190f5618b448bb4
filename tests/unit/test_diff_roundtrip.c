// SPDX-License-Identifier: MIT
/* The diff loader against the real writer: `seccompat analyze --format
 * json` ($SECCOMPAT) on built samples, then every key diff_schema_keys[]
 * lists must be in those documents (present wherever its parent is,
 * unless optional, and seen at least once) and named in
 * docs/json-schema.md; a document compared with itself shows no change,
 * and with a copy edited in one place shows exactly that change, including
 * directives the derivation table does not have yet (compared by name,
 * without code of their own). Skipped without the binary or the samples. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "diff.h"
#include "json_schema.h"
#include "tmpdir.h"

/* Targets, relative to SAMPLES_DIR; together they make the writer write
 * every key: text relocations and two ABIs (srcds), W->X sites (jit64,
 * asm/static32), a diagnostic (dlopen_user64: dlopen and no candidate). */
static const char *const runs[] = {
	"srcds/srcds_run srcds",
	"jit/jit64",
	"asm/static32",
	"sys/dlopen_user64",
};
#define N_RUNS (ARRAY_SIZE(runs) + 1) /* and srcds with --unit */

/* No sample has a writable and executable PT_LOAD. */
static bool never_in_samples(const char *path)
{
	return strstr(path, DK_SEG_RWX "[]") != NULL;
}

struct fixture {
	char dir[64];
	json_object *docs[N_RUNS];
	char *names[N_RUNS];
};

static int setup(void **state)
{
	static struct fixture fx;
	const char *exe = getenv("SECCOMPAT");
	char *cmd, *unit;
	FILE *f;

	if (!exe || access(exe, X_OK) != 0 || access(SAMPLES_DIR "/srcds/srcds_run", R_OK) != 0) {
		print_message("SKIP: no $SECCOMPAT or no samples in %s\n", SAMPLES_DIR);
		*state = NULL;
		return 0;
	}
	snprintf(fx.dir, sizeof(fx.dir), "/tmp/seccompat-roundtrip.XXXXXX");
	if (!mkdtemp(fx.dir))
		return -1;
	unit = xasprintf("%s/prod.service", fx.dir);
	f = fopen(unit, "w");
	if (!f)
		return -1;
	fputs("[Service]\nExecStart=/srv/l4d2/srcds_run\nSystemCallArchitectures=native x86\n"
	      "SystemCallFilter=@system-service\nMemoryDenyWriteExecute=no\n",
	      f);
	fclose(f);
	for (size_t i = 0; i < N_RUNS; i++) {
		const char *targets = i < ARRAY_SIZE(runs) ? runs[i] : runs[0];
		struct strv t = {0};
		char *args = xstrdup("");
		json_object *doc = NULL;
		char *err = NULL, *out = xasprintf("%s/%zu.json", fx.dir, i);

		strv_split(&t, targets, " ", false);
		for (size_t k = 0; k < t.n; k++) {
			char *next = xasprintf("%s '%s/%s'", args, SAMPLES_DIR, t.v[k]);

			free(args);
			args = next;
		}
		cmd = xasprintf("'%s' analyze --quiet --format json --output '%s'%s%s%s%s", exe,
				out, i < ARRAY_SIZE(runs) ? "" : " --unit '",
				i < ARRAY_SIZE(runs) ? "" : unit, i < ARRAY_SIZE(runs) ? "" : "'",
				args);
		/* exit 1: a finding (the unit breaks), not a failure */
		if (WEXITSTATUS(system(cmd)) > 1 || diff_load_file(out, &doc, &err) < 0)
			fail_msg("%s: %s", cmd, err ? err : "failed");
		fx.docs[i] = doc;
		fx.names[i] = out;
		free(cmd);
		free(args);
		strv_clear(&t);
	}
	free(unit);
	*state = &fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;

	if (!fx)
		return 0;
	for (size_t i = 0; i < N_RUNS; i++) {
		json_object_put(fx->docs[i]);
		free(fx->names[i]);
	}
	return tmpdir_remove_path(fx->dir);
}

/* Walks path (json_schema.h syntax) below j; counts where the key is
 * found, and reports where a key that is always written is missing. */
static void walk(json_object *j, const char *path, const struct diff_schema_key *key,
		 const char *doc, size_t *seen, bool *ok)
{
	json_object *v;
	size_t len;
	char *name;

	if (!*path) {
		(*seen)++;
		return;
	}
	if (strncmp(path, "[]", 2) == 0) {
		for (size_t i = 0;
		     json_object_is_type(j, json_type_array) && i < json_object_array_length(j);
		     i++)
			walk(json_object_array_get_idx(j, i), path + 2, key, doc, seen, ok);
		return;
	}
	if (strncmp(path, "{}", 2) == 0) {
		if (json_object_is_type(j, json_type_object)) {
			json_object_object_foreach(j, k, m)
			{
				(void)k;
				walk(m, path + 2, key, doc, seen, ok);
			}
		}
		return;
	}
	if (*path == '.')
		path++;
	/* a member of an object; {} also visits lists ("warnings") */
	if (!json_object_is_type(j, json_type_object))
		return;
	len = strcspn(path, ".[{");
	name = xstrndup(path, len);
	if (!json_object_object_get_ex(j, name, &v)) {
		if (key->presence == DIFF_KEY_ALWAYS && *ok) {
			print_message("%s: %s missing (and maybe more)\n", doc, key->path);
			*ok = false;
		}
	} else {
		walk(v, path + len, key, doc, seen, ok);
	}
	free(name);
}

static void test_writer_writes_every_key(void **state)
{
	struct fixture *fx = *state;
	bool ok = true;

	if (!fx)
		skip();
	for (size_t k = 0; k < diff_n_schema_keys; k++) {
		const struct diff_schema_key *key = &diff_schema_keys[k];
		size_t seen = 0;

		for (size_t i = 0; i < N_RUNS; i++) {
			bool doc_ok = true; /* one message per key and document */

			walk(fx->docs[i], key->path, key, fx->names[i], &seen, &doc_ok);
			ok = ok && doc_ok;
		}
		if (!seen && !never_in_samples(key->path)) {
			print_message("%s: written by no sample run\n", key->path);
			ok = false;
		}
	}
	if (!ok)
		fail_msg("the writer and diff_schema_keys[] disagree");
}

/* Every key diff reads is documented in docs/json-schema.md. */
static void test_docs_name_every_key(void **state)
{
	char *text, *name;
	size_t len;
	bool ok = true;

	(void)state;
	assert_int_equal(read_file(SOURCE_DIR "/docs/json-schema.md", 1 << 20, &text, &len), 0);
	for (size_t k = 0; k < diff_n_schema_keys; k++) {
		const char *p = diff_schema_keys[k].path, *last = strrchr(p, '.');

		name = xasprintf("`%s`", last ? last + 1 : p);
		if (!strstr(text, name)) {
			print_message("docs/json-schema.md does not name %s (%s)\n", name, p);
			ok = false;
		}
		free(name);
	}
	free(text);
	if (!ok)
		fail_msg("docs/json-schema.md lacks keys diff reads");
}

static struct diff *compare(json_object *o, json_object *n)
{
	struct diff_doc *a, *b;
	struct diff *d;
	char *err = NULL;

	if (diff_doc_load("old.json", o, &a, &err) < 0 ||
	    diff_doc_load("new.json", n, &b, &err) < 0)
		fail_msg("%s", err);
	d = diff_compare_docs(a, b);
	diff_doc_free(a);
	diff_doc_free(b);
	return d;
}

static void test_itself(void **state)
{
	struct fixture *fx = *state;

	if (!fx)
		skip();
	for (size_t i = 0; i < N_RUNS; i++) {
		struct diff *d = compare(fx->docs[i], fx->docs[i]);

		if (d->n_changes || d->fails)
			fail_msg("%s compared with itself: %zu changes (%s)", fx->names[i],
				 d->n_changes, d->n_changes ? d->changes[0].detail : "fails");
		assert_int_equal(d->n_unchanged, d->n_old_objects);
		diff_free(d);
	}
}

/* ---- edits: each changes a copy in one place ---- */

static json_object *get(json_object *o, const char *key)
{
	json_object *v = NULL;

	if (!json_object_object_get_ex(o, key, &v))
		fail_msg("no %s in the written document", key);
	return v;
}

/* The first object the engine analysed. */
static json_object *analysed_object(json_object *doc)
{
	json_object *objs = get(doc, DK_OBJECTS);

	for (size_t i = 0; i < json_object_array_length(objs); i++) {
		json_object *o = json_object_array_get_idx(objs, i);

		if (json_object_array_length(get(get(o, DK_SYSCALLS), DK_OBJ_REACHABLE)))
			return o;
	}
	fail_msg("no analysed object");
	return NULL;
}

static void edit_reachable(json_object *old_doc, json_object *new_doc)
{
	(void)old_doc;
	json_object_array_add(get(get(analysed_object(new_doc), DK_SYSCALLS), DK_OBJ_REACHABLE),
			      json_object_new_string("ptrace"));
}

static void edit_textrel(json_object *old_doc, json_object *new_doc)
{
	json_object *tr = get(analysed_object(new_doc), DK_TEXTREL);

	(void)old_doc;
	json_object_object_add(
		tr, DK_TR_COUNT,
		json_object_new_int64(json_object_get_int64(get(tr, DK_TR_COUNT)) + 1));
}

static void edit_options(json_object *old_doc, json_object *new_doc)
{
	(void)old_doc;
	json_object_object_add(get(new_doc, DK_OPTIONS), DK_OPT_SYSTEMD,
			       json_object_new_string("252"));
}

static void edit_wx(json_object *old_doc, json_object *new_doc)
{
	json_object *w = json_object_new_object();

	(void)old_doc;
	json_object_object_add(w, DK_SITE_OBJECT, json_object_new_string("/srv/bin/jit_srv.so"));
	json_object_object_add(w, DK_SITE_FUNCTION, json_object_new_string("emit"));
	json_object_object_add(w, DK_SITE_LOCATION, json_object_new_string(".text+0x40 (emit)"));
	json_object_object_add(w, DK_SITE_CALLEE, json_object_new_string("mprotect"));
	json_object_object_add(w, DK_SITE_PROT, json_object_new_string("0x7"));
	json_object_array_add(get(new_doc, DK_WX_SITES), w);
}

/* Directives the table does not have yet: a boolean written as a string,
 * and a list of address families. */
static void edit_new_directive(json_object *old_doc, json_object *new_doc)
{
	/* The writer derives it: the old document is from before. */
	json_object_object_del(get(old_doc, DK_DIRECTIVES), "LockPersonality");
	json_object_object_add(get(new_doc, DK_DIRECTIVES), "LockPersonality",
			       json_object_new_string("true"));
}

static void edit_families(json_object *old_doc, json_object *new_doc)
{
	json_object_object_add(get(old_doc, DK_DIRECTIVES), "RestrictAddressFamilies",
			       json_object_new_string("AF_UNIX AF_INET"));
	json_object_object_add(get(new_doc, DK_DIRECTIVES), "RestrictAddressFamilies",
			       json_object_new_string("AF_UNIX AF_INET AF_INET6"));
}

static json_object *verdict(bool tolerated, const char *blocker)
{
	json_object *v = json_object_new_object(), *b = json_object_new_array();

	json_object_object_add(v, DK_V_TOLERATED, json_object_new_boolean(tolerated));
	if (blocker) {
		json_object *e = json_object_new_object();

		json_object_object_add(e, DK_EV_OBJECT, json_object_new_string("/srv/bin/a.so"));
		json_object_object_add(e, DK_EV_KIND, json_object_new_string(blocker));
		json_object_object_add(e, DK_EV_DETAIL,
				       json_object_new_string("calls personality"));
		json_object_array_add(b, e);
	}
	json_object_object_add(v, DK_V_BLOCKERS, b);
	return v;
}

static void edit_new_verdict(json_object *old_doc, json_object *new_doc)
{
	json_object_object_add(get(old_doc, DK_DIRECTIVES), "LockPersonality",
			       json_object_new_string("true"));
	json_object_object_add(get(new_doc, DK_DIRECTIVES), "LockPersonality",
			       json_object_new_string("true"));
	json_object_object_add(get(old_doc, DK_VERDICTS), "LockPersonality", verdict(true, NULL));
	json_object_object_add(get(new_doc, DK_VERDICTS), "LockPersonality",
			       verdict(true, "personality-call"));
}

struct edit {
	const char *name;
	void (*apply)(json_object *old_doc, json_object *new_doc);
	const char *kind, *subject; /* the one change expected */
	enum diff_effect effect;
	const char *detail; /* NULL: not checked */
};

static const struct edit edits[] = {
	{"reachable", edit_reachable, "syscall-added", "ptrace", DIFF_WORSE, NULL},
	{"text relocations", edit_textrel, "text-relocations", NULL, DIFF_WORSE, NULL},
	{"options", edit_options, "options", DK_OPT_SYSTEMD, DIFF_NEUTRAL, NULL},
	{"W->X site", edit_wx, "wx-site-added", NULL, DIFF_WORSE,
	 "W->X site: + jit_srv.so: .text+0x40 (emit): mprotect prot 0x7"},
	{"new directive", edit_new_directive, "directive", "LockPersonality", DIFF_REVIEW,
	 "LockPersonality=true is newly derived"},
	{"address families", edit_families, "directive", "RestrictAddressFamilies", DIFF_BREAKS,
	 "RestrictAddressFamilies=: + AF_INET6"},
	{"new verdict", edit_new_verdict, "blocker-added", "LockPersonality", DIFF_BREAKS,
	 "LockPersonality=: new blocker: /srv/bin/a.so: calls personality"},
};

static void test_one_edit(void **state)
{
	struct fixture *fx = *state;

	if (!fx)
		skip();
	for (size_t e = 0; e < ARRAY_SIZE(edits); e++) {
		const struct edit *x = &edits[e];
		json_object *o = NULL, *n = NULL;
		const struct diff_change *c;
		struct diff *d;

		assert_int_equal(json_object_deep_copy(fx->docs[0], &o, NULL), 0);
		assert_int_equal(json_object_deep_copy(fx->docs[0], &n, NULL), 0);
		x->apply(o, n);
		d = compare(o, n);
		if (d->n_changes != 1)
			fail_msg("%s: %zu changes, wanted 1 (%s)", x->name, d->n_changes,
				 d->n_changes ? d->changes[0].detail : "none");
		c = &d->changes[0];
		if (strcmp(diff_kind_name(c->kind), x->kind) != 0 || c->effect != x->effect ||
		    (x->subject && (!c->subject || strcmp(c->subject, x->subject) != 0)) ||
		    (x->detail && strcmp(c->detail, x->detail) != 0))
			fail_msg("%s: got %s %s %s: %s", x->name, diff_kind_name(c->kind),
				 diff_effect_name(c->effect), c->subject ? c->subject : "-",
				 c->detail);
		/* the object's own set is named by its ABI, not by a key */
		if (x->apply == edit_reachable) {
			json_object *obj = analysed_object(n);
			char *want = xasprintf(
				"%s: + ptrace",
				json_object_get_string(get(get(obj, DK_SYSCALLS), DK_ABI)));

			assert_string_equal(c->detail, want);
			assert_string_equal(c->object, json_object_get_string(get(obj, DK_PATH)));
			free(want);
		}
		diff_free(d);
		json_object_put(o);
		json_object_put(n);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_docs_name_every_key),
		cmocka_unit_test(test_writer_writes_every_key),
		cmocka_unit_test(test_itself),
		cmocka_unit_test(test_one_edit),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
