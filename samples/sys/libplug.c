/* libplug32.so/libplug64.so: the plugin dlopen_user loads. */
#include <stdio.h>

__attribute__((visibility("default"))) int plugin_entry(void)
{
	printf("libplug: plugin_entry\n");
	return 42;
}
