/* SPDX-License-Identifier: MIT */
/* The x86 register file of the syscall engine's abstract state (sys_val.h
 * holds SYS_NREGS registers; an instruction set numbers its own below
 * that). The i386 registers are the low halves of the first eight. Used
 * by the decoder (x86.c) and by the ABI descriptors (arch.c: names for the
 * evidence, the syscall-number register). */
#ifndef SECCOMPAT_ARCH_X86_REGS_H
#define SECCOMPAT_ARCH_X86_REGS_H

enum x86_reg_index {
	X86_R_AX,
	X86_R_CX,
	X86_R_DX,
	X86_R_BX,
	X86_R_SP,
	X86_R_BP,
	X86_R_SI,
	X86_R_DI,
	X86_R_R8,
	X86_R_R9,
	X86_R_R10,
	X86_R_R11,
	X86_R_R12,
	X86_R_R13,
	X86_R_R14,
	X86_R_R15,
	X86_R_MAX,
};

#endif
