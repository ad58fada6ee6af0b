/*
 * sb_extract_dates: every date a UK SEND document writes (council letters,
 * EP/SALT/OT/CAMHS reports, school plans, e-mails, tribunal decisions), found
 * with PCRE2 patterns compiled once (issue 3, "Extraction").
 *
 * How it works:
 *  1. Each pattern in date_rules[] is run over the whole page. A match becomes
 *     a candidate holding one or more dates (a range or list gives each
 *     endpoint: "6 and 13 May 2009" -> 6 May and 13 May). Impossible dates,
 *     years outside 1900-2099 and numbers that a word before them marks as
 *     something else ("Year 6", "para 9.14.12") are dropped here.
 *  2. Candidates are sorted by where they start. A weekday date without a
 *     year gets its year from the dates near it (resolve_years). The first
 *     (longest) candidate at a place wins and anything overlapping it is
 *     dropped, so "12 March 2024" is one full date and not also the partial
 *     "March 2024".
 *  3. Each kept match gets a role from the words shortly before it, using
 *     role_rules[] (labels such as "Date of birth:" first, then phrases such
 *     as "was assessed on").
 *
 * Choices, all because the documents are from England:
 *  - Numeric dates are day first. "03/15/2024" is not a date at all: an
 *    impossible day-first date is rejected rather than read the US way.
 *  - Two-digit years: 00-69 are 2000-2069 and 70-99 are 1970-1999. Documents
 *    are about children born after 2000; the older dates they hold are mostly
 *    parents' dates of birth, which this window still reads right.
 *  - A month and year ("March 2024") is kept with SB_PRECISION_MONTH and day
 *    1; callers never report it as a date of a day. A year alone, a school
 *    term ("Autumn term 2023") and an academic year ("2023/24") are not dates.
 *  - A day and month without a year ("on 12 March") is not reported: its
 *    year would be a guess. With a weekday ("the review is on Wed 24th
 *    April") the guess can be checked: the year is taken from the nearest
 *    full dates on the page (that year, the next or the one before) only
 *    when the weekday agrees, else nothing is reported. Inside a range the
 *    first end takes the range's year ("1 May to 31 July 2020"), one year
 *    earlier when its month is later than the end's ("29 December to 2
 *    January 2024").
 *  - Text is the match as written with whitespace folded to single spaces.
 *    In a range each end starts at its own offset (the first at the match
 *    start) and runs to the end of the match: "6 and 13 May 2009" gives
 *    "6 and 13 May 2009" at 0 and "13 May 2009" at 6, so offset plus the
 *    text's length is always where the match ends (sb_extract.c relies on it).
 *
 * Thread safety: the finder is read-only after sb_date_finder_new; each call
 * to sb_date_finder_find uses its own pcre2_match_data.
 */
#include "sb_extract_internal.h"
#include "sb_regex.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- building blocks of the patterns ------------------------------------- */
/*
 * All patterns are compiled with PCRE2_EXTENDED (whitespace in them is layout
 * only) and, except where noted, PCRE2_CASELESS ("12 MARCH 2024"). Digits are
 * written [0-9], never \d, because with UCP \d also matches other scripts'
 * digits, which the code reading the numbers does not know. \s with UCP
 * includes no-break spaces, which PDF and Word text is full of, and line
 * breaks ("12 March\n2024").
 *
 * The blocks are defined once, in BLOCKS, and called by name: (?&month) runs
 * the group "month" defined there (PCRE2 subroutine calls; since PCRE2 10.30
 * they can be backtracked into like inline text). BLOCKS goes at the end of
 * each pattern and a pattern's first item is written out, not called: PCRE2
 * then knows which characters can start a match and skips the rest of the
 * text quickly (a block in front made the scan four times slower).
 */

/* A month, full (with the misspellings people type) or abbreviated, with or
 * without a full stop: "March", "Febuary", "Mar", "Sept.". */
#define MONTH_NAMES                                                                               \
	"(?: january | janurary | february | febuary | feburary | febrary | march | april | may"  \
	" | june | july | august | september | october | november | december"                     \
	" | (?: jan | feb | mar | apr | jun | jul | aug | sept? | oct | nov | dec ) \\.? )"       \
	" (?!\\p{L})"

#define BLOCKS                                                                                    \
	"(?(DEFINE)"                                                                              \
	/* A weekday, full, misspelt or abbreviated; only an abbreviation takes a                 \
	 * full stop (after "Tuesday." it ends a sentence): "Tue", "Tues.", "Wednesday". */       \
	" (?<weekday> (?<!\\p{L}) (?: monday | tuesday | wednesday | wednsday | thursday"         \
	"   | friday | saturday | sunday"                                                         \
	"   | (?: mon | tues? | weds? | thu(?:rs?)? | fri | sat | sun ) \\.? ) (?!\\p{L}) )"      \
	/* A weekday leading a date: "Tuesday, ", "Tue ", "Tuesday the ". */                      \
	" (?<wdlead> (?&weekday) [\\s,]*+ (?: the \\s++ )? )"                                     \
	" (?<month> " MONTH_NAMES " )"                                                            \
	/* An ordinal suffix, also when PDF text set a superscript apart: "12th", "1 st".         \
	 * No word end after it: "12thMarch" happens when a text layer drops spaces. */           \
	" (?<ord> \\s{0,2} (?: st | nd | rd | th ) )"                                             \
	/* A day: 1-2 digits, not part of a longer number, maybe an ordinal: "12", "03rd". */     \
	" (?<day> [0-3]?[0-9] (?![0-9]) (?&ord)? )"                                               \
	/* A later day in a list may repeat its weekday: "Monday 12th & Tuesday 13th". */         \
	" (?<dayw> (?&wdlead)? (?&day) )"                                                         \
	/* Hyphen, the Unicode dashes (en dash "12–14") and minus. */                             \
	" (?<dash> [\\-\\x{2010}-\\x{2015}\\x{2212}] )"                                           \
	/* What joins the ends of a range: "12-14", "1st to 3rd", "3 and 5", "2nd/3rd". */        \
	" (?<conn> \\s*+ (?: (?&dash) | & | / ) \\s*+"                                            \
	"   | \\s++ (?: to | until | till | through | thru | and | or ) \\s++ )"                  \
	/* What may follow the first day: more days in a list ("6, 13 and 20",                    \
	 * "6 & 13") or the other end of a range ("1st-3rd", "3 to 5"). */                        \
	" (?<more> (?: \\s*+ , \\s*+ (?&dayw) ){0,10}+ \\s*+ ,? \\s*+"                            \
	"   (?: & | (?<!\\p{L}) (?: and | or ) (?!\\p{L}) ) \\s*+ (?&dayw)"                       \
	"   | (?&conn) (?&dayw) )"                                                                \
	/* Between day and month: "12 March", "12-Mar", "12.Mar", "12March", "12th of             \
	 * March", "12th day of March". */                                                        \
	" (?<dm> \\s*+ (?: (?&dash) | [./] )? \\s*+ (?: day \\s++ )? (?: of \\s++ )? )"           \
	/* Between month and year: "March 2024", "March, 2024", "Mar-24", "March\n2024". */       \
	" (?<my> \\s*+ (?: , | (?&dash) | [./] )? \\s*+ )"                                        \
	/* A four-digit year of 1900-2099 that does not begin an ISO date ("3 May                 \
	 * 2021-10-20" is "3 May" and 20 October 2021) and is not an academic year                \
	 * ("March 2023/24", "12 March 2023-24"; but "12 March 2024-13 March 2024"). */           \
	" (?<yyyy> (?: 19 | 20 ) [0-9]{2} (?![0-9]) (?! [\\-/.] [0-9]{1,2} [\\-/.] [0-9] )"       \
	"   (?! [/\\-\\x{2013}] [0-9]{2} (?![0-9]) (?! (?&ord)? (?&dm) (?&month) ) ) )"           \
	/* A two-digit year ("24", "'24") that is not the start of a time, a count or the         \
	 * next date: "12 March 10.30", "12 March 10-11am", "12 March 10 to 11 am",               \
	 * "12 March 10 am", "3 May 14 days later", "3 May\n19 July 2026" (19 is a day;           \
	 * but "3 Oct 25 – December 3rd" is a range). */                                          \
	" (?<yy> ['\\x{2019}]? [0-9]{2} (?![0-9]) (?! [/.:] [0-9] ) (?! (?&dash) [0-9] )"         \
	"   (?! \\s*+ (?: (?&dash) | to ) \\s*+ [0-9]{1,2} (?: [.:] [0-9]{2} )? \\s*+"            \
	"       [ap]\\.?m (?!\\p{L}) )"                                                           \
	"   (?! \\s*+ (?: (?: [ap]\\.?m\\.? | hrs? | hours? | mins? | minutes | days? | weeks?"   \
	"       | months? ) (?!\\p{L})"                                                           \
	"     | o['\\x{2019}]?clock | % | per\\s*+cent ) )"                                       \
	"   (?! (?&ord) (?!\\p{L}) )"                                                             \
	"   (?! (?&ord)? (?: (?&dash) | [./] | \\s*+ (?: of \\s++ )? ) (?&month) ) )"             \
	")"

/* A day number must not continue a number, a price or a path: "1.5 March",
 * "£12 March", "EHC/12/03/45". */
#define NUM_BEFORE "(?<! [\\p{N}\\x{00A3}$\\x{20AC}/\\\\] ) (?<! \\p{N}[.,:] )"

/* ---- the date patterns: one table ------------------------------------------ */

/*
 * Every pattern starts at a digit or a month name, so the JIT skips quickly
 * over ordinary text. A weekday in front ("Tue 12 Mar 2024", "Thursday,
 * March 14, 2024", "Thu 14/03/2024") is taken into the match afterwards by
 * weekday_pattern below. The groups the code reads are d0 and m0 (the first
 * end of a range with its own month), days, mon and year.
 */
static const struct date_rule {
	const char *name;
	uint32_t options; /* beyond PCRE2_EXTENDED */
	bool school_veto; /* school_pattern applies (day first, month name) */
	const char *pattern;
} date_rules[] = {
	/* Day, month name, year, and the ranges and lists UK letters write:
	 *   "12 March 2024", "12th March, 2024", "12th of March 2024",
	 *   "12 MARCH 2024", "12 Sept. 2023", "12-Mar-24", "12 Mar 24",
	 *   "6 and 13 May 2009", "6, 13 and 20 May 2009", "1st-3rd June 2021",
	 *   "12–14 March 2024", "Monday 12th & Tuesday 13th March 2024",
	 *   "1 May to 31 July 2020" (d0 and m0 hold the first end's day and month;
	 *   not when a year follows: "8-Dec-27 – 25-Oct-26" is two dates).
	 * Without a year only with a weekday, "Wed 24th April", "Tuesday 12 March
	 * at 10am": resolve_years then finds the year (see the top of the file). */
	{"day month year", PCRE2_CASELESS, true,
	 NUM_BEFORE
	 " (?: (?<d0> [0-3]?[0-9] (?![0-9]) (?&ord)? ) (?&dm) (?<m0> (?&month) )"
	 "   (?! (?&my) (?: (?&yyyy) | (?&yy) ) ) (?&conn) (?&wdlead)? )?"
	 " (?<days> [0-3]?[0-9] (?![0-9]) (?&ord)? (?&more)? )"
	 " (?&dm) (?<mon> (?&month) ) (?: (?&my) (?<year> (?&yyyy) | (?&yy) ) )?" BLOCKS},
	/* Month name first, with a day (American order, found in e-mail headers
	 * and forms) or without one (a partial date, SB_PRECISION_MONTH):
	 *   "March 12th 2024", "March 12, 2024", "March 12-14, 2024",
	 *   "May 1 to July 31, 2020"; "March 2024", "Sept 2023", "SEPTEMBER, 2023".
	 * Four-digit years only: "May 12 24" is too easily something else. Not
	 * an academic year ("March 2024/25", see yyyy). A lowercase "may 2024" is
	 * the verb and is dropped in read_match. The conditional (?(<d0>)(*FAIL)) stops a
	 * range prefix from being glued to a month and year ("May 1 to July 2020"). */
	{"month first", PCRE2_CASELESS, false,
	 "(?<! [\\p{L}\\p{N}] )"
	 " (?: (?<m0> " MONTH_NAMES " ) \\s*+ (?<d0> (?&day) ) (?&conn) (?&wdlead)? )?"
	 " (?<mon> " MONTH_NAMES " )"
	 " (?: \\s*+ (?<days> (?&day) (?&more)? ) (?: \\s*+ , \\s*+ | \\s++ )"
	 "   | (?(<d0>) (*FAIL) ) \\s*+ ,? \\s*+ )"
	 " (?<year> (?&yyyy) )" BLOCKS},
	/* Numeric, day first, four-digit year, the same separator twice:
	 *   "12/03/2024", "12-03-2024", "01.02.2015", "Date:12/03/2024",
	 *   "DOB01.02.2015" (a glued label is fine here), "12 / 03 / 2024" (forms).
	 * Not inside a path or a longer number: "EHC/12/03/2024", "12/03/2024/1",
	 * "1.12.03.2024". Not "03/15/2024": day first, and 15 is no month. */
	{"numeric date", 0, false,
	 "(?<! [\\p{N}/\\\\] ) (?<! \\p{N}[.,:] )"
	 " (?<days> [0-9]{1,2} ) (?<sep> \\h?/\\h? | [.\\-] ) (?<mon> [0-9]{1,2} ) \\k<sep>"
	 " (?<year> (?:19|20)[0-9]{2} ) (?![0-9]) (?! \\k<sep> [0-9] )"},
	/* Numeric, day first, two-digit year: "12.3.24", "12/03/24", "1-2-15".
	 * Stricter: no letter glued before ("v1.2.15", "AB12/03/45"), no further
	 * ".n" or ":n" after ("12.3.24.1" is a section number), no "%". */
	{"numeric date, short year", 0, false,
	 "(?<! [\\p{L}\\p{N}/\\\\] ) (?<! \\p{N}[.,:] )"
	 " (?<days> [0-9]{1,2} ) (?<sep> [/.\\-] ) (?<mon> [0-9]{1,2} ) \\k<sep>"
	 " (?<year> [0-9]{2} ) (?![0-9]) (?! \\k<sep> [0-9] ) (?! [.:][0-9] ) (?! \\s*+ % )"},
	/* ISO 8601 and its slash form, year first: "2024-03-12",
	 * "2024-03-12T10:15:00Z", "2024/03/12". Not "SEND/2026/04/17" (a path). */
	{"ISO date", 0, false,
	 "(?<! [\\p{N}/\\\\.\\-] )"
	 " (?<year> (?:19|20)[0-9]{2} ) (?<sep> [\\-/.] ) (?<mon> [0-9]{1,2} ) \\k<sep>"
	 " (?<days> [0-9]{1,2} ) (?![0-9]) (?! \\k<sep> [0-9] )"},
};

#define N_DATE_RULES (sizeof(date_rules) / sizeof(date_rules[0]))

/*
 * A word just before a number that makes the number something other than a
 * day or a date: "para 9.12.14", "section 1.2.15", "page 12 March", "Tel
 * 01.02.2015", "No. 12/03/45", a footer "Page 3 of 12" above "March 2024".
 * Singular words only: "the 2014 Regulations 20 October 2019" is a date.
 * Matched against the few bytes before a candidate that starts with a digit.
 */
static const char veto_pattern[] =
	"(?<!\\p{L}) (?: page | pp?\\. | para\\.? | paragraph | section | ss?\\. | regulation"
	" | reg\\.? | rule | r\\. | chapter | ch\\. | clause | appendix | annex | table"
	" | fig(?:ure)?\\.? | item | step | version | ver\\. | no\\. | nos\\. | number"
	" | tel(?:ephone)?\\.? | phone | mobile | fax"
	" | page \\s*+ [0-9]{1,4} \\s*+ (?: of | / ) ) \\h*+ [:#]? \\h*+ \\z";

/*
 * Words that make a small number before a month name a school year, key
 * stage, level or age, not a day: "in Year 6 May 2024" (the date is May
 * 2024), "KS2 May 2024", "Y6 May". Only for day-month-name dates whose first
 * number is at most SCHOOL_MAX: "year 16 January 1998" is a date.
 */
static const char school_pattern[] =
	"(?<!\\p{L}) (?: year | yr | y | ks | key \\s*+ stage | stage | level | aged? )"
	" \\h*+ [:#]? \\h*+ \\z";
#define SCHOOL_MAX 14

/* How many bytes before a candidate the veto looks at. */
#define VETO_WINDOW 24

/* A weekday just before a date belongs to it: "Tue 12 Mar 2024",
 * "Tuesday, 12 March 2024", "Tuesday the 12th", "Thursday, March 14, 2024". */
static const char weekday_pattern[] = "(?&wdlead) \\z" BLOCKS;

/* How many bytes before a candidate the weekday pattern looks at. */
#define WEEKDAY_WINDOW 24

/* ---- the role patterns: one table ------------------------------------------ */
/*
 * Each role pattern ends where the date starts (\z: it is matched against the
 * text up to the date). A label may be followed only by punctuation, spaces,
 * a hint such as "(dd/mm/yyyy)", "is" or "was", and at most two line breaks
 * (a table's label cell on the line above); a phrase by up to n characters
 * of the same sentence ("was assessed at school on").
 */
#define GAPCHAR "(?: [\\h:\\-\\x{2013}\\x{2014}|*#=>_] | \\.{2,} )"
#define LABEL_END                                                                                 \
	" (?: \\h*+ \\( [^()\\n]{0,24} \\) )? (?: \\h++ (?: is | was ) (?!\\p{L}) )?"             \
	" " GAPCHAR "*+ (?: \\R " GAPCHAR "*+ ){0,2} \\z"
#define PHRASE_END(n)                                                                             \
	" (?: [^.;!?] | (?<= \\bDr | \\bMr | \\bMrs | \\bMs | \\bProf | \\bSt ) \\. ){0," #n "}+" \
	" \\z"

enum role_kind {
	ROLE_LABEL, /* a label: when several match, the leftmost (most specific) wins */
	ROLE_PHRASE /* words in a sentence: the one nearest the date wins */
};

static const struct role_rule {
	sb_date_role role;
	enum role_kind kind;
	const char *pattern;
} role_rules[] = {
	/* "Date of birth: 01/02/2015", "DOB 01.02.2015", "D.O.B.", "Birth date". */
	{SB_DATE_ROLE_BIRTH, ROLE_LABEL,
	 "(?<!\\p{L}) (?: date \\s*+ of \\s*+ birth | d\\.?\\s?o\\.?\\s?b\\.? | birth \\s*+ date"
	 " | date \\s++ born )" LABEL_END},
	/* "Date of assessment:", "Date(s) of assessment", "Date of EP assessment",
	 * "Date of observation", "Date of school visit", "Assessment date", "Date seen". */
	{SB_DATE_ROLE_ASSESSMENT, ROLE_LABEL,
	 "(?<!\\p{L}) (?: dates? (?:\\(s\\))? \\s*+ of \\s++ (?: the \\s++ )?"
	 " (?: [\\p{L}'\\x{2019}]++ \\s++ ){0,3}?"
	 " (?: assessments? | observations? | visits? | testing | clinic | appointment"
	 " | consultation | sessions? )"
	 " | (?: assessment | observation | clinic | appointment | visit | testing ) \\s*+"
	 " dates? (?:\\(s\\))? | dates? \\s++ seen )" LABEL_END},
	/* "Date of meeting:", "Date of review", "Date of the next annual review meeting",
	 * "Date of hearing", "Review date:", "Hearing date", "Next review:". */
	{SB_DATE_ROLE_MEETING, ROLE_LABEL,
	 "(?<!\\p{L}) (?: dates? \\s*+ of \\s++ (?: the \\s++ )? (?: next \\s++ )?"
	 " (?: [\\p{L}'\\x{2019}]++ \\s++ ){0,2}? (?: meeting | review | hearing | panel"
	 " | conference ) | (?: meeting | review | hearing | panel | conference ) \\s*+ dates?"
	 " | next \\s++ review | review \\s++ due )" LABEL_END},
	/* The document's own date: "Date:", "Date of report", "Report date",
	 * "Date of letter", "Date of issue", "Date issued", "Decision issued:",
	 * "Date written", "Date of decision", "Sent:" (e-mail), "Dated:" and
	 * "Dated" or "Date" at the start of a line ("Dated this 12th day of March
	 * 2024"). A "dated" inside a sentence ("the report dated ...") is another
	 * document's date, and a bare "Date" above a column of dates heads a
	 * table, not a letter. */
	{SB_DATE_ROLE_DOCUMENT, ROLE_LABEL,
	 "(?<!\\p{L}) (?: date \\s*+ of \\s++ (?: this \\s++ | the \\s++ )? (?: report | letter"
	 " | issue | decision | writing | plan | notice | document | e-?mail )"
	 " | (?: report | letter | decision | plan | notice | document | issue ) \\s*+ date"
	 " | date \\s*+ (?: issued | written | completed | signed )"
	 " | (?: sent | issued ) \\s*+ : | dated \\s*+ : | (?m:^) \\h*+ dated (?: \\s++ this )?"
	 " | date \\s*+ [:\\x{2013}\\-] | (?m:^) \\h*+ date (?! \\h*+ \\R ) )" LABEL_END},
	/* "born on 3 June 2016", "was born at 32 weeks on ...". */
	{SB_DATE_ROLE_BIRTH, ROLE_PHRASE, "(?<!\\p{L}) born (?!\\p{L})" PHRASE_END(40)},
	/* "assessed on", "I observed Sam in class on", "seen in clinic on",
	 * "seen by Dr Patel, Consultant Paediatrician, on", "the assessment on". */
	{SB_DATE_ROLE_ASSESSMENT, ROLE_PHRASE,
	 "(?<!\\p{L}) (?: assessed | observed | seen | tested | examined | visited"
	 " | assessments? | observations? ) (?!\\p{L})" PHRASE_END(60)},
	/* "meeting on", "the annual review meeting was held on", "the hearing
	 * on", "panel on". Not "hearing impairment/loss/test ...": in SEND
	 * documents hearing is as often a need as an event. */
	{SB_DATE_ROLE_MEETING, ROLE_PHRASE,
	 "(?<!\\p{L}) (?: meetings? | review | reviewed | panel | conference | hearing"
	 " (?! \\s++ (?: impair | loss | aids? | test | difficult | assess | check | screen"
	 " | problem | need | support ) ) ) (?!\\p{L})" PHRASE_END(60)},
	/* "Heard on: 2 and 3 September 2024", "heard on 15 October" (a tribunal);
	 * only right before the date: "appeals take 50 weeks to be heard ..." */
	{SB_DATE_ROLE_MEETING, ROLE_PHRASE, "(?<!\\p{L}) heard (?!\\p{L})" PHRASE_END(12)},
	/* "your letter dated 12 March": a date of some other document. Nearer
	 * than a "seen" or "meeting" before it, so it keeps those off. */
	{SB_DATE_ROLE_MENTIONED, ROLE_PHRASE, "(?<!\\p{L}) dated (?!\\p{L})" PHRASE_END(12)},
};

#define N_ROLE_RULES (sizeof(role_rules) / sizeof(role_rules[0]))

/* How far back the role patterns look: the date's line and up to two lines
 * above it, never past the previous date and never more than this. */
#define ROLE_WINDOW 160
#define ROLE_LINES_ABOVE 2

/* ---- limits ------------------------------------------------------------------ */

/* Dates one match can hold: a prefix end, a list of up to 12 days. */
#define MAX_PER_MATCH 16
/* Match errors (PCRE2 limits on a pathological page) tolerated per pattern
 * and page before that pattern gives up on the page. */
#define MAX_MATCH_ERRORS 8
/* Matches one pattern may keep per page. A real page holds tens of dates;
 * this bounds memory (a few MB) on a page that is nothing but dates. */
#define MAX_CANDIDATES_PER_RULE 10000
/* The year range the issue accepts; anything else is not a date. */
#define MIN_YEAR 1900
#define MAX_YEAR 2099

enum group {
	G_D0,
	G_M0,
	G_DAYS,
	G_MON,
	G_YEAR,
	G_COUNT
};

static const char *const group_names[G_COUNT] = {"d0", "m0", "days", "mon", "year"};

struct sb_date_finder {
	sb_regex dates[N_DATE_RULES];
	int groups[N_DATE_RULES][G_COUNT]; /* group numbers, -1 when a rule lacks one */
	sb_regex roles[N_ROLE_RULES];
	sb_regex veto;
	sb_regex school;
	sb_regex weekday;
	uint32_t max_pairs; /* ovector pairs the largest pattern needs */
};

/* One match with the dates it holds, before overlaps are resolved. */
typedef struct candidate {
	size_t start, end;
	size_t rule;
	sb_date_precision precision;
	size_t n;
	sb_date dates[MAX_PER_MATCH];
	size_t offsets[MAX_PER_MATCH];
	int weekday; /* 1 = Monday, for a date whose year is still to find (year 0) */
} candidate;

typedef struct candidate_list {
	candidate *items;
	size_t n, cap;
} candidate_list;

/* ---- compile ----------------------------------------------------------------- */

void sb_date_finder_free(sb_date_finder *f)
{
	size_t i;

	if (f == NULL)
		return;
	for (i = 0; i < N_DATE_RULES; i++)
		sb_regex_free(&f->dates[i]);
	for (i = 0; i < N_ROLE_RULES; i++)
		sb_regex_free(&f->roles[i]);
	sb_regex_free(&f->veto);
	sb_regex_free(&f->school);
	sb_regex_free(&f->weekday);
	free(f);
}

static void note_pairs(sb_date_finder *f, const sb_regex *re)
{
	uint32_t captures = 0;

	if (pcre2_pattern_info(re->code, PCRE2_INFO_CAPTURECOUNT, &captures) == 0 &&
	    captures + 1 > f->max_pairs)
		f->max_pairs = captures + 1;
}

int sb_date_finder_new(sb_date_finder **out, sb_error *err)
{
	sb_date_finder *f = NULL;
	size_t i, g;
	int rc = SB_OK;

	if (out == NULL)
		return sb_error_set(err, SB_EINVAL, NULL, NULL, "no date finder to return");
	*out = NULL;
	f = calloc(1, sizeof(*f));
	if (f == NULL)
		return sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory");
	for (i = 0; i < N_DATE_RULES; i++) {
		rc = sb_regex_compile(&f->dates[i], date_rules[i].name, date_rules[i].pattern,
				      PCRE2_EXTENDED | date_rules[i].options, err);
		if (rc != SB_OK)
			goto done;
		note_pairs(f, &f->dates[i]);
		for (g = 0; g < G_COUNT; g++) {
			int num = pcre2_substring_number_from_name(
				f->dates[i].code, (PCRE2_SPTR)group_names[g]);

			f->groups[i][g] = num > 0 ? num : -1;
		}
	}
	for (i = 0; i < N_ROLE_RULES; i++) {
		rc = sb_regex_compile(&f->roles[i], "date role", role_rules[i].pattern,
				      PCRE2_EXTENDED | PCRE2_CASELESS, err);
		if (rc != SB_OK)
			goto done;
		note_pairs(f, &f->roles[i]);
	}
	rc = sb_regex_compile(&f->veto, "not a day", veto_pattern,
			      PCRE2_EXTENDED | PCRE2_CASELESS, err);
	if (rc != SB_OK)
		goto done;
	note_pairs(f, &f->veto);
	rc = sb_regex_compile(&f->school, "school year", school_pattern,
			      PCRE2_EXTENDED | PCRE2_CASELESS, err);
	if (rc != SB_OK)
		goto done;
	note_pairs(f, &f->school);
	rc = sb_regex_compile(&f->weekday, "weekday", weekday_pattern,
			      PCRE2_EXTENDED | PCRE2_CASELESS, err);
	if (rc != SB_OK)
		goto done;
	note_pairs(f, &f->weekday);
	*out = f;
	f = NULL;
done:
	sb_date_finder_free(f);
	return rc;
}

/* ---- small text helpers -------------------------------------------------------- */

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_continuation(unsigned char c)
{
	return (c & 0xC0) == 0x80;
}

/* The next character boundary after pos (invalid bytes count as characters). */
static size_t next_char(const char *text, size_t len, size_t pos)
{
	pos++;
	while (pos < len && is_continuation((unsigned char)text[pos]))
		pos++;
	return pos;
}

/* pos moved forward onto a character boundary. */
static size_t align_char(const char *text, size_t len, size_t pos)
{
	while (pos < len && is_continuation((unsigned char)text[pos]))
		pos++;
	return pos;
}

/* Bytes of the Unicode white space character at p (the ones \s matches with
 * UCP: ASCII space and controls, NEL, no-break and the other Zs spaces, line
 * and paragraph separators), or 0. */
static size_t space_len(const unsigned char *p, size_t left)
{
	if (left >= 1 && (p[0] == ' ' || (p[0] >= '\t' && p[0] <= '\r')))
		return 1;
	if (left >= 2 && p[0] == 0xC2 && (p[1] == 0x85 || p[1] == 0xA0))
		return 2;
	if (left >= 3 && p[0] == 0xE1 && p[1] == 0x9A && p[2] == 0x80)
		return 3;
	if (left >= 3 && p[0] == 0xE2 && p[1] == 0x80 &&
	    (p[2] <= 0x8A || p[2] == 0xA8 || p[2] == 0xA9 || p[2] == 0xAF))
		return 3;
	if (left >= 3 && p[0] == 0xE2 && p[1] == 0x81 && p[2] == 0x9F)
		return 3;
	if (left >= 3 && p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80)
		return 3;
	return 0;
}

/* A copy of text[start, end) with every run of white space as one space. */
static char *fold_space(const char *text, size_t start, size_t end)
{
	const unsigned char *p = (const unsigned char *)text;
	char *out = malloc(end - start + 1);
	size_t i = start, o = 0;

	if (out == NULL)
		return NULL;
	while (i < end) {
		size_t sp = space_len(p + i, end - i);

		if (sp == 0) {
			out[o++] = text[i++];
			continue;
		}
		while (i < end && sp > 0) {
			i += sp;
			sp = space_len(p + i, end - i);
		}
		out[o++] = ' ';
	}
	out[o] = '\0';
	return out;
}

/* Month number from a name ("Sept.", "MARCH", "Febuary": the first three
 * letters decide, the pattern has already checked the rest) or from digits. */
static int month_number(const char *s, size_t n)
{
	static const char names[12][4] = {"jan", "feb", "mar", "apr", "may", "jun",
					  "jul", "aug", "sep", "oct", "nov", "dec"};
	char low[3];
	size_t i;

	if (n > 0 && is_digit(s[0])) {
		int m = 0;

		for (i = 0; i < n && i < 2 && is_digit(s[i]); i++)
			m = m * 10 + (s[i] - '0');
		return m;
	}
	if (n < 3)
		return 0;
	for (i = 0; i < 3; i++)
		low[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] - 'A' + 'a' : s[i]);
	for (i = 0; i < 12; i++)
		if (memcmp(low, names[i], 3) == 0)
			return (int)i + 1;
	return 0;
}

/* The number the digits at text[b, e) start with ("12th" -> 12). */
static int leading_number(const char *text, size_t b, size_t e)
{
	int v = 0;

	while (b < e && is_digit(text[b]) && v < 10000)
		v = v * 10 + (text[b++] - '0');
	return v;
}

/* Year from "2024", "24" or "'24" (two digits: 00-69 -> 20xx, 70-99 -> 19xx). */
static int year_number(const char *s, size_t n)
{
	int y = 0;
	size_t i, digits = 0;

	for (i = 0; i < n; i++) {
		if (is_digit(s[i])) {
			y = y * 10 + (s[i] - '0');
			digits++;
		}
	}
	if (digits == 2)
		return y < 70 ? 2000 + y : 1900 + y;
	return digits == 4 ? y : 0;
}

/*
 * A real date the issue accepts: a calendar date in 1900-2099, and not
 * 1 January 1900, which is the "no date" value databases and spreadsheets
 * print into letters and forms.
 */
static bool acceptable(sb_date d)
{
	if (d.year < MIN_YEAR || d.year > MAX_YEAR || !sb_date_is_valid(d))
		return false;
	return !(d.year == 1900 && d.month == 1 && d.day == 1);
}

/* ---- matching ---------------------------------------------------------------------- */

static bool group(const sb_date_finder *f, pcre2_match_data *md, size_t rule, enum group g,
		  size_t *b, size_t *e)
{
	int num = f->groups[rule][g];

	return num > 0 && sb_regex_group(md, num, b, e);
}

/* True when re (a veto) matches the words just before start. */
static bool before_is(const sb_regex *re, pcre2_match_data *md, const char *text, size_t start)
{
	size_t w0 = start > VETO_WINDOW ? start - VETO_WINDOW : 0;
	sb_error ignored;

	w0 = align_char(text, start, w0);
	return sb_regex_match(re, text, start, w0, md, &ignored) == 1;
}

/* True when a word just before start says the number there is not a day:
 * a section or page number always, a school year for small numbers of the
 * rules that ask for it. */
static bool vetoed(const sb_date_finder *f, pcre2_match_data *md, size_t rule, const char *text,
		   size_t start, size_t end)
{
	if (!is_digit(text[start]))
		return false;
	if (before_is(&f->veto, md, text, start))
		return true;
	return date_rules[rule].school_veto && leading_number(text, start, end) <= SCHOOL_MAX &&
	       before_is(&f->school, md, text, start);
}

/* Where a date at start really begins: before a weekday written in front of it. */
static size_t weekday_start(const sb_date_finder *f, pcre2_match_data *md, const char *text,
			    size_t start)
{
	size_t w0 = start > WEEKDAY_WINDOW ? start - WEEKDAY_WINDOW : 0;
	sb_error ignored;
	size_t b, e;

	w0 = align_char(text, start, w0);
	if (sb_regex_match(&f->weekday, text, start, w0, md, &ignored) == 1 &&
	    sb_regex_group(md, 0, &b, &e))
		return b;
	return start;
}

static void add_date(candidate *c, sb_date d, size_t offset)
{
	if (c->n < MAX_PER_MATCH && acceptable(d)) {
		c->dates[c->n] = d;
		c->offsets[c->n] = offset;
		c->n++;
	}
}

/* 1 (Monday) to 7 from a weekday name ("Tue", "THURSDAY"); 0 when not one. */
static int weekday_number(const char *s, size_t n)
{
	static const char names[7][3] = {"mo", "tu", "we", "th", "fr", "sa", "su"};
	char low[2];
	int i;

	if (n < 2)
		return 0;
	for (i = 0; i < 2; i++)
		low[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] - 'A' + 'a' : s[i]);
	for (i = 0; i < 7; i++)
		if (memcmp(low, names[i], 2) == 0)
			return i + 1;
	return 0;
}

/*
 * A day and month with no year: kept (year 0, to be found by resolve_years)
 * only for a single day with a weekday written in front of it.
 */
static bool read_yearless(const sb_date_finder *f, pcre2_match_data *md, const char *text,
			  size_t db, size_t de, int month, candidate *c)
{
	size_t ws, i, runs = 0;
	int day = leading_number(text, db, de);

	for (i = db; i < de; i++)
		if (is_digit(text[i]) && (i == db || !is_digit(text[i - 1])))
			runs++;
	if (runs != 1 || day < 1 || day > 31 || month < 1 || month > 12)
		return false;
	if (vetoed(f, md, c->rule, text, c->start, c->end))
		return false;
	ws = weekday_start(f, md, text, c->start);
	if (ws == c->start)
		return false;
	c->weekday = weekday_number(text + ws, c->start - ws);
	if (c->weekday == 0)
		return false;
	c->start = ws;
	c->precision = SB_PRECISION_DAY;
	c->dates[0].year = 0;
	c->dates[0].month = month;
	c->dates[0].day = day;
	c->offsets[0] = ws;
	c->n = 1;
	return true;
}

/*
 * Turn the match in md into a candidate (c->start and c->end are always set).
 * Returns false when it holds no acceptable date: impossible, out of range,
 * vetoed by the word before it, or the verb "may".
 */
static bool read_match(const sb_date_finder *f, pcre2_match_data *md, size_t rule,
		       const char *text, candidate *c)
{
	size_t yb = 0, ye = 0, mb, me, db = 0, de = 0, d0b = 0, d0e = 0, m0b = 0, m0e = 0;
	bool has_year, has_days, has_prefix;
	size_t i;
	int year, month;

	memset(c, 0, sizeof(*c));
	c->rule = rule;
	if (!sb_regex_group(md, 0, &c->start, &c->end))
		return false;
	if (!group(f, md, rule, G_MON, &mb, &me))
		return false;
	has_year = group(f, md, rule, G_YEAR, &yb, &ye);
	has_days = group(f, md, rule, G_DAYS, &db, &de);
	has_prefix = group(f, md, rule, G_D0, &d0b, &d0e) && group(f, md, rule, G_M0, &m0b, &m0e);
	/* Every group is read: md may be reused from here on (vetoed). */
	year = has_year ? year_number(text + yb, ye - yb) : 0;
	month = month_number(text + mb, me - mb);
	if (!has_year)
		return has_days && !has_prefix && read_yearless(f, md, text, db, de, month, c);
	if (!has_days) {
		sb_date d = {year, month, 1};

		/* "may 2024" in lower case is the verb ("pupils may 2024..."). */
		if (month == 5 && text[mb] == 'm')
			return false;
		c->precision = SB_PRECISION_MONTH;
		add_date(c, d, c->start);
		c->offsets[0] = c->start;
		return c->n > 0;
	}
	c->precision = SB_PRECISION_DAY;
	if (has_prefix) {
		int m0 = month_number(text + m0b, m0e - m0b);
		/* "29 December to 2 January 2024": the first end is in 2023. */
		sb_date d = {m0 > month ? year - 1 : year, m0, leading_number(text, d0b, d0e)};

		add_date(c, d, c->start);
	}
	/* Every digit run in the days group is a day: "6, 13 and 20", "1st-3rd". */
	while (db < de) {
		if (is_digit(text[db])) {
			size_t s = db;
			sb_date d = {year, month, 0};

			while (db < de && is_digit(text[db]))
				d.day = d.day * 10 + (text[db++] - '0');
			add_date(c, d, s);
			continue;
		}
		db++;
	}
	if (c->n == 0)
		return false;
	if (vetoed(f, md, rule, text, c->start, c->end))
		return false;
	/* A later end starts at its own weekday: "Monday 12th & Tuesday 13th". */
	for (i = 1; i < c->n; i++) {
		size_t ws = weekday_start(f, md, text, c->offsets[i]);

		if (ws > c->offsets[i - 1])
			c->offsets[i] = ws;
	}
	c->start = weekday_start(f, md, text, c->start);
	c->offsets[0] = c->start;
	return true;
}

static int push_candidate(candidate_list *list, const candidate *c)
{
	if (list->n == list->cap) {
		size_t cap = list->cap ? list->cap * 2 : 16;
		candidate *items = realloc(list->items, cap * sizeof(*items));

		if (items == NULL)
			return SB_ENOMEM;
		list->items = items;
		list->cap = cap;
	}
	list->items[list->n++] = *c;
	return SB_OK;
}

/* After a PCRE2 failure (a limit hit somewhere after pos) go on at the next
 * line, so one bad stretch costs a bounded amount of work. */
static size_t skip_line(const char *text, size_t len, size_t pos)
{
	const char *nl = pos < len ? memchr(text + pos, '\n', len - pos) : NULL;

	return nl != NULL ? (size_t)(nl - text) + 1 : len + 1;
}

static int scan_rule(const sb_date_finder *f, pcre2_match_data *md, size_t rule,
		     const char *text, size_t len, candidate_list *list)
{
	size_t pos = 0, kept = 0;
	int errors = 0;

	while (pos <= len && kept < MAX_CANDIDATES_PER_RULE) {
		sb_error ignored;
		candidate c;
		size_t mstart, mend;
		int rc = sb_regex_match(&f->dates[rule], text, len, pos, md, &ignored);

		if (rc == 0)
			break;
		if (rc < 0) {
			/* One pathological stretch must not cost the document. */
			if (++errors >= MAX_MATCH_ERRORS)
				break;
			pos = skip_line(text, len, pos);
			continue;
		}
		if (!sb_regex_group(md, 0, &mstart, &mend) || mstart < pos)
			break; /* cannot happen: a match starts at or after pos */
		/* Go on just after the start of the match, whether it is kept or
		 * not: a valid date may begin inside a rejected match, and if
		 * another rule's match overlaps this one and wins, a date within
		 * it ("3 May 2025" in "29 and 3 May 2025" after "2022-10-") is
		 * still there to be kept. Never from c.start, which a weekday
		 * moves back. */
		pos = next_char(text, len, mstart);
		if (!read_match(f, md, rule, text, &c))
			continue;
		if (push_candidate(list, &c) != SB_OK)
			return SB_ENOMEM;
		kept++;
	}
	return SB_OK;
}

static int cmp_candidate(const void *a, const void *b)
{
	const candidate *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->end != y->end)
		return x->end > y->end ? -1 : 1; /* longer first */
	if (x->rule != y->rule)
		return x->rule < y->rule ? -1 : 1;
	return 0;
}

/* ---- years for "Wed 24th April" ------------------------------------------------------- */

/* How many different years of nearby dates are tried for a date with no year,
 * and how far from such a date it may fall (half a year: letters speak of
 * meetings weeks or months ahead, not years). */
#define YEAR_CONTEXTS 3
#define YEARLESS_DAYS 183

static bool has_year(const candidate *c)
{
	return c->n > 0 && c->dates[0].year != 0;
}

/*
 * Does the weekday agree with the day and month in the year of the nearby date
 * near (or the year after or before it: a letter of December about "Tuesday
 * 9th January"), within YEARLESS_DAYS of near? Sets *out on success.
 */
static bool try_year(const candidate *c, sb_date near, sb_date *out)
{
	static const int order[3] = {0, 1, -1};
	int k;

	for (k = 0; k < 3; k++) {
		sb_date d = {near.year + order[k], c->dates[0].month, c->dates[0].day};
		long apart;

		if (!acceptable(d) || sb_date_weekday(d) != c->weekday)
			continue;
		apart = sb_date_diff_days(d, near);
		if (apart <= YEARLESS_DAYS && apart >= -YEARLESS_DAYS) {
			*out = d;
			return true;
		}
	}
	return false;
}

/*
 * Give each date that has only a weekday, day and month the year of the
 * nearest dates on the page whose year makes the weekday right; drop it
 * (n = 0) when none does. list is sorted by start.
 */
static void resolve_years(candidate_list *list)
{
	size_t i;

	for (i = 0; i < list->n; i++) {
		candidate *c = &list->items[i];
		size_t lo = i, hi = i + 1;
		int tried[YEAR_CONTEXTS];
		int ntried = 0;
		bool done = false;

		if (c->n == 0 || has_year(c))
			continue;
		while (!done && ntried < YEAR_CONTEXTS && (lo > 0 || hi < list->n)) {
			const candidate *near = NULL;
			int k, y;

			/* The nearer of the next dates before and after. */
			while (lo > 0 && !has_year(&list->items[lo - 1]))
				lo--;
			while (hi < list->n && !has_year(&list->items[hi]))
				hi++;
			if (lo > 0 && (hi >= list->n || c->start - list->items[lo - 1].start <=
								list->items[hi].start - c->start))
				near = &list->items[--lo];
			else if (hi < list->n)
				near = &list->items[hi++];
			if (near == NULL)
				break;
			y = near->dates[0].year;
			for (k = 0; k < ntried && tried[k] != y; k++)
				;
			if (k < ntried)
				continue;
			tried[ntried++] = y;
			done = try_year(c, near->dates[0], &c->dates[0]);
		}
		if (!done)
			c->n = 0;
	}
}

/* ---- roles ------------------------------------------------------------------------- */

/* Start of the role window for a date at start: its line and up to
 * ROLE_LINES_ABOVE lines above, after the previous date, at most ROLE_WINDOW. */
static size_t role_window(const char *text, size_t start, size_t floor)
{
	size_t w0 = start > ROLE_WINDOW ? start - ROLE_WINDOW : 0;
	size_t p = start;
	int lines = 0;

	if (w0 < floor)
		w0 = floor;
	while (p > w0) {
		if (text[p - 1] == '\n' && ++lines > ROLE_LINES_ABOVE)
			break;
		p--;
	}
	return align_char(text, start, p);
}

static sb_date_role find_role(const sb_date_finder *f, pcre2_match_data *md, const char *text,
			      size_t start, size_t floor)
{
	size_t w0 = role_window(text, start, floor);
	sb_date_role best = SB_DATE_ROLE_MENTIONED;
	bool found = false;
	size_t best_at = 0;
	size_t i;

	if (w0 >= start)
		return SB_DATE_ROLE_MENTIONED;
	/* Labels: the leftmost wins ("Review date:" over the "date:" in it). */
	for (i = 0; i < N_ROLE_RULES; i++) {
		sb_error ignored;
		size_t b, e;

		if (role_rules[i].kind != ROLE_LABEL)
			continue;
		if (sb_regex_match(&f->roles[i], text, start, w0, md, &ignored) != 1 ||
		    !sb_regex_group(md, 0, &b, &e))
			continue;
		if (!found || b < best_at) {
			best = role_rules[i].role;
			best_at = b;
			found = true;
		}
	}
	if (found)
		return best;
	/* Phrases: the keyword nearest the date wins. */
	for (i = 0; i < N_ROLE_RULES; i++) {
		size_t pos = w0;
		size_t last = 0;
		bool hit = false;

		if (role_rules[i].kind != ROLE_PHRASE)
			continue;
		while (pos < start) {
			sb_error ignored;
			size_t b, e;

			if (sb_regex_match(&f->roles[i], text, start, pos, md, &ignored) != 1 ||
			    !sb_regex_group(md, 0, &b, &e))
				break;
			last = b;
			hit = true;
			pos = next_char(text, start, b);
		}
		if (hit && (!found || last > best_at)) {
			best = role_rules[i].role;
			best_at = last;
			found = true;
		}
	}
	return best;
}

/* ---- the finder ---------------------------------------------------------------------- */

static int append_found(sb_found_date **out, size_t *n, size_t *cap, const sb_found_date *d)
{
	if (*n == *cap) {
		size_t newcap = *cap ? *cap * 2 : 16;
		sb_found_date *items = realloc(*out, newcap * sizeof(*items));

		if (items == NULL)
			return SB_ENOMEM;
		*out = items;
		*cap = newcap;
	}
	(*out)[(*n)++] = *d;
	return SB_OK;
}

int sb_date_finder_find(const sb_date_finder *f, const char *text, size_t len, int page,
			sb_found_date **out, size_t *n, sb_error *err)
{
	candidate_list list = {NULL, 0, 0};
	pcre2_match_data *md = NULL;
	sb_found_date *found = NULL;
	size_t nfound = 0, cap = 0;
	size_t i, j, kept_end = 0;
	bool any_kept = false;
	char *folded = NULL;
	int rc = SB_OK;

	if (out == NULL || n == NULL)
		return sb_error_set(err, SB_EINVAL, NULL, NULL, "no place for the dates found");
	*out = NULL;
	*n = 0;
	if (f == NULL || (text == NULL && len > 0))
		return sb_error_set(err, SB_EINVAL, NULL, NULL, "no text to find dates in");
	if (len == 0)
		return SB_OK;
	md = pcre2_match_data_create(f->max_pairs, NULL);
	if (md == NULL) {
		rc = sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory");
		goto done;
	}
	for (i = 0; i < N_DATE_RULES; i++) {
		if (scan_rule(f, md, i, text, len, &list) != SB_OK) {
			rc = sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory");
			goto done;
		}
	}
	if (list.n > 1)
		qsort(list.items, list.n, sizeof(*list.items), cmp_candidate);
	resolve_years(&list);
	for (i = 0; i < list.n; i++) {
		const candidate *c = &list.items[i];
		sb_date_role role;

		/* The first, longest match at a place wins; overlaps are dropped. */
		if (c->n == 0 || (any_kept && c->start < kept_end))
			continue;
		role = find_role(f, md, text, c->start, any_kept ? kept_end : 0);
		for (j = 0; j < c->n; j++) {
			sb_found_date d;

			folded = fold_space(text, c->offsets[j], c->end);
			if (folded == NULL) {
				rc = sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory");
				goto done;
			}
			d.date = c->dates[j];
			d.precision = c->precision;
			d.role = role;
			d.text = folded;
			d.page = page;
			d.offset = c->offsets[j];
			if (append_found(&found, &nfound, &cap, &d) != SB_OK) {
				rc = sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory");
				goto done;
			}
			folded = NULL;
		}
		kept_end = c->end;
		any_kept = true;
	}
	*out = found;
	*n = nfound;
	found = NULL;
	nfound = 0;
done:
	free(folded);
	for (i = 0; i < nfound; i++)
		free(found[i].text);
	free(found);
	free(list.items);
	pcre2_match_data_free(md);
	return rc;
}
