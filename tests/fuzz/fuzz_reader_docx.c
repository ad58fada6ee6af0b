/*
 * Fuzz target: the DOCX reader through sb_read_buffer, as scan calls it on a
 * file named .docx. A .docx is a zip of XML parts, both hostile: whatever the
 * bytes, the reader must not crash, leak or run past its limits, and when it
 * accepts a file it must give exactly one page of NUL-terminated text within
 * the text limit; a refusal always carries a reason word.
 *
 * Mutating a deflated zip rarely reaches the XML, so an input that is not a
 * zip (no "PK") is first wrapped, uncompressed, as the body, a header and the
 * core properties of a package: the corpus holds both whole .docx files and
 * bare XML parts. Limits are small so inflating inputs stay quick.
 */
#include <sendbundle/reader.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint32_t crc32_of(const uint8_t *d, size_t n)
{
	uint32_t crc = 0xFFFFFFFFu;
	size_t i;
	int k;

	for (i = 0; i < n; i++) {
		crc ^= d[i];
		for (k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
	}
	return ~crc;
}

static void put16(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, v & 0xFFFFu);
	put16(p + 2, v >> 16);
}

/* A stored (uncompressed) zip whose parts all hold the same bytes (APPNOTE 4.3). */
static uint8_t *wrap(const uint8_t *data, size_t size, size_t *out_len)
{
	static const char *const names[] = {"word/document.xml", "word/header1.xml",
					    "docProps/core.xml"};
	enum { N = sizeof(names) / sizeof(names[0]) };
	uint32_t crc = crc32_of(data, size), offsets[N];
	size_t total = 22, pos = 0, cd_start, i;
	uint8_t *z;

	for (i = 0; i < N; i++)
		total += 30 + 46 + 2 * strlen(names[i]) + size;
	z = calloc(1, total);
	if (z == NULL)
		return NULL;
	for (i = 0; i < N; i++) {
		size_t n = strlen(names[i]);

		offsets[i] = (uint32_t)pos;
		put32(z + pos, 0x04034b50u);
		put16(z + pos + 4, 20);
		put32(z + pos + 14, crc);
		put32(z + pos + 18, (uint32_t)size);
		put32(z + pos + 22, (uint32_t)size);
		put16(z + pos + 26, (uint32_t)n);
		memcpy(z + pos + 30, names[i], n);
		if (size > 0)
			memcpy(z + pos + 30 + n, data, size);
		pos += 30 + n + size;
	}
	cd_start = pos;
	for (i = 0; i < N; i++) {
		size_t n = strlen(names[i]);

		put32(z + pos, 0x02014b50u);
		put16(z + pos + 4, 20);
		put16(z + pos + 6, 20);
		put32(z + pos + 16, crc);
		put32(z + pos + 20, (uint32_t)size);
		put32(z + pos + 24, (uint32_t)size);
		put16(z + pos + 28, (uint32_t)n);
		put32(z + pos + 42, offsets[i]);
		memcpy(z + pos + 46, names[i], n);
		pos += 46 + n;
	}
	put32(z + pos, 0x06054b50u);
	put16(z + pos + 8, N);
	put16(z + pos + 10, N);
	put32(z + pos + 12, (uint32_t)(pos - cd_start));
	put32(z + pos + 16, (uint32_t)cd_start);
	*out_len = pos + 22;
	return z;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	sb_read_limits lim;
	sb_doc_list list;
	sb_error err;
	uint8_t *wrapped = NULL;
	size_t i;

	if (size > ((size_t)1 << 24))
		return 0;
	if (size < 2 || data[0] != 'P' || data[1] != 'K') {
		wrapped = wrap(data, size, &size);
		if (wrapped == NULL)
			return 0;
		data = wrapped;
	}
	sb_read_limits_init(&lim);
	lim.max_zip_entry = (size_t)1 << 20;
	lim.max_text = (size_t)1 << 20;
	sb_doc_list_init(&list);
	if (sb_read_buffer("fuzz.docx", data, size, &lim, &list, &err) == SB_OK) {
		for (i = 0; i < list.ndocs; i++) {
			const sb_doc *doc = list.docs[i];

			if (doc->format != SB_FORMAT_DOCX)
				continue;
			if (doc->npages != 1 || doc->pages[0].text == NULL ||
			    strlen(doc->pages[0].text) != doc->pages[0].len ||
			    doc->pages[0].len > lim.max_text)
				abort();
		}
	} else if (err.reason[0] == '\0') {
		abort(); /* every refusal carries a reason word */
	}
	sb_doc_list_free(&list);
	free(wrapped);
	return 0;
}
