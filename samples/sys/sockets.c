/* sockets32/sockets64: TCP and UDP on 127.0.0.1, a socketpair, socket
 * options. Prints "sockets: ok".
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#define CHECK(cond)                                                                                \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			printf("sockets: failed: %s (line %d)\n", #cond, __LINE__);                \
			return 1;                                                                  \
		}                                                                                  \
	} while (0)

static struct sockaddr_in loopback(void)
{
	struct sockaddr_in a;

	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return a;
}

static int tcp(void)
{
	struct sockaddr_in a = loopback();
	socklen_t len = sizeof(a);
	int one = 1, val = 0, lfd, cfd, afd;
	socklen_t vlen = sizeof(val);
	char buf[8];

	lfd = socket(AF_INET, SOCK_STREAM, 0);
	CHECK(lfd >= 0);
	CHECK(setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) == 0);
	CHECK(bind(lfd, (struct sockaddr *)&a, sizeof(a)) == 0);
	CHECK(listen(lfd, 4) == 0);
	CHECK(getsockname(lfd, (struct sockaddr *)&a, &len) == 0);
	cfd = socket(AF_INET, SOCK_STREAM, 0);
	CHECK(cfd >= 0);
	CHECK(setsockopt(cfd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one)) == 0);
	CHECK(connect(cfd, (struct sockaddr *)&a, sizeof(a)) == 0);
	afd = accept(lfd, NULL, NULL);
	CHECK(afd >= 0);
	CHECK(getsockopt(cfd, IPPROTO_TCP, TCP_NODELAY, &val, &vlen) == 0 && val);
	CHECK(send(cfd, "tcp", 3, 0) == 3);
	CHECK(recv(afd, buf, 3, MSG_WAITALL) == 3);
	CHECK(memcmp(buf, "tcp", 3) == 0);
	CHECK(shutdown(cfd, SHUT_WR) == 0);
	CHECK(recv(afd, buf, sizeof(buf), 0) == 0);
	close(afd);
	close(cfd);
	close(lfd);
	return 0;
}

static int udp(void)
{
	struct sockaddr_in a = loopback(), from;
	socklen_t len = sizeof(a);
	struct timeval tv = {.tv_sec = 2};
	char buf[8];
	int fd;

	fd = socket(AF_INET, SOCK_DGRAM, 0);
	CHECK(fd >= 0);
	CHECK(setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) == 0);
	CHECK(bind(fd, (struct sockaddr *)&a, sizeof(a)) == 0);
	CHECK(getsockname(fd, (struct sockaddr *)&a, &len) == 0);
	CHECK(sendto(fd, "udp", 3, 0, (struct sockaddr *)&a, sizeof(a)) == 3);
	len = sizeof(from);
	CHECK(recvfrom(fd, buf, sizeof(buf), 0, (struct sockaddr *)&from, &len) == 3);
	CHECK(memcmp(buf, "udp", 3) == 0);
	close(fd);
	return 0;
}

static int pair(void)
{
	struct msghdr msg;
	struct iovec iov;
	int sv[2], type = 0;
	socklen_t tlen = sizeof(type);
	char buf[8];

	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
	CHECK(getsockopt(sv[0], SOL_SOCKET, SO_TYPE, &type, &tlen) == 0 && type == SOCK_STREAM);
	memset(&msg, 0, sizeof(msg));
	iov.iov_base = "pair";
	iov.iov_len = 4;
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	CHECK(sendmsg(sv[0], &msg, 0) == 4);
	iov.iov_base = buf;
	iov.iov_len = sizeof(buf);
	CHECK(recvmsg(sv[1], &msg, 0) == 4);
	CHECK(memcmp(buf, "pair", 4) == 0);
	close(sv[0]);
	close(sv[1]);
	return 0;
}

int main(void)
{
	if (tcp() || udp() || pair())
		return 1;
	printf("sockets: ok\n");
	return 0;
}
