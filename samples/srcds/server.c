/* left4dead2/bin/server_srv.so imitation: the game module, in a second
 * directory. Like Valve's, it has libtier0_srv.so as DT_NEEDED but no
 * RPATH/RUNPATH: the loader finds it through LD_LIBRARY_PATH (srcds_run puts
 * bin/ there) or because the engine already loaded that soname.
 * Work here: a signal handler, raise(), getrandom(). Built without -fPIC.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <string.h>
#include <sys/random.h>

#include "srcds_sample.h"

static volatile sig_atomic_t g_got_signal;
static struct sigaction g_old_action;

static void CServerGameDLL_OnSignal(int sig) __asm__("_ZN14CServerGameDLL8OnSignalEi");
static void CServerGameDLL_OnSignal(int sig)
{
	g_got_signal = sig;
}

int CServerGameDLL_InstallSignalHandler(void) __asm__(
	"_ZN14CServerGameDLL20InstallSignalHandlerEv");
int CServerGameDLL_InstallSignalHandler(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = CServerGameDLL_OnSignal;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGUSR1, &sa, &g_old_action) != 0)
		return -1;
	if (raise(SIGUSR1) != 0 || g_got_signal != SIGUSR1)
		return -1;
	Msg("server_srv.so: signal handler ok\n");
	return 0;
}

int CUniformRandomStream_Seed(void) __asm__("_ZN20CUniformRandomStream4SeedEv");
int CUniformRandomStream_Seed(void)
{
	unsigned char seed[16];

	if (getrandom(seed, sizeof(seed), GRND_NONBLOCK) != (ssize_t)sizeof(seed))
		return -1;
	Msg("server_srv.so: getrandom ok\n");
	return 0;
}

static int CServerGameDLL_DLLInit(void) __asm__("_ZN14CServerGameDLL7DLLInitEv");
static int CServerGameDLL_DLLInit(void)
{
	Msg("server_srv.so: CServerGameDLL::DLLInit (thread %s)\n",
	    ThreadGetCurrentId() > 0 ? "ok" : "bad");
	if (CServerGameDLL_InstallSignalHandler() != 0 || CUniformRandomStream_Seed() != 0)
		return -1;
	return 0;
}

static void CServerGameDLL_DLLShutdown(void) __asm__("_ZN14CServerGameDLL11DLLShutdownEv");
static void CServerGameDLL_DLLShutdown(void)
{
	sigaction(SIGUSR1, &g_old_action, NULL);
	Msg("server_srv.so: CServerGameDLL::DLLShutdown\n");
}

static struct server_api g_server_api = {
	.dll_init = CServerGameDLL_DLLInit,
	.dll_shutdown = CServerGameDLL_DLLShutdown,
};

SAMPLE_EXPORT void *CreateInterface(const char *name, int *ret_code)
{
	int ok = strcmp(name, SERVER_INTERFACE_VERSION) == 0;

	if (ret_code)
		*ret_code = ok ? 0 : 1;
	return ok ? &g_server_api : NULL;
}
