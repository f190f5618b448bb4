/* Interfaces shared by the modules of the srcds-like sample tree.
 *
 * Valve's *_srv.so modules are C++; their functions carry Itanium-mangled
 * names (CBaseServer::Init() is _ZN11CBaseServer4InitEv). The samples are
 * plain C, so the C++-like functions get those mangled names through asm
 * labels: symbol tables and disassembly look like the real thing and a
 * demangler turns them back into CClass::Method(). The C entry points
 * (DedicatedMain, CreateInterface, Msg) are extern "C" in the real SDK too.
 */
#ifndef SRCDS_SAMPLE_H
#define SRCDS_SAMPLE_H

#define SAMPLE_EXPORT __attribute__((visibility("default")))

/* libtier0_srv.so */
SAMPLE_EXPORT void Msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
SAMPLE_EXPORT double Plat_FloatTime(void);
SAMPLE_EXPORT long ThreadGetCurrentId(void) __asm__("_Z18ThreadGetCurrentIdv");
SAMPLE_EXPORT int
CFileSystem_TempRoundTrip(const char *tag) __asm__("_ZN11CFileSystem13TempRoundTripEPKc");

/* Interface tables handed out by CreateInterface(), like Source's factories. */
#define ENGINE_INTERFACE_VERSION "VEngineServer023"
struct engine_api {
	int (*run)(int argc, char **argv);
};

#define SERVER_INTERFACE_VERSION "ServerGameDLL005"
struct server_api {
	int (*dll_init)(void);
	void (*dll_shutdown)(void);
};

#define STEAMCLIENT_INTERFACE_VERSION "SteamClient017"
struct steamclient_api {
	int (*init)(void);
};

#endif
