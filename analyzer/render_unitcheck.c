// SPDX-License-Identifier: MIT
/* The unit check's output: JSON for the analyze document, the warnings,
 * the summary rows and the text and markdown sections. unitcheck.c only
 * judges. */
#include "render_unitcheck.h"

#include <stdlib.h>
#include <string.h>

#include "jsonout.h"
#include "json_schema.h"

json_object *render_unitcheck_json(const struct unitcheck *uc)
{
	json_object *j = json_object_new_object();
	for (size_t i = 0; i < uc->n; i++) {
		const struct unitcheck_item *it = &uc->items[i];
		json_object *d = json_object_new_object(), *r = json_object_new_array();
		json_object_object_add(d, DK_UC_STATUS,
				       json_object_new_string(filter_status_name(it->status)));
		json_object_object_add(d, DK_UC_VALUE, jsonout_string_or_null(it->value));
		json_object_object_add(d, "set_at", jsonout_string_or_null(it->set_at));
		{
			json_object *src = json_object_new_array();
			for (size_t k = 0; k < it->sources.n; k++)
				json_object_array_add(src,
						      json_object_new_string(it->sources.v[k]));
			json_object_object_add(d, "sources", src);
		}
		for (size_t k = 0; k < it->reasons.n; k++)
			json_object_array_add(r, json_object_new_string(it->reasons.v[k]));
		json_object_object_add(d, DK_UC_REASONS, r);
		json_object_object_add(j, it->directive, d);
	}
	{
		json_object *w = json_object_new_array();
		for (size_t k = 0; k < uc->warnings.n; k++)
			json_object_array_add(w, json_object_new_string(uc->warnings.v[k]));
		json_object_object_add(j, "warnings", w);
	}
	return j;
}

json_object *render_unitcheck_source_json(const struct unitcheck *uc)
{
	json_object *j = json_object_new_object(), *args = json_object_new_array(),
		    *files = json_object_new_array();

	json_object_object_add(j, DK_UNIT_NAME, jsonout_string_or_null(uc->name));
	for (size_t i = 0; i < uc->arguments.n; i++)
		json_object_array_add(args, json_object_new_string(uc->arguments.v[i]));
	json_object_object_add(j, "arguments", args);
	json_object_object_add(j, "root", jsonout_string_or_null(uc->root));
	for (size_t i = 0; i < uc->files.n; i++) {
		json_object *e = json_object_new_object();
		json_object_object_add(e, DK_UNIT_FILE_PATH,
				       json_object_new_string(uc->files.v[i]));
		json_object_object_add(e, DK_UNIT_FILE_SHA256,
				       json_object_new_string(uc->sha256.v[i]));
		json_object_array_add(files, e);
	}
	json_object_object_add(j, DK_UNIT_FILES, files);
	return j;
}

void render_unitcheck_warnings(const struct unitcheck *uc, FILE *f)
{
	for (size_t i = 0; i < uc->warnings.n; i++) {
		const char *w = uc->warnings.v[i], *sep = strstr(w, ": ");
		if (sep)
			fprintf(f, "%.*s: warning: %s\n", (int)(sep - w), w, sep + 2);
		else
			fprintf(f, "seccompat: warning: %s\n", w);
	}
}

void render_unitcheck_summary(const struct unitcheck *uc, FILE *f)
{
	for (size_t i = 0; i < uc->n; i++) {
		const struct unitcheck_item *it = &uc->items[i];
		char name[48], status[48];
		const char *v = it->value ? it->value : "(not set)";
		size_t len = strlen(v);

		snprintf(name, sizeof(name), "%s=", it->directive);
		snprintf(status, sizeof(status), "unit: %s", filter_status_name(it->status));
		fprintf(f, "%-26s %-22s %.*s%s\n", name, status, (int)(len > 70 ? 67 : len), v,
			len > 70 ? "..." : "");
	}
}

void render_unitcheck_text(const struct unitcheck *uc, unsigned limit, FILE *f)
{
	fprintf(f, "\nUnit check%s%s:\n", uc->name ? " of " : "", uc->name ? uc->name : "");
	for (size_t i = 0; i < uc->files.n; i++)
		fprintf(f, "  %s %s\n", i ? "drop-in" : "read   ", uc->files.v[i]);
	for (size_t i = 0; i < uc->n; i++) {
		const struct unitcheck_item *it = &uc->items[i];
		size_t shown = 0;

		fprintf(f, "  %-24s %-6s %s%s%s\n", it->directive, filter_status_name(it->status),
			it->value ? it->value : "(not set)", it->set_at ? "  at " : "",
			it->set_at ? it->set_at : "");
		if (it->sources.n > 1) {
			fprintf(f, "      lines from");
			for (size_t k = 0; k < it->sources.n; k++)
				fprintf(f, " %s", it->sources.v[k]);
			fputc('\n', f);
		}
		/* Certain conflicts come first in the reasons (describe_conflicts),
		 * so a cap keeps what breaks. */
		for (size_t k = 0; k < it->reasons.n; k++) {
			if (limit && shown >= limit)
				break;
			shown++;
			fprintf(f, "      - %s\n", it->reasons.v[k]);
		}
		if (it->reasons.n > shown)
			fprintf(f, "      ... %zu more (--verbose lists them)\n",
				it->reasons.n - shown);
	}
	for (size_t k = 0; k < uc->warnings.n; k++)
		fprintf(f, "  warning: %s\n", uc->warnings.v[k]);
}

void render_unitcheck_markdown(const struct unitcheck *uc, unsigned limit, FILE *f)
{
	fprintf(f, "\n## Unit check%s%s%s\n\n", uc->name ? ": `" : "", uc->name ? uc->name : "",
		uc->name ? "`" : "");
	for (size_t i = 0; i < uc->files.n; i++)
		fprintf(f, "%s`%s`%s", i ? "" : "Read: ", uc->files.v[i],
			i + 1 < uc->files.n ? ", " : "\n\n");
	fputs("| Directive | Status | Value | Set at |\n|---|---|---|---|\n", f);
	for (size_t i = 0; i < uc->n; i++) {
		const struct unitcheck_item *it = &uc->items[i];
		fprintf(f, "| `%s=` | **%s** | `", it->directive, filter_status_name(it->status));
		for (const char *c = it->value ? it->value : ""; *c; c++)
			fputs(*c == '|' ? "\\|" : (char[]){*c, 0}, f);
		fputs("` | ", f);
		for (size_t k = 0; k < it->sources.n; k++)
			fprintf(f, "%s%s", k ? "<br>" : "", it->sources.v[k]);
		fputs(" |\n", f);
	}
	for (size_t i = 0; i < uc->n; i++) {
		const struct unitcheck_item *it = &uc->items[i];
		size_t shown = 0;
		if (!it->reasons.n)
			continue;
		fprintf(f, "\n<details><summary><code>%s=</code>: %s, %zu reason%s</summary>\n\n",
			it->directive, filter_status_name(it->status), it->reasons.n,
			it->reasons.n == 1 ? "" : "s");
		for (size_t k = 0; k < it->reasons.n; k++) {
			if (limit && shown >= limit)
				break;
			shown++;
			fprintf(f, "- %s\n", it->reasons.v[k]);
		}
		if (it->reasons.n > shown)
			fprintf(f, "- … %zu more (`--verbose` lists them)\n",
				it->reasons.n - shown);
		fputs("\n</details>\n", f);
	}
	for (size_t k = 0; k < uc->warnings.n; k++)
		fprintf(f, "%s- warning: %s\n", k ? "" : "\n", uc->warnings.v[k]);
}
