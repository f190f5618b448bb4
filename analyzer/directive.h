/* SPDX-License-Identifier: MIT */
/* The record a directive's derive function fills (struct directive_verdict),
 * the evidence it holds, the options every derive function reads, the
 * helpers they add evidence with, and the row type of the directive table
 * (struct directive_desc: derive and check hooks). Below every derive and
 * check function (verdicts.c's own, derive_filter.c, derive_restrict.c) and
 * below the table that lists them (verdicts.h), so that no derive module
 * depends on the table. What a check fills is unitcheck_item.h. */
#ifndef SECCOMPAT_DIRECTIVE_H
#define SECCOMPAT_DIRECTIVE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "evidence.h"
#include "model.h"

/* How systemd enforces MemoryDenyWriteExecute= on the target host. */
enum mdwe_mode {
	MDWE_PRCTL, /* prctl(PR_SET_MDWE, PR_MDWE_REFUSE_EXEC_GAIN): systemd >= 254, Linux >= 6.3 */
	MDWE_SECCOMP, /* systemd's seccomp filter: older systemd or kernel */
	MDWE_MODE_MAX
};

struct sysgroups;

struct verdict_opts {
	unsigned systemd_version;     /* 2570000 = 257 (parse_version) */
	unsigned kernel_version;      /* 61200 = 6.12 */
	const struct arch_desc *host; /* what "native" means on the target */
	const char *db_dir;	      /* data files (systemd group tables) */
	/* The group table for systemd_version, already loaded (borrowed), or
	 * NULL to load it from db_dir. */
	const struct sysgroups *groups;
	/* --allow-possible: SystemCallFilter= also allows the `possible`
	 * syscalls (the safe variant). */
	bool filter_allow_possible;
};

/* One fact about an object that bears on a directive. For blockers, effect
 * says what happens at run time when the directive is set anyway. */
struct evidence {
	const struct sc_object *obj; /* NULL when about the service as a whole */
	enum evidence_kind kind;     /* evidence_rules[kind]: tag, rule id */
	char *detail;		     /* one line: what the object has */
	char *effect;		     /* blockers: what breaks; NULL otherwise */
	char *where; /* a location ("engine_srv.so: .text+0x1a2 (f+0x12)") or NULL */
	/* The address that location names (the call site, the relocation),
	 * for tools that point at code (SARIF); site.obj NULL: none. */
	struct site site;
};

struct directive_desc;

struct directive_verdict {
	const struct directive_desc *desc;
	bool tolerated;
	struct strv values; /* the value(s) to set when tolerated; one per line */
	/* A stricter setting that trades something named in reasons, as
	 * "Directive=value" or plain values of this directive; may be empty. */
	struct strv alternative;
	char *mechanism; /* how systemd enforces it on the target, or NULL */
	struct evidence *blockers;
	size_t n_blockers, cap_blockers;
	struct evidence *evidence; /* supporting facts that do not block */
	size_t n_evidence, cap_evidence;
	/* How many pieces of evidence are possible conflicts: a refused call
	 * reached only on an assumption, or an argument the code does not
	 * fix. `analyze --unit` reports risk for them. */
	size_t n_possible;
	struct strv reasons; /* one-line reasons for the verdict */
};

struct verdicts;
struct check_ctx; /* unitcheck_item.h */

/* A directive's row: derive() fills v from the model; check() judges the
 * unit's setting of the directive (`analyze --unit`) against the verdict
 * and adds its item to c->uc, or none when the directive is not listed
 * (a restriction the unit does not set), and returns 0 or -errno. */
struct directive_desc {
	const char *name;    /* systemd's spelling, without '=' */
	const char *doc_url; /* systemd.exec(5) anchor */
	const char *summary; /* what the directive does, one line */
	void (*derive)(const struct analysis *a, const struct verdicts *vs,
		       struct directive_verdict *v);
	int (*check)(const struct check_ctx *c, const struct directive_desc *desc);
};

struct verdicts {
	struct verdict_opts opts;
	enum mdwe_mode mdwe_mode;
	struct directive_verdict *v; /* one per row of the table, in table order */
	size_t n;
	/* Objects that cannot load on the target's glibc whatever the unit
	 * sets (glibc >= 2.41 refuses to dlopen() an executable-stack object):
	 * kind "execstack-dlopen", effect the loader's message, detail the way
	 * out (GLIBC_TUNABLES=glibc.rtld.execstack=2). */
	struct evidence *cannot_load;
	size_t n_cannot_load, cap_cannot_load;
};

/* Walks evidence grouped by kind, kinds in order of first appearance: item()
 * for at most limit pieces of each kind (0: all), first_of_kind on the first
 * shown, then more() with the number left out when some were. The report
 * renderers share this order. */
struct evidence_visit {
	void (*item)(void *arg, const struct evidence *e, bool first_of_kind);
	void (*more)(void *arg, enum evidence_kind kind, size_t left);
};
void evidence_grouped(const struct evidence *e, size_t n, unsigned limit,
		      const struct evidence_visit *visit, void *arg);

/* The verdict of a directive by name, or NULL. */
const struct directive_verdict *verdicts_find(const struct verdicts *vs, const char *name);

/* Adds a blocker / a piece of evidence to v (used by derive functions).
 * Strings are copied; effect and where may be NULL. Returns the new record. */
struct evidence *verdict_block(struct directive_verdict *v, const struct sc_object *obj,
			       enum evidence_kind kind, const char *where, const char *effect,
			       const char *fmt, ...) __attribute__((format(printf, 6, 7)));
struct evidence *verdict_evidence(struct directive_verdict *v, const struct sc_object *obj,
				  enum evidence_kind kind, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Records the site e's location names (nothing when e or s.obj is NULL).
 * The record stays valid until the next piece of evidence is added. */
void evidence_at(struct evidence *e, struct site s);

/* "257" for 2570000, "6.12" for 61200 into buf. */
const char *verdicts_version_string(unsigned v, char *buf, size_t len);

/* Appends one piece of evidence to the array *arr (*n of *cap), its detail
 * formatted from fmt and ap; strings are copied, where and effect may be
 * NULL. */
struct evidence *evidence_vpush(struct evidence **arr, size_t *n, size_t *cap,
				const struct sc_object *obj, enum evidence_kind kind,
				const char *where, const char *effect, const char *fmt, va_list ap)
	__attribute__((format(printf, 8, 0)));
/* Frees n pieces of evidence and the array. */
void evidence_free_array(struct evidence *e, size_t n);

#endif
