/* SPDX-License-Identifier: MIT */
/* Writes tiny ELF objects for the tests, from the gABI alone (no libelf, no
 * linker): an ELF header, program headers (one PT_LOAD over the whole file
 * at vaddr 0, PT_DYNAMIC, and PT_INTERP when asked), the interpreter string,
 * a dynamic string table, optionally a symbol table of imports with its
 * DT_HASH, and the dynamic section. What such a file holds is
 * known by construction, so a test can state what the loader must make of
 * it (DT_NEEDED, DT_SONAME, DT_RPATH, DT_RUNPATH, DF_1_*). Nothing in it is
 * ever run. Include after <cmocka.h>. */
#ifndef SECCOMPAT_TEST_MKELF_H
#define SECCOMPAT_TEST_MKELF_H

#include <elf.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define MKELF_MAX_NEEDED 6

struct mkelf_spec {
	bool i386;	    /* ELFCLASS32 EM_386; else ELFCLASS64 EM_X86_64 */
	uint16_t type;	    /* ET_DYN when 0 */
	const char *interp; /* PT_INTERP, NULL: none */
	const char *soname, *rpath, *runpath;
	const char *needed[MKELF_MAX_NEEDED + 1]; /* NULL-terminated */
	uint64_t flags_1;			  /* DT_FLAGS_1, 0: none */
	/* Undefined STT_FUNC STB_GLOBAL dynamic symbols (imports), with
	 * DT_SYMTAB and a DT_HASH that counts them; NULL-terminated. */
	const char *imports[MKELF_MAX_NEEDED + 1];
};

struct mkelf_buf {
	unsigned char b[4096];
	size_t n;
};

static inline size_t mkelf_put(struct mkelf_buf *m, const void *p, size_t len)
{
	size_t at = m->n;
	assert_true(m->n + len <= sizeof(m->b));
	memcpy(m->b + m->n, p, len);
	m->n += len;
	return at;
}

static inline void mkelf_align(struct mkelf_buf *m, size_t a)
{
	while (m->n % a)
		m->b[m->n++] = 0;
}

/* Appends one dynamic entry in the object's class. */
static inline void mkelf_dyn(struct mkelf_buf *m, bool i386, int64_t tag, uint64_t val)
{
	if (i386) {
		Elf32_Dyn d = {.d_tag = (Elf32_Sword)tag, .d_un.d_val = (Elf32_Word)val};
		mkelf_put(m, &d, sizeof(d));
	} else {
		Elf64_Dyn d = {.d_tag = tag, .d_un.d_val = val};
		mkelf_put(m, &d, sizeof(d));
	}
}

/* Writes the object s describes to path; fails the test on an I/O error. */
static inline void mkelf_write(const char *path, const struct mkelf_spec *s)
{
	static struct mkelf_buf m;
	unsigned char str[1024];
	size_t nstr = 1, off_needed[MKELF_MAX_NEEDED] = {0}, off_soname = 0, off_rpath = 0,
	       off_runpath = 0, n_needed = 0, ehsize, phsize, n_ph, interp_at = 0, interp_len = 0,
	       str_at, dyn_at, dyn_len, off_imports[MKELF_MAX_NEEDED] = {0}, n_imports = 0,
	       sym_at = 0, hash_at = 0;
	FILE *f;

	memset(&m, 0, sizeof(m));
	str[0] = '\0';
#define MKELF_STR(s_, off_)                                                                        \
	do {                                                                                       \
		size_t l_ = strlen(s_) + 1;                                                        \
		assert_true(nstr + l_ <= sizeof(str));                                             \
		memcpy(str + nstr, (s_), l_);                                                      \
		(off_) = nstr;                                                                     \
		nstr += l_;                                                                        \
	} while (0)
	for (; n_needed < MKELF_MAX_NEEDED && s->needed[n_needed]; n_needed++)
		MKELF_STR(s->needed[n_needed], off_needed[n_needed]);
	if (s->soname)
		MKELF_STR(s->soname, off_soname);
	if (s->rpath)
		MKELF_STR(s->rpath, off_rpath);
	if (s->runpath)
		MKELF_STR(s->runpath, off_runpath);
	for (; n_imports < MKELF_MAX_NEEDED && s->imports[n_imports]; n_imports++)
		MKELF_STR(s->imports[n_imports], off_imports[n_imports]);
#undef MKELF_STR

	ehsize = s->i386 ? sizeof(Elf32_Ehdr) : sizeof(Elf64_Ehdr);
	phsize = s->i386 ? sizeof(Elf32_Phdr) : sizeof(Elf64_Phdr);
	n_ph = s->interp ? 3 : 2;
	m.n = ehsize + n_ph * phsize;
	if (s->interp) {
		interp_len = strlen(s->interp) + 1;
		interp_at = mkelf_put(&m, s->interp, interp_len);
	}
	str_at = mkelf_put(&m, str, nstr);
	mkelf_align(&m, 8);
	if (n_imports) {
		/* Symbol 0 is the null symbol (gABI); then one per import. */
		uint32_t hash[2 + 1 + MKELF_MAX_NEEDED + 1] = {1, (uint32_t)(n_imports + 1)};
		sym_at = m.n;
		for (size_t i = 0; i <= n_imports; i++) {
			if (s->i386) {
				Elf32_Sym sym = {0};
				if (i) {
					sym.st_name = (Elf32_Word)off_imports[i - 1];
					sym.st_info = ELF32_ST_INFO(STB_GLOBAL, STT_FUNC);
				}
				mkelf_put(&m, &sym, sizeof(sym));
			} else {
				Elf64_Sym sym = {0};
				if (i) {
					sym.st_name = (Elf64_Word)off_imports[i - 1];
					sym.st_info = ELF64_ST_INFO(STB_GLOBAL, STT_FUNC);
				}
				mkelf_put(&m, &sym, sizeof(sym));
			}
		}
		/* DT_HASH: nbucket 1, nchain = symbols; the chains are not
		 * walked by anything that reads imports. */
		hash_at = mkelf_put(&m, hash, (2 + 1 + n_imports + 1) * sizeof(uint32_t));
		mkelf_align(&m, 8);
	}
	dyn_at = m.n;
	for (size_t i = 0; i < n_needed; i++)
		mkelf_dyn(&m, s->i386, DT_NEEDED, off_needed[i]);
	if (s->soname)
		mkelf_dyn(&m, s->i386, DT_SONAME, off_soname);
	if (s->rpath)
		mkelf_dyn(&m, s->i386, DT_RPATH, off_rpath);
	if (s->runpath)
		mkelf_dyn(&m, s->i386, DT_RUNPATH, off_runpath);
	if (s->flags_1)
		mkelf_dyn(&m, s->i386, DT_FLAGS_1, s->flags_1);
	if (n_imports) {
		mkelf_dyn(&m, s->i386, DT_SYMTAB, sym_at);
		mkelf_dyn(&m, s->i386, DT_SYMENT, s->i386 ? sizeof(Elf32_Sym) : sizeof(Elf64_Sym));
		mkelf_dyn(&m, s->i386, DT_HASH, hash_at);
	}
	mkelf_dyn(&m, s->i386, DT_STRTAB, str_at); /* vaddr == offset: one PT_LOAD at 0 */
	mkelf_dyn(&m, s->i386, DT_STRSZ, nstr);
	mkelf_dyn(&m, s->i386, DT_NULL, 0);
	dyn_len = m.n - dyn_at;

	if (s->i386) {
		Elf32_Ehdr eh = {
			.e_ident = {ELFMAG0, ELFMAG1, ELFMAG2, ELFMAG3, ELFCLASS32, ELFDATA2LSB,
				    EV_CURRENT, ELFOSABI_SYSV},
			.e_type = s->type ? s->type : ET_DYN,
			.e_machine = EM_386,
			.e_version = EV_CURRENT,
			.e_phoff = (Elf32_Off)ehsize,
			.e_ehsize = (Elf32_Half)ehsize,
			.e_phentsize = (Elf32_Half)phsize,
			.e_phnum = (Elf32_Half)n_ph,
		};
		Elf32_Phdr ph[3] = {
			{.p_type = PT_LOAD, .p_flags = PF_R, .p_align = 0x1000},
			{.p_type = PT_DYNAMIC, .p_flags = PF_R | PF_W, .p_align = 4},
			{.p_type = PT_INTERP, .p_flags = PF_R, .p_align = 1},
		};
		ph[0].p_filesz = ph[0].p_memsz = (Elf32_Word)m.n;
		ph[1].p_offset = ph[1].p_vaddr = ph[1].p_paddr = (Elf32_Addr)dyn_at;
		ph[1].p_filesz = ph[1].p_memsz = (Elf32_Word)dyn_len;
		ph[2].p_offset = ph[2].p_vaddr = ph[2].p_paddr = (Elf32_Addr)interp_at;
		ph[2].p_filesz = ph[2].p_memsz = (Elf32_Word)interp_len;
		memcpy(m.b, &eh, sizeof(eh));
		memcpy(m.b + ehsize, ph, n_ph * phsize);
	} else {
		Elf64_Ehdr eh = {
			.e_ident = {ELFMAG0, ELFMAG1, ELFMAG2, ELFMAG3, ELFCLASS64, ELFDATA2LSB,
				    EV_CURRENT, ELFOSABI_SYSV},
			.e_type = s->type ? s->type : ET_DYN,
			.e_machine = EM_X86_64,
			.e_version = EV_CURRENT,
			.e_phoff = ehsize,
			.e_ehsize = (Elf64_Half)ehsize,
			.e_phentsize = (Elf64_Half)phsize,
			.e_phnum = (Elf64_Half)n_ph,
		};
		Elf64_Phdr ph[3] = {
			{.p_type = PT_LOAD, .p_flags = PF_R, .p_align = 0x1000},
			{.p_type = PT_DYNAMIC, .p_flags = PF_R | PF_W, .p_align = 8},
			{.p_type = PT_INTERP, .p_flags = PF_R, .p_align = 1},
		};
		ph[0].p_filesz = ph[0].p_memsz = m.n;
		ph[1].p_offset = ph[1].p_vaddr = ph[1].p_paddr = dyn_at;
		ph[1].p_filesz = ph[1].p_memsz = dyn_len;
		ph[2].p_offset = ph[2].p_vaddr = ph[2].p_paddr = interp_at;
		ph[2].p_filesz = ph[2].p_memsz = interp_len;
		memcpy(m.b, &eh, sizeof(eh));
		memcpy(m.b + ehsize, ph, n_ph * phsize);
	}
	f = fopen(path, "wb");
	if (!f)
		fail_msg("%s: cannot create", path);
	assert_int_equal(fwrite(m.b, 1, m.n, f), m.n);
	assert_int_equal(fclose(f), 0);
}

#endif
