/*
 * sb_ocr: Tesseract behind sendbundle's OCR (include/sendbundle/ocr.h).
 *
 * A page is drawn in grey (sb_raster.c: PDF pages at 300 dpi, images at
 * their own resolution, upright), its picture hashed, and the cache asked
 * before Tesseract: the key is the SHA-256 of the pixels together with the
 * Tesseract version, the languages and the cache format, so a result is
 * only ever reused for the same picture read the same way. The cache is a
 * folder of small JSON files written atomically; a file that does not
 * parse, or does not fit its picture, is a miss, never an error (it is
 * outside the case folder, but still input: sb_ocr_cache_parse is fuzzed).
 *
 * Word boxes are kept in the page's display space in points, the space the
 * bundle draws in, so the invisible text layer lies over the words it
 * spells (sb_pdf_out.c).
 */
#include <sendbundle/ocr.h>

#include "sb_ocr_internal.h"
#include "sb_raster.h"
#include "sb_util.h"

#include <sendbundle/fileio.h>

#include <jansson.h>
#include <tesseract/capi.h>

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The cache's format: a change here makes every old entry a miss. */
#define SB_OCR_CACHE_FORMAT 2
/* A cache entry larger than this is not one of ours. */
#define SB_OCR_CACHE_MAX ((size_t)16 << 20)
/* Words of one page; a page of small print has a few thousand. */
#define SB_OCR_WORDS_MAX 20000
#define SB_OCR_LANG_MAX 64
/* A first reading below this mean confidence is tried again with
 * orientation detection (recognise). Upright letters read at 85-96 here;
 * a page upside down reads at under 40. */
#define SB_OCR_RETRY_BELOW 60.0f

struct sb_ocr_engine {
	TessBaseAPI *api;
	char lang[SB_OCR_LANG_MAX + 1];
	char *cache_dir;
	float dpi;
	size_t max_pixels;
	bool has_osd; /* Tesseract's orientation data is installed */
};

/* Tesseract's start-up reads global parameters: one engine at a time. */
static pthread_mutex_t init_lock = PTHREAD_MUTEX_INITIALIZER;

void sb_ocr_options_init(sb_ocr_options *opt)
{
	memset(opt, 0, sizeof(*opt));
	opt->enabled = true;
	opt->lang = "eng";
	opt->dpi = 300.0f;
	opt->max_pixels = 100000000;
}

bool sb_ocr_lang_valid(const char *lang)
{
	size_t i, n;
	bool word = false;

	if (lang == NULL)
		return false;
	n = strlen(lang);
	if (n == 0 || n > SB_OCR_LANG_MAX)
		return false;
	for (i = 0; i < n; i++) {
		char c = lang[i];

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '_') {
			word = true;
		} else if (c == '+' && word) {
			word = false;
		} else {
			return false;
		}
	}
	return word;
}

const char *sb_ocr_version(void)
{
	return TessVersion();
}

void sb_ocr_engine_free(sb_ocr_engine *e)
{
	if (e == NULL)
		return;
	if (e->api != NULL) {
		TessBaseAPIEnd(e->api);
		TessBaseAPIDelete(e->api);
	}
	free(e->cache_dir);
	free(e);
}

int sb_ocr_engine_new(const sb_ocr_options *opt, sb_ocr_engine **out, sb_error *err)
{
	sb_ocr_options defaults;
	sb_ocr_engine *e = NULL;
	int rc = SB_OK, init;

	*out = NULL;
	if (opt == NULL) {
		sb_ocr_options_init(&defaults);
		opt = &defaults;
	}
	if (!sb_ocr_lang_valid(opt->lang)) {
		rc = sb_error_set(err, SB_EINVAL, NULL,
				  "give Tesseract language names, such as eng or eng+cym",
				  "'%s' is not an OCR language name", opt->lang ? opt->lang : "");
		goto done;
	}
	e = calloc(1, sizeof(*e));
	if (e == NULL || (opt->cache_dir != NULL && (e->cache_dir = strdup(opt->cache_dir)) == NULL)) {
		rc = sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory starting OCR");
		goto done;
	}
	snprintf(e->lang, sizeof(e->lang), "%s", opt->lang);
	e->dpi = opt->dpi > 0.0f ? opt->dpi : 300.0f;
	e->max_pixels = opt->max_pixels > 0 ? opt->max_pixels : 100000000;
	pthread_mutex_lock(&init_lock);
	e->api = TessBaseAPICreate();
	init = -1;
	if (e->api != NULL) {
		/* Tesseract prints its progress and doubts to stderr; the
		 * caller owns the terminal. */
		TessBaseAPISetVariable(e->api, "debug_file", "/dev/null");
		init = TessBaseAPIInit3(e->api, opt->datapath, e->lang);
	}
	pthread_mutex_unlock(&init_lock);
	if (e->api == NULL) {
		rc = sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory starting OCR");
		goto done;
	}
	if (init != 0) {
		char hint[200];

		snprintf(hint, sizeof(hint),
			 "install the language data (Debian: apt-get install tesseract-ocr-%.40s), "
			 "or scan with --no-ocr",
			 strchr(e->lang, '+') != NULL ? "LANG" : e->lang);
		rc = sb_error_set(err, SB_EIO, NULL, hint,
				  "OCR cannot start: Tesseract has no data for the language '%s'",
				  e->lang);
		sb_error_reason(err, "ocr");
		goto done;
	}
	/* Automatic page layout: letters have letterheads, addresses and
	 * columns of figures, which the default segmentation keeps apart. */
	TessBaseAPISetPageSegMode(e->api, PSM_AUTO);
	{
		const char *dir = TessBaseAPIGetDatapath(e->api);
		char *osd = sb_strdup_printf("%s/osd.traineddata", dir != NULL ? dir : ".");

		e->has_osd = osd != NULL && access(osd, R_OK) == 0;
		free(osd);
	}
	*out = e;
	e = NULL;
done:
	sb_ocr_engine_free(e);
	return rc;
}

/* ---- one page's result ---- */

void sb_ocr_result_release(sb_ocr_result *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->nwords; i++)
		free(r->words[i].text);
	free(r->words);
	free(r->text);
	memset(r, 0, sizeof(*r));
}

static int add_word(sb_ocr_result *r, int x0, int y0, int x1, int y1, float conf, const char *text)
{
	sb_ocr_pixel_word *w;

	if (r->nwords == SB_OCR_WORDS_MAX)
		return SB_OK; /* the text keeps them all; the layer keeps this many */
	if (r->nwords == r->cap) {
		size_t cap = r->cap == 0 ? 256 : r->cap * 2;
		sb_ocr_pixel_word *grown = realloc(r->words, cap * sizeof(*grown));

		if (grown == NULL)
			return SB_ENOMEM;
		r->words = grown;
		r->cap = cap;
	}
	w = &r->words[r->nwords];
	w->text = strdup(text);
	if (w->text == NULL)
		return SB_ENOMEM;
	w->x0 = x0;
	w->y0 = y0;
	w->x1 = x1;
	w->y1 = y1;
	w->confidence = conf;
	r->nwords++;
	return SB_OK;
}

/* Tesseract on one grey picture, with the page layout mode psm. */
static int recognise_once(sb_ocr_engine *e, const sb_gray *g, TessPageSegMode psm,
			  sb_ocr_result *r, sb_error *err)
{
	TessResultIterator *it = NULL;
	char *text = NULL;
	int rc = SB_OK;

	memset(r, 0, sizeof(*r));
	r->width = g->w;
	r->height = g->h;
	r->orientation = ORIENTATION_PAGE_UP;
	TessBaseAPISetPageSegMode(e->api, psm);
	TessBaseAPISetImage(e->api, g->px, g->w, g->h, 1, g->w);
	TessBaseAPISetSourceResolution(e->api, (int)(g->dpi + 0.5f));
	if (TessBaseAPIRecognize(e->api, NULL) != 0) {
		rc = sb_error_set(err, SB_EIO, NULL, NULL, "OCR failed on a page");
		sb_error_reason(err, "ocr");
		goto done;
	}
	text = TessBaseAPIGetUTF8Text(e->api);
	r->text = strdup(text != NULL ? text : "");
	if (r->text == NULL) {
		rc = sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory in OCR");
		goto done;
	}
	r->confidence = (float)TessBaseAPIMeanTextConf(e->api);
	it = TessBaseAPIGetIterator(e->api);
	if (it != NULL) {
		TessOrientation orient = ORIENTATION_PAGE_UP;
		TessWritingDirection dir;
		TessTextlineOrder order;
		float deskew;

		TessPageIteratorOrientation(TessResultIteratorGetPageIterator(it), &orient, &dir,
					    &order, &deskew);
		r->orientation = (int)orient;
		do {
			const TessPageIterator *pi = TessResultIteratorGetPageIteratorConst(it);
			char *word = TessResultIteratorGetUTF8Text(it, RIL_WORD);
			int x0, y0, x1, y1;

			/* Boxes come in the picture's own pixels, whatever way
			 * round Tesseract found the text. */
			if (word != NULL && word[0] != '\0' &&
			    TessPageIteratorBoundingBox(pi, RIL_WORD, &x0, &y0, &x1, &y1))
				rc = add_word(r, x0, y0, x1, y1,
					      TessResultIteratorConfidence(it, RIL_WORD), word);
			TessDeleteText(word);
		} while (rc == SB_OK && TessResultIteratorNext(it, RIL_WORD));
		if (rc != SB_OK)
			rc = sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory in OCR");
	}
done:
	TessResultIteratorDelete(it);
	TessDeleteText(text);
	TessBaseAPIClear(e->api);
	if (rc != SB_OK)
		sb_ocr_result_release(r);
	return rc;
}

/* Which way the text stands, as Tesseract's layout found it (its first
 * block), as the clockwise turn that stands the page upright: text whose
 * "up" is the page's left needs a quarter turn clockwise. */
static int turn_for(TessOrientation o)
{
	switch (o) {
	case ORIENTATION_PAGE_LEFT:
		return 90;
	case ORIENTATION_PAGE_DOWN:
		return 180;
	case ORIENTATION_PAGE_RIGHT:
		return 270;
	default:
		return 0;
	}
}

/* r's word boxes, on a w x h picture, moved to the picture turned
 * clockwise by turn; r->width and r->height follow. */
static void turn_words(sb_ocr_result *r, int turn)
{
	int w = r->width, h = r->height;
	size_t i;

	for (i = 0; i < r->nwords; i++) {
		sb_ocr_pixel_word *b = &r->words[i];
		int x0 = b->x0, y0 = b->y0, x1 = b->x1, y1 = b->y1;

		if (turn == 90) { /* the left edge becomes the top */
			b->x0 = h - y1;
			b->x1 = h - y0;
			b->y0 = x0;
			b->y1 = x1;
		} else if (turn == 180) {
			b->x0 = w - x1;
			b->x1 = w - x0;
			b->y0 = h - y1;
			b->y1 = h - y0;
		} else if (turn == 270) { /* the right edge becomes the top */
			b->x0 = y0;
			b->x1 = y1;
			b->y0 = w - x1;
			b->y1 = w - x0;
		}
	}
	if (turn == 90 || turn == 270) {
		r->width = h;
		r->height = w;
	}
	r->turn = turn;
}

/*
 * A page fed in upside down or sideways (a scanner's feeder, a photo with no
 * EXIF orientation) reads as nonsense with low confidence. Reading with
 * orientation detection (Tesseract's OSD) costs about a third more, so only
 * a page whose first reading is poor is read again that way, and the
 * better reading kept, with the turn that stands the page upright, so the
 * bundle can show it upright too (bundle-spec "Format" 4: nothing upside
 * down). Without Tesseract's osd.traineddata the first reading stands.
 */
static int recognise(sb_ocr_engine *e, const sb_gray *g, sb_ocr_result *r, sb_error *err)
{
	sb_ocr_result again;
	int rc;

	rc = recognise_once(e, g, PSM_AUTO, r, err);
	if (rc != SB_OK || !e->has_osd || r->confidence >= SB_OCR_RETRY_BELOW)
		return rc;
	rc = recognise_once(e, g, PSM_AUTO_OSD, &again, err);
	if (rc != SB_OK) {
		sb_ocr_result_release(r);
		return rc;
	}
	if (again.confidence > r->confidence) {
		sb_ocr_result_release(r);
		*r = again;
		turn_words(r, turn_for((TessOrientation)r->orientation));
	} else {
		sb_ocr_result_release(&again);
	}
	return SB_OK;
}

/* ---- the cache ---- */

static void cache_key(const sb_ocr_engine *e, const sb_gray *g, char key[65])
{
	char pixels[65];
	char *head;

	sb_sha256_hex(g->px, (size_t)g->w * (size_t)g->h, pixels);
	head = sb_strdup_printf("sendbundle-ocr %d\ntesseract %s\nlang %s\nsize %dx%d\ndpi %.3f\n"
				"pixels %s\n",
				SB_OCR_CACHE_FORMAT, TessVersion(), e->lang, g->w, g->h,
				(double)g->dpi, pixels);
	if (head == NULL) {
		key[0] = '\0'; /* no key: no cache for this page */
		return;
	}
	sb_sha256_hex(head, strlen(head), key);
	free(head);
}

static char *cache_path(const sb_ocr_engine *e, const char *key)
{
	return sb_strdup_printf("%s/%s.json", e->cache_dir, key);
}

int sb_ocr_cache_parse(const char *data, size_t len, int width, int height, sb_ocr_result *r)
{
	json_t *root = NULL, *words;
	json_error_t jerr;
	size_t i;
	int rc = -1;

	memset(r, 0, sizeof(*r));
	root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL || !json_is_object(root))
		goto done;
	if (json_integer_value(json_object_get(root, "format")) != SB_OCR_CACHE_FORMAT ||
	    json_integer_value(json_object_get(root, "width")) != width ||
	    json_integer_value(json_object_get(root, "height")) != height ||
	    !json_is_string(json_object_get(root, "text")) ||
	    !json_is_integer(json_object_get(root, "turn")) ||
	    !json_is_number(json_object_get(root, "confidence")))
		goto done;
	words = json_object_get(root, "words");
	if (!json_is_array(words) || json_array_size(words) > SB_OCR_WORDS_MAX)
		goto done;
	r->turn = (int)json_integer_value(json_object_get(root, "turn"));
	if (r->turn != 0 && r->turn != 90 && r->turn != 180 && r->turn != 270)
		goto done;
	/* The words lie on the picture as turned. */
	r->width = r->turn % 180 == 0 ? width : height;
	r->height = r->turn % 180 == 0 ? height : width;
	r->confidence = (float)json_number_value(json_object_get(root, "confidence"));
	if (!(r->confidence >= 0.0f && r->confidence <= 100.0f))
		goto done;
	r->text = strdup(json_string_value(json_object_get(root, "text")));
	if (r->text == NULL)
		goto done;
	for (i = 0; i < json_array_size(words); i++) {
		json_t *w = json_array_get(words, i);
		json_int_t v[4];
		double conf;
		int k;

		if (!json_is_array(w) || json_array_size(w) != 6 ||
		    !json_is_number(json_array_get(w, 4)) ||
		    !json_is_string(json_array_get(w, 5)))
			goto done;
		for (k = 0; k < 4; k++) {
			json_t *c = json_array_get(w, (size_t)k);

			if (!json_is_integer(c))
				goto done;
			v[k] = json_integer_value(c);
		}
		conf = json_number_value(json_array_get(w, 4));
		/* A box must lie on its picture, the right way round. */
		if (v[0] < 0 || v[1] < 0 || v[2] < v[0] || v[3] < v[1] || v[2] > r->width ||
		    v[3] > r->height || !(conf >= 0.0 && conf <= 100.0))
			goto done;
		if (add_word(r, (int)v[0], (int)v[1], (int)v[2], (int)v[3], (float)conf,
			     json_string_value(json_array_get(w, 5))) != SB_OK)
			goto done;
	}
	rc = 0;
done:
	json_decref(root);
	if (rc != 0)
		sb_ocr_result_release(r);
	return rc;
}

static bool cache_load(const sb_ocr_engine *e, const char *key, const sb_gray *g, sb_ocr_result *r)
{
	char *path, *data = NULL;
	size_t len = 0;
	bool hit = false;

	if (e->cache_dir == NULL || key[0] == '\0')
		return false;
	path = cache_path(e, key);
	if (path != NULL && sb_file_read(path, SB_OCR_CACHE_MAX, &data, &len, NULL) == SB_OK)
		hit = sb_ocr_cache_parse(data, len, g->w, g->h, r) == 0;
	free(data);
	free(path);
	return hit;
}

/* mkdir -p, private to the user: OCR text is a family's letters. */
static int make_dirs(const char *dir)
{
	char *buf = strdup(dir);
	char *p;
	int rc = 0;

	if (buf == NULL)
		return -1;
	for (p = buf + 1; rc == 0; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		{
			char c = *p;

			*p = '\0';
			if (mkdir(buf, 0700) != 0 && errno != EEXIST)
				rc = -1;
			*p = c;
			if (c == '\0')
				break;
		}
	}
	free(buf);
	return rc;
}

/* Keep a result; a cache that cannot be written costs speed, never a
 * result, so failures are ignored. */
static void cache_store(const sb_ocr_engine *e, const char *key, const sb_gray *g,
			const sb_ocr_result *r)
{
	/* Keyed by the picture as drawn; the words may be on it turned. */
	int width = g->w, height = g->h;
	json_t *root = NULL, *words = NULL;
	char *path = NULL, *text = NULL;
	size_t i;
	bool ok = true;

	if (e->cache_dir == NULL || key[0] == '\0' || make_dirs(e->cache_dir) != 0)
		return;
	root = json_object();
	words = json_array();
	if (root == NULL || words == NULL)
		goto done;
	for (i = 0; ok && i < r->nwords; i++) {
		const sb_ocr_pixel_word *w = &r->words[i];

		ok = json_array_append_new(words, json_pack("[iiiifs]", w->x0, w->y0, w->x1, w->y1,
							    (double)w->confidence, w->text)) == 0;
	}
	ok = ok && json_object_set_new(root, "format", json_integer(SB_OCR_CACHE_FORMAT)) == 0 &&
	     json_object_set_new(root, "tesseract", json_string(TessVersion())) == 0 &&
	     json_object_set_new(root, "lang", json_string(e->lang)) == 0 &&
	     json_object_set_new(root, "width", json_integer(width)) == 0 &&
	     json_object_set_new(root, "height", json_integer(height)) == 0 &&
	     json_object_set_new(root, "turn", json_integer(r->turn)) == 0 &&
	     json_object_set_new(root, "confidence", json_real((double)r->confidence)) == 0 &&
	     json_object_set_new(root, "text", json_string(r->text)) == 0 &&
	     json_object_set(root, "words", words) == 0;
	if (!ok)
		goto done;
	text = json_dumps(root, JSON_COMPACT | JSON_SORT_KEYS);
	path = cache_path(e, key);
	if (text != NULL && path != NULL)
		(void)sb_file_write_atomic(path, text, strlen(text), NULL);
done:
	free(path);
	free(text);
	json_decref(words);
	json_decref(root);
}

/* ---- a document's page ---- */

static int fill_page(sb_page *pg, const sb_ocr_result *r, float dpi, size_t max_text,
		     sb_error *err)
{
	float k = 72.0f / dpi;
	size_t len = strlen(r->text), i;
	char *text;

	/* Tesseract ends every block with a newline; keep the text as a
	 * reader's text would be, and within the document's text cap. */
	while (len > 0 && (r->text[len - 1] == '\n' || r->text[len - 1] == ' '))
		len--;
	if (len > max_text)
		len = max_text;
	text = malloc(len + 1);
	if (text == NULL)
		return sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory in OCR");
	memcpy(text, r->text, len);
	text[len] = '\0';
	sb_page_release(pg);
	pg->text = text;
	pg->len = len;
	pg->words = calloc(r->nwords + 1, sizeof(*pg->words));
	if (pg->words == NULL)
		return sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory in OCR");
	for (i = 0; i < r->nwords; i++) {
		sb_ocr_word *w = &pg->words[i];

		w->text = strdup(r->words[i].text);
		if (w->text == NULL)
			return sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory in OCR");
		w->x0 = (float)r->words[i].x0 * k;
		w->y0 = (float)r->words[i].y0 * k;
		w->x1 = (float)r->words[i].x1 * k;
		w->y1 = (float)r->words[i].y1 * k;
		w->confidence = r->words[i].confidence;
		pg->nwords++;
	}
	pg->has_text = len > 0;
	pg->ocr = true;
	pg->ocr_turn = r->turn;
	pg->ocr_confidence = len > 0 ? r->confidence : 0.0f;
	return SB_OK;
}

int sb_ocr_page(sb_ocr_engine *e, sb_doc *doc, size_t page, size_t max_text, sb_error *err)
{
	sb_gray g = {NULL, 0, 0, 0.0f};
	sb_ocr_result r;
	char key[65];
	bool cached;
	int rc;

	memset(&r, 0, sizeof(r));
	if (e == NULL || doc == NULL || page >= doc->npages || doc->original == NULL ||
	    (doc->format != SB_FORMAT_PDF && doc->format != SB_FORMAT_IMAGE))
		return sb_error_set(err, SB_EINVAL, doc ? doc->path : NULL, NULL,
				    "nothing for OCR to read");
	if (doc->format == SB_FORMAT_PDF)
		rc = sb_pdf_page_gray(doc->path, doc->original, doc->original_len, page, e->dpi,
				      e->max_pixels, &g, err);
	else
		rc = sb_image_gray(doc->path, doc->original, doc->original_len, page,
				   e->max_pixels, &g, err);
	if (rc != SB_OK)
		goto done;
	cache_key(e, &g, key);
	cached = cache_load(e, key, &g, &r);
	if (!cached) {
		rc = recognise(e, &g, &r, err);
		if (rc != SB_OK) {
			sb_error_set(err, rc, doc->path, "scan again with --no-ocr to list it unread",
				     "OCR failed on page %zu of '%s'", page + 1, doc->path);
			goto done;
		}
		cache_store(e, key, &g, &r);
	}
	rc = fill_page(&doc->pages[page], &r, g.dpi, max_text, err);
	doc->pages[page].ocr_cached = cached;
done:
	sb_ocr_result_release(&r);
	sb_gray_release(&g);
	return rc;
}
