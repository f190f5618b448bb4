// SPDX-License-Identifier: MIT
/* unitcheck_item.c: the helpers every directive's check fills its item
 * with. An item starts ok and unset; its status only ever worsens (a check
 * adds reasons from several rules, and the worst one stands); the sources
 * are every assignment in effect, the value and place the last one. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "directive.h"
#include "unitcheck_item.h"

static void test_add(void **state)
{
	struct unitcheck *uc = xcalloc(1, sizeof(*uc));
	struct unitcheck_item *a, *b;

	(void)state;
	a = unitcheck_item_add(uc, "SystemCallFilter");
	b = unitcheck_item_add(uc, "SystemCallErrorNumber");
	assert_int_equal(uc->n, 2);
	assert_ptr_equal(a, &uc->items[0]);
	assert_ptr_equal(b, &uc->items[1]);
	assert_string_equal(a->directive, "SystemCallFilter");
	assert_string_equal(b->directive, "SystemCallErrorNumber");
	assert_int_equal(b->status, FILTER_OK);
	assert_null(b->value);
	assert_null(b->set_at);
	assert_int_equal(b->reasons.n, 0);
	assert_int_equal(b->sources.n, 0);
	free(uc);
}

/* Each row: the status an item has, the one a rule asks for, the result. */
static const struct {
	enum filter_status from, to, want;
} worsen_rows[] = {
	{FILTER_OK, FILTER_OK, FILTER_OK},	     {FILTER_OK, FILTER_RISK, FILTER_RISK},
	{FILTER_OK, FILTER_BREAKS, FILTER_BREAKS},   {FILTER_RISK, FILTER_OK, FILTER_RISK},
	{FILTER_RISK, FILTER_BREAKS, FILTER_BREAKS}, {FILTER_BREAKS, FILTER_OK, FILTER_BREAKS},
	{FILTER_BREAKS, FILTER_RISK, FILTER_BREAKS},
};

static void test_worsen(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(worsen_rows); i++) {
		struct unitcheck_item it = {.status = worsen_rows[i].from};
		unitcheck_item_worsen(&it, worsen_rows[i].to);
		if (it.status != worsen_rows[i].want)
			fail_msg("row %zu: %d worsened by %d is %d, not %d", i, worsen_rows[i].from,
				 worsen_rows[i].to, it.status, worsen_rows[i].want);
	}
}

static void test_set_from(void **state)
{
	struct unit_setting v[] = {
		{.value = "@system-service", .file = "/etc/l4d2.service", .line = 12},
		{.value = "~@mount", .file = "/etc/l4d2.service.d/10-x.conf", .line = 3},
	};
	struct unitcheck_item it = {0};

	(void)state;
	unitcheck_item_set_from(&it, NULL);
	assert_null(it.value);
	assert_null(it.set_at);
	assert_int_equal(it.sources.n, 0);

	/* A single setting: its one assignment is the source. */
	unitcheck_item_set_from(&it, &v[0]);
	assert_string_equal(it.value, "@system-service");
	assert_string_equal(it.set_at, "/etc/l4d2.service:12");
	assert_int_equal(it.sources.n, 1);
	assert_string_equal(it.sources.v[0], "/etc/l4d2.service:12");
	/* A later one replaces the value and place, not the sources. */
	unitcheck_item_set_from(&it, &v[1]);
	assert_string_equal(it.value, "~@mount");
	assert_string_equal(it.set_at, "/etc/l4d2.service.d/10-x.conf:3");
	assert_int_equal(it.sources.n, 1);
	unitcheck_item_clear(&it);

	/* A list: every assignment is a source, the last one the value. */
	it = (struct unitcheck_item){0};
	unitcheck_item_sources_from(&it, v, ARRAY_SIZE(v));
	unitcheck_item_set_from(&it, &v[1]);
	assert_int_equal(it.sources.n, 2);
	assert_string_equal(it.sources.v[0], "/etc/l4d2.service:12");
	assert_string_equal(it.sources.v[1], "/etc/l4d2.service.d/10-x.conf:3");
	assert_string_equal(it.set_at, "/etc/l4d2.service.d/10-x.conf:3");
	unitcheck_item_clear(&it);
}

/* A directive's blockers break it, one reason each, with their place when
 * asked; without a verdict the item is a risk. */
static void test_blockers(void **state)
{
	static const struct directive_desc desc = {.name = "LockPersonality"};
	struct evidence b = {.detail = "calls personality(0x8)",
			     .effect = "fails with EPERM",
			     .where = "libx.so: .text+0x10 (f+0x4)"};
	struct directive_verdict dv = {.desc = &desc, .blockers = &b, .n_blockers = 1};
	struct verdicts vs = {.v = &dv, .n = 1};
	struct analysis a = {.verdicts = &vs};
	struct check_ctx c = {.a = &a};
	struct unitcheck_item it = {0};

	(void)state;
	assert_ptr_equal(unitcheck_item_blockers(&it, &c, "LockPersonality", true), &dv);
	assert_int_equal(it.status, FILTER_BREAKS);
	assert_int_equal(it.reasons.n, 1);
	assert_string_equal(it.reasons.v[0], "service: calls personality(0x8) at libx.so: "
					     ".text+0x10 (f+0x4) -> fails with EPERM");
	unitcheck_item_clear(&it);

	it = (struct unitcheck_item){0};
	assert_non_null(unitcheck_item_blockers(&it, &c, "LockPersonality", false));
	assert_string_equal(it.reasons.v[0], "service: calls personality(0x8) -> fails with EPERM");
	unitcheck_item_clear(&it);

	it = (struct unitcheck_item){0};
	assert_null(unitcheck_item_blockers(&it, &c, "RestrictRealtime", true));
	assert_int_equal(it.status, FILTER_RISK);
	assert_string_equal(it.reasons.v[0], "no verdict was derived");
	unitcheck_item_clear(&it);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_add),
		cmocka_unit_test(test_worsen),
		cmocka_unit_test(test_set_from),
		cmocka_unit_test(test_blockers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
