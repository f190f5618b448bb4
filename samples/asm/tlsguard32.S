/* Zero-guards (analyzer/syscalls.h struct sys_gwrite), i386: as
 * tlsguard64.S, with the GOT pointer in %ebx and the variables' offsets in
 * R_386_TLS_TPOFF slots (%gs), and reads of the form of a slot's
 * (`guarded@gotntpoff(%reg)`) through registers the data flow does not
 * know: t_spill's holds the GOT pointer, reloaded from a frame address lost
 * at a join (a writer); t_field's a pointer loaded from memory, t_index's
 * the lost GOT pointer plus a register, t_keep's a pointer from memory
 * spilled and reloaded across a call, t_ret's a function's return value
 * (no GOT pointer, no writer: x86.c ngot_next()). The expectations are in
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

	.p2align 4
FUNC t_field				/* a struct field at guarded's slot offset */
	movl 4(%esp), %eax		/* a pointer argument */
	movl 4(%eax), %ecx		/* a pointer loaded from memory: no GOT pointer */
	movl guarded@gotntpoff(%ecx), %eax	/* the field (the slot's form) */
	addl %gs:0, %eax		/* used as an address: a writer if it were the slot */
	call use_address
	ret

/* %ecx := the GOT pointer, spilled to two frame slots and reloaded through
 * %edi, which holds one of the two slots' addresses: the data flow knows
 * neither after the join. The frame of t_spill and t_index. */
	.macro LOST_GOT_ENTER
	pushl %ebx
	pushl %edi
	call __x86.get_pc_thunk.bx
	addl $_GLOBAL_OFFSET_TABLE_, %ebx
	subl $12, %esp
	movl %ebx, (%esp)		/* spilled twice */
	movl %ebx, 4(%esp)
	movl %esp, %edi
	cmpl $0, 24(%esp)		/* the first argument */
	je 1f
	leal 4(%esp), %edi
1:	movl (%edi), %ecx		/* the GOT pointer, reloaded */
	.endm

	.macro LOST_GOT_LEAVE
	addl $12, %esp
	popl %edi
	popl %ebx
	ret
	.endm

	.p2align 4
FUNC t_spill				/* the GOT pointer reloaded where the engine loses it */
	LOST_GOT_ENTER
	movl guarded@gotntpoff(%ecx), %eax	/* the slot */
	addl %gs:0, %eax		/* &guarded handed on: a writer */
	call use_address
	LOST_GOT_LEAVE

	.p2align 4
FUNC t_index				/* the lost GOT pointer plus a register: an address */
	LOST_GOT_ENTER
	movl 28(%esp), %edx		/* the second argument */
	leal (%ecx,%edx), %ecx		/* no GOT pointer */
	movl guarded@gotntpoff(%ecx), %eax	/* a field at the slot's offset */
	addl %gs:0, %eax
	call use_address
	LOST_GOT_LEAVE

	.p2align 4
FUNC t_keep				/* a pointer from memory, spilled and reloaded */
	subl $12, %esp
	movl 16(%esp), %eax		/* a pointer argument */
	movl 4(%eax), %ecx		/* loaded from memory: no GOT pointer */
	movl %ecx, (%esp)		/* spilled */
	call plain			/* %ecx lost */
	movl (%esp), %ecx		/* reloaded: still none */
	movl guarded@gotntpoff(%ecx), %eax
	addl %gs:0, %eax
	call use_address
	addl $12, %esp
	ret

	.p2align 4
FUNC t_ret				/* through what a function returned */
	call plain
	movl guarded@gotntpoff(%eax), %eax	/* a returned value is no GOT pointer */
	addl %gs:0, %eax
	call use_address
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
