// SPDX-License-Identifier: MIT
/* Unit file reader for the seccomp-related [Service] settings. The rules
 * follow systemd's src/shared/conf-parser.c (config_parse, parse_line) and
 * systemd.syntax(7); each is noted where it is applied. */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "unitfile.h"

/* systemd's LONG_LINE_MAX: longer (continued) lines fail the file. */
#define UNIT_LINE_MAX (1024u * 1024u)

static void setting_clear(struct unit_setting *s)
{
	free(s->value);
	free(s->file);
}

static void list_clear(struct unit_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		setting_clear(&l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

static void setting_free(struct unit_setting *s)
{
	if (!s)
		return;
	setting_clear(s);
	free(s);
}

void unit_settings_free(struct unit_settings *u)
{
	if (!u)
		return;
	list_clear(&u->syscall_filter);
	list_clear(&u->syscall_architectures);
	setting_free(u->memory_deny_write_execute);
	setting_free(u->syscall_error_number);
	strv_clear(&u->files);
	strv_clear(&u->warnings);
	free(u);
}

int unitfile_parse_bool(const char *v, bool *ret)
{
	/* src/basic/parse-util.c parse_boolean() */
	static const char *const yes[] = {"1", "yes", "y", "true", "t", "on"};
	static const char *const no[] = {"0", "no", "n", "false", "f", "off"};

	for (size_t i = 0; i < ARRAY_SIZE(yes); i++) {
		if (strcasecmp(v, yes[i]) == 0) {
			*ret = true;
			return 0;
		}
		if (strcasecmp(v, no[i]) == 0) {
			*ret = false;
			return 0;
		}
	}
	return -EINVAL;
}

static char *strip(char *s)
{
	size_t n;

	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
		s[--n] = '\0';
	return s;
}

static void warn(struct unit_settings *u, const char *file, unsigned line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void warn(struct unit_settings *u, const char *file, unsigned line, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	strv_push_owned(&u->warnings, xasprintf("%s:%u: %s", file, line, msg));
	free(msg);
}

static struct unit_setting setting_make(const char *value, const char *file, unsigned line)
{
	return (struct unit_setting){.value = xstrdup(value), .file = xstrdup(file), .line = line};
}

/* List-type settings (config_parse_syscall_filter, config_parse_syscall_archs):
 * "If the empty string is assigned, the list is reset" (systemd.exec(5)). */
static void list_assign(struct unit_list *l, const char *value, const char *file, unsigned line)
{
	if (!*value) {
		list_clear(l);
		return;
	}
	GROW(l->v, l->cap, l->n);
	l->v[l->n++] = setting_make(value, file, line);
}

/* Single-valued settings: the last assignment wins, across drop-ins too. */
static void single_assign(struct unit_setting **s, const char *value, const char *file,
			  unsigned line)
{
	setting_free(*s);
	*s = xmalloc(sizeof(**s));
	**s = setting_make(value, file, line);
}

struct parse_state {
	char *section; /* NULL: before any section header, or an ignored one */
	bool section_ignored;
};

/* string_is_safe(): no control characters, quotes or backslashes. */
static bool section_name_safe(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < ' ' || *s == 0x7f || *s == '"' || *s == '\'' || *s == '\\')
			return false;
	return true;
}

/* conf-parser.c parse_line(): one logical (continuation-joined) line.
 * Returns -EBADMSG for the errors that make systemd refuse the whole file
 * (a bad section header), with the message in *ret_error. */
static int parse_line(struct unit_settings *u, struct parse_state *st, const char *file,
		      unsigned line, char *l, char **ret_error)
{
	char *eq, *key, *value;

	l = strip(l);
	if (!*l)
		return 0;
	if (*l == '[') {
		size_t n = strlen(l);
		char *name;
		if (n < 2 || l[n - 1] != ']') {
			if (ret_error)
				*ret_error = xasprintf("%s:%u: invalid section header '%.60s'",
						       file, line, l);
			return -EBADMSG;
		}
		name = xstrndup(l + 1, n - 2);
		if (!section_name_safe(name)) {
			free(name);
			if (ret_error)
				*ret_error = xasprintf("%s:%u: bad characters in section header",
						       file, line);
			return -EBADMSG;
		}
		/* A service unit knows [Unit], [Service] and [Install];
		 * other sections are ignored, with a warning unless they
		 * start with "X-" (systemd.syntax(7)). */
		if (strcmp(name, "Unit") != 0 && strcmp(name, "Service") != 0 &&
		    strcmp(name, "Install") != 0) {
			if (!str_startswith(name, "X-"))
				warn(u, file, line, "unknown section '%s', ignored", name);
			free(name);
			free(st->section);
			st->section = NULL;
			st->section_ignored = true;
			return 0;
		}
		free(st->section);
		st->section = name;
		st->section_ignored = false;
		return 0;
	}
	if (!st->section) {
		if (!st->section_ignored)
			warn(u, file, line, "assignment outside of section, ignored");
		return 0;
	}
	eq = strchr(l, '=');
	if (!eq) {
		warn(u, file, line, "missing '=', line ignored: %.60s", l);
		return 0;
	}
	if (eq == l) {
		warn(u, file, line, "missing key name before '=', line ignored");
		return 0;
	}
	if (strcmp(st->section, "Service") != 0)
		return 0;
	*eq = '\0';
	key = strip(l);
	value = strip(eq + 1);
	if (strcmp(key, "SystemCallFilter") == 0)
		list_assign(&u->syscall_filter, value, file, line);
	else if (strcmp(key, "SystemCallArchitectures") == 0)
		list_assign(&u->syscall_architectures, value, file, line);
	else if (strcmp(key, "MemoryDenyWriteExecute") == 0)
		single_assign(&u->memory_deny_write_execute, value, file, line);
	else if (strcmp(key, "SystemCallErrorNumber") == 0)
		single_assign(&u->syscall_error_number, value, file, line);
	return 0;
}

static bool is_comment_line(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return *s == '#' || *s == ';';
}

/* Whether the line ends in an unescaped backslash (config_parse walks the
 * line, toggling on every backslash, so "\\" at the end is no
 * continuation). */
static bool ends_in_continuation(const char *s)
{
	bool escaped = false;

	for (; *s; s++)
		escaped = escaped ? false : *s == '\\';
	return escaped;
}

static int parse_text(struct unit_settings *u, const char *file, const char *data, size_t len,
		      char **ret_error)
{
	struct parse_state st = {0};
	const char *p = data, *end = data + len;
	char *cont = NULL;
	unsigned lineno = 0, cont_line = 0;
	int r = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		char *l;

		lineno++;
		if (memchr(p, '\0', n)) {
			/* read_line() stops at NUL; we refuse such lines
			 * rather than guessing what the rest means. */
			warn(u, file, lineno, "NUL byte in line, ignored");
			p += n + (nl ? 1 : 0);
			continue;
		}
		l = xstrndup(p, n);
		p += n + (nl ? 1 : 0);
		/* A UTF-8 byte order mark on the first line is skipped. */
		if (lineno == 1 && str_startswith(l, "\xef\xbb\xbf"))
			memmove(l, l + 3, strlen(l + 3) + 1);
		/* Comment lines are skipped before continuation handling, so
		 * they may sit inside a continued value (conf-parser.c). */
		if (is_comment_line(l)) {
			free(l);
			continue;
		}
		if (cont) {
			if (strlen(cont) + strlen(l) > UNIT_LINE_MAX) {
				free(l);
				if (ret_error)
					*ret_error = xasprintf("%s:%u: continuation line too long",
							       file, cont_line);
				r = -ENOBUFS;
				goto out;
			}
			char *joined = xasprintf("%s%s", cont, l);
			free(cont);
			free(l);
			l = joined;
		} else {
			cont_line = lineno;
		}
		if (ends_in_continuation(l)) {
			/* The backslash becomes a space and the next line is
			 * appended (systemd.syntax(7)). */
			l[strlen(l) - 1] = ' ';
			cont = l;
			continue;
		}
		cont = NULL;
		r = parse_line(u, &st, file, cont_line, l, ret_error);
		free(l);
		if (r < 0)
			goto out;
	}
	/* A continuation at end of file is still parsed. */
	if (cont)
		r = parse_line(u, &st, file, cont_line, cont, ret_error);
out:
	free(cont);
	free(st.section);
	return r;
}

int unitfile_parse_files(const char *const *files, size_t n_files, struct unit_settings **ret,
			 char **ret_error)
{
	struct unit_settings *u = xcalloc(1, sizeof(*u));

	for (size_t i = 0; i < n_files; i++) {
		char *data;
		size_t len;
		int r = read_file(files[i], 64u << 20, &data, &len);
		if (r < 0) {
			if (ret_error)
				*ret_error =
					xasprintf("%s: cannot read: %s", files[i], strerror(-r));
			unit_settings_free(u);
			return r;
		}
		strv_push(&u->files, files[i]);
		r = parse_text(u, files[i], data, len, ret_error);
		free(data);
		if (r < 0) {
			unit_settings_free(u);
			return r;
		}
	}
	*ret = u;
	return 0;
}

int unitfile_load(const char *unit_path, struct unit_settings **ret, char **ret_error)
{
	struct strv files = {0}, dropins = {0};
	char *dir = xasprintf("%s.d", unit_path);
	DIR *d;
	int r;

	strv_push(&files, unit_path);
	d = opendir(dir);
	if (d) {
		struct dirent *de;
		while ((de = readdir(d)))
			if (str_endswith(de->d_name, ".conf") && de->d_name[0] != '.')
				strv_push_owned(&dropins, path_join(dir, de->d_name));
		closedir(d);
	}
	/* Drop-ins apply in lexical order of their file names
	 * (systemd.unit(5) "Along with a unit file foo.service, a drop-in
	 * directory foo.service.d/ may exist"). All live in one directory
	 * here, so sorting the paths sorts the names. */
	strv_sort_unique(&dropins);
	for (size_t i = 0; i < dropins.n; i++)
		strv_push(&files, dropins.v[i]);
	r = unitfile_parse_files((const char *const *)files.v, files.n, ret, ret_error);
	strv_clear(&files);
	strv_clear(&dropins);
	free(dir);
	return r;
}
