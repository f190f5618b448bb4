/* SPDX-License-Identifier: MIT */
/* Per-object ELF facts that decide what the loader and the kernel do with
 * memory protections: text relocations, the stack the object asks for, and
 * segments that are writable and executable at once. Read from the program
 * headers and the dynamic relocation tables, the way ld.so reads them.
 * Every string is borrowed from the ELF object unless marked owned. */
#ifndef SECCOMPAT_FACTS_H
#define SECCOMPAT_FACTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model.h"

/* One relocation that patches a read-only PT_LOAD. Where it is (section,
 * function) is not kept: the place is (struct site){facts->obj, offset},
 * formatted when a report shows it. */
struct textrel_site {
	uint64_t offset;       /* r_offset: the vaddr written */
	uint32_t type;	       /* R_386_* / R_X86_64_* */
	const char *type_name; /* "R_386_32" */
	const char *symbol;    /* the symbol the relocation refers to, NULL for none */
};

struct textrel_type_count {
	uint32_t type;
	const char *name;
	size_t count;
};

struct textrel_facts {
	bool dt_textrel;		    /* DT_TEXTREL present */
	bool df_textrel;		    /* DF_TEXTREL set in DT_FLAGS */
	bool flagged;			    /* either: glibc treats both the same */
	bool relocs_read;		    /* the relocation tables could be read */
	size_t count;			    /* exact number of text relocations */
	size_t n_relocs;		    /* dynamic relocations examined */
	struct textrel_type_count *by_type; /* sorted by count, then name */
	size_t n_by_type;
	struct textrel_site *sites; /* the first max_sites, in table order */
	size_t n_sites;
};

/* How the stack an object needs was decided. */
enum stack_source {
	STACK_PT_GNU_STACK, /* the object has PT_GNU_STACK */
	STACK_ABI_DEFAULT,  /* no PT_GNU_STACK: the ABI's default applies */
	STACK_SOURCE_MAX
};

struct stack_facts {
	enum stack_source source;
	uint32_t flags;		/* PT_GNU_STACK p_flags; for the default: the PF_* it implies */
	bool exec;		/* the object needs an executable stack */
	bool read_implies_exec; /* an executable that gets READ_IMPLIES_EXEC at exec */
};

/* A PT_LOAD (or PT_TLS) worth reporting. */
struct segment_fact {
	size_t phdr_index;
	uint64_t vaddr;
	uint64_t memsz;
	uint32_t flags; /* PF_* */
};

struct segment_facts {
	size_t n_loads;
	struct segment_fact *rwx; /* PT_LOAD with PF_W and PF_X */
	size_t n_rwx;
	bool has_tls;
	bool tls_exec; /* PT_TLS with PF_X (harmless: the image is copied) */
	struct segment_fact tls;
};

struct objfacts {
	const struct sc_object *obj; /* back pointer */
	bool is_executable;	     /* ET_EXEC, or ET_DYN with PT_INTERP (a PIE) */
	struct textrel_facts textrel;
	struct stack_facts stack;
	struct segment_facts seg;
};

/* Collects the facts of obj into obj->facts (replacing earlier ones). At most
 * max_sites text-relocation sites are kept; counts are always exact. Problems
 * (unreadable relocation tables, an inconsistent TEXTREL flag) become
 * diagnostics in a. Returns 0, or -EINVAL when obj has no ELF object. */
int facts_collect(struct analysis *a, struct sc_object *obj, unsigned max_sites);
/* facts_collect() for every object of a; returns the number of objects done. */
int facts_collect_all(struct analysis *a, unsigned max_sites);
void objfacts_free(struct objfacts *f);

/* "RWX"-style rendering of PF_* flags into buf[4]. */
const char *facts_pf_string(uint32_t flags, char buf[4]);

#endif
