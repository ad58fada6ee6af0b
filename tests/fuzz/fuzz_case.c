/*
 * Fuzz target: the case file loader (sendbundle.json, edited by hand, so
 * anything may be in it). It must never crash or leak; a failure must leave
 * an empty case file with a message that names the file; and whatever it
 * accepts must write out (to_json) and load back to exactly the same text,
 * so init's output and a user's edit can never drift apart.
 */
#include <sendbundle/case.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	sb_case_file cf, again;
	char *text = NULL, *text2 = NULL;
	sb_error err;
	size_t i;

	if (size > 1 << 20)
		return 0;
	sb_error_clear(&err);
	if (sb_case_file_parse((const char *)data, size, "fuzz.json", &cf, &err) != SB_OK) {
		if (cf.noverrides != 0 || cf.overrides != NULL || cf.child != NULL ||
		    strncmp(err.message, "'fuzz.json'", 11) != 0)
			abort();
		sb_case_file_release(&cf);
		return 0;
	}
	for (i = 0; i < cf.noverrides; i++) {
		const sb_case_override *ov = &cf.overrides[i];

		if (ov->source == NULL || sb_case_file_override(&cf, ov->source) != ov ||
		    (ov->has_date && ov->date_unknown) || (ov->author != NULL && ov->author_none))
			abort();
	}
	if (sb_case_file_to_json(&cf, &text, &err) != SB_OK)
		abort();
	if (sb_case_file_parse(text, strlen(text), "again", &again, &err) != SB_OK)
		abort();
	if (sb_case_file_to_json(&again, &text2, &err) != SB_OK || strcmp(text, text2) != 0)
		abort();
	free(text);
	free(text2);
	sb_case_file_release(&again);
	sb_case_file_release(&cf);
	return 0;
}
