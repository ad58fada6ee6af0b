/* PLACEHOLDER: replaced by the text-encoding module. */
#include <sendbundle/reader.h>
int sb_text_to_utf8(const unsigned char *data, size_t len, const char *charset, char **out,
		    size_t *out_len, sb_error *err)
{
	(void)data; (void)len; (void)charset; (void)out; (void)out_len;
	return sb_error_set(err, SB_EIO, NULL, NULL, "PLACEHOLDER");
}
