/*
 * Internal: one page's OCR result in the picture's pixels, as Tesseract
 * gives it and as the cache keeps it (sb_ocr.c). Public for the unit tests
 * and the cache's fuzz target only.
 */
#ifndef SB_OCR_INTERNAL_H
#define SB_OCR_INTERNAL_H

#include <stddef.h>

typedef struct sb_ocr_pixel_word {
	int x0, y0, x1, y1; /* pixels, origin top-left */
	float confidence;
	char *text;
} sb_ocr_pixel_word;

typedef struct sb_ocr_result {
	int width, height;  /* of the picture read (after the turn) */
	int turn;           /* clockwise degrees the picture was turned to read it */
	int orientation;    /* Tesseract's TessOrientation of the first block */
	float confidence;   /* mean word confidence, 0-100 */
	char *text;         /* UTF-8, lines as Tesseract found them */
	sb_ocr_pixel_word *words;
	size_t nwords;
	size_t cap;
} sb_ocr_result;

void sb_ocr_result_release(sb_ocr_result *r);

/* A cache entry (JSON, len bytes) for a picture drawn width x height: 0 and
 * *r filled when it is a well-formed entry for such a picture (every box on
 * it, as turned by "turn"), -1 otherwise (nothing to free). */
int sb_ocr_cache_parse(const char *data, size_t len, int width, int height, sb_ocr_result *r);

#endif
