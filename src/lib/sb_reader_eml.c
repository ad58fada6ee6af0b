/* PLACEHOLDER: replaced by the reader module. */
#include <sendbundle/reader.h>
int sb_reader_eml(const char *path, const unsigned char *data, size_t len, const sb_read_limits *lim, sb_doc *doc, sb_doc_list *out, sb_error *err)
{
	(void)path; (void)data; (void)len; (void)lim; (void)doc; (void)out;
	return sb_error_set(err, SB_EIO, NULL, NULL, "PLACEHOLDER");
}
