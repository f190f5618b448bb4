// SPDX-License-Identifier: MIT
/* The ELF front end. libelf reads the ELF header, program headers and
 * section headers; the dynamic segment and everything it points to (strings,
 * symbols, hash tables, versions, relocations) is read here by hand from the
 * program headers, the way ld.so does, so that files without section headers
 * work and every offset can be checked against the file size. */
#include "elf.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/sysmacros.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef DT_RELR
#define DT_RELR 36
#define DT_RELRSZ 35
#define DT_RELRENT 37
#endif
#ifndef NT_GNU_BUILD_ID
#define NT_GNU_BUILD_ID 3
#endif

/* A hostile file can claim anything; these bound the work done on it. */
#define MAX_PHDRS 65536
#define MAX_VERSION_CHAIN 65536

/* ---- raw readers honouring the object's byte order ---- */

static uint64_t rd(const struct elf_object *o, const unsigned char *p, unsigned width)
{
	uint64_t v = 0;
	if (o->data == ELFDATA2MSB) {
		for (unsigned i = 0; i < width; i++)
			v = (v << 8) | p[i];
	} else {
		for (unsigned i = width; i-- > 0;)
			v = (v << 8) | p[i];
	}
	return v;
}

static unsigned word(const struct elf_object *o)
{
	return o->elf_class == ELFCLASS64 ? 8 : 4;
}

/* Bounds-checked pointer to [off, off+len) of the file. */
static const unsigned char *file_ptr(const struct elf_object *o, uint64_t off, uint64_t len)
{
	if (off > o->size || len > o->size - off)
		return NULL;
	return o->image + off;
}

static void warn(struct elf_object *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void warn(struct elf_object *o, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	strv_push_owned(&o->warnings, xvasprintf(fmt, ap));
	va_end(ap);
}

/* Maps [vaddr, vaddr+len) to a file offset inside one PT_LOAD's file bytes;
 * -EFAULT when it is not fully backed by the file. */
static int vaddr_to_offset(const struct elf_object *obj, uint64_t vaddr, uint64_t len,
			   uint64_t *ret_off)
{
	for (size_t i = 0; i < obj->n_phdrs; i++) {
		const GElf_Phdr *p = &obj->phdrs[i];
		uint64_t rel;
		if (p->p_type != PT_LOAD || vaddr < p->p_vaddr)
			continue;
		rel = vaddr - p->p_vaddr;
		if (rel >= p->p_filesz || len > p->p_filesz - rel)
			continue;
		if (p->p_offset > obj->size || rel + len > obj->size - p->p_offset)
			continue;
		*ret_off = p->p_offset + rel;
		return 0;
	}
	return -EFAULT;
}

const unsigned char *elf_vaddr_ptr(const struct elf_object *obj, uint64_t vaddr, uint64_t len)
{
	uint64_t off;
	if (vaddr_to_offset(obj, vaddr, len, &off) < 0)
		return NULL;
	return file_ptr(obj, off, len);
}

const GElf_Phdr *elf_load_for_vaddr(const struct elf_object *obj, uint64_t vaddr)
{
	for (size_t i = 0; i < obj->n_phdrs; i++) {
		const GElf_Phdr *p = &obj->phdrs[i];
		if (p->p_type == PT_LOAD && vaddr >= p->p_vaddr && vaddr - p->p_vaddr < p->p_memsz)
			return p;
	}
	return NULL;
}

const struct elf_section *elf_section_for_vaddr(const struct elf_object *obj, uint64_t vaddr)
{
	for (size_t i = 0; i < obj->n_sections; i++) {
		const struct elf_section *s = &obj->sections[i];
		if ((s->flags & SHF_ALLOC) && s->size && vaddr >= s->addr &&
		    vaddr - s->addr < s->size)
			return s;
	}
	return NULL;
}

/* A NUL-terminated string at index idx of the dynamic string table. */
static const char *dynstr(const struct elf_object *o, uint64_t idx)
{
	uint64_t off;
	const unsigned char *p;
	if (!o->dyn.strtab || idx >= o->dyn.strsz)
		return NULL;
	if (vaddr_to_offset(o, o->dyn.strtab + idx, 1, &off) < 0)
		return NULL;
	p = o->image + off;
	if (!memchr(p, '\0', MIN(o->dyn.strsz - idx, o->size - off)))
		return NULL;
	return (const char *)p;
}

/* ---- header, program headers ---- */

static int read_headers(struct elf_object *o, char **why)
{
	GElf_Ehdr eh;
	size_t n;

	if (!gelf_getehdr(o->elf, &eh)) {
		*why = xasprintf("bad ELF header: %s", elf_errmsg(-1));
		return -EBADMSG;
	}
	o->elf_class = eh.e_ident[EI_CLASS];
	o->data = eh.e_ident[EI_DATA];
	o->osabi = eh.e_ident[EI_OSABI];
	o->type = eh.e_type;
	o->machine = eh.e_machine;
	o->entry = eh.e_entry;
	o->arch = arch_from_elf(o->machine, o->elf_class);

	if (elf_getphdrnum(o->elf, &n) != 0) {
		*why = xasprintf("bad program header table: %s", elf_errmsg(-1));
		return -EBADMSG;
	}
	if (n > MAX_PHDRS) {
		*why = xasprintf("implausible program header count %zu", n);
		return -EBADMSG;
	}
	o->phdrs = xcalloc(n, sizeof(GElf_Phdr));
	for (size_t i = 0; i < n; i++) {
		if (!gelf_getphdr(o->elf, (int)i, &o->phdrs[i])) {
			*why = xasprintf("program header %zu unreadable: %s", i, elf_errmsg(-1));
			return -EBADMSG;
		}
	}
	o->n_phdrs = n;
	for (size_t i = 0; i < n; i++) {
		const GElf_Phdr *p = &o->phdrs[i];
		if (p->p_type == PT_LOAD &&
		    (p->p_offset > o->size || p->p_filesz > o->size - p->p_offset)) {
			warn(o,
			     "truncated: PT_LOAD %zu ends at 0x%" PRIx64
			     " but the file has 0x%" PRIx64 " bytes",
			     i, (uint64_t)(p->p_offset + p->p_filesz), o->size);
			break;
		}
	}
	return 0;
}

static void read_interp_and_notes(struct elf_object *o)
{
	for (size_t i = 0; i < o->n_phdrs; i++) {
		const GElf_Phdr *p = &o->phdrs[i];
		const unsigned char *b = file_ptr(o, p->p_offset, p->p_filesz);

		if (p->p_type == PT_INTERP) {
			if (!b || p->p_filesz == 0 || !memchr(b, '\0', p->p_filesz))
				warn(o, "PT_INTERP out of bounds or not terminated");
			else
				o->interp = (const char *)b;
		}
		if (p->p_type == PT_NOTE && b && !o->build_id[0]) {
			uint64_t off = 0;
			/* Notes: namesz, descsz, type, name, desc; 4-byte aligned
			 * (gABI "Note Section"; 64-bit GNU notes use 4 too). */
			while (off + 12 <= p->p_filesz) {
				uint32_t namesz = (uint32_t)rd(o, b + off, 4);
				uint32_t descsz = (uint32_t)rd(o, b + off + 4, 4);
				uint32_t type = (uint32_t)rd(o, b + off + 8, 4);
				uint64_t name_off = off + 12;
				uint64_t desc_off = name_off + (((uint64_t)namesz + 3) & ~3ULL);
				uint64_t next = desc_off + (((uint64_t)descsz + 3) & ~3ULL);
				if (desc_off > p->p_filesz || descsz > p->p_filesz - desc_off)
					break;
				if (type == NT_GNU_BUILD_ID && namesz == 4 &&
				    memcmp(b + name_off, "GNU", 4) == 0 && descsz <= 64) {
					for (uint32_t k = 0; k < descsz; k++)
						snprintf(o->build_id + 2 * k, 3, "%02x",
							 b[desc_off + k]);
					break;
				}
				if (next <= off)
					break;
				off = next;
			}
		}
	}
}

/* ---- dynamic segment ---- */

static void read_dynamic(struct elf_object *o)
{
	struct elf_dynamic *d = &o->dyn;
	const GElf_Phdr *dp = NULL;
	const unsigned char *b;
	unsigned w = word(o), esz = 2 * w;
	uint64_t rpath = 0, runpath = 0, soname = 0;
	bool has_rpath = false, has_runpath = false, has_soname = false;
	struct strv needed_idx = {0};

	for (size_t i = 0; i < o->n_phdrs; i++)
		if (o->phdrs[i].p_type == PT_DYNAMIC)
			dp = &o->phdrs[i];
	if (!dp)
		return;
	b = file_ptr(o, dp->p_offset, dp->p_filesz);
	if (!b) {
		warn(o,
		     "PT_DYNAMIC (offset 0x%" PRIx64 ", size 0x%" PRIx64
		     ") lies past the end of the file",
		     (uint64_t)dp->p_offset, (uint64_t)dp->p_filesz);
		return;
	}
	d->present = true;
	for (uint64_t off = 0; off + esz <= dp->p_filesz; off += esz) {
		int64_t tag = (int64_t)rd(o, b + off, w);
		uint64_t val = rd(o, b + off + w, w);
		if (w == 4)
			tag = (int32_t)tag;
		if (tag == DT_NULL)
			break;
		/* clang-format off */
		switch (tag) {
		case DT_NEEDED:
			strv_push_owned(&needed_idx, xasprintf("%" PRIu64, val));
			break;
		case DT_SONAME: soname = val; has_soname = true; break;
		case DT_RPATH: rpath = val; has_rpath = true; break;
		case DT_RUNPATH: runpath = val; has_runpath = true; break;
		case DT_FLAGS: d->flags = val; break;
		case DT_FLAGS_1: d->flags_1 = val; break;
		case DT_TEXTREL: d->textrel = true; break;
		case DT_REL: d->rel = val; break;
		case DT_RELSZ: d->relsz = val; break;
		case DT_RELENT: d->relent = val; break;
		case DT_RELA: d->rela = val; break;
		case DT_RELASZ: d->relasz = val; break;
		case DT_RELAENT: d->relaent = val; break;
		case DT_JMPREL: d->jmprel = val; break;
		case DT_PLTRELSZ: d->pltrelsz = val; break;
		case DT_PLTREL: d->pltrel = val; break;
		case DT_RELR: d->relr = val; break;
		case DT_RELRSZ: d->relrsz = val; break;
		case DT_RELRENT: d->relrent = val; break;
		case DT_SYMTAB: d->symtab = val; break;
		case DT_SYMENT: d->syment = val; break;
		case DT_STRTAB: d->strtab = val; break;
		case DT_STRSZ: d->strsz = val; break;
		case DT_HASH: d->hash = val; break;
		case DT_GNU_HASH: d->gnu_hash = val; break;
		case DT_VERSYM: d->versym = val; break;
		case DT_VERDEF: d->verdef = val; break;
		case DT_VERDEFNUM: d->verdefnum = val; break;
		case DT_VERNEED: d->verneed = val; break;
		case DT_VERNEEDNUM: d->verneednum = val; break;
		case DT_INIT: d->init = val; break;
		case DT_FINI: d->fini = val; break;
		case DT_PLTGOT: d->pltgot = val; break;
		case DT_INIT_ARRAY: d->init_array = val; break;
		case DT_INIT_ARRAYSZ: d->init_arraysz = val; break;
		case DT_FINI_ARRAY: d->fini_array = val; break;
		case DT_FINI_ARRAYSZ: d->fini_arraysz = val; break;
		case DT_PREINIT_ARRAY: d->preinit_array = val; break;
		case DT_PREINIT_ARRAYSZ: d->preinit_arraysz = val; break;
		default: break;
		}
		/* clang-format on */
	}
	for (size_t i = 0; i < needed_idx.n; i++) {
		const char *s = dynstr(o, strtoull(needed_idx.v[i], NULL, 10));
		if (s)
			strv_push(&d->needed, s);
		else
			warn(o, "DT_NEEDED entry %zu points outside the string table", i);
	}
	strv_clear(&needed_idx);
	if (has_soname)
		d->soname = dynstr(o, soname);
	if (has_rpath)
		d->rpath_raw = dynstr(o, rpath);
	if (has_runpath)
		d->runpath = dynstr(o, runpath);
	/* glibc elf/get-dynamic-info.h: "If both RUNPATH and RPATH are given,
	 * the latter is ignored." */
	d->rpath = has_runpath ? NULL : d->rpath_raw;
	if ((has_rpath && !d->rpath_raw) || (has_runpath && !d->runpath) ||
	    (has_soname && !d->soname))
		warn(o, "a DT_SONAME/DT_RPATH/DT_RUNPATH string lies outside the string table");
}

/* ---- dynamic symbols ---- */

/* Number of .dynsym entries, the way ld.so bounds it: DT_HASH's nchain, or
 * the highest index reachable through DT_GNU_HASH's buckets and chains. */
static uint64_t dynsym_count(struct elf_object *o)
{
	const unsigned char *h;
	if (o->dyn.hash) {
		h = elf_vaddr_ptr(o, o->dyn.hash, 8);
		if (h)
			return rd(o, h + 4, 4);
	}
	if (o->dyn.gnu_hash) {
		uint32_t nbuckets, symoffset, bloom_size, max = 0;
		uint64_t base = o->dyn.gnu_hash, buckets, chains;
		h = elf_vaddr_ptr(o, base, 16);
		if (!h)
			return 0;
		nbuckets = (uint32_t)rd(o, h, 4);
		symoffset = (uint32_t)rd(o, h + 4, 4);
		bloom_size = (uint32_t)rd(o, h + 8, 4);
		buckets = base + 16 + (uint64_t)bloom_size * word(o);
		h = elf_vaddr_ptr(o, buckets, (uint64_t)nbuckets * 4);
		if (!h)
			return 0;
		for (uint32_t i = 0; i < nbuckets; i++)
			max = MAX(max, (uint32_t)rd(o, h + 4 * i, 4));
		if (max < symoffset)
			return symoffset;
		chains = buckets + (uint64_t)nbuckets * 4;
		for (uint64_t idx = max;; idx++) {
			const unsigned char *c =
				elf_vaddr_ptr(o, chains + (idx - symoffset) * 4, 4);
			if (!c)
				return idx; /* chain runs off the file: stop there */
			if (rd(o, c, 4) & 1)
				return idx + 1;
		}
	}
	return 0;
}

/* Version names by index: from DT_VERDEF (definitions) and DT_VERNEED
 * (requirements); index 0/1 are local/global. */
struct vernames {
	const char **name;
	size_t n, cap;
};

static void vernames_set(struct vernames *v, uint64_t idx, const char *name)
{
	if (idx >= 0x8000)
		return;
	GROW(v->name, v->cap, idx);
	if (idx >= v->n)
		v->n = idx + 1;
	v->name[idx] = name;
}

static void read_versions(struct elf_object *o, struct vernames *v)
{
	uint64_t at = o->dyn.verdef;
	for (uint64_t i = 0; at && i < MIN(o->dyn.verdefnum, MAX_VERSION_CHAIN); i++) {
		/* Elf_Verdef: half version, flags, ndx, cnt; word hash, aux, next */
		const unsigned char *p = elf_vaddr_ptr(o, at, 20);
		uint64_t aux, next;
		if (!p)
			break;
		aux = rd(o, p + 12, 4);
		next = rd(o, p + 16, 4);
		if ((rd(o, p + 4, 2) & VER_FLG_BASE) == 0 && aux) {
			const unsigned char *a = elf_vaddr_ptr(o, at + aux, 8);
			if (a)
				vernames_set(v, rd(o, p + 4 + 2, 2) & 0x7fff,
					     dynstr(o, rd(o, a, 4)));
		}
		if (!next)
			break;
		at += next;
	}
	at = o->dyn.verneed;
	for (uint64_t i = 0; at && i < MIN(o->dyn.verneednum, MAX_VERSION_CHAIN); i++) {
		/* Elf_Verneed: half version, cnt; word file, aux, next */
		const unsigned char *p = elf_vaddr_ptr(o, at, 16);
		uint64_t cnt, aux, next, a_at;
		if (!p)
			break;
		cnt = rd(o, p + 2, 2);
		aux = rd(o, p + 8, 4);
		next = rd(o, p + 12, 4);
		a_at = at + aux;
		for (uint64_t k = 0; aux && k < cnt; k++) {
			/* Elf_Vernaux: word hash; half flags, other; word name, next */
			const unsigned char *a = elf_vaddr_ptr(o, a_at, 16);
			uint64_t anext;
			if (!a)
				break;
			vernames_set(v, rd(o, a + 6, 2) & 0x7fff, dynstr(o, rd(o, a + 8, 4)));
			anext = rd(o, a + 12, 4);
			if (!anext)
				break;
			a_at += anext;
		}
		if (!next)
			break;
		at += next;
	}
}

static void push_sym(struct elf_object *o, size_t *cap, const struct elf_sym *s)
{
	GROW(o->syms, *cap, o->n_syms);
	o->syms[o->n_syms++] = *s;
}

static size_t name_hash(const char *s)
{
	size_t h = 5381;

	while (*s)
		h = h * 33 + (unsigned char)*s++;
	return h;
}

/* Exports are looked up once per import of every object of the closure
 * (the syscall engine binds calls that way); a table by name keeps that
 * linear in the number of imports instead of imports x symbols. */
static void build_export_index(struct elf_object *obj)
{
	size_t cap = 16;

	while (cap < obj->n_dynsyms * 2)
		cap *= 2;
	obj->export_index = xmalloc(cap * sizeof(*obj->export_index));
	memset(obj->export_index, 0xff, cap * sizeof(*obj->export_index));
	obj->export_index_cap = cap;
	for (size_t i = 0; i < obj->n_dynsyms; i++) {
		const struct elf_sym *s = &obj->syms[i];
		size_t h;

		if (!s->defined || s->bind == STB_LOCAL || !s->name)
			continue;
		for (h = name_hash(s->name) & (cap - 1); obj->export_index[h] != UINT32_MAX;
		     h = (h + 1) & (cap - 1))
			;
		obj->export_index[h] = (uint32_t)i;
	}
}

static void read_dynsyms(struct elf_object *o, size_t *cap)
{
	unsigned esz = o->elf_class == ELFCLASS64 ? 24 : 16;
	uint64_t n, off;
	struct vernames vn = {0};

	if (!o->dyn.symtab)
		return;
	n = dynsym_count(o);
	if (n == 0) {
		/* No hash table: fall back to the .dynsym section's size. */
		for (size_t i = 0; i < o->n_sections; i++)
			if (o->sections[i].type == SHT_DYNSYM)
				n = o->sections[i].size / esz;
	}
	if (vaddr_to_offset(o, o->dyn.symtab, esz, &off) < 0)
		return;
	if (n > (o->size - off) / esz) {
		warn(o, "dynamic symbol table claims %" PRIu64 " entries, file holds %" PRIu64, n,
		     (o->size - off) / esz);
		n = (o->size - off) / esz;
	}
	read_versions(o, &vn);
	for (uint64_t i = 0; i < n; i++) {
		const unsigned char *p = o->image + off + i * esz;
		struct elf_sym s = {.source = ELF_SYM_DYNSYM, .index = (uint32_t)i};
		uint8_t info;
		if (o->elf_class == ELFCLASS64) {
			s.name = dynstr(o, rd(o, p, 4));
			info = p[4];
			s.visibility = p[5] & 3;
			s.shndx = (uint16_t)rd(o, p + 6, 2);
			s.value = rd(o, p + 8, 8);
			s.size = rd(o, p + 16, 8);
		} else {
			s.name = dynstr(o, rd(o, p, 4));
			s.value = rd(o, p + 4, 4);
			s.size = rd(o, p + 8, 4);
			info = p[12];
			s.visibility = p[13] & 3;
			s.shndx = (uint16_t)rd(o, p + 14, 2);
		}
		if (!s.name)
			s.name = "";
		s.type = GELF_ST_TYPE(info);
		s.bind = GELF_ST_BIND(info);
		s.defined = s.shndx != SHN_UNDEF;
		if (o->dyn.versym) {
			const unsigned char *vs = elf_vaddr_ptr(o, o->dyn.versym + 2 * i, 2);
			if (vs) {
				uint16_t ver = (uint16_t)rd(o, vs, 2);
				s.version_hidden = (ver & 0x8000) != 0;
				if ((ver & 0x7fff) < vn.n)
					s.version = vn.name[ver & 0x7fff];
			}
		}
		push_sym(o, cap, &s);
	}
	o->n_dynsyms = o->n_syms;
	free(vn.name);
	build_export_index(o);
}

/* ---- section headers and .symtab (names only) ---- */

static void read_sections(struct elf_object *o, size_t *cap)
{
	size_t shnum, shstrndx;
	Elf_Scn *scn = NULL;

	if (elf_getshdrnum(o->elf, &shnum) != 0 || shnum == 0)
		return;
	if (elf_getshdrstrndx(o->elf, &shstrndx) != 0) {
		warn(o, "section header string table unreadable; section names unknown");
		shstrndx = 0;
	}
	if (shnum > o->size / 40) { /* cannot all fit: hostile count */
		warn(o, "implausible section count %zu; sections ignored", shnum);
		return;
	}
	o->sections = xcalloc(shnum, sizeof(*o->sections));
	while ((scn = elf_nextscn(o->elf, scn))) {
		GElf_Shdr sh;
		struct elf_section *s;
		if (!gelf_getshdr(scn, &sh))
			continue;
		s = &o->sections[o->n_sections++];
		s->name = shstrndx ? elf_strptr(o->elf, shstrndx, sh.sh_name) : NULL;
		if (!s->name)
			s->name = "";
		s->type = sh.sh_type;
		s->flags = sh.sh_flags;
		s->addr = sh.sh_addr;
		s->offset = sh.sh_offset;
		s->size = sh.sh_size;
		if (o->n_sections == shnum)
			break;
	}
	/* .symtab adds local and static function names to stripped-down dynsym. */
	scn = NULL;
	while ((scn = elf_nextscn(o->elf, scn))) {
		GElf_Shdr sh;
		Elf_Data *data;
		size_t n;
		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_SYMTAB || sh.sh_entsize == 0)
			continue;
		if (sh.sh_offset > o->size || sh.sh_size > o->size - sh.sh_offset) {
			warn(o, ".symtab lies past the end of the file; ignored");
			continue;
		}
		data = elf_getdata(scn, NULL);
		if (!data)
			continue;
		n = sh.sh_size / sh.sh_entsize;
		for (size_t i = 0; i < n; i++) {
			GElf_Sym gs;
			struct elf_sym s = {.source = ELF_SYM_SYMTAB, .index = (uint32_t)i};
			if (!gelf_getsym(data, (int)i, &gs))
				break;
			s.name = elf_strptr(o->elf, sh.sh_link, gs.st_name);
			if (!s.name)
				s.name = "";
			s.value = gs.st_value;
			s.size = gs.st_size;
			s.type = GELF_ST_TYPE(gs.st_info);
			s.bind = GELF_ST_BIND(gs.st_info);
			s.visibility = GELF_ST_VISIBILITY(gs.st_other);
			s.shndx = gs.st_shndx;
			s.defined = gs.st_shndx != SHN_UNDEF;
			push_sym(o, cap, &s);
		}
	}
}

static int cmp_sym_addr(const void *a, const void *b)
{
	const struct elf_sym *x = *(const struct elf_sym *const *)a;
	const struct elf_sym *y = *(const struct elf_sym *const *)b;
	if (x->value != y->value)
		return x->value < y->value ? -1 : 1;
	/* Prefer sized, global, function symbols at the same address. */
	if ((x->size != 0) != (y->size != 0))
		return x->size ? -1 : 1;
	if ((x->type == STT_FUNC) != (y->type == STT_FUNC))
		return x->type == STT_FUNC ? -1 : 1;
	if ((x->bind == STB_GLOBAL) != (y->bind == STB_GLOBAL))
		return x->bind == STB_GLOBAL ? -1 : 1;
	return x < y ? -1 : (x > y);
}

static void index_symbols(struct elf_object *o)
{
	o->by_addr = xcalloc(o->n_syms + 1, sizeof(struct elf_sym *));
	for (size_t i = 0; i < o->n_syms; i++) {
		struct elf_sym *s = &o->syms[i];
		if (!s->defined || s->shndx == SHN_ABS || !s->name[0] || s->value == 0)
			continue;
		if (s->type != STT_FUNC && s->type != STT_OBJECT && s->type != STT_GNU_IFUNC &&
		    s->type != STT_NOTYPE)
			continue;
		o->by_addr[o->n_by_addr++] = s;
	}
	qsort(o->by_addr, o->n_by_addr, sizeof(*o->by_addr), cmp_sym_addr);
}

const struct elf_sym *elf_symbol_for_vaddr(const struct elf_object *obj, uint64_t vaddr)
{
	size_t lo = 0, hi = obj->n_by_addr;
	const struct elf_sym *best = NULL;
	const struct elf_section *sec;

	/* Last symbol with value <= vaddr. */
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (obj->by_addr[mid]->value <= vaddr)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* Walk back over symbols at the same or lower address: a sized symbol
	 * that contains vaddr wins; else the nearest unsized one in the same
	 * section. */
	for (size_t i = lo; i-- > 0 && lo - i <= 64;) {
		const struct elf_sym *s = obj->by_addr[i];
		if (s->size && vaddr - s->value < s->size)
			return s;
		if (!best && !s->size)
			best = s;
		if (s->size && !best)
			break;
	}
	if (!best)
		return NULL;
	sec = elf_section_for_vaddr(obj, vaddr);
	if (sec && (best->value < sec->addr || best->value - sec->addr >= sec->size))
		return NULL;
	return best;
}

const struct elf_sym *elf_find_export(const struct elf_object *obj, const char *name,
				      const char *version)
{
	const struct elf_sym *any = NULL, *best = NULL;
	size_t best_i = SIZE_MAX, any_i = SIZE_MAX;

	if (!obj->export_index)
		return NULL;
	/* The first match in symbol-table order wins, as in a linear scan. */
	for (size_t h = name_hash(name) & (obj->export_index_cap - 1);
	     obj->export_index[h] != UINT32_MAX; h = (h + 1) & (obj->export_index_cap - 1)) {
		size_t i = obj->export_index[h];
		const struct elf_sym *s = &obj->syms[i];

		if (strcmp(s->name, name) != 0)
			continue;
		if (s->visibility == STV_HIDDEN || s->visibility == STV_INTERNAL)
			continue;
		if ((version && s->version && strcmp(version, s->version) == 0) ||
		    (!version && !s->version_hidden)) {
			if (i < best_i) {
				best = s;
				best_i = i;
			}
			continue;
		}
		if ((!s->version || !s->version_hidden) && i < any_i) {
			any = s;
			any_i = i;
		}
	}
	if (best)
		return best;
	return version ? any : NULL;
}

const struct elf_sym *elf_dynsym(const struct elf_object *obj, uint32_t idx)
{
	return idx < obj->n_dynsyms ? &obj->syms[idx] : NULL;
}

bool elf_sym_may_be_code(const struct elf_sym *s)
{
	return s->type == STT_FUNC || s->type == STT_GNU_IFUNC || s->type == STT_NOTYPE;
}

/* ---- relocations ---- */

static void push_reloc(struct elf_object *o, size_t *cap, const struct elf_reloc *r)
{
	GROW(o->relocs, *cap, o->n_relocs);
	o->relocs[o->n_relocs++] = *r;
}

static void read_rel_table(struct elf_object *o, size_t *cap, uint64_t vaddr, uint64_t size,
			   bool rela, enum elf_reloc_table table, uint64_t skip_lo,
			   uint64_t skip_hi)
{
	unsigned w = word(o), esz = (rela ? 3 : 2) * w;
	uint64_t off, avail;

	if (!vaddr || !size)
		return;
	if (vaddr_to_offset(o, vaddr, 1, &off) < 0) {
		warn(o, "relocation table at 0x%" PRIx64 " is not in the file", vaddr);
		return;
	}
	avail = o->size - off;
	if (size > avail) {
		warn(o, "relocation table at 0x%" PRIx64 " runs past the end of the file; cut",
		     vaddr);
		size = avail;
	}
	for (uint64_t i = 0; i + esz <= size; i += esz) {
		const unsigned char *p = o->image + off + i;
		uint64_t info = rd(o, p + w, w);
		struct elf_reloc r = {.offset = rd(o, p, w), .table = table, .has_addend = rela};
		if (vaddr + i >= skip_lo && vaddr + i < skip_hi)
			continue;
		if (w == 8) {
			r.sym = (uint32_t)(info >> 32);
			r.type = (uint32_t)info;
			if (rela)
				r.addend = (int64_t)rd(o, p + 16, 8);
		} else {
			r.sym = (uint32_t)(info >> 8);
			r.type = (uint32_t)(info & 0xff);
			if (rela)
				r.addend = (int32_t)rd(o, p + 8, 4);
		}
		push_reloc(o, cap, &r);
	}
}

static uint32_t reloc_relative(const struct elf_object *o)
{
	switch (o->machine) {
	case EM_386:
		return R_386_RELATIVE;
	case EM_X86_64:
		return R_X86_64_RELATIVE;
	case EM_AARCH64:
		return R_AARCH64_RELATIVE;
	case EM_ARM:
		return R_ARM_RELATIVE;
	default:
		return 0;
	}
}

/* DT_RELR (packed relative relocations): an even entry is an address, an odd
 * one a bitmap of the following 8*wordsize-1 words (gABI proposal, glibc
 * elf/do-rel.h). */
static void read_relr(struct elf_object *o, size_t *cap)
{
	unsigned w = word(o);
	uint64_t off, size = o->dyn.relrsz, where = 0, n = 0, max;
	bool cut = false;

	if (!o->dyn.relr || !size)
		return;
	if (vaddr_to_offset(o, o->dyn.relr, 1, &off) < 0) {
		warn(o, "DT_RELR table is not in the file");
		return;
	}
	if (size > o->size - off) {
		warn(o, "DT_RELR table runs past the end of the file; cut");
		size = o->size - off;
	}
	/* One bitmap word packs up to 8 * w - 1 relocations (glibc
	 * elf/do-rel.h), so a table can decode to 250 times its bytes. Each
	 * relocation of a valid table patches another word of the object's
	 * data, which the file holds: more relocations than the file has words
	 * cannot be real, and are not made. */
	max = o->size / w;
	for (uint64_t i = 0; i + w <= size && !cut; i += w) {
		uint64_t e = rd(o, o->image + off + i, w);
		struct elf_reloc r = {.type = reloc_relative(o), .table = ELF_RELOC_RELR};
		if ((e & 1) == 0) {
			r.offset = e;
			cut = n++ >= max;
			if (!cut)
				push_reloc(o, cap, &r);
			where = e + w;
			continue;
		}
		e >>= 1;
		for (unsigned bit = 0; e && !cut; bit++, e >>= 1) {
			if (e & 1) {
				r.offset = where + (uint64_t)bit * w;
				cut = n++ >= max;
				if (!cut)
					push_reloc(o, cap, &r);
			}
		}
		where += (uint64_t)(8 * w - 1) * w;
	}
	if (cut)
		warn(o, "DT_RELR table decodes to more relocations than the file has words; cut");
}

int elf_load_relocs(struct elf_object *obj)
{
	struct elf_dynamic *d = &obj->dyn;
	size_t cap = 0;
	uint64_t jlo = d->jmprel, jhi = d->jmprel + d->pltrelsz;
	bool jmp_rela;

	if (obj->relocs_loaded)
		return 0;
	obj->relocs_loaded = true;
	if (!d->present)
		return 0;
	/* glibc elf/dynamic-link.h: when DT_JMPREL lies inside the DT_REL(A)
	 * range (some linkers count .rel.plt in DT_RELSZ), those entries are
	 * relocated once, as PLT relocations. */
	read_rel_table(obj, &cap, d->rel, d->relsz, false, ELF_RELOC_REL, jlo, jhi);
	read_rel_table(obj, &cap, d->rela, d->relasz, true, ELF_RELOC_RELA, jlo, jhi);
	jmp_rela = d->pltrel == DT_RELA || (d->pltrel == 0 && obj->elf_class == ELFCLASS64);
	read_rel_table(obj, &cap, d->jmprel, d->pltrelsz, jmp_rela, ELF_RELOC_JMPREL, 0, 0);
	read_relr(obj, &cap);
	return 0;
}

/* clang-format off */
#define N(x) [x] = #x
static const char *const r386[] = {
	N(R_386_NONE), N(R_386_32), N(R_386_PC32), N(R_386_GOT32), N(R_386_PLT32),
	N(R_386_COPY), N(R_386_GLOB_DAT), N(R_386_JMP_SLOT), N(R_386_RELATIVE),
	N(R_386_GOTOFF), N(R_386_GOTPC), N(R_386_32PLT), N(R_386_TLS_TPOFF), N(R_386_TLS_IE),
	N(R_386_TLS_GOTIE), N(R_386_TLS_LE), N(R_386_TLS_GD), N(R_386_TLS_LDM), N(R_386_16),
	N(R_386_PC16), N(R_386_8), N(R_386_PC8), N(R_386_TLS_LDO_32), N(R_386_TLS_IE_32),
	N(R_386_TLS_LE_32), N(R_386_TLS_DTPMOD32), N(R_386_TLS_DTPOFF32), N(R_386_TLS_TPOFF32),
	N(R_386_SIZE32), N(R_386_TLS_GOTDESC), N(R_386_TLS_DESC_CALL), N(R_386_TLS_DESC),
	N(R_386_IRELATIVE), N(R_386_GOT32X),
};
static const char *const rx86_64[] = {
	N(R_X86_64_NONE), N(R_X86_64_64), N(R_X86_64_PC32), N(R_X86_64_GOT32),
	N(R_X86_64_PLT32), N(R_X86_64_COPY), N(R_X86_64_GLOB_DAT), N(R_X86_64_JUMP_SLOT),
	N(R_X86_64_RELATIVE), N(R_X86_64_GOTPCREL), N(R_X86_64_32), N(R_X86_64_32S),
	N(R_X86_64_16), N(R_X86_64_PC16), N(R_X86_64_8), N(R_X86_64_PC8), N(R_X86_64_DTPMOD64),
	N(R_X86_64_DTPOFF64), N(R_X86_64_TPOFF64), N(R_X86_64_TLSGD), N(R_X86_64_TLSLD),
	N(R_X86_64_DTPOFF32), N(R_X86_64_GOTTPOFF), N(R_X86_64_TPOFF32), N(R_X86_64_PC64),
	N(R_X86_64_GOTOFF64), N(R_X86_64_GOTPC32), N(R_X86_64_SIZE32), N(R_X86_64_SIZE64),
	N(R_X86_64_GOTPC32_TLSDESC), N(R_X86_64_TLSDESC_CALL), N(R_X86_64_TLSDESC),
	N(R_X86_64_IRELATIVE), N(R_X86_64_RELATIVE64),
};
#undef N
/* clang-format on */

const char *elf_reloc_type_name(const struct elf_object *obj, uint32_t type)
{
	static __thread char buf[32];
	const char *name = NULL;
	if (obj->machine == EM_386 && type < ARRAY_SIZE(r386))
		name = r386[type];
	else if (obj->machine == EM_X86_64 && type < ARRAY_SIZE(rx86_64))
		name = rx86_64[type];
	if (name)
		return name;
	snprintf(buf, sizeof(buf), "R_%u", type);
	return buf;
}

char *elf_describe_vaddr(const struct elf_object *obj, uint64_t vaddr)
{
	const struct elf_section *sec = elf_section_for_vaddr(obj, vaddr);
	const struct elf_sym *sym = elf_symbol_for_vaddr(obj, vaddr);
	char *where, *res;

	if (sec && sec->name[0])
		where = xasprintf("%s+0x%" PRIx64, sec->name, vaddr - sec->addr);
	else
		where = xasprintf("0x%" PRIx64, vaddr);
	if (!sym)
		return where;
	if (vaddr == sym->value)
		res = xasprintf("%s (%s)", where, sym->name);
	else
		res = xasprintf("%s (%s+0x%" PRIx64 ")", where, sym->name, vaddr - sym->value);
	free(where);
	return res;
}

/* ---- open / free ---- */

int elf_is_elf_file(const char *path)
{
	unsigned char magic[SELFMAG];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;
	if (fd < 0)
		return -errno;
	n = read(fd, magic, SELFMAG);
	close(fd);
	return n == SELFMAG && memcmp(magic, ELFMAG, SELFMAG) == 0;
}

/* True when [image, image + size) lies in one mapping of the file dev:ino
 * (/proc/self/maps). libelf maps the file for ELF_C_READ_MMAP but reads it
 * into memory it allocated when mmap fails, and the pages of that copy
 * must never be dropped. */
static bool is_file_mapping(const unsigned char *image, uint64_t size, dev_t dev, ino_t ino)
{
	uintptr_t lo = (uintptr_t)image, hi = lo + size;
	FILE *f = fopen("/proc/self/maps", "re");
	char line[512];
	bool found = false;

	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f)) {
		uintptr_t start, end;
		unsigned maj, min;
		unsigned long long inode;
		char perms[8];

		if (sscanf(line, "%" SCNxPTR "-%" SCNxPTR " %7s %*x %x:%x %llu", &start, &end,
			   perms, &maj, &min, &inode) != 6)
			continue;
		if (start <= lo && hi <= end)
			found = perms[1] == '-' && inode == (unsigned long long)ino &&
				(dev_t)makedev(maj, min) == dev;
	}
	fclose(f);
	return found;
}

void elf_object_drop_pages(const struct elf_object *obj)
{
	long page = sysconf(_SC_PAGESIZE);
	uintptr_t lo, hi;

	if (!obj || !obj->image_mapped || page <= 0)
		return;
	lo = (uintptr_t)obj->image & ~(uintptr_t)(page - 1);
	hi = ((uintptr_t)obj->image + obj->size + (uintptr_t)page - 1) & ~(uintptr_t)(page - 1);
	(void)madvise((void *)lo, hi - lo, MADV_DONTNEED);
}

int elf_object_open(const char *path, struct elf_object **ret, char **ret_why)
{
	struct elf_object *o;
	struct stat st;
	char *why = NULL;
	size_t cap = 0, rawsize = 0;
	int r;

	if (elf_version(EV_CURRENT) == EV_NONE) {
		if (ret_why)
			*ret_why = xstrdup("libelf version mismatch");
		return -ENOSYS;
	}
	o = xcalloc(1, sizeof(*o));
	o->fd = -1;
	o->path = xstrdup(path);
	o->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (o->fd < 0) {
		r = -errno;
		why = xstrdup(strerror(errno));
		goto fail;
	}
	if (fstat(o->fd, &st) < 0) {
		r = -errno;
		why = xstrdup(strerror(errno));
		goto fail;
	}
	if (!S_ISREG(st.st_mode)) {
		r = S_ISDIR(st.st_mode) ? -EISDIR : -ENOEXEC;
		why = xstrdup(S_ISDIR(st.st_mode) ? "is a directory" : "not a regular file");
		goto fail;
	}
	o->dev = st.st_dev;
	o->ino = st.st_ino;
	if (st.st_size < EI_NIDENT) {
		r = -ENOEXEC;
		why = xstrdup(st.st_size == 0 ? "empty file" : "not an ELF file (too short)");
		goto fail;
	}
	o->elf = elf_begin(o->fd, ELF_C_READ_MMAP, NULL);
	if (!o->elf) {
		r = -EBADMSG;
		why = xasprintf("libelf cannot read it: %s", elf_errmsg(-1));
		goto fail;
	}
	if (elf_kind(o->elf) != ELF_K_ELF) {
		r = -ENOEXEC;
		why = xstrdup("not an ELF file");
		goto fail;
	}
	o->image = (const unsigned char *)elf_rawfile(o->elf, &rawsize);
	o->size = rawsize;
	if (!o->image) {
		r = -EBADMSG;
		why = xasprintf("cannot map: %s", elf_errmsg(-1));
		goto fail;
	}
	o->image_mapped = is_file_mapping(o->image, o->size, o->dev, o->ino);
	r = read_headers(o, &why);
	if (r < 0)
		goto fail;
	read_interp_and_notes(o);
	read_dynamic(o);
	read_sections(o, &cap);
	{
		/* .dynsym first (relocations index it), then the .symtab entries
		 * read_sections appended: move them behind. */
		size_t n_symtab = o->n_syms;
		struct elf_sym *symtab = o->syms;
		size_t symtab_cap = cap;
		o->syms = NULL;
		o->n_syms = 0;
		cap = 0;
		read_dynsyms(o, &cap);
		for (size_t i = 0; i < n_symtab; i++)
			push_sym(o, &cap, &symtab[i]);
		free(symtab);
		(void)symtab_cap;
	}
	index_symbols(o);
	*ret = o;
	return 0;
fail:
	if (ret_why)
		*ret_why = why;
	else
		free(why);
	elf_object_free(o);
	return r;
}

void elf_object_free(struct elf_object *obj)
{
	if (!obj)
		return;
	if (obj->elf)
		elf_end(obj->elf);
	if (obj->fd >= 0)
		close(obj->fd);
	strv_clear(&obj->dyn.needed);
	strv_clear(&obj->warnings);
	free(obj->phdrs);
	free(obj->syms);
	free(obj->export_index);
	free(obj->by_addr);
	free(obj->sections);
	free(obj->relocs);
	free(obj->path);
	free(obj);
}

/* glibc's banner (csu/version.c): "... release version 2.36.". */
char *elf_glibc_version(const struct elf_object *elf)
{
	static const char key[] = "release version ";
	const char *img = (const char *)elf->image;

	for (uint64_t i = 0; i + sizeof(key) + 8 < elf->size; i++) {
		size_t n = 0;
		if (img[i] != 'r' || memcmp(img + i, key, sizeof(key) - 1) != 0)
			continue;
		i += sizeof(key) - 1;
		while (i + n < elf->size &&
		       (img[i + n] == '.' || (img[i + n] >= '0' && img[i + n] <= '9')))
			n++;
		while (n && img[i + n - 1] == '.')
			n--;
		if (n)
			return xstrndup(img + i, n);
	}
	return NULL;
}

/* ---- .eh_frame ---- */

/* DWARF exception-header pointer encodings (LSB Core, "DWARF Exception
 * Header Encoding"); we need the format and pcrel/datarel application. */
static bool read_enc(uint8_t enc, const unsigned char **pp, const unsigned char *end, uint64_t pos,
		     uint64_t datarel, unsigned w, uint64_t *ret)
{
	const unsigned char *p = *pp;
	uint64_t v = 0;
	unsigned shift = 0;

	if (enc == 0xff)
		return false;
	switch (enc & 0x0f) {
	case 0x00:
		if (end - p < w)
			return false;
		if (w == 8)
			memcpy(&v, p, 8);
		else {
			uint32_t x;
			memcpy(&x, p, 4);
			v = x;
		}
		p += w;
		break;
	case 0x01:
	case 0x09:
		do {
			if (p >= end)
				return false;
			v |= (uint64_t)(*p & 0x7f) << (shift & 63);
			shift += 7;
		} while (*p++ & 0x80);
		if ((enc & 0x0f) == 0x09 && shift < 64 && (p[-1] & 0x40))
			v |= ~0ULL << shift;
		break;
	case 0x02:
	case 0x0a: {
		uint16_t x;
		if (end - p < 2)
			return false;
		memcpy(&x, p, 2);
		v = (enc & 0x08) ? (uint64_t)(int64_t)(int16_t)x : x;
		p += 2;
		break;
	}
	case 0x03:
	case 0x0b: {
		uint32_t x;
		if (end - p < 4)
			return false;
		memcpy(&x, p, 4);
		v = (enc & 0x08) ? (uint64_t)(int64_t)(int32_t)x : x;
		p += 4;
		break;
	}
	case 0x04:
	case 0x0c:
		if (end - p < 8)
			return false;
		memcpy(&v, p, 8);
		p += 8;
		break;
	default:
		return false;
	}
	switch (enc & 0x70) {
	case 0x00:
		break;
	case 0x10:
		v += pos;
		break;
	case 0x30:
		v += datarel;
		break;
	default:
		return false;
	}
	if (w == 4)
		v &= UINT32_MAX;
	*ret = v;
	*pp = p;
	return true;
}

static bool uleb(const unsigned char **pp, const unsigned char *end, uint64_t *ret)
{
	return read_enc(0x01, pp, end, 0, 0, 8, ret);
}

#define CIE_SIGNAL 0x100 /* 'S' augmentation: a signal frame */

/* The FDE pointer encoding of the CIE at p ('R' augmentation, else 0x00),
 * plus CIE_SIGNAL; 0xff when unreadable. */
static unsigned cie_encoding(const unsigned char *p, const unsigned char *end, unsigned w)
{
	const char *aug;
	uint64_t tmp;
	uint8_t version;
	unsigned enc = 0;

	if (end - p < 1)
		return 0xff;
	version = *p++;
	aug = (const char *)p;
	while (p < end && *p)
		p++;
	if (p >= end)
		return 0xff;
	p++;
	if (strstr(aug, "eh")) {
		p += w;
	}
	if (!uleb(&p, end, &tmp) || !read_enc(0x09, &p, end, 0, 0, 8, &tmp))
		return 0xff;
	if (version == 1) {
		p++;
	} else if (!uleb(&p, end, &tmp)) {
		return 0xff;
	}
	if (aug[0] != 'z')
		return 0;
	if (!uleb(&p, end, &tmp))
		return 0xff;
	for (const char *a = aug + 1; *a && p < end; a++) {
		if (*a == 'R') {
			enc = *p++;
		} else if (*a == 'P') {
			uint8_t penc = *p++;
			if (!read_enc(penc & 0x7f, &p, end, 0, 0, w, &tmp))
				return 0xff;
		} else if (*a == 'L') {
			p++;
		} else if (*a == 'S') {
			enc |= CIE_SIGNAL;
		} else if (*a != 'B') {
			break;
		}
	}
	return enc;
}

/* Walks .eh_frame and reports one function per FDE. Bounds: the PT_LOAD
 * holding it. */
void elf_eh_frame_funcs(const struct elf_object *elf,
			void (*fn)(void *arg, uint64_t start, uint64_t size), void *arg)
{
	unsigned w = word(elf);
	uint64_t ehf = 0, end_va;
	const GElf_Phdr *load;
	const unsigned char *base, *p, *end;
	struct u64map cies = {0};

	for (size_t i = 0; i < elf->n_phdrs && !ehf; i++) {
		const GElf_Phdr *ph = &elf->phdrs[i];
		const unsigned char *h;
		if (ph->p_type != PT_GNU_EH_FRAME || ph->p_filesz < 8)
			continue;
		h = elf_vaddr_ptr(elf, ph->p_vaddr, ph->p_filesz);
		if (!h || h[0] != 1)
			continue;
		p = h + 4;
		if (!read_enc(h[1], &p, h + ph->p_filesz, ph->p_vaddr + 4, ph->p_vaddr, w, &ehf))
			ehf = 0;
	}
	for (size_t i = 0; i < elf->n_sections && !ehf; i++)
		if (elf->sections[i].name && strcmp(elf->sections[i].name, ".eh_frame") == 0 &&
		    elf->sections[i].addr)
			ehf = elf->sections[i].addr;
	if (!ehf)
		return;
	load = elf_load_for_vaddr(elf, ehf);
	if (!load)
		return;
	end_va = load->p_vaddr + load->p_filesz;
	if (ehf >= end_va)
		return;
	base = elf_vaddr_ptr(elf, ehf, end_va - ehf);
	if (!base)
		return;
	end = base + (end_va - ehf);
	p = base;
	while (end - p >= 4) {
		uint32_t len32, id;
		uint64_t len;
		const unsigned char *body, *next;

		memcpy(&len32, p, 4);
		p += 4;
		if (len32 == 0)
			break;
		if (len32 == 0xffffffff) {
			if (end - p < 8)
				break;
			memcpy(&len, p, 8);
			p += 8;
		} else {
			len = len32;
		}
		if (len > (uint64_t)(end - p) || len < 4)
			break;
		next = p + len;
		memcpy(&id, p, 4);
		body = p + 4;
		if (id != 0) {
			const unsigned char *cie = p - id;
			uint32_t enc = UINT32_MAX;
			uint64_t pc = 0, range = 0;
			const unsigned char *q = body;
			if (cie >= base && cie + 8 <= end) {
				enc = u64map_get(&cies, (uint64_t)(cie - base));
				if (enc == UINT32_MAX) {
					uint32_t clen;
					memcpy(&clen, cie, 4);
					if (clen != 0xffffffff && clen <= (uint64_t)(end - cie - 4))
						enc = cie_encoding(cie + 8, cie + 4 + clen, w);
					else
						enc = 0xff;
					u64map_put(&cies, (uint64_t)(cie - base), enc);
				}
			}
			if (enc != UINT32_MAX && enc != 0xff &&
			    read_enc((uint8_t)enc, &q, next, ehf + (uint64_t)(q - base), 0, w,
				     &pc) &&
			    read_enc((uint8_t)(enc & 0x0f), &q, next, 0, 0, w, &range) && range) {
				/* Signal-frame FDEs start one byte before the code
				 * (glibc's __restore_rt: unwinders look up pc-1;
				 * sysdeps/unix/sysv/linux/x86_64/libc_sigaction.c). */
				if ((enc & CIE_SIGNAL) && range > 1)
					pc++, range--;
				fn(arg, pc, range);
			}
		}
		p = next;
	}
	u64map_free(&cies);
}
