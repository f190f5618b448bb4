/* A statically linked program: glibc's own gates and wrappers end up in the
 * executable (no PLT, no ld.so), including syscall(SYS_gettid) and, on
 * i386, socketcall. Run by tests/integration/syscalls_strace.sh. */
#include <stdio.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void)
{
	long tid = syscall(SYS_gettid);
	int s = socket(AF_INET, SOCK_DGRAM, 0);

	if (s >= 0)
		close(s);
	printf("static: tid %ld\n", tid);
	return 0;
}
