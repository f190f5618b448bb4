/* Zero-guards (analyzer/syscalls.h struct sys_gwrite), x86-64: calls made
 * only while a zero-filled thread-local variable of the library's own is
 * non-zero, as glibc's thread exit cleans up SunRPC state only when
 * __libc_tsd_RPC_VARS is set. The expectations are in
 * tests/unit/test_sys_asm.c (test_zero_guards). Never run. */
#include "func.inc"

	.text

	.p2align 4
on_guarded:				/* getppid: only while `guarded` is set */
	movl $110, %eax
	syscall
	ret

	.p2align 4
on_escaped:				/* getpgrp: only while `escaped` is set */
	movl $111, %eax
	syscall
	ret

	.p2align 4
on_cleared:				/* getsid: only while `cleared` is set */
	movl $124, %eax
	syscall
	ret

	.p2align 4
plain:					/* gettid: always */
	movl $186, %eax
	syscall
	ret

	.p2align 4
use_address:				/* writes through a pointer in %rdi */
	movq $1, (%rdi)
	ret

	.p2align 4
FUNC t_test				/* tests each variable, then calls */
	pushq %rbx
	call plain
	movq guarded@gottpoff(%rip), %rax
	movq %fs:(%rax), %rbx
	testq %rbx, %rbx
	je 1f
	call on_guarded
1:	movq cleared@gottpoff(%rip), %rax
	movq %fs:(%rax), %rbx
	testq %rbx, %rbx
	je 2f
	call on_cleared
2:	movq escaped@gottpoff(%rip), %rax
	cmpq $0, %fs:(%rax)
	jne 3f
	popq %rbx
	ret
3:	call on_escaped
	popq %rbx
	ret

	.p2align 4
FUNC t_set				/* writes `guarded` */
	movq guarded@gottpoff(%rip), %rax
	movq $1, %fs:(%rax)
	ret

	.p2align 4
FUNC t_escape				/* hands &escaped on, as C does */
	movq %fs:0, %rdi
	addq escaped@gottpoff(%rip), %rdi
	jmp use_address

	.p2align 4
FUNC t_clear				/* stores only 0 to `cleared` */
	movq cleared@gottpoff(%rip), %rax
	movq $0, %fs:(%rax)
	xorl %ecx, %ecx
	movq %rcx, %fs:(%rax)
	ret

	.section .tbss,"awT",@nobits
	.p2align 3
	.type guarded, @object
	.size guarded, 8
guarded:
	.zero 8
	.type escaped, @object
	.size escaped, 8
escaped:
	.zero 8
	.type cleared, @object
	.size cleared, 8
cleared:
	.zero 8

	.section .note.GNU-stack,"",@progbits
