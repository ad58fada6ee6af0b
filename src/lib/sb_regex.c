/*
 * Internal PCRE2 wrapper (docs/libraries.md "PCRE2": compile once with UTF
 * and UCP, MATCH_INVALID_UTF, JIT with interpreter fallback, match and heap
 * limits).
 */
#include "sb_regex.h"

/* Generous for real documents, small enough that a pathological input fails
 * quickly instead of hanging a scan. */
#define MATCH_LIMIT 1000000u
#define HEAP_LIMIT_KIB 65536u

int sb_regex_compile(sb_regex *re, const char *name, const char *pattern, uint32_t options,
		     sb_error *err)
{
	int errcode = 0;
	PCRE2_SIZE erroff = 0;
	PCRE2_UCHAR msg[256];

	re->name = name;
	re->code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
				 options | PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF,
				 &errcode, &erroff, NULL);
	if (re->code == NULL) {
		pcre2_get_error_message(errcode, msg, sizeof(msg));
		return sb_error_set(err, SB_EINVAL, NULL, "this is a bug in sendbundle",
				    "pattern '%s' does not compile at offset %zu: %s", name,
				    (size_t)erroff, (const char *)msg);
	}
	re->mc = pcre2_match_context_create(NULL);
	if (re->mc == NULL) {
		pcre2_code_free(re->code);
		re->code = NULL;
		return sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory");
	}
	pcre2_set_match_limit(re->mc, MATCH_LIMIT);
	pcre2_set_heap_limit(re->mc, HEAP_LIMIT_KIB);
	/* JIT is an optimisation: when the platform refuses it, the interpreter
	 * gives the same answers. */
	(void)pcre2_jit_compile(re->code, PCRE2_JIT_COMPLETE);
	return SB_OK;
}

void sb_regex_free(sb_regex *re)
{
	if (re == NULL)
		return;
	pcre2_code_free(re->code);
	pcre2_match_context_free(re->mc);
	re->code = NULL;
	re->mc = NULL;
}

pcre2_match_data *sb_regex_match_data(const sb_regex *re)
{
	return pcre2_match_data_create_from_pattern(re->code, NULL);
}

static int match_with(const sb_regex *re, const char *subject, size_t len, size_t start,
		      pcre2_match_context *mc, pcre2_match_data *md, sb_error *err)
{
	int rc;

	if (start > len)
		return 0;
	rc = pcre2_match(re->code, (PCRE2_SPTR)subject, len, start, 0, md, mc);
	if (rc >= 0)
		return 1;
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	{
		PCRE2_UCHAR msg[256];

		pcre2_get_error_message(rc, msg, sizeof(msg));
		return sb_error_set(err, SB_ERANGE, NULL,
				    "the text is unusual; the rest of the document is still read",
				    "pattern '%s' gave up: %s", re->name, (const char *)msg);
	}
}

int sb_regex_match(const sb_regex *re, const char *subject, size_t len, size_t start,
		   pcre2_match_data *md, sb_error *err)
{
	return match_with(re, subject, len, start, re->mc, md, err);
}

pcre2_match_context *sb_regex_window_context(void)
{
	pcre2_match_context *mc = pcre2_match_context_create(NULL);

	if (mc != NULL) {
		pcre2_set_match_limit(mc, MATCH_LIMIT);
		pcre2_set_heap_limit(mc, HEAP_LIMIT_KIB);
	}
	return mc;
}

int sb_regex_match_window(const sb_regex *re, const char *subject, size_t len, size_t start,
			  size_t last_start, pcre2_match_context *mc, pcre2_match_data *md,
			  sb_error *err)
{
	pcre2_set_offset_limit(mc, last_start);
	return match_with(re, subject, len, start, mc, md, err);
}

bool sb_regex_group(pcre2_match_data *md, int n, size_t *begin, size_t *end)
{
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
	uint32_t count = pcre2_get_ovector_count(md);

	if (n < 0 || (uint32_t)n >= count || ov[2 * n] == PCRE2_UNSET)
		return false;
	*begin = ov[2 * n];
	*end = ov[2 * n + 1];
	return true;
}
