// SPDX-License-Identifier: MIT
/* Per-object facts: text relocations, stack and segment permissions. */
#include "facts.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

const char *facts_pf_string(uint32_t flags, char buf[4])
{
	buf[0] = flags & PF_R ? 'R' : '-';
	buf[1] = flags & PF_W ? 'W' : '-';
	buf[2] = flags & PF_X ? 'X' : '-';
	buf[3] = '\0';
	return buf;
}

static void count_type(struct textrel_facts *t, const struct elf_object *elf, uint32_t type,
		       size_t *cap)
{
	for (size_t i = 0; i < t->n_by_type; i++) {
		if (t->by_type[i].type == type) {
			t->by_type[i].count++;
			return;
		}
	}
	GROW(t->by_type, *cap, t->n_by_type);
	t->by_type[t->n_by_type++] = (struct textrel_type_count){
		.type = type,
		.name = elf_reloc_type_name(elf, type),
		.count = 1,
	};
}

static int cmp_type_count(const void *pa, const void *pb)
{
	const struct textrel_type_count *a = pa, *b = pb;

	if (a->count != b->count)
		return a->count > b->count ? -1 : 1;
	return strcmp(a->name ? a->name : "", b->name ? b->name : "");
}

static void add_site(struct textrel_facts *t, const struct elf_object *elf,
		     const struct elf_reloc *r, size_t *cap)
{
	const struct elf_sym *ref = r->sym ? elf_dynsym(elf, r->sym) : NULL;
	struct textrel_site *s;

	GROW(t->sites, *cap, t->n_sites);
	s = &t->sites[t->n_sites++];
	*s = (struct textrel_site){
		.offset = r->offset,
		.type = r->type,
		.type_name = elf_reloc_type_name(elf, r->type),
		.symbol = ref && ref->name && *ref->name ? ref->name : NULL,
	};
}

/* A text relocation is a dynamic relocation, other than the ABI's "none"
 * (type 0 in every psABI: R_386_NONE, R_X86_64_NONE, R_AARCH64_NONE, ...),
 * whose target lies in a PT_LOAD without PF_W: ld.so can only apply it after
 * making that segment writable (glibc elf/dl-reloc.c _dl_relocate_object).
 * This is also what eu-findtextrel and scanelf -T look for. */
static void collect_textrel(struct analysis *a, struct sc_object *obj, struct objfacts *f,
			    unsigned max_sites)
{
	struct elf_object *elf = obj->elf;
	struct textrel_facts *t = &f->textrel;
	size_t cap_types = 0, cap_sites = 0;
	int r;

	t->dt_textrel = elf->dyn.textrel;
	/* glibc elf/get-dynamic-info.h: DF_TEXTREL in DT_FLAGS sets
	 * info[DT_TEXTREL], so both spellings trigger the same mprotect. */
	t->df_textrel = (elf->dyn.flags & DF_TEXTREL) != 0;
	t->flagged = t->dt_textrel || t->df_textrel;

	r = elf_load_relocs(elf);
	if (r < 0) {
		analysis_diag(
			a, DIAG_WARNING, obj->path,
			"cannot read the dynamic relocations (%s); text relocations not counted",
			strerror(-r));
		return;
	}
	t->relocs_read = true;
	t->n_relocs = elf->n_relocs;

	for (size_t i = 0; i < elf->n_relocs; i++) {
		const struct elf_reloc *rel = &elf->relocs[i];
		const GElf_Phdr *load;

		if (rel->type == 0)
			continue;
		load = elf_load_for_vaddr(elf, rel->offset);
		if (!load || (load->p_flags & PF_W))
			continue;
		t->count++;
		count_type(t, elf, rel->type, &cap_types);
		if (t->n_sites < max_sites)
			add_site(t, elf, rel, &cap_sites);
	}
	if (t->n_by_type > 1)
		qsort(t->by_type, t->n_by_type, sizeof(*t->by_type), cmp_type_count);

	if (t->flagged && t->count == 0)
		analysis_diag(
			a, DIAG_NOTE, obj->path,
			"%s is set but no relocation targets a read-only segment; ld.so still "
			"makes the read-only segments writable while relocating",
			t->dt_textrel ? "DT_TEXTREL" : "DF_TEXTREL");
	else if (!t->flagged && t->count > 0)
		analysis_diag(
			a, DIAG_WARNING, obj->path,
			"inconsistent object: %zu relocation%s target read-only segments but "
			"neither DT_TEXTREL nor DF_TEXTREL is set; ld.so would fault applying them",
			t->count, t->count == 1 ? "" : "s");
}

static void collect_stack(struct sc_object *obj, struct objfacts *f)
{
	const struct elf_object *elf = obj->elf;
	struct stack_facts *s = &f->stack;

	s->source = STACK_ABI_DEFAULT;
	for (size_t i = 0; i < elf->n_phdrs; i++) {
		if (elf->phdrs[i].p_type == PT_GNU_STACK) {
			s->source = STACK_PT_GNU_STACK;
			s->flags = elf->phdrs[i].p_flags;
		}
	}
	if (s->source == STACK_ABI_DEFAULT) {
		/* Without PT_GNU_STACK, glibc uses DEFAULT_STACK_PERMS
		 * (sysdeps/<arch>/stackinfo.h; PF_X on x86) for the object and
		 * the kernel uses EXSTACK_DEFAULT for an executable
		 * (fs/binfmt_elf.c): the arch table knows which ABIs this makes
		 * executable. An unknown ABI is taken as not executable. */
		s->flags = PF_R | PF_W;
		if (elf->arch && elf->arch->missing_gnu_stack_is_exec)
			s->flags |= PF_X;
	}
	s->exec = (s->flags & PF_X) != 0;
	/* The personality only follows from the executable the kernel runs
	 * (fs/binfmt_elf.c load_elf_binary -> elf_read_implies_exec()). */
	s->read_implies_exec = f->is_executable && s->source == STACK_ABI_DEFAULT && elf->arch &&
			       elf->arch->missing_gnu_stack_read_implies_exec;
}

static void collect_segments(struct sc_object *obj, struct objfacts *f)
{
	const struct elf_object *elf = obj->elf;
	struct segment_facts *g = &f->seg;
	size_t cap = 0;

	for (size_t i = 0; i < elf->n_phdrs; i++) {
		const GElf_Phdr *p = &elf->phdrs[i];
		struct segment_fact sf = {
			.phdr_index = i,
			.vaddr = p->p_vaddr,
			.memsz = p->p_memsz,
			.flags = p->p_flags,
		};

		if (p->p_type == PT_LOAD) {
			g->n_loads++;
			/* ld.so maps a PT_LOAD with exactly its p_flags
			 * (elf/dl-map-segments.h); PF_W|PF_X asks for W+X memory. */
			if ((p->p_flags & (PF_W | PF_X)) == (PF_W | PF_X)) {
				GROW(g->rwx, cap, g->n_rwx);
				g->rwx[g->n_rwx++] = sf;
			}
		} else if (p->p_type == PT_TLS) {
			/* The TLS image is copied into the thread's (non-executable)
			 * TLS block; PT_TLS's p_flags are never used for a mapping. */
			g->has_tls = true;
			g->tls = sf;
			g->tls_exec = (p->p_flags & PF_X) != 0;
		}
	}
}

int facts_collect(struct analysis *a, struct sc_object *obj, unsigned max_sites)
{
	struct objfacts *f;

	if (!obj || !obj->elf)
		return -EINVAL;
	objfacts_free(obj->facts);
	f = xcalloc(1, sizeof(*f));
	f->obj = obj;
	f->is_executable = obj->elf->type == ET_EXEC || obj->role == ROLE_ENTRY ||
			   obj->role == ROLE_SCRIPT_INTERP;
	collect_textrel(a, obj, f, max_sites);
	collect_stack(obj, f);
	collect_segments(obj, f);
	if (f->seg.tls_exec)
		analysis_diag(a, DIAG_NOTE, obj->path,
			      "PT_TLS is marked executable; harmless (the TLS image is copied, "
			      "never mapped with these flags)");
	obj->facts = f;
	obj->free_facts = objfacts_free;
	return 0;
}

int facts_collect_all(struct analysis *a, unsigned max_sites)
{
	int n = 0;

	for (size_t i = 0; i < a->n_objects; i++)
		if (facts_collect(a, a->objects[i], max_sites) == 0)
			n++;
	return n;
}

void objfacts_free(struct objfacts *f)
{
	if (!f)
		return;
	free(f->textrel.sites);
	free(f->textrel.by_type);
	free(f->seg.rwx);
	free(f);
}
