// SPDX-License-Identifier: MIT
/* Resolves which objects a service loads, following glibc's ld.so
 * (elf/dl-load.c _dl_map_object, elf/dl-deps.c _dl_map_object_deps):
 * breadth-first over DT_NEEDED, each name searched in
 *   1. DT_RPATH of the requesting object and of its loaders, then of the
 *      main executable — only when the requester has no DT_RUNPATH;
 *   2. LD_LIBRARY_PATH;
 *   3. DT_RUNPATH of the requesting object only;
 *   4. /etc/ld.so.cache (entries whose flags match the ABI);
 *   5. the ABI's default directories;
 * steps 4 and 5 skipped for a requester with DF_1_NODEFLIB. A candidate of
 * the wrong class or machine is skipped and the search goes on, as
 * open_verify() does. An object already loaded under that name (SONAME or
 * requested name) or with the same device and inode is reused. */
#include "closure.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ldcache.h"

/* Directory scans stop at this depth (a symlink loop cannot make them
 * recurse: symlinked directories are not followed). */
#define MAX_SCAN_DEPTH 16
#define MAX_OBJECTS 100000

struct loaded_name {
	char *name;
	struct sc_object *obj;
};

struct ctx {
	struct analysis *a;
	const struct closure_opts *o;
	const struct arch_desc *host;
	struct ldcache *cache;
	bool cache_tried;
	struct strv ld_library_path;
	struct loaded_name *names;
	size_t n_names, cap_names;
	size_t next; /* BFS cursor into a->objects */
};

/* ---- search-path expansion ---- */

static bool token_at(const char *p, const char *tok, size_t *ret_len)
{
	size_t n = strlen(tok);
	if (p[0] != '$')
		return false;
	if (strncmp(p + 1, tok, n) == 0 &&
	    !(p[1 + n] == '_' || (p[1 + n] >= 'A' && p[1 + n] <= 'Z') ||
	      (p[1 + n] >= 'a' && p[1 + n] <= 'z') || (p[1 + n] >= '0' && p[1 + n] <= '9'))) {
		*ret_len = n + 1;
		return true;
	}
	if (p[1] == '{' && strncmp(p + 2, tok, n) == 0 && p[2 + n] == '}') {
		*ret_len = n + 3;
		return true;
	}
	return false;
}

/* Dynamic string tokens, glibc elf/dl-load.c _dl_dst_substitute(): $ORIGIN
 * is the directory of the object, $LIB the ABI's lib directory name,
 * $PLATFORM the AT_PLATFORM string. An unknown token makes ld.so drop the
 * whole entry. */
char *closure_expand_dst(const char *entry, const char *origin, const struct arch_desc *arch)
{
	size_t cap = strlen(entry) + 64, len = 0;
	char *out = xmalloc(cap);
	for (const char *p = entry; *p;) {
		const char *rep = NULL;
		size_t tl = 0;
		if (token_at(p, "ORIGIN", &tl))
			rep = origin;
		else if (token_at(p, "LIB", &tl))
			rep = arch ? arch->lib : "lib";
		else if (token_at(p, "PLATFORM", &tl))
			rep = arch ? arch->platform : NULL;
		else if (p[0] == '$') {
			free(out);
			return NULL;
		}
		if (tl && !rep) {
			free(out);
			return NULL;
		}
		if (rep) {
			size_t rl = strlen(rep);
			while (len + rl + 2 > cap)
				out = xrealloc(out, cap *= 2);
			memcpy(out + len, rep, rl);
			len += rl;
			p += tl;
			continue;
		}
		if (len + 2 > cap)
			out = xrealloc(out, cap *= 2);
		out[len++] = *p++;
	}
	out[len] = '\0';
	return out;
}

/* ---- paths under --root ---- */

/* The host path of a service path under --root, its symlinks resolved the
 * way the service's own view of the tree (a chroot, an image) resolves
 * them: an absolute target starts again at the root and ".." stops at it,
 * so a link such as lib64/ld-linux-x86-64.so.2 -> /lib/x86_64-linux-gnu/...
 * stays inside the tree instead of reaching the host's file. Components
 * that do not exist are kept as given; after 40 links (the kernel's
 * MAXSYMLINKS) the rest is kept unresolved and the open fails as ELOOP
 * would. Without a root, or for a relative path, the path itself. */
static char *rooted_path(const char *root, const char *path)
{
	char *rest = xstrdup(path), *done = xstrdup(""), *out;
	unsigned links = 0;
	size_t i = 0;

	while (rest[i]) {
		size_t n;
		char *comp, *cand, *host, target[PATH_MAX];
		struct stat st;
		ssize_t len;

		while (rest[i] == '/')
			i++;
		n = strcspn(rest + i, "/");
		if (n == 0)
			break;
		comp = xstrndup(rest + i, n);
		i += n;
		if (strcmp(comp, ".") == 0) {
			free(comp);
			continue;
		}
		if (strcmp(comp, "..") == 0) {
			char *slash = strrchr(done, '/');
			if (slash)
				*slash = '\0';
			free(comp);
			continue;
		}
		cand = xasprintf("%s/%s", done, comp);
		free(comp);
		host = xasprintf("%s%s", root, cand);
		if (links < 40 && lstat(host, &st) == 0 && S_ISLNK(st.st_mode) &&
		    (len = readlink(host, target, sizeof(target) - 1)) > 0) {
			char *more;
			target[len] = '\0';
			links++;
			more = xasprintf("%s%s", target, rest + i);
			free(rest);
			rest = more;
			i = 0;
			if (target[0] == '/') {
				free(done);
				done = xstrdup("");
			}
			free(cand);
		} else {
			free(done);
			done = cand;
		}
		free(host);
	}
	out = xasprintf("%s%s", root, done[0] ? done : "/");
	free(rest);
	free(done);
	return out;
}

static char *host_path(const struct ctx *c, const char *path)
{
	return path_under_root(c->o->root, path);
}

/* The file a host path under --root names for the service: its symlinks
 * resolved inside the tree (rooted_path()). The object keeps the path as
 * opened, as ld.so's l_name does. */
static char *open_path(const struct ctx *c, const char *hostp)
{
	const char *root = c->o->root;
	size_t rl;
	char *r, *p;

	if (!root || !*root)
		return xstrdup(hostp);
	rl = strlen(root);
	while (rl > 1 && root[rl - 1] == '/')
		rl--;
	if (strncmp(hostp, root, rl) != 0 || (hostp[rl] != '/' && hostp[rl] != '\0'))
		return xstrdup(hostp);
	r = xstrndup(root, rl);
	p = rooted_path(strcmp(r, "/") == 0 ? "" : r, hostp[rl] ? hostp + rl : "/");
	free(r);
	return p;
}

/* The path as the service sees it: host paths under --root lose the root. */
static char *service_path(const struct ctx *c, const char *hostp)
{
	const char *root = c->o->root;
	if (root && *root) {
		size_t rl = strlen(root);
		while (rl > 1 && root[rl - 1] == '/')
			rl--;
		if (strncmp(hostp, root, rl) == 0 && (hostp[rl] == '/' || hostp[rl] == '\0'))
			return xstrdup(hostp[rl] ? hostp + rl : "/");
	}
	return xstrdup(hostp);
}

/* ---- the model ---- */

static void remember_name(struct ctx *c, const char *name, struct sc_object *obj)
{
	GROW(c->names, c->cap_names, c->n_names);
	c->names[c->n_names].name = xstrdup(name);
	c->names[c->n_names++].obj = obj;
}

static bool same_abi(const struct elf_object *x, const struct elf_object *y)
{
	return x->machine == y->machine && x->elf_class == y->elf_class;
}

/* glibc _dl_name_match_p: a DT_NEEDED name matches a loaded object by the
 * name it was loaded as or its SONAME; only within one ABI here, since one
 * process has one ABI. */
static struct sc_object *find_loaded_name(struct ctx *c, const char *name,
					  const struct elf_object *req)
{
	for (size_t i = 0; i < c->n_names; i++)
		if (strcmp(c->names[i].name, name) == 0 && same_abi(c->names[i].obj->elf, req))
			return c->names[i].obj;
	for (size_t i = 0; i < c->a->n_objects; i++) {
		struct sc_object *o = c->a->objects[i];
		if (o->elf->dyn.soname && strcmp(o->elf->dyn.soname, name) == 0 &&
		    same_abi(o->elf, req))
			return o;
	}
	return NULL;
}

static struct sc_object *find_inode(struct ctx *c, dev_t dev, ino_t ino)
{
	for (size_t i = 0; i < c->a->n_objects; i++) {
		struct sc_object *o = c->a->objects[i];
		if (o->elf->dev == dev && o->elf->ino == ino)
			return o;
	}
	return NULL;
}

enum open_result {
	OPEN_NEW,
	OPEN_EXISTING,
	OPEN_MISSING,	/* no such file */
	OPEN_WRONG_ABI, /* skipped like ld.so skips it */
	OPEN_BAD,	/* exists but unusable (diagnostic recorded when loud) */
};

/* Opens hostp (its file: openp) as an object of the model. When want is
 * not NULL the file must have want's ABI. loud: a problem is bad input (a
 * target) rather than a candidate ld.so would pass over. */
static enum open_result open_one(struct ctx *c, const char *hostp, const char *openp,
				 const struct elf_object *want, bool loud, struct sc_object **ret)
{
	struct elf_object *e = NULL;
	struct sc_object *obj, *dup;
	struct stat st;
	char *why = NULL, *rp;
	int r;

	if (stat(openp, &st) < 0) {
		if (loud)
			analysis_diag(c->a, DIAG_ERROR, hostp, "cannot open: %s", strerror(errno));
		return OPEN_MISSING;
	}
	dup = find_inode(c, st.st_dev, st.st_ino);
	if (dup) {
		if (want && !same_abi(dup->elf, want))
			return OPEN_WRONG_ABI;
		*ret = dup;
		return OPEN_EXISTING;
	}
	if (c->a->n_objects >= MAX_OBJECTS) {
		analysis_diag(c->a, DIAG_ERROR, hostp, "more than %d objects; not analysed",
			      MAX_OBJECTS);
		return OPEN_BAD;
	}
	r = elf_object_open(openp, &e, &why);
	if (r < 0) {
		if (loud)
			analysis_diag(c->a, DIAG_ERROR, hostp, "%s", why ? why : strerror(-r));
		else
			analysis_diag(c->a, DIAG_NOTE, hostp, "skipped as ld.so would: %s",
				      why ? why : strerror(-r));
		free(why);
		return OPEN_BAD;
	}
	if (want && !same_abi(e, want)) {
		elf_object_free(e);
		return OPEN_WRONG_ABI;
	}
	/* Structural problems mean a corrupt or truncated file: bad input,
	 * said in one line; what could be read is still analysed. */
	if (e->warnings.n) {
		size_t len = 1;
		char *msg, *p;
		for (size_t i = 0; i < e->warnings.n; i++)
			len += strlen(e->warnings.v[i]) + 2;
		p = msg = xmalloc(len);
		for (size_t i = 0; i < e->warnings.n; i++)
			p += sprintf(p, "%s%s", i ? "; " : "", e->warnings.v[i]);
		analysis_diag(c->a, DIAG_ERROR, hostp, "malformed ELF: %s", msg);
		free(msg);
	}
	if (!e->arch)
		analysis_diag(c->a, DIAG_WARNING, hostp,
			      "unknown ABI (machine %u, class %u): only its ELF facts are used",
			      e->machine, e->elf_class);
	obj = xcalloc(1, sizeof(*obj));
	obj->elf = e;
	{
		char *sp = service_path(c, hostp);
		obj->path = path_normalize(sp);
		free(sp);
	}
	rp = realpath(openp, NULL);
	obj->real_path = rp ? rp : xstrdup(openp);
	if (sha256_hex(e->image, e->size, obj->sha256) < 0)
		obj->sha256[0] = '\0';
	elf_object_drop_pages(e);
	analysis_add_object(c->a, obj);
	*ret = obj;
	return OPEN_NEW;
}

static enum open_result open_object(struct ctx *c, const char *hostp, const struct elf_object *want,
				    bool loud, struct sc_object **ret)
{
	char *openp = open_path(c, hostp);
	enum open_result r = open_one(c, hostp, openp, want, loud, ret);

	free(openp);
	return r;
}

static void set_found(struct sc_object *obj, enum obj_role role, enum obj_via via,
		      const char *detail, struct sc_object *loader)
{
	obj->role = role;
	obj->via = via;
	free(obj->via_detail);
	obj->via_detail = detail ? xstrdup(detail) : NULL;
	obj->loader = loader;
}

/* ---- searching one DT_NEEDED name ---- */

/* Tries dir/name; returns true when found (ret set). */
static bool try_dir(struct ctx *c, const char *dir, const char *name, struct sc_object *req,
		    enum obj_via via, struct sc_object **ret)
{
	char *p = path_join(dir, name), *hp = host_path(c, p);
	struct sc_object *obj = NULL;
	enum open_result r = open_object(c, hp, req->elf, false, &obj);
	free(hp);
	free(p);
	if (r == OPEN_NEW)
		set_found(obj, ROLE_NEEDED, via, dir, req);
	if (r == OPEN_NEW || r == OPEN_EXISTING) {
		*ret = obj;
		return true;
	}
	return false;
}

static bool try_path_list(struct ctx *c, const char *list, struct sc_object *owner,
			  const char *name, struct sc_object *req, enum obj_via via,
			  struct sc_object **ret)
{
	struct strv dirs = {0};
	char *origin = path_dirname(owner->path);
	bool found = false;

	/* ld.so splits on ':' (and ';' in LD_LIBRARY_PATH); an empty entry
	 * means the current directory, which we cannot know: skipped. */
	strv_split(&dirs, list, ":", false);
	for (size_t i = 0; i < dirs.n && !found; i++) {
		char *d = closure_expand_dst(dirs.v[i], origin, req->elf->arch);
		if (!d)
			continue;
		found = try_dir(c, d, name, req, via, ret);
		free(d);
	}
	free(origin);
	strv_clear(&dirs);
	return found;
}

static struct sc_object *main_of(struct sc_object *obj)
{
	while (obj->loader)
		obj = obj->loader;
	return obj;
}

static void load_cache(struct ctx *c)
{
	char *p;
	int r;
	if (c->cache_tried)
		return;
	c->cache_tried = true;
	p = host_path(c, "/etc/ld.so.cache");
	r = ldcache_load(p, &c->cache);
	if (r < 0 && r != -ENOENT)
		analysis_diag(c->a, DIAG_WARNING, p, "cannot use the loader cache: %s",
			      r == -EBADMSG ? "unknown format" : strerror(-r));
	free(p);
}

static bool search_cache(struct ctx *c, const char *name, struct sc_object *req,
			 struct sc_object **ret)
{
	const struct arch_desc *arch = req->elf->arch;
	load_cache(c);
	if (!c->cache || !arch)
		return false;
	/* glibc _dl_cache_check_flags: FLAG_ELF (1) or the ABI's own id. */
	for (size_t i = 0; i < c->cache->n; i++) {
		const struct ldcache_entry *e = &c->cache->entries[i];
		char *hp;
		struct sc_object *obj = NULL;
		enum open_result r;
		if (strcmp(e->key, name) != 0)
			continue;
		if (e->flags != arch->cache_flags && e->flags != 1)
			continue;
		if (e->hwcap & LDCACHE_HWCAP_EXTENSION)
			continue;
		hp = host_path(c, e->value);
		r = open_object(c, hp, req->elf, false, &obj);
		free(hp);
		if (r == OPEN_NEW)
			set_found(obj, ROLE_NEEDED, VIA_LD_SO_CACHE, NULL, req);
		if (r == OPEN_NEW || r == OPEN_EXISTING) {
			*ret = obj;
			return true;
		}
	}
	return false;
}

static struct sc_object *resolve_needed(struct ctx *c, struct sc_object *req, const char *name)
{
	const struct elf_dynamic *d = &req->elf->dyn;
	struct sc_object *obj = NULL;

	if (strchr(name, '/')) {
		/* A name with a slash is opened as it is (relative names from
		 * the process's working directory: the object's here). */
		char *p = name[0] == '/' ? xstrdup(name) : path_join(".", name);
		char *hp = host_path(c, p);
		enum open_result r = open_object(c, hp, req->elf, false, &obj);
		free(hp);
		free(p);
		if (r == OPEN_NEW)
			set_found(obj, ROLE_NEEDED, VIA_PATH, NULL, req);
		return (r == OPEN_NEW || r == OPEN_EXISTING) ? obj : NULL;
	}
	obj = find_loaded_name(c, name, req->elf);
	if (obj)
		return obj;
	if (!d->runpath) {
		size_t depth = 0;
		/* The chain is acyclic by construction; the bound is a guard. */
		for (struct sc_object *l = req; l && depth < MAX_OBJECTS; l = l->loader, depth++)
			if (l->elf->dyn.rpath &&
			    try_path_list(c, l->elf->dyn.rpath, l, name, req, VIA_RPATH, &obj))
				return obj;
	}
	for (size_t i = 0; i < c->ld_library_path.n; i++)
		if (try_dir(c, c->ld_library_path.v[i], name, req, VIA_LD_LIBRARY_PATH, &obj))
			return obj;
	if (d->runpath && try_path_list(c, d->runpath, req, name, req, VIA_RUNPATH, &obj))
		return obj;
	/* DF_1_NODEFLIB: "ignore default library search path" (elf/dl-load.c). */
	if (d->flags_1 & DF_1_NODEFLIB)
		return NULL;
	if (search_cache(c, name, req, &obj))
		return obj;
	if (req->elf->arch)
		for (const char *const *dir = req->elf->arch->default_dirs; *dir; dir++)
			if (try_dir(c, *dir, name, req, VIA_DEFAULT_DIRS, &obj))
				return obj;
	(void)main_of;
	return NULL;
}

/* Breadth-first over DT_NEEDED of every object not processed yet. */
static void process_queue(struct ctx *c)
{
	while (c->next < c->a->n_objects) {
		struct sc_object *obj = c->a->objects[c->next++];
		const struct strv *needed = &obj->elf->dyn.needed;

		obj->needed = xcalloc(needed->n + 1, sizeof(*obj->needed));
		obj->n_needed = needed->n;
		for (size_t i = 0; i < needed->n; i++) {
			struct sc_object *t = resolve_needed(c, obj, needed->v[i]);
			obj->needed[i].name = needed->v[i];
			obj->needed[i].target = t;
			if (t)
				remember_name(c, needed->v[i], t);
			else
				analysis_diag(c->a, DIAG_WARNING, obj->path,
					      "DT_NEEDED %s not found (%s search path)",
					      needed->v[i],
					      obj->elf->arch ? obj->elf->arch->name : "unknown");
		}
		/* The program interpreter of an executable joins the closure. */
		if (obj->elf->interp &&
		    (obj->role == ROLE_ENTRY || obj->role == ROLE_SCRIPT_INTERP)) {
			char *hp = host_path(c, obj->elf->interp);
			struct sc_object *ld = NULL;
			enum open_result r = open_object(c, hp, obj->elf, false, &ld);
			/* Found already as a DT_NEEDED of this very executable
			 * (gdb names ld-linux-x86-64.so.2 among its libraries,
			 * and the search finds it before PT_INTERP is read): it
			 * is still the program interpreter, started at e_entry
			 * by the kernel. As a mere library its start-up code
			 * (arch_prctl, set_tid_address) was unreached. */
			if (r == OPEN_NEW || (r == OPEN_EXISTING && ld->role == ROLE_NEEDED))
				set_found(ld, ROLE_LOADER, VIA_PT_INTERP, obj->path, obj);
			if (r == OPEN_NEW || r == OPEN_EXISTING)
				remember_name(c, path_basename(obj->elf->interp), ld);
			else
				analysis_diag(c->a, DIAG_WARNING, obj->path,
					      "program interpreter %s not found", obj->elf->interp);
			free(hp);
		}
	}
}

/* ---- targets ---- */

static bool is_executable(const struct elf_object *e)
{
	/* ET_EXEC, or a PIE: ET_DYN with a program interpreter (a shared
	 * library has none; ld.so itself is run directly, not loaded). */
	return e->type == ET_EXEC || (e->type == ET_DYN && e->interp);
}

/* The first entry executable of obj's ABI: the loader of what the service
 * dlopens. obj itself is in the model already, with no role set yet. */
static struct sc_object *entry_for(struct ctx *c, const struct sc_object *obj)
{
	for (size_t i = 0; i < c->a->n_objects; i++) {
		struct sc_object *o = c->a->objects[i];
		if (o != obj && o->role == ROLE_ENTRY && same_abi(o->elf, obj->elf))
			return o;
	}
	return NULL;
}

/* A literal `export LD_LIBRARY_PATH=...` or `LD_LIBRARY_PATH=...` line of a
 * start script; entries with shell expansions are skipped, relative ones are
 * taken relative to the script's directory (srcds_run cds there first). */
static void script_ld_library_path(struct sc_script *s, const char *line, const char *dir)
{
	const char *p = line;
	char *val;
	size_t len;
	struct strv parts = {0};

	while (*p == ' ' || *p == '\t')
		p++;
	if (str_startswith(p, "export "))
		p += 7;
	while (*p == ' ' || *p == '\t')
		p++;
	if (!str_startswith(p, "LD_LIBRARY_PATH="))
		return;
	p += strlen("LD_LIBRARY_PATH=");
	len = strcspn(p, " \t;&|#\n");
	if (*p == '"' || *p == '\'') {
		const char *q = strchr(p + 1, *p);
		len = q ? (size_t)(q - p - 1) : strlen(p + 1);
		p++;
	}
	val = xstrndup(p, len);
	strv_split(&parts, val, ":", false);
	for (size_t i = 0; i < parts.n; i++) {
		char *abs;
		if (strchr(parts.v[i], '$') || strchr(parts.v[i], '`'))
			continue;
		abs = parts.v[i][0] == '/' ? xstrdup(parts.v[i]) : path_join(dir, parts.v[i]);
		strv_push_owned(&s->ld_library_path, path_normalize(abs));
		free(abs);
	}
	strv_clear(&parts);
	free(val);
}

/* The program a start script execs, when literal: `exec ./srcds_linux ...`
 * or `./prog ...` at the start of a line. */
static char *script_exec_target(const char *line, const char *dir)
{
	const char *p = line;
	size_t len;
	char *rel, *res;
	while (*p == ' ' || *p == '\t')
		p++;
	if (str_startswith(p, "exec "))
		p += 5;
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '"')
		p++;
	if (!str_startswith(p, "./"))
		return NULL;
	len = strcspn(p, " \t;&|\"'\n");
	rel = xstrndup(p, len);
	res = path_join(dir, rel);
	free(rel);
	return res;
}

static void add_script(struct ctx *c, const char *path, const char *text)
{
	struct sc_script *s;
	const char *nl = strchr(text, '\n');
	char *first = xstrndup(text + 2, nl ? (size_t)(nl - text - 2) : strlen(text + 2));
	char *interp, *dir = path_dirname(path), *sdir = NULL, *hp;
	struct strv words = {0}, lines = {0};
	struct sc_object *obj = NULL;
	enum open_result r;

	strv_split(&words, first, " \t\r", false);
	free(first);
	GROW(c->a->scripts, c->a->cap_scripts, c->a->n_scripts);
	s = &c->a->scripts[c->a->n_scripts++];
	s->path = xstrdup(path);
	if (words.n == 0) {
		analysis_diag(c->a, DIAG_ERROR, path, "#! line names no interpreter");
		goto out;
	}
	interp = words.v[0];
	/* `#!/usr/bin/env prog`: the interpreter is prog from PATH. */
	if (str_endswith(interp, "/env") && words.n > 1) {
		static const char *const path_dirs[] = {"/usr/local/bin", "/usr/bin", "/bin"};
		for (size_t i = 0; i < ARRAY_SIZE(path_dirs) && !s->interp; i++) {
			char *cand = path_join(path_dirs[i], words.v[1]), *hc = host_path(c, cand);
			if (access(hc, F_OK) == 0)
				s->interp = xstrdup(cand);
			free(hc);
			free(cand);
		}
		if (!s->interp)
			s->interp = xstrdup(words.v[1]);
	} else {
		s->interp = xstrdup(interp);
	}
	hp = host_path(c, s->interp);
	r = open_object(c, hp, NULL, true, &obj);
	free(hp);
	if (r == OPEN_NEW)
		set_found(obj, ROLE_SCRIPT_INTERP, VIA_SHEBANG, path, NULL);

	/* LD_LIBRARY_PATH entries are service paths (searched under --root):
	 * a relative one is made absolute with the script's directory as the
	 * service sees it, not the host's. */
	sdir = service_path(c, dir);
	strv_split(&lines, text, "\n", false);
	for (size_t i = 1; i < lines.n; i++) {
		char *target;
		script_ld_library_path(s, lines.v[i], sdir);
		target = script_exec_target(lines.v[i], dir);
		if (target) {
			struct sc_object *t = NULL;
			if (open_object(c, target, NULL, false, &t) == OPEN_NEW)
				set_found(t, ROLE_ENTRY, VIA_ARGUMENT, path, NULL);
			free(target);
		}
	}
	for (size_t i = 0; i < s->ld_library_path.n; i++)
		if (!strv_contains(&c->ld_library_path, s->ld_library_path.v[i]))
			strv_push(&c->ld_library_path, s->ld_library_path.v[i]);
out:
	strv_clear(&lines);
	strv_clear(&words);
	free(sdir);
	free(dir);
}

struct found_file {
	char *path;
	struct elf_object *probe; /* opened to classify */
};

static void scan_dir(struct ctx *c, const char *dir, int depth, struct found_file **files,
		     size_t *n, size_t *cap)
{
	struct dirent **ents = NULL;
	int ne;

	if (depth > MAX_SCAN_DEPTH) {
		analysis_diag(c->a, DIAG_WARNING, dir, "deeper than %d levels; not scanned",
			      MAX_SCAN_DEPTH);
		return;
	}
	ne = scandir(dir, &ents, NULL, alphasort);
	if (ne < 0) {
		analysis_diag(c->a, DIAG_ERROR, dir, "cannot read directory: %s", strerror(errno));
		return;
	}
	for (int i = 0; i < ne; i++) {
		const char *name = ents[i]->d_name;
		char *p;
		struct stat st, lst;
		if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
			goto next;
		p = path_join(dir, name);
		if (lstat(p, &lst) < 0 || stat(p, &st) < 0) {
			/* A dangling link or a link loop. */
			if (S_ISLNK(lst.st_mode))
				analysis_diag(c->a, DIAG_NOTE, p, "broken symbolic link skipped");
			free(p);
			goto next;
		}
		if (S_ISDIR(st.st_mode)) {
			if (!S_ISLNK(lst.st_mode))
				scan_dir(c, p, depth + 1, files, n, cap);
			free(p);
		} else if (S_ISREG(st.st_mode)) {
			int r = elf_is_elf_file(p);
			if (r == 1) {
				GROW(*files, *cap, *n);
				(*files)[(*n)++].path = p;
				goto next;
			}
			/* A file we cannot open may be the object that matters:
			 * say so rather than skip it in silence. */
			if (r < 0)
				analysis_diag(c->a, DIAG_WARNING, p, "cannot read: %s; skipped",
					      strerror(-r));
			free(p);
		} else {
			free(p);
		}
next:
		free(ents[i]);
	}
	free(ents);
}

static void find_scripts(struct ctx *c, const char *dir, int depth, struct strv *out);

static void add_directory(struct ctx *c, const char *dir)
{
	struct found_file *files = NULL;
	size_t n = 0, cap = 0;
	struct strv needed_names = {0};

	scan_dir(c, dir, 0, &files, &n, &cap);
	/* A directory target without any ELF object or start script is most
	 * likely a typo or the wrong tree: nothing of it would be analysed. */
	if (n == 0) {
		struct strv scripts = {0};

		find_scripts(c, dir, 0, &scripts);
		if (!scripts.n)
			analysis_diag(c->a, DIAG_ERROR, dir, "no ELF object in this directory");
		strv_clear(&scripts);
	}
	/* Executables first: they are the entries and the loaders of what the
	 * directory's libraries need. */
	for (size_t i = 0; i < n; i++) {
		struct sc_object *obj = NULL;
		char *why = NULL;
		if (elf_object_open(files[i].path, &files[i].probe, &why) < 0) {
			analysis_diag(c->a, DIAG_ERROR, files[i].path, "%s",
				      why ? why : "unreadable");
			free(why);
			continue;
		}
		for (size_t k = 0; k < files[i].probe->dyn.needed.n; k++)
			strv_push(&needed_names, files[i].probe->dyn.needed.v[k]);
		if (!is_executable(files[i].probe))
			continue;
		if (open_object(c, files[i].path, NULL, true, &obj) == OPEN_NEW)
			set_found(obj, ROLE_ENTRY, VIA_DIRECTORY, dir, NULL);
	}
	process_queue(c);
	/* Shared objects no DT_NEEDED reaches are dlopen candidates. Those
	 * some object of the directory needs by name are left to the loader
	 * search first, so they get their real role. */
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < n; i++) {
			struct elf_object *pr = files[i].probe;
			struct sc_object *obj = NULL;
			bool wanted;
			if (!pr || is_executable(pr))
				continue;
			wanted = strv_contains(&needed_names, path_basename(files[i].path)) ||
				 (pr->dyn.soname && strv_contains(&needed_names, pr->dyn.soname));
			if (wanted != (pass == 1))
				continue;
			if (open_object(c, files[i].path, NULL, true, &obj) == OPEN_NEW)
				set_found(obj, ROLE_DLOPEN, VIA_DIRECTORY, dir, entry_for(c, obj));
			process_queue(c);
		}
	}
	for (size_t i = 0; i < n; i++) {
		elf_object_free(files[i].probe);
		free(files[i].path);
	}
	free(files);
	strv_clear(&needed_names);
}

static void add_target(struct ctx *c, const char *target)
{
	struct stat st;
	char *text = NULL;
	size_t len = 0;
	struct sc_object *obj = NULL;
	int r;

	if (stat(target, &st) < 0) {
		analysis_diag(c->a, DIAG_ERROR, target, "cannot open: %s", strerror(errno));
		return;
	}
	if (S_ISDIR(st.st_mode)) {
		add_directory(c, target);
		return;
	}
	r = elf_is_elf_file(target);
	if (r == 1) {
		if (open_object(c, target, NULL, true, &obj) == OPEN_NEW)
			set_found(obj, is_executable(obj->elf) ? ROLE_ENTRY : ROLE_LIBRARY,
				  VIA_ARGUMENT, NULL, NULL);
		return;
	}
	r = read_file(target, 1 << 20, &text, &len);
	if (r < 0) {
		analysis_diag(c->a, DIAG_ERROR, target, "cannot read: %s",
			      r == -EFBIG ? "larger than 1 MiB and not ELF" : strerror(-r));
		return;
	}
	if (len >= 2 && text[0] == '#' && text[1] == '!')
		add_script(c, target, text);
	else
		analysis_diag(c->a, DIAG_ERROR, target, "not an ELF file or a #! script");
	free(text);
}

/* The start scripts of a directory target: regular files with an exec bit
 * whose first bytes are "#!", found like its ELF objects (recursively,
 * symlinked directories not followed). Each is treated as if named. */
static void find_scripts(struct ctx *c, const char *dir, int depth, struct strv *out)
{
	struct dirent **ents = NULL;
	int ne;

	if (depth > MAX_SCAN_DEPTH)
		return;
	ne = scandir(dir, &ents, NULL, alphasort);
	if (ne < 0)
		return; /* scan_dir() reports it */
	for (int i = 0; i < ne; i++) {
		const char *name = ents[i]->d_name;
		struct stat st, lst;
		char *p;
		if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0) {
			free(ents[i]);
			continue;
		}
		p = path_join(dir, name);
		if (lstat(p, &lst) == 0 && stat(p, &st) == 0) {
			if (S_ISDIR(st.st_mode) && !S_ISLNK(lst.st_mode)) {
				find_scripts(c, p, depth + 1, out);
			} else if (S_ISREG(st.st_mode) && (st.st_mode & 0111) &&
				   elf_is_elf_file(p) == 0) {
				char head[2] = {0};
				FILE *f = fopen(p, "rb");
				if (f && fread(head, 1, 2, f) == 2 && head[0] == '#' &&
				    head[1] == '!')
					strv_push(out, p);
				if (f)
					fclose(f);
			}
		}
		free(p);
		free(ents[i]);
	}
	free(ents);
}

/* An entry that imports dlopen()/dlmopen() loads code the closure does not
 * hold unless a dlopen candidate or plugin was given: say so, once. */
static void check_dlopen(struct analysis *a)
{
	static const char *const loaders[] = {"dlopen", "dlmopen"};

	for (size_t i = 0; i < a->n_objects; i++)
		if (a->objects[i]->role == ROLE_DLOPEN || a->objects[i]->role == ROLE_PLUGIN)
			return;
	for (size_t i = 0; i < a->n_objects && !a->incomplete; i++) {
		const struct sc_object *obj = a->objects[i];
		if (obj->role != ROLE_ENTRY || !obj->elf)
			continue;
		for (size_t k = 0; k < obj->elf->n_dynsyms && k < obj->elf->n_syms; k++) {
			const struct elf_sym *sy = &obj->elf->syms[k];
			if (sy->defined || !sy->name ||
			    (strcmp(sy->name, loaders[0]) != 0 &&
			     strcmp(sy->name, loaders[1]) != 0))
				continue;
			a->incomplete = xasprintf(
				"%s imports %s() but no dlopen candidate or plugin was given (name "
				"the directory it loads from, or --plugin): the objects it loads "
				"are not analysed",
				obj->path, sy->name);
			analysis_diag(a, DIAG_WARNING, obj->path,
				      "imports %s() but no dlopen candidate or plugin was given; "
				      "the closure is incomplete",
				      sy->name);
			break;
		}
	}
}

static bool same_file(const char *x, const char *y)
{
	struct stat a, b;

	return stat(x, &a) == 0 && stat(y, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

int closure_build(struct analysis *a, const struct closure_opts *opts, char *const *targets,
		  size_t n_targets)
{
	struct ctx c = {.a = a, .o = opts};

	c.host = opts->host ? opts->host : arch_host();
	a->host = c.host;
	if (opts->root) {
		free(a->root);
		a->root = xstrdup(opts->root);
	}
	if (opts->library_path)
		for (size_t i = 0; i < opts->library_path->n; i++)
			strv_push(&c.ld_library_path, opts->library_path->v[i]);

	/* Scripts first: their LD_LIBRARY_PATH applies to everything. The
	 * start scripts inside a directory target count as named, once. */
	{
		struct strv scripts = {0};
		for (size_t i = 0; i < n_targets; i++) {
			struct stat st;
			if (stat(targets[i], &st) < 0)
				continue;
			if (S_ISREG(st.st_mode) && elf_is_elf_file(targets[i]) == 0)
				strv_push(&scripts, targets[i]);
			else if (S_ISDIR(st.st_mode))
				find_scripts(&c, targets[i], 0, &scripts);
		}
		for (size_t i = 0; i < scripts.n; i++) {
			bool dup = false;
			for (size_t k = 0; k < i && !dup; k++)
				dup = same_file(scripts.v[k], scripts.v[i]);
			if (!dup)
				add_target(&c, scripts.v[i]);
		}
		strv_clear(&scripts);
	}
	for (size_t i = 0; i < n_targets; i++) {
		struct stat st;
		if (stat(targets[i], &st) == 0 && S_ISREG(st.st_mode) &&
		    elf_is_elf_file(targets[i]) == 0)
			continue;
		add_target(&c, targets[i]);
		process_queue(&c);
	}
	process_queue(&c);
	if (opts->plugins) {
		for (size_t i = 0; i < opts->plugins->n; i++) {
			struct sc_object *obj = NULL;
			char *hp = host_path(&c, opts->plugins->v[i]);
			if (open_object(&c, hp, NULL, true, &obj) == OPEN_NEW)
				set_found(obj, ROLE_PLUGIN, VIA_PLUGIN, "--plugin",
					  entry_for(&c, obj));
			free(hp);
			process_queue(&c);
		}
	}
	check_dlopen(a);
	ldcache_free(c.cache);
	strv_clear(&c.ld_library_path);
	for (size_t i = 0; i < c.n_names; i++)
		free(c.names[i].name);
	free(c.names);
	return 0;
}
