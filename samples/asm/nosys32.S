/* ENOSYS fallbacks (analyzer/syscalls.h struct sys_nosys), i386: a call
 * the assumed kernel has (arch/x86/x86.c, sys_kernel.c), then code that
 * runs only if it failed with ENOSYS, in the shapes glibc compiles. Each
 * fallback makes its own marker syscall; tests/unit/test_sys_asm.c
 * (test_nosys) wants the markers of n_internal, n_inline and n_cold gone
 * on Linux 6.12 and certain with no kernel assumed, and those of the
 * others certain either way. Never run. */
#include "func.inc"

	.text

	.p2align 4
FUNC n_internal				/* statx; -ENOSYS -> getppid */
	movl $383, %eax
	int $0x80
	movl %eax, %edx			/* a copy keeps what it is */
	cmpl $-38, %edx
	jne 1f
	movl $64, %eax
	int $0x80
1:	ret

	.p2align 4
FUNC n_inline				/* glibc 2.36's faccessat: faccessat2; errno ENOSYS -> getpgrp */
	pushl %ebx
	movl $439, %eax
	int $0x80
	cmpl $0xfffff000, %eax
	ja 3f				/* error: errno = -eax */
	testl %eax, %eax
	je 2f				/* success is 0 */
	movl (%ecx), %edx		/* non-zero success: never; a stale errno */
1:	cmpl $38, %edx
	jne 2f
	testl %ecx, %ecx		/* the fallback, in two pieces */
	je 4f
	movl $65, %eax
	int $0x80
2:	popl %ebx
	ret
3:	negl %eax
	movl %eax, %edx
	movl %eax, (%ecx)
	movl $-1, %eax
	jmp 1b
4:	movl $65, %eax			/* only the fallback jumps here */
	int $0x80
	jmp 2b

	.p2align 4
FUNC n_cold				/* clock_gettime64; -ENOSYS -> getsid, out of line */
	movl $403, %eax
	int $0x80
	cmpl $-38, %eax
	je 1f
	ret
1:	movl $147, %eax
	int $0x80
	jmp 2f
	nop
2:	ret

	.p2align 4
FUNC n_unknown				/* open is older than any kernel: gettid stays */
	movl $5, %eax
	int $0x80
	cmpl $-38, %eax
	jne 1f
	movl $224, %eax
	int $0x80
1:	ret

	.p2align 4
FUNC n_clone3				/* clone3 gets ENOSYS under systemd: getuid32 stays */
	movl $435, %eax
	int $0x80
	cmpl $-38, %eax
	jne 1f
	movl $199, %eax
	int $0x80
1:	ret

	.p2align 4
FUNC n_nonzero				/* openat2 succeeds with a descriptor: getgid32 stays */
	movl $437, %eax
	int $0x80
	cmpl $0xfffff000, %eax
	ja 1f
	testl %eax, %eax
	je 1f
	movl $200, %eax
	int $0x80
1:	ret
