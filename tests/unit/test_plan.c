/*
 * Unit tests for sb_plan: the bundle's page plan (issue 4, "The plan, then
 * the render"). Documents are built by hand and pages counted by fake
 * measure callbacks, so every section, tab, page number, label, caption,
 * exclusion and page-limit message is asserted exactly.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sendbundle/sendbundle.h>
#include <sendbundle/plan.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Fake measurements: every page of a document shows (blank pages are the
 * renderer's business), and the index takes one page per `per_page` rows. */
typedef struct fake {
	size_t per_page;
	int rounds; /* front_pages calls */
} fake;

static int fake_doc_pages(void *arg, const sb_doc *doc, bool keep_blank, size_t **pages,
			  size_t *npages, sb_error *err)
{
	size_t i;

	(void)arg;
	(void)keep_blank;
	(void)err;
	*pages = calloc(doc->npages + 1, sizeof(**pages));
	assert_non_null(*pages);
	for (i = 0; i < doc->npages; i++)
		(*pages)[i] = i;
	*npages = doc->npages;
	return SB_OK;
}

static int fake_front_pages(void *arg, const sb_plan *p, size_t *index_pages, size_t *chron_pages,
			    sb_error *err)
{
	fake *f = arg;

	(void)err;
	f->rounds++;
	/* Longer bundles print longer page numbers: one more index page once
	 * past 99 pages, so the count must settle over rounds. */
	*index_pages = 1 + p->nentries / f->per_page + (p->total_pages > 99 ? 1 : 0);
	*chron_pages = 1;
	return SB_OK;
}

/* A document of `pages` pages whose text is `text` on every page. */
static sb_doc *add_doc(sb_doc_list *l, const char *path, sb_kind kind, const char *iso,
		       const char *author, sb_role role, size_t pages, const char *text)
{
	sb_doc *d = sb_doc_list_add(l, path, SB_FORMAT_PDF);
	sb_error err;
	size_t i;
	char buf[512];

	assert_non_null(d);
	for (i = 0; i < pages; i++)
		assert_int_equal(sb_doc_add_page(d, text, strlen(text), &err), SB_OK);
	d->facts.kind = kind;
	if (iso != NULL) {
		assert_int_equal(sb_date_parse(iso, &d->facts.document_date, &err), SB_OK);
		d->facts.has_document_date = true;
	}
	if (author != NULL)
		d->facts.author = strdup(author);
	d->facts.author_role = role;
	snprintf(buf, sizeof(buf), "%s|%s", path, text);
	sb_sha256_hex(buf, strlen(buf), d->sha256);
	return d;
}

static int plan(const sb_doc_list *l, const sb_case_file *cf, const sb_plan_options *o,
		sb_plan *p, fake *f)
{
	sb_plan_measure m = {f, fake_doc_pages, fake_front_pages};
	sb_error err;
	int rc = sb_plan_build(l, cf, o, &m, p, &err);

	if (rc != SB_OK)
		fprintf(stderr, "sb_plan_build: %s\n", err.message);
	return rc;
}

static void assert_entry(const sb_plan_entry *e, sb_section s, unsigned tab, const char *source,
			 size_t first, size_t last)
{
	assert_int_equal(e->section, s);
	assert_int_equal(e->tab, tab);
	assert_string_equal(e->source, source);
	assert_int_equal(e->first_page, first);
	assert_int_equal(e->last_page, last);
}

/* The sample refusal-to-assess case: decision and certificate in A, the
 * evidence in D in date order with the undated report last, guidance left
 * out by default (bundle-spec "Sections"). */
static void test_sections_order_and_pages(void **state)
{
	sb_doc_list l;
	sb_case_file cf;
	sb_plan_options o;
	sb_plan p;
	fake f = {40, 0};

	(void)state;
	sb_doc_list_init(&l);
	sb_case_file_init(&cf);
	sb_plan_options_init(&o);
	add_doc(&l, "salt.pdf", SB_KIND_PROFESSIONAL_REPORT, NULL, "Ms L. Hughes", SB_ROLE_SALT, 3,
		"salt");
	add_doc(&l, "cert.pdf", SB_KIND_MEDIATION_CERTIFICATE, "2026-11-03", "P. Okafor",
		SB_ROLE_OTHER, 1, "cert");
	add_doc(&l, "ep.pdf", SB_KIND_PROFESSIONAL_REPORT, "2026-06-02", "Dr A. Patel", SB_ROLE_EP,
		4, "ep");
	add_doc(&l, "guide.pdf", SB_KIND_GUIDANCE, "2024-01-01", NULL, SB_ROLE_NONE, 9, "guide");
	add_doc(&l, "decision.pdf", SB_KIND_LA_DECISION, "2026-09-14", "J. Whitfield",
		SB_ROLE_LA_OFFICER, 2, "decision");
	add_doc(&l, "plan.pdf", SB_KIND_SCHOOL_PLAN, "2026-02-10", "Mrs R. Evans", SB_ROLE_SENCO, 2,
		"plan");
	assert_int_equal(plan(&l, &cf, &o, &p, &f), SB_OK);

	/* Cover 1, index 2, chronology 3: documents from page 4. */
	assert_int_equal(p.cover_pages, 1);
	assert_int_equal(p.index_first, 2);
	assert_int_equal(p.index_pages, 1);
	assert_int_equal(p.chron_first, 3);
	assert_int_equal(p.chron_pages, 1);
	assert_int_equal(p.nentries, 5);
	assert_entry(&p.entries[0], SB_SECTION_APPEAL, 1, "decision.pdf", 4, 5);
	assert_entry(&p.entries[1], SB_SECTION_APPEAL, 2, "cert.pdf", 6, 6);
	assert_entry(&p.entries[2], SB_SECTION_APPELLANT, 1, "plan.pdf", 7, 8);
	assert_entry(&p.entries[3], SB_SECTION_APPELLANT, 2, "ep.pdf", 9, 12);
	assert_entry(&p.entries[4], SB_SECTION_APPELLANT, 3, "salt.pdf", 13, 15);
	assert_int_equal(p.total_pages, 15);
	assert_string_equal(p.entries[0].title, "Decision letter");
	assert_false(p.entries[4].has_date);
	assert_int_equal(p.nexcluded, 1);
	assert_string_equal(p.excluded[0].source, "guide.pdf");
	assert_non_null(strstr(p.excluded[0].reason, "sendbundle.json"));
	sb_plan_release(&p);
	sb_case_file_release(&cf);
	sb_doc_list_free(&l);
}

/* The same bytes, or the same text of some length, appear once; the rest
 * are listed. Short identical texts (two scans with no text) are kept. */
static void test_duplicates(void **state)
{
	static const char long_text[] =
	    "The assessment found that the child has significant difficulties with expressive "
	    "and receptive language, with standardised scores below the first centile on most "
	    "subtests, and recommends direct therapy from a speech and language therapist.";
	sb_doc_list l;
	sb_case_file cf;
	sb_plan_options o;
	sb_plan p;
	fake f = {40, 0};
	sb_doc *a, *b;

	(void)state;
	sb_doc_list_init(&l);
	sb_case_file_init(&cf);
	sb_plan_options_init(&o);
	a = add_doc(&l, "a.pdf", SB_KIND_PROFESSIONAL_REPORT, "2026-01-05", NULL, SB_ROLE_NONE, 1,
		    long_text);
	b = add_doc(&l, "copy-of-a.pdf", SB_KIND_PROFESSIONAL_REPORT, "2026-01-05", NULL,
		    SB_ROLE_NONE, 1, "x");
	memcpy(b->sha256, a->sha256, sizeof(a->sha256));
	add_doc(&l, "retyped.pdf", SB_KIND_PROFESSIONAL_REPORT, "2026-01-06", NULL, SB_ROLE_NONE, 1,
		long_text);
	add_doc(&l, "scan1.pdf", SB_KIND_OTHER, NULL, NULL, SB_ROLE_NONE, 1, "");
	add_doc(&l, "scan2.pdf", SB_KIND_OTHER, NULL, NULL, SB_ROLE_NONE, 1, "");
	assert_int_equal(plan(&l, &cf, &o, &p, &f), SB_OK);
	assert_int_equal(p.nentries, 3);
	assert_string_equal(p.entries[0].source, "a.pdf");
	assert_string_equal(p.entries[1].source, "scan1.pdf");
	assert_string_equal(p.entries[2].source, "scan2.pdf");
	assert_int_equal(p.nexcluded, 2);
	assert_string_equal(p.excluded[0].source, "copy-of-a.pdf");
	assert_string_equal(p.excluded[0].reason, "duplicate of a.pdf (the same file)");
	assert_string_equal(p.excluded[1].source, "retyped.pdf");
	assert_string_equal(p.excluded[1].reason, "duplicate of a.pdf (the same text)");
	sb_plan_release(&p);

	o.keep_duplicates = true;
	assert_int_equal(plan(&l, &cf, &o, &p, &f), SB_OK);
	assert_int_equal(p.nentries, 5);
	assert_int_equal(p.nexcluded, 0);
	sb_plan_release(&p);
	sb_case_file_release(&cf);
	sb_doc_list_free(&l);
}

/* The case file's corrections win over what extraction found. */
static void test_overrides(void **state)
{
	sb_doc_list l;
	sb_case_file cf;
	sb_plan_options o;
	sb_plan p;
	fake f = {40, 0};
	sb_case_override ov[3];

	(void)state;
	sb_doc_list_init(&l);
	sb_case_file_init(&cf);
	sb_plan_options_init(&o);
	add_doc(&l, "minutes.pdf", SB_KIND_OTHER, "2026-03-01", "Someone", SB_ROLE_NONE, 2, "m");
	add_doc(&l, "old.pdf", SB_KIND_PROFESSIONAL_REPORT, "2019-01-01", NULL, SB_ROLE_NONE, 1,
		"o");
	add_doc(&l, "anon.pdf", SB_KIND_PROFESSIONAL_REPORT, "2026-02-01", "Scanned By Copier",
		SB_ROLE_NONE, 1, "a");
	memset(ov, 0, sizeof(ov));
	ov[0].source = "minutes.pdf";
	ov[0].has_section = true;
	ov[0].section = SB_SECTION_LA;
	ov[0].title = "Panel minutes";
	ov[0].author = "SEN panel";
	ov[0].has_role = true;
	ov[0].role = SB_ROLE_LA_OFFICER;
	ov[0].has_date = true;
	ov[0].date = (sb_date){2026, 8, 30};
	ov[1].source = "old.pdf";
	ov[1].exclude = true;
	ov[1].exclude_reason = "more than 3 years old at the hearing";
	ov[2].source = "anon.pdf";
	ov[2].author_none = true; /* "author": null: the extracted name is wrong */
	cf.overrides = ov;
	cf.noverrides = 3;
	assert_int_equal(plan(&l, &cf, &o, &p, &f), SB_OK);
	cf.overrides = NULL; /* the array is the test's */
	cf.noverrides = 0;
	assert_int_equal(p.nentries, 2);
	assert_entry(&p.entries[0], SB_SECTION_APPELLANT, 1, "anon.pdf", 4, 4);
	assert_null(p.entries[0].author);
	assert_entry(&p.entries[1], SB_SECTION_LA, 1, "minutes.pdf", 5, 6);
	assert_string_equal(p.entries[1].title, "Panel minutes");
	assert_string_equal(p.entries[1].author, "SEN panel");
	assert_int_equal(p.entries[1].author_role, SB_ROLE_LA_OFFICER);
	assert_int_equal(p.entries[1].date.month, 8);
	assert_string_equal(p.excluded[0].reason,
			    "excluded in sendbundle.json: more than 3 years old at the hearing");
	sb_plan_release(&p);
	sb_case_file_release(&cf);
	sb_doc_list_free(&l);
}

/* The index grows a page once page numbers pass 99: numbering is redone
 * until the front matter's size settles, and documents move with it. */
static void test_front_matter_settles(void **state)
{
	sb_doc_list l;
	sb_case_file cf;
	sb_plan_options o;
	sb_plan p;
	fake f = {40, 0};
	size_t i;
	char name[32];

	(void)state;
	sb_doc_list_init(&l);
	sb_case_file_init(&cf);
	sb_plan_options_init(&o);
	for (i = 0; i < 50; i++) {
		snprintf(name, sizeof(name), "r%02zu.pdf", i);
		add_doc(&l, name, SB_KIND_PROFESSIONAL_REPORT, NULL, NULL, SB_ROLE_NONE, 2, name);
	}
	assert_int_equal(plan(&l, &cf, &o, &p, &f), SB_OK);
	/* 50 rows: 2 index pages, then 3 once the total passes 99. */
	assert_int_equal(p.index_pages, 3);
	assert_int_equal(p.chron_first, 5);
	assert_int_equal(p.entries[0].first_page, 6);
	assert_int_equal(p.entries[49].last_page, 105);
	assert_int_equal(p.total_pages, 105);
	assert_int_equal(f.rounds, 2);
	sb_plan_release(&p);
	sb_case_file_release(&cf);
	sb_doc_list_free(&l);
}

/* Labels equal the stamps: 1, 2, ... or A1, D1 ... after the front matter;
 * the caption is the index row's words (bundle-spec "Index, bookmarks"). */
static void test_labels_and_captions(void **state)
{
	sb_doc_list l;
	sb_case_file cf;
	sb_plan_options o;
	sb_plan p;
	fake f = {40, 0};
	char buf[32], *cap = NULL;
	sb_error err;

	(void)state;
	sb_doc_list_init(&l);
	sb_case_file_init(&cf);
	sb_plan_options_init(&o);
	o.numbering = SB_NUMBERING_SECTION;
	add_doc(&l, "decision.pdf", SB_KIND_LA_DECISION, "2026-09-14", "J. Whitfield",
		SB_ROLE_LA_OFFICER, 2, "d");
	add_doc(&l, "ep.pdf", SB_KIND_PROFESSIONAL_REPORT, "2026-06-02", "Dr A. Patel", SB_ROLE_EP,
		3, "e");
	add_doc(&l, "note.pdf", SB_KIND_OTHER, NULL, NULL, SB_ROLE_NONE, 1, "n");
	assert_int_equal(plan(&l, &cf, &o, &p, &f), SB_OK);
	assert_string_equal(sb_plan_page_label(&p, 3, buf, sizeof(buf)), "3");
	assert_string_equal(sb_plan_page_label(&p, 4, buf, sizeof(buf)), "A1");
	assert_string_equal(sb_plan_page_label(&p, 5, buf, sizeof(buf)), "A2");
	assert_string_equal(sb_plan_page_label(&p, 6, buf, sizeof(buf)), "D1");
	assert_string_equal(sb_plan_page_label(&p, 9, buf, sizeof(buf)), "D4");
	assert_int_equal(sb_plan_entry_caption(&p, &p.entries[1], &cap, &err), SB_OK);
	assert_string_equal(cap, "Educational psychology report \xE2\x80\x93 Dr A. Patel (EP) "
				 "\xE2\x80\x93 2 Jun 2026 \xE2\x80\x93 p. D1");
	free(cap);
	assert_int_equal(sb_plan_entry_caption(&p, &p.entries[2], &cap, &err), SB_OK);
	assert_non_null(strstr(cap, " \xE2\x80\x93 Undated \xE2\x80\x93 p. D4"));
	free(cap);
	sb_plan_release(&p);
	o.numbering = SB_NUMBERING_CONTINUOUS;
	assert_int_equal(plan(&l, &cf, &o, &p, &f), SB_OK);
	assert_string_equal(sb_plan_page_label(&p, 6, buf, sizeof(buf)), "6");
	sb_plan_release(&p);
	sb_case_file_release(&cf);
	sb_doc_list_free(&l);
}

/* PD 2025 Schedule One: 75 pages of each party's evidence for refusal to
 * assess, 100 for refusal to issue a plan. */
static void test_page_limits(void **state)
{
	sb_doc_list l;
	sb_case_file cf;
	sb_plan_options o;
	sb_plan p;
	fake f = {40, 0};
	sb_plan_over *over = NULL;
	size_t n = 0;
	sb_error err;

	(void)state;
	sb_doc_list_init(&l);
	sb_case_file_init(&cf);
	sb_plan_options_init(&o);
	add_doc(&l, "big.pdf", SB_KIND_PROFESSIONAL_REPORT, "2026-01-01", NULL, SB_ROLE_NONE, 76,
		"b");
	assert_int_equal(plan(&l, &cf, &o, &p, &f), SB_OK);
	assert_int_equal(sb_plan_check_limits(&p, SB_APPEAL_REFUSAL_TO_ASSESS, &over, &n, &err),
			 SB_OK);
	assert_int_equal(n, 1);
	assert_int_equal(over[0].section, SB_SECTION_APPELLANT);
	assert_int_equal(over[0].pages, 76);
	assert_int_equal(over[0].limit, 75);
	assert_string_equal(over[0].message,
			    "Appellant's evidence (section D) is 76 pages: 1 over the 75-page limit "
			    "for refusal-to-assess appeals; ask the Tribunal's permission with form "
			    "SEND7, or leave documents out");
	free(over[0].message);
	free(over);
	assert_int_equal(
	    sb_plan_check_limits(&p, SB_APPEAL_REFUSAL_TO_ISSUE_PLAN, &over, &n, &err), SB_OK);
	assert_int_equal(n, 0);
	free(over);
	/* The 76-page report is over the 15 pages of one expert report. */
	{
		char **advice = NULL;

		assert_int_equal(sb_plan_report_advice(&p, &advice, &n, &err), SB_OK);
		assert_int_equal(n, 1);
		assert_string_equal(advice[0],
				    "D1 Big is 76 pages: if it is expert evidence for the appeal, "
				    "the Practice Direction limits it to 15 pages (a summary of at "
				    "most 2), unless the Tribunal agrees");
		free(advice[0]);
		free(advice);
	}
	assert_int_equal(sb_plan_page_limit(SB_SECTION_APPEAL, SB_APPEAL_CEASE_PLAN), 100);
	/* PD 2025 Schedule Two: 200 pages of each party's evidence in a claim. */
	assert_int_equal(sb_plan_page_limit(SB_SECTION_APPELLANT, SB_APPEAL_DISABILITY_DISCRIMINATION),
			 200);
	assert_int_equal(sb_plan_page_limit(SB_SECTION_LA, SB_APPEAL_DISABILITY_DISCRIMINATION), 200);
	assert_int_equal(sb_plan_page_limit(SB_SECTION_WORKING, SB_APPEAL_PLAN_CONTENTS), 25);
	assert_int_equal(sb_plan_page_limit(SB_SECTION_LATE, SB_APPEAL_PLAN_CONTENTS), 0);
	sb_plan_release(&p);
	sb_case_file_release(&cf);
	sb_doc_list_free(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_sections_order_and_pages),
	    cmocka_unit_test(test_duplicates),
	    cmocka_unit_test(test_overrides),
	    cmocka_unit_test(test_front_matter_settles),
	    cmocka_unit_test(test_labels_and_captions),
	    cmocka_unit_test(test_page_limits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
