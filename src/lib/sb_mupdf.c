/*
 * Internal: MuPDF's memory counted against a cap (sb_mupdf.h). Each block
 * carries its size in a header as wide as max_align_t, so alignment is kept.
 */
#include "sb_mupdf.h"

#include <stdlib.h>

typedef union mem_header {
	max_align_t align;
	size_t size;
} mem_header;

static void *budget_malloc(void *user, size_t size)
{
	sb_mem_budget *b = user;
	mem_header *h;

	if (size > b->cap - b->used) {
		b->hit = true;
		return NULL;
	}
	h = malloc(sizeof(*h) + size);
	if (h == NULL)
		return NULL;
	h->size = size;
	b->used += size;
	return h + 1;
}

static void budget_free(void *user, void *ptr)
{
	sb_mem_budget *b = user;
	mem_header *h;

	if (ptr == NULL)
		return;
	h = (mem_header *)ptr - 1;
	b->used -= h->size;
	free(h);
}

static void *budget_realloc(void *user, void *old, size_t size)
{
	sb_mem_budget *b = user;
	mem_header *h, *grown;
	size_t was;

	if (old == NULL)
		return budget_malloc(user, size);
	h = (mem_header *)old - 1;
	was = h->size;
	if (size > was && size - was > b->cap - b->used) {
		b->hit = true;
		return NULL;
	}
	grown = realloc(h, sizeof(*grown) + size);
	if (grown == NULL)
		return NULL;
	grown->size = size;
	b->used = b->used - was + size;
	return grown + 1;
}

void sb_mem_budget_init(sb_mem_budget *b, size_t cap, fz_alloc_context *alloc)
{
	b->used = 0;
	b->cap = cap;
	b->hit = false;
	alloc->user = b;
	alloc->malloc = budget_malloc;
	alloc->realloc = budget_realloc;
	alloc->free = budget_free;
}

void sb_mupdf_clean_message(char *dst, size_t size, const char *src)
{
	size_t i;

	for (i = 0; i + 1 < size && src[i] != '\0'; i++)
		dst[i] = src[i] >= 0x20 && src[i] < 0x7F ? src[i] : '?';
	dst[i] = '\0';
}
