/* engine_srv.so imitation. Links libtier0_srv.so (DT_NEEDED, found through
 * DT_RPATH=$ORIGIN), loads the game module left4dead2/bin/server_srv.so with
 * dlopen and, when SRCDS_SAMPLE_STEAMCLIENT names one, a steamclient.so.
 * Work here: a UDP loopback socket, a worker thread, dlopen/dlsym.
 * Built without -fPIC (text relocations).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dlfcn.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "srcds_sample.h"

typedef void *(*create_interface_fn)(const char *name, int *ret_code);

static const char server_path[] = "left4dead2/bin/server_srv.so";
static struct server_api *g_server;
static void *g_server_handle;
static long g_worker_tid;

int CNetworkSystem_OpenSocket(void) __asm__("_ZN14CNetworkSystem10OpenSocketEv");
int CNetworkSystem_OpenSocket(void)
{
	static const char ping[] = "srcds-ping";
	struct sockaddr_in addr, from;
	socklen_t len = sizeof(addr);
	struct timeval tv = {.tv_sec = 2};
	char buf[32];
	ssize_t n = -1;
	int fd;

	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0)
		return -1;
	memset(&addr, 0, sizeof(addr));
	addr.sin_family = AF_INET;
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	addr.sin_port = 0;
	if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) == 0 &&
	    bind(fd, (struct sockaddr *)&addr, sizeof(addr)) == 0 &&
	    getsockname(fd, (struct sockaddr *)&addr, &len) == 0 &&
	    sendto(fd, ping, sizeof(ping), 0, (struct sockaddr *)&addr, sizeof(addr)) ==
		    (ssize_t)sizeof(ping)) {
		len = sizeof(from);
		n = recvfrom(fd, buf, sizeof(buf), 0, (struct sockaddr *)&from, &len);
	}
	close(fd);
	if (n != (ssize_t)sizeof(ping) || memcmp(buf, ping, sizeof(ping)) != 0) {
		Msg("engine_srv.so: udp loopback failed\n");
		return -1;
	}
	Msg("engine_srv.so: udp loopback ok\n");
	return 0;
}

static void *CThreadPool_Worker(void *arg) __asm__("_ZN11CThreadPool6WorkerEPv");
static void *CThreadPool_Worker(void *arg)
{
	g_worker_tid = ThreadGetCurrentId();
	return arg;
}

int CThreadPool_Run(void) __asm__("_ZN11CThreadPool3RunEv");
int CThreadPool_Run(void)
{
	pthread_t thread;
	void *result = NULL;
	int token = 27015;

	if (pthread_create(&thread, NULL, CThreadPool_Worker, &token) != 0)
		return -1;
	if (pthread_join(thread, &result) != 0 || result != &token)
		return -1;
	if (g_worker_tid <= 0 || g_worker_tid == ThreadGetCurrentId())
		return -1;
	Msg("engine_srv.so: worker thread ok\n");
	return 0;
}

int CSteamAPILoader_LoadClient(void) __asm__("_ZN15CSteamAPILoader10LoadClientEv");
int CSteamAPILoader_LoadClient(void)
{
	const char *path = getenv("SRCDS_SAMPLE_STEAMCLIENT");
	create_interface_fn factory;
	struct steamclient_api *client;
	void *handle;

	if (!path || !*path) {
		Msg("engine_srv.so: steamclient skipped (SRCDS_SAMPLE_STEAMCLIENT unset)\n");
		return 0;
	}
	Msg("engine_srv.so: loading %s\n", path);
	handle = dlopen(path, RTLD_NOW);
	if (!handle) {
		Msg("engine_srv.so: failed to dlopen %s: %s\n", path, dlerror());
		return -1;
	}
	factory = (create_interface_fn)dlsym(handle, "CreateInterface");
	client = factory ? factory(STEAMCLIENT_INTERFACE_VERSION, NULL) : NULL;
	if (!client || client->init() != 0) {
		Msg("engine_srv.so: steamclient init failed\n");
		return -1;
	}
	return 0;
}

int CServerGameDLLs_Load(void) __asm__("_ZN15CServerGameDLLs4LoadEv");
int CServerGameDLLs_Load(void)
{
	create_interface_fn factory;

	Msg("engine_srv.so: loading %s\n", server_path);
	g_server_handle = dlopen(server_path, RTLD_NOW);
	if (!g_server_handle) {
		Msg("engine_srv.so: failed to dlopen %s: %s\n", server_path, dlerror());
		return -1;
	}
	factory = (create_interface_fn)dlsym(g_server_handle, "CreateInterface");
	g_server = factory ? factory(SERVER_INTERFACE_VERSION, NULL) : NULL;
	if (!g_server) {
		Msg("engine_srv.so: no %s in %s\n", SERVER_INTERFACE_VERSION, server_path);
		return -1;
	}
	return g_server->dll_init();
}

static int CEngineAPI_Run(int argc, char **argv) __asm__("_ZN10CEngineAPI3RunEiPPc");
static int CEngineAPI_Run(int argc, char **argv)
{
	double start = Plat_FloatTime();

	Msg("engine_srv.so: CEngineAPI::Run\n");
	if (start < 0 || CFileSystem_TempRoundTrip("engine") != 0)
		return 5;
	if (CNetworkSystem_OpenSocket() != 0 || CThreadPool_Run() != 0)
		return 5;
	if (CSteamAPILoader_LoadClient() != 0)
		return 6;
	if (CServerGameDLLs_Load() != 0)
		return 7;
	g_server->dll_shutdown();
	dlclose(g_server_handle);
	if (Plat_FloatTime() < start)
		return 5;
	Msg("engine_srv.so: shutdown\n");
	return 0;
}

static struct engine_api g_engine_api = {
	.run = CEngineAPI_Run,
};

SAMPLE_EXPORT void *CreateInterface(const char *name, int *ret_code)
{
	int ok = strcmp(name, ENGINE_INTERFACE_VERSION) == 0;

	if (ret_code)
		*ret_code = ok ? 0 : 1;
	return ok ? &g_engine_api : NULL;
}
