/* dedicated_srv.so imitation: DedicatedMain raises the descriptor limit like
 * the real one and loads the engine with dlopen("bin/engine_srv.so"), a path
 * relative to the working directory. Built without -fPIC (text relocations).
 */
#include <dlfcn.h>
#include <stdio.h>
#include <sys/resource.h>

#include "srcds_sample.h"

typedef void *(*create_interface_fn)(const char *name, int *ret_code);

static const char engine_path[] = "bin/engine_srv.so";

static int CDedicatedAppSystemGroup_RaiseFileLimit(void) __asm__(
	"_ZN24CDedicatedAppSystemGroup14RaiseFileLimitEv");
static int CDedicatedAppSystemGroup_RaiseFileLimit(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
		return -1;
	if (rl.rlim_cur < 2048 && rl.rlim_max >= 2048)
		rl.rlim_cur = 2048;
	return setrlimit(RLIMIT_NOFILE, &rl);
}

SAMPLE_EXPORT int DedicatedMain(int argc, char **argv)
{
	create_interface_fn factory;
	struct engine_api *engine;
	void *handle;
	int ret;

	printf("dedicated_srv.so: DedicatedMain (%d args)\n", argc);
	if (CDedicatedAppSystemGroup_RaiseFileLimit() != 0)
		printf("dedicated_srv.so: warning: cannot adjust RLIMIT_NOFILE\n");
	printf("dedicated_srv.so: loading %s\n", engine_path);
	fflush(stdout);
	handle = dlopen(engine_path, RTLD_NOW);
	if (!handle) {
		printf("dedicated_srv.so: failed to dlopen %s: %s\n", engine_path, dlerror());
		return 4;
	}
	factory = (create_interface_fn)dlsym(handle, "CreateInterface");
	engine = factory ? factory(ENGINE_INTERFACE_VERSION, NULL) : NULL;
	if (!engine) {
		printf("dedicated_srv.so: no %s in %s\n", ENGINE_INTERFACE_VERSION, engine_path);
		return 4;
	}
	ret = engine->run(argc, argv);
	dlclose(handle);
	printf("dedicated_srv.so: engine returned %d\n", ret);
	fflush(stdout);
	return ret;
}
