/* clean32/hello32 and clean64/hello64: a well-behaved PIE program (no text
 * relocations, non-executable stack, full RELRO) doing a little file and
 * socket work. Every seccompat check should pass on it.
 */
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#ifdef __x86_64__
#define NAME "clean64"
#else
#define NAME "clean32"
#endif

static int file_work(void)
{
	const char *dir = getenv("TMPDIR");
	char path[256], buf[8];
	struct stat st;
	int fd, ok;

	snprintf(path, sizeof(path), "%s/" NAME "-XXXXXX", dir && *dir ? dir : "/tmp");
	fd = mkstemp(path);
	if (fd < 0)
		return -1;
	ok = write(fd, "hello", 5) == 5 && fstat(fd, &st) == 0 && st.st_size == 5 &&
	     pread(fd, buf, 5, 0) == 5 && memcmp(buf, "hello", 5) == 0;
	close(fd);
	unlink(path);
	return ok ? 0 : -1;
}

static int socket_work(void)
{
	struct sockaddr_in addr = {.sin_family = AF_INET};
	socklen_t len = sizeof(addr);
	char buf[8];
	int fd, ok;

	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	ok = bind(fd, (struct sockaddr *)&addr, sizeof(addr)) == 0 &&
	     getsockname(fd, (struct sockaddr *)&addr, &len) == 0 &&
	     sendto(fd, "ping", 4, 0, (struct sockaddr *)&addr, sizeof(addr)) == 4 &&
	     recv(fd, buf, sizeof(buf), 0) == 4 && memcmp(buf, "ping", 4) == 0;
	close(fd);
	return ok ? 0 : -1;
}

int main(void)
{
	if (file_work() != 0) {
		printf(NAME ": file work failed\n");
		return 1;
	}
	if (socket_work() != 0) {
		printf(NAME ": socket work failed\n");
		return 1;
	}
	printf(NAME ": ok\n");
	return 0;
}
