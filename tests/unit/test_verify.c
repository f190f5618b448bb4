// SPDX-License-Identifier: MIT
/* verify's policy, judgement and filter program.
 *
 *  - test_judge: a table of unit compositions and calls (one row each) with
 *    what systemd's filters do to the call: allow, or kill / errno, by which
 *    directive and line.
 *  - test_program_follows_judgement: the filter program verify loads runs
 *    in the kernel's classic BPF engine (attached as a socket filter to a
 *    datagram socket, the seccomp_data sent as a packet: see bpf_run()) for
 *    every syscall number of every ABI of this machine, i386 included, and
 *    notifies exactly the calls the judgement refuses (plus execve, which is
 *    always routed). The kernel's seccomp path runs the same program for
 *    x86-64 and x32 calls in the integration tests; i386 calls need a kernel
 *    with IA32 emulation, so this is how the i386 part is exercised here.
 *  - test_program_matches_systemd_build: for the same numbers, verify's
 *    program notifies exactly what an independent filter, built here with
 *    libseccomp the way systemd 257 builds it (one filter per ABI, ENOSYS by
 *    default, one rule per name of the groups as the systemd-analyze dump
 *    lists them, expanded by tests/lib/sysgroups_expand.py, and one with
 *    the unit's default for each other name of @known), kills or fails;
 *    likewise for SystemCallArchitectures= (seccomp_restrict_archs()). */
#include <errno.h>
#include <linux/audit.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmocka.h>

#include "syscalls.h"
#include "verify.h"

#define DB_DIR SOURCE_DIR "/db"
#define DUMP SHARED_DIR "/systemd/systemd-257.13-debian13.txt"

#include "tmpdir.h"

/* A policy from unit text ('\n'-separated lines of [Service]). */
static struct verify_policy *policy(const char *text, unsigned systemd, unsigned kernel)
{
	char *path = xasprintf("%s/t.service", tmpdir);
	const char *files[] = {path};
	struct unit_settings *u = NULL;
	struct verify_policy *p = NULL;
	FILE *f = fopen(path, "w");
	char *err = NULL;

	assert_non_null(f);
	fprintf(f, "[Service]\n%s\n", text);
	fclose(f);
	assert_int_equal(unitfile_parse_files(files, 1, &u, &err), 0);
	assert_int_equal(verify_policy_from_unit(u, DB_DIR, systemd, kernel, &p), 0);
	unit_settings_free(u);
	free(path);
	return p;
}

/* ---- the judgement table ---- */

enum {
	ANY = -2
};

struct row {
	const char *unit;
	unsigned systemd;
	enum arch_id abi;
	const char *name;
	uint64_t a0, a2;
	int exec_gain;
	/* expected */
	enum filter_verdict verdict;
	enum verify_directive directive;
	int errno_num;
	int line; /* of the unit file (line 1 is [Service]); 0: none; ANY */
	bool needs_gain;
};

#define FS "SystemCallFilter=~@file-system"
#define RX (PROT_READ | PROT_EXEC)
#define WX (PROT_WRITE | PROT_EXEC)

static const struct row rows[] = {
	{FS, 257, ARCH_X86_64, "openat", 0, 0, -1, FILTER_KILL, VERIFY_SYSCALL_FILTER, 0, 2, false},
	{FS, 257, ARCH_X86_64, "read", 0, 0, -1, FILTER_ALLOW, 0, 0, 0, false},
	{FS, 257, ARCH_X86, "open", 0, 0, -1, FILTER_KILL, VERIFY_SYSCALL_FILTER, 0, 2, false},
	{FS, 257, ARCH_X86, "fstat64", 0, 0, -1, FILTER_KILL, VERIFY_SYSCALL_FILTER, 0, 2, false},
	{FS, 257, ARCH_X32, "openat", 0, 0, -1, FILTER_KILL, VERIFY_SYSCALL_FILTER, 0, 2, false},
	{FS "\nSystemCallErrorNumber=EPERM", 257, ARCH_X86_64, "openat", 0, 0, -1, FILTER_ERRNO,
	 VERIFY_SYSCALL_FILTER, EPERM, 2, false},
	/* i386 socket calls: the subcall's rule applies to socketcall(). */
	{"SystemCallFilter=~socket", 257, ARCH_X86, "socketcall", 1, 0, -1, FILTER_KILL,
	 VERIFY_SYSCALL_FILTER, 0, 2, false},
	{"SystemCallFilter=~socket", 257, ARCH_X86, "socketcall", 2, 0, -1, FILTER_ALLOW, 0, 0, 0,
	 false},
	{"SystemCallFilter=~socket", 257, ARCH_X86, "socket", 0, 0, -1, FILTER_KILL,
	 VERIFY_SYSCALL_FILTER, 0, 2, false},
	{"SystemCallFilter=~socketcall", 257, ARCH_X86, "socketcall", 2, 0, -1, FILTER_KILL,
	 VERIFY_SYSCALL_FILTER, 0, 2, false},
	/* An allow list without socketcall still lets socketcall(SYS_SOCKET)
	 * through when socket is allowed: libseccomp adds it as such. */
	{"SystemCallFilter=@system-service\nSystemCallFilter=~socketcall", 257, ARCH_X86,
	 "socketcall", 1, 0, -1, FILTER_ALLOW, 0, 0, 0, false},
	{"SystemCallFilter=@system-service\nSystemCallFilter=~socketcall", 257, ARCH_X86,
	 "socketcall", 0, 0, -1, FILTER_KILL, VERIFY_SYSCALL_FILTER, 0, ANY, false},
	/* An allow list: unlisted names take the default (the mode line). */
	{"SystemCallFilter=@system-service", 257, ARCH_X86_64, "mount", 0, 0, -1, FILTER_KILL,
	 VERIFY_SYSCALL_FILTER, 0, 2, false},
	{"SystemCallFilter=@system-service\nSystemCallFilter=~openat:EACCES", 257, ARCH_X86_64,
	 "openat", 0, 0, -1, FILTER_ERRNO, VERIFY_SYSCALL_FILTER, EACCES, 3, false},
	{"SystemCallFilter=@system-service\nSystemCallFilter=~openat:EACCES", 257, ARCH_X86_64,
	 "read", 0, 0, -1, FILTER_ALLOW, 0, 0, 0, false},
	/* systemd >= 255: a call outside @known fails with ENOSYS, in deny
	 * lists too (nfsservctl left the kernel in 3.1 and @known). */
	{FS, 257, ARCH_X86_64, "nfsservctl", 0, 0, -1, FILTER_ERRNO, VERIFY_SYSCALL_FILTER, ENOSYS,
	 2, false},
	{FS, 252, ARCH_X86_64, "nfsservctl", 0, 0, -1, FILTER_ALLOW, 0, 0, 0, false},
	/* SystemCallArchitectures=: the ABI kills the calling thread. */
	{"SystemCallArchitectures=native", 257, ARCH_X86, "getpid", 0, 0, -1, FILTER_KILL,
	 VERIFY_SYSCALL_ARCHITECTURES, 0, 2, false},
	{"SystemCallArchitectures=native", 257, ARCH_X32, "getpid", 0, 0, -1, FILTER_KILL,
	 VERIFY_SYSCALL_ARCHITECTURES, 0, 2, false},
	{"SystemCallArchitectures=native", 257, ARCH_X86_64, "getpid", 0, 0, -1, FILTER_ALLOW, 0, 0,
	 0, false},
	{"SystemCallArchitectures=native x86", 257, ARCH_X86, "getpid", 0, 0, -1, FILTER_ALLOW, 0,
	 0, 0, false},
	/* The native ABI is never blocked (seccomp_restrict_archs()). */
	{"SystemCallArchitectures=x86", 257, ARCH_X86_64, "getpid", 0, 0, -1, FILTER_ALLOW, 0, 0, 0,
	 false},
	{"SystemCallArchitectures=x86", 257, ARCH_X32, "getpid", 0, 0, -1, FILTER_KILL,
	 VERIFY_SYSCALL_ARCHITECTURES, 0, 2, false},
	/* MemoryDenyWriteExecute= through systemd's seccomp rules (EPERM). */
	{"MemoryDenyWriteExecute=yes", 252, ARCH_X86_64, "mmap", 0, WX, -1, FILTER_ERRNO,
	 VERIFY_MEMORY_DENY_WRITE_EXECUTE, EPERM, 2, false},
	{"MemoryDenyWriteExecute=yes", 252, ARCH_X86_64, "mmap", 0, RX, -1, FILTER_ALLOW, 0, 0, 0,
	 false},
	{"MemoryDenyWriteExecute=yes", 252, ARCH_X86_64, "mprotect", 0, RX, -1, FILTER_ERRNO,
	 VERIFY_MEMORY_DENY_WRITE_EXECUTE, EPERM, 2, false},
	{"MemoryDenyWriteExecute=yes", 252, ARCH_X86_64, "pkey_mprotect", 0, PROT_EXEC, -1,
	 FILTER_ERRNO, VERIFY_MEMORY_DENY_WRITE_EXECUTE, EPERM, 2, false},
	{"MemoryDenyWriteExecute=yes", 252, ARCH_X86_64, "shmat", 0, SHM_EXEC, -1, FILTER_ERRNO,
	 VERIFY_MEMORY_DENY_WRITE_EXECUTE, EPERM, 2, false},
	{"MemoryDenyWriteExecute=yes", 252, ARCH_X86, "mmap", 0, 0, -1, FILTER_ERRNO,
	 VERIFY_MEMORY_DENY_WRITE_EXECUTE, EPERM, 2, false},
	{"MemoryDenyWriteExecute=yes", 252, ARCH_X86, "mmap2", 0, WX, -1, FILTER_ERRNO,
	 VERIFY_MEMORY_DENY_WRITE_EXECUTE, EPERM, 2, false},
	{"MemoryDenyWriteExecute=yes", 252, ARCH_X86, "mmap2", 0, RX, -1, FILTER_ALLOW, 0, 0, 0,
	 false},
	{"MemoryDenyWriteExecute=no", 252, ARCH_X86_64, "mmap", 0, WX, -1, FILTER_ALLOW, 0, 0, 0,
	 false},
	/* ... and through PR_SET_MDWE (systemd >= 254, Linux >= 6.3: EACCES). */
	{"MemoryDenyWriteExecute=yes", 257, ARCH_X86_64, "mprotect", 0, RX, -1, FILTER_ALLOW, 0, 0,
	 0, true},
	{"MemoryDenyWriteExecute=yes", 257, ARCH_X86_64, "mprotect", 0, RX, 0, FILTER_ALLOW, 0, 0,
	 0, false},
	{"MemoryDenyWriteExecute=yes", 257, ARCH_X86_64, "mprotect", 0, RX, 1, FILTER_ERRNO,
	 VERIFY_MEMORY_DENY_WRITE_EXECUTE, EACCES, 2, false},
	{"MemoryDenyWriteExecute=yes", 257, ARCH_X86_64, "mprotect", 0, WX, -1, FILTER_ERRNO,
	 VERIFY_MEMORY_DENY_WRITE_EXECUTE, EACCES, 2, false},
	{"MemoryDenyWriteExecute=yes", 257, ARCH_X86_64, "mmap", 0, WX, -1, FILTER_ERRNO,
	 VERIFY_MEMORY_DENY_WRITE_EXECUTE, EACCES, 2, false},
	{"MemoryDenyWriteExecute=yes", 257, ARCH_X86_64, "shmat", 0, SHM_EXEC, -1, FILTER_ERRNO,
	 VERIFY_MEMORY_DENY_WRITE_EXECUTE, EACCES, 2, false},
	{"MemoryDenyWriteExecute=yes", 257, ARCH_X86_64, "shmat", 0, SHM_EXEC | SHM_RDONLY, -1,
	 FILTER_ALLOW, 0, 0, 0, false},
	{"MemoryDenyWriteExecute=yes", 257, ARCH_X86, "mmap2", 0, WX, -1, FILTER_ERRNO,
	 VERIFY_MEMORY_DENY_WRITE_EXECUTE, EACCES, 2, false},
	/* The filter's kill comes before the MDWE errno. */
	{"SystemCallFilter=~mprotect\nMemoryDenyWriteExecute=yes", 252, ARCH_X86_64, "mprotect", 0,
	 RX, -1, FILTER_KILL, VERIFY_SYSCALL_FILTER, 0, 2, false},
};

static void test_judge(void **state)
{
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		const struct row *w = &rows[i];
		struct verify_policy *p = policy(w->unit, w->systemd, 61200);
		const struct arch_desc *abi = &arch_table[w->abi];
		int nr = seccomp_syscall_resolve_name_arch(abi->scmp_arch, w->name);
		struct verify_call c = {
			.abi = abi, .nr = nr, .name = w->name, .exec_gain = w->exec_gain};
		struct verify_judgement j;

		c.args[0] = w->a0;
		c.args[2] = w->a2;
		if (strcmp(w->name, "socketcall") == 0)
			c.sub = sys_socketcall_name((int)w->a0);
		j = verify_judge(p, &c);
		if (j.verdict != w->verdict || j.needs_exec_gain != w->needs_gain ||
		    (w->verdict != FILTER_ALLOW &&
		     (j.directive != w->directive ||
		      (w->verdict == FILTER_ERRNO && j.errno_num != w->errno_num) ||
		      (w->line != ANY && (int)(j.at ? j.at->line : 0) != w->line))))
			fail_msg(
				"row %zu (%s | %s %s a0=%llu a2=%#llx): got %s %s errno %d line %d "
				"needs_gain %d",
				i, w->unit, abi->name, w->name, (unsigned long long)w->a0,
				(unsigned long long)w->a2, filter_verdict_name(j.verdict),
				verify_directive_name(j.directive), j.errno_num,
				j.at ? (int)j.at->line : 0, j.needs_exec_gain);
		if (w->directive == VERIFY_SYSCALL_ARCHITECTURES && w->verdict == FILTER_KILL)
			assert_true(j.thread_only);
		verify_policy_free(p);
	}
}

static void test_abi_of(void **state)
{
	struct verify_policy *p = policy("", 257, 61200);

	if (arch_host()->id != ARCH_X86_64) {
		verify_policy_free(p);
		skip();
	}
	assert_ptr_equal(verify_abi_of(p, AUDIT_ARCH_X86_64, 39), &arch_table[ARCH_X86_64]);
	assert_ptr_equal(verify_abi_of(p, AUDIT_ARCH_X86_64, VERIFY_X32_SYSCALL_BIT | 39),
			 &arch_table[ARCH_X32]);
	assert_ptr_equal(verify_abi_of(p, AUDIT_ARCH_I386, 20), &arch_table[ARCH_X86]);
	assert_null(verify_abi_of(p, AUDIT_ARCH_AARCH64, 172));
	verify_policy_free(p);
}

/* ---- the program in the kernel's BPF engine ---- */

enum {
	OUT_ALLOW = 1,
	OUT_NOTIFY,
	OUT_KILL,
	OUT_ERRNO,
	OUT_OTHER
};

struct bpf_socket {
	int tx, rx;
};

/* Attaches a seccomp program as a socket filter. Seccomp's loads of
 * struct seccomp_data words (BPF_LD|BPF_W|BPF_ABS) become loads of packet
 * words, which the socket engine reads big-endian, so bpf_run() sends each
 * word byte-swapped; the return values are relabelled to small lengths
 * (the socket engine keeps that many bytes), so the length received tells
 * the action. Nothing else of the program changes. */
static void bpf_attach(const struct sock_fprog *prog, struct bpf_socket *s)
{
	struct sock_filter *f = xcalloc(prog->len, sizeof(*f));
	struct sock_fprog copy = {.len = prog->len, .filter = f};
	int sv[2];

	memcpy(f, prog->filter, prog->len * sizeof(*f));
	for (size_t i = 0; i < prog->len; i++) {
		uint32_t k = f[i].k;
		if (BPF_CLASS(f[i].code) == BPF_LD)
			assert_true(f[i].code == (BPF_LD | BPF_W | BPF_ABS) &&
				    k + 4 <= sizeof(struct seccomp_data));
		if (BPF_CLASS(f[i].code) != BPF_RET)
			continue;
		assert_int_equal(f[i].code, BPF_RET | BPF_K);
		f[i].k = k == SECCOMP_RET_ALLOW				      ? OUT_ALLOW
			 : k == SECCOMP_RET_USER_NOTIF			      ? OUT_NOTIFY
			 : (k & SECCOMP_RET_ACTION_FULL) == SECCOMP_RET_ERRNO ? OUT_ERRNO
			 : k == SECCOMP_RET_KILL_PROCESS || k == SECCOMP_RET_KILL_THREAD
				 ? OUT_KILL
				 : OUT_OTHER;
	}
	assert_int_equal(socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, sv), 0);
	assert_int_equal(setsockopt(sv[1], SOL_SOCKET, SO_ATTACH_FILTER, &copy, sizeof(copy)), 0);
	free(f);
	s->tx = sv[0];
	s->rx = sv[1];
}

static int bpf_run(const struct bpf_socket *s, uint32_t arch, int nr, const uint64_t args[6])
{
	struct seccomp_data d = {.nr = nr, .arch = arch};
	unsigned char pkt[sizeof(d)], buf[sizeof(d)];
	ssize_t n;

	memcpy(d.args, args, sizeof(d.args));
	memcpy(pkt, &d, sizeof(d));
	for (size_t o = 0; o < sizeof(pkt); o += 4) {
		uint32_t w;
		memcpy(&w, pkt + o, 4);
		w = __builtin_bswap32(w);
		memcpy(pkt + o, &w, 4);
	}
	assert_int_equal(send(s->tx, pkt, sizeof(pkt), 0), (ssize_t)sizeof(pkt));
	n = recv(s->rx, buf, sizeof(buf), MSG_DONTWAIT | MSG_TRUNC);
	assert_true(n >= OUT_ALLOW && n <= OUT_OTHER);
	return (int)n;
}

static void bpf_close(struct bpf_socket *s)
{
	close(s->tx);
	close(s->rx);
}

static uint32_t audit_arch(const struct arch_desc *abi)
{
	return abi->id == ARCH_X32 ? AUDIT_ARCH_X86_64 : abi->scmp_arch;
}

static int kernel_nr(const struct arch_desc *abi, int nr)
{
	return abi->id == ARCH_X32 ? nr | VERIFY_X32_SYSCALL_BIT : nr;
}

/* The argument variants a call is probed with. */
static size_t variants(const char *name, uint64_t out[][6])
{
	static const uint64_t prots[] = {0, PROT_READ, RX, WX, PROT_READ | WX};
	size_t n = 0;

	if (strcmp(name, "socketcall") == 0 || strcmp(name, "ipc") == 0) {
		for (uint64_t sub = 0; sub <= 24; sub++)
			out[n++][0] = sub;
		return n;
	}
	if (strcmp(name, "shmat") == 0) {
		out[n++][2] = 0;
		out[n++][2] = SHM_EXEC;
		out[n++][2] = SHM_EXEC | SHM_RDONLY;
		return n;
	}
	for (size_t i = 0; i < ARRAY_SIZE(prots); i++)
		out[n++][2] = prots[i];
	return n;
}

static const char *const compositions[][2] = {
	{"deny list", "SystemCallFilter=~@file-system @network-io"},
	{"deny list, errno", "SystemCallFilter=~@file-system\nSystemCallErrorNumber=EPERM"},
	{"allow list", "SystemCallFilter=@system-service\nSystemCallFilter=~@mount @privileged"},
	{"allow list, socketcall out",
	 "SystemCallFilter=@system-service\nSystemCallFilter=~socketcall"},
	{"allow list, errno entry",
	 "SystemCallFilter=@basic-io @default\nSystemCallFilter=~write:EIO"},
	{"production", "SystemCallArchitectures=native x86\nSystemCallFilter=@system-service\n"
		       "SystemCallFilter=~@debug @mount @raw-io @reboot @swap @cpu-emulation "
		       "@obsolete @privileged"},
	{"archs only", "SystemCallArchitectures=native"},
	{"mdwe seccomp", "MemoryDenyWriteExecute=yes"},
	{"mdwe + deny", "MemoryDenyWriteExecute=yes\nSystemCallFilter=~mprotect"},
	{"mdwe + allow", "MemoryDenyWriteExecute=yes\nSystemCallFilter=@system-service"},
};

static bool is_exec(const char *name)
{
	return strcmp(name, "execve") == 0 || strcmp(name, "execveat") == 0;
}

static void check_program(const char *what, const struct verify_policy *p, bool notify_all,
			  size_t *probes)
{
	struct sock_fprog prog = {0};
	struct bpf_socket s;

	assert_int_equal(verify_policy_program(p, notify_all, &prog), 0);
	bpf_attach(&prog, &s);
	for (size_t a = 0; a < p->n_abis; a++) {
		const struct arch_desc *abi = p->abis[a];
		for (int nr = 0; nr < 1024; nr++) {
			char *name = seccomp_syscall_resolve_num_arch(abi->scmp_arch,
								      kernel_nr(abi, nr));
			uint64_t args[32][6] = {{0}};
			size_t nv = name ? variants(name, args) : 1;
			for (size_t v = 0; v < nv; v++) {
				char *n = sys_name(abi, kernel_nr(abi, nr));
				struct verify_call c = {.abi = abi,
							.nr = kernel_nr(abi, nr),
							.name = n,
							.exec_gain = 1};
				struct verify_judgement j;
				bool refused, routed;
				int out;
				memcpy(c.args, args[v], sizeof(c.args));
				if (strcmp(n, "socketcall") == 0)
					c.sub = sys_socketcall_name((int)c.args[0]);
				else if (strcmp(n, "ipc") == 0)
					c.sub = sys_ipc_name((int)c.args[0]);
				j = verify_judge(p, &c);
				refused = j.verdict != FILTER_ALLOW;
				out = bpf_run(&s, audit_arch(abi), c.nr, c.args);
				routed = out == OUT_NOTIFY;
				assert_true(out == OUT_NOTIFY || out == OUT_ALLOW);
				if (notify_all ? !routed
					       : refused != routed && !(routed && is_exec(n)))
					fail_msg("%s: %s %s (nr %d, a0 %llu a2 %#llx): the program "
						 "%s, "
						 "the judgement %s (%s)",
						 what, abi->name, n, nr,
						 (unsigned long long)c.args[0],
						 (unsigned long long)c.args[2],
						 routed ? "notifies" : "allows",
						 filter_verdict_name(j.verdict),
						 verify_directive_name(j.directive));
				(*probes)++;
				free(n);
			}
			free(name);
		}
	}
	bpf_close(&s);
	free(prog.filter);
}

static void test_program_follows_judgement(void **state)
{
	size_t probes = 0;

	for (size_t i = 0; i < ARRAY_SIZE(compositions); i++) {
		/* 252: MemoryDenyWriteExecute= through seccomp rules. */
		struct verify_policy *p = policy(compositions[i][1], 252, 61200);
		check_program(compositions[i][0], p, false, &probes);
		if (i == 0)
			check_program("--trace", p, true, &probes);
		verify_policy_free(p);
		p = policy(compositions[i][1], 257, 61200);
		check_program(compositions[i][0], p, false, &probes);
		verify_policy_free(p);
	}
	printf("%zu calls on %s judged and run through the kernel's BPF engine\n", probes,
	       "every local ABI");
}

/* ---- against a filter built like systemd's, independently ---- */

static void expand(const char *items, struct strv *out)
{
	char *cmd = xasprintf("python3 '%s/tests/lib/sysgroups_expand.py' '%s' %s", SOURCE_DIR,
			      DUMP, items);
	FILE *f = popen(cmd, "r");
	char line[128];

	assert_non_null(f);
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (*line)
			strv_push(out, line);
	}
	assert_int_equal(pclose(f), 0);
	free(cmd);
}

/* seccomp_init_for_arch() + seccomp_load_syscall_filter_set_raw() of
 * systemd >= 255: the filter systemd loads for one ABI. Its default is
 * ENOSYS; each name of the map gets `action`, each other @known name the
 * unit's default `def`. */
static void systemd_filter(const struct arch_desc *abi, uint32_t def, uint32_t action,
			   const struct strv *names, const struct strv *known,
			   struct sock_fprog *ret)
{
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ERRNO(ENOSYS));
	int fd = memfd_create("systemd-filter", MFD_CLOEXEC);
	off_t len;

	assert_non_null(ctx);
	if (abi->scmp_arch != seccomp_arch_native()) {
		assert_int_equal(seccomp_arch_remove(ctx, seccomp_arch_native()), 0);
		assert_int_equal(seccomp_arch_add(ctx, abi->scmp_arch), 0);
	}
	assert_int_equal(seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_ALLOW), 0);
	for (int pass = 0; pass < 2; pass++) {
		const struct strv *list = pass ? known : names;
		for (size_t i = 0; i < list->n; i++) {
			int id = seccomp_syscall_resolve_name(list->v[i]);
			int r;
			if (id == __NR_SCMP_ERROR || (pass && strv_contains(names, list->v[i])))
				continue;
			r = seccomp_rule_add_exact(ctx, pass ? def : action, id, 0);
			assert_true(r == 0 || r == -EDOM || r == -EEXIST);
		}
	}
	assert_int_equal(seccomp_export_bpf(ctx, fd), 0);
	len = lseek(fd, 0, SEEK_END);
	ret->len = (unsigned short)(len / sizeof(struct sock_filter));
	ret->filter = xmalloc((size_t)len);
	assert_int_equal(pread(fd, ret->filter, (size_t)len, 0), len);
	close(fd);
	seccomp_release(ctx);
}

static void test_program_matches_systemd_build(void **state)
{
	static const struct {
		const char *unit;
		const char *groups; /* what the line names, for the dump */
		bool allow;
	} cases[] = {
		{"SystemCallFilter=~@file-system @network-io", "@file-system @network-io", false},
		{"SystemCallFilter=@system-service", "@default @system-service write", true},
	};
	size_t probes = 0;

	if (access(DUMP, R_OK) != 0)
		skip();
	for (size_t c = 0; c < ARRAY_SIZE(cases); c++) {
		struct verify_policy *p = policy(cases[c].unit, 257, 61200);
		struct sock_fprog ours = {0};
		struct bpf_socket s_ours;
		struct strv names = {0}, known = {0};

		expand(cases[c].groups, &names);
		expand("@known", &known);
		assert_true(names.n > 50);
		assert_int_equal(verify_policy_program(p, false, &ours), 0);
		bpf_attach(&ours, &s_ours);
		for (size_t a = 0; a < p->n_abis; a++) {
			const struct arch_desc *abi = p->abis[a];
			struct sock_fprog sd = {0};
			struct bpf_socket s_sd;
			uint32_t kill = SCMP_ACT_KILL_PROCESS;
			systemd_filter(abi, cases[c].allow ? kill : SCMP_ACT_ALLOW,
				       cases[c].allow ? SCMP_ACT_ALLOW : kill, &names, &known, &sd);
			bpf_attach(&sd, &s_sd);
			for (int nr = 0; nr < 1024; nr++) {
				uint64_t args[32][6] = {{0}};
				char *name = seccomp_syscall_resolve_num_arch(abi->scmp_arch,
									      kernel_nr(abi, nr));
				size_t nv = name ? variants(name, args) : 1;
				for (size_t v = 0; v < nv; v++) {
					int want = bpf_run(&s_sd, audit_arch(abi),
							   kernel_nr(abi, nr), args[v]);
					int got = bpf_run(&s_ours, audit_arch(abi),
							  kernel_nr(abi, nr), args[v]);
					if ((want != OUT_ALLOW) != (got == OUT_NOTIFY) &&
					    !(name && is_exec(name) && got == OUT_NOTIFY))
						fail_msg("%s: %s nr %d (%s, a0 %llu): systemd's "
							 "filter %s, "
							 "verify's %s",
							 cases[c].unit, abi->name, nr,
							 name ? name : "?",
							 (unsigned long long)args[v][0],
							 want == OUT_KILL    ? "kills"
							 : want == OUT_ERRNO ? "fails"
									     : "allows",
							 got == OUT_NOTIFY ? "notifies" : "allows");
					probes++;
				}
				free(name);
			}
			bpf_close(&s_sd);
			free(sd.filter);
		}
		bpf_close(&s_ours);
		free(ours.filter);
		strv_clear(&names);
		strv_clear(&known);
		verify_policy_free(p);
	}
	printf("%zu calls agree with filters built like systemd's\n", probes);
}

/* seccomp_restrict_archs(): one filter allowing everything of the ABIs it
 * lists; libseccomp has the native ABI in it by default and systemd never
 * removes it; calls of other ABIs take libseccomp's default bad-arch
 * action (kill). */
static void test_archs_match_systemd_build(void **state)
{
	static const char *const values[] = {"native", "x86", "native x86", "x32", "native x32"};
	size_t probes = 0;

	if (arch_host()->id != ARCH_X86_64)
		skip();
	for (size_t c = 0; c < ARRAY_SIZE(values); c++) {
		char *unit = xasprintf("SystemCallArchitectures=%s", values[c]);
		struct verify_policy *p = policy(unit, 257, 61200);
		scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
		struct sock_fprog ours = {0}, sd = {0};
		struct bpf_socket s_ours, s_sd;
		int fd = memfd_create("archs", MFD_CLOEXEC);
		off_t len;

		assert_non_null(ctx);
		if (strstr(values[c], "x86 ") || strcmp(values[c], "x86") == 0 ||
		    str_endswith(values[c], " x86"))
			assert_int_equal(seccomp_arch_add(ctx, SCMP_ARCH_X86), 0);
		if (strstr(values[c], "x32"))
			assert_int_equal(seccomp_arch_add(ctx, SCMP_ARCH_X32), 0);
		assert_int_equal(seccomp_export_bpf(ctx, fd), 0);
		len = lseek(fd, 0, SEEK_END);
		sd.len = (unsigned short)(len / sizeof(struct sock_filter));
		sd.filter = xmalloc((size_t)len);
		assert_int_equal(pread(fd, sd.filter, (size_t)len, 0), len);
		close(fd);
		seccomp_release(ctx);
		assert_int_equal(verify_policy_program(p, false, &ours), 0);
		bpf_attach(&ours, &s_ours);
		bpf_attach(&sd, &s_sd);
		for (size_t a = 0; a < p->n_abis; a++) {
			const struct arch_desc *abi = p->abis[a];
			for (int nr = 0; nr < 1024; nr++) {
				uint64_t args[6] = {0};
				char *name = seccomp_syscall_resolve_num_arch(abi->scmp_arch,
									      kernel_nr(abi, nr));
				int want =
					bpf_run(&s_sd, audit_arch(abi), kernel_nr(abi, nr), args);
				int got =
					bpf_run(&s_ours, audit_arch(abi), kernel_nr(abi, nr), args);
				if ((want == OUT_KILL) != (got == OUT_NOTIFY) &&
				    !(name && is_exec(name) && got == OUT_NOTIFY))
					fail_msg("SystemCallArchitectures=%s: %s nr %d (%s): "
						 "systemd's "
						 "filter %s, verify's %s",
						 values[c], abi->name, nr, name ? name : "?",
						 want == OUT_KILL ? "kills" : "allows",
						 got == OUT_NOTIFY ? "notifies" : "allows");
				probes++;
				free(name);
			}
		}
		bpf_close(&s_ours);
		bpf_close(&s_sd);
		free(ours.filter);
		free(sd.filter);
		verify_policy_free(p);
		free(unit);
	}
	printf("%zu calls agree with SystemCallArchitectures= filters built like systemd's\n",
	       probes);
}

static int setup(void **state)
{
	(void)state;
	return tmpdir_make("verify");
}

static int teardown(void **state)
{
	(void)state;
	return tmpdir_remove();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_judge),
		cmocka_unit_test(test_abi_of),
		cmocka_unit_test(test_program_follows_judgement),
		cmocka_unit_test(test_program_matches_systemd_build),
		cmocka_unit_test(test_archs_match_systemd_build),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
