/* steam/sdk32/steamclient.so imitation: the Steam client library a server
 * loads from ~/.steam/sdk32. Unlike the game modules it is built -fPIC, so
 * it has no text relocations. Work here: uname, getuid, a pipe.
 */
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "srcds_sample.h"

static int CSteamClient_Init(void) __asm__("_ZN12CSteamClient4InitEv");
static int CSteamClient_Init(void)
{
	struct utsname uts;
	int fds[2];
	char c = 0;

	if (uname(&uts) != 0 || pipe(fds) != 0)
		return -1;
	if (write(fds[1], "s", 1) != 1 || read(fds[0], &c, 1) != 1)
		c = 0;
	close(fds[0]);
	close(fds[1]);
	if (c != 's' || getuid() == (uid_t)-1)
		return -1;
	printf("steamclient.so: CSteamClient::Init ok\n");
	fflush(stdout);
	return 0;
}

static struct steamclient_api g_client_api = {
	.init = CSteamClient_Init,
};

SAMPLE_EXPORT void *CreateInterface(const char *name, int *ret_code)
{
	int ok = strcmp(name, STEAMCLIENT_INTERFACE_VERSION) == 0;

	if (ret_code)
		*ret_code = ok ? 0 : 1;
	return ok ? &g_client_api : NULL;
}
