// SPDX-License-Identifier: MIT
/* Directive verdict records: adding evidence, walking it, freeing it. */
#include "directive.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void evidence_grouped(const struct evidence *e, size_t n, unsigned limit,
		      const struct evidence_visit *visit, void *arg)
{
	enum evidence_kind kinds[EV_KIND_MAX];
	bool seen[EV_KIND_MAX] = {0};
	size_t n_kinds = 0;

	for (size_t i = 0; i < n; i++)
		if (!seen[e[i].kind]) {
			seen[e[i].kind] = true;
			kinds[n_kinds++] = e[i].kind;
		}
	for (size_t k = 0; k < n_kinds; k++) {
		size_t total = 0, shown = 0;
		for (size_t i = 0; i < n; i++) {
			if (e[i].kind != kinds[k])
				continue;
			total++;
			if (limit && shown >= limit)
				continue;
			visit->item(arg, &e[i], shown == 0);
			shown++;
		}
		if (total > shown)
			visit->more(arg, kinds[k], total - shown);
	}
}

/* ---- helpers for derive functions ---- */

struct evidence *evidence_vpush(struct evidence **arr, size_t *n, size_t *cap,
				const struct sc_object *obj, enum evidence_kind kind,
				const char *where, const char *effect, const char *fmt, va_list ap)
{
	struct evidence *e;

	GROW(*arr, *cap, *n);
	e = &(*arr)[(*n)++];
	e->obj = obj;
	e->kind = kind;
	e->where = where ? xstrdup(where) : NULL;
	e->effect = effect ? xstrdup(effect) : NULL;
	e->site = (struct site){0};
	e->detail = xvasprintf(fmt, ap);
	return e;
}

struct evidence *verdict_block(struct directive_verdict *v, const struct sc_object *obj,
			       enum evidence_kind kind, const char *where, const char *effect,
			       const char *fmt, ...)
{
	struct evidence *e;
	va_list ap;

	va_start(ap, fmt);
	e = evidence_vpush(&v->blockers, &v->n_blockers, &v->cap_blockers, obj, kind, where, effect,
			   fmt, ap);
	va_end(ap);
	return e;
}

struct evidence *verdict_evidence(struct directive_verdict *v, const struct sc_object *obj,
				  enum evidence_kind kind, const char *fmt, ...)
{
	struct evidence *e;
	va_list ap;

	va_start(ap, fmt);
	e = evidence_vpush(&v->evidence, &v->n_evidence, &v->cap_evidence, obj, kind, NULL, NULL,
			   fmt, ap);
	va_end(ap);
	return e;
}

void evidence_at(struct evidence *e, struct site s)
{
	if (e && s.obj)
		e->site = s;
}

const char *verdicts_version_string(unsigned v, char *buf, size_t len)
{
	unsigned major = v / 10000, minor = v / 100 % 100, patch = v % 100;

	if (patch)
		snprintf(buf, len, "%u.%u.%u", major, minor, patch);
	else if (minor)
		snprintf(buf, len, "%u.%u", major, minor);
	else
		snprintf(buf, len, "%u", major);
	return buf;
}

const struct directive_verdict *verdicts_find(const struct verdicts *vs, const char *name)
{
	if (!vs)
		return NULL;
	for (size_t i = 0; i < vs->n; i++)
		if (strcmp(vs->v[i].desc->name, name) == 0)
			return &vs->v[i];
	return NULL;
}

void evidence_free_array(struct evidence *e, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(e[i].detail);
		free(e[i].effect);
		free(e[i].where);
	}
	free(e);
}
