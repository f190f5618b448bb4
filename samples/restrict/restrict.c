/* restrict/<action>32, restrict/<action>64: one call, with constant
 * arguments, that one of systemd's argument-checking directives refuses.
 * Built once per action (-DACTION_<NAME>), so that each binary's verdicts
 * can be checked against what happens when it runs under the directive's
 * seccomp rule (tests/lib/restrict_exec.c builds it as systemd does).
 *
 * Prints "<action>: ok" and exits 0 when the call succeeds, prints
 * "<action>: refused: <errno name>" and exits 1 when it fails with the
 * errno the directive uses (EPERM, EAFNOSUPPORT), and exits 2 on any other
 * failure (the sample cannot tell, e.g. not run as root).
 *
 *   personality  personality(PER_LINUX | ADDR_NO_RANDOMIZE)  LockPersonality=
 *   query        personality(0xffffffff)                     LockPersonality=
 *   realtime     sched_setscheduler(0, SCHED_FIFO, 1)        RestrictRealtime=
 *   unshare      unshare(CLONE_NEWUTS)                       RestrictNamespaces=
 *   netlink      socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE) RestrictAddressFamilies=
 *   packet       socket(AF_PACKET, SOCK_DGRAM, 0)            RestrictAddressFamilies=
 *   suid         chmod(file, 04755)                          RestrictSUIDSGID=
 *   clock        adjtimex() reading only (modes 0)           ProtectClock=
 *   module       delete_module("seccompat_none", O_NONBLOCK) ProtectKernelModules=
 *   syslog       klogctl(SYSLOG_ACTION_SIZE_BUFFER)          ProtectKernelLogs=
 *   hostname     sethostname() in a new UTS namespace        ProtectHostname=
 *   inet         socket(AF_INET, SOCK_DGRAM, 0)              none of them
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/netlink.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/klog.h>
#include <sys/personality.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/timex.h>
#include <unistd.h>

/* glibc's personality() returns -errno without setting errno (sysdeps/
 * unix/sysv/linux/personality.c: the kernel's value may look like an
 * error on 32-bit), so its failures are turned into the usual form. */
#if defined(ACTION_PERSONALITY) || defined(ACTION_QUERY)
static int persona_call(unsigned long p)
{
	int r;

	errno = 0;
	r = personality(p);
	if (r < 0 && errno == 0) {
		errno = -r;
		r = -1;
	}
	return r;
}
#endif

static int report(const char *action, int r)
{
	if (r >= 0) {
		printf("%s: ok\n", action);
		return 0;
	}
	if (errno == EPERM || errno == EAFNOSUPPORT) {
		printf("%s: refused: %s\n", action, errno == EPERM ? "EPERM" : "EAFNOSUPPORT");
		return 1;
	}
	printf("%s: failed: %s\n", action, strerror(errno));
	return 2;
}

int main(void)
{
#if defined(ACTION_PERSONALITY)
	int r = persona_call(PER_LINUX | ADDR_NO_RANDOMIZE);
	if (r >= 0)
		persona_call(PER_LINUX);
	return report("personality", r);
#elif defined(ACTION_QUERY)
	return report("query", persona_call(0xffffffff));
#elif defined(ACTION_REALTIME)
	struct sched_param p = {.sched_priority = 1};
	return report("realtime", sched_setscheduler(0, SCHED_FIFO, &p));
#elif defined(ACTION_UNSHARE)
	return report("unshare", unshare(CLONE_NEWUTS));
#elif defined(ACTION_NETLINK)
	int fd = socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE);
	return report("netlink", fd);
#elif defined(ACTION_PACKET)
	int fd = socket(AF_PACKET, SOCK_DGRAM, 0);
	return report("packet", fd);
#elif defined(ACTION_INET)
	int fd = socket(AF_INET, SOCK_DGRAM, 0);
	return report("inet", fd);
#elif defined(ACTION_SUID)
	char path[] = "/tmp/seccompat-suid-XXXXXX";
	int fd = mkstemp(path), r;
	if (fd < 0)
		return 2;
	close(fd);
	r = chmod(path, 04755);
	unlink(path);
	return report("suid", r);
#elif defined(ACTION_CLOCK)
	struct timex tx;
	memset(&tx, 0, sizeof(tx));
	return report("clock", adjtimex(&tx));
#elif defined(ACTION_MODULE)
	int r = (int)syscall(SYS_delete_module, "seccompat_none", O_NONBLOCK);
	if (r < 0 && (errno == ENOENT || errno == ENOSYS))
		r = 0; /* let through: no such module, or a kernel without modules */
	return report("module", r);
#elif defined(ACTION_SYSLOG)
	return report("syslog", klogctl(10 /* SYSLOG_ACTION_SIZE_BUFFER */, NULL, 0));
#elif defined(ACTION_HOSTNAME)
	char name[64];
	if (unshare(CLONE_NEWUTS) < 0)
		return report("hostname", -1);
	if (gethostname(name, sizeof(name)) < 0)
		return 2;
	return report("hostname", sethostname(name, strlen(name)));
#else
#error "build with -DACTION_<NAME>"
#endif
}
