// SPDX-License-Identifier: MIT
#include "model.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static const char *const role_names[ROLE_MAX] = {
	[ROLE_ENTRY] = "entry",
	[ROLE_SCRIPT_INTERP] = "script-interpreter",
	[ROLE_LOADER] = "program-interpreter",
	[ROLE_NEEDED] = "needed",
	[ROLE_DLOPEN] = "dlopen-candidate",
	[ROLE_PLUGIN] = "plugin",
	[ROLE_LIBRARY] = "library",
};

static const char *const via_names[VIA_MAX] = {
	[VIA_ARGUMENT] = "argument",
	[VIA_DIRECTORY] = "directory",
	[VIA_SHEBANG] = "shebang",
	[VIA_PT_INTERP] = "PT_INTERP",
	[VIA_PATH] = "path",
	[VIA_RPATH] = "RPATH",
	[VIA_LD_LIBRARY_PATH] = "LD_LIBRARY_PATH",
	[VIA_RUNPATH] = "RUNPATH",
	[VIA_LD_SO_CACHE] = "ld.so.cache",
	[VIA_DEFAULT_DIRS] = "default-dirs",
	[VIA_LOADED] = "already-loaded",
	[VIA_PLUGIN] = "plugin",
};

const char *obj_role_name(enum obj_role r)
{
	return r < ROLE_MAX ? role_names[r] : "?";
}

const char *obj_via_name(enum obj_via v)
{
	return v < VIA_MAX ? via_names[v] : "?";
}

struct analysis *analysis_new(void)
{
	struct analysis *a = xcalloc(1, sizeof(*a));
	a->host = arch_host();
	a->report_limit = 8;
	return a;
}

char *site_describe(struct site s)
{
	if (!s.obj || !s.obj->elf)
		return NULL;
	return elf_describe_vaddr(s.obj->elf, s.vaddr);
}

void sc_object_free(struct sc_object *obj)
{
	if (!obj)
		return;
	if (obj->facts && obj->free_facts)
		obj->free_facts(obj->facts);
	if (obj->sys && obj->free_sys)
		obj->free_sys(obj->sys);
	elf_object_free(obj->elf);
	free(obj->path);
	free(obj->real_path);
	free(obj->via_detail);
	free(obj->needed);
	free(obj);
}

void analysis_free(struct analysis *a)
{
	if (!a)
		return;
	if (a->verdicts && a->free_verdicts)
		a->free_verdicts(a->verdicts);
	if (a->sysreport && a->free_sysreport)
		a->free_sysreport(a->sysreport);
	if (a->unitcheck && a->free_unitcheck)
		a->free_unitcheck(a->unitcheck);
	if (a->groups && a->free_groups)
		a->free_groups(a->groups);
	for (size_t i = 0; i < a->n_objects; i++)
		sc_object_free(a->objects[i]);
	free(a->objects);
	for (size_t i = 0; i < a->n_scripts; i++) {
		free(a->scripts[i].path);
		free(a->scripts[i].interp);
		strv_clear(&a->scripts[i].ld_library_path);
	}
	free(a->scripts);
	for (size_t i = 0; i < a->n_diags; i++) {
		free(a->diags[i].path);
		free(a->diags[i].msg);
	}
	free(a->diags);
	free(a->root);
	for (size_t i = 0; i < ARCH_MAX; i++)
		free(a->glibc[i]);
	free(a->incomplete);
	if (a->cache && a->free_cache)
		a->free_cache(a->cache);
	free(a);
}

void analysis_diag(struct analysis *a, enum diag_level level, const char *path, const char *fmt,
		   ...)
{
	va_list ap;
	struct diag *d;

	GROW(a->diags, a->cap_diags, a->n_diags);
	d = &a->diags[a->n_diags++];
	d->level = level;
	d->path = path ? xstrdup(path) : NULL;
	va_start(ap, fmt);
	d->msg = xvasprintf(fmt, ap);
	va_end(ap);
	if (level == DIAG_ERROR)
		a->input_error = true;
}

void analysis_set_glibc(struct analysis *a, const char *override)
{
	for (size_t i = 0; i < ARCH_MAX; i++) {
		free(a->glibc[i]);
		a->glibc[i] = override ? xstrdup(override) : NULL;
		a->glibc_obj[i] = NULL;
	}
	if (override)
		return;
	for (size_t i = 0; i < a->n_objects; i++) {
		const struct sc_object *obj = a->objects[i];
		const struct elf_object *e = obj->elf;
		const char *name = e && e->dyn.soname ? e->dyn.soname : path_basename(obj->path);
		if (!e || !e->arch || strcmp(name, "libc.so.6") != 0 || a->glibc[e->arch->id])
			continue;
		a->glibc[e->arch->id] = elf_glibc_version(e);
		if (a->glibc[e->arch->id])
			a->glibc_obj[e->arch->id] = obj;
	}
}

void analysis_add_object(struct analysis *a, struct sc_object *obj)
{
	GROW(a->objects, a->cap_objects, a->n_objects);
	obj->index = a->n_objects;
	a->objects[a->n_objects++] = obj;
}
