/*
 * SHA-256 of a document's original bytes (for duplicates and provenance),
 * using MuPDF's implementation: the library is linked anyway, and its
 * hashing functions need no fz_context and raise no exceptions.
 */
#include <sendbundle/doc.h>

#include <mupdf/fitz/crypt.h>

void sb_sha256_hex(const void *data, size_t len, char out[65])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char digest[32];
	fz_sha256 state;
	size_t i;

	fz_sha256_init(&state);
	fz_sha256_update(&state, data, len);
	fz_sha256_final(&state, digest);
	for (i = 0; i < sizeof(digest); i++) {
		out[2 * i] = hex[digest[i] >> 4];
		out[2 * i + 1] = hex[digest[i] & 15];
	}
	out[64] = '\0';
}
