// SPDX-License-Identifier: MIT
/* The constants of the argument-checking rules (derive_restrict.c) against
 * the system's own headers: address family names (<sys/socket.h>), the
 * CLONE_NEW* flags (<sched.h>), scheduling policies, file mode bits and
 * personas. The rules themselves are proven by running the samples under
 * systemd's filters (tests/integration/restrict_enforce.sh). */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <sys/personality.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include "derive_restrict.h"

#define FAM(x)                                                                                     \
	{                                                                                          \
		x, #x                                                                              \
	}

static void test_family_names(void **state)
{
	static const struct {
		int af;
		const char *name;
	} fams[] = {
		FAM(AF_UNSPEC),	    FAM(AF_UNIX),      FAM(AF_INET),	 FAM(AF_AX25),
		FAM(AF_IPX),	    FAM(AF_APPLETALK), FAM(AF_NETROM),	 FAM(AF_BRIDGE),
		FAM(AF_ATMPVC),	    FAM(AF_X25),       FAM(AF_INET6),	 FAM(AF_ROSE),
		FAM(AF_DECnet),	    FAM(AF_NETBEUI),   FAM(AF_SECURITY), FAM(AF_KEY),
		FAM(AF_NETLINK),    FAM(AF_PACKET),    FAM(AF_ASH),	 FAM(AF_ECONET),
		FAM(AF_ATMSVC),	    FAM(AF_RDS),       FAM(AF_SNA),	 FAM(AF_IRDA),
		FAM(AF_PPPOX),	    FAM(AF_WANPIPE),   FAM(AF_LLC),	 FAM(AF_IB),
		FAM(AF_MPLS),	    FAM(AF_CAN),       FAM(AF_TIPC),	 FAM(AF_BLUETOOTH),
		FAM(AF_IUCV),	    FAM(AF_RXRPC),     FAM(AF_ISDN),	 FAM(AF_PHONET),
		FAM(AF_IEEE802154), FAM(AF_CAIF),      FAM(AF_ALG),	 FAM(AF_NFC),
		FAM(AF_VSOCK),	    FAM(AF_KCM),       FAM(AF_QIPCRTR),	 FAM(AF_SMC),
		FAM(AF_XDP),
	};
	(void)state;
	for (size_t i = 0; i < sizeof(fams) / sizeof(fams[0]); i++) {
		const char *n = restrict_family_name(fams[i].af);
		assert_non_null(n);
		assert_string_equal(n, fams[i].name);
	}
	assert_null(restrict_family_name(-1));
	assert_null(restrict_family_name(AF_MAX));
}

static void test_namespace_flags(void **state)
{
	static const long flags[] = {CLONE_NEWNS,   CLONE_NEWCGROUP, CLONE_NEWUTS, CLONE_NEWIPC,
				     CLONE_NEWUSER, CLONE_NEWPID,    CLONE_NEWNET, CLONE_NEWTIME};
	(void)state;
	for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
		assert_true(restrict_refuses("RestrictNamespaces", "unshare", 0, flags[i]));
		assert_true(restrict_refuses("RestrictNamespaces", "clone", 0,
					     flags[i] | CLONE_VM | SIGCHLD));
	}
	/* glibc's thread and fork flags. */
	assert_false(restrict_refuses("RestrictNamespaces", "clone", 0,
				      CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND |
					      CLONE_THREAD | CLONE_SYSVSEM | CLONE_SETTLS |
					      CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID));
	assert_false(restrict_refuses("RestrictNamespaces", "unshare", 0, CLONE_FILES | CLONE_FS));
	assert_true(restrict_refuses("RestrictNamespaces", "setns", 1, 0));
}

static void test_policies_modes_personas(void **state)
{
	(void)state;
	assert_false(restrict_refuses("RestrictRealtime", "sched_setscheduler", 1, SCHED_OTHER));
	assert_false(restrict_refuses("RestrictRealtime", "sched_setscheduler", 1, SCHED_BATCH));
	assert_false(restrict_refuses("RestrictRealtime", "sched_setscheduler", 1, SCHED_IDLE));
	assert_true(restrict_refuses("RestrictRealtime", "sched_setscheduler", 1, SCHED_FIFO));
	assert_true(restrict_refuses("RestrictRealtime", "sched_setscheduler", 1, SCHED_RR));
	assert_true(restrict_refuses("RestrictRealtime", "sched_setscheduler", 1, SCHED_DEADLINE));
	/* systemd compares unsigned: a reset-on-fork policy is above 5. */
	assert_true(restrict_refuses("RestrictRealtime", "sched_setscheduler", 1,
				     SCHED_OTHER | SCHED_RESET_ON_FORK));
	assert_true(
		restrict_refuses("RestrictRealtime", "pthread_attr_setschedpolicy", 1, SCHED_FIFO));

	assert_true(restrict_refuses("RestrictSUIDSGID", "chmod", 1, S_ISUID | 0755));
	assert_true(restrict_refuses("RestrictSUIDSGID", "mkdir", 1, S_ISGID | 0775));
	assert_true(restrict_refuses("RestrictSUIDSGID", "openat", 3, S_ISUID | 0600));
	assert_false(restrict_refuses("RestrictSUIDSGID", "chmod", 1, S_ISVTX | 0777));
	assert_false(restrict_refuses("RestrictSUIDSGID", "open", 2, 0644));

	assert_false(restrict_refuses("LockPersonality", "personality", 0, PER_LINUX));
	assert_true(restrict_refuses("LockPersonality", "personality", 0,
				     PER_LINUX | ADDR_NO_RANDOMIZE));
	assert_true(restrict_refuses("LockPersonality", "personality", 0, PER_LINUX32));
	/* seccomp_lock_personality(): A0 != persona, the query too. */
	assert_true(restrict_refuses("LockPersonality", "personality", 0, 0xffffffff));

	/* Rows without argument rules, and unknown rows. */
	assert_false(restrict_refuses("ProtectClock", "adjtimex", 0, 0));
	assert_false(restrict_refuses("NoSuchDirective", "chmod", 1, S_ISUID));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_family_names),
		cmocka_unit_test(test_namespace_flags),
		cmocka_unit_test(test_policies_modes_personas),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
