// SPDX-License-Identifier: MIT
/* The driver of `analyze --unit`: builds the unit's filter as systemd does,
 * then runs the check of each row of directive_table, in table order. The
 * checks live next to their directive's derive function. */
#include "unitcheck.h"

#include <stdlib.h>

#include "sysgroups.h"

int unitcheck_run(const struct analysis *a, const struct unit_settings *u, const char *db_dir,
		  unsigned systemd_version, struct unitcheck **ret)
{
	struct unitcheck *uc;
	struct sysgroups *loaded = NULL;
	struct check_ctx c = {.a = a, .u = u, .systemd_version = systemd_version};
	struct filter_input in = filter_input_from_unit(u, a->host, systemd_version);
	struct filter *f = NULL;
	int r = 0;

	/* The group table the derivation used, when it is the one asked for. */
	if (a->verdicts && a->verdicts->opts.systemd_version == systemd_version)
		c.groups = a->verdicts->opts.groups;
	if (!c.groups) {
		r = sysgroups_load(db_dir, systemd_version, &loaded);
		if (r < 0)
			return r;
		c.groups = loaded;
	}
	filter_build(c.groups, &in, &f);
	c.filter = f;
	uc = xcalloc(1, sizeof(*uc));
	c.uc = uc;
	for (size_t i = 0; i < u->warnings.n; i++)
		strv_push(&uc->warnings, u->warnings.v[i]);
	for (size_t i = 0; i < f->warnings.n; i++)
		strv_push(&uc->warnings, f->warnings.v[i]);
	uc->name = u->name ? xstrdup(u->name) : NULL;
	uc->root = u->root ? xstrdup(u->root) : NULL;
	for (size_t i = 0; i < u->arguments.n; i++)
		strv_push(&uc->arguments, u->arguments.v[i]);
	for (size_t i = 0; i < u->files.n; i++) {
		strv_push(&uc->files, u->files.v[i]);
		strv_push(&uc->sha256, i < u->sha256.n ? u->sha256.v[i] : "");
	}
	for (size_t i = 0; r >= 0 && i < directive_table_size; i++)
		r = directive_table[i].check(&c, &directive_table[i]);
	filter_free(f);
	sysgroups_free(loaded);
	if (r < 0) {
		unitcheck_free(uc);
		return r;
	}
	for (size_t i = 0; i < uc->n; i++)
		if (uc->items[i].status > uc->worst)
			uc->worst = uc->items[i].status;
	*ret = uc;
	return 0;
}

void unitcheck_free(struct unitcheck *uc)
{
	if (!uc)
		return;
	for (size_t i = 0; i < uc->n; i++)
		unitcheck_item_clear(&uc->items[i]);
	strv_clear(&uc->warnings);
	free(uc->name);
	free(uc->root);
	strv_clear(&uc->arguments);
	strv_clear(&uc->files);
	strv_clear(&uc->sha256);
	free(uc);
}
