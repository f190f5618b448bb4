/* The library libgotref32.so imports from (tests/unit/test_sys_asm.c,
 * test_got_imports): one syscall per export. Never run. */
#include "func.inc"

	.text

	.p2align 4
FUNC peer_getppid			/* getppid */
	movl $64, %eax
	int $0x80
	ret

	.p2align 4
FUNC peer_getpgrp			/* getpgrp */
	movl $65, %eax
	int $0x80
	ret

	.p2align 4
FUNC peer_gettid			/* gettid */
	movl $224, %eax
	int $0x80
	ret

	.section .note.GNU-stack,"",@progbits
