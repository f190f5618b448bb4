/* Addresses of imported functions loaded from GOT slots, x86-64
 * (tests/unit/test_sys_asm.c, test_got_imports). Never run. */
#include "func.inc"

	.text

	.p2align 4
FUNC r_gotaddr				/* hands peer_getppid's address on: reaches it */
	movq peer_getppid@GOTPCREL(%rip), %rax
	ret

	/* Reached by nothing: a call of peer_gettid through its PLT stub and
	 * a load of its address make its GOT slot a GLOB_DAT one, which must
	 * not make peer_gettid reached by any code of this library. */
	.p2align 4
u_calls_gettid:
	call peer_gettid@PLT
	ret

	.p2align 4
u_takes_gettid:
	movq peer_gettid@GOTPCREL(%rip), %rax
	ret

	.section .note.GNU-stack,"",@progbits
