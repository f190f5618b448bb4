// SPDX-License-Identifier: MIT
/* The unit check's items: adding one and recording what the unit set. */
#include "unitcheck_item.h"

#include <stdlib.h>

#include "directive.h"

const struct directive_verdict *unitcheck_item_blockers(struct unitcheck_item *it,
							const struct check_ctx *c, const char *name,
							bool with_where)
{
	const struct directive_verdict *v =
		c->a->verdicts ? verdicts_find(c->a->verdicts, name) : NULL;

	if (!v) {
		unitcheck_item_worsen(it, FILTER_RISK);
		strv_push(&it->reasons, "no verdict was derived");
		return NULL;
	}
	for (size_t i = 0; i < v->n_blockers; i++) {
		const struct evidence *b = &v->blockers[i];
		bool at = with_where && b->where;
		unitcheck_item_worsen(it, FILTER_BREAKS);
		strv_push_owned(&it->reasons,
				xasprintf("%s: %s%s%s%s%s", b->obj ? b->obj->path : "service",
					  b->detail, at ? " at " : "", at ? b->where : "",
					  b->effect ? " -> " : "", b->effect ? b->effect : ""));
	}
	return v;
}

struct unitcheck_item *unitcheck_item_add(struct unitcheck *uc, const char *directive)
{
	struct unitcheck_item *it = &uc->items[uc->n++];

	it->directive = directive;
	it->status = FILTER_OK;
	return it;
}

void unitcheck_item_sources_from(struct unitcheck_item *it, const struct unit_setting *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		strv_push_owned(&it->sources, xasprintf("%s:%u", v[i].file, v[i].line));
}

void unitcheck_item_set_from(struct unitcheck_item *it, const struct unit_setting *s)
{
	if (!s)
		return;
	if (!it->sources.n)
		unitcheck_item_sources_from(it, s, 1);
	free(it->value);
	free(it->set_at);
	it->value = xstrdup(s->value);
	it->set_at = xasprintf("%s:%u", s->file, s->line);
}

void unitcheck_item_worsen(struct unitcheck_item *it, enum filter_status s)
{
	if (s > it->status)
		it->status = s;
}

void unitcheck_item_clear(struct unitcheck_item *it)
{
	free(it->value);
	free(it->set_at);
	strv_clear(&it->reasons);
	strv_clear(&it->sources);
}
