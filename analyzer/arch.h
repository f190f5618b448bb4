/* SPDX-License-Identifier: MIT */
/* The one table of per-ABI facts. Every difference between i386, x86-64 and
 * the other ABIs lives here; no module tests for a particular machine. */
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

enum syscall_gate {
	GATE_SYSCALL = 1 << 0,	   /* x86-64 `syscall` */
	GATE_INT80 = 1 << 1,	   /* i386 `int $0x80` */
	GATE_SYSENTER = 1 << 2,	   /* i386 `sysenter` */
	GATE_GS_VSYSCALL = 1 << 3, /* i386 `call *%gs:0x10` (glibc's vDSO path) */
	GATE_DL_SYSINFO = 1 << 4,  /* i386 static `call *_dl_sysinfo` */
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
	unsigned gates;			 /* enum syscall_gate mask */
	bool args_on_stack;		 /* cdecl: call arguments live on the stack */
	const char *multiarch;		 /* Debian multiarch triplet */
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
	const char *const *ld_so_names; /* PT_INTERP basenames */
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
