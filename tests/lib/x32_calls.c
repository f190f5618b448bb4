// SPDX-License-Identifier: MIT
/* x32_calls: an x86-64 program that also makes system calls through the x32
 * ABI (the `syscall` instruction with __X32_SYSCALL_BIT set in the number).
 * The kernel hands them to seccomp as AUDIT_ARCH_X86_64 calls with the bit
 * set, so a filter's x32 part decides them, also on kernels built without
 * the x32 ABI (where the calls then fail with ENOSYS). This lets the tests
 * exercise a multi-ABI filter on machines that cannot run i386 programs.
 *
 * Calls, in order: getpid (x86-64), getpid (x32, number 39), rt_sigaction
 * (x32, number 512, an x32-only number; NULL arguments). Prints
 * "x32_calls: done" and exits 0. */
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

#define X32_SYSCALL_BIT 0x40000000L

int main(void)
{
#if defined(__x86_64__) && !defined(__ILP32__)
	syscall(SYS_getpid);
	syscall(X32_SYSCALL_BIT | SYS_getpid);
	syscall(X32_SYSCALL_BIT | 512, 0L, 0L, 0L, 8L);
	puts("x32_calls: done");
	return 0;
#else
	puts("x32_calls: not an x86-64 build");
	return 77;
#endif
}
