/* execstack_srv.so: an i386 plugin linked with -z execstack, so its
 * PT_GNU_STACK asks for an executable (RWE) stack. glibc up to 2.40 makes
 * the whole process stack executable when dlopen()ing it; glibc 2.41
 * (Debian 13) refuses such a dlopen unless glibc.rtld.execstack=2.
 * Otherwise PIC and clean. Load it with sys/dlopen_user32 <path>.
 */
#include <stdio.h>

__attribute__((visibility("default"))) int plugin_entry(void)
{
	printf("execstack_srv.so: plugin_entry\n");
	return 42;
}
