/*
 * Fuzz target: the name a download is saved under (sb_fetch_file_name),
 * made from what a server controls: its Content-Disposition header and the
 * address it redirected to. The input is "HEADER\nURL" (no newline: URL
 * only). Whatever comes in, the name must be a plain file name inside the
 * target folder: accepted by sb_fetch_name_ok (no '/', '\', ':', control
 * characters, leading dot or dash), at most SB_FETCH_NAME_MAX bytes, and
 * never cut inside a UTF-8 sequence.
 */
#include <sendbundle/fetch.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf, *nl, *out = NULL;
	const char *cd = NULL, *url;
	sb_error err;
	size_t n;

	if (size > 1 << 16)
		return 0;
	buf = malloc(size + 1);
	if (buf == NULL)
		abort();
	memcpy(buf, data, size);
	buf[size] = '\0';
	url = buf;
	nl = strchr(buf, '\n');
	if (nl != NULL) {
		*nl = '\0';
		cd = buf;
		url = nl + 1;
	}
	if (sb_fetch_file_name(cd, url, &out, &err) != SB_OK)
		abort(); /* only out of memory may fail */
	n = strlen(out);
	if (!sb_fetch_name_ok(out) || n > SB_FETCH_NAME_MAX || n == 0 ||
	    ((unsigned char)out[n - 1] & 0xC0) == 0xC0)
		abort();
	free(out);
	free(buf);
	return 0;
}
