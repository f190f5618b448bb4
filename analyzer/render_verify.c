// SPDX-License-Identifier: MIT
/* `verify` results: a short table for the terminal, and JSON (docs/verify.md).
 * Renderers only read the policy and the result. */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "jsonout.h"
#include "verify.h"

static const char *signal_name(int sig, char *buf, size_t len)
{
	const char *abbrev = sigabbrev_np(sig);

	if (abbrev)
		snprintf(buf, len, "SIG%s", abbrev);
	else
		snprintf(buf, len, "signal %d", sig);
	return buf;
}

static const char *mode_name(enum verify_mode m)
{
	return m == VERIFY_ENFORCE ? "enforce" : "observe";
}

static char *action_text(const struct verify_violation *v)
{
	if (v->action == FILTER_ERRNO) {
		const char *e = strerrorname_np(v->errno_num);
		return e ? xasprintf("errno %s", e) : xasprintf("errno %d", v->errno_num);
	}
	return xstrdup(v->action == FILTER_KILL ? "kill" : "allow");
}

static char *joined(const struct strv *s, const char *sep, bool basenames)
{
	size_t len = 1;
	char *out;

	for (size_t i = 0; i < s->n; i++)
		len += strlen(s->v[i]) + strlen(sep);
	out = xcalloc(len, 1);
	for (size_t i = 0; i < s->n; i++) {
		if (i)
			strcat(out, sep);
		strcat(out, basenames ? path_basename(s->v[i]) : s->v[i]);
	}
	return out;
}

static char *exit_text(int status)
{
	char sig[32];

	if (WIFEXITED(status))
		return xasprintf("exited with status %d", WEXITSTATUS(status));
	if (WIFSIGNALED(status))
		return xasprintf("was killed by %s%s",
				 signal_name(WTERMSIG(status), sig, sizeof(sig)),
				 WCOREDUMP(status) ? " (core dumped)" : "");
	return xasprintf("ended with wait status 0x%x", (unsigned)status);
}

static void text_policy(const struct verify_policy *p, FILE *f)
{
	const struct filter *fl = p->filter;

	if (p->derived)
		fprintf(f, "Policy: the directives seccompat derives for the targets\n");
	else {
		char *files = joined(&p->files, ", ", false);
		fprintf(f, "Policy: %s\n", files);
		free(files);
	}
	fprintf(f, "  SystemCallArchitectures=%s\n",
		fl->archs_restricted ? fl->archs_setting.value : "(not set)");
	if (fl->n_lines == 0)
		fprintf(f, "  SystemCallFilter=(not set)\n");
	for (size_t i = 0; i < fl->n_lines; i++)
		fprintf(f, "  SystemCallFilter=%s\n", fl->lines[i].value);
	if (fl->error_number_setting.value)
		fprintf(f, "  SystemCallErrorNumber=%s\n", fl->error_number_setting.value);
	fprintf(f, "  MemoryDenyWriteExecute=%s\n",
		p->mdwe ? (p->mdwe_mode == MDWE_PRCTL ? "yes (PR_SET_MDWE)" : "yes (seccomp)")
			: "no");
	if (p->families_on) {
		char *fams = joined(&p->families, " ", false);
		fprintf(f, "  RestrictAddressFamilies=%s%s\n", p->families_allow ? "" : "~",
			p->families.n || !p->families_allow ? fams : "none");
		free(fams);
	}
	for (size_t k = 0; k < UNIT_RESTRICT_KEYS; k++)
		if (p->restrict_on[k])
			fprintf(f, "  %s=%s\n", unitfile_restrict_keys[k], p->restrict_at[k].value);
}

int render_verify_text(const struct verify_policy *p, const struct verify_result *r, FILE *f)
{
	size_t argc = 0;
	char *cmd, *ex = exit_text(r->status);
	unsigned long calls = 0;

	while (r->argv[argc])
		argc++;
	cmd = joined(&(struct strv){.v = r->argv, .n = argc}, " ", false);
	fprintf(f, "seccompat verify (%s mode%s): %s\n", mode_name(r->mode),
		r->traced ? ", trace" : "", cmd);
	text_policy(p, f);
	fprintf(f, "The command %s after %.2f s; the supervisor saw %lu calls.\n\n", ex, r->seconds,
		r->notifications);
	free(cmd);
	free(ex);

	if (r->n_violations) {
		fprintf(f, "%-7s %-22s %7s  %-12s %-24s %-28s %s\n", "ABI", "SYSCALL", "CALLS",
			"ACTION", "DIRECTIVE", "SET AT", "PROGRAMS");
		for (size_t i = 0; i < r->n_violations; i++) {
			const struct verify_violation *v = &r->violations[i];
			char *act = action_text(v), *progs = joined(&v->programs, ",", true);
			fprintf(f, "%-7s %-22s %7lu  %-12s %-24s %-28s %s\n", v->abi->name, v->name,
				v->count, act, verify_directive_name(v->directive), v->set_at,
				progs);
			calls += v->count;
			free(act);
			free(progs);
		}
		fputc('\n', f);
	}
	for (size_t i = 0; i < r->n_kills; i++) {
		const struct verify_kill *k = &r->kills[i];
		char sig[32];
		fprintf(f, "Ended: %s (pid %d) at %s %s by %s: %s%s\n", k->program, (int)k->tid,
			k->abi->name, k->name, verify_directive_name(k->directive),
			signal_name(k->signal, sig, sizeof(sig)),
			k->thread_only ? " (the kernel would end only the calling thread)" : "");
	}
	if (r->compared) {
		for (size_t k = 0; k < ARCH_MAX; k++) {
			char *names;
			if (!r->observed[k].n)
				continue;
			names = joined(&r->unpredicted[k], " ", false);
			fprintf(f,
				"Traced %s: %zu syscalls observed, %zu unpredicted by the "
				"analysis%s%s\n",
				arch_table[k].name, r->observed[k].n, r->unpredicted[k].n,
				r->unpredicted[k].n ? ": " : "", names);
			free(names);
		}
		for (size_t i = 0; i < r->n_programs; i++)
			if (!r->programs[i].analysed)
				fprintf(f, "Not analysed (not among the targets): %s\n",
					r->programs[i].exe);
	}
	for (size_t i = 0; i < r->notes.n; i++)
		fprintf(f, "Note: %s\n", r->notes.v[i]);
	if (r->n_violations)
		fprintf(f, "Result: the policy %s %zu syscall%s (%lu call%s).\n",
			r->mode == VERIFY_ENFORCE ? "killed or failed"
						  : "would have killed or failed",
			r->n_violations, r->n_violations == 1 ? "" : "s", calls,
			calls == 1 ? "" : "s");
	else
		fprintf(f, "Result: the policy refused no call.\n");
	return ferror(f) ? -EIO : 0;
}

/* ---- JSON ---- */

static json_object *strv_json(const struct strv *s)
{
	json_object *a = json_object_new_array();

	for (size_t i = 0; i < s->n; i++)
		json_object_array_add(a, json_object_new_string(s->v[i]));
	return a;
}

static json_object *abi_sets_json(const struct strv sets[ARCH_MAX])
{
	json_object *o = json_object_new_object();

	for (size_t k = 0; k < ARCH_MAX; k++)
		if (sets[k].n)
			json_object_object_add(o, arch_table[k].name, strv_json(&sets[k]));
	return o;
}

static json_object *policy_json(const struct verify_policy *p)
{
	const struct filter *fl = p->filter;
	json_object *o = json_object_new_object(), *lines = json_object_new_array();
	json_object *abis = json_object_new_array();

	json_object_object_add(o, "source",
			       json_object_new_string(p->derived ? "derived" : "unit"));
	json_object_object_add(o, "files", strv_json(&p->files));
	json_object_object_add(o, "systemd", json_object_new_int((int)fl->systemd_major));
	json_object_object_add(
		o, "SystemCallArchitectures",
		jsonout_string_or_null(fl->archs_restricted ? fl->archs_setting.value : NULL));
	for (size_t i = 0; i < fl->n_lines; i++)
		json_object_array_add(lines, json_object_new_string(fl->lines[i].value));
	json_object_object_add(o, "SystemCallFilter", lines);
	json_object_object_add(o, "SystemCallErrorNumber",
			       jsonout_string_or_null(fl->error_number_setting.value));
	json_object_object_add(o, "MemoryDenyWriteExecute", json_object_new_boolean(p->mdwe));
	json_object_object_add(o, "mdwe_mode",
			       json_object_new_string(verdicts_mdwe_mode_name(p->mdwe_mode)));
	if (p->families_on) {
		json_object *fo = json_object_new_object();
		json_object_object_add(fo, "allow", json_object_new_boolean(p->families_allow));
		json_object_object_add(fo, "families", strv_json(&p->families));
		json_object_object_add(o, "RestrictAddressFamilies", fo);
	} else {
		json_object_object_add(o, "RestrictAddressFamilies", NULL);
	}
	for (size_t k = 0; k < UNIT_RESTRICT_KEYS; k++)
		json_object_object_add(o, unitfile_restrict_keys[k],
				       json_object_new_boolean(p->restrict_on[k]));
	for (size_t i = 0; i < p->n_abis; i++)
		json_object_array_add(abis, json_object_new_string(p->abis[i]->name));
	json_object_object_add(o, "abis", abis);
	json_object_object_add(o, "warnings", strv_json(&p->warnings));
	return o;
}

static json_object *exit_json(int status)
{
	json_object *o = json_object_new_object();
	char sig[32];

	if (WIFEXITED(status)) {
		json_object_object_add(o, "code", json_object_new_int(WEXITSTATUS(status)));
	} else if (WIFSIGNALED(status)) {
		json_object_object_add(
			o, "signal",
			json_object_new_string(signal_name(WTERMSIG(status), sig, sizeof(sig))));
		json_object_object_add(o, "core_dumped",
				       json_object_new_boolean(WCOREDUMP(status)));
	}
	return o;
}

int render_verify_json(const struct analysis *a, const struct verify_policy *p,
		       const struct verify_result *r, FILE *f)
{
	json_object *doc = jsonout_document(a), *cmd = json_object_new_array();
	json_object *viol = json_object_new_array();
	int ret;

	json_object_object_add(doc, "verb", json_object_new_string("verify"));
	for (size_t i = 0; r->argv[i]; i++)
		json_object_array_add(cmd, json_object_new_string(r->argv[i]));
	json_object_object_add(doc, "command", cmd);
	json_object_object_add(doc, "mode", json_object_new_string(mode_name(r->mode)));
	json_object_object_add(doc, "trace", json_object_new_boolean(r->traced));
	json_object_object_add(doc, "policy", policy_json(p));
	json_object_object_add(doc, "exit", exit_json(r->status));
	json_object_object_add(doc, "seconds", json_object_new_double(r->seconds));
	json_object_object_add(doc, "notifications",
			       json_object_new_int64((int64_t)r->notifications));
	for (size_t i = 0; i < r->n_violations; i++) {
		const struct verify_violation *v = &r->violations[i];
		json_object *o = json_object_new_object();
		json_object_object_add(o, "abi", json_object_new_string(v->abi->name));
		json_object_object_add(o, "name", json_object_new_string(v->name));
		json_object_object_add(o, "count", json_object_new_int64((int64_t)v->count));
		json_object_object_add(o, "directive",
				       json_object_new_string(verify_directive_name(v->directive)));
		json_object_object_add(o, "set_at", json_object_new_string(v->set_at));
		json_object_object_add(
			o, "action",
			json_object_new_string(v->action == FILTER_ERRNO ? "errno" : "kill"));
		json_object_object_add(
			o, "errno",
			v->action == FILTER_ERRNO
				? jsonout_string_or_null(strerrorname_np(v->errno_num))
				: NULL);
		json_object_object_add(o, "programs", strv_json(&v->programs));
		json_object_array_add(viol, o);
	}
	json_object_object_add(doc, "violations", viol);
	if (r->mode == VERIFY_ENFORCE) {
		json_object *kills = json_object_new_array();
		for (size_t i = 0; i < r->n_kills; i++) {
			const struct verify_kill *k = &r->kills[i];
			json_object *o = json_object_new_object();
			char sig[32];
			json_object_object_add(o, "pid", json_object_new_int((int)k->tid));
			json_object_object_add(o, "program", json_object_new_string(k->program));
			json_object_object_add(o, "abi", json_object_new_string(k->abi->name));
			json_object_object_add(o, "name", json_object_new_string(k->name));
			json_object_object_add(
				o, "directive",
				json_object_new_string(verify_directive_name(k->directive)));
			json_object_object_add(
				o, "signal",
				json_object_new_string(signal_name(k->signal, sig, sizeof(sig))));
			json_object_object_add(o, "thread_only",
					       json_object_new_boolean(k->thread_only));
			json_object_array_add(kills, o);
		}
		json_object_object_add(doc, "killed", kills);
	}
	if (r->traced) {
		json_object *progs = json_object_new_array();
		json_object_object_add(doc, "observed", abi_sets_json(r->observed));
		json_object_object_add(doc, "unpredicted",
				       r->compared ? abi_sets_json(r->unpredicted) : NULL);
		for (size_t i = 0; i < r->n_programs; i++) {
			json_object *o = json_object_new_object();
			json_object_object_add(o, "exe",
					       json_object_new_string(r->programs[i].exe));
			json_object_object_add(o, "analysed",
					       json_object_new_boolean(r->programs[i].analysed));
			json_object_object_add(o, "calls", abi_sets_json(r->programs[i].calls));
			json_object_array_add(progs, o);
		}
		json_object_object_add(doc, "programs", progs);
	}
	json_object_object_add(doc, "notes", strv_json(&r->notes));
	/* The contract of every verb: the analysed objects (none without
	 * TARGETs) and the diagnostics of the analysis. */
	if (a) {
		jsonout_add_objects(doc, a);
		jsonout_add_diagnostics(doc, a);
	} else {
		json_object_object_add(doc, "objects", json_object_new_array());
	}
	ret = jsonout_write(doc, f);
	json_object_put(doc);
	return ret;
}
