// SPDX-License-Identifier: MIT
/* Links against the program interpreter itself, as gdb does: DT_NEEDED
 * names ld-linux*.so, which the library search finds before PT_INTERP is
 * read. The loader is still started at e_entry, and its start-up calls
 * (arch_prctl, set_tid_address, set_thread_area) are the program's
 * (tests/integration/syscalls_strace.sh). */
#include <stdio.h>

extern void *__libc_stack_end; /* defined by ld.so */

int main(void)
{
	printf("stack end %s\n", __libc_stack_end ? "known" : "unknown");
	return 0;
}
