/* raw_int80: a static i386 program without libc whose only system calls
 * are raw `int $0x80` gates (i386 numbers from asm/unistd_32.h):
 * getpid (20), write (4), exit (1). It prints "raw_int80: ok" and exits 0,
 * or exits 1 when getpid returns an error.
 */
	.section .rodata
msg:
	.ascii "raw_int80: ok\n"
	.set msg_len, . - msg

	.text
	.globl _start
	.type _start, @function
_start:
	movl $20, %eax			/* getpid() */
	int $0x80
	testl %eax, %eax
	jle fail

	movl $4, %eax			/* write(1, msg, msg_len) */
	movl $1, %ebx
	movl $msg, %ecx
	movl $msg_len, %edx
	int $0x80
	cmpl $msg_len, %eax
	jne fail

	movl $1, %eax			/* exit(0) */
	xorl %ebx, %ebx
	int $0x80
fail:
	movl $1, %eax			/* exit(1) */
	movl $1, %ebx
	int $0x80
	hlt
	.size _start, . - _start

	.section .note.GNU-stack, "", @progbits
