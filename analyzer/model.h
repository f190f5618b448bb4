/* SPDX-License-Identifier: MIT */
/* The analysis model. One `struct analysis` owns every object of the closure;
 * every fact and piece of evidence points back to its object. Modules fill
 * their part of the model; renderers only read it (const). */
#ifndef SECCOMPAT_MODEL_H
#define SECCOMPAT_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#include "arch.h"
#include "elf.h"
#include "util.h"

/* Why an object is part of the service. */
enum obj_role {
	ROLE_ENTRY,	    /* an executable given or found in a given directory */
	ROLE_SCRIPT_INTERP, /* the #! interpreter of a start script */
	ROLE_LOADER,	    /* the PT_INTERP program interpreter (ld.so) */
	ROLE_NEEDED,	    /* reached through DT_NEEDED */
	ROLE_DLOPEN,	    /* in a given directory, reached by no DT_NEEDED: a dlopen candidate */
	ROLE_PLUGIN,	    /* named with --plugin */
	ROLE_LIBRARY,	    /* a shared object named on the command line */
	ROLE_MAX
};

/* How the path of an object was found (the loader's search step). */
enum obj_via {
	VIA_ARGUMENT,  /* named on the command line */
	VIA_DIRECTORY, /* found scanning a directory named on the command line */
	VIA_SHEBANG,   /* a script's #! line */
	VIA_PT_INTERP, /* an executable's PT_INTERP */
	VIA_PATH,      /* DT_NEEDED with a '/' in it */
	VIA_RPATH,     /* DT_RPATH of the object or a loader */
	VIA_LD_LIBRARY_PATH,
	VIA_RUNPATH,
	VIA_LD_SO_CACHE,
	VIA_DEFAULT_DIRS,
	VIA_LOADED, /* matched an object already loaded (SONAME/name or inode) */
	VIA_PLUGIN,
	VIA_MAX
};

const char *obj_role_name(enum obj_role r);
const char *obj_via_name(enum obj_via v);

struct sc_object;

/* A DT_NEEDED entry and what it resolved to (NULL: unresolved finding). */
struct needed_edge {
	const char *name;	  /* borrowed from the ELF object */
	struct sc_object *target; /* NULL when unresolved */
};

/* Per-concern results hang off the model through opaque pointers that the
 * model owns. The stage that fills a result also sets the destructor beside
 * it (free_*), and the model frees the result by calling that destructor:
 * the model knows no stage, and links without any. */
struct objfacts;     /* facts.h: text relocations, stack, segments */
struct obj_syscalls; /* syscalls.h: syscall sites and summaries */
struct verdicts;     /* verdicts.h */
struct sysreport;    /* syscalls.h */
struct unitcheck;    /* unitcheck_item.h */
struct sysgroups;    /* sysgroups.h */
struct cache;	     /* cache.h */

struct sc_object {
	struct elf_object *elf;
	char *path;	 /* display path (as the loader would open it, under --root stripped) */
	char *real_path; /* canonical path on this machine */
	char sha256[65];
	enum obj_role role;
	enum obj_via via;
	char *via_detail;	  /* the search directory or the option that found it */
	struct sc_object *loader; /* the object whose NEEDED or dlopen loaded it */
	struct needed_edge *needed;
	size_t n_needed;
	size_t index; /* position in analysis.objects */

	struct objfacts *facts; /* facts_collect() */
	void (*free_facts)(struct objfacts *f);
	struct obj_syscalls *sys; /* the engine or the cache */
	void (*free_sys)(struct obj_syscalls *s);
};

/* A place in an object's image, kept as what it is and formatted only when
 * a report shows it (objtool's WARN_FUNC(sec, offset)): the syscall
 * engine's sites, text relocations. */
struct site {
	const struct sc_object *obj;
	uint64_t vaddr;
};

/* "section+0xOFF (symbol+0xOFF)" for s (elf_describe_vaddr()), NULL when
 * s has no object or the object no image. Caller frees. */
char *site_describe(struct site s);

enum diag_level {
	DIAG_NOTE,
	DIAG_WARNING,
	DIAG_ERROR, /* bad input: the exit code says so */
	DIAG_LEVEL_MAX
};

struct diag {
	enum diag_level level;
	char *path; /* the file it is about, NULL when none */
	char *msg;
};

/* A script named as a target: its interpreter and what it exports. */
struct sc_script {
	char *path;
	char *interp;		     /* the #! program */
	struct strv ld_library_path; /* literal LD_LIBRARY_PATH entries, made absolute */
};

struct analysis {
	struct sc_object **objects;
	size_t n_objects, cap_objects;
	struct sc_script *scripts;
	size_t n_scripts, cap_scripts;
	struct diag *diags;
	size_t n_diags, cap_diags;
	bool input_error;
	const struct arch_desc *host; /* "native" */
	char *root;		      /* --root, or NULL */
	/* Presentation, set by the driver: evidence lines listed per group in
	 * the text and markdown reports (default 8); 0 lists all (--verbose). */
	unsigned report_limit;
	/* Why the closure misses code the service loads (an entry imports
	 * dlopen() and no dlopen candidate or plugin was given), or NULL. */
	char *incomplete;

	/* Later stages attach their results here (owned; each with the
	 * destructor its stage set). */
	struct verdicts *verdicts;
	void (*free_verdicts)(struct verdicts *v);
	struct sysreport *sysreport;
	void (*free_sysreport)(struct sysreport *r);
	struct unitcheck *unitcheck; /* analyze --unit */
	void (*free_unitcheck)(struct unitcheck *uc);
	/* systemd's group table, read once for the derivation and the unit
	 * check (NULL when the driver passed its own, or none loads). */
	struct sysgroups *groups;
	void (*free_groups)(struct sysgroups *sg);
	/* The glibc each ABI's objects will run on (analysis_set_glibc()):
	 * the version, and the closure's libc.so.6 it was read from (NULL
	 * with --glibc or when the closure has no libc of that ABI). */
	char *glibc[ARCH_MAX];
	const struct sc_object *glibc_obj[ARCH_MAX];
	/* The result cache the engine's summaries were loaded from: objects
	 * may point into it, so it is freed after them. */
	struct cache *cache;
	void (*free_cache)(struct cache *c);
};

struct analysis *analysis_new(void);
/* Frees a, its objects and every stage result through the destructor
 * stored beside it. NULL is fine. */
void analysis_free(struct analysis *a);
/* Records a message about path (may be NULL) in the model. */
void analysis_diag(struct analysis *a, enum diag_level level, const char *path, const char *fmt,
		   ...) __attribute__((format(printf, 4, 5)));
/* Sets a->glibc: override (--glibc V) for every ABI, else per ABI the
 * version in the banner of the first libc.so.6 of the closure (search
 * order, so the one that will run). */
void analysis_set_glibc(struct analysis *a, const char *override);
/* Appends obj to the model and sets its index. */
void analysis_add_object(struct analysis *a, struct sc_object *obj);
/* Frees obj and its per-concern results (through their stored
 * destructors). NULL is fine. */
void sc_object_free(struct sc_object *obj);

#endif
