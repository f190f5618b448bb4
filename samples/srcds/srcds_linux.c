/* srcds_linux imitation: the i386 non-PIE launcher. Like Valve's, it only
 * dlopen()s bin/dedicated_srv.so (a path relative to the working directory
 * srcds_run switched to) and jumps to its DedicatedMain.
 */
#include <dlfcn.h>
#include <stdio.h>

typedef int (*dedicated_main_fn)(int argc, char **argv);

int main(int argc, char **argv)
{
	const char *path = "bin/dedicated_srv.so";
	dedicated_main_fn dedicated_main;
	void *handle;
	int ret;

	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("srcds_linux: loading %s\n", path);
	handle = dlopen(path, RTLD_NOW);
	if (!handle) {
		printf("srcds_linux: failed to dlopen %s: %s\n", path, dlerror());
		return 3;
	}
	dedicated_main = (dedicated_main_fn)dlsym(handle, "DedicatedMain");
	if (!dedicated_main) {
		printf("srcds_linux: no DedicatedMain in %s: %s\n", path, dlerror());
		return 3;
	}
	ret = dedicated_main(argc, argv);
	if (ret != 0) {
		printf("srcds_linux: DedicatedMain returned %d\n", ret);
		return ret;
	}
	dlclose(handle);
	printf("srcds-sample: ok\n");
	return 0;
}
