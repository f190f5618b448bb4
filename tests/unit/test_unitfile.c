// SPDX-License-Identifier: MIT
/* Unit file reading: table of unit texts and what systemd would make of the
 * four settings, plus drop-in order and garbage. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "unitfile.h"

#include "tmpdir.h"

static char *write_tmp(const char *name, const char *text, size_t len)
{
	char *path = path_join(tmpdir, name);
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, len, f), len);
	fclose(f);
	return path;
}

static int setup(void **state)
{
	(void)state;
	return tmpdir_make("unitfile");
}

static int teardown(void **state)
{
	(void)state;
	return tmpdir_remove();
}

struct unit_case {
	const char *name;
	const char *text;
	/* expected SystemCallFilter= values joined with '|', and their lines */
	const char *filters;
	const char *filter_lines; /* "3,5" */
	const char *archs;
	const char *mdwe; /* NULL: unset */
	const char *errnum;
	size_t n_warnings;
};

static const struct unit_case cases[] = {
	{"plain", "[Service]\nSystemCallFilter=@system-service\nSystemCallFilter=~@mount\n",
	 "@system-service|~@mount", "2,3", "", NULL, NULL, 0},
	{"comments",
	 "# leading comment\n; another\n[Unit]\nDescription=x\n[Service]\n  # indented comment\n"
	 "SystemCallFilter = @basic-io \n",
	 "@basic-io", "7", "", NULL, NULL, 0},
	{"continuation",
	 "[Service]\nSystemCallFilter=@system-service \\\n  @mount\\\n# comment inside\n"
	 "  ptrace\nMemoryDenyWriteExecute=yes\n",
	 "@system-service    @mount   ptrace", "2", "", "yes", NULL, 0},
	{"escaped backslash is no continuation",
	 "[Service]\nSystemCallFilter=a\\\\\nSystemCallFilter=b\n", "a\\\\|b", "2,3", "", NULL,
	 NULL, 0},
	{"continuation at EOF", "[Service]\nSystemCallFilter=read \\", "read", "2", "", NULL, NULL,
	 0},
	{"reset",
	 "[Service]\nSystemCallFilter=@mount\nSystemCallFilter=\nSystemCallFilter=~@debug\n",
	 "~@debug", "4", "", NULL, NULL, 0},
	{"archs and errno",
	 "[Service]\nSystemCallArchitectures=native\nSystemCallArchitectures=x86\n"
	 "SystemCallErrorNumber=EPERM\nSystemCallErrorNumber=EACCES\nMemoryDenyWriteExecute=no\n",
	 "", "", "native|x86", "no", "EACCES", 0},
	{"archs reset", "[Service]\nSystemCallArchitectures=x86\nSystemCallArchitectures=\n", "",
	 "", "", NULL, NULL, 0},
	{"other sections ignored",
	 "[Socket]\nSystemCallFilter=@mount\n[X-Foo]\nSystemCallFilter=@debug\n[Service]\n"
	 "systemcallfilter=@reboot\n",
	 "", "", "", NULL, NULL, 1 /* [Socket] is unknown in a service */},
	{"garbage lines",
	 "SystemCallFilter=@outside\n[Service]\nno equals here\n=value\n"
	 "SystemCallFilter=@ok\n[Bogus]\nSystemCallFilter=@bogus\n",
	 "@ok", "5", "", NULL, NULL, 4},
	{"bom", "\xef\xbb\xbf[Service]\nSystemCallFilter=read\n", "read", "2", "", NULL, NULL, 0},
	{"crlf", "[Service]\r\nSystemCallFilter=read\r\n", "read", "2", "", NULL, NULL, 0},
	{"empty", "", "", "", "", NULL, NULL, 0},
};

static char *join(const struct unit_list *l, bool lines)
{
	char *s = xstrdup("");

	for (size_t i = 0; i < l->n; i++) {
		char *n = lines ? xasprintf("%s%s%u", s, i ? "," : "", l->v[i].line)
				: xasprintf("%s%s%s", s, i ? "|" : "", l->v[i].value);
		free(s);
		s = n;
	}
	return s;
}

static void test_cases(void **state)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct unit_case *c = &cases[i];
		char *path = write_tmp("t.service", c->text, strlen(c->text));
		const char *files[] = {path};
		struct unit_settings *u = NULL;
		char *err = NULL, *s;

		assert_int_equal(unitfile_parse_files(files, 1, &u, &err), 0);
		s = join(&u->syscall_filter, false);
		if (strcmp(s, c->filters) != 0)
			fail_msg("%s: filters '%s', want '%s'", c->name, s, c->filters);
		free(s);
		s = join(&u->syscall_filter, true);
		if (strcmp(s, c->filter_lines) != 0)
			fail_msg("%s: lines '%s', want '%s'", c->name, s, c->filter_lines);
		free(s);
		s = join(&u->syscall_architectures, false);
		assert_string_equal(s, c->archs);
		free(s);
		if (c->mdwe)
			assert_string_equal(u->memory_deny_write_execute->value, c->mdwe);
		else
			assert_null(u->memory_deny_write_execute);
		if (c->errnum)
			assert_string_equal(u->syscall_error_number->value, c->errnum);
		else
			assert_null(u->syscall_error_number);
		if (u->warnings.n != c->n_warnings)
			fail_msg("%s: %zu warnings, want %zu (first: %s)", c->name, u->warnings.n,
				 c->n_warnings, u->warnings.n ? u->warnings.v[0] : "");
		for (size_t w = 0; w < u->warnings.n; w++)
			assert_true(str_startswith(u->warnings.v[w], path));
		for (size_t k = 0; k < u->syscall_filter.n; k++)
			assert_string_equal(u->syscall_filter.v[k].file, path);
		unit_settings_free(u);
		free(path);
	}
}

static void test_dropins(void **state)
{
	char *unit = write_tmp("d.service",
			       "[Service]\nSystemCallFilter=@system-service\n"
			       "MemoryDenyWriteExecute=yes\n",
			       62);
	char *dir = xasprintf("%s.d", unit), *p;
	struct unit_settings *u = NULL;
	char *err = NULL;

	assert_int_equal(mkdir(dir, 0755), 0);
	/* Applied by file name: 10-a before 20-b, whatever the creation order. */
	p = path_join(dir, "20-b.conf");
	FILE *f = fopen(p, "w");
	fputs("[Service]\nSystemCallFilter=\nSystemCallFilter=~@debug\n", f);
	fclose(f);
	free(p);
	p = path_join(dir, "10-a.conf");
	f = fopen(p, "w");
	fputs("[Service]\nSystemCallFilter=~@mount\nMemoryDenyWriteExecute=no\n", f);
	fclose(f);
	free(p);
	p = path_join(dir, "ignored.txt");
	f = fopen(p, "w");
	fputs("[Service]\nSystemCallFilter=@reboot\n", f);
	fclose(f);
	free(p);

	assert_int_equal(unitfile_load(unit, &u, &err), 0);
	assert_int_equal(u->files.n, 3);
	assert_true(str_endswith(u->files.v[1], "10-a.conf"));
	assert_true(str_endswith(u->files.v[2], "20-b.conf"));
	assert_int_equal(u->syscall_filter.n, 1);
	assert_string_equal(u->syscall_filter.v[0].value, "~@debug");
	assert_true(str_endswith(u->syscall_filter.v[0].file, "20-b.conf"));
	assert_int_equal(u->syscall_filter.v[0].line, 3);
	assert_string_equal(u->memory_deny_write_execute->value, "no");
	assert_true(str_endswith(u->memory_deny_write_execute->file, "10-a.conf"));
	unit_settings_free(u);

	/* Without the reset the drop-in extends the unit's list. */
	p = path_join(dir, "20-b.conf");
	unlink(p);
	free(p);
	assert_int_equal(unitfile_load(unit, &u, &err), 0);
	assert_int_equal(u->syscall_filter.n, 2);
	assert_string_equal(u->syscall_filter.v[1].value, "~@mount");
	unit_settings_free(u);
	free(dir);
	free(unit);
}

/* Every key lands in its own field: each restriction at its index of
 * unitfile_restrict_keys, the lists and single settings where the header
 * says; a key differing in case is not read (systemd's lookup is exact),
 * and keys outside [Service] are not read. */
static void test_keys(void **state)
{
	struct unit_settings *u = NULL;
	char *text = xstrdup("[Unit]\nLockPersonality=unit-section\n[Service]\n"
			     "SystemCallFilter=f1\nSystemCallArchitectures=a1\n"
			     "MemoryDenyWriteExecute=m1\nSystemCallErrorNumber=e1\n"
			     "RestrictAddressFamilies=r1\nsystemcallfilter=lower\n");
	char *path, *err = NULL;
	const char *files[1];

	for (size_t k = 0; k < UNIT_RESTRICT_KEYS; k++) {
		char *more = xasprintf("%s%s=v%zu\n", text, unitfile_restrict_keys[k], k);
		free(text);
		text = more;
	}
	path = write_tmp("keys.service", text, strlen(text));
	files[0] = path;
	assert_int_equal(unitfile_parse_files(files, 1, &u, &err), 0);
	assert_int_equal(u->syscall_filter.n, 1);
	assert_string_equal(u->syscall_filter.v[0].value, "f1");
	assert_int_equal(u->syscall_architectures.n, 1);
	assert_string_equal(u->syscall_architectures.v[0].value, "a1");
	assert_string_equal(u->memory_deny_write_execute->value, "m1");
	assert_string_equal(u->syscall_error_number->value, "e1");
	assert_int_equal(u->address_families.n, 1);
	assert_string_equal(u->address_families.v[0].value, "r1");
	for (size_t k = 0; k < UNIT_RESTRICT_KEYS; k++) {
		char want[16];
		snprintf(want, sizeof(want), "v%zu", k);
		assert_non_null(u->restrict_settings[k]);
		assert_string_equal(u->restrict_settings[k]->value, want);
		assert_ptr_equal(unit_settings_restrict(u, unitfile_restrict_keys[k]),
				 u->restrict_settings[k]);
	}
	/* Only the restrictions answer to unit_settings_restrict(). */
	assert_null(unit_settings_restrict(u, "MemoryDenyWriteExecute"));
	assert_null(unit_settings_restrict(u, "lockpersonality"));
	unit_settings_free(u);
	free(path);
	free(text);
}

static void test_errors_and_garbage(void **state)
{
	const char *missing[] = {"/nonexistent/x.service"};
	struct unit_settings *u = NULL;
	char *err = NULL, buf[8192];
	unsigned seed = 7;
	bool b;

	static const char *const fatal[] = {"[Service]\nSystemCallFilter=a\n[Service\nx=y\n",
					    "[Serv\"ice]\n"};
	for (size_t i = 0; i < ARRAY_SIZE(fatal); i++) {
		char *path = write_tmp("bad.service", fatal[i], strlen(fatal[i]));
		const char *files[] = {path};
		char *want = xasprintf("%s:%d: ", path, i == 0 ? 3 : 1);
		err = NULL;
		assert_int_equal(unitfile_parse_files(files, 1, &u, &err), -EBADMSG);
		assert_non_null(err);
		if (!str_startswith(err, want))
			fail_msg("error '%s' does not start with '%s'", err, want);
		assert_null(strchr(err, '\n'));
		free(err);
		free(want);
		free(path);
	}
	assert_int_equal(unitfile_parse_files(missing, 1, &u, &err), -ENOENT);
	assert_non_null(err);
	assert_true(str_startswith(err, "/nonexistent/x.service: "));
	assert_null(strchr(err, '\n'));
	free(err);

	for (int round = 0; round < 100; round++) {
		char *path;
		const char *files[1];
		for (size_t i = 0; i < sizeof(buf); i++) {
			seed = seed * 1103515245u + 12345u;
			buf[i] = "[]=\\\n#;~ SystemCallFilter\0\xff"[(seed >> 16) % 28];
		}
		/* Make sure the interesting section shows up now and then. */
		memcpy(buf + 100, "\n[Service]\nSystemCallFilter=", 28);
		path = write_tmp("g.service", buf, sizeof(buf));
		files[0] = path;
		err = NULL;
		if (unitfile_parse_files(files, 1, &u, &err) == 0)
			unit_settings_free(u);
		free(err);
		free(path);
	}

	assert_int_equal(unitfile_parse_bool("Yes", &b), 0);
	assert_true(b);
	assert_int_equal(unitfile_parse_bool("off", &b), 0);
	assert_false(b);
	assert_int_equal(unitfile_parse_bool("maybe", &b), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),
		cmocka_unit_test(test_dropins),
		cmocka_unit_test(test_keys),
		cmocka_unit_test(test_errors_and_garbage),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
