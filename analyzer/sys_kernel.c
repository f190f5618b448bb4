/* SPDX-License-Identifier: MIT */
/* The syscalls whose ENOSYS fallbacks the engine may cut (sys_arch.h
 * sys_kernel_calls()): calls newer than the oldest kernel libcs still
 * support, so libc tries them first and falls back to older calls when the
 * kernel answers ENOSYS (glibc 2.36's statx -> fstatat64, faccessat2 ->
 * faccessat + the id calls, clock_gettime64 -> clock_gettime). On a kernel
 * that has the call, and under a filter that allows it, that answer never
 * comes.
 *
 * Versions from each call's commit in Linux (its "Linux X.Y" in the
 * syscall's man page). `zero`: success returns 0 and nothing else, so the
 * code after an error test that finds no error and a non-zero value is
 * dead too (glibc's faccessat reads errno there).
 *
 * Not listed, on purpose: clone3, which systemd answers with ENOSYS under
 * RestrictNamespaces= (so that glibc falls back to clone, whose flags a
 * filter can read), and so do container runtimes. Every name here is in
 * the @known group of the shipped systemd tables (tests/unit check it):
 * systemd answers ENOSYS only for calls it does not know. */
#include <seccomp.h>
#include <string.h>

#include "sys_arch.h"

#define KV(a, b) ((a)*10000u + (b)*100u)

static const struct {
	const char *name;
	unsigned since;
	bool zero;
} calls[] = {
	{"renameat2", KV(3, 15), true},
	{"getrandom", KV(3, 17), false},
	{"memfd_create", KV(3, 17), false},
	{"execveat", KV(3, 19), false},
	{"copy_file_range", KV(4, 5), false},
	{"preadv2", KV(4, 6), false},
	{"pwritev2", KV(4, 6), false},
	{"statx", KV(4, 11), true},
	{"rseq", KV(4, 18), true},
	/* i386's 64-bit time calls (y2038), Linux 5.1. */
	{"clock_gettime64", KV(5, 1), true},
	{"clock_settime64", KV(5, 1), true},
	{"clock_getres_time64", KV(5, 1), true},
	{"clock_nanosleep_time64", KV(5, 1), true},
	{"timer_gettime64", KV(5, 1), true},
	{"timer_settime64", KV(5, 1), true},
	{"timerfd_gettime64", KV(5, 1), true},
	{"timerfd_settime64", KV(5, 1), true},
	{"utimensat_time64", KV(5, 1), true},
	{"pselect6_time64", KV(5, 1), false},
	{"ppoll_time64", KV(5, 1), false},
	{"recvmmsg_time64", KV(5, 1), false},
	{"mq_timedsend_time64", KV(5, 1), true},
	{"mq_timedreceive_time64", KV(5, 1), false},
	{"semtimedop_time64", KV(5, 1), true},
	{"rt_sigtimedwait_time64", KV(5, 1), false},
	{"futex_time64", KV(5, 1), false},
	{"sched_rr_get_interval_time64", KV(5, 1), true},
	{"pidfd_send_signal", KV(5, 1), true},
	{"pidfd_open", KV(5, 3), false},
	{"openat2", KV(5, 6), false},
	{"pidfd_getfd", KV(5, 6), false},
	{"faccessat2", KV(5, 8), true},
	{"close_range", KV(5, 9), true},
	{"epoll_pwait2", KV(5, 11), false},
	{"fchmodat2", KV(6, 6), true},
};

void sys_kernel_calls(const struct arch_desc *arch, unsigned kernel, struct sys_kernel_set *ret)
{
	memset(ret, 0, sizeof(*ret));
	if (!arch || !kernel)
		return;
	for (size_t i = 0; i < ARRAY_SIZE(calls); i++) {
		int nr = seccomp_syscall_resolve_name_arch(arch->scmp_arch, calls[i].name);
		if (calls[i].since > kernel || nr < 0 || nr >= SYS_KERNEL_NR_MAX)
			continue;
		ret->impl[nr / 8] |= (uint8_t)(1u << (nr % 8));
		if (calls[i].zero)
			ret->zero[nr / 8] |= (uint8_t)(1u << (nr % 8));
		ret->any = true;
	}
}

size_t sys_kernel_names(const char *const **ret)
{
	static const char *names[ARRAY_SIZE(calls) + 1];

	for (size_t i = 0; i < ARRAY_SIZE(calls); i++)
		names[i] = calls[i].name;
	*ret = names;
	return ARRAY_SIZE(calls);
}
