/*
 * sb_error: the caller-owned error detail (docs/style.md rule 3: no global
 * "last error", so concurrent callers cannot see each other's failures).
 */
#include <sendbundle/error.h>

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void sb_error_clear(sb_error *err)
{
	if (err == NULL)
		return;
	err->code = SB_OK;
	err->reason[0] = '\0';
	err->file[0] = '\0';
	err->message[0] = '\0';
	err->hint[0] = '\0';
}

int sb_error_set(sb_error *err, int code, const char *file, const char *hint,
		 const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return code;
	err->code = code;
	err->reason[0] = '\0';
	snprintf(err->file, sizeof(err->file), "%s", file != NULL ? file : "");
	snprintf(err->hint, sizeof(err->hint), "%s", hint != NULL ? hint : "");
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof(err->message), fmt, ap);
	va_end(ap);
	return code;
}

int sb_error_reason(sb_error *err, const char *reason)
{
	if (err == NULL)
		return SB_EINVAL;
	snprintf(err->reason, sizeof(err->reason), "%s", reason != NULL ? reason : "");
	return err->code;
}

const char *sb_error_code_name(int code)
{
	switch (code) {
	case SB_OK:
		return "no error";
	case SB_EINVAL:
		return "invalid input";
	case SB_ENOMEM:
		return "out of memory";
	case SB_EIO:
		return "input/output error";
	case SB_EPARSE:
		return "malformed file";
	case SB_ERANGE:
		return "out of range";
	case SB_EUNSAFE:
		return "no safe answer";
	case SB_EREFUSED:
		return "outside these rules";
	default:
		return "unknown error";
	}
}
