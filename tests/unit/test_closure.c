// SPDX-License-Identifier: MIT
/* closure.c: the DT_NEEDED closure, resolved the way glibc's ld.so does
 * (elf/dl-load.c _dl_map_object). Each case is a tree written under a fresh
 * --root: tiny ELF objects from mkelf.h (their DT_NEEDED, DT_RPATH,
 * DT_RUNPATH and DT_SONAME known by construction), symlinks, a copy of a real
 * Debian library; the expectations are ld.so's rules, as ld.so(8) and
 * dl-load.c state them:
 *  - DT_RPATH of the requester and of its loaders, before LD_LIBRARY_PATH,
 *    before DT_RUNPATH; DT_RPATH is ignored when the requester has
 *    DT_RUNPATH, and DT_RUNPATH serves the object's own DT_NEEDED only;
 *  - /etc/ld.so.cache, then the default directories, both skipped with
 *    DF_1_NODEFLIB;
 *  - $ORIGIN is the directory of the object the entry comes from;
 *  - a candidate of another ABI is passed over; a name with a slash is
 *    opened as it is; a loaded object is reused by name, SONAME or inode;
 *  - a missing library is reported, not fatal; a cycle terminates.
 * Nothing analysed here is ever run. */
#include <errno.h>
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

#include "closure.h"
#include "mkelf.h"
#include "skip.h"

#define LIBX "/lib/x86_64-linux-gnu"

#include "tmpdir.h"
static unsigned n_trees;

static int setup(void **state)
{
	(void)state;
	return tmpdir_make("closure");
}

static int teardown(void **state)
{
	(void)state;
	return tmpdir_remove();
}

/* mkdir -p of the directory part of path. */
static void mkdirs(const char *path)
{
	char *p = xstrdup(path);
	for (char *s = p + 1; *s; s++)
		if (*s == '/') {
			*s = '\0';
			if (mkdir(p, 0755) < 0 && errno != EEXIST)
				fail_msg("mkdir %s: %s", p, strerror(errno));
			*s = '/';
		}
	free(p);
}

/* One file of a tree: an ELF object written from spec, a symlink to
 * link_to, a copy of the host file copy_from, or a text file. */
struct file_row {
	const char *path; /* under the root */
	struct mkelf_spec spec;
	const char *link_to;
	const char *copy_from;
	const char *text;
};

/* An object expected in the model, by service path. */
struct obj_expect {
	const char *path;
	enum obj_role role;
	enum obj_via via;
	const char *loader; /* its loader's path, NULL: none */
};

/* A DT_NEEDED edge: needer's entry name resolves to path (NULL: unresolved). */
struct edge_expect {
	const char *needer;
	const char *name;
	const char *path;
};

#define MAX_ROWS 8

struct closure_case {
	const char *name;
	struct file_row files[MAX_ROWS];
	const char *library_path[3]; /* service paths, NULL-terminated */
	const char *target;	     /* service path */
	struct obj_expect objects[MAX_ROWS];
	struct edge_expect edges[MAX_ROWS];
	size_t n_objects;
	size_t n_not_found; /* "DT_NEEDED ... not found" warnings */
};

static char *new_tree(void)
{
	char *root = xasprintf("%s/t%u", tmpdir, n_trees++);
	assert_int_equal(mkdir(root, 0755), 0);
	return root;
}

static void write_file(const char *root, const struct file_row *f)
{
	char *p = path_join(root, f->path);

	mkdirs(p);
	if (f->link_to) {
		if (symlink(f->link_to, p) < 0)
			fail_msg("symlink %s: %s", p, strerror(errno));
	} else if (f->copy_from) {
		char *data = NULL;
		size_t len = 0;
		FILE *out;
		assert_int_equal(read_file(f->copy_from, 64 << 20, &data, &len), 0);
		out = fopen(p, "wb");
		assert_non_null(out);
		assert_int_equal(fwrite(data, 1, len, out), len);
		assert_int_equal(fclose(out), 0);
		free(data);
	} else if (f->text) {
		FILE *out = fopen(p, "w");
		assert_non_null(out);
		fputs(f->text, out);
		assert_int_equal(fclose(out), 0);
	} else {
		mkelf_write(p, &f->spec);
	}
	free(p);
}

static struct sc_object *find_obj(const struct analysis *a, const char *path)
{
	for (size_t i = 0; i < a->n_objects; i++)
		if (strcmp(a->objects[i]->path, path) == 0)
			return a->objects[i];
	return NULL;
}

static size_t count_diags(const struct analysis *a, const char *needle)
{
	size_t n = 0;
	for (size_t i = 0; i < a->n_diags; i++)
		if (strstr(a->diags[i].msg, needle))
			n++;
	return n;
}

static void list_model(const struct analysis *a)
{
	for (size_t i = 0; i < a->n_objects; i++)
		print_message("  object %s (%s, %s)\n", a->objects[i]->path,
			      obj_role_name(a->objects[i]->role), obj_via_name(a->objects[i]->via));
	for (size_t i = 0; i < a->n_diags; i++)
		print_message("  diag %s: %s\n", a->diags[i].path ? a->diags[i].path : "-",
			      a->diags[i].msg);
}

/* Builds the closure of c->target under a fresh root with c's files. */
static struct analysis *run_case(const struct closure_case *c, char **ret_root)
{
	struct analysis *a = analysis_new();
	char *root = new_tree(), *target;
	struct strv lp = {0};
	struct closure_opts o = {
		.root = root, .library_path = &lp, .host = arch_from_name("x86-64")};

	for (size_t i = 0; i < MAX_ROWS && c->files[i].path; i++)
		write_file(root, &c->files[i]);
	for (size_t i = 0; i < 3 && c->library_path[i]; i++)
		strv_push(&lp, c->library_path[i]);
	target = path_join(root, c->target);
	assert_int_equal(closure_build(a, &o, &target, 1), 0);
	free(target);
	strv_clear(&lp);
	*ret_root = root;
	return a;
}

static void check_case(const struct closure_case *c, const struct analysis *a)
{
	print_message("case %s\n", c->name);
	list_model(a);
	/* Unresolved names and skipped candidates are not bad input. */
	assert_false(a->input_error);
	assert_int_equal(a->n_objects, c->n_objects);
	assert_int_equal(count_diags(a, "not found"), c->n_not_found);
	for (size_t i = 0; i < MAX_ROWS && c->objects[i].path; i++) {
		const struct obj_expect *x = &c->objects[i];
		const struct sc_object *o = find_obj(a, x->path);
		if (!o)
			fail_msg("%s: no object %s", c->name, x->path);
		assert_string_equal(obj_role_name(o->role), obj_role_name(x->role));
		assert_string_equal(obj_via_name(o->via), obj_via_name(x->via));
		if (x->loader) {
			assert_non_null(o->loader);
			assert_string_equal(o->loader->path, x->loader);
		} else {
			assert_null(o->loader);
		}
	}
	for (size_t i = 0; i < MAX_ROWS && c->edges[i].needer; i++) {
		const struct edge_expect *x = &c->edges[i];
		const struct sc_object *o = find_obj(a, x->needer);
		bool seen = false;
		if (!o)
			fail_msg("%s: no object %s", c->name, x->needer);
		for (size_t k = 0; k < o->n_needed; k++) {
			if (strcmp(o->needed[k].name, x->name) != 0)
				continue;
			seen = true;
			if (!x->path)
				assert_null(o->needed[k].target);
			else if (!o->needed[k].target)
				fail_msg("%s: %s: %s unresolved, want %s", c->name, x->needer,
					 x->name, x->path);
			else
				assert_string_equal(o->needed[k].target->path, x->path);
		}
		if (!seen)
			fail_msg("%s: %s has no DT_NEEDED %s", c->name, x->needer, x->name);
	}
}

#define LIB(p, ...)                                                                                \
	{                                                                                          \
		.path = (p), .spec = { __VA_ARGS__ }                                               \
	}
#define PROG "/opt/app/bin/prog"

static const struct closure_case cases[] = {
	{
		"DT_RPATH before LD_LIBRARY_PATH",
		{LIB(PROG, .rpath = "/r", .needed = {"libA.so"}), LIB("/r/libA.so"),
		 LIB("/l/libA.so")},
		{"/l"},
		PROG,
		{{"/r/libA.so", ROLE_NEEDED, VIA_RPATH, PROG}},
		{{PROG, "libA.so", "/r/libA.so"}},
		2,
		0,
	},
	{
		"LD_LIBRARY_PATH before DT_RUNPATH",
		{LIB(PROG, .runpath = "/u", .needed = {"libA.so"}), LIB("/u/libA.so"),
		 LIB("/l/libA.so")},
		{"/l"},
		PROG,
		{{"/l/libA.so", ROLE_NEEDED, VIA_LD_LIBRARY_PATH, PROG}},
		{{PROG, "libA.so", "/l/libA.so"}},
		2,
		0,
	},
	{
		"DT_RUNPATH before the default directories",
		{LIB(PROG, .runpath = "/u", .needed = {"libA.so"}), LIB("/u/libA.so"),
		 LIB(LIBX "/libA.so")},
		{NULL},
		PROG,
		{{"/u/libA.so", ROLE_NEEDED, VIA_RUNPATH, PROG}},
		{{PROG, "libA.so", "/u/libA.so"}},
		2,
		0,
	},
	{
		"DT_RUNPATH makes DT_RPATH ignored",
		{LIB(PROG, .rpath = "/r", .runpath = "/u", .needed = {"libA.so"}),
		 LIB("/r/libA.so"), LIB("/u/libA.so")},
		{NULL},
		PROG,
		{{"/u/libA.so", ROLE_NEEDED, VIA_RUNPATH, PROG}},
		{{PROG, "libA.so", "/u/libA.so"}},
		2,
		0,
	},
	{
		/* Debian's x86-64 ld.so (`ld.so --help`, "system search
		 * path"): /lib/x86_64-linux-gnu, /usr/lib/x86_64-linux-gnu,
		 * /lib, /usr/lib. */
		"the default directories in order",
		{LIB(PROG, .needed = {"libA.so", "libB.so"}), LIB("/usr/lib/libA.so"),
		 LIB("/usr" LIBX "/libA.so"), LIB("/lib/libB.so"), LIB("/usr/lib/libB.so")},
		{NULL},
		PROG,
		{{"/usr" LIBX "/libA.so", ROLE_NEEDED, VIA_DEFAULT_DIRS, PROG},
		 {"/lib/libB.so", ROLE_NEEDED, VIA_DEFAULT_DIRS, PROG}},
		{{PROG, "libA.so", "/usr" LIBX "/libA.so"}, {PROG, "libB.so", "/lib/libB.so"}},
		3,
		0,
	},
	{
		"$ORIGIN and ${ORIGIN} are the object's directory",
		{LIB(PROG, .rpath = "$ORIGIN/../lib:/nonexistent", .needed = {"libA.so"}),
		 LIB("/opt/app/lib/libA.so", .runpath = "${ORIGIN}/sub", .needed = {"libB.so"}),
		 LIB("/opt/app/lib/sub/libB.so"), LIB("/opt/app/bin/libA.so")},
		{NULL},
		PROG,
		{{"/opt/app/lib/libA.so", ROLE_NEEDED, VIA_RPATH, PROG},
		 {"/opt/app/lib/sub/libB.so", ROLE_NEEDED, VIA_RUNPATH, "/opt/app/lib/libA.so"}},
		{{PROG, "libA.so", "/opt/app/lib/libA.so"},
		 {"/opt/app/lib/libA.so", "libB.so", "/opt/app/lib/sub/libB.so"}},
		3,
		0,
	},
	{
		"an unknown $TOKEN drops the entry",
		{LIB(PROG, .rpath = "$NOSUCH/r:/s", .needed = {"libA.so"}), LIB("/r/libA.so"),
		 LIB("/s/libA.so")},
		{NULL},
		PROG,
		{{"/s/libA.so", ROLE_NEEDED, VIA_RPATH, PROG}},
		{{PROG, "libA.so", "/s/libA.so"}},
		2,
		0,
	},
	{
		"DT_RPATH of the loaders serves their dependencies",
		{LIB(PROG, .rpath = "/r", .needed = {"libA.so"}),
		 LIB("/r/libA.so", .needed = {"libB.so"}), LIB("/r/libB.so"), LIB(LIBX "/libB.so")},
		{NULL},
		PROG,
		{{"/r/libA.so", ROLE_NEEDED, VIA_RPATH, PROG},
		 {"/r/libB.so", ROLE_NEEDED, VIA_RPATH, "/r/libA.so"}},
		{{"/r/libA.so", "libB.so", "/r/libB.so"}},
		3,
		0,
	},
	{
		"DT_RUNPATH does not serve the dependencies' dependencies",
		{LIB(PROG, .runpath = "/u", .needed = {"libA.so"}),
		 LIB("/u/libA.so", .needed = {"libB.so"}), LIB("/u/libB.so")},
		{NULL},
		PROG,
		{{"/u/libA.so", ROLE_NEEDED, VIA_RUNPATH, PROG}},
		{{"/u/libA.so", "libB.so", NULL}},
		2,
		1,
	},
	{
		"a requester with DT_RUNPATH ignores its loaders' DT_RPATH",
		{LIB(PROG, .rpath = "/r", .needed = {"libA.so"}),
		 LIB("/r/libA.so", .runpath = "/u", .needed = {"libB.so"}), LIB("/r/libB.so"),
		 LIB("/u/libB.so")},
		{NULL},
		PROG,
		{{"/u/libB.so", ROLE_NEEDED, VIA_RUNPATH, "/r/libA.so"}},
		{{"/r/libA.so", "libB.so", "/u/libB.so"}},
		3,
		0,
	},
	{
		"a candidate of another ABI is passed over",
		{LIB(PROG, .rpath = "/r:/s", .needed = {"libA.so"}),
		 LIB("/r/libA.so", .i386 = true), LIB("/s/libA.so")},
		{NULL},
		PROG,
		{{"/s/libA.so", ROLE_NEEDED, VIA_RPATH, PROG}},
		{{PROG, "libA.so", "/s/libA.so"}},
		2,
		0,
	},
	{
		"a missing library is reported, the rest resolved",
		{LIB(PROG, .rpath = "/r", .needed = {"libmissing.so", "libA.so"}),
		 LIB("/r/libA.so")},
		{NULL},
		PROG,
		{{"/r/libA.so", ROLE_NEEDED, VIA_RPATH, PROG}},
		{{PROG, "libmissing.so", NULL}, {PROG, "libA.so", "/r/libA.so"}},
		2,
		1,
	},
	{
		"a cycle terminates",
		{LIB(PROG, .rpath = "/r", .needed = {"libA.so"}),
		 LIB("/r/libA.so", .needed = {"libB.so"}),
		 LIB("/r/libB.so", .needed = {"libA.so"})},
		{NULL},
		PROG,
		{{"/r/libA.so", ROLE_NEEDED, VIA_RPATH, PROG},
		 {"/r/libB.so", ROLE_NEEDED, VIA_RPATH, "/r/libA.so"}},
		{{"/r/libB.so", "libA.so", "/r/libA.so"}},
		3,
		0,
	},
	{
		"DF_1_NODEFLIB skips the default directories",
		{LIB(PROG, .flags_1 = DF_1_NODEFLIB, .needed = {"libA.so"}), LIB(LIBX "/libA.so")},
		{NULL},
		PROG,
		{{NULL}},
		{{PROG, "libA.so", NULL}},
		1,
		1,
	},
	{
		"a name with a slash is a path",
		{LIB(PROG, .rpath = "/r", .needed = {"/opt/x/libA.so"}), LIB("/opt/x/libA.so"),
		 LIB("/r/libA.so")},
		{NULL},
		PROG,
		{{"/opt/x/libA.so", ROLE_NEEDED, VIA_PATH, PROG}},
		{{PROG, "/opt/x/libA.so", "/opt/x/libA.so"}},
		2,
		0,
	},
	{
		"a loaded SONAME is reused",
		/* libB asks for libA.so.1, found nowhere on disk under that
		 * name: the object loaded as liba-real.so has it as SONAME. */
		{LIB(PROG, .rpath = "/r", .needed = {"liba-real.so", "libB.so"}),
		 LIB("/r/liba-real.so", .soname = "libA.so.1"),
		 LIB("/r/libB.so", .needed = {"libA.so.1"})},
		{NULL},
		PROG,
		{{"/r/liba-real.so", ROLE_NEEDED, VIA_RPATH, PROG}},
		{{"/r/libB.so", "libA.so.1", "/r/liba-real.so"}},
		3,
		0,
	},
	{
		"symlinks: the path as opened, one object per inode",
		{LIB(PROG, .rpath = "/r", .needed = {"libA.so", "libA-alias.so"}),
		 LIB("/r/libA.so.1.2.3"),
		 {.path = "/r/libA.so", .link_to = "libA.so.1.2.3"},
		 {.path = "/r/libA-alias.so", .link_to = "./libA.so.1.2.3"}},
		{NULL},
		PROG,
		{{"/r/libA.so", ROLE_NEEDED, VIA_RPATH, PROG}},
		{{PROG, "libA.so", "/r/libA.so"}, {PROG, "libA-alias.so", "/r/libA.so"}},
		2,
		0,
	},
	{
		/* The service sees the tree as its root: an absolute link
		 * target starts at the root and ".." stops there (the host
		 * has no /r or /q). */
		"absolute symlinks under --root stay in the tree",
		{LIB(PROG, .rpath = "/r", .needed = {"libA.so", "libB.so"}),
		 LIB("/r/libA.so.1"),
		 {.path = "/r/libA.so", .link_to = "/r/libA.so.1"},
		 LIB("/q/libB.so.2"),
		 {.path = "/r/libB.so", .link_to = "../../../../q/libB.so.2"}},
		{NULL},
		PROG,
		{{"/r/libA.so", ROLE_NEEDED, VIA_RPATH, PROG},
		 {"/r/libB.so", ROLE_NEEDED, VIA_RPATH, PROG}},
		{{PROG, "libA.so", "/r/libA.so"}, {PROG, "libB.so", "/r/libB.so"}},
		3,
		0,
	},
	{
		"PT_INTERP joins the closure and is reused by name",
		{LIB(PROG, .interp = "/lib64/ld-linux-x86-64.so.2", .rpath = "/r",
		     .needed = {"libA.so"}),
		 LIB("/lib64/ld-linux-x86-64.so.2", .soname = "ld-linux-x86-64.so.2"),
		 LIB("/r/libA.so", .needed = {"ld-linux-x86-64.so.2"})},
		{NULL},
		PROG,
		{{PROG, ROLE_ENTRY, VIA_ARGUMENT, NULL},
		 {"/lib64/ld-linux-x86-64.so.2", ROLE_LOADER, VIA_PT_INTERP, PROG}},
		{{"/r/libA.so", "ld-linux-x86-64.so.2", "/lib64/ld-linux-x86-64.so.2"}},
		3,
		0,
	},
	{
		"a real Debian library through $ORIGIN; its libc missing from the tree",
		{LIB(PROG, .runpath = "$ORIGIN/../lib", .needed = {"libz.so.1"}),
		 {.path = "/opt/app/lib/libz.so.1", .copy_from = "/usr" LIBX "/libz.so.1"}},
		{NULL},
		PROG,
		{{"/opt/app/lib/libz.so.1", ROLE_NEEDED, VIA_RUNPATH, PROG}},
		{{PROG, "libz.so.1", "/opt/app/lib/libz.so.1"},
		 {"/opt/app/lib/libz.so.1", "libc.so.6", NULL}},
		2,
		1,
	},
};

static void test_search_rules(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *root = NULL;
		struct analysis *a = run_case(&cases[i], &root);
		check_case(&cases[i], a);
		analysis_free(a);
		free(root);
	}
}

/* The entry itself: an executable named on the command line. */
static void test_entry_and_real_path(void **state)
{
	static const struct closure_case c = {
		"entry",
		{LIB(PROG, .type = ET_EXEC, .rpath = "/r", .needed = {"libA.so"}),
		 LIB("/r/libA.so.1"),
		 {.path = "/r/libA.so", .link_to = "libA.so.1"}},
		{NULL},
		PROG,
		{{PROG, ROLE_ENTRY, VIA_ARGUMENT, NULL}},
		{{PROG, "libA.so", "/r/libA.so"}},
		2,
		0,
	};
	char *root = NULL, *want, *real;
	struct analysis *a = run_case(&c, &root);
	const struct sc_object *lib;
	(void)state;

	check_case(&c, a);
	/* The display path is the one ld.so opens; real_path is where the
	 * file is on this machine. */
	lib = find_obj(a, "/r/libA.so");
	assert_non_null(lib);
	want = xasprintf("%s/r/libA.so.1", root);
	real = realpath(want, NULL);
	assert_non_null(real);
	assert_string_equal(lib->real_path, real);
	assert_string_equal(a->root, root);
	free(real);
	free(want);
	analysis_free(a);
	free(root);
}

/* /etc/ld.so.cache as glibc's own ldconfig writes it for the tree: used
 * after DT_RUNPATH and LD_LIBRARY_PATH, before the default directories,
 * skipped with DF_1_NODEFLIB. */
static void test_ld_so_cache(void **state)
{
	static const struct closure_case c = {
		"ld.so.cache",
		{LIB(PROG, .needed = {"libC.so.1", "libD.so.1"}),
		 LIB("/opt/cached/libC.so.1", .soname = "libC.so.1"),
		 LIB("/opt/cached/libD.so.1", .soname = "libD.so.1"),
		 LIB("/l/libD.so.1", .soname = "libD.so.1"),
		 LIB("/opt/app/bin/nodeflib", .flags_1 = DF_1_NODEFLIB, .needed = {"libC.so.1"}),
		 {.path = "/etc/ld.so.conf", .text = "/opt/cached\n"}},
		{"/l"},
		PROG,
		{{"/opt/cached/libC.so.1", ROLE_NEEDED, VIA_LD_SO_CACHE, PROG},
		 {"/l/libD.so.1", ROLE_NEEDED, VIA_LD_LIBRARY_PATH, PROG}},
		{{PROG, "libC.so.1", "/opt/cached/libC.so.1"}, {PROG, "libD.so.1", "/l/libD.so.1"}},
		3,
		0,
	};
	struct closure_case nodeflib = c;
	char *root = new_tree(), *cmd, *target;
	struct analysis *a;
	struct strv lp = {0};
	struct closure_opts o = {
		.root = root, .library_path = &lp, .host = arch_from_name("x86-64")};
	int r;
	(void)state;

	for (size_t i = 0; i < MAX_ROWS && c.files[i].path; i++)
		write_file(root, &c.files[i]);
	/* -r: the tree is the root; -X: no links. Needs root (chroot). */
	cmd = xasprintf("ldconfig -X -r '%s' >/dev/null 2>&1", root);
	r = system(cmd);
	free(cmd);
	if (r != 0) {
		free(root);
		skip_test("ldconfig -r cannot build a cache for the tree (not root?)");
	}
	strv_push(&lp, "/l");
	a = analysis_new();
	target = path_join(root, c.target);
	assert_int_equal(closure_build(a, &o, &target, 1), 0);
	free(target);
	check_case(&c, a);
	analysis_free(a);

	/* The same tree, from the DF_1_NODEFLIB executable: no cache. */
	nodeflib.name = "ld.so.cache with DF_1_NODEFLIB";
	memset(nodeflib.objects, 0, sizeof(nodeflib.objects));
	memset(nodeflib.edges, 0, sizeof(nodeflib.edges));
	nodeflib.edges[0] = (struct edge_expect){"/opt/app/bin/nodeflib", "libC.so.1", NULL};
	nodeflib.n_objects = 1;
	nodeflib.n_not_found = 1;
	a = analysis_new();
	target = path_join(root, "/opt/app/bin/nodeflib");
	assert_int_equal(closure_build(a, &o, &target, 1), 0);
	free(target);
	check_case(&nodeflib, a);
	analysis_free(a);
	strv_clear(&lp);
	free(root);
}

/* A real library of this system, without --root: its libc comes from the
 * system's /etc/ld.so.cache, the file /lib/x86_64-linux-gnu/libc.so.6 is. */
static void test_system_library(void **state)
{
	const char *lib = "/usr" LIBX "/libjson-c.so.5";
	char *target = xstrdup(lib), *want;
	struct analysis *a;
	struct closure_opts o = {.host = arch_from_name("x86-64")};
	const struct sc_object *obj;
	(void)state;

	if (access(lib, R_OK) != 0 || access("/etc/ld.so.cache", R_OK) != 0) {
		free(target);
		skip_test("no libjson-c.so.5 or /etc/ld.so.cache on this system");
	}
	a = analysis_new();
	assert_int_equal(closure_build(a, &o, &target, 1), 0);
	list_model(a);
	assert_false(a->input_error);
	obj = a->objects[0];
	assert_string_equal(obj->path, lib);
	assert_string_equal(obj_role_name(obj->role), "library");
	assert_int_equal(obj->n_needed, obj->elf->dyn.needed.n);
	want = realpath(LIBX "/libc.so.6", NULL);
	assert_non_null(want);
	for (size_t i = 0; i < obj->n_needed; i++) {
		if (strcmp(obj->needed[i].name, "libc.so.6") != 0)
			continue;
		assert_non_null(obj->needed[i].target);
		assert_string_equal(obj->needed[i].target->real_path, want);
		assert_string_equal(obj_via_name(obj->needed[i].target->via), "ld.so.cache");
		free(want);
		want = NULL;
	}
	assert_null(want); /* libc.so.6 was among its DT_NEEDED */
	analysis_free(a);
	free(target);
}

/* closure_expand_dst(): glibc _dl_dst_substitute. */
static void test_expand_dst(void **state)
{
	static const struct {
		const char *entry, *origin, *want; /* want NULL: entry dropped */
	} dst[] = {
		{"/plain/dir", "/o", "/plain/dir"},
		{"$ORIGIN", "/srv/bin", "/srv/bin"},
		{"$ORIGIN/../lib", "/srv/bin", "/srv/bin/../lib"},
		{"${ORIGIN}/lib", "/srv/bin", "/srv/bin/lib"},
		{"$ORIGIN:$ORIGIN", "/a", "/a:/a"},
		{"/x/$ORIGIN/y", "/o", "/x//o/y"},
		{"$ORIGINAL", "/o", NULL},
		{"${ORIGIN", "/o", NULL},
		{"$NOSUCH/lib", "/o", NULL},
		{"/lib/$", "/o", NULL},
	};
	const struct arch_desc *x64 = arch_from_name("x86-64");
	(void)state;

	for (size_t i = 0; i < sizeof(dst) / sizeof(dst[0]); i++) {
		char *got = closure_expand_dst(dst[i].entry, dst[i].origin, x64);
		print_message("%s -> %s\n", dst[i].entry, got ? got : "(dropped)");
		if (dst[i].want)
			assert_string_equal(got, dst[i].want);
		else
			assert_null(got);
		free(got);
	}
	/* A long origin grows the buffer. */
	{
		char origin[600], *got, *want;
		memset(origin, 'd', sizeof(origin) - 1);
		origin[0] = '/';
		origin[sizeof(origin) - 1] = '\0';
		got = closure_expand_dst("$ORIGIN/$ORIGIN", origin, x64);
		want = xasprintf("%s/%s", origin, origin);
		assert_string_equal(got, want);
		free(got);
		free(want);
	}
}

/* A start script, the way srcds_run is written: its interpreter joins,
 * the program it execs is the entry, and its literal LD_LIBRARY_PATH
 * (relative to the script's directory, which it cds to) serves the
 * entry's DT_NEEDED; an entry with a shell expansion is skipped. */
static void test_script(void **state)
{
	char *root = new_tree(), *script, *target;
	struct analysis *a = analysis_new();
	struct closure_opts o = {.host = arch_from_name("x86-64")};
	const struct file_row files[] = {
		LIB("/srv/bin/sh", .type = ET_EXEC),
		LIB("/srv/game/prog", .type = ET_EXEC, .needed = {"libA.so", "libB.so"}),
		LIB("/srv/game/bin/libA.so"),
		LIB("/srv/game/libB.so"),
		/* where the unexpanded "$HOME/libs-by-expansion" would lead */
		LIB("/srv/game/$HOME/libs-by-expansion/libA.so"),
	};
	const struct sc_object *prog, *sh;
	FILE *f;
	(void)state;

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		write_file(root, &files[i]);
	script = xasprintf("%s/srv/game/run.sh", root);
	f = fopen(script, "w");
	assert_non_null(f);
	fprintf(f,
		"#!%s/srv/bin/sh\n"
		"cd \"$(dirname \"$0\")\"\n"
		"export LD_LIBRARY_PATH=\"$HOME/libs-by-expansion:.:bin:$LD_LIBRARY_PATH\"\n"
		"exec ./prog \"$@\"\n",
		root);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(chmod(script, 0755), 0);
	target = xstrdup(script);
	assert_int_equal(closure_build(a, &o, &target, 1), 0);
	list_model(a);
	assert_false(a->input_error);
	assert_int_equal(a->n_scripts, 1);
	sh = a->objects[0];
	assert_true(str_endswith(sh->path, "/srv/bin/sh"));
	assert_string_equal(obj_role_name(sh->role), "script-interpreter");
	assert_string_equal(obj_via_name(sh->via), "shebang");
	prog = NULL;
	for (size_t i = 0; i < a->n_objects; i++)
		if (str_endswith(a->objects[i]->path, "/srv/game/prog"))
			prog = a->objects[i];
	assert_non_null(prog);
	assert_string_equal(obj_role_name(prog->role), "entry");
	assert_int_equal(prog->n_needed, 2);
	assert_non_null(prog->needed[0].target);
	assert_true(str_endswith(prog->needed[0].target->path, "/srv/game/bin/libA.so"));
	assert_string_equal(obj_via_name(prog->needed[0].target->via), "LD_LIBRARY_PATH");
	assert_non_null(prog->needed[1].target);
	assert_true(str_endswith(prog->needed[1].target->path, "/srv/game/libB.so"));
	assert_int_equal(a->n_objects, 4);
	analysis_free(a);
	free(target);
	free(script);
	free(root);
}

/* The same start script under --root: the #! line and LD_LIBRARY_PATH
 * are paths the service sees, so "bin" is /srv/game/bin inside the tree. */
static void test_script_under_root(void **state)
{
	char *root = new_tree(), *script, *target;
	struct analysis *a = analysis_new();
	struct closure_opts o = {.host = arch_from_name("x86-64")};
	const struct file_row files[] = {
		LIB("/bin/sh", .type = ET_EXEC),
		LIB("/srv/game/prog", .type = ET_EXEC, .needed = {"libA.so"}),
		LIB("/srv/game/bin/libA.so"),
		{.path = "/srv/game/run.sh",
		 .text = "#!/bin/sh\nexport LD_LIBRARY_PATH=\".:bin\"\nexec ./prog\n"},
	};
	const struct sc_object *prog = NULL;
	(void)state;

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		write_file(root, &files[i]);
	script = xasprintf("%s/srv/game/run.sh", root);
	assert_int_equal(chmod(script, 0755), 0);
	o.root = root;
	target = xstrdup(script);
	assert_int_equal(closure_build(a, &o, &target, 1), 0);
	list_model(a);
	assert_false(a->input_error);
	assert_non_null(find_obj(a, "/bin/sh"));
	prog = find_obj(a, "/srv/game/prog");
	assert_non_null(prog);
	assert_int_equal(prog->n_needed, 1);
	assert_non_null(prog->needed[0].target);
	assert_string_equal(prog->needed[0].target->path, "/srv/game/bin/libA.so");
	assert_string_equal(obj_via_name(prog->needed[0].target->via), "LD_LIBRARY_PATH");
	assert_int_equal(count_diags(a, "not found"), 0);
	analysis_free(a);
	free(target);
	free(script);
	free(root);
}

/* A directory target: its executables are entries, the shared objects no
 * DT_NEEDED reaches are dlopen candidates loaded by the entry of their
 * ABI, a needed one keeps its real role, and a symlinked directory is not
 * followed. */
static void test_directory(void **state)
{
	char *root = new_tree(), *dir, *link, *outside;
	struct analysis *a = analysis_new();
	struct closure_opts o = {.host = arch_from_name("x86-64")};
	const struct file_row files[] = {
		LIB("/app/prog", .type = ET_EXEC, .runpath = "$ORIGIN/lib", .needed = {"libA.so"}),
		LIB("/app/lib/libA.so", .soname = "libA.so"),
		LIB("/app/plugins/plug.so", .runpath = "$ORIGIN", .needed = {"libC.so"}),
		LIB("/app/plugins/libC.so"),
		LIB("/app/plugins/deep/er/plug2.so"),
		LIB("/app/plugins/plug32.so", .i386 = true),
		{.path = "/app/README", .text = "not an object\n"},
		LIB("/elsewhere/hidden.so"),
	};
	static const struct {
		const char *path;
		enum obj_role role;
		const char *loader;
	} want[] = {
		{"/app/prog", ROLE_ENTRY, NULL},
		{"/app/lib/libA.so", ROLE_NEEDED, "/app/prog"},
		{"/app/plugins/plug.so", ROLE_DLOPEN, "/app/prog"},
		/* needed by a candidate: found by the loader, not a candidate */
		{"/app/plugins/libC.so", ROLE_NEEDED, "/app/plugins/plug.so"},
		{"/app/plugins/deep/er/plug2.so", ROLE_DLOPEN, "/app/prog"},
		{"/app/plugins/plug32.so", ROLE_DLOPEN, NULL}, /* no i386 entry */
	};
	(void)state;

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		write_file(root, &files[i]);
	link = xasprintf("%s/app/plugins/linked", root);
	outside = xasprintf("%s/elsewhere", root);
	assert_int_equal(symlink(outside, link), 0);
	dir = xasprintf("%s/app", root);
	assert_int_equal(closure_build(a, &o, &dir, 1), 0);
	list_model(a);
	assert_false(a->input_error);
	assert_int_equal(a->n_objects, sizeof(want) / sizeof(want[0]));
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		char *p = xasprintf("%s%s", root, want[i].path);
		const struct sc_object *obj = find_obj(a, p);
		if (!obj)
			fail_msg("no object %s", p);
		assert_string_equal(obj_role_name(obj->role), obj_role_name(want[i].role));
		if (want[i].loader) {
			char *l = xasprintf("%s%s", root, want[i].loader);
			assert_non_null(obj->loader);
			assert_string_equal(obj->loader->path, l);
			free(l);
		} else {
			assert_null(obj->loader);
		}
		free(p);
	}
	/* A candidate was given: the closure is not called incomplete. */
	assert_null(a->incomplete);
	analysis_free(a);
	free(dir);
	free(link);
	free(outside);
	free(root);
}

/* --plugin: an object the service loads from elsewhere, under --root,
 * loaded by the entry of its ABI, its own DT_NEEDED resolved. */
static void test_plugin(void **state)
{
	static const struct closure_case c = {
		"plugin",
		{LIB(PROG, .type = ET_EXEC),
		 LIB("/home/steam/sdk/plug.so", .runpath = "$ORIGIN", .needed = {"libdep.so"}),
		 LIB("/home/steam/sdk/libdep.so")},
		{NULL},
		PROG,
		{{PROG, ROLE_ENTRY, VIA_ARGUMENT, NULL},
		 {"/home/steam/sdk/plug.so", ROLE_PLUGIN, VIA_PLUGIN, PROG},
		 {"/home/steam/sdk/libdep.so", ROLE_NEEDED, VIA_RUNPATH,
		  "/home/steam/sdk/plug.so"}},
		{{"/home/steam/sdk/plug.so", "libdep.so", "/home/steam/sdk/libdep.so"}},
		3,
		0,
	};
	char *root = new_tree(), *target;
	struct analysis *a = analysis_new();
	struct strv plugins = {0};
	struct closure_opts o = {
		.root = root, .plugins = &plugins, .host = arch_from_name("x86-64")};
	(void)state;

	for (size_t i = 0; i < MAX_ROWS && c.files[i].path; i++)
		write_file(root, &c.files[i]);
	strv_push(&plugins, "/home/steam/sdk/plug.so");
	target = path_join(root, c.target);
	assert_int_equal(closure_build(a, &o, &target, 1), 0);
	check_case(&c, a);
	analysis_free(a);
	strv_clear(&plugins);
	free(target);
	free(root);
}

/* Bad targets are bad input, said once each, and not fatal. */
static void test_bad_targets(void **state)
{
	char *root = new_tree();
	char *missing = path_join(root, "nosuch"), *text = path_join(root, "notes.txt"),
	     *empty = path_join(root, "emptydir");
	char *targets[3] = {missing, text, empty};
	struct analysis *a = analysis_new();
	struct closure_opts o = {.host = arch_from_name("x86-64")};
	FILE *f = fopen(text, "w");
	(void)state;

	assert_non_null(f);
	fputs("not an ELF file\n", f);
	fclose(f);
	assert_int_equal(mkdir(empty, 0755), 0);
	assert_int_equal(closure_build(a, &o, targets, 3), 0);
	list_model(a);
	assert_true(a->input_error);
	assert_int_equal(a->n_objects, 0);
	assert_int_equal(count_diags(a, "cannot open"), 1);
	assert_int_equal(count_diags(a, "not an ELF file"), 1);
	assert_int_equal(count_diags(a, "no ELF object in this directory"), 1);
	analysis_free(a);
	free(missing);
	free(text);
	free(empty);
	free(root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_search_rules), cmocka_unit_test(test_entry_and_real_path),
		cmocka_unit_test(test_ld_so_cache),  cmocka_unit_test(test_system_library),
		cmocka_unit_test(test_expand_dst),   cmocka_unit_test(test_bad_targets),
		cmocka_unit_test(test_script),	     cmocka_unit_test(test_script_under_root),
		cmocka_unit_test(test_directory),    cmocka_unit_test(test_plugin),
	};
	return skip_exit(cmocka_run_group_tests(tests, setup, teardown));
}
