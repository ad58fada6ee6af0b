/*
 * Fuzz target: the names build gives files in the zip (issue 8, "the URL
 * and file-name handling of fetch and build"): the originals' names, made
 * from a title, a source path and the child's name, all of which come from
 * the case folder or sendbundle.json; and the bundle PDF's name, made from
 * the appeal number. The input is "TITLE\nSOURCE\nCHILD\nAPPEAL" (missing
 * parts empty). Whatever comes in, a name must stay inside its folder of the
 * zip: "originals/<letter>/<tab> " then a title with no '/', '\', control
 * characters, none of <>:"|?*, no leading or trailing dot or space, at most
 * SB_BUNDLE_NAME_MAX bytes, valid UTF-8; the PDF's name "bundle[-...].pdf"
 * of [A-Za-z0-9_-] only.
 */
#include <sendbundle/bundle_out.h>
#include <sendbundle/case.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The next line of *p (NUL-terminated in place), or "" at the end. */
static char *next_part(char **p)
{
	char *start = *p, *nl;

	if (start == NULL)
		return "";
	nl = strchr(start, '\n');
	if (nl != NULL) {
		*nl = '\0';
		*p = nl + 1;
	} else {
		*p = NULL;
	}
	return start;
}

/* Valid UTF-8, no control characters (the cleaner's promise). */
static int valid_utf8(const unsigned char *s)
{
	while (*s != '\0') {
		size_t n = *s < 0x80 ? 1 : (*s & 0xE0) == 0xC0 ? 2 : (*s & 0xF0) == 0xE0 ? 3
							: (*s & 0xF8) == 0xF0 ? 4 : 0;
		size_t i;

		if (n == 0 || (n == 1 && *s < 0x20) || *s == 0x7F)
			return 0;
		for (i = 1; i < n; i++)
			if ((s[i] & 0xC0) != 0x80)
				return 0;
		s += n;
	}
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	sb_plan_entry e;
	sb_case_file cf;
	sb_error err;
	char *buf, *p, *title, *source, *child, *appeal, *name = NULL, *rest;
	size_t k, n;

	if (size > 4096)
		return 0;
	buf = malloc(size + 1);
	if (buf == NULL)
		abort();
	memcpy(buf, data, size);
	buf[size] = '\0';
	p = buf;
	title = next_part(&p);
	source = next_part(&p);
	child = next_part(&p);
	appeal = next_part(&p);
	memset(&e, 0, sizeof(e));
	e.section = (sb_section)(size % SB_SECTION_COUNT);
	e.tab = (unsigned)(size % 40) + 1;
	e.title = title;
	e.source = source;
	if (sb_bundle_original_name(&e, child[0] != '\0' ? child : NULL, &name, &err) == SB_OK) {
		char head[48];

		n = (size_t)snprintf(head, sizeof(head), "originals/%s/%u ",
				     sb_section_letter(e.section), e.tab);
		if (strncmp(name, head, n) != 0)
			abort();
		rest = name + n;
		/* The title, then at most ".ext": one path component. */
		if (strchr(rest, '/') != NULL || strchr(rest, '\\') != NULL ||
		    !valid_utf8((const unsigned char *)rest) || rest[0] == '.' || rest[0] == ' ' ||
		    strlen(rest) > SB_BUNDLE_NAME_MAX + 12)
			abort();
		for (k = 0; rest[k] != '\0'; k++)
			if (strchr("<>:\"|?*", rest[k]) != NULL)
				abort();
		free(name);
		name = NULL;
	}
	sb_case_file_init(&cf);
	cf.appeal_number = appeal;
	if (sb_bundle_pdf_name(&cf, &name, &err) == SB_OK) {
		n = strlen(name);
		if (strncmp(name, "bundle", 6) != 0 || n < 10 || strcmp(name + n - 4, ".pdf") != 0)
			abort();
		for (k = 0; k + 4 < n; k++)
			if (!((name[k] >= 'A' && name[k] <= 'Z') || (name[k] >= 'a' && name[k] <= 'z') ||
			      (name[k] >= '0' && name[k] <= '9') || name[k] == '_' || name[k] == '-'))
				abort();
		free(name);
	}
	cf.appeal_number = NULL; /* borrowed: not the case file's to free */
	sb_case_file_release(&cf);
	free(buf);
	return 0;
}
