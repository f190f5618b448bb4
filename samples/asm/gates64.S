/* x86-64 syscall gates and data-flow patterns; expected sets are in
 * tests/unit/test_sys_asm.c (numbers from arch/x86/entry/syscalls/
 * syscall_64.tbl). Never run. */
#include "func.inc"

	.text

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

/* Debian 13 x86-64 ld.so's W->X probe: map RW, store, ask for R+X, unmap,
 * and return quietly when refused; and a helper whose refusal reaches its
 * caller (no probe: the memory stays). */
	.p2align 4
FUNC wx_probe				/* mmap, mprotect(R+X), munmap */
	pushq %rbx
	xorl %r9d, %r9d
	movl $-1, %r8d
	movl $0x22, %r10d
	movl $3, %edx
	movl $4096, %esi
	xorl %edi, %edi
	movl $9, %eax
	syscall
	movq %rax, %rdi
	cmpq $-1, %rax
	je 1f
	movl $1, (%rax)
	movl $5, %edx
	movl $10, %eax
	syscall
	movq %rax, %rdx
	movl $11, %eax
	syscall
	testq %rdx, %rdx
	jne 1f
	movb $1, probe_ok(%rip)
1:	popq %rbx
	ret

	.p2align 4
FUNC wx_helper				/* mprotect(R+X); the result goes back */
	movl $5, %edx
	movl $10, %eax
	syscall
	testq %rax, %rax
	jne 1f
	ret
1:	movl $-1, %eax
	ret

	.local probe_ok
	.comm probe_ok, 1

/* glibc 2.41's cancellable syscalls (nptl/cancellation.c,
 * sysdeps/unix/sysv/linux/x86_64/syscall_cancel.S): the number is the 7th
 * argument, pushed on the stack, and handed on twice more. */
	.p2align 4
cancel_arch:				/* __syscall_cancel_arch(ch, nr, a1..a6) */
	movq %rsi, %rax
	movq %rdx, %rdi
	syscall
	ret

	.p2align 4
cancel_inner:				/* __internal_syscall_cancel(a1..a6, nr) */
	pushq %rbx
	movq %rcx, %r10
	testb $1, (%rdi)
	jne 1f
	movq 16(%rsp), %rax		/* fast path: nr from the stack */
	syscall
	popq %rbx
	ret
1:	pushq %r9
	pushq %r8
	movq 32(%rsp), %rsi		/* slow path: nr as 2nd argument */
	movq %rdx, %r8
	movq %rdi, %rdx
	call cancel_arch
	popq %rcx
	popq %rsi
	popq %rbx
	ret

	.p2align 4
cancel_outer:				/* __syscall_cancel(a1..a6, nr) */
	subq $16, %rsp
	pushq 24(%rsp)
	call cancel_inner
	popq %rdx
	popq %rcx
	addq $8, %rsp
	ret

	.p2align 4
FUNC w_cancel				/* fsync(74) the glibc 2.41 way */
	subq $16, %rsp
	xorl %r9d, %r9d
	pushq $74
	xorl %r8d, %r8d
	xorl %ecx, %ecx
	call cancel_outer
	addq $24, %rsp
	ret

	.p2align 4
fatal:					/* never returns (named as glibc's) */
	ud2
	.globl __libc_fatal
	.set __libc_fatal, fatal

	.p2align 4
FUNC w_noreturn				/* futex(202); the shape of glibc 2.41's futex wait */
	movl %esi, %eax
	testq %rcx, %rcx
	jne 3f
2:	subq $8, %rsp
	testb %r9b, %r9b
	jne 4f
	movl $202, %eax
	syscall
6:	testl %eax, %eax
	jg 5f
	addq $8, %rsp
	ret
4:	subq $8, %rsp
	pushq $202
	call cancel_outer
	popq %rdx
	popq %rcx
	jmp 6b
5:	call __libc_fatal		/* its frame (-8) is not that of 3: (0) */
	nop
3:	cmpq $0, (%rcx)
	jns 2b
	ret

	.p2align 4
	.type pair_getpid, @function
pair_getpid:				/* reached only through pair_tbl */
	movl $39, %eax
	syscall
	ret

	.p2align 4
	.type pair_getppid, @function
pair_getppid:				/* reached only through pair_tbl */
	movl $110, %eax
	syscall
	ret

	.p2align 4
FUNC p_movq_pair			/* stores two function pointers it loads */
	movq pair_tbl(%rip), %xmm0	/* with movq/movhps (liblzma 5.8's coders) */
	movhps pair_tbl+8(%rip), %xmm0
	movups %xmm0, (%rdi)
	ret

	.weak got_weak_hook
	.p2align 4
FUNC r_gotslot				/* calls a weak hook through its GOT slot */
	movq got_weak_hook@GOTPCREL(%rip), %rax	/* when set: no function whose */
	testq %rax, %rax		/* address sits in the slots after it is */
	je 1f				/* reached */
	jmp *%rax
1:	ret

	.p2align 4
FUNC r_gotref				/* takes got_getppid's address from its GOT slot */
	movq got_getppid@GOTPCREL(%rip), %rax
	ret

	.p2align 4
FUNC got_getppid			/* getppid; exported, so its address is a GOT slot */
	movl $110, %eax
	syscall
	ret

	.section .data.rel.ro,"aw"
	.p2align 3
pair_tbl:
	.quad pair_getpid, pair_getppid

	.section .note.GNU-stack,"",@progbits
