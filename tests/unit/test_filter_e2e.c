// SPDX-License-Identifier: MIT
/* End to end with a real seccomp filter (issue: SystemCallFilter=
 * derivation). For each runnable sample, the whole pipeline runs in-process
 * (closure, facts, syscall engine, verdicts); the derived SystemCallFilter=
 * lines are expanded the way systemd applies them (filter_build on the group
 * table of the target systemd) into the allowed names, and
 * tests/sandbox_run installs exactly that allow-list with libseccomp (default
 * action: kill, one filter per needed ABI) before it execs the sample:
 *  - the sample runs to completion (exit 0, not killed);
 *  - for every syscall strace sees the sample make, the same allow-list
 *    without that one name kills the sample with SIGSYS: the filter is real
 *    and each of those names is needed.
 * strace is the independent truth; the samples are built from source. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>
#include <seccomp.h>

#include "../lib/i386_exec.h"
#include "closure.h"
#include "facts.h"
#include "libcmap.h"
#include "filter.h"
#include "syscalls.h"
#include "sysgroups.h"
#include "verdicts.h"
#include "skip.h"

#include "tmpdir.h"
static char sandbox[4096];

struct sample {
	const char *target; /* analysed and run */
	const char *dir;    /* extra directory target (NULL) */
};

static const struct sample samples[] = {
	{"clean64/hello64", NULL},    {"clean32/hello32", NULL},   {"sys/sockets64", NULL},
	{"sys/sockets32", NULL},      {"sys/threads64", NULL},	   {"sys/threads32", NULL},
	{"sys/files64", NULL},	      {"sys/files32", NULL},	   {"sys/signals64", NULL},
	{"sys/signals32", NULL},      {"sys/rawsyscall64", NULL},  {"sys/rawsyscall32", NULL},
	{"sys/dlopen_user64", NULL},  {"sys/dlopen_user32", NULL}, {"static32/raw_int80", NULL},
	{"srcds/srcds_run", "srcds"},
};

/* Runs argv with stdout/stderr to /dev/null; returns the wait status. */
static int run(char *const argv[], const char *cwd)
{
	pid_t pid = fork();
	int st = 0;
	assert_true(pid >= 0);
	if (pid == 0) {
		int fd = open("/dev/null", O_WRONLY);
		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
		if (cwd && chdir(cwd) < 0)
			_exit(126);
		execv(argv[0], argv);
		_exit(127);
	}
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	return st;
}

/* The derived SystemCallFilter= lines, and which ABIs the closure has. */
static void derive(const char *target, const char *dir, struct strv *lines, bool abis[ARCH_MAX])
{
	struct analysis *a = analysis_new();
	struct closure_opts co = {0};
	struct verdict_opts vo = {
		.systemd_version = 2570000, .kernel_version = 61200, .db_dir = SOURCE_DIR "/db"};
	struct sys_opts so = {.libc = libcmap_new(SOURCE_DIR "/db")};
	char *targets[2];
	size_t n = 0;
	const struct directive_verdict *v;

	targets[n++] = (char *)target;
	if (dir)
		targets[n++] = (char *)dir;
	closure_build(a, &co, targets, n);
	assert_false(a->input_error);
	vo.host = a->host;
	facts_collect_all(a, 5);
	syscalls_analyze(a, &so);
	libcmap_free(so.libc);
	verdicts_build(a, &vo);
	v = verdicts_find(a->verdicts, "SystemCallFilter");
	assert_non_null(v);
	assert_true(v->tolerated);
	for (size_t i = 0; i < v->values.n; i++)
		strv_push(lines, v->values.v[i]);
	for (size_t i = 0; i < a->n_objects; i++)
		if (a->objects[i]->elf->arch)
			abis[a->objects[i]->elf->arch->id] = true;
	analysis_free(a);
}

/* The names systemd's filter for these lines lets through, over the ABIs. */
static void expand(const struct strv *lines, const bool abis[ARCH_MAX], struct strv *out)
{
	struct sysgroups *sg = NULL;
	struct filter *f = NULL;
	struct unit_setting *set = xcalloc(lines->n + 1, sizeof(*set));
	struct filter_input in = {.systemd_version = 2570000};

	assert_int_equal(sysgroups_load(SOURCE_DIR "/db", 2570000, &sg), 0);
	for (size_t i = 0; i < lines->n; i++) {
		set[i].value = lines->v[i];
		set[i].file = (char *)"derived";
		set[i].line = (unsigned)i + 1;
	}
	in.filter_lines = set;
	in.n_filter_lines = lines->n;
	assert_int_equal(filter_build(sg, &in, &f), 0);
	assert_int_equal(f->mode, FILTER_MODE_ALLOW_LIST);
	for (size_t k = 0; k < ARCH_MAX; k++)
		if (abis[k])
			filter_abi_names(f, &arch_table[k], out);
	strv_sort_unique(out);
	filter_free(f);
	sysgroups_free(sg);
	free(set);
}

static void write_list(const char *path, const struct strv *names, const char *skip,
		       const char *skip2)
{
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	for (size_t i = 0; i < names->n; i++)
		if ((!skip || strcmp(names->v[i], skip) != 0) &&
		    (!skip2 || strcmp(names->v[i], skip2) != 0))
			fprintf(fp, "%s\n", names->v[i]);
	fclose(fp);
}

/* Names strace sees (both personalities), leaving out processes that exec a
 * program outside the sample (srcds_run runs `dirname`: a killed $(dirname)
 * subshell does not kill the service). */
static void strace_names(char *const argv[], const char *cwd, struct strv *out)
{
	char *log = xasprintf("%s/strace.log", tmpdir);
	char *args[16] = {"/usr/bin/strace", "-f", "-qq", "-o", log};
	size_t n = 5;
	char *text = NULL;
	struct strv lines = {0};

	for (size_t i = 0; argv[i] && n < 15; i++)
		args[n++] = argv[i];
	args[n] = NULL;
	assert_true(WIFEXITED(run(args, cwd)));
	assert_int_equal(read_file(log, 64 << 20, &text, NULL), 0);
	strv_split(&lines, text, "\n", false);
	{
		struct strv foreign = {0};
		for (size_t i = 0; i < lines.n; i++) {
			char *ex = strstr(lines.v[i], " execve(\"");
			char pid[16];
			const char *prog;
			size_t plen;
			if (!ex || sscanf(lines.v[i], "%15[0-9]", pid) != 1)
				continue;
			prog = ex + strlen(" execve(\"");
			plen = strcspn(prog, "\"");
			{
				char *path = xstrndup(prog, plen);
				const char *base = path_basename(path);
				bool ours = false;
				for (size_t k = 0; argv[k]; k++)
					ours |= strcmp(base, path_basename(argv[k])) == 0;
				ours |= strcmp(base, "srcds_linux") == 0;
				if (!ours)
					strv_push(&foreign, pid);
				free(path);
			}
		}
		for (size_t i = 0; i < lines.n; i++) {
			char pid[16];
			if (sscanf(lines.v[i], "%15[0-9]", pid) == 1 &&
			    strv_contains(&foreign, pid))
				lines.v[i][0] = '\0';
		}
		strv_clear(&foreign);
	}
	for (size_t i = 0; i < lines.n; i++) {
		/* "PID name(args..." or "PID <... name resumed>" */
		const char *p = lines.v[i];
		size_t len;
		while (*p >= '0' && *p <= '9')
			p++;
		while (*p == ' ')
			p++;
		if (str_startswith(p, "<... "))
			p += 5;
		len = strspn(p, "abcdefghijklmnopqrstuvwxyz_0123456789");
		if (len && (p[len] == '(' || p[len] == ' '))
			strv_push_owned(out, xstrndup(p, len));
	}
	strv_sort_unique(out);
	strv_clear(&lines);
	free(text);
	free(log);
}

/* glibc on i386 makes socket and SysV IPC calls through the socketcall and
 * ipc multiplexers, which strace shows by their subcall names. libseccomp
 * lets socketcall(SYS_BIND) through when either "socketcall" or "bind" is
 * allowed (it adds the multiplexed form of each socket rule on x86), so for
 * an i386 sample the call is gone only when both names are: this returns the
 * multiplexer to remove along with the name, or NULL. */
static const char *multiplexer_of(const char *seen, bool i386)
{
	static const char *const sock[] = {
		"socket",      "bind",	      "connect",    "listen",	  "accept",
		"getsockname", "getpeername", "socketpair", "send",	  "recv",
		"sendto",      "recvfrom",    "shutdown",   "setsockopt", "getsockopt",
		"sendmsg",     "recvmsg",     "accept4",    "recvmmsg",	  "sendmmsg",
	};
	static const char *const ipc[] = {
		"semop",  "semget", "semctl", "semtimedop", "msgsnd", "msgrcv",
		"msgget", "msgctl", "shmat",  "shmdt",	    "shmget", "shmctl",
	};
	if (!i386)
		return NULL;
	for (size_t i = 0; i < ARRAY_SIZE(sock); i++)
		if (strcmp(seen, sock[i]) == 0)
			return "socketcall";
	for (size_t i = 0; i < ARRAY_SIZE(ipc); i++)
		if (strcmp(seen, ipc[i]) == 0)
			return "ipc";
	return NULL;
}

static void test_derived_filter_runs_and_is_tight(void **state)
{
	size_t ran = 0, removals = 0;

	skip_without_samples();
	for (size_t s = 0; s < ARRAY_SIZE(samples); s++) {
		char *target = xasprintf("%s/%s", SAMPLES_DIR, samples[s].target);
		char *dir = samples[s].dir ? xasprintf("%s/%s", SAMPLES_DIR, samples[s].dir) : NULL;
		char *cwd = path_dirname(target);
		char *allow = xasprintf("%s/allow", tmpdir);
		struct strv lines = {0}, names = {0}, seen = {0};
		bool abis[ARCH_MAX] = {0};
		char archs[64] = "native";
		char *argv[] = {sandbox, "--arch", archs, "--allow", allow, "--", target, NULL};
		char *plain[] = {target, NULL};
		int st;

		if (access(target, X_OK) != 0)
			fail_msg("%s: not built", target);
		derive(target, dir, &lines, abis);
		if (abis[ARCH_X86] && !i386_exec_ok()) {
			/* Analysed all the same; only running it is impossible here. */
			printf("skip %s: this kernel does not execute i386 programs\n",
			       samples[s].target);
			strv_clear(&lines);
			free(target);
			free(dir);
			free(cwd);
			free(allow);
			continue;
		}
		expand(&lines, abis, &names);
		if (abis[ARCH_X86])
			strcat(archs, ",x86");
		write_list(allow, &names, NULL, NULL);
		st = run(argv, cwd);
		if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
			fail_msg("%s under its derived filter: %s %d (allow-list of %zu names)",
				 samples[s].target, WIFSIGNALED(st) ? "killed by signal" : "exit",
				 WIFSIGNALED(st) ? WTERMSIG(st) : WEXITSTATUS(st), names.n);
		ran++;
		printf("ok   %s runs under its derived filter (%zu names)\n", samples[s].target,
		       names.n);

		strace_names(plain, cwd, &seen);
		for (size_t i = 0; i < seen.n; i++) {
			/* sandbox_run needs execve to start the sample. */
			if (strcmp(seen.v[i], "execve") == 0 || !strv_contains(&names, seen.v[i]))
				continue;
			const char *mux = multiplexer_of(seen.v[i], abis[ARCH_X86]);
			write_list(allow, &names, seen.v[i], mux);
			/* Some calls depend on timing (futex only under
			 * contention): a run that happens not to make the call
			 * is tried again; one SIGSYS shows the call is made. */
			for (int attempt = 0; attempt < 8; attempt++) {
				st = run(argv, cwd);
				if (WIFSIGNALED(st) && WTERMSIG(st) == SIGSYS)
					break;
				printf("note %s without %s: not killed on attempt %d\n",
				       samples[s].target, seen.v[i], attempt + 1);
			}
			if (!(WIFSIGNALED(st) && WTERMSIG(st) == SIGSYS))
				fail_msg("%s without %s%s%s: not killed by SIGSYS in 8 runs "
					 "(status 0x%x)",
					 samples[s].target, seen.v[i], mux ? " and " : "",
					 mux ? mux : "", st);
			removals++;
		}
		printf("ok   %s: each of %zu syscalls strace saw, removed, kills it\n",
		       samples[s].target, seen.n);
		strv_clear(&lines);
		strv_clear(&names);
		strv_clear(&seen);
		free(target);
		free(dir);
		free(cwd);
		free(allow);
	}
	if (ran == 0)
		skip_test("no sample can run on this kernel");
	printf("%zu samples ran under their derived filters; %zu removals killed them\n", ran,
	       removals);
}

static int setup(void **state)
{
	const char *b = getenv("SECCOMPAT_BUILD");

	(void)state;
	snprintf(sandbox, sizeof(sandbox), "%s/tests/sandbox_run", b ? b : ".");
	return tmpdir_make("e2e");
}

static int teardown(void **state)
{
	(void)state;
	return tmpdir_remove();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_derived_filter_runs_and_is_tight),
	};
	return skip_exit(cmocka_run_group_tests(tests, setup, teardown));
}
