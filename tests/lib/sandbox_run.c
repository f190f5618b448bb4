// SPDX-License-Identifier: MIT
/* sandbox_run: runs a program under the restrictions systemd would apply, so
 * tests can observe what a directive really does to a binary.
 *
 *   sandbox_run [--mdwe-seccomp] [--mdwe-prctl] [--arch LIST] [--allow FILE]
 *               [--] PROGRAM [ARGS...]
 *
 * --mdwe-seccomp  systemd's MemoryDenyWriteExecute= seccomp rules (src/shared/
 *                 seccomp-util.c seccomp_memory_deny_write_execute()): one
 *                 filter per ABI of this machine, each answering EPERM to
 *                 mmap/mmap2 with PROT_WRITE|PROT_EXEC, mprotect and
 *                 pkey_mprotect with PROT_EXEC, shmat with SHM_EXEC, and (x86)
 *                 to the old mmap outright.
 * --mdwe-prctl    prctl(PR_SET_MDWE, PR_MDWE_REFUSE_EXEC_GAIN), what systemd
 *                 >= 254 uses on Linux >= 6.3. Exits 125 when unsupported.
 * --arch LIST     SystemCallArchitectures=: comma-separated ABIs ("native",
 *                 "x86", "x86_64", "x32"); a system call of any other ABI kills
 *                 the process (SIGSYS).
 * --allow FILE    an allow-list (one syscall name per line, '#' comments) for
 *                 the ABIs of --arch (default native): any other system call
 *                 kills the process. execve is always allowed (we need it).
 * --deny FILE     a deny-list (same format) installed the way systemd installs
 *                 a "~" SystemCallFilter= (seccomp_load_syscall_filter_set_raw):
 *                 one filter per ABI of this machine (x86-64, x86, x32), each
 *                 only for its ABI, a rule per name that exists there (names
 *                 that do not are skipped, -EDOM), killing the process.
 * --errno N       with --allow or --deny: fail refused calls with errno N
 *                 instead of killing (SystemCallErrorNumber=).
 *
 * --restrict DIRECTIVE  the seccomp side of one of systemd's argument-checking
 *                 directives, one filter per ABI of this machine, as
 *                 src/shared/seccomp-util.c builds it (v257):
 *                 LockPersonality (personality(A0 != PER_LINUX): EPERM),
 *                 RestrictRealtime (sched_setscheduler A1 not OTHER/BATCH/IDLE:
 *                 EPERM), RestrictNamespaces (setns; unshare/clone with a
 *                 CLONE_NEW* flag: EPERM; clone3: ENOSYS), RestrictSUIDSGID
 *                 (S_ISUID/S_ISGID modes: EPERM), RestrictAddressFamilies=
 *                 AF_INET AF_INET6 AF_UNIX (socket() of other families:
 *                 EAFNOSUPPORT; the x86 ABI is skipped, as systemd skips it),
 *                 ProtectClock (@clock, EPERM), ProtectKernelModules (@module),
 *                 ProtectKernelLogs (syslog), ProtectHostname (sethostname,
 *                 setdomainname). May be repeated.
 *
 * Seccomp filters and the MDWE flag survive execve(). Exit status: the
 * program's (it replaces us); 125 for our own errors, 127 when exec fails. */
#include <errno.h>
#include <seccomp.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/shm.h>
#include <unistd.h>

#ifndef PR_SET_MDWE
#define PR_SET_MDWE 65
#endif
#ifndef PR_MDWE_REFUSE_EXEC_GAIN
#define PR_MDWE_REFUSE_EXEC_GAIN 1
#endif

#define MAX_ARCHES 8

static void die(const char *what, int err)
{
	fprintf(stderr, "sandbox_run: %s: %s\n", what, strerror(err < 0 ? -err : err));
	exit(125);
}

static uint32_t arch_by_name(const char *name)
{
	uint32_t a;

	if (strcmp(name, "native") == 0)
		return seccomp_arch_native();
	if (strcmp(name, "x86-64") == 0)
		name = "x86_64";
	a = seccomp_arch_resolve_name(name);
	if (!a) {
		fprintf(stderr, "sandbox_run: unknown arch '%s'\n", name);
		exit(125);
	}
	return a;
}

/* A context that only knows arch; other ABIs pass through this filter. */
static scmp_filter_ctx ctx_for_arch(uint32_t arch, uint32_t def)
{
	scmp_filter_ctx ctx = seccomp_init(def);
	int r;

	if (!ctx)
		die("seccomp_init", ENOMEM);
	if (arch != seccomp_arch_native()) {
		r = seccomp_arch_add(ctx, arch);
		if (r < 0)
			die("seccomp_arch_add", r);
		r = seccomp_arch_remove(ctx, seccomp_arch_native());
		if (r < 0)
			die("seccomp_arch_remove", r);
	}
	r = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_ALLOW);
	if (r < 0)
		die("seccomp_attr_set", r);
	return ctx;
}

static void add_masked(scmp_filter_ctx ctx, const char *name, unsigned arg, uint64_t mask)
{
	int nr = seccomp_syscall_resolve_name(name);
	int r;

	if (nr == __NR_SCMP_ERROR)
		return;
	r = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), nr, 1,
			     SCMP_CMP(arg, SCMP_CMP_MASKED_EQ, mask, mask));
	/* -EDOM etc.: the call does not exist on this ABI. */
	(void)r;
}

static void mdwe_seccomp(void)
{
	uint32_t arches[] = {SCMP_ARCH_X86_64, SCMP_ARCH_X86, SCMP_ARCH_X32};

	for (size_t i = 0; i < sizeof(arches) / sizeof(arches[0]); i++) {
		scmp_filter_ctx ctx = ctx_for_arch(arches[i], SCMP_ACT_ALLOW);
		int r;

		if (arches[i] == SCMP_ARCH_X86) {
			add_masked(ctx, "mmap2", 2, PROT_WRITE | PROT_EXEC);
			/* old_mmap takes a pointer to its arguments: systemd
			 * cannot inspect them, so it refuses the call. */
			r = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM),
					     seccomp_syscall_resolve_name("mmap"), 0);
			if (r < 0)
				die("seccomp_rule_add(mmap)", r);
		} else {
			add_masked(ctx, "mmap", 2, PROT_WRITE | PROT_EXEC);
			add_masked(ctx, "shmat", 2, SHM_EXEC);
		}
		add_masked(ctx, "mprotect", 2, PROT_EXEC);
		add_masked(ctx, "pkey_mprotect", 2, PROT_EXEC);
		r = seccomp_load(ctx);
		if (r < 0)
			die("seccomp_load(mdwe)", r);
		seccomp_release(ctx);
	}
}

static void rule(scmp_filter_ctx ctx, uint32_t action, const char *name, unsigned n,
		 const struct scmp_arg_cmp *cmp)
{
	int nr = seccomp_syscall_resolve_name(name);

	/* Names that do not exist on the filter's ABI are skipped (-EDOM),
	 * as systemd skips them. */
	if (nr != __NR_SCMP_ERROR)
		(void)seccomp_rule_add_exact_array(ctx, action, nr, n, cmp);
}

static void rule0(scmp_filter_ctx ctx, uint32_t action, const char *name)
{
	rule(ctx, action, name, 0, NULL);
}

static void rule1(scmp_filter_ctx ctx, uint32_t action, const char *name, struct scmp_arg_cmp c)
{
	rule(ctx, action, name, 1, &c);
}

#define CLONE_NEW_FLAGS                                                                            \
	{                                                                                          \
		0x00000080, 0x00020000, 0x02000000, 0x04000000, 0x08000000, 0x10000000,            \
			0x20000000, 0x40000000                                                     \
	}

static void restrict_one(scmp_filter_ctx ctx, uint32_t arch, const char *d)
{
	const uint32_t eperm = SCMP_ACT_ERRNO(EPERM);

	if (strcmp(d, "LockPersonality") == 0) {
		rule1(ctx, eperm, "personality", SCMP_A0(SCMP_CMP_NE, 0 /* PER_LINUX */));
	} else if (strcmp(d, "RestrictRealtime") == 0) {
		/* Policies below SCHED_IDLE (5) that are not permitted, then
		 * everything above it (seccomp_restrict_realtime). */
		for (uint64_t p = 0; p < 5; p++)
			if (p != 0 && p != 3)
				rule1(ctx, eperm, "sched_setscheduler", SCMP_A1(SCMP_CMP_EQ, p));
		rule1(ctx, eperm, "sched_setscheduler", SCMP_A1(SCMP_CMP_GT, 5));
	} else if (strcmp(d, "RestrictNamespaces") == 0) {
		static const uint64_t flags[] = CLONE_NEW_FLAGS;
		rule0(ctx, SCMP_ACT_ERRNO(ENOSYS), "clone3");
		rule0(ctx, eperm, "setns");
		for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
			rule1(ctx, eperm, "unshare",
			      SCMP_A0(SCMP_CMP_MASKED_EQ, flags[i], flags[i]));
			rule1(ctx, eperm, "clone", SCMP_A0(SCMP_CMP_MASKED_EQ, flags[i], flags[i]));
		}
	} else if (strcmp(d, "RestrictSUIDSGID") == 0) {
		static const uint64_t modes[] = {04000, 02000};
		for (size_t i = 0; i < 2; i++) {
			uint64_t m = modes[i];
			struct scmp_arg_cmp open_c[] = {SCMP_A1(SCMP_CMP_MASKED_EQ, 0100, 0100),
							SCMP_A2(SCMP_CMP_MASKED_EQ, m, m)};
			struct scmp_arg_cmp openat_c[] = {SCMP_A2(SCMP_CMP_MASKED_EQ, 0100, 0100),
							  SCMP_A3(SCMP_CMP_MASKED_EQ, m, m)};
			rule1(ctx, eperm, "chmod", SCMP_A1(SCMP_CMP_MASKED_EQ, m, m));
			rule1(ctx, eperm, "fchmod", SCMP_A1(SCMP_CMP_MASKED_EQ, m, m));
			rule1(ctx, eperm, "fchmodat", SCMP_A2(SCMP_CMP_MASKED_EQ, m, m));
			rule1(ctx, eperm, "mkdir", SCMP_A1(SCMP_CMP_MASKED_EQ, m, m));
			rule1(ctx, eperm, "mkdirat", SCMP_A2(SCMP_CMP_MASKED_EQ, m, m));
			rule1(ctx, eperm, "mknod", SCMP_A1(SCMP_CMP_MASKED_EQ, m, m));
			rule1(ctx, eperm, "mknodat", SCMP_A2(SCMP_CMP_MASKED_EQ, m, m));
			rule1(ctx, eperm, "creat", SCMP_A1(SCMP_CMP_MASKED_EQ, m, m));
			rule(ctx, eperm, "open", 2, open_c);
			rule(ctx, eperm, "openat", 2, openat_c);
		}
		rule0(ctx, SCMP_ACT_ERRNO(ENOSYS), "openat2");
	} else if (strcmp(d, "RestrictAddressFamilies") == 0) {
		/* Allow list AF_UNIX(1) AF_INET(2) AF_INET6(10): below, above
		 * and the holes between (seccomp_restrict_address_families). */
		const uint32_t enaf = SCMP_ACT_ERRNO(EAFNOSUPPORT);
		if (arch == SCMP_ARCH_X86)
			return;
		rule1(ctx, enaf, "socket", SCMP_A0(SCMP_CMP_LT, 1));
		rule1(ctx, enaf, "socket", SCMP_A0(SCMP_CMP_GT, 10));
		for (uint64_t af = 3; af < 10; af++)
			rule1(ctx, enaf, "socket", SCMP_A0(SCMP_CMP_EQ, af));
	} else if (strcmp(d, "ProtectClock") == 0) {
		static const char *const clock[] = {"adjtimex",	       "clock_adjtime",
						    "clock_adjtime64", "clock_settime",
						    "clock_settime64", "settimeofday"};
		for (size_t i = 0; i < sizeof(clock) / sizeof(clock[0]); i++)
			rule0(ctx, eperm, clock[i]);
	} else if (strcmp(d, "ProtectKernelModules") == 0) {
		rule0(ctx, eperm, "delete_module");
		rule0(ctx, eperm, "finit_module");
		rule0(ctx, eperm, "init_module");
	} else if (strcmp(d, "ProtectKernelLogs") == 0) {
		rule0(ctx, eperm, "syslog");
	} else if (strcmp(d, "ProtectHostname") == 0) {
		rule0(ctx, eperm, "sethostname");
		rule0(ctx, eperm, "setdomainname");
	} else {
		fprintf(stderr, "sandbox_run: unknown directive '%s'\n", d);
		exit(125);
	}
}

static void restrict_filter(const char *d)
{
	uint32_t arches[] = {SCMP_ARCH_X86_64, SCMP_ARCH_X86, SCMP_ARCH_X32};

	for (size_t i = 0; i < sizeof(arches) / sizeof(arches[0]); i++) {
		scmp_filter_ctx ctx = ctx_for_arch(arches[i], SCMP_ACT_ALLOW);
		int r;

		restrict_one(ctx, arches[i], d);
		r = seccomp_load(ctx);
		if (r < 0)
			die("seccomp_load(restrict)", r);
		seccomp_release(ctx);
	}
}

/* Reads a name list: one name per line, '#' comments, blanks skipped. */
static size_t read_names(const char *file, char names[][64], size_t max)
{
	FILE *f = fopen(file, "re");
	char line[256];
	size_t n = 0;

	if (!f)
		die(file, errno);
	while (fgets(line, sizeof(line), f) && n < max) {
		char *s = line, *e;
		while (*s == ' ' || *s == '\t')
			s++;
		e = s + strcspn(s, " \t\r\n#");
		*e = '\0';
		if (*s && strlen(s) < 64)
			strcpy(names[n++], s);
	}
	fclose(f);
	return n;
}

static void deny_list(const char *file, uint32_t action)
{
	static char names[1024][64];
	uint32_t arches[] = {SCMP_ARCH_X86_64, SCMP_ARCH_X86, SCMP_ARCH_X32};
	size_t n = read_names(file, names, 1024);

	for (size_t a = 0; a < sizeof(arches) / sizeof(arches[0]); a++) {
		scmp_filter_ctx ctx = ctx_for_arch(arches[a], SCMP_ACT_ALLOW);
		int r;

		for (size_t i = 0; i < n; i++) {
			int nr = seccomp_syscall_resolve_name(names[i]);
			if (nr == __NR_SCMP_ERROR)
				continue;
			r = seccomp_rule_add_exact(ctx, action, nr, 0);
			if (r < 0 && r != -EDOM && r != -EEXIST)
				fprintf(stderr, "sandbox_run: %s: cannot deny '%s': %s\n", file,
					names[i], strerror(-r));
		}
		r = seccomp_load(ctx);
		if (r < 0)
			die("seccomp_load(deny)", r);
		seccomp_release(ctx);
	}
}

static scmp_filter_ctx ctx_with_arches(uint32_t def, const uint32_t *arches, size_t n)
{
	scmp_filter_ctx ctx = seccomp_init(def);
	bool native = false;
	int r;

	if (!ctx)
		die("seccomp_init", ENOMEM);
	for (size_t i = 0; i < n; i++) {
		if (arches[i] == seccomp_arch_native()) {
			native = true;
			continue;
		}
		r = seccomp_arch_add(ctx, arches[i]);
		if (r < 0 && r != -EEXIST)
			die("seccomp_arch_add", r);
	}
	if (!native) {
		r = seccomp_arch_remove(ctx, seccomp_arch_native());
		if (r < 0)
			die("seccomp_arch_remove", r);
	}
	/* SystemCallArchitectures=: a call of an unlisted ABI kills. */
	r = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS);
	if (r < 0)
		die("seccomp_attr_set(BADARCH)", r);
	return ctx;
}

static void allow_list(const char *file, const uint32_t *arches, size_t n, uint32_t refuse)
{
	scmp_filter_ctx ctx = ctx_with_arches(refuse, arches, n);
	FILE *f = fopen(file, "re");
	char line[256];
	int r;

	if (!f)
		die(file, errno);
	while (fgets(line, sizeof(line), f)) {
		char *s = line, *e;
		int nr;

		while (*s == ' ' || *s == '\t')
			s++;
		e = s + strcspn(s, " \t\r\n#");
		*e = '\0';
		if (!*s)
			continue;
		nr = seccomp_syscall_resolve_name(s);
		if (nr == __NR_SCMP_ERROR) {
			fprintf(stderr, "sandbox_run: %s: unknown syscall '%s', skipped\n", file,
				s);
			continue;
		}
		/* libseccomp translates the (native or pseudo) number per ABI
		 * and skips ABIs that lack the call. */
		r = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 0);
		if (r < 0 && r != -EEXIST)
			fprintf(stderr, "sandbox_run: %s: cannot allow '%s': %s\n", file, s,
				strerror(-r));
	}
	fclose(f);
	r = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(execve), 0);
	if (r < 0 && r != -EEXIST)
		die("seccomp_rule_add(execve)", r);
	r = seccomp_load(ctx);
	if (r < 0)
		die("seccomp_load(allow)", r);
	seccomp_release(ctx);
}

static void arch_filter(const uint32_t *arches, size_t n)
{
	scmp_filter_ctx ctx = ctx_with_arches(SCMP_ACT_ALLOW, arches, n);
	int r = seccomp_load(ctx);

	if (r < 0)
		die("seccomp_load(arch)", r);
	seccomp_release(ctx);
}

static void usage(void)
{
	fputs("usage: sandbox_run [--mdwe-seccomp] [--mdwe-prctl] [--arch LIST] [--allow FILE]\n"
	      "                   [--deny FILE] [--errno N] [--restrict DIRECTIVE]\n"
	      "                   [--] PROGRAM [ARGS...]\n",
	      stderr);
	exit(125);
}

int main(int argc, char **argv)
{
	bool mdwe_sc = false, mdwe_pr = false;
	uint32_t arches[MAX_ARCHES];
	size_t n_arches = 0;
	const char *allow = NULL, *deny = NULL;
	const char *restrict_d[16];
	size_t n_restrict = 0;
	uint32_t refuse = SCMP_ACT_KILL_PROCESS;
	int i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		} else if (strcmp(argv[i], "--mdwe-seccomp") == 0) {
			mdwe_sc = true;
		} else if (strcmp(argv[i], "--mdwe-prctl") == 0) {
			mdwe_pr = true;
		} else if (strcmp(argv[i], "--arch") == 0 && i + 1 < argc) {
			char *list = strdup(argv[++i]), *save = NULL;
			for (char *t = strtok_r(list, ",", &save); t;
			     t = strtok_r(NULL, ",", &save))
				if (n_arches < MAX_ARCHES)
					arches[n_arches++] = arch_by_name(t);
			free(list);
		} else if (strcmp(argv[i], "--allow") == 0 && i + 1 < argc) {
			allow = argv[++i];
		} else if (strcmp(argv[i], "--deny") == 0 && i + 1 < argc) {
			deny = argv[++i];
		} else if (strcmp(argv[i], "--restrict") == 0 && i + 1 < argc) {
			if (n_restrict < sizeof(restrict_d) / sizeof(restrict_d[0]))
				restrict_d[n_restrict++] = argv[++i];
		} else if (strcmp(argv[i], "--errno") == 0 && i + 1 < argc) {
			refuse = SCMP_ACT_ERRNO((uint16_t)atoi(argv[++i]));
		} else if (argv[i][0] == '-') {
			usage();
		} else {
			break;
		}
	}
	if (i >= argc)
		usage();

	if (mdwe_pr && prctl(PR_SET_MDWE, PR_MDWE_REFUSE_EXEC_GAIN, 0L, 0L, 0L) < 0)
		die("prctl(PR_SET_MDWE)", errno);
	if (prctl(PR_SET_NO_NEW_PRIVS, 1L, 0L, 0L, 0L) < 0)
		die("prctl(PR_SET_NO_NEW_PRIVS)", errno);
	if (mdwe_sc)
		mdwe_seccomp();
	for (size_t k = 0; k < n_restrict; k++)
		restrict_filter(restrict_d[k]);
	if (deny)
		deny_list(deny, refuse);
	if (allow) {
		if (!n_arches)
			arches[n_arches++] = seccomp_arch_native();
		allow_list(allow, arches, n_arches, refuse);
	} else if (n_arches) {
		arch_filter(arches, n_arches);
	}
	execv(argv[i], argv + i);
	fprintf(stderr, "sandbox_run: cannot execute %s: %s\n", argv[i], strerror(errno));
	return 127;
}
