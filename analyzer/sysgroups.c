// SPDX-License-Identifier: MIT
/* systemd's system call groups: the dump reader, the JSON tables and group
 * expansion. See sysgroups.h. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <seccomp.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "sysgroups.h"

/* The ABIs whose names the import checks: the ones seccompat analyses. */
static const enum arch_id checked_abis[] = {ARCH_X86, ARCH_X86_64};

static void group_clear(struct sysgroup *g)
{
	free(g->name);
	free(g->description);
	strv_clear(&g->includes);
	strv_clear(&g->syscalls);
}

struct sysgroups_memo {
	size_t n;	    /* n_groups * (ARCH_MAX + 1) */
	struct strv *names; /* [group * (ARCH_MAX + 1) + abi id, ARCH_MAX: any ABI] */
	bool *done;
};

static void memo_free(struct sysgroups_memo *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->n; i++)
		strv_clear(&m->names[i]);
	free(m->names);
	free(m->done);
	free(m);
}

void sysgroups_free(struct sysgroups *sg)
{
	if (!sg)
		return;
	memo_free(sg->memo);
	for (size_t i = 0; i < sg->n_groups; i++)
		group_clear(&sg->groups[i]);
	free(sg->groups);
	for (size_t i = 0; i < sg->n_lists; i++) {
		free(sg->lists[i].name);
		free(sg->lists[i].title);
		strv_clear(&sg->lists[i].syscalls);
	}
	free(sg->lists);
	for (size_t i = 0; i < sg->n_unknown; i++)
		free(sg->unknown[i].name);
	free(sg->unknown);
	strv_clear(&sg->warnings);
	free(sg->version);
	free(sg->source);
	free(sg->source_sha256);
	free(sg->libseccomp_version);
	free(sg->note);
	free(sg);
}

/* Asks libseccomp what systemd's seccomp_load_syscall_filter_set_raw()
 * would get: a rule for the natively resolved number, added to a filter for
 * `abi`. Only needed for multiplexed pseudo numbers, whose fate depends on
 * whether libseccomp rewrites them for that ABI (it does on i386, through
 * socketcall()/ipc(); on x86-64 "recv" resolves to a pseudo number too but
 * the rule fails with -EDOM). */
static bool rule_adds(const char *name, const struct arch_desc *abi)
{
	static struct {
		char *name;
		uint32_t arch;
		bool ok;
	} cache[128];
	static size_t n_cache;
	scmp_filter_ctx ctx;
	bool ok = false;

	for (size_t i = 0; i < n_cache; i++)
		if (cache[i].arch == abi->scmp_arch && strcmp(cache[i].name, name) == 0)
			return cache[i].ok;
	ctx = seccomp_init(SCMP_ACT_KILL);
	if (ctx) {
		if (seccomp_arch_native() != abi->scmp_arch) {
			seccomp_arch_add(ctx, abi->scmp_arch);
			seccomp_arch_remove(ctx, SCMP_ARCH_NATIVE);
		}
		ok = seccomp_rule_add_exact(ctx, SCMP_ACT_ALLOW, seccomp_syscall_resolve_name(name),
					    0) == 0;
		seccomp_release(ctx);
	}
	if (n_cache < ARRAY_SIZE(cache))
		cache[n_cache++] = (typeof(cache[0])){xstrdup(name), abi->scmp_arch, ok};
	return ok;
}

bool sysgroups_known_on_abi(const char *name, const struct arch_desc *abi)
{
	int nr = seccomp_syscall_resolve_name_arch(abi->scmp_arch, name);

	/* libseccomp's numbers: >= 0 real; -1 is __NR_SCMP_ERROR (unknown
	 * name); -10000 and below (__PNR_*) mark names that do not exist on
	 * this ABI; in between are multiplexed calls (socket(), ipc()
	 * families), filterable only where libseccomp rewrites them. */
	if (nr >= 0)
		return true;
	if (nr == __NR_SCMP_ERROR || nr <= -10000)
		return false;
	return rule_adds(name, abi);
}

bool sysgroups_known_to_libseccomp(const char *name)
{
	return seccomp_syscall_resolve_name(name) != __NR_SCMP_ERROR;
}

bool sysgroups_sorted_contains(const struct strv *sorted, const char *name)
{
	size_t lo = 0, hi = sorted->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(sorted->v[mid], name);
		if (c == 0)
			return true;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

const struct sysgroup *sysgroups_find(const struct sysgroups *sg, const char *name)
{
	for (size_t i = 0; i < sg->n_groups; i++)
		if (strcmp(sg->groups[i].name, name) == 0)
			return &sg->groups[i];
	return NULL;
}

static void expand_rec(const struct sysgroups *sg, const struct sysgroup *g,
		       const struct arch_desc *abi, bool *seen, struct strv *out)
{
	size_t idx = (size_t)(g - sg->groups);

	if (seen[idx])
		return;
	seen[idx] = true;
	for (size_t i = 0; i < g->includes.n; i++) {
		const struct sysgroup *sub = sysgroups_find(sg, g->includes.v[i]);
		if (sub)
			expand_rec(sg, sub, abi, seen, out);
	}
	for (size_t i = 0; i < g->syscalls.n; i++)
		if (!abi || sysgroups_known_on_abi(g->syscalls.v[i], abi))
			strv_push(out, g->syscalls.v[i]);
}

int sysgroups_expand(const struct sysgroups *sg, const char *name, const struct arch_desc *abi,
		     struct strv *out)
{
	const struct sysgroup *g = sysgroups_find(sg, name);
	struct sysgroups_memo *m;
	size_t k;
	bool was_empty = out->n == 0;

	if (!g)
		return -ENOENT;
	if (sg->memo && sg->memo->n != sg->n_groups * (ARCH_MAX + 1)) {
		/* Groups were added since (a table being read): start again. */
		struct sysgroups *mut = (struct sysgroups *)sg;
		memo_free(mut->memo);
		mut->memo = NULL;
	}
	if (!sg->memo) {
		/* The table is const to callers; its memo is not part of its
		 * value. */
		struct sysgroups *mut = (struct sysgroups *)sg;
		mut->memo = xcalloc(1, sizeof(*mut->memo));
		mut->memo->n = sg->n_groups * (ARCH_MAX + 1);
		mut->memo->names = xcalloc(mut->memo->n ? mut->memo->n : 1, sizeof(struct strv));
		mut->memo->done = xcalloc(mut->memo->n ? mut->memo->n : 1, sizeof(bool));
	}
	m = sg->memo;
	k = (size_t)(g - sg->groups) * (ARCH_MAX + 1) + (abi ? (size_t)abi->id : ARCH_MAX);
	if (!m->done[k]) {
		bool *seen = xcalloc(sg->n_groups, sizeof(*seen));
		expand_rec(sg, g, abi, seen, &m->names[k]);
		free(seen);
		strv_sort_unique(&m->names[k]);
		m->done[k] = true;
	}
	for (size_t i = 0; i < m->names[k].n; i++)
		strv_push(out, m->names[k].v[i]);
	/* Already sorted and unique when out was empty. */
	if (!was_empty)
		strv_sort_unique(out);
	return 0;
}

/* ---- the dump reader ---- */

static void add_unknown(struct sysgroups *sg, const char *name, unsigned line,
			const struct arch_desc *abi)
{
	GROW(sg->unknown, sg->cap_unknown, sg->n_unknown);
	sg->unknown[sg->n_unknown++] =
		(struct sysgroup_unknown){.name = xstrdup(name), .line = line, .abi = abi};
}

static void check_name(struct sysgroups *sg, const char *name, unsigned line)
{
	for (size_t i = 0; i < ARRAY_SIZE(checked_abis); i++) {
		const struct arch_desc *abi = &arch_table[checked_abis[i]];
		if (!sysgroups_known_on_abi(name, abi))
			add_unknown(sg, name, line, abi);
	}
}

static bool valid_name(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '_' && *s != '-')
			return false;
	return true;
}

static char *trim(char *s)
{
	size_t n;

	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		s[--n] = '\0';
	return s;
}

static void sort_all(struct sysgroups *sg)
{
	for (size_t i = 0; i < sg->n_groups; i++) {
		strv_sort_unique(&sg->groups[i].includes);
		strv_sort_unique(&sg->groups[i].syscalls);
	}
	for (size_t i = 0; i < sg->n_lists; i++)
		strv_sort_unique(&sg->lists[i].syscalls);
}

/* The dump (src/analyze/analyze-syscall-filter.c dump_syscall_filter) prints
 * each group as "@name", an indented "# help" line, then indented members
 * (nested groups keep their "@" name), and an empty line. Trailing sections
 * print "# <Kind> System Calls (...):" and then "#   name" per line. */
int sysgroups_parse_dump(const char *text, size_t len, const char *filename, const char *version,
			 struct sysgroups **ret)
{
	struct sysgroups *sg;
	struct sysgroup *cur = NULL;
	struct sysgroup_list *list = NULL;
	unsigned v, lineno = 0;
	const char *p = text, *end = text + len;

	if (!version || parse_version(version, &v) < 0 || v / 10000 == 0)
		return -EINVAL;

	sg = xcalloc(1, sizeof(*sg));
	sg->version = xstrdup(version);
	sg->major = v / 10000;
	sg->source = xstrdup(path_basename(filename));

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		char *raw = xstrndup(p, n), *s;
		bool indented = raw[0] == ' ' || raw[0] == '\t';

		lineno++;
		p += n + (nl ? 1 : 0);
		if (strlen(raw) != n) {
			strv_push_owned(&sg->warnings, xasprintf("%s:%u: NUL byte in line, ignored",
								 filename, lineno));
			free(raw);
			continue;
		}
		s = trim(raw);
		if (!*s) {
			cur = NULL;
		} else if (!indented && s[0] == '@') {
			if (!valid_name(s + 1) || sysgroups_find(sg, s)) {
				strv_push_owned(&sg->warnings,
						xasprintf("%s:%u: bad or repeated group name '%s', "
							  "ignored",
							  filename, lineno, s));
				cur = NULL;
			} else {
				GROW(sg->groups, sg->cap_groups, sg->n_groups);
				cur = &sg->groups[sg->n_groups++];
				*cur = (struct sysgroup){.name = xstrdup(s)};
				list = NULL;
			}
		} else if (indented && cur && s[0] == '#') {
			if (!cur->description)
				cur->description = xstrdup(trim(s + 1));
		} else if (indented && cur && s[0] == '@' && valid_name(s + 1)) {
			strv_push(&cur->includes, s);
		} else if (indented && cur && valid_name(s)) {
			strv_push(&cur->syscalls, s);
			check_name(sg, s, lineno);
		} else if (!indented && s[0] == '#' && strstr(s, "System Calls")) {
			const char *t = trim(s + 1);
			size_t w = strcspn(t, " ");
			GROW(sg->lists, sg->cap_lists, sg->n_lists);
			list = &sg->lists[sg->n_lists++];
			*list = (struct sysgroup_list){.name = xstrndup(t, w), .title = xstrdup(t)};
			for (char *c = list->name; *c; c++)
				*c = (char)tolower((unsigned char)*c);
			cur = NULL;
		} else if (!indented && s[0] == '#' && list && valid_name(trim(s + 1))) {
			const char *name = trim(s + 1);
			strv_push(&list->syscalls, name);
			check_name(sg, name, lineno);
		} else {
			strv_push_owned(&sg->warnings,
					xasprintf("%s:%u: unexpected line, ignored: %.60s",
						  filename, lineno, s));
		}
		free(raw);
	}
	if (sg->n_groups == 0) {
		sysgroups_free(sg);
		return -EBADMSG;
	}
	sort_all(sg);
	*ret = sg;
	return 0;
}

/* ---- JSON ---- */

static struct json_object *strv_to_json(const struct strv *s)
{
	struct json_object *a = json_object_new_array();

	for (size_t i = 0; i < s->n; i++)
		json_object_array_add(a, json_object_new_string(s->v[i]));
	return a;
}

int sysgroups_write_json(const struct sysgroups *sg, FILE *f)
{
	struct json_object *root = json_object_new_object();
	struct json_object *groups = json_object_new_object();
	struct json_object *lists = json_object_new_object();
	struct json_object *unknown = json_object_new_object();
	int r = 0;

	json_object_object_add(root, "schema", json_object_new_string(SYSGROUPS_SCHEMA));
	json_object_object_add(root, "systemd_version", json_object_new_string(sg->version));
	json_object_object_add(root, "systemd_major", json_object_new_int((int)sg->major));
	json_object_object_add(root, "source", json_object_new_string(sg->source));
	if (sg->source_sha256)
		json_object_object_add(root, "source_sha256",
				       json_object_new_string(sg->source_sha256));
	if (sg->libseccomp_version)
		json_object_object_add(root, "libseccomp_version",
				       json_object_new_string(sg->libseccomp_version));
	for (size_t i = 0; i < sg->n_groups; i++) {
		const struct sysgroup *g = &sg->groups[i];
		struct json_object *o = json_object_new_object();
		json_object_object_add(
			o, "description",
			json_object_new_string(g->description ? g->description : ""));
		json_object_object_add(o, "includes", strv_to_json(&g->includes));
		json_object_object_add(o, "syscalls", strv_to_json(&g->syscalls));
		json_object_object_add(groups, g->name, o);
	}
	json_object_object_add(root, "groups", groups);
	for (size_t i = 0; i < sg->n_lists; i++) {
		struct json_object *o = json_object_new_object();
		json_object_object_add(o, "title", json_object_new_string(sg->lists[i].title));
		json_object_object_add(o, "syscalls", strv_to_json(&sg->lists[i].syscalls));
		json_object_object_add(lists, sg->lists[i].name, o);
	}
	json_object_object_add(root, "lists", lists);
	for (size_t a = 0; a < ARRAY_SIZE(checked_abis); a++) {
		const struct arch_desc *abi = &arch_table[checked_abis[a]];
		struct strv names = {0};
		for (size_t i = 0; i < sg->n_unknown; i++)
			if (sg->unknown[i].abi == abi)
				strv_push(&names, sg->unknown[i].name);
		strv_sort_unique(&names);
		json_object_object_add(unknown, abi->name, strv_to_json(&names));
		strv_clear(&names);
	}
	json_object_object_add(root, "unknown_to_libseccomp", unknown);

	if (fputs(json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY |
							       JSON_C_TO_STRING_SPACED |
							       JSON_C_TO_STRING_NOSLASHESCAPE),
		  f) < 0 ||
	    fputc('\n', f) < 0)
		r = -EIO;
	json_object_put(root);
	return r;
}

static int json_to_strv(struct json_object *a, struct strv *out)
{
	if (!json_object_is_type(a, json_type_array))
		return -EBADMSG;
	for (size_t i = 0; i < json_object_array_length(a); i++) {
		struct json_object *e = json_object_array_get_idx(a, i);
		if (!json_object_is_type(e, json_type_string))
			return -EBADMSG;
		strv_push(out, json_object_get_string(e));
	}
	strv_sort_unique(out);
	return 0;
}

static const char *json_str(struct json_object *o, const char *key)
{
	struct json_object *v;

	if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

static int from_json(struct json_object *root, struct sysgroups *sg)
{
	struct json_object *groups, *lists, *unknown, *v;
	const char *s;
	int r;

	s = json_str(root, "schema");
	if (!s || strcmp(s, SYSGROUPS_SCHEMA) != 0)
		return -EBADMSG;
	if (!(s = json_str(root, "systemd_version")))
		return -EBADMSG;
	sg->version = xstrdup(s);
	if (!json_object_object_get_ex(root, "systemd_major", &v) ||
	    !json_object_is_type(v, json_type_int) || json_object_get_int(v) <= 0)
		return -EBADMSG;
	sg->major = (unsigned)json_object_get_int(v);
	sg->source = xstrdup((s = json_str(root, "source")) ? s : "");
	if ((s = json_str(root, "source_sha256")))
		sg->source_sha256 = xstrdup(s);
	if ((s = json_str(root, "libseccomp_version")))
		sg->libseccomp_version = xstrdup(s);

	if (!json_object_object_get_ex(root, "groups", &groups) ||
	    !json_object_is_type(groups, json_type_object))
		return -EBADMSG;
	json_object_object_foreach(groups, name, go)
	{
		struct sysgroup *g;
		struct json_object *a;
		if (!json_object_is_type(go, json_type_object))
			return -EBADMSG;
		GROW(sg->groups, sg->cap_groups, sg->n_groups);
		g = &sg->groups[sg->n_groups++];
		*g = (struct sysgroup){.name = xstrdup(name)};
		g->description = xstrdup((s = json_str(go, "description")) ? s : "");
		if (!json_object_object_get_ex(go, "includes", &a) ||
		    (r = json_to_strv(a, &g->includes)) < 0)
			return -EBADMSG;
		if (!json_object_object_get_ex(go, "syscalls", &a) ||
		    (r = json_to_strv(a, &g->syscalls)) < 0)
			return -EBADMSG;
	}
	if (json_object_object_get_ex(root, "lists", &lists) &&
	    json_object_is_type(lists, json_type_object)) {
		json_object_object_foreach(lists, lname, lo)
		{
			struct sysgroup_list *l;
			struct json_object *a;
			GROW(sg->lists, sg->cap_lists, sg->n_lists);
			l = &sg->lists[sg->n_lists++];
			*l = (struct sysgroup_list){.name = xstrdup(lname)};
			l->title = xstrdup((s = json_str(lo, "title")) ? s : "");
			if (!json_object_object_get_ex(lo, "syscalls", &a) ||
			    json_to_strv(a, &l->syscalls) < 0)
				return -EBADMSG;
		}
	}
	if (json_object_object_get_ex(root, "unknown_to_libseccomp", &unknown) &&
	    json_object_is_type(unknown, json_type_object)) {
		json_object_object_foreach(unknown, abiname, a)
		{
			const struct arch_desc *abi = arch_from_name(abiname);
			struct strv names = {0};
			if (!abi || json_to_strv(a, &names) < 0) {
				strv_clear(&names);
				return -EBADMSG;
			}
			for (size_t i = 0; i < names.n; i++)
				add_unknown(sg, names.v[i], 0, abi);
			strv_clear(&names);
		}
	}
	return 0;
}

int sysgroups_load_file(const char *path, struct sysgroups **ret)
{
	struct json_object *root;
	struct sysgroups *sg;
	char *data;
	int r;

	r = read_file(path, 16u << 20, &data, NULL);
	if (r < 0)
		return r;
	root = json_tokener_parse(data);
	free(data);
	if (!root)
		return -EBADMSG;
	sg = xcalloc(1, sizeof(*sg));
	r = from_json(root, sg);
	json_object_put(root);
	if (r < 0) {
		sysgroups_free(sg);
		return r;
	}
	*ret = sg;
	return 0;
}

/* Majors of the shipped tables: <db_dir>/systemd/<major>.json. */
static size_t shipped_majors(const char *dir, unsigned *out, size_t max)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	size_t n = 0;

	if (!d)
		return 0;
	while ((de = readdir(d)) && n < max) {
		char *endp;
		unsigned long m;
		if (!isdigit((unsigned char)de->d_name[0]))
			continue;
		m = strtoul(de->d_name, &endp, 10);
		if (strcmp(endp, ".json") != 0 || m == 0 || m > 100000)
			continue;
		out[n++] = (unsigned)m;
	}
	closedir(d);
	return n;
}

int sysgroups_load(const char *db_dir, unsigned systemd_version, struct sysgroups **ret)
{
	unsigned want = systemd_version >= 10000 ? systemd_version / 10000 : systemd_version;
	unsigned majors[256], pick = 0, lowest = UINT_MAX;
	char *dir = path_join(db_dir, "systemd"), *name, *path;
	size_t n = shipped_majors(dir, majors, ARRAY_SIZE(majors));
	struct sysgroups *sg;
	int r;

	for (size_t i = 0; i < n; i++) {
		if (majors[i] <= want && majors[i] > pick)
			pick = majors[i];
		lowest = MIN(lowest, majors[i]);
	}
	if (n == 0) {
		free(dir);
		return -ENOENT;
	}
	if (pick == 0)
		pick = lowest;
	name = xasprintf("%u.json", pick);
	path = path_join(dir, name);
	r = sysgroups_load_file(path, &sg);
	free(name);
	free(path);
	free(dir);
	if (r < 0)
		return r;
	if (pick != want)
		sg->note = xasprintf("systemd %u: no group table shipped, using the one of "
				     "systemd %u (%s)",
				     want, pick, pick < want ? "nearest older" : "oldest shipped");
	*ret = sg;
	return 0;
}
