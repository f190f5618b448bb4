// SPDX-License-Identifier: MIT
/* Directive derivation. Each directive is one row of directive_table with a
 * derive function that reads the model (objects and their facts) and fills
 * a verdict: tolerated or not, the value to set, blockers with their run-time
 * effect, and supporting evidence; and a check function that judges a unit's
 * setting of the directive by that verdict (`analyze --unit`). Adding a
 * directive is two functions and a row. */
#include "verdicts.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "derive_filter.h"
#include "derive_restrict.h"
#include "facts.h"
#include "unitcheck_item.h"

#define SYSTEMD_EXEC_DOC "https://www.freedesktop.org/software/systemd/man/latest/systemd.exec.html"

/* ---- MemoryDenyWriteExecute= ---- */

enum mdwe_mode verdicts_mdwe_mode(unsigned systemd_version, unsigned kernel_version)
{
	/* systemd v254 (src/core/exec-invoke.c apply_memory_deny_write_execute)
	 * first tries prctl(PR_SET_MDWE, PR_MDWE_REFUSE_EXEC_GAIN), which
	 * Linux 6.3 added (kernel/sys.c); when the kernel answers EINVAL it
	 * falls back to the seccomp filter of src/shared/seccomp-util.c
	 * seccomp_memory_deny_write_execute(). */
	if (systemd_version >= 2540000 && kernel_version >= 60300)
		return MDWE_PRCTL;
	return MDWE_SECCOMP;
}

const char *verdicts_mdwe_mode_name(enum mdwe_mode m)
{
	static const char *const names[MDWE_MODE_MAX] = {
		[MDWE_PRCTL] = "prctl",
		[MDWE_SECCOMP] = "seccomp",
	};
	return m < MDWE_MODE_MAX ? names[m] : "?";
}

/* What the refused call returns in each mode: the seccomp rules answer
 * EPERM (SCMP_ACT_ERRNO(EPERM) in add_seccomp_syscall_filter); the kernel's
 * map_deny_write_exec() check (include/linux/mman.h) makes mmap and mprotect
 * fail with EACCES. */
static const char *mdwe_errstr(enum mdwe_mode m)
{
	return m == MDWE_PRCTL ? "Permission denied" : "Operation not permitted";
}

static const char *mdwe_errno_name(enum mdwe_mode m)
{
	return m == MDWE_PRCTL ? "EACCES" : "EPERM";
}

/* The dlopen()ed object whose loading brings obj in (obj itself, or an
 * ancestor through the loader chain), or NULL when obj loads at start-up. */
static const struct sc_object *dlopen_root(const struct sc_object *obj)
{
	for (size_t depth = 0; obj && depth < 64; obj = obj->loader, depth++)
		if (obj->role == ROLE_DLOPEN || obj->role == ROLE_PLUGIN)
			return obj;
	return NULL;
}

/* The run-time consequence of ld.so failing to load obj with errstring. */
static char *load_failure(const struct sc_object *obj, const char *errstring, enum mdwe_mode m,
			  bool with_errno)
{
	char *msg =
		with_errno ? xasprintf("%s: %s", errstring, mdwe_errstr(m)) : xstrdup(errstring);
	const struct sc_object *root = dlopen_root(obj);
	char *res;

	if (root && root != obj) {
		/* A dependency of a dlopen()ed object: ld.so maps and
		 * relocates the dependencies inside that dlopen() call. */
		res = xasprintf("dlopen() of %s fails: \"%s: %s\"", root->path, obj->path, msg);
		free(msg);
		return res;
	}
	switch (obj->role) {
	case ROLE_DLOPEN:
	case ROLE_PLUGIN:
		/* dlerror() reads "OBJECT: ERRSTRING: strerror(errno)", or
		 * without the errno part when ld.so passes none
		 * (elf/dl-error-skeleton.c _dl_signal_error). */
		res = xasprintf("dlopen() fails: \"%s: %s\"", obj->path, msg);
		break;
	case ROLE_NEEDED:
	case ROLE_ENTRY:
	case ROLE_SCRIPT_INTERP:
		/* At start-up rtld reports the error and exits 127. */
		res = xasprintf("the program fails to start: ld.so exits 127 with \"error while "
				"loading shared libraries: %s: %s\"",
				path_basename(obj->path), msg);
		break;
	default:
		res = xasprintf("loading it fails: \"%s: %s\"", obj->path, msg);
		break;
	}
	free(msg);
	return res;
}

static bool has_readonly_load(const struct elf_object *elf)
{
	for (size_t i = 0; i < elf->n_phdrs; i++)
		if (elf->phdrs[i].p_type == PT_LOAD && !(elf->phdrs[i].p_flags & PF_W))
			return true;
	return false;
}

static void mdwe_textrel(const struct sc_object *obj, const struct objfacts *f, enum mdwe_mode m,
			 struct directive_verdict *v)
{
	const struct textrel_facts *t = &f->textrel;
	const char *flag = t->dt_textrel ? "DT_TEXTREL" : "DF_TEXTREL";
	char types[160] = "";
	size_t len = 0;
	char *effect;

	if (!t->flagged)
		return;
	if (!t->count && !has_readonly_load(obj->elf)) {
		/* The mprotect loop only touches PT_LOADs without PF_W. */
		verdict_evidence(v, obj, EV_TEXTREL_FLAG_HARMLESS,
				 "%s is set, but every PT_LOAD is writable: ld.so has nothing "
				 "to make writable",
				 flag);
		return;
	}
	/* glibc elf/dl-reloc.c _dl_relocate_object: with DT_TEXTREL every
	 * PT_LOAD without PF_W is mprotect()ed to its own permissions plus
	 * PROT_WRITE, so the text segment becomes R+W+X. The seccomp rules
	 * refuse any mprotect with PROT_EXEC; PR_MDWE_REFUSE_EXEC_GAIN refuses
	 * a mapping that would be writable and executable. */
	effect = load_failure(obj, "cannot make segment writable for relocation", m, true);
	for (size_t i = 0; i < t->n_by_type && i < 4 && len < sizeof(types) - 40; i++)
		len += (size_t)snprintf(types + len, sizeof(types) - len, "%s%s %zu", i ? ", " : "",
					t->by_type[i].name ? t->by_type[i].name : "?",
					t->by_type[i].count);
	if (t->n_by_type > 4 && len < sizeof(types) - 8)
		snprintf(types + len, sizeof(types) - len, ", ...");
	if (t->count) {
		char *at =
			t->n_sites ? site_describe((struct site){obj, t->sites[0].offset}) : NULL;
		char *where = t->n_sites
				      ? xasprintf("%s: %s", path_basename(obj->path), at ? at : "?")
				      : NULL;
		struct evidence *e = verdict_block(v, obj, EV_TEXT_RELOCATIONS, where, effect,
						   "%zu text relocation%s (%s); %s is set",
						   t->count, t->count == 1 ? "" : "s", types, flag);
		if (t->n_sites)
			evidence_at(e, (struct site){obj, t->sites[0].offset});
		free(at);
		free(where);
	} else
		verdict_block(v, obj, EV_TEXT_RELOCATIONS, NULL, effect,
			      "%s is set (no relocation targets a read-only segment, but ld.so "
			      "still makes the read-only segments writable)",
			      flag);
	free(effect);
}

/* glibc 2.41 (NEWS; elf/dl-load.c _dl_map_object_from_fd, tunable
 * glibc.rtld.execstack, elf/dl-tunables.list): dlopen() no longer makes the
 * stack executable for an object whose PT_GNU_STACK (or missing header on
 * an ABI whose default is executable) asks for it; the object fails to load
 * with EINVAL whatever the sandbox. Seen on Debian 13 (2.41-12): the message
 * below for dlopen() and for the dependencies it loads, while DT_NEEDED
 * objects loaded at start-up still make the stack executable (and fail only
 * under MemoryDenyWriteExecute=, as before). GLIBC_TUNABLES=
 * glibc.rtld.execstack=2 restores the old dlopen() behaviour by making the
 * stack executable at start-up, which MemoryDenyWriteExecute= then refuses:
 * "Fatal glibc error: cannot enable executable stack as tunable requires". */
#define EXECSTACK_MSG "cannot enable executable stack as shared object requires"
#define EXECSTACK_EINVAL EXECSTACK_MSG ": Invalid argument"
#define EXECSTACK_TUNABLE "GLIBC_TUNABLES=glibc.rtld.execstack=2"
#define EXECSTACK_TUNABLE_FATAL                                                                    \
	"Fatal glibc error: cannot enable executable stack as tunable requires"

/* 1 when the target glibc v refuses executable-stack objects in dlopen(),
 * 0 when not, -1 when v is unknown. */
static int glibc_refuses_execstack_dlopen(const char *v)
{
	if (!v)
		return -1;
	return strverscmp(v, "2.41") >= 0;
}

/* Loaded by dlopen(): a dlopen candidate, a plugin or what they bring in,
 * and a library named on the command line (no DT_NEEDED of the closure
 * reaches it, so the service can only load it that way). */
static bool dlopened(const struct sc_object *obj)
{
	return dlopen_root(obj) || obj->role == ROLE_LIBRARY;
}

static const char *obj_glibc(const struct analysis *a, const struct sc_object *obj)
{
	return obj->elf && obj->elf->arch ? a->glibc[obj->elf->arch->id] : NULL;
}

static void mdwe_stack(const struct analysis *a, const struct sc_object *obj,
		       const struct objfacts *f, enum mdwe_mode m, struct directive_verdict *v)
{
	const struct stack_facts *s = &f->stack;
	char pf[4];
	char *why, *effect;

	if (s->read_implies_exec && m == MDWE_PRCTL) {
		/* READ_IMPLIES_EXEC turns every PROT_READ mapping executable
		 * (mm/mmap.c do_mmap), so the writable segments and the stack
		 * the kernel maps during execve() are W+X, which
		 * map_deny_write_exec() refuses past the point of no return. */
		verdict_block(
			v, obj, EV_READ_IMPLIES_EXEC, NULL,
			"execve() kills the process with SIGSEGV: with READ_IMPLIES_EXEC its "
			"writable mappings would be executable too",
			"no PT_GNU_STACK: the kernel runs it with READ_IMPLIES_EXEC (%s ABI rule)",
			obj->elf->arch ? obj->elf->arch->display : "?");
		return;
	}
	if (!s->exec)
		return;
	why = s->source == STACK_PT_GNU_STACK
		      ? xasprintf("PT_GNU_STACK asks for an executable stack (%s)",
				  facts_pf_string(s->flags, pf))
		      : xasprintf("no PT_GNU_STACK: the %s ABI default is an executable stack",
				  obj->elf->arch ? obj->elf->arch->display : "?");
	if (f->is_executable) {
		/* The kernel maps the main stack executable itself, but glibc
		 * maps every thread stack with PROT_EXEC when the executable
		 * asks for it (nptl/allocatestack.c: prot from
		 * GL(dl_stack_flags)), which both modes refuse. */
		effect = xasprintf("pthread_create() returns %s: glibc maps thread stacks "
				   "PROT_EXEC (the main thread runs)",
				   mdwe_errno_name(m));
	} else {
		const char *gv = obj_glibc(a, obj);
		int refuses = glibc_refuses_execstack_dlopen(gv);

		if (dlopened(obj) && refuses == 1) {
			/* It cannot load at all (see cannot_load); with the
			 * tunable that lets it, the program dies at start. */
			char *base = load_failure(obj, EXECSTACK_EINVAL, m, false);
			effect = xasprintf("%s with or without MemoryDenyWriteExecute= (glibc %s); "
					   "with " EXECSTACK_TUNABLE " it loads, but under "
					   "MemoryDenyWriteExecute= the program then dies at "
					   "start: \"" EXECSTACK_TUNABLE_FATAL "\"",
					   base, gv);
			free(base);
		} else {
			/* elf/dl-load.c: an object needing PF_X on a
			 * non-executable stack makes ld.so call
			 * _dl_make_stack_executable(), an mprotect() adding
			 * PROT_EXEC (glibc < 2.41, and start-up on 2.41). */
			effect = load_failure(obj, EXECSTACK_MSG, m, true);
			if (dlopened(obj) && refuses < 0)
				verdict_evidence(
					v, obj, EV_EXECSTACK_GLIBC_UNKNOWN,
					"the target's glibc is unknown (no libc.so.6 in "
					"the closure; --glibc V): glibc >= 2.41 refuses it in "
					"dlopen() even without MemoryDenyWriteExecute= "
					"(\"" EXECSTACK_EINVAL "\"; " EXECSTACK_TUNABLE
					" lifts it)");
		}
	}
	verdict_block(v, obj, EV_EXECUTABLE_STACK, NULL, effect, "%s", why);
	free(why);
	free(effect);
}

static void mdwe_segments(const struct sc_object *obj, const struct objfacts *f, enum mdwe_mode m,
			  struct directive_verdict *v)
{
	for (size_t i = 0; i < f->seg.n_rwx; i++) {
		const struct segment_fact *g = &f->seg.rwx[i];
		bool kernel_maps = obj->role == ROLE_ENTRY || obj->role == ROLE_LOADER ||
				   obj->role == ROLE_SCRIPT_INTERP;
		char *effect;

		if (kernel_maps && m == MDWE_SECCOMP) {
			/* binfmt_elf maps the executable and its interpreter
			 * from inside execve(), not through mmap(2): the filter
			 * never sees it. */
			verdict_evidence(v, obj, EV_RWX_SEGMENT,
					 "PT_LOAD #%zu at 0x%llx is RWX; the kernel maps it during "
					 "execve(), where the seccomp filter cannot refuse it",
					 g->phdr_index, (unsigned long long)g->vaddr);
			continue;
		}
		if (kernel_maps)
			effect = xstrdup("execve() kills the process with SIGSEGV: the kernel "
					 "refuses the W+X mapping");
		else
			/* elf/dl-map-segments.h maps each PT_LOAD with its
			 * p_flags: an mmap() with PROT_WRITE|PROT_EXEC. The
			 * message carries no errno (seen on glibc 2.36). */
			effect = load_failure(obj, "failed to map segment from shared object", m,
					      false);
		verdict_block(v, obj, EV_RWX_SEGMENT, NULL, effect,
			      "PT_LOAD #%zu at 0x%llx (0x%llx bytes) is writable and executable",
			      g->phdr_index, (unsigned long long)g->vaddr,
			      (unsigned long long)g->memsz);
		free(effect);
	}
}

static void derive_mdwe(const struct analysis *a, const struct verdicts *vs,
			struct directive_verdict *v)
{
	char sv[16], kv[16];

	v->mechanism =
		vs->mdwe_mode == MDWE_PRCTL
			? xasprintf(
				  "prctl(PR_SET_MDWE, PR_MDWE_REFUSE_EXEC_GAIN) (systemd %s, "
				  "Linux %s)",
				  verdicts_version_string(vs->opts.systemd_version, sv, sizeof(sv)),
				  verdicts_version_string(vs->opts.kernel_version, kv, sizeof(kv)))
			: xasprintf(
				  "seccomp filter: mmap with PROT_WRITE|PROT_EXEC, mprotect and "
				  "pkey_mprotect with PROT_EXEC, shmat with SHM_EXEC fail with "
				  "EPERM (systemd %s, Linux %s)",
				  verdicts_version_string(vs->opts.systemd_version, sv, sizeof(sv)),
				  verdicts_version_string(vs->opts.kernel_version, kv, sizeof(kv)));

	for (size_t i = 0; i < a->n_objects; i++) {
		const struct sc_object *obj = a->objects[i];
		const struct objfacts *f = obj->facts;

		if (!f)
			continue;
		mdwe_textrel(obj, f, vs->mdwe_mode, v);
		if (!f->textrel.flagged && f->textrel.count)
			verdict_evidence(v, obj, EV_INCONSISTENT_TEXTREL,
					 "%zu relocations target read-only segments without "
					 "DT_TEXTREL/DF_TEXTREL: loading faults with or without "
					 "MemoryDenyWriteExecute=",
					 f->textrel.count);
		mdwe_stack(a, obj, f, vs->mdwe_mode, v);
		mdwe_segments(obj, f, vs->mdwe_mode, v);
	}
	if (v->n_blockers == 0)
		strv_push_owned(&v->reasons,
				xasprintf("none of the %zu object%s has text relocations, an "
					  "executable stack or a W+X segment that the enforcement "
					  "refuses",
					  a->n_objects, a->n_objects == 1 ? "" : "s"));
	if (!a->sysreport)
		strv_push(&v->reasons, "W->X system calls in the code were not examined");
}

/* MemoryDenyWriteExecute=: a boolean (systemd parse_boolean); "yes" with any
 * blocker of the verdict breaks the service. */
static int check_mdwe(const struct check_ctx *c, const struct directive_desc *desc)
{
	const struct unit_setting *s = c->u->memory_deny_write_execute;
	struct unitcheck_item *it = unitcheck_item_add(c->uc, desc->name);
	bool on = false;

	unitcheck_item_set_from(it, s);
	if (!s || !s->value[0]) {
		strv_push(&it->reasons, "not set (off)");
		return 0;
	}
	if (unitfile_parse_bool(s->value, &on) < 0) {
		strv_push(&it->reasons, "not a boolean: systemd ignores the assignment");
		return 0;
	}
	if (!on) {
		strv_push(&it->reasons, "off");
		return 0;
	}
	/* Without where: the verdict's own report gives each blocker's place. */
	if (unitcheck_item_blockers(it, c, desc->name, false) && it->status == FILTER_OK)
		strv_push(&it->reasons, "no object needs writable and executable memory");
	return 0;
}

/* ---- SystemCallArchitectures= ---- */

static const struct arch_desc *object_abi(const struct sc_object *obj, const struct arch_desc *host)
{
	/* A script's interpreter is the target host's own /bin/sh (or
	 * python, ...), and so are the libraries it loads: they run with the
	 * native ABI there, whatever the analysed copies are. */
	for (const struct sc_object *o = obj; o; o = o->loader)
		if (o->role == ROLE_SCRIPT_INTERP)
			return host;
	return obj->elf ? obj->elf->arch : NULL;
}

/* "a, b, c, and 2 more" from the first `max` paths of objs; caller frees. */
static char *path_list(const struct strv *objs, size_t max)
{
	char *list = xstrdup("");

	for (size_t i = 0; i < objs->n && i < max; i++) {
		char *l = xasprintf("%s%s%s", list, i ? ", " : "", objs->v[i]);
		free(list);
		list = l;
	}
	if (objs->n > max) {
		char *l = xasprintf("%s, and %zu more", list, objs->n - max);
		free(list);
		list = l;
	}
	return list;
}

static void derive_arch(const struct analysis *a, const struct verdicts *vs,
			struct directive_verdict *v)
{
	const struct arch_desc *host = vs->opts.host;
	/* The ABI each object needs, NULL when it does not count. */
	const struct arch_desc **need = xcalloc(a->n_objects ? a->n_objects : 1, sizeof(*need));
	char *line;

	v->mechanism = xasprintf("seccomp filters exist only for the listed ABIs; a system call "
				 "from any other ABI kills the process (SIGSYS)");
	for (size_t i = 0; i < a->n_objects; i++) {
		const struct sc_object *obj = a->objects[i];
		const struct arch_desc *abi = object_abi(obj, host);
		const struct arch_desc *lab;

		if (!abi) {
			verdict_block(v, obj, EV_UNKNOWN_ABI, NULL,
				      "the ABI its system calls use cannot be named",
				      "unknown ABI (e_machine %u, class %u)",
				      obj->elf ? obj->elf->machine : 0,
				      obj->elf ? obj->elf->elf_class : 0);
			continue;
		}
		lab = obj->loader ? object_abi(obj->loader, host) : NULL;
		if (lab && lab != abi) {
			/* ld.so only maps objects of its own class and machine
			 * (elf/dl-load.c elf_machine_matches_host / "wrong ELF
			 * class"); such an object never runs in that process. */
			verdict_evidence(v, obj, EV_ABI_MISMATCH,
					 "%s object cannot be loaded by %s (%s): ld.so rejects it; "
					 "not counted",
					 abi->display, obj->loader->path, lab->display);
			continue;
		}
		if (abi->id == ARCH_X32)
			verdict_evidence(
				v, obj, EV_X32,
				"x32 ABI: \"native\" on x86-64 does not include it, and "
				"Debian kernels disable x32 unless booted with syscall.x32=y");
		need[i] = abi;
	}

	/* systemd installs the filter before execve(), which its own native
	 * process makes: "native" is always needed. */
	line = xstrdup("native");
	for (size_t id = 0; id < ARCH_MAX; id++) {
		const struct arch_desc *abi = &arch_table[id];
		struct strv objs = {0};
		char *list, *l;

		for (size_t i = 0; i < a->n_objects; i++)
			if (need[i] == abi)
				strv_push(&objs, a->objects[i]->path);
		if (!objs.n)
			continue;
		list = path_list(&objs, 5);
		verdict_evidence(v, NULL, EV_ABI, "%s%s: %zu object%s: %s", abi->name,
				 abi == host ? " (native)" : "", objs.n, objs.n == 1 ? "" : "s",
				 list);
		free(list);
		if (abi != host) {
			l = xasprintf("%s %s", line, abi->name);
			free(line);
			line = l;
			strv_push_owned(&v->reasons,
					xasprintf("%s is needed: %zu %s object%s (%s%s); without "
						  "it their first system call kills the process "
						  "(SIGSYS)",
						  abi->name, objs.n, abi->display,
						  objs.n == 1 ? "" : "s", objs.v[0],
						  objs.n > 1 ? ", ..." : ""));
		}
		strv_clear(&objs);
	}
	if (strcmp(line, "native") == 0)
		strv_push_owned(&v->reasons, xasprintf("every object uses the native ABI (%s)",
						       host ? host->name : "?"));
	strv_push_owned(&v->values, line);
	free(need);
}

/* SystemCallArchitectures=: every ABI of the closure must be allowed. The
 * unit's lines are read as the filter reads them (filter.c parse_archs():
 * config_parse_syscall_archs() resets on an empty value and ignores names
 * seccomp_arch_from_string() does not know; seccomp_restrict_archs() never
 * blocks the native ABI, and installs nothing when no name was known). */
static int check_archs(const struct check_ctx *c, const struct directive_desc *desc)
{
	const struct analysis *a = c->a;
	const struct unit_list *l = &c->u->syscall_architectures;
	const struct filter *f = c->filter;
	struct unitcheck_item *it = unitcheck_item_add(c->uc, desc->name);
	bool needed[ARCH_MAX] = {0};
	size_t len = 1;

	if (l->n == 0) {
		strv_push(&it->reasons, "not set: system calls of every ABI are allowed");
		return 0;
	}
	unitcheck_item_sources_from(it, l->v, l->n);
	unitcheck_item_set_from(it, &l->v[l->n - 1]);
	free(it->value);
	for (size_t i = 0; i < l->n; i++)
		len += strlen(l->v[i].value) + 1;
	it->value = xcalloc(len, 1);
	for (size_t i = 0; i < l->n; i++) {
		struct strv words = {0};
		if (i)
			strcat(it->value, " ");
		strcat(it->value, l->v[i].value);
		strv_split(&words, l->v[i].value, " \t\n\r", false);
		for (size_t w = 0; w < words.n; w++) {
			const struct arch_desc *d = arch_from_name(words.v[w]);
			if (strcmp(words.v[w], "native") != 0 &&
			    (!d || strcmp(d->name, words.v[w]) != 0))
				strv_push_owned(
					&it->reasons,
					xasprintf("unknown architecture '%s' ignored", words.v[w]));
		}
		strv_clear(&words);
	}
	if (!f->archs_restricted) {
		strv_push(&it->reasons, "no architecture systemd knows is listed: no "
					"architecture filter is installed");
		return 0;
	}
	for (size_t i = 0; i < a->n_objects; i++) {
		const struct arch_desc *d = a->objects[i]->elf->arch;
		if (d)
			needed[d->id] = true;
	}
	for (size_t k = 0; k < ARCH_MAX; k++) {
		size_t count = 0;
		const char *example = NULL;
		if (!needed[k] || f->abi_allowed[k])
			continue;
		for (size_t i = 0; i < a->n_objects; i++)
			if (a->objects[i]->elf->arch == &arch_table[k]) {
				count++;
				if (!example)
					example = a->objects[i]->path;
			}
		unitcheck_item_worsen(it, FILTER_BREAKS);
		strv_push_owned(&it->reasons,
				xasprintf("%s is not allowed but %zu objects need it (%s%s): their "
					  "first system call kills the process (SIGSYS)",
					  arch_table[k].name, count, example,
					  count > 1 ? ", ..." : ""));
	}
	if (it->status == FILTER_OK)
		strv_push(&it->reasons, "every ABI of the closure is allowed");
	return 0;
}

/* ---- the table ---- */

const struct directive_desc directive_table[] = {
	{
		.name = "SystemCallArchitectures",
		.doc_url = SYSTEMD_EXEC_DOC "#SystemCallArchitectures=",
		.summary = "Only system calls of the listed ABIs are allowed",
		.derive = derive_arch,
		.check = check_archs,
	},
	{
		.name = "MemoryDenyWriteExecute",
		.doc_url = SYSTEMD_EXEC_DOC "#MemoryDenyWriteExecute=",
		.summary = "Memory may not be writable and executable, nor become executable",
		.derive = derive_mdwe,
		.check = check_mdwe,
	},
	{
		.name = "SystemCallFilter",
		.doc_url = SYSTEMD_EXEC_DOC "#SystemCallFilter=",
		.summary = "Only the listed system calls are allowed; others kill the process",
		.derive = derive_syscall_filter,
		.check = check_syscall_filter,
	},
	{
		.name = "RestrictAddressFamilies",
		.doc_url = SYSTEMD_EXEC_DOC "#RestrictAddressFamilies=",
		.summary = "Only sockets of the listed address families can be created",
		.derive = derive_address_families,
		.check = check_address_families,
	},
	{
		.name = "LockPersonality",
		.doc_url = SYSTEMD_EXEC_DOC "#LockPersonality=",
		.summary = "The execution domain (personality(2)) cannot be changed",
		.derive = derive_restrict_row,
		.check = check_restrict_row,
	},
	{
		.name = "RestrictRealtime",
		.doc_url = SYSTEMD_EXEC_DOC "#RestrictRealtime=",
		.summary = "Realtime scheduling policies cannot be set",
		.derive = derive_restrict_row,
		.check = check_restrict_row,
	},
	{
		.name = "RestrictNamespaces",
		.doc_url = SYSTEMD_EXEC_DOC "#RestrictNamespaces=",
		.summary = "No namespace can be created or joined",
		.derive = derive_restrict_row,
		.check = check_restrict_row,
	},
	{
		.name = "RestrictSUIDSGID",
		.doc_url = SYSTEMD_EXEC_DOC "#RestrictSUIDSGID=",
		.summary = "Files cannot be made set-user-ID or set-group-ID",
		.derive = derive_restrict_row,
		.check = check_restrict_row,
	},
	{
		.name = "ProtectClock",
		.doc_url = SYSTEMD_EXEC_DOC "#ProtectClock=",
		.summary = "The system clock cannot be changed",
		.derive = derive_restrict_row,
		.check = check_restrict_row,
	},
	{
		.name = "ProtectKernelModules",
		.doc_url = SYSTEMD_EXEC_DOC "#ProtectKernelModules=",
		.summary = "Kernel modules cannot be loaded or unloaded",
		.derive = derive_restrict_row,
		.check = check_restrict_row,
	},
	{
		.name = "ProtectKernelLogs",
		.doc_url = SYSTEMD_EXEC_DOC "#ProtectKernelLogs=",
		.summary = "The kernel log ring buffer cannot be read or cleared",
		.derive = derive_restrict_row,
		.check = check_restrict_row,
	},
	{
		.name = "ProtectHostname",
		.doc_url = SYSTEMD_EXEC_DOC "#ProtectHostname=",
		.summary = "The host and domain name cannot be changed",
		.derive = derive_restrict_row,
		.check = check_restrict_row,
	},
};
const size_t directive_table_size = ARRAY_SIZE(directive_table);
/* The unit check keeps its items in a fixed array: one per row, and
 * SystemCallErrorNumber=, which the SystemCallFilter= row checks too. */
_Static_assert(ARRAY_SIZE(directive_table) + 1 == UNITCHECK_MAX_ITEMS, "an item per check");

/* The reasons list starts with one line per blocker (from blocker `from`
 * on), followed by what the derive function said. */
static void add_blocker_reasons(struct directive_verdict *v, size_t from)
{
	struct strv r = {0};

	for (size_t i = 0; i < v->n_blockers; i++) {
		const struct evidence *b = &v->blockers[i];
		if (i >= from)
			strv_push_owned(&r, xasprintf("%s: %s", b->obj ? b->obj->path : "service",
						      b->detail));
		else if (i < v->reasons.n)
			strv_push(&r, v->reasons.v[i]);
	}
	for (size_t i = MIN(from, v->reasons.n); i < v->reasons.n; i++)
		strv_push(&r, v->reasons.v[i]);
	strv_clear(&v->reasons);
	v->reasons = r;
}

static void cannot_load(struct verdicts *vs, const struct sc_object *obj, enum evidence_kind kind,
			const char *effect, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
static void cannot_load(struct verdicts *vs, const struct sc_object *obj, enum evidence_kind kind,
			const char *effect, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	evidence_vpush(&vs->cannot_load, &vs->n_cannot_load, &vs->cap_cannot_load, obj, kind, NULL,
		       effect, fmt, ap);
	va_end(ap);
}

/* Objects the target's glibc refuses whatever the unit sets. */
static void find_cannot_load(const struct analysis *a, struct verdicts *vs)
{
	for (size_t i = 0; i < a->n_objects; i++) {
		const struct sc_object *obj = a->objects[i];
		const struct objfacts *f = obj->facts;
		const char *gv = obj_glibc(a, obj);
		char pf[4], *effect;

		if (!f || !f->stack.exec || f->is_executable || !dlopened(obj) ||
		    glibc_refuses_execstack_dlopen(gv) != 1)
			continue;
		const struct sc_object *lc = a->glibc_obj[obj->elf->arch->id];
		char *src = lc ? xasprintf("glibc %s (%s)", gv, lc->path)
			       : xasprintf("glibc %s (--glibc)", gv);
		effect = load_failure(obj, EXECSTACK_EINVAL, vs->mdwe_mode, false);
		cannot_load(
			vs, obj, EV_EXECSTACK_DLOPEN, effect,
			"%s asks for an executable stack (%s); %s refuses that in dlopen() with "
			"or without a sandbox. " EXECSTACK_TUNABLE " in the service's "
			"environment lets it load (the stacks become executable), which "
			"MemoryDenyWriteExecute= then refuses at start: "
			"\"" EXECSTACK_TUNABLE_FATAL "\"",
			f->stack.source == STACK_PT_GNU_STACK ? "PT_GNU_STACK"
							      : "the missing PT_GNU_STACK",
			facts_pf_string(f->stack.flags, pf), src);
		free(src);
		free(effect);
	}
}

int verdicts_build(struct analysis *a, const struct verdict_opts *opts)
{
	struct verdicts *vs = xcalloc(1, sizeof(*vs));

	vs->opts = *opts;
	if (!vs->opts.host)
		vs->opts.host = a->host;
	vs->mdwe_mode = verdicts_mdwe_mode(opts->systemd_version, opts->kernel_version);
	vs->n = directive_table_size;
	vs->v = xcalloc(vs->n, sizeof(*vs->v));
	for (size_t i = 0; i < vs->n; i++) {
		struct directive_verdict *v = &vs->v[i];

		v->desc = &directive_table[i];
		/* With nothing analysed, nothing is known to be tolerated. */
		if (a->n_objects == 0)
			verdict_block(v, NULL, EV_NOTHING_ANALYSED, NULL, NULL,
				      "no ELF object could be analysed");
		else
			v->desc->derive(a, vs, v);
		add_blocker_reasons(v, 0);
		v->tolerated = v->n_blockers == 0;
		if (!v->tolerated)
			strv_clear(&v->values);
		else if (v->values.n == 0)
			strv_push(&v->values, "yes");
	}
	find_cannot_load(a, vs);
	verdicts_free(a->verdicts);
	a->verdicts = vs;
	a->free_verdicts = verdicts_free;
	return 0;
}

static const char *prot_string(int prot, char *buf, size_t len)
{
	if (prot < 0)
		snprintf(buf, len, "unknown protection");
	else
		snprintf(buf, len, "PROT_%s%s%s%s", prot & PROT_READ ? "READ" : "",
			 (prot & PROT_READ) && (prot & (PROT_WRITE | PROT_EXEC)) ? "|PROT_" : "",
			 prot & PROT_WRITE ? ((prot & PROT_EXEC) ? "WRITE|PROT_" : "WRITE") : "",
			 prot & PROT_EXEC ? "EXEC" : "");
	return buf;
}

int verdicts_add_wx_calls(struct verdicts *vs, const struct sys_wx *calls, size_t n)
{
	struct directive_verdict *v =
		(struct directive_verdict *)verdicts_find(vs, "MemoryDenyWriteExecute");
	int added = 0;

	if (!v)
		return 0;
	for (size_t i = 0; i < n; i++) {
		const struct sys_wx *c = &calls[i];
		const struct sc_object *obj = c->site.obj;
		char fbuf[SYS_FUNC_LABEL_MAX];
		const char *func = sys_func_label(obj ? obj->sys : NULL, c->func, fbuf);
		char *where = site_describe(c->site);
		char *full = where ? xasprintf("%s: %s", path_basename(obj->path), where) : NULL;
		char prot[64];

		if (c->handled) {
			/* A probe: when the enforcement refuses the call the
			 * code returns quietly and goes on without W->X (Debian
			 * 13's x86-64 ld.so maps a page RW, stores, asks for
			 * R+X and returns when mprotect fails). */
			struct evidence *e = verdict_evidence(
				v, obj, EV_WX_PROBE,
				"%s%s%s calls %s with %s at %s, but tests the result and "
				"returns quietly when it is refused: not a blocker",
				func ? "function " : "", func ? func : "", func ? "" : "code",
				c->callee ? c->callee : "?",
				prot_string((int)c->prot, prot, sizeof(prot)), full ? full : "?");
			evidence_at(e, c->site);
			free(where);
			free(full);
			continue;
		}
		char *effect = xasprintf(
			"the call fails with %s%s: \"%s: %s\"", mdwe_errno_name(vs->mdwe_mode),
			(int)c->prot < 0 ? " when it asks for W+X or new PROT_EXEC" : "",
			c->callee ? c->callee : "?", mdwe_errstr(vs->mdwe_mode));

		evidence_at(verdict_block(v, obj, EV_WX_CALL, full, effect,
					  "%s%s%s calls %s with %s", func ? "function " : "",
					  func ? func : "", func ? "" : "code",
					  c->callee ? c->callee : "?",
					  prot_string((int)c->prot, prot, sizeof(prot))),
			    c->site);
		free(effect);
		free(where);
		free(full);
		added++;
	}
	if (added) {
		add_blocker_reasons(v, v->n_blockers - (size_t)added);
		v->tolerated = false;
		strv_clear(&v->values);
	}
	return added;
}

void verdicts_free(struct verdicts *vs)
{
	if (!vs)
		return;
	for (size_t i = 0; i < vs->n; i++) {
		struct directive_verdict *v = &vs->v[i];
		strv_clear(&v->values);
		strv_clear(&v->alternative);
		free(v->mechanism);
		evidence_free_array(v->blockers, v->n_blockers);
		evidence_free_array(v->evidence, v->n_evidence);
		strv_clear(&v->reasons);
	}
	free(vs->v);
	evidence_free_array(vs->cannot_load, vs->n_cannot_load);
	free(vs);
}
