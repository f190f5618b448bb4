/* ENOSYS fallbacks, x86-64: as nosys32.S, with the syscall instruction,
 * 64-bit compares (the error test) and 32-bit ones of the same register
 * (glibc's `cmp $0x26,%eax` on errno). Never run. */
#include "func.inc"

	.text

	.p2align 4
FUNC n_internal				/* statx; -ENOSYS -> getppid */
	movl $332, %eax
	syscall
	cmpq $-38, %rax
	jne 1f
	movl $110, %eax
	syscall
1:	ret

	.p2align 4
FUNC n_inline				/* glibc's faccessat: faccessat2; errno ENOSYS -> getpgrp */
	movl $439, %eax
	syscall
	cmpq $-4096, %rax
	ja 3f
	movl %eax, %edx
	testl %eax, %eax
	je 2f
	movl errno_word(%rip), %eax	/* non-zero success: never; a stale errno */
1:	cmpl $38, %eax
	jne 2f
	testl %esi, %esi		/* the fallback, in two pieces */
	je 4f
	movl $111, %eax
	syscall
2:	ret
3:	negl %eax
	movl $-1, %edx
	movl %eax, errno_word(%rip)
	jmp 1b
4:	movl $111, %eax			/* only the fallback jumps here */
	syscall
	jmp 2b

	.p2align 4
FUNC n_cold				/* close_range; -ENOSYS -> getsid, out of line */
	movl $436, %eax
	syscall
	cmpl $-38, %eax
	je 1f
	ret
1:	movl $124, %eax
	syscall
	jmp 2f
	nop
2:	ret

	.p2align 4
FUNC n_unknown				/* open is older than any kernel: gettid stays */
	movl $2, %eax
	syscall
	cmpq $-38, %rax
	jne 1f
	movl $186, %eax
	syscall
1:	ret

	.p2align 4
FUNC n_clone3				/* clone3 gets ENOSYS under systemd: getuid stays */
	movl $435, %eax
	syscall
	cmpq $-38, %rax
	jne 1f
	movl $102, %eax
	syscall
1:	ret

	.p2align 4
FUNC n_nonzero				/* openat2 succeeds with a descriptor: getgid stays */
	movl $437, %eax
	syscall
	cmpq $-4096, %rax
	ja 1f
	testl %eax, %eax
	je 1f
	movl $104, %eax
	syscall
1:	ret

	.data
errno_word:
	.long 0
