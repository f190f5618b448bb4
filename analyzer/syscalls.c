// SPDX-License-Identifier: MIT
/* Cross-object half of the syscall engine: binds imports to the exporting
 * object, resolves wrapper numbers at their callers, computes which code is
 * reached from the roots, and builds the per-ABI syscall sets with their
 * provenance, the unresolved sites and the W->X call sites. */
#include "syscalls.h"

#include <elf.h>
#include <errno.h>
#include <inttypes.h>
#include <seccomp.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "libcmap.h"
#include "sysgroups.h"

#define WRAP_DEPTH 6
#define PROT_WRITE_BIT 0x2 /* <sys/mman.h> */
#define PROT_EXEC_BIT 0x4
#define SHM_EXEC_BIT 0100000 /* <linux/shm.h> */

const char *sys_conf_name(enum sys_conf c)
{
	static const char *const names[] = {
		[CONF_CERTAIN] = "certain",
		[CONF_POSSIBLE] = "possible",
		[CONF_UNREACHED] = "unreached",
	};
	return c < CONF_MAX ? names[c] : "?";
}

/* Subcall numbers of the i386 multiplexers: include/uapi/linux/net.h
 * (SYS_SOCKET...) and ipc/syscall.c (SEMOP...). */
static const char *const socketcall_names[] = {
	NULL,	       "socket",     "bind",	"connect", "listen",  "accept",	  "getsockname",
	"getpeername", "socketpair", "send",	"recv",	   "sendto",  "recvfrom", "shutdown",
	"setsockopt",  "getsockopt", "sendmsg", "recvmsg", "accept4", "recvmmsg", "sendmmsg",
};

const char *sys_socketcall_name(int sub)
{
	return sub > 0 && sub < (int)ARRAY_SIZE(socketcall_names) ? socketcall_names[sub] : NULL;
}

const char *sys_ipc_name(int sub)
{
	/* The low 16 bits select the call; the high ones are a version. */
	switch (sub & 0xffff) {
	case 1:
		return "semop";
	case 2:
		return "semget";
	case 3:
		return "semctl";
	case 4:
		return "semtimedop";
	case 11:
		return "msgsnd";
	case 12:
		return "msgrcv";
	case 13:
		return "msgget";
	case 14:
		return "msgctl";
	case 21:
		return "shmat";
	case 22:
		return "shmdt";
	case 23:
		return "shmget";
	case 24:
		return "shmctl";
	default:
		return NULL;
	}
}

char *sys_name(const struct arch_desc *arch, int nr)
{
	char *n = seccomp_syscall_resolve_num_arch(arch->scmp_arch, nr);
	char *r;

	if (!n)
		return xasprintf("syscall_%d", nr);
	r = xstrdup(n);
	free(n);
	return r;
}

static int nr_of(const struct arch_desc *arch, const char *name)
{
	int nr = seccomp_syscall_resolve_name_arch(arch->scmp_arch, name);
	return nr >= 0 ? nr : -1;
}

/* ------------------------------------------------------------------ */

struct gctx {
	struct analysis *a;
	const struct sys_opts *o;
	size_t n_obj;
	struct obj_syscalls **sys;
	size_t *base;
	size_t n_nodes;
	/* Node and edge indices are 32-bit: the graph is a large part of the
	 * peak RSS while linking (issue 11), and 2^31 functions or calls
	 * would take over 100 GB of summaries first (build_graph() checks). */
	int32_t **call_node; /* per object, per call: callee node or -1 */
	/* forward edges (calls and code references), CSR */
	uint32_t *fwd_off, *fwd;
	/* reverse call edges, CSR: (obj << 32 | call) */
	uint32_t *rev_off;
	uint64_t *rev;
	/* Nodes: n_nodes functions, then one per object for the function
	 * pointers its data holds to imported functions (data_node()). */
	/* Zero-guards (syscalls.h struct sys_gwrite) that some call or
	 * writer names, numbered across the closure: gidx maps (object << 32
	 * | guard id) to the number, object i's are gbase[i] up to
	 * gbase[i + 1]. Per forward edge,
	 * the guard + 1 a call is made under (0: none; NULL when the closure
	 * has no guard). Per guard, the best tier of a writer reached so far
	 * (CONF_UNREACHED: none) and the nodes whose guarded edges wait for
	 * one. Writers: (node << 32 | guard) pairs, sorted. */
	size_t *gbase, n_guards;
	struct u64map gidx;
	uint32_t *fwd_guard;
	uint8_t *gactive;
	struct gpending {
		uint32_t *v;
		size_t n, cap;
	} * gpending;
	uint64_t *gwriters;
	size_t n_gwriters;
	uint8_t *is_writer; /* per node */
	uint8_t *tier;	    /* enum sys_conf per node */
	uint8_t *why;	    /* enum root_why of a root, ROOT_NONE otherwise */
	size_t *parent;	    /* BFS parent from the roots, SIZE_MAX for none */
	struct sysreport *r;
	bool single; /* one object alone (libc map mode): imports stay unbound */
	/* libc map mode: names attributed to nodes */
	struct strv *node_names;
};

static size_t node_obj(const struct gctx *g, size_t node)
{
	size_t lo = 0, hi = g->n_obj;

	if (node >= g->n_nodes)
		return node - g->n_nodes;
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;
		if (g->base[mid] <= node)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

static const char *func_name(const struct obj_syscalls *s, uint32_t fi)
{
	return s->funcs[fi].name ? s->funcs[fi].name : s->funcs[fi].plt_import;
}

static char *func_label(const struct obj_syscalls *s, uint32_t fi)
{
	char buf[SYS_FUNC_LABEL_MAX];

	return xstrdup(sys_func_label(s, fi, buf));
}

static int64_t bind_import(struct gctx *g, size_t from, const char *name, const char *version)
{
	const struct arch_desc *arch = g->sys[from]->arch;

	for (size_t j = 0; j < g->n_obj; j++) {
		const struct elf_sym *s;
		long fi;
		if (!g->sys[j] || g->sys[j]->arch != arch)
			continue;
		s = elf_find_export(g->a->objects[j]->elf, name, version);
		if (!s || (s->type != STT_FUNC && s->type != STT_GNU_IFUNC))
			continue;
		fi = sys_func_at(g->sys[j], s->value);
		if (fi < 0)
			fi = sys_func_containing(g->sys[j], s->value);
		if (fi >= 0)
			return (int64_t)(g->base[j] + g->sys[j]->funcs[fi].host);
	}
	return -1;
}

/* The node each import name of one object binds to. Names are borrowed
 * from the object's string table: same symbol, same pointer (the version
 * comes with it), so the pointer is the key. Nodes travel as node + 1, 0
 * for "binds nothing" (u64map keeps UINT32_MAX for absent keys). */
static int64_t bind_cached(struct gctx *g, struct u64map *bc, size_t from, const char *name,
			   const char *version)
{
	uint32_t v;
	int64_t t;

	if (!name)
		return -1;
	v = u64map_get(bc, (uintptr_t)name);
	if (v != UINT32_MAX)
		return (int64_t)v - 1;
	t = bind_import(g, from, name, version);
	u64map_put(bc, (uintptr_t)name, (uint32_t)(t + 1));
	return t;
}

/* Symbol relocations that store the address of a function (not a PLT
 * slot): the pointer-sized absolute and GOT types of the psABIs. */
static bool addr_reloc(uint16_t machine, uint32_t type)
{
	if (machine == EM_386)
		return type == R_386_32 || type == R_386_GLOB_DAT;
	if (machine == EM_X86_64)
		return type == R_X86_64_64 || type == R_X86_64_GLOB_DAT;
	return false;
}

/* The imported functions whose address object i holds in data (or, on
 * i386, in a GOT slot code may load): sqlite's aSyscall[] of libc
 * functions, vtables pointing into other objects. Bound nodes appended to
 * *out. x86-64 GOT slots (GLOB_DAT) are not among them: the functions that
 * load one reach its import (SC_IMPORT_REF, arch/x86/x86.c
 * note_got_imports()), and a call through one is a call; libselinux's
 * pthread_create slot, used by its PLT stub alone, made pthread_create
 * "reached" by any code of libselinux. */
static void data_imports(struct gctx *g, size_t i, struct u64map *bc, int64_t **out, size_t *n_out)
{
	struct elf_object *elf = g->a->objects[i]->elf;
	size_t cap = 0;

	if (g->single || !elf || elf_load_relocs(elf) < 0)
		return;
	for (size_t k = 0; k < elf->n_relocs; k++) {
		const struct elf_reloc *r = &elf->relocs[k];
		const struct elf_sym *sy;
		int64_t t;
		if (!r->sym || r->table == ELF_RELOC_JMPREL || !addr_reloc(elf->machine, r->type) ||
		    (elf->machine == EM_X86_64 && r->type == R_X86_64_GLOB_DAT) ||
		    (elf->machine == EM_386 && r->type == R_386_GLOB_DAT && elf->dyn.pltgot))
			continue;
		sy = elf_dynsym(elf, r->sym);
		if (!sy || sy->defined || !sy->name || !elf_sym_may_be_code(sy))
			continue;
		t = bind_cached(g, bc, i, sy->name, sy->version);
		if (t < 0)
			continue;
		GROW(*out, cap, *n_out);
		(*out)[(*n_out)++] = t;
	}
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

static int cmp_u64v(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/* The closure's guards and their writers (a writer of guard 0 writes
 * every guard of its object). Only guards a call or a writer names are
 * numbered: a summary's n_guards is a bound for its ids, not a size. */
static void build_guards(struct gctx *g)
{
	size_t cap = 0;

	g->gbase = xcalloc(g->n_obj + 2, sizeof(*g->gbase));
	for (size_t i = 0; i < g->n_obj; i++) {
		const struct obj_syscalls *s = g->sys[i];
		uint32_t *ids = NULL;
		size_t n = 0, cap_ids = 0;
		g->gbase[i] = g->n_guards;
		for (size_t k = 0; s && s->n_guards && k < s->n_calls + s->n_gwrites; k++) {
			uint32_t id = k < s->n_calls ? s->calls[k].guard
						     : s->gwrites[k - s->n_calls].guard;
			if (!id)
				continue;
			GROW(ids, cap_ids, n);
			ids[n++] = id;
		}
		if (n)
			qsort(ids, n, sizeof(*ids), cmp_u32);
		for (size_t k = 0; k < n; k++)
			if (!k || ids[k] != ids[k - 1])
				u64map_put(&g->gidx, (uint64_t)i << 32 | ids[k],
					   (uint32_t)g->n_guards++);
		free(ids);
	}
	g->gbase[g->n_obj] = g->n_guards;
	if (!g->n_guards)
		return;
	g->gactive = xmalloc(g->n_guards);
	memset(g->gactive, CONF_UNREACHED, g->n_guards);
	g->gpending = xcalloc(g->n_guards, sizeof(*g->gpending));
	g->is_writer = xcalloc(g->n_nodes + g->n_obj + 1, 1);
	for (size_t i = 0; i < g->n_obj; i++) {
		const struct obj_syscalls *s = g->sys[i];
		for (size_t k = 0; s && k < s->n_gwrites; k++) {
			const struct sys_gwrite *w = &s->gwrites[k];
			size_t node = g->base[i] + w->func, lo = g->gbase[i], hi = g->gbase[i + 1];
			if (w->func >= s->n_funcs)
				continue;
			if (w->guard) {
				lo = u64map_get(&g->gidx, (uint64_t)i << 32 | w->guard);
				hi = lo + 1;
			}
			if (lo < hi)
				g->is_writer[node] = 1;
			for (size_t x = lo; x < hi; x++) {
				GROW(g->gwriters, cap, g->n_gwriters);
				g->gwriters[g->n_gwriters++] = (uint64_t)node << 32 | (uint32_t)x;
			}
		}
	}
	if (g->n_gwriters)
		qsort(g->gwriters, g->n_gwriters, sizeof(*g->gwriters), cmp_u64v);
}

/* The closure-wide number of guard id of object i, + 1. */
static uint32_t guard_num(const struct gctx *g, size_t i, uint32_t id)
{
	return u64map_get(&g->gidx, (uint64_t)i << 32 | id) + 1;
}

static void build_graph(struct gctx *g)
{
	size_t *deg, *rdeg, total = g->n_nodes + g->n_obj;
	int64_t **dimp = xcalloc(g->n_obj + 1, sizeof(*dimp));
	size_t *n_dimp = xcalloc(g->n_obj + 1, sizeof(*n_dimp));

	g->call_node = xcalloc(g->n_obj, sizeof(*g->call_node));
	build_guards(g);
	for (size_t i = 0; i < g->n_obj; i++) {
		struct obj_syscalls *s = g->sys[i];
		struct u64map bc = {0};
		if (!s)
			continue;
		g->call_node[i] = xmalloc((s->n_calls + 1) * sizeof(int32_t));
		for (size_t k = 0; k < s->n_calls; k++) {
			const struct sys_call *c = &s->calls[k];
			int64_t t = -1;
			if (c->kind == SC_LOCAL)
				t = (int64_t)(g->base[i] + c->target);
			else if (c->kind == SC_IMPORT || c->kind == SC_IMPORT_REF)
				t = bind_cached(g, &bc, i, c->import, c->version);
			g->call_node[i][k] = (int32_t)t;
		}
		data_imports(g, i, &bc, &dimp[i], &n_dimp[i]);
		u64map_free(&bc);
	}
	deg = xcalloc(total + 1, sizeof(size_t));
	rdeg = xcalloc(total + 1, sizeof(size_t));
	for (size_t i = 0; i < g->n_obj; i++) {
		struct obj_syscalls *s = g->sys[i];
		if (!s)
			continue;
		for (size_t k = 0; k < s->n_calls; k++)
			if (g->call_node[i][k] >= 0) {
				deg[g->base[i] + s->calls[k].func]++;
				rdeg[g->call_node[i][k]]++;
			}
		for (size_t k = 0; k < s->n_refs; k++)
			deg[g->base[i] + s->refs[k].from]++;
		deg[g->n_nodes + i] += n_dimp[i];
	}
	{
		size_t n_fwd = 0, n_rev = 0;
		for (size_t n = 0; n < total; n++) {
			n_fwd += deg[n];
			n_rev += rdeg[n];
		}
		if (total >= INT32_MAX || n_fwd >= UINT32_MAX || n_rev >= UINT32_MAX) {
			/* Exit status 2 (cli.h EXIT_USAGE): the input cannot be
			 * analysed. */
			fprintf(stderr, "seccompat: %zu functions, %zu edges: too many to link\n",
				total, n_fwd);
			exit(2);
		}
	}
	g->fwd_off = xcalloc(total + 1, sizeof(*g->fwd_off));
	g->rev_off = xcalloc(total + 1, sizeof(*g->rev_off));
	for (size_t n = 0; n < total; n++) {
		g->fwd_off[n + 1] = g->fwd_off[n] + (uint32_t)deg[n];
		g->rev_off[n + 1] = g->rev_off[n] + (uint32_t)rdeg[n];
	}
	g->fwd = xmalloc((g->fwd_off[total] + 1) * sizeof(*g->fwd));
	if (g->n_guards)
		g->fwd_guard = xcalloc(g->fwd_off[total] + 1, sizeof(*g->fwd_guard));
	g->rev = xmalloc((g->rev_off[total] + 1) * sizeof(uint64_t));
	memset(deg, 0, (total + 1) * sizeof(size_t));
	memset(rdeg, 0, (total + 1) * sizeof(size_t));
	for (size_t i = 0; i < g->n_obj; i++) {
		struct obj_syscalls *s = g->sys[i];
		size_t dn = g->n_nodes + i;
		if (!s)
			continue;
		for (size_t k = 0; k < s->n_calls; k++) {
			int64_t t = g->call_node[i][k];
			size_t from = g->base[i] + s->calls[k].func;
			if (t < 0)
				continue;
			if (g->fwd_guard && s->calls[k].guard)
				g->fwd_guard[g->fwd_off[from] + deg[from]] =
					guard_num(g, i, s->calls[k].guard);
			g->fwd[g->fwd_off[from] + deg[from]++] = (uint32_t)t;
			g->rev[g->rev_off[t] + rdeg[t]++] = ((uint64_t)i << 32) | k;
		}
		for (size_t k = 0; k < s->n_refs; k++) {
			size_t from = g->base[i] + s->refs[k].from;
			g->fwd[g->fwd_off[from] + deg[from]++] =
				(uint32_t)(g->base[i] + s->refs[k].to);
		}
		for (size_t k = 0; k < n_dimp[i]; k++)
			g->fwd[g->fwd_off[dn] + deg[dn]++] = (uint32_t)dimp[i][k];
		free(dimp[i]);
	}
	free(dimp);
	free(n_dimp);
	free(deg);
	free(rdeg);
}

/* ------------------------------------------------------------------ */
/* Roots and tiers. */

enum root_why {
	ROOT_NONE,
	ROOT_ENTRY,	    /* e_entry of an executable or the loader */
	ROOT_INIT,	    /* DT_INIT*, DT_FINI* */
	ROOT_IMPORTED,	    /* an export another object imports */
	ROOT_STRING,	    /* an export a string constant of the closure names */
	ROOT_USER,	    /* --entry */
	ROOT_SCRIPT_INTERP, /* possible: e_entry of the start script's interpreter */
	ROOT_UNNAMED,	    /* possible: an export of a dlopen candidate nothing names */
	ROOT_LOADER_CODE,   /* possible: program-interpreter code no root reaches */
	ROOT_WHY_MAX
};

/* Names that make an export of a dlopen candidate a certain root: the
 * closure's imports and the string constants of its read-only data. */
struct named {
	struct strv imports; /* sorted */
	struct strv strings; /* sorted: strings equal to a candidate export */
	struct strv loader;  /* sorted: strings of the loader equal to any export */
};

static bool is_candidate(const struct sc_object *obj)
{
	return obj->role == ROLE_DLOPEN || obj->role == ROLE_PLUGIN || obj->role == ROLE_LIBRARY;
}

/* A NUL-terminated string constant of a read-only or data section (not the
 * dynamic string table, which holds every import name). */
static void scan_strings(const struct elf_object *elf, const struct strv *cands, struct strv *out)
{
	for (size_t k = 0; k < elf->n_sections; k++) {
		const struct elf_section *sec = &elf->sections[k];
		const unsigned char *p, *end;
		if (sec->type != SHT_PROGBITS || !(sec->flags & SHF_ALLOC) ||
		    (sec->flags & SHF_EXECINSTR) || sec->offset > elf->size ||
		    sec->size > elf->size - sec->offset)
			continue;
		p = elf->image + sec->offset;
		end = p + sec->size;
		while (p < end) {
			const unsigned char *z = memchr(p, 0, (size_t)(end - p));
			size_t len;
			if (!z)
				break;
			len = (size_t)(z - p);
			if (len >= 2 && len < 256 &&
			    sysgroups_sorted_contains(cands, (const char *)p) &&
			    !strv_contains(out, (const char *)p))
				strv_push(out, (const char *)p);
			p = z + 1;
		}
	}
}

static void named_build(struct gctx *g, struct named *nm)
{
	struct strv cands = {0}, all = {0};

	for (size_t i = 0; i < g->n_obj; i++) {
		const struct elf_object *elf = g->a->objects[i]->elf;
		if (!elf)
			continue;
		for (size_t k = 0; k < elf->n_dynsyms && k < elf->n_syms; k++) {
			const struct elf_sym *sy = &elf->syms[k];
			if (!sy->name || !*sy->name)
				continue;
			if (!sy->defined) {
				strv_push(&nm->imports, sy->name);
				continue;
			}
			if (sy->type != STT_FUNC && sy->type != STT_GNU_IFUNC)
				continue;
			if (is_candidate(g->a->objects[i]))
				strv_push(&cands, sy->name);
			if (g->a->objects[i]->role != ROLE_LOADER)
				strv_push(&all, sy->name);
		}
	}
	strv_sort_unique(&nm->imports);
	strv_sort_unique(&cands);
	strv_sort_unique(&all);
	for (size_t i = 0; i < g->n_obj; i++) {
		const struct elf_object *elf = g->a->objects[i]->elf;
		if (!elf)
			continue;
		if (cands.n)
			scan_strings(elf, &cands, &nm->strings);
		/* ld.so calls functions of libc it looks up by name:
		 * __libc_early_init (elf/libc_early_init.c, from dl_main and
		 * dl_open) and the malloc family it switches to once libc is
		 * relocated (elf/dl-minimal.c __rtld_malloc_init_real). */
		if (all.n && g->a->objects[i]->role == ROLE_LOADER)
			scan_strings(elf, &all, &nm->loader);
		elf_object_drop_pages(elf);
	}
	strv_sort_unique(&nm->strings);
	strv_sort_unique(&nm->loader);
	strv_clear(&cands);
	strv_clear(&all);
}

/* --entry [OBJECT:]SYMBOL names this export of obj. */
static bool user_entry(const struct gctx *g, const struct sc_object *obj, const char *sym)
{
	const struct strv *e = g->o ? g->o->entries : NULL;

	for (size_t k = 0; e && k < e->n; k++) {
		const char *colon = strrchr(e->v[k], ':');
		if (!colon) {
			if (strcmp(e->v[k], sym) == 0)
				return true;
			continue;
		}
		if (strcmp(colon + 1, sym) != 0)
			continue;
		size_t len = (size_t)(colon - e->v[k]);
		const char *base = path_basename(obj->path);
		if ((strlen(obj->path) == len && strncmp(obj->path, e->v[k], len) == 0) ||
		    (strlen(base) == len && strncmp(base, e->v[k], len) == 0))
			return true;
	}
	return false;
}

/* Whether f of object i is a root, and of which tier (CONF_MAX: none). */
static enum sys_conf root_tier(const struct gctx *g, const struct named *nm, size_t i,
			       const struct sys_func *f, enum root_why *ret_why)
{
	const struct sc_object *obj = g->a->objects[i];

	if (f->flags & SF_ROOT) {
		*ret_why = ROOT_INIT;
		return CONF_CERTAIN;
	}
	/* The kernel starts executables and the program interpreter at
	 * e_entry; a shared library's e_entry only runs when it is executed.
	 * A start script's interpreter (/bin/sh) is no root of certainty: which
	 * of its paths run depends on the script, which is not analysed, so
	 * what only it reaches is `possible` (dash reaches setuid(), but calls
	 * it only when uid != euid). */
	if (f->flags & SF_ENTRY) {
		if (obj->role == ROLE_ENTRY || obj->role == ROLE_LOADER) {
			*ret_why = ROOT_ENTRY;
			return CONF_CERTAIN;
		}
		if (obj->role == ROLE_SCRIPT_INTERP) {
			*ret_why = ROOT_SCRIPT_INTERP;
			return CONF_POSSIBLE;
		}
	}
	if ((f->flags & SF_EXPORT) && obj->role != ROLE_LOADER && nm->loader.n) {
		const struct elf_sym *sy = elf_symbol_for_vaddr(obj->elf, f->start);
		const char *name = f->name ? f->name : sy ? sy->name : NULL;
		if (name && sysgroups_sorted_contains(&nm->loader, name)) {
			*ret_why = ROOT_STRING;
			return CONF_CERTAIN;
		}
	}
	/* A dlopen candidate or plugin is used through its exports (dlsym):
	 * certainly those something names, possibly the rest. */
	if ((f->flags & SF_EXPORT) && is_candidate(obj)) {
		const struct elf_sym *sy = elf_symbol_for_vaddr(obj->elf, f->start);
		const char *name = f->name ? f->name : sy ? sy->name : NULL;
		if (name && user_entry(g, obj, name)) {
			*ret_why = ROOT_USER;
			return CONF_CERTAIN;
		}
		if (name && sysgroups_sorted_contains(&nm->imports, name)) {
			*ret_why = ROOT_IMPORTED;
			return CONF_CERTAIN;
		}
		if (name && sysgroups_sorted_contains(&nm->strings, name)) {
			*ret_why = ROOT_STRING;
			return CONF_CERTAIN;
		}
		*ret_why = ROOT_UNNAMED;
		return CONF_POSSIBLE;
	}
	/* ld.so runs at every start-up and which of its paths run depends on
	 * the program, its objects and the environment; the entry reaches
	 * most of it, but not what it calls through pointers the engine
	 * cannot compute (dl_main, handed to _dl_sysdep_start through a GOT
	 * register of i386 ld.so 2.41). The rest is assumed to run. */
	if (obj->role == ROLE_LOADER && !(f->flags & (SF_PLT | SF_ORPHAN))) {
		*ret_why = ROOT_LOADER_CODE;
		return CONF_POSSIBLE;
	}
	return CONF_MAX;
}

static void activate(struct gctx *g, size_t n, enum sys_conf t, size_t *queue, size_t *tail);

static void visit(struct gctx *g, size_t n, size_t parent, enum sys_conf t, size_t *queue,
		  size_t *tail)
{
	if (g->tier[n] <= t)
		return;
	g->tier[n] = (uint8_t)t;
	g->parent[n] = parent;
	queue[(*tail)++] = n;
	if (g->is_writer && g->is_writer[n])
		activate(g, n, t, queue, tail);
}

/* Edge e of node n, reached at tier t: a guarded call waits for a writer
 * of its guard. */
static void follow(struct gctx *g, size_t n, size_t e, enum sys_conf t, size_t *queue, size_t *tail)
{
	uint32_t gd = g->fwd_guard ? g->fwd_guard[e] : 0;

	if (gd && g->gactive[gd - 1] > t) {
		struct gpending *p = &g->gpending[gd - 1];
		if (!p->n || p->v[p->n - 1] != (uint32_t)n) {
			GROW(p->v, p->cap, p->n);
			p->v[p->n++] = (uint32_t)n;
		}
		return;
	}
	visit(g, g->fwd[e], n, t, queue, tail);
}

/* Writer n reached at tier t: its guards hold from t on, and the calls
 * waiting for them are followed. */
static void activate(struct gctx *g, size_t n, enum sys_conf t, size_t *queue, size_t *tail)
{
	size_t lo = sorted_bound(g->gwriters, g->n_gwriters, sizeof(uint64_t), 0, (uint64_t)n << 32,
				 false);

	for (size_t k = lo; k < g->n_gwriters && g->gwriters[k] >> 32 == n; k++) {
		uint32_t gd = (uint32_t)g->gwriters[k];
		struct gpending *p = &g->gpending[gd];
		if (g->gactive[gd] <= t)
			continue;
		g->gactive[gd] = (uint8_t)t;
		for (size_t i = 0; i < p->n; i++)
			for (size_t e = g->fwd_off[p->v[i]]; e < g->fwd_off[p->v[i] + 1]; e++)
				if (g->fwd_guard[e] == gd + 1)
					visit(g, g->fwd[e], p->v[i], t, queue, tail);
	}
}

/* The tier of call c of object obj: its caller's, or its guard's when
 * that is worse. */
static enum sys_conf call_tier(const struct gctx *g, size_t obj, const struct sys_call *c)
{
	enum sys_conf t = (enum sys_conf)g->tier[g->base[obj] + c->func];

	if (c->guard && g->gactive) {
		uint32_t n = guard_num(g, obj, c->guard);
		if (n && g->gactive[n - 1] > t)
			t = (enum sys_conf)g->gactive[n - 1];
	}
	return t;
}

/* Breadth-first from the certain roots, then from the possible ones over
 * what is left, so that the recorded parent of each node gives a shortest
 * call chain for the evidence. A function's object's data node (function
 * pointers to imports) is reached with the function. */
static void reach(struct gctx *g)
{
	size_t total = g->n_nodes + g->n_obj;
	size_t *queue = xmalloc((total + 1) * sizeof(size_t));
	struct named nm = {0};

	g->tier = xmalloc(total + 1);
	memset(g->tier, CONF_UNREACHED, total + 1);
	g->why = xcalloc(total + 1, 1);
	g->parent = xmalloc((total + 1) * sizeof(size_t));
	for (size_t n = 0; n <= total; n++)
		g->parent[n] = SIZE_MAX;
	named_build(g, &nm);
	for (enum sys_conf t = CONF_CERTAIN; t < CONF_UNREACHED; t++) {
		size_t head = 0, tail = 0;
		for (size_t i = 0; i < g->n_obj; i++) {
			if (!g->sys[i])
				continue;
			for (size_t f = 0; f < g->sys[i]->n_funcs; f++) {
				enum root_why why = ROOT_NONE;
				size_t n = g->base[i] + f;
				if (root_tier(g, &nm, i, &g->sys[i]->funcs[f], &why) != t ||
				    g->tier[n] <= t)
					continue;
				g->why[n] = (uint8_t)why;
				visit(g, n, SIZE_MAX, t, queue, &tail);
				if (g->r && (why == ROOT_UNNAMED || why == ROOT_STRING ||
					     why == ROOT_USER || why == ROOT_IMPORTED)) {
					char *label = func_label(g->sys[i], (uint32_t)f);
					strv_push_owned(
						why == ROOT_UNNAMED ? &g->r->possible_roots
								    : &g->r->named_roots,
						xasprintf("%s:%s",
							  path_basename(g->a->objects[i]->path),
							  label));
					free(label);
				}
			}
		}
		while (head < tail) {
			size_t n = queue[head++];
			if (n < g->n_nodes)
				visit(g, g->n_nodes + node_obj(g, n), n, t, queue, &tail);
			for (size_t e = g->fwd_off[n]; e < g->fwd_off[n + 1]; e++)
				follow(g, n, e, t, queue, &tail);
		}
	}
	strv_clear(&nm.imports);
	strv_clear(&nm.strings);
	strv_clear(&nm.loader);
	free(queue);
}

/* The assumption a possible node rests on: that of the root of its chain. */
static char *assumption(const struct gctx *g, size_t node)
{
	size_t x = node, steps = 0;
	size_t o;

	while (g->parent[x] != SIZE_MAX && steps++ < 4096)
		x = g->parent[x];
	o = node_obj(g, x);
	switch (g->why[x]) {
	case ROOT_SCRIPT_INTERP:
		return xasprintf("reached only from the start script's interpreter %s (which of "
				 "its paths the script takes is not analysed)",
				 path_basename(g->a->objects[o]->path));
	case ROOT_UNNAMED: {
		char *label = func_label(g->sys[o], (uint32_t)(x - g->base[o]));
		char *r = xasprintf("reached only from %s, an export of %s that nothing in the "
				    "closure names (assumed called through dlsym; name it with "
				    "--entry %s:%s if it is)",
				    label, path_basename(g->a->objects[o]->path),
				    path_basename(g->a->objects[o]->path), label);
		free(label);
		return r;
	}
	case ROOT_LOADER_CODE:
		return xasprintf("code of the program interpreter %s that no root reaches through "
				 "resolved calls; ld.so runs at every start-up, so it is assumed "
				 "to run",
				 path_basename(g->a->objects[o]->path));
	default:
		return xstrdup("reached on an assumption");
	}
}

/* "main -> socket@libc.so.6 -> __socket": how a root reaches node (the
 * object is named where it changes). NULL for a root itself. */
static char *root_chain(const struct gctx *g, size_t node)
{
	size_t path[64], n = 0;
	char *out = NULL;
	size_t prev_obj = SIZE_MAX;

	for (size_t x = node; x != SIZE_MAX && n < ARRAY_SIZE(path); x = g->parent[x])
		path[n++] = x;
	if (n < 2)
		return NULL;
	for (size_t k = n; k-- > 0;) {
		size_t o = node_obj(g, path[k]);
		char *label = path[k] >= g->n_nodes
				      ? xstrdup("(function pointer in data)")
				      : func_label(g->sys[o], (uint32_t)(path[k] - g->base[o]));
		char *part = o != prev_obj ? xasprintf("%s@%s", label,
						       path_basename(g->a->objects[o]->path))
					   : xstrdup(label);
		char *joined = out ? xasprintf("%s -> %s", out, part) : xstrdup(part);
		free(out);
		free(part);
		free(label);
		out = joined;
		prev_obj = o;
	}
	return out;
}

/* ------------------------------------------------------------------ */
/* Emission into the report. */

static struct sys_entry *entry_get(struct gctx *g, enum arch_id abi, const char *name, int nr)
{
	struct sys_abi_set *set = &g->r->abi[abi];
	struct sys_entry *e;

	for (size_t i = 0; i < set->n_entries; i++)
		if (strcmp(set->entries[i].name, name) == 0)
			return &set->entries[i];
	set->arch = &arch_table[abi];
	GROW(set->entries, set->cap_entries, set->n_entries);
	e = &set->entries[set->n_entries++];
	memset(e, 0, sizeof(*e));
	e->name = xstrdup(name);
	e->nr = nr;
	e->conf = CONF_UNREACHED;
	return e;
}

struct origin {
	size_t obj; /* object of the function that fixes the number */
	uint32_t func;
	uint64_t site;	   /* gate or call vaddr */
	const char *chain; /* borrowed, may be NULL */
	const char *via;
	enum sys_conf tier;
};

static void add_prov(struct gctx *g, struct sys_entry *e, const struct origin *o)
{
	unsigned max = g->o && g->o->max_prov ? g->o->max_prov : 8;
	const struct sc_object *obj = g->a->objects[o->obj];
	struct sys_prov *p = NULL;
	enum sys_conf conf = o->tier;

	e->n_sites++;
	if (conf < e->conf)
		e->conf = conf;
	if (e->n_prov < max) {
		GROW(e->prov, e->cap_prov, e->n_prov);
		p = &e->prov[e->n_prov++];
	} else if (conf < CONF_UNREACHED) {
		/* A better tier replaces the worst kept provenance. */
		for (size_t i = 0; i < e->n_prov; i++)
			if (e->prov[i].conf > conf && (!p || e->prov[i].conf > p->conf))
				p = &e->prov[i];
		if (!p)
			return;
		free(p->chain);
		free(p->via);
		free(p->assumption);
		p->assumption = NULL;
	} else {
		return;
	}
	p->site = (struct site){obj, o->site};
	p->func = o->func;
	if (o->chain)
		p->chain = xstrdup(o->chain);
	else
		p->chain = conf < CONF_UNREACHED ? root_chain(g, g->base[o->obj] + o->func) : NULL;
	p->via = o->via ? xstrdup(o->via) : NULL;
	p->assumption = conf == CONF_POSSIBLE ? assumption(g, g->base[o->obj] + o->func) : NULL;
	p->conf = conf;
}

static void node_name(struct gctx *g, const struct origin *o, const char *name)
{
	size_t node;

	if (!g->node_names)
		return;
	node = g->base[o->obj] + o->func;
	if (!strv_contains(&g->node_names[node], name))
		strv_push(&g->node_names[node], name);
}

static void emit_name(struct gctx *g, enum arch_id abi, const char *name, int nr,
		      const struct origin *o)
{
	add_prov(g, entry_get(g, abi, name, nr), o);
	node_name(g, o, name);
}

static void unresolved(struct gctx *g, size_t obj, uint32_t func, uint64_t vaddr, const char *what,
		       enum sys_conf tier)
{
	struct sysreport *r = g->r;
	struct sys_unresolved *u;
	const struct sc_object *o = g->a->objects[obj];

	for (size_t i = 0; i < r->n_unresolved; i++)
		if (r->unresolved[i].site.obj == o && r->unresolved[i].site.vaddr == vaddr &&
		    strcmp(r->unresolved[i].what, what) == 0)
			return;
	GROW(r->unresolved, r->cap_unresolved, r->n_unresolved);
	u = &r->unresolved[r->n_unresolved++];
	u->site = (struct site){o, vaddr};
	u->func = func;
	u->what = xstrdup(what);
	u->conf = tier;
	r->abi[g->sys[obj]->arch->id].n_unresolved++;
}

enum need_kind {
	NEED_NR,
	NEED_SUB
};

/* The arguments of a gate carried to where its number is fixed, in the
 * terms of the function at hand: the ABI arguments, then the word the
 * second one points to (i386 socketcall's argument array). */
#define N_CARRY (SYS_SITE_ARGS + 1)
struct carry {
	struct sys_val v[N_CARRY];
};

static void site_carry(const struct sys_site *site, struct carry *ret)
{
	for (unsigned k = 0; k < SYS_SITE_ARGS; k++)
		ret->v[k] = site->args[k];
	ret->v[SYS_SITE_ARGS] = site->arg1_word0;
}

/* The value of param at call c in *buf, returned; NULL when unknown. */
static const struct sys_val *snap_find(const struct obj_syscalls *s, const struct sys_call *c,
				       uint16_t param, struct sys_val *buf)
{
	return sys_snap_value(s, c, param, buf) ? buf : NULL;
}

static const char *reg_name(const struct arch_desc *arch, unsigned r)
{
	return arch->reg_names && r < SYS_NREGS ? arch->reg_names[r] : "a register";
}

static const char *param_name(const struct arch_desc *arch, uint16_t p)
{
	static char buf[SYS_P_MAX - SYS_P_STACK][24];

	if (p < SYS_NREGS)
		return reg_name(arch, p);
	if (p >= SYS_P_DEREF && p < SYS_P_MAX) {
		unsigned r = (p - SYS_P_DEREF) / SYS_P_DEREF_WORDS;
		snprintf(buf[p - SYS_P_STACK], sizeof(buf[0]), "word %u at %s",
			 (unsigned)((p - SYS_P_DEREF) % SYS_P_DEREF_WORDS), reg_name(arch, r));
		return buf[p - SYS_P_STACK];
	}
	if (p < SYS_P_MAX) {
		snprintf(buf[p - SYS_P_STACK], sizeof(buf[0]), "stack argument %u",
			 (unsigned)(p - SYS_P_STACK));
		return buf[p - SYS_P_STACK];
	}
	return "?";
}

/* The call of reverse edge e into function func of object obj (whose
 * label is callee_label), as an origin at the caller's call site: its
 * chain is "caller -> chain", or "caller -> callee@object" when chain is
 * NULL; free it with free(*ret_chain). */
static const struct sys_call *caller_origin(const struct gctx *g, size_t e, size_t obj,
					    const char *callee_label, const char *chain,
					    struct origin *ret, char **ret_chain)
{
	size_t cobj = (size_t)(g->rev[e] >> 32);
	const struct obj_syscalls *cs = g->sys[cobj];
	const struct sys_call *call = &cs->calls[g->rev[e] & UINT32_MAX];
	char *cl = func_label(cs, call->func);

	*ret_chain = chain ? xasprintf("%s -> %s", cl, chain)
			   : xasprintf("%s -> %s@%s", cl, callee_label,
				       path_basename(g->a->objects[obj]->path));
	free(cl);
	*ret = (struct origin){.obj = cobj,
			       .func = call->func,
			       .site = call->vaddr,
			       .chain = *ret_chain,
			       .tier = call_tier(g, cobj, call)};
	return call;
}

/* ---- watched arguments (sys_opts.watch) ---- */

static void add_argval(struct gctx *g, enum arch_id abi, const struct sys_arg_watch *w,
		       const struct origin *o, bool known, int64_t value, const char *why)
{
	struct sysreport *r = g->r;
	const struct sc_object *obj = g->a->objects[o->obj];
	struct sys_argval *a;

	for (size_t i = r->n_argvals; i-- > 0 && i + 64 >= r->n_argvals;) {
		a = &r->argvals[i];
		if (a->at.site.obj == obj && a->at.site.vaddr == o->site && a->watch == w &&
		    a->abi == abi && a->known == known && (!known || a->value == value))
			return;
	}
	GROW(r->argvals, r->cap_argvals, r->n_argvals);
	a = &r->argvals[r->n_argvals++];
	memset(a, 0, sizeof(*a));
	a->abi = abi;
	a->watch = w;
	a->known = known;
	a->value = value;
	a->why = why ? xstrdup(why) : NULL;
	a->at.site = (struct site){obj, o->site};
	a->at.func = o->func;
	a->at.conf = o->tier;
	/* The chain from a root to the function that fixes the value, then
	 * the wrappers that pass it on to the gate. */
	if (o->tier < CONF_UNREACHED) {
		char *rc = root_chain(g, g->base[o->obj] + o->func);
		const char *rest = o->chain ? strstr(o->chain, " -> ") : NULL;
		a->at.chain = rc && rest ? xasprintf("%s%s", rc, rest) : rc;
		if (a->at.chain != rc)
			free(rc);
		if (!a->at.chain && o->chain)
			a->at.chain = xstrdup(o->chain);
	} else if (o->chain) {
		a->at.chain = xstrdup(o->chain);
	}
	a->at.assumption =
		o->tier == CONF_POSSIBLE ? assumption(g, g->base[o->obj] + o->func) : NULL;
}

/* The value v of watched argument w, in the terms of o's function: a
 * constant is recorded, an entry parameter is taken from every direct
 * caller (up to WRAP_DEPTH wrappers), anything else is recorded unknown. */
static void watch_value(struct gctx *g, enum arch_id abi, const struct sys_arg_watch *w,
			const struct origin *o, const struct sys_val *v, int depth)
{
	size_t node = g->base[o->obj] + o->func;
	const struct obj_syscalls *callee = g->sys[o->obj];
	char *label, *why;

	if (v->kind == SV_CONST) {
		for (unsigned i = 0; i < v->n; i++)
			add_argval(g, abi, w, o, true, v->c[i], NULL);
		return;
	}
	if (v->kind != SV_PARAM || depth >= WRAP_DEPTH) {
		add_argval(g, abi, w, o, false, 0,
			   v->kind == SV_PARAM ? "passed through too many wrappers"
					       : "not a constant");
		return;
	}
	label = func_label(callee, o->func);
	if (g->rev_off[node] == g->rev_off[node + 1]) {
		why = xasprintf("comes from %s of %s, which has no direct caller",
				param_name(callee->arch, v->id), label);
		add_argval(g, abi, w, o, false, 0, why);
		free(why);
		free(label);
		return;
	}
	for (size_t e = g->rev_off[node]; e < g->rev_off[node + 1]; e++) {
		struct origin co;
		char *ch;
		const struct sys_call *call =
			caller_origin(g, e, o->obj, label, o->chain, &co, &ch);
		struct sys_val vbuf;
		const struct sys_val *cv = snap_find(g->sys[co.obj], call, v->id, &vbuf);
		if (co.obj == o->obj && call->func == o->func)
			add_argval(g, abi, w, &co, false, 0, "passed back to itself");
		else if (cv)
			watch_value(g, abi, w, &co, cv, depth + 1);
		else
			add_argval(g, abi, w, &co, false, 0, "not a constant at the call");
		free(ch);
	}
	free(label);
}

/* Records the watched arguments of syscall `name` (fixed at o, its
 * arguments args in o's terms; NULL: not known there). */
static void watch_args(struct gctx *g, enum arch_id abi, const char *name, const struct origin *o,
		       const struct carry *args, bool socketcall_word)
{
	const struct sys_opts *so = g->o;

	for (size_t i = 0; so && i < so->n_watch; i++) {
		const struct sys_arg_watch *w = &so->watch[i];
		struct sys_val top = {.kind = SV_TOP};
		const struct sys_val *v = &top;
		if (w->function || strcmp(w->name, name) != 0)
			continue;
		if (socketcall_word) {
			/* socketcall(SYS_SOCKET, args): the first word only. */
			if (args && w->arg == 0)
				v = &args->v[SYS_SITE_ARGS];
		} else if (args && w->arg < SYS_SITE_ARGS) {
			v = &args->v[w->arg];
		}
		watch_value(g, abi, w, o, v, 0);
	}
}

static void emit_sub(struct gctx *g, enum arch_id abi, bool ipc, int64_t sub,
		     const struct origin *o, const struct carry *args)
{
	const char *n = ipc ? sys_ipc_name((int)sub) : sys_socketcall_name((int)sub);
	struct origin oo = *o;
	const struct arch_desc *arch = &arch_table[abi];

	if (!n) {
		unresolved(g, o->obj, o->func, o->site,
			   ipc ? "ipc subcall out of range" : "socketcall subcall out of range",
			   o->tier);
		return;
	}
	oo.via = ipc ? "ipc" : "socketcall";
	emit_name(g, abi, n, nr_of(arch, n), &oo);
	if (!ipc)
		watch_args(g, abi, n, &oo, args, true);
}

static void resolve_param(struct gctx *g, size_t obj, uint32_t func, uint16_t param,
			  enum need_kind kind, enum arch_id abi, bool ipc, const char *chain,
			  int depth, uint64_t site_off, const struct carry *args);

/* args: the gate's arguments in o's terms (args->v[0] the subcall), NULL
 * when unknown. */
static void emit_nr(struct gctx *g, enum arch_id abi, int64_t nr, const struct origin *o,
		    const struct carry *args, uint64_t site_for_sub)
{
	const struct sys_val *sub = args ? &args->v[0] : NULL;
	const struct arch_desc *arch = &arch_table[abi];
	int socketcall = nr_of(arch, "socketcall"), ipc = nr_of(arch, "ipc");
	char *name;

	if (nr < 0 || nr > 4095) {
		unresolved(g, o->obj, o->func, o->site, "syscall number out of range", o->tier);
		return;
	}
	name = sys_name(arch, (int)nr);
	emit_name(g, abi, name, (int)nr, o);
	watch_args(g, abi, name, o, args, false);
	free(name);
	if (sub && (nr == socketcall || nr == ipc) && nr >= 0) {
		bool is_ipc = nr == ipc;
		if (sub->kind == SV_CONST) {
			for (unsigned i = 0; i < sub->n; i++)
				emit_sub(g, abi, is_ipc, sub->c[i], o, args);
		} else if (sub->kind == SV_PARAM) {
			resolve_param(g, o->obj, o->func, sub->id, NEED_SUB, abi, is_ipc, o->chain,
				      0, UINT64_MAX, NULL);
		} else {
			unresolved(g, o->obj, o->func, site_for_sub,
				   is_ipc ? "ipc subcall" : "socketcall subcall", o->tier);
		}
	}
}

/* The number (or subcall) is the entry value of `param` of function func
 * in object obj: take it from every direct caller's argument values. For a
 * number, sub is the gate's subcall register in func's terms (NULL: none):
 * it is carried along the same call edges, because glibc 2.41 passes both
 * the socketcall number and its subcall as arguments of __syscall_cancel
 * (sysdeps/unix/sysv/linux/socketcall.h), so neither is known at the gate. */
static void resolve_param(struct gctx *g, size_t obj, uint32_t func, uint16_t param,
			  enum need_kind kind, enum arch_id abi, bool ipc, const char *chain,
			  int depth, uint64_t site_off, const struct carry *args)
{
	size_t node = g->base[obj] + func;
	const struct obj_syscalls *callee = g->sys[obj];
	char *callee_label = func_label(callee, func);

	if (g->rev_off[node] == g->rev_off[node + 1]) {
		/* No direct caller. A bare gate at the very start of a
		 * function taking the number in eax is the vsyscall/int80
		 * trampoline (ld.so's _dl_sysinfo_int80, called through
		 * %gs:0x10, whose call sites are gates of their own). */
		bool trampoline = param == callee->arch->nr_reg && depth == 0 && kind == NEED_NR &&
				  (callee->funcs[func].flags & SF_TRAMPOLINE);
		if (!trampoline) {
			char *what = xasprintf("%s comes from %s of %s, which has no direct caller",
					       kind == NEED_NR ? "syscall number" : "subcall",
					       param_name(callee->arch, param), callee_label);
			unresolved(g, obj, func, callee->funcs[func].start, what,
				   (enum sys_conf)g->tier[node]);
			free(what);
		}
		free(callee_label);
		return;
	}
	for (size_t e = g->rev_off[node]; e < g->rev_off[node + 1]; e++) {
		struct origin o;
		char *ch;
		const struct sys_call *call =
			caller_origin(g, e, obj, callee_label, chain, &o, &ch);
		size_t cobj = o.obj;
		const struct obj_syscalls *cs = g->sys[cobj];
		struct sys_val vbuf;
		const struct sys_val *v = snap_find(cs, call, param, &vbuf);
		struct carry cargs;
		for (unsigned a = 0; args && a < N_CARRY; a++) {
			const struct sys_val *av = &args->v[a];
			struct sys_val abuf;
			cargs.v[a] = (struct sys_val){.kind = SV_TOP};
			if (av->kind == SV_CONST)
				cargs.v[a] = *av;
			else if (av->kind == SV_PARAM && snap_find(cs, call, av->id, &abuf))
				cargs.v[a] = abuf;
		}
		if (v && v->kind == SV_CONST) {
			for (unsigned i = 0; i < v->n; i++) {
				if (kind == NEED_NR)
					emit_nr(g, abi, v->c[i], &o, args ? &cargs : NULL,
						call->vaddr);
				else
					emit_sub(g, abi, ipc, v->c[i], &o, NULL);
			}
		} else if (v && v->kind == SV_PARAM && depth < WRAP_DEPTH &&
			   !(cobj == obj && call->func == func)) {
			resolve_param(g, cobj, call->func, v->id, kind, abi, ipc, ch, depth + 1,
				      UINT64_MAX, args ? &cargs : NULL);
		} else {
			char *what = xasprintf("%s passed to %s is not a constant",
					       kind == NEED_NR ? "syscall number" : "subcall",
					       callee_label);
			unresolved(g, cobj, call->func, call->vaddr, what, o.tier);
			free(what);
		}
		free(ch);
	}
	free(callee_label);
}

static void do_sites(struct gctx *g, size_t i)
{
	const struct obj_syscalls *s = g->sys[i];

	for (size_t k = 0; k < s->n_sites; k++) {
		const struct sys_site *site = &s->sites[k];
		struct origin o = {.obj = i,
				   .func = site->func,
				   .site = site->vaddr,
				   .tier = g->tier[g->base[i] + site->func]};
		enum arch_id abi = (enum arch_id)site->abi;

		struct carry args;

		site_carry(site, &args);
		if (site->nr.kind == SV_CONST) {
			for (unsigned n = 0; n < site->nr.n; n++)
				emit_nr(g, abi, site->nr.c[n], &o, &args, site->vaddr);
		} else if (site->nr.kind == SV_PARAM) {
			resolve_param(g, i, site->func, site->nr.id, NEED_NR, abi, false, NULL, 0,
				      site->vaddr - s->funcs[site->func].start, &args);
		} else {
			unresolved(g, i, site->func, site->vaddr, "syscall number", o.tier);
		}
	}
}

/* ------------------------------------------------------------------ */
/* Imports no object of the closure defines. A libc function is looked up
 * in the shipped export map (db/libc, `db build-libc`); anything else is
 * reported: its syscalls are unknown. */

static void do_unbound(struct gctx *g, size_t i)
{
	const struct obj_syscalls *s = g->sys[i];
	size_t n_unknown = 0;
	const char *first = NULL;

	for (size_t k = 0; k < s->n_calls; k++) {
		const struct sys_call *c = &s->calls[k];
		json_object *map, *arr = NULL;
		const char *map_name = NULL;
		if (c->kind != SC_IMPORT || g->call_node[i][k] >= 0 || c->weak || !c->import)
			continue;
		map = g->o && g->o->libc ? libcmap_exports(g->o->libc, s->arch->id,
							   g->a->glibc[s->arch->id], &map_name)
					 : NULL;
		if (map) {
			char *key = c->version ? xasprintf("%s@%s", c->import, c->version) : NULL;
			if (!key || !json_object_object_get_ex(map, key, &arr))
				json_object_object_get_ex(map, c->import, &arr);
			free(key);
		}
		if (!arr) {
			if (!first)
				first = c->import;
			n_unknown++;
			continue;
		}
		char *chain = xasprintf("%s@db/libc/%s", c->import, map_name);
		struct origin o = {.obj = i,
				   .func = c->func,
				   .site = c->vaddr,
				   .chain = chain,
				   .via = "libc map",
				   .tier = call_tier(g, i, c)};
		for (size_t n = 0; n < json_object_array_length(arr); n++) {
			const char *name =
				json_object_get_string(json_object_array_get_idx(arr, n));
			if (name)
				emit_name(g, s->arch->id, name, nr_of(s->arch, name), &o);
		}
		free(chain);
	}
	if (n_unknown)
		analysis_diag(g->a, DIAG_WARNING, g->a->objects[i]->path,
			      "%zu calls to imported functions no object of the closure defines "
			      "(first: %s); the syscalls they make are unknown",
			      n_unknown, first);
}

/* ------------------------------------------------------------------ */
/* ENOSYS fallbacks the engine left out (struct sys_nosys). */

static void do_cuts(struct gctx *g, size_t i)
{
	const struct obj_syscalls *s = g->sys[i];
	struct sysreport *r = g->r;

	for (size_t k = 0; k < s->n_nosys; k++) {
		const struct sys_nosys *n = &s->nosys[k];
		enum sys_conf t = (enum sys_conf)g->tier[g->base[i] + n->func];
		struct sys_cut *c;
		GROW(r->cuts, r->cap_cuts, r->n_cuts);
		c = &r->cuts[r->n_cuts++];
		c->site = (struct site){g->a->objects[i], n->vaddr};
		c->func = n->func;
		c->after = sys_name(s->arch, (int)n->nr);
		c->conf = t;
	}
}

/* ------------------------------------------------------------------ */
/* W->X call sites. */

static void add_wx(struct gctx *g, size_t obj, uint32_t func, uint64_t vaddr, const char *callee,
		   int64_t prot, bool handled)
{
	struct sysreport *r = g->r;
	struct sys_wx *w;
	const struct sc_object *o = g->a->objects[obj];

	GROW(r->wx, r->cap_wx, r->n_wx);
	w = &r->wx[r->n_wx++];
	w->site = (struct site){o, vaddr};
	w->func = func;
	w->callee = xstrdup(callee);
	w->prot = prot;
	w->handled = handled;
	w->conf = (enum sys_conf)g->tier[g->base[obj] + func];
}

/* Does a mapping call with this prot/flag make writable+executable (or,
 * for mprotect, executable) memory? mmap(2), mprotect(2), shmat(2). */
static bool wx_prot(const char *fn, int64_t prot)
{
	if (strcmp(fn, "shmat") == 0)
		return prot & SHM_EXEC_BIT;
	if (!(prot & PROT_EXEC_BIT))
		return false;
	if (str_startswith(fn, "mmap"))
		return prot & PROT_WRITE_BIT;
	return true;
}

static const char *wx_callee(const char *name)
{
	static const char *const fns[] = {"mmap",     "mmap64",	       "mmap2",
					  "mprotect", "pkey_mprotect", "shmat"};
	if (!name)
		return NULL;
	while (*name == '_')
		name++;
	for (size_t i = 0; i < ARRAY_SIZE(fns); i++)
		if (strcmp(name, fns[i]) == 0)
			return fns[i];
	return NULL;
}

static void do_wx(struct gctx *g, size_t i)
{
	const struct obj_syscalls *s = g->sys[i];

	for (size_t k = 0; k < s->n_sites; k++) {
		const struct sys_site *site = &s->sites[k];
		const struct arch_desc *arch = &arch_table[site->abi];
		for (unsigned n = 0; site->nr.kind == SV_CONST && n < site->nr.n; n++) {
			char *name;
			const char *fn;
			if (site->nr.c[n] < 0 || site->nr.c[n] > 4095)
				continue;
			name = sys_name(arch, (int)site->nr.c[n]);
			fn = wx_callee(name);
			for (unsigned p = 0;
			     fn && site->args[2].kind == SV_CONST && p < site->args[2].n; p++)
				if (wx_prot(fn, site->args[2].c[p])) {
					char *label = xasprintf("%s (raw syscall)", name);
					add_wx(g, i, site->func, site->vaddr, label,
					       site->args[2].c[p], site->handled);
					free(label);
				}
			free(name);
		}
	}
	for (size_t k = 0; k < s->n_calls; k++) {
		const struct sys_call *c = &s->calls[k];
		const char *name = NULL, *fn;
		const struct sys_val *v;
		struct sys_val vbuf;
		int64_t t = g->call_node[i][k];

		if (c->kind == SC_IMPORT)
			name = c->import;
		else if (c->kind == SC_LOCAL)
			name = func_name(s, c->target);
		if (!name && t >= 0) {
			size_t to = node_obj(g, (size_t)t);
			name = func_name(g->sys[to], (uint32_t)((size_t)t - g->base[to]));
		}
		fn = wx_callee(name);
		if (!fn)
			continue;
		v = snap_find(s, c, sys_arg_param(s->arch, 2), &vbuf);
		for (unsigned p = 0; v && v->kind == SV_CONST && p < v->n; p++)
			if (wx_prot(fn, v->c[p]))
				add_wx(g, i, c->func, c->vaddr, name, v->c[p], c->handled);
	}
}

/* Watched function arguments: every call of the function, by the name it
 * is called by (the import, or the local function's symbol). */
static void do_watch_calls(struct gctx *g, size_t i)
{
	const struct obj_syscalls *s = g->sys[i];

	for (size_t n = 0; g->o && n < g->o->n_watch; n++) {
		const struct sys_arg_watch *w = &g->o->watch[n];
		if (!w->function)
			continue;
		for (size_t k = 0; k < s->n_calls; k++) {
			const struct sys_call *c = &s->calls[k];
			/* Calls from other objects: inside glibc the gate's
			 * own watch follows the argument. */
			const char *name = c->kind == SC_IMPORT ? c->import : NULL;
			struct sys_val vbuf, top = {.kind = SV_TOP};
			const struct sys_val *v;
			struct origin o = {.obj = i,
					   .func = c->func,
					   .site = c->vaddr,
					   .tier = call_tier(g, i, c)};
			if (!name || strcmp(name, w->name) != 0)
				continue;
			v = snap_find(s, c, sys_arg_param(s->arch, w->arg), &vbuf);
			watch_value(g, s->arch->id, w, &o, v ? v : &top, 0);
		}
	}
}

/* ------------------------------------------------------------------ */
/* Implicit syscalls. */

struct implicit {
	const char *name;
	const char *const *triggers; /* NULL: always */
	const char *reason;
};

static const char *const trig_sigaction[] = {"rt_sigaction", "sigaction", "signal", NULL};
/* The vDSO entries glibc calls and the syscall each falls back to when the
 * clock cannot be read in user space (lib/vdso/gettimeofday.c): x86-64's
 * clock_gettime, gettimeofday and clock_getres; i386's clock_gettime64,
 * clock_gettime (time32), gettimeofday and clock_getres (time32). time()
 * has no fallback. glibc calls an entry only from the wrapper that makes
 * the same syscall when the entry is missing (INLINE_VSYSCALL, or x86-64's
 * gettimeofday/time IFUNC whose other candidate is the syscall), so the
 * fallback is reached where that wrapper's own call is: i386's
 * __clock_gettime64 calls the time32 entry after clock_gettime64 fails,
 * and __clock_getres64 the time32 clock_getres after clock_getres_time64. */
static const char *const trig_vdso_gettime[] = {"clock_gettime", "clock_gettime64", NULL};
static const char *const trig_vdso_gettime64[] = {"clock_gettime64", NULL};
static const char *const trig_vdso_timeofday[] = {"gettimeofday", NULL};
static const char *const trig_vdso_getres[] = {"clock_getres", "clock_getres_time64", NULL};
static const char *const trig_clone[] = {"clone", "clone3", NULL};

static const struct implicit implicits[] = {
	{"restart_syscall", NULL,
	 "the kernel restarts interrupted sleeps through it (-ERESTART_RESTARTBLOCK, "
	 "kernel/signal.c); no code calls it"},
	{"rt_sigreturn", trig_sigaction,
	 "returning from a signal handler goes through the restorer's rt_sigreturn "
	 "(arch/x86/kernel/signal.c)"},
	{"sigreturn", trig_sigaction,
	 "i386 non-SA_SIGINFO handlers return through sigreturn (glibc __restore)"},
	{"clock_gettime", trig_vdso_gettime,
	 "vDSO fallback (arch/x86/include/asm/vdso/gettimeofday.h)"},
	{"clock_gettime64", trig_vdso_gettime64,
	 "vDSO fallback (arch/x86/include/asm/vdso/gettimeofday.h)"},
	{"gettimeofday", trig_vdso_timeofday,
	 "vDSO fallback (arch/x86/include/asm/vdso/gettimeofday.h)"},
	{"clock_getres", trig_vdso_getres,
	 "vDSO fallback (arch/x86/include/asm/vdso/gettimeofday.h)"},
	{"set_robust_list", trig_clone,
	 "thread start-up (glibc nptl/pthread_create.c start_thread)"},
	{"rseq", trig_clone, "thread start-up (glibc nptl/pthread_create.c start_thread)"},
	{"exit", trig_clone, "a thread ends with exit(2) (glibc start_thread)"},
};

static void do_implicit(struct gctx *g)
{
	for (enum arch_id abi = 0; abi < ARCH_MAX; abi++) {
		struct sys_abi_set *set = &g->r->abi[abi];
		const struct arch_desc *arch = &arch_table[abi];
		if (!set->arch)
			continue;
		for (size_t k = 0; k < ARRAY_SIZE(implicits); k++) {
			const struct implicit *im = &implicits[k];
			enum sys_conf conf = CONF_CERTAIN;
			bool fire = im->triggers == NULL;
			struct sys_entry *e;
			int nr = nr_of(arch, im->name);

			if (nr < 0)
				continue;
			for (size_t t = 0; im->triggers && im->triggers[t]; t++)
				for (size_t i = 0; i < set->n_entries; i++)
					if (strcmp(set->entries[i].name, im->triggers[t]) == 0) {
						if (!fire || set->entries[i].conf < conf)
							conf = set->entries[i].conf;
						fire = true;
					}
			if (!fire)
				continue;
			e = entry_get(g, abi, im->name, nr);
			if (!e->reason)
				e->reason = xstrdup(im->reason);
			if (conf < e->conf || (e->n_sites == 0 && e->n_prov == 0))
				e->conf = conf;
		}
	}
}

/* Per object: every syscall its own code can reach, through its imports
 * too (a plugin that calls socket() needs socketcall on i386). */
static void object_sets(struct gctx *g)
{
	bool *seen = xcalloc(g->n_nodes + 1, sizeof(bool));
	size_t *queue = xmalloc((g->n_nodes + 1) * sizeof(size_t));

	g->r->objects = xcalloc(g->n_obj + 1, sizeof(*g->r->objects));
	g->r->n_objects = g->n_obj;
	for (size_t i = 0; i < g->n_obj; i++) {
		struct sys_objsum *os = &g->r->objects[i];
		size_t head = 0, tail = 0;
		os->obj = g->a->objects[i];
		if (!g->sys[i])
			continue;
		memset(seen, 0, (g->n_nodes + 1) * sizeof(bool));
		for (size_t f = 0; f < g->sys[i]->n_funcs; f++) {
			seen[g->base[i] + f] = true;
			queue[tail++] = g->base[i] + f;
		}
		while (head < tail) {
			size_t n = queue[head++];
			for (size_t k = 0; k < g->node_names[n].n; k++)
				if (!strv_contains(&os->reachable, g->node_names[n].v[k]))
					strv_push(&os->reachable, g->node_names[n].v[k]);
			for (size_t e = g->fwd_off[n]; e < g->fwd_off[n + 1]; e++)
				if (!seen[g->fwd[e]]) {
					seen[g->fwd[e]] = true;
					queue[tail++] = g->fwd[e];
				}
		}
		strv_sort_unique(&os->reachable);
		os->n_gates = g->sys[i]->n_sites;
	}
	free(seen);
	free(queue);
}

static int cmp_entry(const void *a, const void *b)
{
	return strcmp(((const struct sys_entry *)a)->name, ((const struct sys_entry *)b)->name);
}

/* ------------------------------------------------------------------ */

static void gctx_free(struct gctx *g)
{
	for (size_t i = 0; i < g->n_obj; i++)
		free(g->call_node ? g->call_node[i] : NULL);
	free(g->call_node);
	free(g->fwd_off);
	free(g->fwd);
	free(g->rev_off);
	free(g->rev);
	free(g->tier);
	free(g->gbase);
	u64map_free(&g->gidx);
	free(g->fwd_guard);
	free(g->gactive);
	for (size_t i = 0; g->gpending && i < g->n_guards; i++)
		free(g->gpending[i].v);
	free(g->gpending);
	free(g->gwriters);
	free(g->is_writer);
	free(g->why);
	free(g->parent);
	free(g->base);
	free(g->sys);
}

static void gctx_run(struct gctx *g, struct analysis *a, const struct sys_opts *o, bool analyse)
{
	g->a = a;
	g->o = o;
	g->n_obj = a->n_objects;
	g->sys = xcalloc(g->n_obj + 1, sizeof(*g->sys));
	g->base = xcalloc(g->n_obj + 1, sizeof(size_t));
	for (size_t i = 0; i < g->n_obj; i++) {
		struct sc_object *obj = a->objects[i];
		if (analyse && !obj->sys) {
			int r = sys_disasm_object_progress(obj->elf, o->kernel_version, NULL, NULL,
							   &obj->sys);
			obj->free_sys = obj_syscalls_free;
			if (r == -ENOTSUP)
				analysis_diag(a, DIAG_NOTE, obj->path,
					      "syscalls not analysed: ABI %s is not disassembled",
					      obj->elf->arch ? obj->elf->arch->name : "unknown");
		}
		g->sys[i] = obj->sys;
		g->base[i] = g->n_nodes;
		if (obj->sys)
			g->n_nodes += obj->sys->n_funcs;
	}
	build_graph(g);
	g->r = xcalloc(1, sizeof(*g->r));
	g->r->kernel_version = o ? o->kernel_version : 0;
	reach(g);
	strv_sort_unique(&g->r->possible_roots);
	strv_sort_unique(&g->r->named_roots);
	if (!g->node_names)
		g->node_names = xcalloc(g->n_nodes + 1, sizeof(struct strv));
	for (size_t i = 0; i < g->n_obj; i++)
		if (g->sys[i]) {
			g->r->abi[g->sys[i]->arch->id].arch = g->sys[i]->arch;
			do_sites(g, i);
			if (!g->single)
				do_unbound(g, i);
			do_wx(g, i);
			do_cuts(g, i);
			do_watch_calls(g, i);
		}
	do_implicit(g);
	object_sets(g);
	for (enum arch_id abi = 0; abi < ARCH_MAX; abi++)
		if (g->r->abi[abi].n_entries)
			qsort(g->r->abi[abi].entries, g->r->abi[abi].n_entries,
			      sizeof(*g->r->abi[abi].entries), cmp_entry);
	/* Complete: no unresolved site in code reached from a root. Sites
	 * in code only possibly run are listed but do not count. */
	g->r->complete = true;
	for (size_t i = 0; i < g->r->n_unresolved; i++)
		if (g->r->unresolved[i].conf == CONF_CERTAIN)
			g->r->complete = false;
}

int syscalls_analyze(struct analysis *a, const struct sys_opts *o)
{
	struct gctx g = {0};

	gctx_run(&g, a, o, true);
	sysreport_free(a->sysreport);
	a->sysreport = g.r;
	a->free_sysreport = sysreport_free;
	for (size_t n = 0; n < g.n_nodes; n++)
		strv_clear(&g.node_names[n]);
	free(g.node_names);
	gctx_free(&g);
	return 0;
}

void sysreport_free(struct sysreport *r)
{
	if (!r)
		return;
	for (enum arch_id abi = 0; abi < ARCH_MAX; abi++) {
		struct sys_abi_set *s = &r->abi[abi];
		for (size_t i = 0; i < s->n_entries; i++) {
			struct sys_entry *e = &s->entries[i];
			for (size_t k = 0; k < e->n_prov; k++) {
				free(e->prov[k].chain);
				free(e->prov[k].via);
				free(e->prov[k].assumption);
			}
			free(e->prov);
			free(e->name);
			free(e->reason);
		}
		free(s->entries);
	}
	for (size_t i = 0; i < r->n_unresolved; i++) {
		free(r->unresolved[i].what);
	}
	free(r->unresolved);
	for (size_t i = 0; i < r->n_wx; i++) {
		free(r->wx[i].callee);
	}
	free(r->wx);
	for (size_t i = 0; i < r->n_cuts; i++)
		free(r->cuts[i].after);
	free(r->cuts);
	for (size_t i = 0; i < r->n_objects; i++)
		strv_clear(&r->objects[i].reachable);
	free(r->objects);
	strv_clear(&r->possible_roots);
	strv_clear(&r->named_roots);
	for (size_t i = 0; i < r->n_argvals; i++) {
		struct sys_argval *a = &r->argvals[i];
		free(a->why);
		free(a->at.chain);
		free(a->at.assumption);
	}
	free(r->argvals);
	free(r);
}

const struct sys_entry *sysreport_find(const struct sysreport *r, enum arch_id abi,
				       const char *name)
{
	if (!r || abi >= ARCH_MAX)
		return NULL;
	for (size_t i = 0; i < r->abi[abi].n_entries; i++)
		if (strcmp(r->abi[abi].entries[i].name, name) == 0)
			return &r->abi[abi].entries[i];
	return NULL;
}

/* ------------------------------------------------------------------ */
/* Per-export sets for the libc map. */

int sys_export_sets(struct sc_object *obj, struct strv **ret_sets, size_t *ret_n)
{
	struct analysis tmp = {0};
	struct sc_object *objs[1] = {obj};
	struct gctx g = {0};
	struct strv *out;
	bool *seen;
	size_t *stack;

	if (!obj->sys) {
		int r = sys_disasm_object(obj->elf, &obj->sys);
		obj->free_sys = obj_syscalls_free;
		if (r < 0)
			return r;
	}
	tmp.objects = objs;
	tmp.n_objects = 1;
	g.node_names = xcalloc(obj->sys->n_funcs + 1, sizeof(struct strv));
	g.single = true;
	gctx_run(&g, &tmp, NULL, false);
	/* Per function: union over everything reachable by direct calls and
	 * code references inside the object. */
	out = xcalloc(obj->sys->n_funcs + 1, sizeof(*out));
	seen = xcalloc(g.n_nodes + 1, sizeof(bool));
	stack = xmalloc((g.n_nodes + 1) * sizeof(size_t));
	for (size_t f = 0; f < obj->sys->n_funcs; f++) {
		size_t sp = 0, n_seen = 0;
		size_t *visited = NULL, cap = 0;
		if (!(obj->sys->funcs[f].flags & SF_EXPORT))
			continue;
		stack[sp++] = f;
		seen[f] = true;
		while (sp) {
			size_t n = stack[--sp];
			GROW(visited, cap, n_seen);
			visited[n_seen++] = n;
			for (size_t i = 0; i < g.node_names[n].n; i++)
				if (!strv_contains(&out[f], g.node_names[n].v[i]))
					strv_push(&out[f], g.node_names[n].v[i]);
			for (size_t e = g.fwd_off[n]; e < g.fwd_off[n + 1]; e++)
				if (!seen[g.fwd[e]]) {
					seen[g.fwd[e]] = true;
					stack[sp++] = g.fwd[e];
				}
		}
		for (size_t i = 0; i < n_seen; i++)
			seen[visited[i]] = false;
		free(visited);
		strv_sort_unique(&out[f]);
	}
	free(seen);
	free(stack);
	for (size_t n = 0; n < g.n_nodes; n++)
		strv_clear(&g.node_names[n]);
	free(g.node_names);
	sysreport_free(g.r);
	gctx_free(&g);
	*ret_sets = out;
	*ret_n = obj->sys->n_funcs;
	return 0;
}
