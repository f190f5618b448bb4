/* i386 syscall gates and the data-flow patterns the engine must resolve.
 * Each exported function's expected syscall set is in
 * tests/unit/test_sys_asm.c (the truth is this file: the numbers below are
 * i386's, arch/x86/entry/syscalls/syscall_32.tbl). Never run. */
#include "func.inc"

	.text

	.p2align 4
__x86.get_pc_thunk.bx:			/* local copy of gcc's PIC thunk */
	movl (%esp), %ebx
	ret

	.p2align 4
my_syscall:				/* number = first stack argument */
	movl 4(%esp), %eax
	int $0x80
	ret

	.p2align 4
outer_wrap:				/* passes its argument on */
	pushl %ebx
	movl 8(%esp), %eax
	pushl %eax
	call my_syscall
	addl $4, %esp
	popl %ebx
	ret

	.p2align 4
FUNC g_imm				/* getpid */
	movl $20, %eax
	int $0x80
	ret

	.p2align 4
FUNC g_xor				/* restart_syscall (0) */
	xorl %eax, %eax
	int $0x80
	ret

	.p2align 4
FUNC g_copy				/* getuid */
	movl $24, %ecx
	movl %ecx, %eax
	int $0x80
	ret

	.p2align 4
FUNC g_pushpop				/* getgid */
	pushl $47
	popl %eax
	int $0x80
	ret

	.p2align 4
FUNC g_stack				/* getppid through a stack slot */
	subl $8, %esp
	movl $64, 4(%esp)
	movl 4(%esp), %eax
	addl $8, %esp
	int $0x80
	ret

	.p2align 4
FUNC g_sysenter				/* getpid through sysenter */
	movl $20, %eax
	pushl %ecx
	pushl %edx
	pushl %ebp
	movl %esp, %ebp
	sysenter
	popl %ebp
	popl %edx
	popl %ecx
	ret

	.p2align 4
FUNC g_gs				/* time through the vDSO entry */
	movl $13, %eax
	call *%gs:0x10
	ret

	.p2align 4
FUNC g_dlsysinfo			/* getpid through static glibc's `call *_dl_sysinfo` */
	pushl %ebx
	call __x86.get_pc_thunk.bx
	addl $_GLOBAL_OFFSET_TABLE_, %ebx
	movl $20, %eax
	call *_dl_sysinfo@GOTOFF(%ebx)
	popl %ebx
	ret

	.p2align 4
FUNC g_thunk				/* gettimeofday; eax survives the thunk */
	pushl %ebx
	movl $78, %eax
	call __x86.get_pc_thunk.bx
	int $0x80
	popl %ebx
	ret

	.p2align 4
FUNC g_getres64				/* clock_getres_time64 */
	movl $406, %eax
	int $0x80
	ret

	.p2align 4
FUNC g_branch				/* getpid or getppid */
	testl %ecx, %ecx
	jz 1f
	movl $20, %eax
	jmp 2f
1:	movl $64, %eax
2:	int $0x80
	ret

	.p2align 4
FUNC g_loop				/* exit, in a loop */
	movl $1, %edx
	jmp 2f
	.p2align 4
1:	movl %edx, %eax
	int $0x80
2:	decl %ecx
	jnz 1b
	movl %edx, %eax
	int $0x80
	ret

	.p2align 4
/* glibc 2.41's i386 cancellable socketcall (nptl/cancellation.c,
 * sysdeps/unix/sysv/linux/i386/syscall_cancel.S): connect() calls
 * __syscall_cancel(SYS_CONNECT, args, 0, 0, 0, 0, __NR_socketcall); the
 * fast path hands arguments 1, 5 and 6 to a helper through %edi. */
	.p2align 4
cancel_helper:				/* eax nr, (%edi) = a1 */
	pushl %ebx
	pushl %edi
	pushl %ebp
	movl (%edi), %ebx
	movl 8(%edi), %ebp
	movl 4(%edi), %edi
	int $0x80
	popl %ebp
	popl %edi
	popl %ebx
	ret

	.p2align 4
cancel_arch:				/* __syscall_cancel_arch(ch, nr, a1..a6) */
	pushl %ebp
	pushl %edi
	pushl %esi
	pushl %ebx
	movl 0x18(%esp), %eax
	movl 0x1c(%esp), %ebx
	movl 0x20(%esp), %ecx
	int $0x80
	popl %ebx
	popl %esi
	popl %edi
	popl %ebp
	ret

	.p2align 4
cancel_inner:				/* __internal_syscall_cancel(a1..a6, nr) */
	pushl %edi
	pushl %esi
	pushl %ebx
	subl $0x10, %esp
	movl 0x20(%esp), %eax
	testb $1, (%eax)
	jne 1f
	pushl 0x34(%esp)		/* slow path: a6..a1, nr on the stack */
	pushl 0x34(%esp)
	pushl 0x34(%esp)
	pushl 0x34(%esp)
	pushl 0x34(%esp)
	pushl 0x34(%esp)
	pushl 0x50(%esp)
	pushl $0
	call cancel_arch
	addl $0x20, %esp
	jmp 2f
1:	movl 0x20(%esp), %eax		/* fast path: a1, a5, a6 through %edi */
	movl %esp, %edi
	movl 0x24(%esp), %ecx
	movl %eax, (%esp)
	movl 0x30(%esp), %eax
	movl %eax, 4(%esp)
	movl 0x34(%esp), %eax
	movl %eax, 8(%esp)
	movl 0x38(%esp), %eax
	call cancel_helper
2:	addl $0x10, %esp
	popl %ebx
	popl %esi
	popl %edi
	ret

	.p2align 4
cancel_outer:				/* __syscall_cancel(a1..a6, nr) */
	pushl %ebx
	subl $0xc, %esp
	pushl 0x2c(%esp)
	pushl 0x2c(%esp)
	pushl 0x2c(%esp)
	pushl 0x2c(%esp)
	pushl 0x2c(%esp)
	pushl 0x2c(%esp)
	pushl 0x2c(%esp)
	call cancel_inner
	addl $0x28, %esp
	popl %ebx
	ret

	.p2align 4
FUNC w_cancel				/* socketcall(SYS_CONNECT) the glibc 2.41 way */
	subl $0x1c, %esp
	pushl $102
	pushl $0
	pushl $0
	pushl $0
	pushl $0
	leal 0x18(%esp), %eax
	pushl %eax
	pushl $3
	call cancel_outer
	addl $0x38, %esp
	ret

	.p2align 4
FUNC g_socketcall			/* socketcall(SYS_SOCKET) */
	pushl %ebx
	movl $102, %eax
	movl $1, %ebx
	leal 8(%esp), %ecx
	int $0x80
	popl %ebx
	ret

	.p2align 4
FUNC g_ipc				/* ipc(SHMAT) */
	pushl %ebx
	movl $117, %eax
	movl $21, %ebx
	int $0x80
	popl %ebx
	ret

	.p2align 4
FUNC w_push				/* getpid through my_syscall, pushed */
	pushl $20
	call my_syscall
	addl $4, %esp
	ret

	.p2align 4
FUNC w_movesp				/* getppid through my_syscall, mov $N,(%esp) */
	subl $12, %esp
	movl $64, (%esp)
	call my_syscall
	addl $12, %esp
	ret

	.p2align 4
FUNC w_nested				/* getuid through two wrappers */
	pushl $24
	call outer_wrap
	addl $4, %esp
	ret

	.p2align 4
FUNC w_realign				/* getgid with a realigned frame */
	pushl %ebp
	movl %esp, %ebp
	andl $-16, %esp
	subl $16, %esp
	movl $47, %ecx
	movl %ecx, (%esp)
	call my_syscall
	leave
	ret

	.p2align 4
FUNC g_baddata				/* getpid after bytes that do not decode */
	movl $20, %eax
	jmp 1f
	.byte 0x0f, 0x04, 0x90, 0xc3	/* 0f 04: no instruction; then add, ret */
1:	int $0x80
	ret

	.p2align 4
FUNC u_mem				/* number loaded from memory: unresolved */
	movl (%ecx), %eax
	int $0x80
	ret

	.p2align 4
FUNC wx_call				/* mprotect(0, 4096, PROT_READ|WRITE|EXEC) */
	subl $12, %esp
	movl $7, %ebx
	movl %ebx, 8(%esp)
	movl $4096, 4(%esp)
	movl $0, (%esp)
	call mprotect@PLT
	addl $12, %esp
	ret

	.p2align 4
FUNC wx_raw				/* raw mprotect with PROT_EXEC */
	movl $125, %eax
	movl $5, %edx
	int $0x80
	ret

	.weak got_weak_hook
	.p2align 4
FUNC r_gotslot				/* calls a weak hook through its GOT slot */
	pushl %ebx			/* when set (crti's _init and __gmon_start__): */
	call __x86.get_pc_thunk.bx	/* no function whose address sits in the */
	addl $_GLOBAL_OFFSET_TABLE_, %ebx	/* slots after it is reached */
	movl got_weak_hook@GOT(%ebx), %eax
	testl %eax, %eax
	je 1f
	call *%eax
1:	popl %ebx
	ret

	.p2align 4
FUNC r_gotref				/* takes got_getppid's address from its GOT slot */
	pushl %ebx
	call __x86.get_pc_thunk.bx
	addl $_GLOBAL_OFFSET_TABLE_, %ebx
	movl got_getppid@GOT(%ebx), %eax
	popl %ebx
	ret

	.p2align 4
FUNC got_getppid			/* getppid; exported, so its address is a GOT slot */
	movl $64, %eax
	int $0x80
	ret

	.data
	.p2align 2
	.type _dl_sysinfo, @object
	.size _dl_sysinfo, 4
_dl_sysinfo:
	.long 0

	.section .note.GNU-stack,"",@progbits
