/*
 * Fuzz target: the OCR cache's entries (sb_ocr_cache_parse). The cache is
 * outside the case folder but still a file anyone could have written: an
 * entry must never crash or leak, and one it accepts must hold only boxes
 * that lie on their picture (as turned), the right way round, with text for
 * each word.
 */
#include "sb_ocr_internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* The picture the entry is asked about: two sizes, so that entries
	 * made for one and read for the other are exercised too. */
	static const int sizes[2][2] = {{2480, 3508}, {100, 50}};
	int s;

	if (size > ((size_t)1 << 20))
		return 0;
	for (s = 0; s < 2; s++) {
		sb_ocr_result r;
		size_t i;

		if (sb_ocr_cache_parse((const char *)data, size, sizes[s][0], sizes[s][1], &r) != 0)
			continue;
		/* A page read turned a quarter has its words on the picture's
		 * sides swapped. */
		if (r.text == NULL || (r.turn != 0 && r.turn != 90 && r.turn != 180 && r.turn != 270) ||
		    r.width != (r.turn % 180 == 0 ? sizes[s][0] : sizes[s][1]) ||
		    r.height != (r.turn % 180 == 0 ? sizes[s][1] : sizes[s][0]) ||
		    !(r.confidence >= 0.0f && r.confidence <= 100.0f))
			abort();
		for (i = 0; i < r.nwords; i++) {
			const sb_ocr_pixel_word *w = &r.words[i];

			if (w->text == NULL || w->x0 < 0 || w->y0 < 0 || w->x1 < w->x0 ||
			    w->y1 < w->y0 || w->x1 > r.width || w->y1 > r.height)
				abort();
			(void)strlen(w->text);
		}
		sb_ocr_result_release(&r);
	}
	return 0;
}
