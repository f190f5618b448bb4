/* The library libgotref64.so imports from (tests/unit/test_sys_asm.c,
 * test_got_imports): one syscall per export. Never run. */
#include "func.inc"

	.text

	.p2align 4
FUNC peer_getppid			/* getppid */
	movl $110, %eax
	syscall
	ret

	.p2align 4
FUNC peer_gettid			/* gettid */
	movl $186, %eax
	syscall
	ret

	.section .note.GNU-stack,"",@progbits
