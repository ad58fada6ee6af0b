/*
 * Internal PCRE2 wrapper (docs/libraries.md "PCRE2": compile once with UTF
 * and UCP, MATCH_INVALID_UTF, JIT with interpreter fallback, match and heap
 * limits), with a second, faster form for ASCII subjects (sb_regex.h).
 */
#include "sb_regex.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Generous for real documents, small enough that a pathological input fails
 * quickly instead of hanging a scan. */
#define MATCH_LIMIT 1000000u
#define HEAP_LIMIT_KIB 65536u

bool sb_regex_is_ascii(const char *s, size_t n)
{
	uint64_t acc = 0;
	size_t i = 0;

	/* Eight bytes at a time: documents are thousands of bytes long. */
	for (; i + 8 <= n; i += 8) {
		uint64_t w;

		memcpy(&w, s + i, sizeof(w));
		acc |= w;
	}
	for (; i < n; i++)
		acc |= (unsigned char)s[i];
	return (acc & UINT64_C(0x8080808080808080)) == 0;
}

/* JIT is an optimisation: when the platform refuses it, the interpreter
 * gives the same answers. Where PCRE2 has JIT, a pattern it refuses is a
 * bug in the tables (it would run many times slower): checking builds
 * stop there. */
static bool jit_compile(pcre2_code *code)
{
	int rc;
	size_t size = 0;

	/* SENDBUNDLE_NO_JIT (any value) keeps every pattern in the interpreter:
	 * valgrind cannot follow JIT code, whose SIMD scans read whole 16-byte
	 * blocks that may pass the subject's end (PCRE2's design: it never
	 * crosses a page), which it reports as errors of ours. The answers are
	 * the same either way; only the speed differs. (getenv from any
	 * thread is safe: nothing changes the environment while we run.) */
	if (getenv("SENDBUNDLE_NO_JIT") != NULL)
		return false;
	rc = pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);

#ifdef SB_PREFILTER_VERIFY
	{
		uint32_t have_jit = 0;

		if (rc != 0 && pcre2_config(PCRE2_CONFIG_JIT, &have_jit) >= 0 && have_jit != 0)
			abort();
	}
#endif
	/* JIT code of some size: the pattern has a complete JIT form. */
	return rc == 0 && pcre2_pattern_info(code, PCRE2_INFO_JITSIZE, &size) == 0 && size > 0;
}

/* The ASCII form of pattern (sb_regex.h), or NULL when there is none. Only
 * for a pattern written in ASCII: raw UTF-8 bytes in a pattern would be
 * read byte by byte without UTF ("’?" would make only the last byte
 * optional). A pattern naming a code point above 255 (\x{2013}) does not
 * compile without UTF and is compiled with UTF but without UCP, which is
 * still faster. */
static pcre2_code *compile_ascii(const char *pattern, uint32_t options, bool *jit)
{
	int errcode = 0;
	PCRE2_SIZE erroff = 0;
	pcre2_code *code;

	if (!sb_regex_is_ascii(pattern, strlen(pattern)))
		return NULL;
	code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, options, &errcode,
			     &erroff, NULL);
	if (code == NULL)
		code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
				     options | PCRE2_UTF, &errcode, &erroff, NULL);
	*jit = code != NULL && jit_compile(code);
	return code;
}

int sb_regex_compile(sb_regex *re, const char *name, const char *pattern, uint32_t options,
		     sb_error *err)
{
	int errcode = 0;
	PCRE2_SIZE erroff = 0;
	PCRE2_UCHAR msg[256];

	re->name = name;
	re->ascii = NULL;
	re->code_jit = re->ascii_jit = false;
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
	re->code_jit = jit_compile(re->code);
	/* Out of memory here only costs speed: code serves every subject. */
	re->ascii = compile_ascii(pattern, options, &re->ascii_jit);
	return SB_OK;
}

void sb_regex_free(sb_regex *re)
{
	if (re == NULL)
		return;
	pcre2_code_free(re->code);
	pcre2_code_free(re->ascii);
	pcre2_match_context_free(re->mc);
	re->code = NULL;
	re->ascii = NULL;
	re->mc = NULL;
	re->code_jit = re->ascii_jit = false;
}

pcre2_match_data *sb_regex_match_data(const sb_regex *re)
{
	return pcre2_match_data_create_from_pattern(re->code, NULL);
}

#ifdef SB_PREFILTER_VERIFY
/* Checking builds: the ASCII form answered rc with md; the Unicode form must
 * answer the same, with the same offsets for every group. */
static void verify_ascii(const sb_regex *re, const char *subject, size_t len, size_t start,
			 pcre2_match_context *mc, pcre2_match_data *md, int rc)
{
	uint32_t n = pcre2_get_ovector_count(md), i;
	pcre2_match_data *full = pcre2_match_data_create(n, NULL);
	int frc;

	if (!sb_regex_is_ascii(subject, len) || full == NULL)
		abort();
	frc = pcre2_match(re->code, (PCRE2_SPTR)subject, len, start, 0, full, mc);
	if (rc != frc)
		abort();
	if (rc >= 0) {
		PCRE2_SIZE *a = pcre2_get_ovector_pointer(md), *b = pcre2_get_ovector_pointer(full);
		uint32_t set = rc > 0 ? (uint32_t)rc : n; /* 0: every pair is set */

		for (i = 0; i < 2 * set; i++)
			if (a[i] != b[i])
				abort();
	}
	pcre2_match_data_free(full);
}
#endif

static int match_with(const sb_regex *re, const char *subject, size_t len, size_t start,
		      bool ascii, pcre2_match_context *mc, pcre2_match_data *md, sb_error *err)
{
	int rc;

	if (start > len)
		return 0;
	if (ascii && re->ascii != NULL) {
		/* ASCII is valid UTF-8: a form compiled with UTF needs no check. */
		rc = re->ascii_jit ? pcre2_jit_match(re->ascii, (PCRE2_SPTR)subject, len, start, 0,
						     md, mc)
				   : pcre2_match(re->ascii, (PCRE2_SPTR)subject, len, start,
						 PCRE2_NO_UTF_CHECK, md, mc);
#ifdef SB_PREFILTER_VERIFY
		verify_ascii(re, subject, len, start, mc, md, rc);
#endif
	} else {
		/* MATCH_INVALID_UTF: neither checks the subject's UTF-8. */
		rc = re->code_jit
			 ? pcre2_jit_match(re->code, (PCRE2_SPTR)subject, len, start, 0, md, mc)
			 : pcre2_match(re->code, (PCRE2_SPTR)subject, len, start, 0, md, mc);
	}
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

int sb_regex_match(const sb_regex *re, const char *subject, size_t len, size_t start, bool ascii,
		   pcre2_match_data *md, sb_error *err)
{
	return match_with(re, subject, len, start, ascii, re->mc, md, err);
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
			  size_t last_start, bool ascii, pcre2_match_context *mc,
			  pcre2_match_data *md, sb_error *err)
{
	pcre2_set_offset_limit(mc, last_start);
	return match_with(re, subject, len, start, ascii, mc, md, err);
}

bool sb_regex_group(pcre2_match_data *md, int n, size_t *begin, size_t *end)
{
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
	uint32_t count = pcre2_get_ovector_count(md);
	size_t k;

	if (n < 0 || (uint32_t)n >= count)
		return false;
	k = 2 * (size_t)n; /* the ovector holds (start, end) pairs */
	if (ov[k] == PCRE2_UNSET)
		return false;
	*begin = ov[k];
	*end = ov[k + 1];
	return true;
}
