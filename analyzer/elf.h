/* SPDX-License-Identifier: MIT */
/* The ELF model: one opened object, read the way ld.so reads it. The header,
 * the program headers and the dynamic segment come from the program headers
 * (so stripped and section-less files work); section headers and .symtab
 * only add names. Every offset and size is bounds-checked against the file.
 * Strings point into libelf's mapping and live until elf_object_free(). */
#ifndef SECCOMPAT_ELF_H
#define SECCOMPAT_ELF_H

#include <gelf.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "arch.h"
#include "util.h"

/* Where a symbol came from. */
enum elf_sym_source {
	ELF_SYM_DYNSYM,
	ELF_SYM_SYMTAB,
	ELF_SYM_SOURCE_MAX
};

struct elf_sym {
	const char *name;
	uint64_t value;
	uint64_t size;
	uint8_t type; /* STT_* */
	uint8_t bind; /* STB_* */
	uint8_t visibility;
	uint16_t shndx;
	enum elf_sym_source source;
	uint32_t index;	     /* index in its table (for relocations: dynsym index) */
	const char *version; /* symbol version name or NULL */
	bool version_hidden; /* "@" rather than "@@" */
	bool defined;	     /* shndx != SHN_UNDEF */
};

enum elf_reloc_table {
	ELF_RELOC_REL,	  /* DT_REL */
	ELF_RELOC_RELA,	  /* DT_RELA */
	ELF_RELOC_JMPREL, /* DT_JMPREL (PLT) */
	ELF_RELOC_RELR,	  /* DT_RELR (relative, packed) */
	ELF_RELOC_TABLE_MAX
};

struct elf_reloc {
	uint64_t offset; /* r_offset: the vaddr patched */
	uint32_t type;	 /* R_386_* / R_X86_64_*; RELR entries use the ABI's RELATIVE type */
	uint32_t sym;	 /* dynsym index, 0 for none */
	int64_t addend;
	bool has_addend;
	enum elf_reloc_table table;
};

struct elf_section {
	const char *name;
	uint32_t type;
	uint64_t flags;
	uint64_t addr;
	uint64_t offset;
	uint64_t size;
};

/* What the dynamic segment says; addresses are vaddrs as in the file. */
struct elf_dynamic {
	bool present;
	struct strv needed; /* DT_NEEDED in order (owned copies) */
	const char *soname;
	const char *rpath;     /* NULL when absent, or when DT_RUNPATH is set:
			      * glibc ignores DT_RPATH then (elf/get-dynamic-info.h) */
	const char *rpath_raw; /* DT_RPATH even when ignored */
	const char *runpath;
	uint64_t flags;	  /* DT_FLAGS */
	uint64_t flags_1; /* DT_FLAGS_1 */
	bool textrel;	  /* DT_TEXTREL present */
	uint64_t rel, relsz, relent;
	uint64_t rela, relasz, relaent;
	uint64_t jmprel, pltrelsz, pltrel;
	uint64_t relr, relrsz, relrent;
	uint64_t symtab, syment, strtab, strsz, hash, gnu_hash;
	uint64_t versym, verdef, verdefnum, verneed, verneednum;
	uint64_t init, fini, init_array, init_arraysz, fini_array, fini_arraysz;
	uint64_t preinit_array, preinit_arraysz;
	uint64_t pltgot; /* DT_PLTGOT: the GOT, which i386 PIC code addresses through %ebx */
};

struct elf_object {
	char *path; /* as opened */
	dev_t dev;
	ino_t ino;
	uint64_t size;
	int fd;
	Elf *elf;
	const unsigned char *image; /* the whole file, size bytes */
	bool image_mapped;	    /* image is a read-only mapping of the file */

	uint8_t elf_class, data, osabi;
	uint16_t type, machine;
	uint64_t entry;
	const struct arch_desc *arch; /* NULL when the ABI is unknown */

	GElf_Phdr *phdrs;
	size_t n_phdrs;
	const char *interp;	   /* PT_INTERP or NULL */
	char build_id[2 * 64 + 1]; /* hex, "" when none */

	struct elf_dynamic dyn;

	/* Symbols: .dynsym (from DT_SYMTAB) first, then .symtab when present. */
	struct elf_sym *syms;
	size_t n_syms;
	size_t n_dynsyms;
	/* elf_find_export(): open-addressing table of dynsym indices by name. */
	uint32_t *export_index;
	size_t export_index_cap;
	/* Function-like symbols sorted by address for lookups. */
	struct elf_sym **by_addr;
	size_t n_by_addr;

	struct elf_section *sections; /* empty when there are no section headers */
	size_t n_sections;

	struct elf_reloc *relocs; /* all dynamic relocations, loaded on demand */
	size_t n_relocs;
	bool relocs_loaded;

	struct strv warnings; /* non-fatal problems found while reading */
};

/* Opens and parses path. Returns -errno for I/O errors, -ENOEXEC when the
 * file is not ELF, -EBADMSG when it is ELF but malformed beyond use; on
 * error *ret_why (if not NULL) gets a human reason the caller frees. */
int elf_object_open(const char *path, struct elf_object **ret, char **ret_why);
void elf_object_free(struct elf_object *obj);

/* Gives the pages of the file's image back to the kernel when they are a
 * read-only mapping of the file: they stop counting in the process's RSS
 * and come back from the page cache when read again. Called once a phase
 * that reads the whole file (hashing, disassembly) is done with it. */
void elf_object_drop_pages(const struct elf_object *obj);

/* True when the file starts with the ELF magic (cheap check; -errno). */
int elf_is_elf_file(const char *path);

/* Pointer to len file bytes at vaddr, or NULL when out of bounds. */
const unsigned char *elf_vaddr_ptr(const struct elf_object *obj, uint64_t vaddr, uint64_t len);
/* The PT_LOAD containing vaddr (in memory size), or NULL. */
const GElf_Phdr *elf_load_for_vaddr(const struct elf_object *obj, uint64_t vaddr);
/* The section containing vaddr, or NULL. */
const struct elf_section *elf_section_for_vaddr(const struct elf_object *obj, uint64_t vaddr);
/* The function/object symbol whose [value, value+size) contains vaddr (or,
 * for size-0 symbols, the closest one below within its section); NULL. */
const struct elf_sym *elf_symbol_for_vaddr(const struct elf_object *obj, uint64_t vaddr);
/* A defined, exported dynamic symbol by name (and version when not NULL). */
const struct elf_sym *elf_find_export(const struct elf_object *obj, const char *name,
				      const char *version);
/* The dynamic symbol at dynsym index idx, or NULL. */
const struct elf_sym *elf_dynsym(const struct elf_object *obj, uint32_t idx);
/* Whether s may name code: STT_FUNC, STT_GNU_IFUNC, or STT_NOTYPE (labels
 * of hand-written assembly; imports whose type the linker left unset). */
bool elf_sym_may_be_code(const struct elf_sym *s);

/* Loads every dynamic relocation (DT_REL, DT_RELA, DT_JMPREL, DT_RELR) once.
 * Tables that run past the file are cut and a warning is recorded. */
int elf_load_relocs(struct elf_object *obj);
/* The name of a relocation type for obj's machine ("R_386_PC32"). */
const char *elf_reloc_type_name(const struct elf_object *obj, uint32_t type);

/* "file+0x1a2" style location: "section+0xOFF (symbol+0xOFF)". Caller frees. */
char *elf_describe_vaddr(const struct elf_object *obj, uint64_t vaddr);

/* Calls fn(arg, start, size) for each FDE of .eh_frame (found through
 * PT_GNU_EH_FRAME's eh_frame_ptr, else the section), in file order; the
 * walk stops at the end of the PT_LOAD holding it or at the first entry
 * that does not parse. A signal frame's FDE is reported from the byte
 * after its start (see there). */
void elf_eh_frame_funcs(const struct elf_object *elf,
			void (*fn)(void *arg, uint64_t start, uint64_t size), void *arg);

/* The glibc version in a libc.so.6's banner ("2.41"), NULL when it has
 * none (not glibc). Caller frees. */
char *elf_glibc_version(const struct elf_object *elf);

#endif
