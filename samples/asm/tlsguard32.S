/* Zero-guards (analyzer/syscalls.h struct sys_gwrite), i386: as
 * tlsguard64.S, with the GOT pointer in %ebx and the variables' offsets in
 * R_386_TLS_TPOFF slots (%gs). The expectations are in
 * tests/unit/test_sys_asm.c (test_zero_guards). Never run. */
#include "func.inc"

	.text

	.p2align 4
__x86.get_pc_thunk.bx:			/* local copy of gcc's PIC thunk */
	movl (%esp), %ebx
	ret

	.p2align 4
on_guarded:				/* getppid: only while `guarded` is set */
	movl $64, %eax
	int $0x80
	ret

	.p2align 4
on_escaped:				/* getpgrp: only while `escaped` is set */
	movl $65, %eax
	int $0x80
	ret

	.p2align 4
on_cleared:				/* getsid: only while `cleared` is set */
	movl $147, %eax
	int $0x80
	ret

	.p2align 4
plain:					/* gettid: always */
	movl $224, %eax
	int $0x80
	ret

	.p2align 4
use_address:				/* writes through a pointer in %eax (regparm) */
	movl $1, (%eax)
	ret

	.p2align 4
FUNC t_test				/* tests each variable, then calls */
	pushl %ebx
	pushl %esi
	call __x86.get_pc_thunk.bx
	addl $_GLOBAL_OFFSET_TABLE_, %ebx
	call plain
	movl guarded@gotntpoff(%ebx), %eax
	movl %gs:(%eax), %esi
	testl %esi, %esi
	je 1f
	call on_guarded
1:	movl cleared@gotntpoff(%ebx), %eax
	movl %gs:(%eax), %esi
	testl %esi, %esi
	je 2f
	call on_cleared
2:	movl escaped@gotntpoff(%ebx), %eax
	cmpl $0, %gs:(%eax)
	jne 3f
	popl %esi
	popl %ebx
	ret
3:	call on_escaped
	popl %esi
	popl %ebx
	ret

	.p2align 4
FUNC t_set				/* writes `guarded` */
	pushl %ebx
	call __x86.get_pc_thunk.bx
	addl $_GLOBAL_OFFSET_TABLE_, %ebx
	movl guarded@gotntpoff(%ebx), %eax
	movl $1, %gs:(%eax)
	popl %ebx
	ret

	.p2align 4
FUNC t_escape				/* hands &escaped on, as C does */
	pushl %ebx
	call __x86.get_pc_thunk.bx
	addl $_GLOBAL_OFFSET_TABLE_, %ebx
	movl escaped@gotntpoff(%ebx), %eax
	addl %gs:0, %eax
	call use_address
	popl %ebx
	ret

	.p2align 4
FUNC t_clear				/* stores only 0 to `cleared` */
	pushl %ebx
	call __x86.get_pc_thunk.bx
	addl $_GLOBAL_OFFSET_TABLE_, %ebx
	movl cleared@gotntpoff(%ebx), %eax
	movl $0, %gs:(%eax)
	popl %ebx
	ret

	.section .tbss,"awT",@nobits
	.p2align 2
	.type guarded, @object
	.size guarded, 4
guarded:
	.zero 4
	.type escaped, @object
	.size escaped, 4
escaped:
	.zero 4
	.type cleared, @object
	.size cleared, 4
cleared:
	.zero 4

	.section .note.GNU-stack,"",@progbits
