// SPDX-License-Identifier: MIT
/* The evidence kind table: every kind has a tag, an id and a summary; tags
 * and ids are unique; an id's hundreds name its directive group; and
 * docs/rules.md lists exactly the table's rows. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "evidence.h"
#include "util.h"

/* The first kind of each hundreds group, in the enum's order. */
static const struct {
	enum evidence_kind first;
	char hundreds;
} groups[] = {
	{EV_TEXT_RELOCATIONS, '1'}, {EV_ABI, '2'},	  {EV_ALLOW_EXTRA, '3'},
	{EV_REFUSED_SYSCALL, '4'},  {EV_SOCKETPAIR, '5'}, {EV_NOT_DERIVED, '9'},
};

static void test_table(void **state)
{
	char group = 0;

	for (size_t k = 0; k < EV_KIND_MAX; k++) {
		const struct evidence_rule *r = &evidence_rules[k];
		assert_non_null(r->tag);
		assert_non_null(r->id);
		assert_non_null(r->summary);
		assert_string_equal(evidence_kind_tag((enum evidence_kind)k), r->tag);
		for (size_t g = 0; g < ARRAY_SIZE(groups); g++)
			if (groups[g].first == k)
				group = groups[g].hundreds;
		if (strlen(r->id) != 5 || strncmp(r->id, "SC", 2) != 0 || r->id[2] != group)
			fail_msg("%s: id %s is not SC%cxx", r->tag, r->id, group);
		for (size_t j = 0; j < k; j++) {
			assert_string_not_equal(evidence_rules[j].tag, r->tag);
			assert_string_not_equal(evidence_rules[j].id, r->id);
		}
	}
	assert_string_equal(evidence_kind_tag(EV_KIND_MAX), "?");
	assert_string_equal(evidence_kind_tag((enum evidence_kind) - 1), "?");
}

/* Each row of the table is one line "| ID | `tag` | yes/no | summary |" of
 * docs/rules.md, and the page has no other rule line. */
static void test_docs(void **state)
{
	char *path = path_join(SOURCE_DIR, "docs/rules.md"), *text = NULL, line[1024];
	size_t rows = 0;
	FILE *f;

	assert_int_equal(read_file(path, 1 << 20, &text, NULL), 0);
	for (size_t k = 0; k < EV_KIND_MAX; k++) {
		const struct evidence_rule *r = &evidence_rules[k];
		char *want = xasprintf("\n| %s | `%s` | %s | %s |\n", r->id, r->tag,
				       r->possible ? "yes" : "no", r->summary);
		if (!strstr(text, want))
			fail_msg("docs/rules.md lacks the row%s", want);
		free(want);
	}
	f = fopen(path, "r");
	assert_non_null(f);
	while (fgets(line, sizeof(line), f))
		rows += strncmp(line, "| SC", 4) == 0;
	fclose(f);
	assert_int_equal(rows, EV_KIND_MAX);
	free(text);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_docs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
