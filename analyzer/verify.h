/* SPDX-License-Identifier: MIT */
/* `seccompat verify`: runs a command under a unit's seccomp policy and
 * reports what the policy would have killed or failed.
 *
 * The policy is what systemd installs for SystemCallArchitectures=,
 * SystemCallFilter=, SystemCallErrorNumber=, the seccomp side of
 * MemoryDenyWriteExecute= and of the argument-checking directives
 * (RestrictAddressFamilies=, LockPersonality=, ... ProtectHostname=), expanded by filter.c with the group table of the
 * target systemd. systemd loads one filter per ABI plus one for the ABIs
 * (src/shared/seccomp-util.c); the kernel allows a single user-notification
 * listener per filter chain (kernel/seccomp.c has_duplicate_listener()), so
 * verify compiles the same per-ABI decisions into one filter: each ABI's
 * section is built with libseccomp like systemd's, the sections are merged
 * (seccomp_merge), and every call the policy would kill or fail returns
 * SECCOMP_RET_USER_NOTIF instead. A supervisor in the parent receives them,
 * judges each with filter_action() (which line, kill or errno) and lets it
 * go on (SECCOMP_USER_NOTIF_FLAG_CONTINUE) or, with enforce, applies the
 * action. The BPF program only routes: the judgement is the supervisor's,
 * from the same filter model the unit check uses.
 *
 * Modules: verify_policy.c (policy, program, judgement), verify_run.c
 * (launch and supervise), render_verify.c (text and JSON), verb_verify.c.
 * Nothing here prints; ownership: *_free() frees what the struct owns. */
#ifndef SECCOMPAT_VERIFY_H
#define SECCOMPAT_VERIFY_H

#include <linux/filter.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "derive_restrict.h"
#include "filter.h"
#include "sysgroups.h"
#include "unitfile.h"
#include "verdicts.h"

/* x32 calls reach seccomp as AUDIT_ARCH_X86_64 calls with this bit set in
 * their number (arch/x86/include/uapi/asm/unistd.h __X32_SYSCALL_BIT). */
#define VERIFY_X32_SYSCALL_BIT 0x40000000

enum verify_directive {
	VERIFY_SYSCALL_FILTER,		  /* SystemCallFilter= (+ SystemCallErrorNumber=) */
	VERIFY_SYSCALL_ARCHITECTURES,	  /* SystemCallArchitectures= */
	VERIFY_MEMORY_DENY_WRITE_EXECUTE, /* its seccomp rules or PR_SET_MDWE */
	VERIFY_RESTRICT_ADDRESS_FAMILIES, /* socket() on x86-64: EAFNOSUPPORT */
	/* The seccomp side of unitfile_restrict_keys, in that order. */
	VERIFY_RESTRICT_FIRST,
	VERIFY_DIRECTIVE_MAX = VERIFY_RESTRICT_FIRST + UNIT_RESTRICT_KEYS
};

const char *verify_directive_name(enum verify_directive d);

struct verify_policy {
	struct sysgroups *groups;	  /* owned; the filter borrows it */
	struct filter *filter;		  /* owned: the three syscall directives */
	bool derived;			  /* from analyze's directives, not a unit */
	struct strv files;		  /* unit files read, in order */
	bool mdwe;			  /* MemoryDenyWriteExecute= on */
	enum mdwe_mode mdwe_mode;	  /* how systemd enforces it on this kernel */
	struct unit_setting mdwe_setting; /* where it was set (copy) */
	/* systemd's local ABIs on this machine (seccomp_local_archs[]): the
	 * ABIs it installs a filter for, and the ones a call can come from. */
	const struct arch_desc *abis[ARCH_MAX];
	size_t n_abis;
	struct strv warnings; /* "FILE:LINE: message", as systemd would log */
	/* RestrictAddressFamilies=: in effect, the set, allow or deny list. */
	bool families_on, families_allow;
	struct strv families;
	struct unit_setting families_at; /* copy of the last line */
	/* unitfile_restrict_keys: on, and where (copy). */
	bool restrict_on[UNIT_RESTRICT_KEYS];
	struct unit_setting restrict_at[UNIT_RESTRICT_KEYS];
	/* The syscalls each of those tests and refuses (derive_restrict.h). */
	struct restrict_calls restrict_calls[UNIT_RESTRICT_KEYS];
};

void verify_policy_free(struct verify_policy *p);

/* The policy of a unit (already parsed). -ENOENT without a group table for
 * systemd_version in db_dir. */
int verify_policy_from_unit(const struct unit_settings *u, const char *db_dir,
			    unsigned systemd_version, unsigned kernel_version,
			    struct verify_policy **ret);

/* The policy analyze derives: the values of the tolerated verdicts of
 * SystemCallArchitectures=, MemoryDenyWriteExecute=, SystemCallFilter=,
 * SystemCallErrorNumber= and the argument-checking directives (set_at
 * "derived"). -ENOENT as above. */
int verify_policy_from_verdicts(const struct verdicts *vs, const char *db_dir,
				unsigned systemd_version, unsigned kernel_version,
				struct verify_policy **ret);

/* The filter program: one section per local ABI that SystemCallArchitectures=
 * allows, built like systemd's filter for it, with every call the policy
 * refuses answered SECCOMP_RET_USER_NOTIF and calls of other ABIs too (the
 * bad-arch action). With notify_all every call is notified (--trace).
 * ret->filter is malloc'ed. -errno from libseccomp. */
int verify_policy_program(const struct verify_policy *p, bool notify_all, struct sock_fprog *ret);

/* One system call as the kernel reported it to the supervisor. */
struct verify_call {
	const struct arch_desc *abi;
	int nr;
	const char *name; /* libseccomp's name on abi, "syscall_NR" when unknown */
	const char *sub;  /* socketcall()/ipc() subcall name, or NULL */
	uint64_t args[6];
	/* MemoryDenyWriteExecute= with PR_SET_MDWE: whether an mprotect()
	 * would make memory executable that is not (-1: not looked up). */
	int exec_gain;
};

struct verify_judgement {
	enum filter_verdict verdict; /* FILTER_ALLOW: nothing to report */
	enum verify_directive directive;
	int errno_num;		       /* FILTER_ERRNO */
	bool thread_only;	       /* the kernel ends only the calling thread */
	const struct unit_setting *at; /* the line that decided, NULL when none */
	bool needs_exec_gain;	       /* ask again with call->exec_gain set */
	/* An ENOSYS systemd answers so that callers fall back to an older
	 * call it can check (clone3 -> clone, openat2 -> openat): applied,
	 * reported as a note, not as a refusal. */
	bool fallback;
};

/* What the policy does to `call`: allow, or which directive (and line)
 * kills it or fails it with which errno, as the kernel would pick among
 * systemd's filters. With PR_SET_MDWE, an mprotect() adding PROT_EXEC needs
 * the caller's memory: ->needs_exec_gain asks to judge again with
 * call->exec_gain set. */
struct verify_judgement verify_judge(const struct verify_policy *p, const struct verify_call *call);

/* "FILE:LINE", or "derived" for a derived policy; caller frees. */
char *verify_set_at(const struct verify_policy *p, const struct unit_setting *at);

/* Classifies a kernel report (seccomp_data.arch and .nr) by ABI among the
 * policy's local ABIs; NULL when the pair belongs to none. */
const struct arch_desc *verify_abi_of(const struct verify_policy *p, uint32_t audit_arch, int nr);

/* ---- running ---- */

enum verify_mode {
	VERIFY_OBSERVE, /* notify, record, continue */
	VERIFY_ENFORCE, /* apply kill/errno as systemd would */
	VERIFY_MODE_MAX
};

struct verify_violation {
	const struct arch_desc *abi;
	char *name;
	enum verify_directive directive;
	enum filter_verdict action; /* FILTER_KILL or FILTER_ERRNO */
	int errno_num;
	const struct unit_setting *at; /* the deciding setting (the policy's) */
	char *set_at;		       /* "FILE:LINE" of it, or "derived" */
	unsigned long count;
	struct strv programs; /* executables that made the call */
};

/* A process ended by the policy (enforce). */
struct verify_kill {
	pid_t tid;
	char *program;
	const struct arch_desc *abi;
	char *name;
	enum verify_directive directive;
	bool thread_only; /* the kernel would have ended only the thread */
	int signal;	  /* the signal verify delivered */
};

/* The calls one executable made (--trace). */
struct verify_program {
	char *exe;
	bool analysed; /* an executable of the analysed closure */
	struct strv calls[ARCH_MAX];
};

struct verify_result {
	char **argv; /* the command (borrowed) */
	enum verify_mode mode;
	bool traced;
	int status; /* wait status of the command's main process */
	struct verify_violation *violations;
	size_t n_violations, cap_violations;
	struct verify_kill *kills;
	size_t n_kills, cap_kills;
	struct verify_program *programs;
	size_t n_programs, cap_programs;
	struct strv notes;	     /* one line each, for the report */
	unsigned long notifications; /* calls the supervisor saw */
	double seconds;		     /* wall time of the command */
	/* Set by verify_compare() (--trace with an analysis). */
	bool compared;
	struct strv observed[ARCH_MAX];
	struct strv unpredicted[ARCH_MAX];
};

void verify_result_free(struct verify_result *r);

struct verify_run_opts {
	const struct verify_policy *policy;
	enum verify_mode mode;
	bool trace;
	char *const *argv;		  /* the command, argv[0] searched in PATH */
	const struct strv *analysed_exes; /* real paths, sorted; NULL: none */
	FILE *progress;			  /* a line when the command's children outlive it; NULL */
};

/* Runs the command under the policy and waits for it and every process it
 * started under the filter. Returns 0 with *ret filled; -errno with a
 * one-line message in *ret_error (caller frees) when the command could not
 * be started or supervised. */
int verify_run(const struct verify_run_opts *o, struct verify_result **ret, char **ret_error);

/* Fills r->observed (all programs) and r->unpredicted (calls of analysed
 * executables that the report has neither certain nor possible). */
struct sysreport;
void verify_compare(struct verify_result *r, const struct sysreport *report);

/* Whether the run found something that matters: a violation, or with
 * --trace an unpredicted call. */
bool verify_findings(const struct verify_result *r);

/* Renderers: a short table, or the JSON document (docs/verify.md); a is
 * the analysis of the TARGETs, or NULL. */
struct analysis;
int render_verify_text(const struct verify_policy *p, const struct verify_result *r, FILE *f);
int render_verify_json(const struct analysis *a, const struct verify_policy *p,
		       const struct verify_result *r, FILE *f);

#endif
