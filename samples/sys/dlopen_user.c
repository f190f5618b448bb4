/* dlopen_user32/dlopen_user64: dlopen()s the plugin built beside it by bare
 * name (libplug32.so/libplug64.so, found through DT_RUNPATH=$ORIGIN), calls
 * its plugin_entry and expects 42. With an argument, loads that path instead
 * (e.g. execstack/execstack_srv.so). Prints "dlopen_user: ok".
 */
#include <dlfcn.h>
#include <stdio.h>

#ifdef __x86_64__
#define PLUGIN "libplug64.so"
#else
#define PLUGIN "libplug32.so"
#endif

int main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : PLUGIN;
	int (*entry)(void);
	void *handle;
	int ret;

	handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (!handle) {
		printf("dlopen_user: dlopen %s failed: %s\n", path, dlerror());
		return 1;
	}
	entry = (int (*)(void))dlsym(handle, "plugin_entry");
	if (!entry) {
		printf("dlopen_user: no plugin_entry in %s\n", path);
		return 1;
	}
	ret = entry();
	fflush(stdout);
	dlclose(handle);
	if (ret != 42) {
		printf("dlopen_user: plugin_entry returned %d\n", ret);
		return 1;
	}
	printf("dlopen_user: ok\n");
	return 0;
}
