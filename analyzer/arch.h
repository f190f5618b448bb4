/* SPDX-License-Identifier: MIT */
/* The one table of per-ABI facts: ELF machine and class, the systemd,
 * libseccomp and capstone names, ld.so's search rules, the stack rules.
 * Modules look an ABI up here instead of comparing names. Where the
 * difference is the instruction set or a psABI's numbering, modules still
 * test the machine or the ABI: relocation types (elf.c, syscalls.c, and
 * the syscall engine's decoder, arch/x86/x86.c), the x86 syscall gates
 * (arch/x86/x86.c), the ABIs the engine decodes (sys_disasm.c's table of
 * decoders, sysgroups.c), x32's evidence (verdicts.c) and systemd's per-ABI
 * filter tables (verify_policy.c). */
#ifndef SECCOMPAT_ARCH_H
#define SECCOMPAT_ARCH_H

#include <stdbool.h>
#include <stdint.h>

enum arch_id {
	ARCH_X86,
	ARCH_X86_64,
	ARCH_X32,
	ARCH_ARM,
	ARCH_ARM64,
	ARCH_RISCV64,
	ARCH_PPC64LE,
	ARCH_S390X,
	ARCH_MAX
};

struct arch_desc {
	enum arch_id id;
	const char *name;		 /* systemd's SystemCallArchitectures= name */
	const char *display;		 /* what people call it */
	uint16_t machine;		 /* e_machine */
	uint8_t elf_class;		 /* ELFCLASS32/64 */
	uint32_t scmp_arch;		 /* libseccomp SCMP_ARCH_* */
	int cs_arch;			 /* capstone cs_arch, -1 when we do not disassemble */
	int cs_mode;			 /* capstone cs_mode */
	bool args_on_stack;		 /* cdecl: call arguments live on the stack */
	const char *lib;		 /* $LIB expansion */
	const char *platform;		 /* $PLATFORM expansion (AT_PLATFORM) */
	const char *const *default_dirs; /* ld.so's built-in search list */
	int32_t cache_flags;		 /* ld.so.cache entry flags for this ABI */
	/* Without PT_GNU_STACK the kernel and ld.so treat the stack as
	 * executable (and set READ_IMPLIES_EXEC on i386). */
	bool missing_gnu_stack_is_exec;
	/* Without PT_GNU_STACK in the executable the kernel sets the
	 * READ_IMPLIES_EXEC personality: every PROT_READ mapping becomes
	 * executable too (elf_read_implies_exec()). */
	bool missing_gnu_stack_read_implies_exec;
	/* The decoder's register numbering, by name (SYS_NREGS of them, for
	 * evidence: "syscall number comes from eax of ..."), NULL when the
	 * ABI is not disassembled; and the register a gate takes the syscall
	 * number in. */
	const char *const *reg_names;
	uint8_t nr_reg;
};

extern const struct arch_desc arch_table[ARCH_MAX];

/* The descriptor for an ELF machine and class, or NULL when unknown. */
const struct arch_desc *arch_from_elf(uint16_t machine, uint8_t elf_class);
/* Looks up by systemd name ("x86", "x86-64", ...) or common alias ("i386",
 * "amd64"); NULL when unknown. */
const struct arch_desc *arch_from_name(const char *name);
/* The ABI this machine runs natively (what systemd calls "native"). */
const struct arch_desc *arch_host(void);

#endif
