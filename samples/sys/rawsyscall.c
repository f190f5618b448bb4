/* rawsyscall32/rawsyscall64: system calls through glibc's syscall() with
 * constant numbers: getpid, gettid, getcpu. Prints "rawsyscall: ok".
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void)
{
	unsigned int cpu = ~0u, node = ~0u;
	long pid, tid;

	pid = syscall(SYS_getpid);
	tid = syscall(SYS_gettid);
	if (pid != getpid() || tid != pid) {
		printf("rawsyscall: getpid/gettid mismatch\n");
		return 1;
	}
	if (syscall(__NR_getcpu, &cpu, &node, NULL) != 0 || cpu == ~0u) {
		printf("rawsyscall: getcpu failed\n");
		return 1;
	}
	printf("rawsyscall: ok\n");
	return 0;
}
