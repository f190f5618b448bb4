// SPDX-License-Identifier: MIT
/* Runs the command under the verify filter and supervises it through
 * seccomp user notification (seccomp_unotify(2)).
 *
 * Start-up. The child sets PR_SET_NO_NEW_PRIVS when it lacks CAP_SYS_ADMIN
 * (the kernel's condition for an unprivileged filter, and systemd's for
 * services with User=), loads the filter with SECCOMP_FILTER_FLAG_NEW_LISTENER
 * and then only waits and execs. The listener is the child's lowest free
 * descriptor, which it names before loading; the parent copies it with
 * pidfd_getfd(2) (Linux 5.6; ptrace access to its own child). Passing it over
 * a socket would need sendmsg() after the filter is in place, and a filter
 * that notifies sendmsg() (--trace does) would then wait for a supervisor
 * that has no listener yet. The child waits on a pipe until the parent has
 * the listener, so its execve() is judged like every later call; before that
 * execve, its own calls are let through unrecorded.
 *
 * Every process and thread the command starts inherits the filter; the
 * supervisor serves them all until the listener reports that no task uses
 * the filter any more (EPOLLHUP, Linux 5.8). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <seccomp.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "syscalls.h"
#include "verify.h"

#ifndef PR_SET_MDWE
#define PR_SET_MDWE 65
#endif
#ifndef PR_MDWE_REFUSE_EXEC_GAIN
#define PR_MDWE_REFUSE_EXEC_GAIN 1
#endif
#define CAP_SYS_ADMIN_BIT 21

/* What the child tells the parent over the status pipe. */
enum child_step {
	STEP_LISTENER, /* value: the descriptor the listener will get */
	STEP_NNP,
	STEP_MDWE,
	STEP_SECCOMP,
	STEP_EXEC,
	STEP_MAX
};

struct child_msg {
	int step;
	int value; /* the descriptor, or an errno */
};

static const char *const step_what[STEP_MAX] = {
	[STEP_NNP] = "prctl(PR_SET_NO_NEW_PRIVS)",
	[STEP_MDWE] = "prctl(PR_SET_MDWE)",
	[STEP_SECCOMP] = "seccomp(SECCOMP_SET_MODE_FILTER)",
	[STEP_EXEC] = "execve",
};

void verify_result_free(struct verify_result *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n_violations; i++) {
		free(r->violations[i].name);
		free(r->violations[i].set_at);
		strv_clear(&r->violations[i].programs);
	}
	free(r->violations);
	for (size_t i = 0; i < r->n_kills; i++) {
		free(r->kills[i].program);
		free(r->kills[i].name);
	}
	free(r->kills);
	for (size_t i = 0; i < r->n_programs; i++) {
		free(r->programs[i].exe);
		for (size_t k = 0; k < ARCH_MAX; k++)
			strv_clear(&r->programs[i].calls[k]);
	}
	free(r->programs);
	strv_clear(&r->notes);
	for (size_t k = 0; k < ARCH_MAX; k++) {
		strv_clear(&r->observed[k]);
		strv_clear(&r->unpredicted[k]);
	}
	free(r);
}

/* ---- helpers about the processes ---- */

/* A field of /proc/PID/status ("Tgid", "SigCgt"...) as text; NULL. */
static char *status_field(pid_t tid, const char *key)
{
	char path[64], *text = NULL, *v = NULL;
	struct strv lines = {0};
	size_t klen = strlen(key);

	snprintf(path, sizeof(path), "/proc/%d/status", (int)tid);
	if (read_file(path, 1 << 16, &text, NULL) < 0)
		return NULL;
	strv_split(&lines, text, "\n", false);
	for (size_t i = 0; i < lines.n && !v; i++)
		if (strncmp(lines.v[i], key, klen) == 0 && lines.v[i][klen] == ':')
			v = xstrdup(lines.v[i] + klen + 1 + strspn(lines.v[i] + klen + 1, " \t"));
	strv_clear(&lines);
	free(text);
	return v;
}

static bool has_cap_sys_admin(void)
{
	char *v = status_field(getpid(), "CapEff");
	unsigned long long caps = v ? strtoull(v, NULL, 16) : 0;

	free(v);
	return caps & (1ull << CAP_SYS_ADMIN_BIT);
}

/* The program a task runs: its /proc/PID/exe. */
static char *exe_of(pid_t tid)
{
	char path[64], buf[4096];
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/%d/exe", (int)tid);
	n = readlink(path, buf, sizeof(buf) - 1);
	if (n <= 0)
		return xasprintf("(pid %d)", (int)tid);
	buf[n] = '\0';
	if (str_endswith(buf, " (deleted)"))
		buf[n - strlen(" (deleted)")] = '\0';
	return xstrdup(buf);
}

/* Whether mprotect(addr, len, PROT_EXEC...) would make memory executable
 * that is not: some page of the range lies in a mapping without 'x' in
 * /proc/PID/maps. -1 when the maps cannot be read. */
static int exec_gain(pid_t tid, uint64_t addr, uint64_t len)
{
	uint64_t page = (uint64_t)sysconf(_SC_PAGESIZE);
	uint64_t end = (addr + len + page - 1) & ~(page - 1);
	char path[64], *text = NULL;
	struct strv lines = {0};
	int gain = 0;

	snprintf(path, sizeof(path), "/proc/%d/maps", (int)tid);
	if (read_file(path, 64u << 20, &text, NULL) < 0)
		return -1;
	strv_split(&lines, text, "\n", false);
	for (size_t i = 0; i < lines.n && !gain; i++) {
		unsigned long long lo, hi;
		char perms[8];
		if (sscanf(lines.v[i], "%llx-%llx %7s", &lo, &hi, perms) != 3)
			continue;
		if (hi > addr && lo < end && perms[2] != 'x')
			gain = 1;
	}
	strv_clear(&lines);
	free(text);
	return gain;
}

/* The command as execve() gets it: argv[0] searched in PATH as execvp()
 * does when it has no '/'. NULL when not found. */
static char *resolve_command(const char *cmd)
{
	const char *path = getenv("PATH");
	struct strv dirs = {0};
	char *found = NULL;

	if (strchr(cmd, '/'))
		return xstrdup(cmd);
	strv_split(&dirs, path ? path : "/usr/local/bin:/usr/bin:/bin", ":", false);
	for (size_t i = 0; i < dirs.n && !found; i++) {
		char *p = path_join(dirs.v[i], cmd);
		struct stat st;
		if (stat(p, &st) == 0 && S_ISREG(st.st_mode) && access(p, X_OK) == 0)
			found = p;
		else
			free(p);
	}
	strv_clear(&dirs);
	return found;
}

/* ---- the child ---- */

static void child_fail(int fd, enum child_step step, int err)
{
	struct child_msg m = {.step = step, .value = err};

	if (write(fd, &m, sizeof(m)) < 0) {
		/* nothing more to tell */
	}
	_exit(127);
}

struct child_args {
	const char *path;
	char *const *argv;
	const struct sock_fprog *prog;
	int status_fd, go_fd;
	const sigset_t *mask;
	pid_t parent;
	bool nnp, mdwe_prctl;
};

static void child_main(const struct child_args *c)
{
	struct child_msg m = {.step = STEP_LISTENER};
	char go;

	sigprocmask(SIG_SETMASK, c->mask, NULL);
	/* The command must not outlive a supervisor that died: its notified
	 * calls would fail with ENOSYS. */
	prctl(PR_SET_PDEATHSIG, SIGKILL, 0L, 0L, 0L);
	if (getppid() != c->parent)
		_exit(127);
	if (c->nnp && prctl(PR_SET_NO_NEW_PRIVS, 1L, 0L, 0L, 0L) < 0)
		child_fail(c->status_fd, STEP_NNP, errno);
	if (c->mdwe_prctl && prctl(PR_SET_MDWE, PR_MDWE_REFUSE_EXEC_GAIN, 0L, 0L, 0L) < 0)
		child_fail(c->status_fd, STEP_MDWE, errno);
	/* The kernel gives the listener the lowest free descriptor. */
	m.value = fcntl(c->status_fd, F_DUPFD_CLOEXEC, 0);
	if (m.value < 0)
		child_fail(c->status_fd, STEP_SECCOMP, errno);
	close(m.value);
	if (write(c->status_fd, &m, sizeof(m)) != (ssize_t)sizeof(m))
		_exit(127);
	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_NEW_LISTENER,
		    c->prog) < 0)
		child_fail(c->status_fd, STEP_SECCOMP, errno);
	if (read(c->go_fd, &go, 1) != 1)
		_exit(127);
	execv(c->path, c->argv);
	child_fail(c->status_fd, STEP_EXEC, errno);
}

/* Copies the child's listener (descriptor `target`) once the filter is in
 * place: until then pidfd_getfd() answers EBADF. */
static int take_listener(int pidfd, int target, int *ret)
{
	for (int tries = 0; tries < 20000; tries++) {
		int fd = (int)syscall(SYS_pidfd_getfd, pidfd, target, 0);
		struct pollfd pfd = {.fd = pidfd, .events = POLLIN};
		char path[64], link[64];
		ssize_t n;

		if (fd >= 0) {
			snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
			n = readlink(path, link, sizeof(link) - 1);
			link[n > 0 ? n : 0] = '\0';
			if (!strstr(link, "seccomp")) {
				close(fd);
				return -EBADFD;
			}
			*ret = fd;
			return 0;
		}
		if (errno != EBADF)
			return -errno;
		/* The child exited (its status pipe says why) or is still on
		 * its way to seccomp(). */
		if (poll(&pfd, 1, 1) > 0)
			return -ECHILD;
	}
	return -ETIMEDOUT;
}

/* ---- recording ---- */

#define NAME_CACHE 1024
#define EXE_CACHE 4096

struct sup {
	const struct verify_run_opts *o;
	const struct verify_policy *p;
	struct verify_result *r;
	const char *command;
	pid_t child;
	bool launched;
	bool mdwe_prctl; /* PR_SET_MDWE applied for real (enforce) */
	struct seccomp_notif *req;
	size_t req_size; /* what the kernel wants zeroed before each receive */
	struct seccomp_notif_resp *resp;
	/* Processes ended by the policy (enforce): their further calls are
	 * left unanswered, as a killed process makes no more calls. */
	struct doomed {
		pid_t tgid;
		double since;
		size_t kill; /* index in r->kills */
	} doomed[32];
	size_t n_doomed;
	/* Caches: the name of each number per ABI, and the program of each
	 * task (forgotten at every exec, the only way a task changes it). */
	char *(*names)[NAME_CACHE];
	struct exe_slot {
		pid_t tid;
		char *exe;
	} exes[EXE_CACHE];
};

static double now(void);

static struct verify_program *program(struct verify_result *r, const char *exe,
				      const struct strv *analysed)
{
	for (size_t i = 0; i < r->n_programs; i++)
		if (strcmp(r->programs[i].exe, exe) == 0)
			return &r->programs[i];
	GROW(r->programs, r->cap_programs, r->n_programs);
	r->programs[r->n_programs] = (struct verify_program){
		.exe = xstrdup(exe),
		.analysed = analysed && sysgroups_sorted_contains(analysed, exe),
	};
	return &r->programs[r->n_programs++];
}

static void add_name(struct strv *s, const char *name)
{
	if (!strv_contains(s, name))
		strv_push(s, name);
}

static void record_violation(struct sup *s, const struct verify_call *c, const char *name,
			     const struct verify_judgement *j, const char *exe)
{
	struct verify_result *r = s->r;
	struct verify_violation *v = NULL;

	for (size_t i = 0; i < r->n_violations && !v; i++) {
		struct verify_violation *e = &r->violations[i];
		if (e->abi == c->abi && e->directive == j->directive && e->at == j->at &&
		    e->action == j->verdict && e->errno_num == j->errno_num &&
		    strcmp(e->name, name) == 0)
			v = e;
	}
	if (!v) {
		GROW(r->violations, r->cap_violations, r->n_violations);
		v = &r->violations[r->n_violations++];
		*v = (struct verify_violation){.abi = c->abi,
					       .name = xstrdup(name),
					       .directive = j->directive,
					       .action = j->verdict,
					       .errno_num = j->errno_num,
					       .at = j->at,
					       .set_at = verify_set_at(s->p, j->at)};
	}
	v->count++;
	add_name(&v->programs, exe);
}

static bool mask_has(const char *hex, int sig)
{
	return hex && (strtoull(hex, NULL, 16) & (1ull << (sig - 1)));
}

/* Whether kill(tgid, sig) ends the process: the signal is neither caught
 * nor ignored (process-wide), and some thread does not block it (a
 * process-directed signal goes to such a thread). */
static bool signal_ends(pid_t tgid, int sig)
{
	char path[64], *cgt = status_field(tgid, "SigCgt"), *ign = status_field(tgid, "SigIgn");
	bool ends = cgt && ign && !mask_has(cgt, sig) && !mask_has(ign, sig), open = false;
	struct dirent *de;
	DIR *d;

	free(cgt);
	free(ign);
	snprintf(path, sizeof(path), "/proc/%d/task", (int)tgid);
	d = ends ? opendir(path) : NULL;
	while (d && !open && (de = readdir(d))) {
		char *blk;
		if (de->d_name[0] < '0' || de->d_name[0] > '9')
			continue;
		blk = status_field((pid_t)atoi(de->d_name), "SigBlk");
		open = blk && !mask_has(blk, sig);
		free(blk);
	}
	if (d)
		closedir(d);
	return ends && open;
}

/* Ends the process of `tid` as the seccomp kill action would: with SIGSYS,
 * which the kernel forces past handlers, masks and SIG_IGN
 * (force_sig_seccomp()). From outside a signal can only be sent: when the
 * program catches or ignores SIGSYS, or every thread blocks it, SIGKILL is
 * sent instead. A kill of the calling thread alone (SECCOMP_RET_KILL_THREAD)
 * cannot be done from outside: the whole process ends, and the report says
 * so. */
static void end_process(struct sup *s, pid_t tid, const struct verify_call *c, const char *name,
			const struct verify_judgement *j, const char *exe)
{
	struct verify_result *r = s->r;
	char *tgid_s = status_field(tid, "Tgid"), *thr = status_field(tid, "Threads");
	pid_t tgid = tgid_s ? (pid_t)atoi(tgid_s) : tid;
	struct verify_kill *k;

	GROW(r->kills, r->cap_kills, r->n_kills);
	k = &r->kills[r->n_kills++];
	*k = (struct verify_kill){
		.tid = tid,
		.program = xstrdup(exe),
		.abi = c->abi,
		.name = xstrdup(name),
		.directive = j->directive,
		.thread_only = j->thread_only && thr && atoi(thr) > 1,
		.signal = signal_ends(tgid, SIGSYS) ? SIGSYS : SIGKILL,
	};
	kill(tgid, k->signal);
	if (s->n_doomed < ARRAY_SIZE(s->doomed))
		s->doomed[s->n_doomed++] =
			(struct doomed){.tgid = tgid, .since = now(), .kill = r->n_kills - 1};
	free(tgid_s);
	free(thr);
}

static bool alive(pid_t tgid)
{
	char *state = status_field(tgid, "State");
	bool yes = state && state[0] != 'Z' && state[0] != 'X';

	free(state);
	return yes;
}

/* Whether tid belongs to a process the policy ended. */
static bool doomed(const struct sup *s, pid_t tid)
{
	char *tgid_s;
	pid_t tgid;

	if (!s->n_doomed)
		return false;
	tgid_s = status_field(tid, "Tgid");
	tgid = tgid_s ? (pid_t)atoi(tgid_s) : tid;
	free(tgid_s);
	for (size_t i = 0; i < s->n_doomed; i++)
		if (s->doomed[i].tgid == tgid)
			return true;
	return false;
}

/* A process ended by the policy that is still there after a while (its
 * signal not yet taken: a thread stuck in an uninterruptible call) gets
 * SIGKILL; the gone ones are forgotten. */
static void reap_doomed(struct sup *s)
{
	size_t n = 0;

	for (size_t i = 0; i < s->n_doomed; i++) {
		struct doomed *d = &s->doomed[i];
		if (!alive(d->tgid))
			continue;
		if (now() - d->since > 2.0 && s->r->kills[d->kill].signal != SIGKILL) {
			kill(d->tgid, SIGKILL);
			s->r->kills[d->kill].signal = SIGKILL;
		}
		s->doomed[n++] = *d;
	}
	s->n_doomed = n;
}

static bool is_exec(const char *name)
{
	return strcmp(name, "execve") == 0 || strcmp(name, "execveat") == 0;
}

/* The name of call nr on abi (borrowed from the cache, or owned by *tmp). */
static const char *call_name(struct sup *s, const struct arch_desc *abi, int nr, char **tmp)
{
	int i = nr & ~VERIFY_X32_SYSCALL_BIT;

	*tmp = NULL;
	if (i < 0 || i >= NAME_CACHE)
		return *tmp = sys_name(abi, nr);
	if (!s->names[abi->id][i])
		s->names[abi->id][i] = sys_name(abi, nr);
	return s->names[abi->id][i];
}

static void exes_forget(struct sup *s)
{
	for (size_t i = 0; i < EXE_CACHE; i++) {
		free(s->exes[i].exe);
		s->exes[i] = (struct exe_slot){0};
	}
}

/* The program tid runs (borrowed from the cache). */
static const char *program_of(struct sup *s, pid_t tid)
{
	size_t h = (size_t)tid % EXE_CACHE;

	for (size_t k = 0; k < EXE_CACHE; k++) {
		struct exe_slot *e = &s->exes[(h + k) % EXE_CACHE];
		if (e->tid == tid)
			return e->exe;
		if (!e->exe) {
			e->tid = tid;
			e->exe = exe_of(tid);
			return e->exe;
		}
	}
	exes_forget(s);
	return program_of(s, tid);
}

static void handle(struct sup *s, int listener)
{
	struct seccomp_notif *req = s->req;
	struct seccomp_notif_resp *resp = s->resp;
	const struct verify_run_opts *o = s->o;
	struct verify_call c = {.exec_gain = -1};
	struct verify_judgement j = {.verdict = FILTER_ALLOW};
	bool launcher_exec = false, forget_exes = false;
	char *name_tmp = NULL;
	const char *name, *exe, *shown;

	memset(req, 0, s->req_size);
	if (seccomp_notify_receive(listener, req) < 0)
		return; /* the task is gone, or a signal interrupted it */
	memset(resp, 0, sizeof(*resp));
	resp->id = req->id;
	resp->flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;

	c.abi = verify_abi_of(s->p, req->data.arch, req->data.nr);
	if (!c.abi) {
		char *note = xasprintf("calls of an ABI seccompat does not know (audit arch "
				       "0x%x) were let through",
				       req->data.arch);
		add_name(&s->r->notes, note);
		free(note);
		goto respond;
	}
	name = call_name(s, c.abi, req->data.nr, &name_tmp);
	c.nr = req->data.nr;
	c.name = name;
	memcpy(c.args, req->data.args, sizeof(c.args));
	if (strcmp(name, "socketcall") == 0)
		c.sub = sys_socketcall_name((int)c.args[0]);
	else if (strcmp(name, "ipc") == 0)
		c.sub = sys_ipc_name((int)c.args[0]);

	/* Another call of a process the policy ended: it dies without an
	 * answer. */
	if (doomed(s, (pid_t)req->pid))
		goto out;
	if ((pid_t)req->pid == s->child && !s->launched) {
		/* The launcher's own calls before the command's execve. */
		if (!is_exec(name))
			goto respond;
		s->launched = true;
		launcher_exec = true;
		exe = s->command;
	} else {
		exe = program_of(s, (pid_t)req->pid);
	}
	/* The task may run another program after this call: forget the
	 * cache once exe (borrowed from it) is no longer used. */
	forget_exes = is_exec(name);
	s->r->notifications++;

	j = verify_judge(s->p, &c);
	if (j.needs_exec_gain) {
		c.exec_gain = exec_gain((pid_t)req->pid, c.args[0], c.args[1]);
		j = verify_judge(s->p, &c);
	}
	if (o->trace && !launcher_exec) {
		struct verify_program *prog = program(s->r, exe, o->analysed_exes);
		add_name(&prog->calls[c.abi->id], name);
		if (c.sub)
			add_name(&prog->calls[c.abi->id], c.sub);
	}
	if (j.verdict == FILTER_ALLOW)
		goto respond;
	/* A multiplexed call is named by its subcall unless the
	 * multiplexer's own rule decided. */
	shown = c.sub && !(j.at && j.directive == VERIFY_SYSCALL_FILTER &&
			   filter_action(s->p->filter, c.abi, name).reason == FILTER_BY_RULE)
			? c.sub
			: name;
	if (j.fallback) {
		char *at = verify_set_at(s->p, j.at);
		char *note = xasprintf("%s %s fails with ENOSYS (%s= at %s); the caller is "
				       "expected to fall back to an older call",
				       c.abi->name, shown, verify_directive_name(j.directive), at);
		if (!strv_contains(&s->r->notes, note))
			strv_push(&s->r->notes, note);
		free(note);
		free(at);
	} else {
		record_violation(s, &c, shown, &j, exe);
	}
	if (o->mode != VERIFY_ENFORCE)
		goto respond;
	if (j.verdict == FILTER_KILL) {
		/* The call never returns: the thread waits for an answer
		 * until its process dies of the signal. */
		end_process(s, (pid_t)req->pid, &c, shown, &j, exe);
		goto out;
	} else if (!(j.directive == VERIFY_MEMORY_DENY_WRITE_EXECUTE && s->mdwe_prctl)) {
		/* Under PR_SET_MDWE the kernel refuses the call itself. */
		resp->flags = 0;
		resp->error = -j.errno_num;
	}
respond:
	/* ENOENT: the task died or a signal withdrew the call meanwhile. */
	seccomp_notify_respond(listener, resp);
out:
	if (forget_exes)
		exes_forget(s);
	free(name_tmp);
}

/* ---- the parent ---- */

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void supervise(struct sup *s, int listener, int pidfd, int sigfd, int status_fd,
		      FILE *progress, int *ret_exec_errno)
{
	struct pollfd fds[4] = {
		{.fd = listener, .events = POLLIN},
		{.fd = pidfd, .events = POLLIN},
		{.fd = sigfd, .events = POLLIN},
		{.fd = status_fd, .events = POLLIN},
	};
	bool main_done = false, said = false;
	double start = now();

	for (;;) {
		int n = poll(fds, ARRAY_SIZE(fds),
			     s->n_doomed	  ? 500
			     : main_done && !said ? 2000
						  : -1);
		if (n < 0 && errno == EINTR)
			continue;
		if (s->n_doomed)
			reap_doomed(s);
		if (n == 0 && (!main_done || said))
			continue;
		if (n == 0) {
			if (progress)
				fprintf(progress,
					"seccompat verify: %s exited; waiting for the "
					"processes it left running\n",
					s->command);
			said = true;
			continue;
		}
		if (fds[0].revents & POLLIN)
			handle(s, listener);
		else if (fds[0].revents & (POLLHUP | POLLERR))
			break;
		if (fds[1].revents & POLLIN) {
			int st = 0;
			if (waitpid(s->child, &st, WNOHANG) == s->child) {
				s->r->status = st;
				s->r->seconds = now() - start;
				main_done = true;
				fds[1].fd = -1;
			}
		}
		if (fds[2].revents & POLLIN) {
			struct signalfd_siginfo si;
			if (read(sigfd, &si, sizeof(si)) == (ssize_t)sizeof(si) && !main_done &&
			    (si.ssi_signo == SIGTERM || si.ssi_signo == SIGHUP))
				kill(s->child, (int)si.ssi_signo);
		}
		if (fds[3].revents & (POLLIN | POLLHUP)) {
			struct child_msg m;
			if (read(status_fd, &m, sizeof(m)) == (ssize_t)sizeof(m) &&
			    m.step == STEP_EXEC)
				*ret_exec_errno = m.value;
			else
				fds[3].fd = -1;
		}
	}
	if (!main_done) {
		int st = 0;
		if (waitpid(s->child, &st, 0) == s->child)
			s->r->status = st;
		s->r->seconds = now() - start;
	}
	/* The child is gone: what it wrote is there, or the pipe is at its
	 * end (closed by a successful execve). */
	if (fds[3].fd >= 0) {
		struct child_msg m;
		if (read(status_fd, &m, sizeof(m)) == (ssize_t)sizeof(m) && m.step == STEP_EXEC)
			*ret_exec_errno = m.value;
	}
}

static int fail(char **ret_error, int r, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int fail(char **ret_error, int r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (ret_error)
		*ret_error = xvasprintf(fmt, ap);
	va_end(ap);
	return r;
}

int verify_run(const struct verify_run_opts *o, struct verify_result **ret, char **ret_error)
{
	struct sock_fprog prog = {0};
	int status[2] = {-1, -1}, go[2] = {-1, -1}, sigfd = -1, pidfd = -1, listener = -1;
	struct seccomp_notif_resp *resp = NULL;
	struct seccomp_notif *req = NULL;
	struct verify_result *r = NULL;
	struct child_msg m = {0};
	sigset_t block, old;
	char *path = NULL;
	int exec_errno = 0, err = 0;
	struct seccomp_notif_sizes sizes = {0};
	pid_t pid, parent = getpid();
	bool nnp = !has_cap_sys_admin();
	bool mdwe_prctl =
		o->mode == VERIFY_ENFORCE && o->policy->mdwe && o->policy->mdwe_mode == MDWE_PRCTL;

	/* API level 5: SCMP_ACT_NOTIFY and the notify calls. */
	if (seccomp_api_get() < 5)
		return fail(ret_error, -EOPNOTSUPP,
			    "libseccomp or the kernel lacks seccomp user notification "
			    "(API level %u, 5 needed)",
			    seccomp_api_get());
	path = resolve_command(o->argv[0]);
	if (!path)
		return fail(ret_error, -ENOENT, "%s: command not found", o->argv[0]);
	err = verify_policy_program(o->policy, o->trace, &prog);
	if (err < 0) {
		free(path);
		return fail(ret_error, err, "cannot build the seccomp filter: %s", strerror(-err));
	}
	/* SECCOMP_IOCTL_NOTIF_RECV wants a zeroed buffer of the kernel's size
	 * (seccomp_notify_alloc() allocates at least that much). */
	if (syscall(SYS_seccomp, SECCOMP_GET_NOTIF_SIZES, 0, &sizes) < 0 ||
	    seccomp_notify_alloc(&req, &resp) < 0 || pipe2(status, O_CLOEXEC) < 0 ||
	    pipe2(go, O_CLOEXEC) < 0) {
		err = fail(ret_error, -errno, "cannot set up: %s", strerror(errno));
		goto out;
	}
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGQUIT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGHUP);
	sigprocmask(SIG_BLOCK, &block, &old);
	sigfd = signalfd(-1, &block, SFD_CLOEXEC);

	pid = fork();
	if (pid < 0) {
		err = fail(ret_error, -errno, "cannot fork: %s", strerror(errno));
		goto out_mask;
	}
	if (pid == 0) {
		struct child_args c = {
			.path = path,
			.argv = o->argv,
			.prog = &prog,
			.status_fd = status[1],
			.go_fd = go[0],
			.mask = &old,
			.parent = parent,
			.nnp = nnp,
			.mdwe_prctl = mdwe_prctl,
		};
		close(status[0]);
		close(go[1]);
		child_main(&c);
		_exit(127);
	}
	close(status[1]);
	close(go[0]);
	status[1] = go[0] = -1;

	pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	if (read(status[0], &m, sizeof(m)) != (ssize_t)sizeof(m) || m.step != STEP_LISTENER ||
	    pidfd < 0) {
		if (pidfd < 0)
			err = fail(ret_error, -errno, "pidfd_open: %s", strerror(errno));
		else if (m.step > STEP_LISTENER && m.step < STEP_MAX)
			err = fail(ret_error, -m.value, "%s: %s", step_what[m.step],
				   strerror(m.value));
		else
			err = fail(ret_error, -ECHILD, "the child exited during set-up");
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		goto out_mask;
	}
	err = take_listener(pidfd, m.value, &listener);
	if (err < 0) {
		struct child_msg why;
		if (err == -ECHILD && read(status[0], &why, sizeof(why)) == (ssize_t)sizeof(why) &&
		    why.step > STEP_LISTENER && why.step < STEP_MAX)
			fail(ret_error, err, "%s: %s", step_what[why.step], strerror(why.value));
		else
			fail(ret_error, err,
			     "cannot take the seccomp listener from the child: pidfd_getfd: %s%s",
			     strerror(-err),
			     err == -EPERM ? " (ptrace access to the child is refused)" : "");
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		goto out_mask;
	}

	r = xcalloc(1, sizeof(*r));
	r->argv = (char **)o->argv;
	r->mode = o->mode;
	r->traced = o->trace;
	{
		struct sup s = {
			.o = o,
			.p = o->policy,
			.r = r,
			.command = path,
			.child = pid,
			.mdwe_prctl = mdwe_prctl,
			.req = req,
			.req_size = MAX((size_t)sizes.seccomp_notif, sizeof(*req)),
			.resp = resp,
			.names = xcalloc(ARCH_MAX, sizeof(*s.names)),
		};
		if (write(go[1], "g", 1) != 1) {
			/* the child is gone: the supervisor sees it exit */
		}
		close(go[1]);
		go[1] = -1;
		supervise(&s, listener, pidfd, sigfd, status[0], o->progress, &exec_errno);
		for (size_t a = 0; a < ARCH_MAX; a++)
			for (size_t i = 0; i < NAME_CACHE; i++)
				free(s.names[a][i]);
		free(s.names);
		exes_forget(&s);
	}
	if (exec_errno) {
		err = fail(ret_error, -exec_errno, "cannot execute %s: %s", path,
			   strerror(exec_errno));
		verify_result_free(r);
		r = NULL;
	}
out_mask:
	sigprocmask(SIG_SETMASK, &old, NULL);
out:
	if (listener >= 0)
		close(listener);
	if (pidfd >= 0)
		close(pidfd);
	if (sigfd >= 0)
		close(sigfd);
	for (int i = 0; i < 2; i++) {
		if (status[i] >= 0)
			close(status[i]);
		if (go[i] >= 0)
			close(go[i]);
	}
	seccomp_notify_free(req, resp);
	free(prog.filter);
	free(path);
	if (r)
		*ret = r;
	return r ? 0 : err < 0 ? err : -EIO;
}

/* ---- comparison with the analysis ---- */

void verify_compare(struct verify_result *r, const struct sysreport *report)
{
	for (size_t i = 0; i < r->n_programs; i++) {
		struct verify_program *p = &r->programs[i];
		for (size_t k = 0; k < ARCH_MAX; k++)
			strv_sort_unique(&p->calls[k]);
		for (size_t k = 0; k < ARCH_MAX; k++)
			for (size_t n = 0; n < p->calls[k].n; n++) {
				const char *name = p->calls[k].v[n];
				const struct sys_entry *e;
				add_name(&r->observed[k], name);
				if (!p->analysed)
					continue;
				/* Only the certain and possible tiers predict a
				 * call; anything else (not found, or a tier
				 * below) is a miss of the analysis. */
				e = report ? sysreport_find(report, (enum arch_id)k, name) : NULL;
				if (!e || (e->conf != CONF_CERTAIN && e->conf != CONF_POSSIBLE))
					add_name(&r->unpredicted[k], name);
			}
	}
	for (size_t k = 0; k < ARCH_MAX; k++) {
		strv_sort_unique(&r->observed[k]);
		strv_sort_unique(&r->unpredicted[k]);
	}
	r->compared = report != NULL;
}

bool verify_findings(const struct verify_result *r)
{
	if (r->n_violations)
		return true;
	for (size_t k = 0; r->compared && k < ARCH_MAX; k++)
		if (r->unpredicted[k].n)
			return true;
	return false;
}
