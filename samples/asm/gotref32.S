/* Addresses of imported functions loaded from GOT slots, i386
 * (tests/unit/test_sys_asm.c, test_got_imports). Never run. */
#include "func.inc"

	.text

	.p2align 4
FUNC r_gotaddr				/* hands peer_getppid's address on: reaches it */
	pushl %ebx
	call 1f
1:	popl %ebx
	addl $_GLOBAL_OFFSET_TABLE_+(.-1b), %ebx
	movl peer_getppid@GOT(%ebx), %eax
	popl %ebx
	ret

	/* The GOT pointer in %esi, from the caller (gcc may keep it in any
	 * callee-saved register): the engine cannot know its value, the
	 * operand's form still names the slot. Reaches peer_getpgrp. */
	.p2align 4
FUNC r_gotesi
	movl 4(%esp), %esi
	movl peer_getpgrp@GOT(%esi), %eax
	ret

	/* The GOT pointer from the caller again, and the address of a local
	 * function taken relative to it (gcc reloads a spilled GOT pointer
	 * so). Reaches l_getsid. */
	.p2align 4
FUNC r_gotoff
	movl 4(%esp), %ecx
	leal l_getsid@GOTOFF(%ecx), %eax
	ret

	.p2align 4
	.type l_getsid, @function
l_getsid:				/* getsid */
	movl $147, %eax
	int $0x80
	ret
	.size l_getsid, .-l_getsid

	/* Reached by nothing: a call of peer_gettid through its PLT stub and
	 * a load of its address make its GOT slot a GLOB_DAT one, which must
	 * not make peer_gettid reached by any code of this library. */
	.p2align 4
u_calls_gettid:
	pushl %ebx
	call 1f
1:	popl %ebx
	addl $_GLOBAL_OFFSET_TABLE_+(.-1b), %ebx
	call peer_gettid@PLT
	popl %ebx
	ret

	.p2align 4
u_takes_gettid:
	movl 4(%esp), %ecx
	movl peer_gettid@GOT(%ecx), %eax
	ret

	.section .note.GNU-stack,"",@progbits
