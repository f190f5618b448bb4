// SPDX-License-Identifier: MIT
/* Unit file reader for the seccomp-related [Service] settings. The rules
 * follow systemd's src/shared/conf-parser.c (config_parse, parse_line) and
 * systemd.syntax(7); each is noted where it is applied. */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

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

/* The [Service] settings read, as systemd's load-fragment-gperf.gperf.in
 * lists them: the key, how its assignments combine, where the result is
 * kept. A list keeps every assignment since the last empty one
 * (config_parse_syscall_filter, config_parse_syscall_archs,
 * config_parse_address_families: "If the empty string is assigned, the list
 * is reset", systemd.exec(5)); a single setting keeps the last. Other keys
 * are not read. */
struct unit_key {
	const char *name;
	bool list;
	size_t offset; /* of a struct unit_list or a struct unit_setting * */
};

#define LIST_KEY(n, field)                                                                         \
	{                                                                                          \
		n, true, offsetof(struct unit_settings, field)                                     \
	}
#define SINGLE_KEY(n, field)                                                                       \
	{                                                                                          \
		n, false, offsetof(struct unit_settings, field)                                    \
	}
static const struct unit_key unit_keys[] = {
	LIST_KEY("SystemCallFilter", syscall_filter),
	LIST_KEY("SystemCallArchitectures", syscall_architectures),
	SINGLE_KEY("MemoryDenyWriteExecute", memory_deny_write_execute),
	SINGLE_KEY("SystemCallErrorNumber", syscall_error_number),
	LIST_KEY("RestrictAddressFamilies", address_families),
	/* then unitfile_restrict_keys, single settings in restrict_settings[] */
};
#undef LIST_KEY
#undef SINGLE_KEY

const char *const unitfile_restrict_keys[UNIT_RESTRICT_KEYS] = {
	"LockPersonality", "RestrictRealtime",	   "RestrictNamespaces", "RestrictSUIDSGID",
	"ProtectClock",	   "ProtectKernelModules", "ProtectKernelLogs",	 "ProtectHostname",
};

#define N_UNIT_KEYS (ARRAY_SIZE(unit_keys) + UNIT_RESTRICT_KEYS)

/* Key i of all the keys read: unit_keys[], then the restrictions. */
static struct unit_key unit_key_at(size_t i)
{
	if (i < ARRAY_SIZE(unit_keys))
		return unit_keys[i];
	i -= ARRAY_SIZE(unit_keys);
	return (struct unit_key){unitfile_restrict_keys[i], false,
				 offsetof(struct unit_settings, restrict_settings) +
					 i * sizeof(struct unit_setting *)};
}

/* Keys are case-sensitive in systemd (config_parse's lookup is exact).
 * Returns false when seccompat does not read key. */
static bool unit_key_find(const char *key, struct unit_key *ret)
{
	for (size_t i = 0; i < N_UNIT_KEYS; i++) {
		struct unit_key k = unit_key_at(i);
		if (strcmp(key, k.name) == 0) {
			*ret = k;
			return true;
		}
	}
	return false;
}

bool unitfile_key_is_list(const char *key)
{
	struct unit_key k;

	return unit_key_find(key, &k) && k.list;
}

void unit_settings_free(struct unit_settings *u)
{
	if (!u)
		return;
	for (size_t i = 0; i < N_UNIT_KEYS; i++) {
		struct unit_key k = unit_key_at(i);
		void *field = (char *)u + k.offset;
		if (k.list)
			list_clear(field);
		else
			setting_free(*(struct unit_setting **)field);
	}
	strv_clear(&u->files);
	strv_clear(&u->sha256);
	strv_clear(&u->warnings);
	free(u->name);
	strv_clear(&u->arguments);
	free(u->root);
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

const struct unit_setting *unit_settings_restrict(const struct unit_settings *u, const char *key)
{
	for (size_t i = 0; i < UNIT_RESTRICT_KEYS; i++)
		if (strcmp(key, unitfile_restrict_keys[i]) == 0)
			return u->restrict_settings[i];
	return NULL;
}

bool unitfile_address_families(const struct unit_list *l, struct strv *set, bool *allow)
{
	bool any = false;

	*allow = true;
	for (size_t i = 0; i < l->n; i++) {
		struct strv w = {0};
		const char *val = l->v[i].value;
		bool invert = *val == '~';
		if (strcmp(val, "none") == 0) {
			strv_clear(set);
			*allow = true;
			any = true;
			continue;
		}
		if (!any)
			*allow = !invert;
		any = true;
		strv_split(&w, val + invert, " \t", false);
		for (size_t k = 0; k < w.n; k++) {
			if (*allow != invert) {
				if (!strv_contains(set, w.v[k]))
					strv_push(set, w.v[k]);
				continue;
			}
			for (size_t m = 0; m < set->n; m++)
				if (strcmp(set->v[m], w.v[k]) == 0) {
					free(set->v[m]);
					set->v[m] = set->v[--set->n];
					break;
				}
		}
		strv_clear(&w);
	}
	strv_sort_unique(set);
	return any;
}

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
	struct unit_key k;
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
	if (!unit_key_find(key, &k))
		return 0; /* not a setting seccompat reads */
	if (k.list)
		list_assign((struct unit_list *)((char *)u + k.offset), value, file, line);
	else
		single_assign((struct unit_setting **)((char *)u + k.offset), value, file, line);
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
		char hash[65];
		sha256_hex(data, len, hash);
		strv_push(&u->files, files[i]);
		strv_push(&u->sha256, hash);
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

/* ---- finding a unit and its drop-ins as systemd does ---- */

const char *const unitfile_search_dirs[] = {
	/* src/basic/path-lookup.c lookup_paths_init(), RUNTIME_SCOPE_SYSTEM,
	 * highest priority first. /lib/systemd/system is read by split-/usr
	 * builds (Debian 12's systemd 252: `systemd-analyze security
	 * --offline` lists it before /usr/lib); on merged /usr it is the same
	 * directory and is read once. */
	"/etc/systemd/system.control",	 "/run/systemd/system.control",
	"/etc/systemd/system",		 "/etc/systemd/system.attached",
	"/run/systemd/system",		 "/run/systemd/system.attached",
	"/usr/local/lib/systemd/system", "/lib/systemd/system",
	"/usr/lib/systemd/system",	 NULL,
};

/* src/basic/unit-def.c unit_type_table. */
static const char *const unit_types[] = {"service",   "mount", "swap", "socket", "target", "device",
					 "automount", "timer", "path", "slice",	 "scope"};

/* The type of a unit name ("service"), or NULL when it has none. */
static const char *unit_type_of(const char *name)
{
	const char *dot = strrchr(name, '.');

	if (!dot || dot == name)
		return NULL;
	for (size_t i = 0; i < ARRAY_SIZE(unit_types); i++)
		if (strcmp(dot + 1, unit_types[i]) == 0)
			return unit_types[i];
	return NULL;
}

static bool is_type_name(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(unit_types); i++)
		if (strcmp(name, unit_types[i]) == 0)
			return true;
	return false;
}

/* unit_name_is_valid(UNIT_NAME_INSTANCE): "prefix@instance.type". */
static bool is_instance(const char *name)
{
	const char *at = strchr(name, '@'), *dot = strrchr(name, '.');

	return at && dot && at > name && dot > at + 1;
}

/* unit_name_template(): "foo@1.service" -> "foo@.service". */
static char *template_of(const char *name)
{
	const char *at = strchr(name, '@'), *dot = strrchr(name, '.');

	return xasprintf("%.*s@%s", (int)(at - name), name, dot);
}

struct file_id {
	dev_t dev;
	ino_t ino;
};

struct seen {
	struct file_id *v;
	size_t n, cap;
};

/* Whether st's file was seen; records it when not. */
static bool seen_before(struct seen *s, const struct stat *st)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->v[i].dev == st->st_dev && s->v[i].ino == st->st_ino)
			return true;
	GROW(s->v, s->cap, s->n);
	s->v[s->n++] = (struct file_id){st->st_dev, st->st_ino};
	return false;
}

/* Follows symlinks of path inside root the way chase(CHASE_PREFIX_ROOT)
 * would for absolute targets (a tree under --root has links like
 * /etc/systemd/system/x.service -> /usr/lib/systemd/system/x.service).
 * Returns a new path, or NULL for a link to /dev/null (masked). */
static char *chase_in_root(const char *root, const char *path)
{
	char *cur = xstrdup(path);

	for (int depth = 0; depth < 32; depth++) {
		char buf[PATH_MAX];
		ssize_t n = readlink(cur, buf, sizeof(buf) - 1);
		char *next, *dir;

		if (n < 0)
			return cur;
		buf[n] = '\0';
		if (strcmp(buf, "/dev/null") == 0) {
			free(cur);
			return NULL;
		}
		if (buf[0] == '/') {
			next = root ? path_under_root(root, buf) : xstrdup(buf);
		} else {
			dir = path_dirname(cur);
			next = path_join(dir, buf);
			free(dir);
		}
		free(cur);
		cur = next;
	}
	return cur;
}

/* unit_file_find_dirs(): NAME.d in dir, then the template's, then each
 * dash prefix's ("foo-bar-.service", "foo-.service"), recursively. */
static void find_dirs(const char *dir, const char *name, struct strv *dirs, struct seen *seen,
		      int depth)
{
	char *d = xasprintf("%s/%s.d", dir, name), *prefix, *built;
	const char *type = unit_type_of(name), *at, *instance = NULL;
	struct stat st;
	bool chopped = false;
	size_t n;

	if (stat(d, &st) == 0 && S_ISDIR(st.st_mode) && !seen_before(seen, &st))
		strv_push(dirs, d);
	free(d);
	if (depth > 64)
		return;
	if (is_instance(name)) {
		char *t = template_of(name);
		find_dirs(dir, t, dirs, seen, depth + 1);
		free(t);
	}
	/* Top-level drop-ins ("service.d") have no prefix. */
	if (is_type_name(name) || !type)
		return;
	at = strchr(name, '@');
	n = at ? (size_t)(at - name) : strlen(name) - strlen(type) - 1;
	prefix = xstrndup(name, n);
	if (at && is_instance(name))
		instance = at + 1;
	for (;;) {
		char *dash = strrchr(prefix, '-');
		size_t k;

		if (!dash || dash == prefix) {
			free(prefix);
			return;
		}
		k = (size_t)(dash - prefix);
		if (prefix[k + 1] != '\0' || chopped) {
			prefix[k + 1] = '\0';
			break;
		}
		/* A trailing dash is chopped once and the search goes on. */
		prefix[k] = '\0';
		chopped = true;
	}
	if (instance)
		built = xasprintf("%s@%.*s.%s", prefix, (int)(strrchr(instance, '.') - instance),
				  instance, type);
	else
		built = xasprintf("%s.%s", prefix, type);
	free(prefix);
	find_dirs(dir, built, dirs, seen, depth + 1);
	free(built);
}

static int cmp_basename(const void *a, const void *b)
{
	return strcmp(path_basename(*(char *const *)a), path_basename(*(char *const *)b));
}

/* conf_files_list_strv(): every *.conf (not hidden) of dirs; of files with
 * the same name the one in the earliest directory wins; sorted by name. */
static void list_dropins(const struct strv *dirs, struct strv *out)
{
	struct strv names = {0};

	for (size_t i = 0; i < dirs->n; i++) {
		DIR *d = opendir(dirs->v[i]);
		struct dirent *de;

		if (!d)
			continue;
		while ((de = readdir(d))) {
			char *p;
			struct stat st;

			if (de->d_name[0] == '.' || !str_endswith(de->d_name, ".conf") ||
			    strv_contains(&names, de->d_name))
				continue;
			p = path_join(dirs->v[i], de->d_name);
			/* A directory named x.conf is no file; a dangling link
			 * is skipped too. */
			if (stat(p, &st) < 0 || S_ISDIR(st.st_mode)) {
				free(p);
				continue;
			}
			strv_push(&names, de->d_name);
			strv_push_owned(out, p);
		}
		closedir(d);
	}
	if (out->n > 1)
		qsort(out->v, out->n, sizeof(*out->v), cmp_basename);
	strv_clear(&names);
}

/* A unit file must be text with a section header (what systemd would
 * load as a unit rather than ignore line by line). */
static int check_unit_text(const char *path, char **ret_error)
{
	char *data;
	size_t len;
	bool header = false, content = false;
	int r = read_file(path, 64u << 20, &data, &len);

	if (r < 0) {
		*ret_error = xasprintf("%s: cannot read: %s", path, strerror(-r));
		return r;
	}
	if (memchr(data, '\0', len)) {
		free(data);
		*ret_error = xasprintf("%s: error: not a unit file (binary data)", path);
		return -EINVAL;
	}
	for (char *l = strtok(data, "\n"); l && !header; l = strtok(NULL, "\n")) {
		l += strspn(l, " \t\r");
		if (!*l || *l == '#' || *l == ';')
			continue;
		content = true;
		header = *l == '[';
	}
	free(data);
	if (content && !header) {
		*ret_error = xasprintf("%s: error: not a unit file (no [Section] header)", path);
		return -EINVAL;
	}
	return 0;
}

/* path made absolute against the working directory, symlinks kept (the
 * unit's name is its link's name), so that a baseline's record of it
 * re-loads from anywhere. */
static char *absolute(const char *path)
{
	char cwd[PATH_MAX], *j, *n;

	if (path[0] == '/' || !getcwd(cwd, sizeof(cwd)))
		return path_normalize(path);
	j = path_join(cwd, path);
	n = path_normalize(j);
	free(j);
	return n;
}

/* The unit file for name in the search directories: the first directory
 * that has it wins (unit_file_build_name_map()); an instance without its
 * own file uses its template's. */
static int find_fragment(const struct strv *dirs, const char *name, char **ret_path,
			 char **ret_error)
{
	char *t = is_instance(name) ? template_of(name) : NULL;
	const char *names[2] = {name, t};

	for (size_t k = 0; k < 2 && names[k]; k++)
		for (size_t i = 0; i < dirs->n; i++) {
			char *p = path_join(dirs->v[i], names[k]);
			struct stat st;

			if (lstat(p, &st) < 0) {
				free(p);
				continue;
			}
			*ret_path = p;
			free(t);
			return 0;
		}
	*ret_error = xasprintf("%s: error: no such unit in the unit directories (%s, ...)", name,
			       dirs->n ? dirs->v[0] : "none");
	free(t);
	return -ENOENT;
}

int unitfile_load_args(const char *const *args, size_t n_args, const char *root,
		       struct unit_settings **ret, char **ret_error)
{
	struct strv dirs = {0}, dropin_dirs = {0}, dropins = {0}, files = {0};
	struct seen seen_dirs = {0}, seen_dropin_dirs = {0}, seen_files = {0};
	char *name = NULL, *fragment = NULL, *chased = NULL, *err = NULL;
	struct stat st;
	int r = -EINVAL;

	if (n_args == 0) {
		err = xstrdup("seccompat: error: no unit given");
		goto out;
	}
	if (strchr(args[0], '/')) {
		char *dir;
		fragment = absolute(args[0]);
		dir = path_dirname(fragment);
		name = xstrdup(path_basename(fragment));
		/* `systemd-analyze verify PATH` reads the file's directory
		 * first (its unit path gets the file's directory prepended). */
		if (stat(dir, &st) == 0 && !seen_before(&seen_dirs, &st))
			strv_push(&dirs, dir);
		free(dir);
	} else {
		name = xstrdup(args[0]);
	}
	for (size_t i = 0; unitfile_search_dirs[i]; i++) {
		char *d = root ? path_under_root(root, unitfile_search_dirs[i])
			       : xstrdup(unitfile_search_dirs[i]);
		if (stat(d, &st) == 0 && S_ISDIR(st.st_mode) && !seen_before(&seen_dirs, &st))
			strv_push(&dirs, d);
		free(d);
	}
	if (!unit_type_of(name) || is_type_name(name)) {
		err = xasprintf("%s: error: not a unit file (the name must end in a unit type: "
				".service, .socket, ...)",
				fragment ? fragment : name);
		goto out;
	}
	if (!fragment) {
		r = find_fragment(&dirs, name, &fragment, &err);
		if (r < 0)
			goto out;
	}
	chased = chase_in_root(root, fragment);
	if (!chased) {
		err = xasprintf("%s: error: unit %s is masked (a link to /dev/null)", fragment,
				name);
		r = -ELOOP;
		goto out;
	}
	if (stat(chased, &st) == 0 && S_ISDIR(st.st_mode)) {
		err = xasprintf("%s: error: not a unit file (a directory)", fragment);
		r = -EINVAL;
		goto out;
	}
	r = check_unit_text(chased, &err);
	if (r < 0)
		goto out;
	for (size_t i = 0; i < dirs.n; i++)
		find_dirs(dirs.v[i], name, &dropin_dirs, &seen_dropin_dirs, 0);
	/* The type's own drop-ins (service.d/) come last, the most generic. */
	for (size_t i = 0; i < dirs.n; i++)
		find_dirs(dirs.v[i], unit_type_of(name), &dropin_dirs, &seen_dropin_dirs, 0);
	list_dropins(&dropin_dirs, &dropins);
	strv_push(&files, chased);
	if (stat(chased, &st) == 0)
		seen_before(&seen_files, &st);
	for (size_t i = 0; i < dropins.n; i++) {
		if (stat(dropins.v[i], &st) == 0 && seen_before(&seen_files, &st))
			continue;
		strv_push(&files, dropins.v[i]);
	}
	for (size_t i = 1; i < n_args; i++) {
		if (!str_endswith(args[i], ".conf")) {
			err = xasprintf("%s: error: not a drop-in (systemd reads only *.conf)",
					args[i]);
			r = -EINVAL;
			goto out;
		}
		if (stat(args[i], &st) == 0 && seen_before(&seen_files, &st))
			continue;
		strv_push_owned(&files, absolute(args[i]));
	}
	r = unitfile_parse_files((const char *const *)files.v, files.n, ret, &err);
	if (r == 0) {
		(*ret)->name = name;
		name = NULL;
		for (size_t i = 0; i < n_args; i++)
			strv_push_owned(&(*ret)->arguments, strchr(args[i], '/') || i
								    ? absolute(args[i])
								    : xstrdup(args[i]));
		(*ret)->root = root ? xstrdup(root) : NULL;
	}
out:
	if (r < 0 && ret_error)
		*ret_error = err;
	else
		free(err);
	free(name);
	free(fragment);
	free(chased);
	strv_clear(&dirs);
	strv_clear(&dropin_dirs);
	strv_clear(&dropins);
	strv_clear(&files);
	free(seen_dirs.v);
	free(seen_dropin_dirs.v);
	free(seen_files.v);
	return r;
}
