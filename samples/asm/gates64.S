/* x86-64 syscall gates and data-flow patterns; expected sets are in
 * tests/unit/test_sys_asm.c (numbers from arch/x86/entry/syscalls/
 * syscall_64.tbl). Never run. */
	.text

	.macro FUNC name
	.globl \name
	.type \name, @function
\name:
	.endm

	.p2align 4
my_syscall:				/* number = first argument (rdi) */
	movq %rdi, %rax
	syscall
	ret

	.p2align 4
outer_wrap:				/* passes rdi on */
	pushq %rbx
	call my_syscall
	popq %rbx
	ret

	.p2align 4
FUNC g_imm				/* getpid */
	movl $39, %eax
	syscall
	ret

	.p2align 4
FUNC g_xor				/* read (0) */
	xorl %eax, %eax
	syscall
	ret

	.p2align 4
FUNC g_copy				/* getuid */
	movl $102, %ecx
	movl %ecx, %eax
	syscall
	ret

	.p2align 4
FUNC g_pushpop				/* getgid */
	pushq $104
	popq %rax
	syscall
	ret

	.p2align 4
FUNC g_stack				/* getppid through a stack slot */
	subq $16, %rsp
	movq $110, 8(%rsp)
	movq 8(%rsp), %rax
	addq $16, %rsp
	syscall
	ret

	.p2align 4
FUNC g_branch				/* getpid or getppid */
	testl %edi, %edi
	jz 1f
	movl $39, %eax
	jmp 2f
1:	movl $110, %eax
2:	syscall
	ret

	.p2align 4
FUNC g_loop				/* exit, in a loop */
	movl $60, %edx
	jmp 2f
	.p2align 4
1:	movl %edx, %eax
	syscall
2:	decl %esi
	jnz 1b
	ret

	.p2align 4
FUNC g_int80				/* i386 getpid from 64-bit code */
	pushq %rbx
	movl $20, %eax
	int $0x80
	popq %rbx
	ret

	.p2align 4
FUNC w_tail				/* getpid through my_syscall, tail call */
	movl $39, %edi
	jmp my_syscall

	.p2align 4
FUNC w_call				/* getppid through my_syscall */
	subq $8, %rsp
	movl $110, %edi
	call my_syscall
	addq $8, %rsp
	ret

	.p2align 4
FUNC w_nested				/* getuid through two wrappers */
	movl $102, %edi
	jmp outer_wrap

	.p2align 4
FUNC g_baddata				/* getpid after bytes that do not decode */
	movl $39, %eax
	jmp 1f
	.byte 0x0f, 0x04, 0x90, 0xc3	/* 0f 04: no instruction; then add, ret */
1:	syscall
	ret

	.p2align 4
FUNC u_mem				/* number loaded from memory: unresolved */
	movl (%rdi), %eax
	syscall
	ret

	.p2align 4
FUNC wx_call				/* mmap(0, 4096, RWX, ...) */
	subq $8, %rsp
	xorl %edi, %edi
	movl $4096, %esi
	movl $7, %edx
	movl $0x22, %ecx
	movl $-1, %r8d
	xorl %r9d, %r9d
	call mmap@PLT
	addq $8, %rsp
	ret

	.p2align 4
FUNC wx_raw				/* raw mprotect with PROT_EXEC */
	movl $10, %eax
	movl $5, %edx
	syscall
	ret

	.section .note.GNU-stack,"",@progbits
