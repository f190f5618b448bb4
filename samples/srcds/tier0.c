/* libtier0_srv.so imitation: the platform layer every other module links.
 * Built without -fPIC, so its references to strings and globals become text
 * relocations. Work here: stdio output, clocks, gettid, a temp file.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "srcds_sample.h"

static int g_msg_count;
static char g_tmpl[256];

void Msg(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(stdout, fmt, ap);
	va_end(ap);
	fflush(stdout);
	g_msg_count++;
}

double Plat_FloatTime(void)
{
	struct timespec ts;
	struct timeval tv;

	/* Both a vDSO clock and the time()/gettimeofday() family. */
	if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
		return -1.0;
	if (gettimeofday(&tv, NULL) != 0 || time(NULL) == (time_t)-1)
		return -1.0;
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

long ThreadGetCurrentId(void)
{
	return syscall(SYS_gettid);
}

int CFileSystem_TempRoundTrip(const char *tag)
{
	const char *dir = getenv("TMPDIR");
	char buf[64];
	size_t len = strlen(tag);
	ssize_t n;
	int fd;

	if (!dir || !*dir)
		dir = "/tmp";
	snprintf(g_tmpl, sizeof(g_tmpl), "%s/srcds-sample-XXXXXX", dir);
	fd = mkstemp(g_tmpl);
	if (fd < 0) {
		Msg("libtier0_srv.so: mkstemp in %s failed\n", dir);
		return -1;
	}
	if (len > sizeof(buf))
		len = sizeof(buf);
	n = write(fd, tag, len);
	if (n == (ssize_t)len && lseek(fd, 0, SEEK_SET) == 0)
		n = read(fd, buf, sizeof(buf));
	else
		n = -1;
	close(fd);
	unlink(g_tmpl);
	if (n != (ssize_t)len || memcmp(buf, tag, len) != 0) {
		Msg("libtier0_srv.so: temp file round trip failed\n");
		return -1;
	}
	Msg("libtier0_srv.so: temp file ok (%s)\n", tag);
	return 0;
}
