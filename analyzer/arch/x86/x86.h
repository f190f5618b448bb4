/* SPDX-License-Identifier: MIT */
/* The x86 decoder of the syscall engine (i386 and x86-64): sys_arch.h's
 * hooks, for sys_disasm.c's table of decoders. Its register numbering is
 * arch/x86/regs.h. */
#ifndef SECCOMPAT_ARCH_X86_H
#define SECCOMPAT_ARCH_X86_H

#include "sys_arch.h"

extern const struct sys_arch_ops x86_ops;

#endif
