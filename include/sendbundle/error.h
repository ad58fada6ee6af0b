/*
 * sendbundle: error detail shared by every library call.
 *
 * Ownership: an sb_error is caller-owned storage (usually on the stack). The
 * library never allocates inside it, so there is nothing to free. Every
 * fallible function returns 0 or a negative SB_E* code and, on failure, fills
 * the sb_error it was given (which may be NULL when the caller does not care).
 */
#ifndef SENDBUNDLE_ERROR_H
#define SENDBUNDLE_ERROR_H

#ifdef __cplusplus
extern "C" {
#endif

/* Status codes. 0 is success; failures are negative. */
enum {
	SB_OK = 0,
	SB_EINVAL = -1,   /* the caller's input is not acceptable (bad date, bad option) */
	SB_ENOMEM = -2,   /* an allocation failed */
	SB_EIO = -3,      /* a file could not be read or written */
	SB_EPARSE = -4,   /* a file's contents are malformed */
	SB_ERANGE = -5,   /* a value is outside what the program supports */
	SB_EUNSAFE = -6,  /* no answer can be given safely (e.g. no holiday data) */
	SB_EREFUSED = -7  /* the question is outside the law this program implements */
};

#define SB_ERROR_FILE_MAX 512
#define SB_ERROR_MESSAGE_MAX 1024
#define SB_ERROR_HINT_MAX 512

/* What went wrong, on which file, and what the user can do about it. */
#define SB_ERROR_REASON_MAX 32

typedef struct sb_error {
	int code;                           /* one of SB_E*, or SB_OK */
	char reason[SB_ERROR_REASON_MAX];   /* stable machine word for the failure, e.g.
					     * "encrypted", "damaged"; "" when unset */
	char file[SB_ERROR_FILE_MAX];       /* the file concerned, or "" */
	char message[SB_ERROR_MESSAGE_MAX]; /* what failed, for a person */
	char hint[SB_ERROR_HINT_MAX];       /* what to try next, or "" */
} sb_error;

/* Reset err to "no error". Safe with NULL. */
void sb_error_clear(sb_error *err);

/*
 * Fill err (if not NULL) and return code, so callers can write
 * `return sb_error_set(err, SB_EINVAL, NULL, "hint", "bad %s", x);`.
 * file and hint may be NULL. Text longer than the buffers is truncated.
 */
int sb_error_set(sb_error *err, int code, const char *file, const char *hint,
		 const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 5, 6)))
#endif
	;

/* Set err->reason (a stable word reported in JSON) and return err->code. */
int sb_error_reason(sb_error *err, const char *reason);

/* A short English name for a code ("invalid input", "out of memory", ...). */
const char *sb_error_code_name(int code);

#ifdef __cplusplus
}
#endif
#endif
