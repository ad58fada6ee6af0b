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
#include "sb_anchor.h"
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
/*
 * Where every match of a rule starts, read from its pattern (date_rules):
 * anywhere (no list is kept); at a month's name after no letter or digit
 * ("month first"); at a day's one or two digits, after no digit, followed
 * by "/", ".", "-", or a space or tab and "/" (the numeric rules' days and
 * separator); at a year's four digits, after no digit, followed by "-",
 * "/" or "." (ISO).
 */
enum starts {
	STARTS_ANYWHERE,
	STARTS_AT_MONTH,
	STARTS_AT_DAY_SEP,
	STARTS_AT_YEAR_SEP,
	STARTS_AT_DAY_MONTH /* a day from which a month's name is reached (number_starts) */
};

static const struct date_rule {
	const char *name;
	uint32_t options; /* beyond PCRE2_EXTENDED */
	bool school_veto; /* school_pattern applies (day first, month name) */
	/* Where every match starts (enum starts): on an ASCII page the rule
	 * is tried only at such places (needs PCRE2_USE_OFFSET_LIMIT). */
	int starts;
	/* Every match holds a month name (MONTH_NAMES): on an ASCII page with
	 * none the rule is not run. */
	bool needs_month;
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
	{"day month year", PCRE2_CASELESS | PCRE2_USE_OFFSET_LIMIT, true, STARTS_AT_DAY_MONTH, true,
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
	{"month first", PCRE2_CASELESS | PCRE2_USE_OFFSET_LIMIT, false, STARTS_AT_MONTH, true,
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
	{"numeric date", PCRE2_USE_OFFSET_LIMIT, false, STARTS_AT_DAY_SEP, false,
	 "(?<! [\\p{N}/\\\\] ) (?<! \\p{N}[.,:] )"
	 " (?<days> [0-9]{1,2} ) (?<sep> \\h?/\\h? | [.\\-] ) (?<mon> [0-9]{1,2} ) \\k<sep>"
	 " (?<year> (?:19|20)[0-9]{2} ) (?![0-9]) (?! \\k<sep> [0-9] )"},
	/* Numeric, day first, two-digit year: "12.3.24", "12/03/24", "1-2-15".
	 * Stricter: no letter glued before ("v1.2.15", "AB12/03/45"), no further
	 * ".n" or ":n" after ("12.3.24.1" is a section number), no "%". */
	{"numeric date, short year", PCRE2_USE_OFFSET_LIMIT, false, STARTS_AT_DAY_SEP, false,
	 "(?<! [\\p{L}\\p{N}/\\\\] ) (?<! \\p{N}[.,:] )"
	 " (?<days> [0-9]{1,2} ) (?<sep> [/.\\-] ) (?<mon> [0-9]{1,2} ) \\k<sep>"
	 " (?<year> [0-9]{2} ) (?![0-9]) (?! \\k<sep> [0-9] ) (?! [.:][0-9] ) (?! \\s*+ % )"},
	/* ISO 8601 and its slash form, year first: "2024-03-12",
	 * "2024-03-12T10:15:00Z", "2024/03/12". Not "SEND/2026/04/17" (a path). */
	{"ISO date", PCRE2_USE_OFFSET_LIMIT, false, STARTS_AT_YEAR_SEP, false,
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

/* Bytes that every match of veto_pattern holds, in lower case ("pp." and
 * "ss." hold "p." and "s."): the 24 bytes before a number are looked at for
 * them first (before_is). Keep in step with the pattern; checking builds
 * (SB_PREFILTER_VERIFY) run the pattern wherever they are absent. */
static const char veto_words[] =
	"page\0p.\0para\0section\0s.\0reg\0rule\0r.\0chapter\0ch.\0clause\0appendix\0"
	"annex\0table\0fig\0item\0step\0version\0ver.\0no.\0number\0tel\0phone\0mobile\0"
	"fax\0";

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

/* The first three letters of every weekday name in BLOCKS ("wednsday",
 * "thurs", "tues." included), as window_has_word takes them. */
static const char weekday_words[] = "mon\0tue\0wed\0thu\0fri\0sat\0sun\0";

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
	 * "Date of certificate" (a mediation certificate's own date),
	 * "Date written", "Date of decision", "Sent:" (e-mail), "Dated:" and
	 * "Dated" or "Date" at the start of a line ("Dated this 12th day of March
	 * 2024"). A "dated" inside a sentence ("the report dated ...") is another
	 * document's date, and a bare "Date" above a column of dates heads a
	 * table, not a letter. */
	{SB_DATE_ROLE_DOCUMENT, ROLE_LABEL,
	 "(?<!\\p{L}) (?: date \\s*+ of \\s++ (?: this \\s++ | the \\s++ )? (?: report | letter"
	 " | issue | decision | writing | plan | notice | document | e-?mail | certificate )"
	 " | (?: report | letter | decision | plan | notice | document | issue | certificate )"
	 " \\s*+ date"
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
	/* Per role rule, words of which every match holds one (role_words_new;
	 * NULL: none known), each NUL-terminated, the list ending in "". */
	char *role_words[N_ROLE_RULES];
	bool role_at_word[N_ROLE_RULES]; /* every match starts with one of them */
	bool role_at_line[N_ROLE_RULES]; /* ... or at a line's start */
	/* Every rule's words by kind and first byte (role_places reads a
	 * window once for all the rules of a kind): rw[rw_first[k][c]] up to
	 * rw[rw_first[k][c + 1]] are the words of kind k that begin with c. */
	struct role_word {
		const char *w;
		size_t len, rule;
	} *rw;
	size_t rw_first[2][257];
	/* Bit d of rw_second[k][c]: a word of kind k begins with c and d
	 * (most places of a window are told by these two bytes). */
	uint64_t rw_second[2][256][4];
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

/* What every match of one call needs: its match data, and whether the page
 * is ASCII (sb_regex.h: the faster form of each pattern may run). */
typedef struct matcher {
	pcre2_match_data *md;
	bool ascii;
	/* Where a month name may start a match (month_starts), ascending; NULL
	 * when not known (not an ASCII page): such rules scan the page. */
	size_t *months;
	size_t nmonths;
	/* Where STARTS_AT_DAY_SEP and STARTS_AT_YEAR_SEP rules may start
	 * (number_starts), ascending; NULL: not known. */
	size_t *day_seps, *year_seps;
	size_t nday_seps, nyear_seps;
	/* Where STARTS_AT_DAY_MONTH rules may start (number_starts),
	 * ascending; NULL: not known. */
	size_t *day_months;
	size_t nday_months;
	bool any_month; /* MONTH_NAMES matches somewhere (known with months) */
	size_t last_month; /* the last place it matches (when any_month) */
	pcre2_match_context *wmc; /* for sb_regex_match_window */
} matcher;

/* ---- compile ----------------------------------------------------------------- */

void sb_date_finder_free(sb_date_finder *f)
{
	size_t i;

	if (f == NULL)
		return;
	for (i = 0; i < N_DATE_RULES; i++)
		sb_regex_free(&f->dates[i]);
	for (i = 0; i < N_ROLE_RULES; i++) {
		sb_regex_free(&f->roles[i]);
		free(f->role_words[i]);
	}
	free(f->rw);
	sb_regex_free(&f->veto);
	sb_regex_free(&f->school);

	sb_regex_free(&f->weekday);
	free(f);
}

/*
 * Words of which every match of an extended (PCRE2_EXTENDED) role pattern
 * holds one, as "w1\0w2\0...\0\0" (find_role looks for them before running
 * the pattern); NULL when none of min_len letters or more is sure. *at_start:
 * every match starts with one of them (their lead is 0). The
 * pattern is first written without its layout (white space and "#"
 * comments outside classes), so sb_anchor_derive reads it as PCRE2 does.
 */
/* What a label branch starting at a line's start begins with, as written in
 * the role patterns with their layout removed (role_words_new). */
#define LINE_LEAD "(?m:^)\\h*+"

static char *role_words_new(const char *pattern, size_t min_len, bool *at_start, bool *at_line)
{
	size_t n = strlen(pattern), lead = SIZE_MAX;
	char *plain = malloc(n + 1), *words = NULL, *o;
	const char *p = pattern;
	bool in_class = false;

	*at_line = false;
	if (plain == NULL || strstr(pattern, "\\Q") != NULL)
		goto done;
	o = plain;
	while (*p != '\0') {
		if (*p == '\\' && p[1] != '\0') {
			*o++ = *p++;
			*o++ = *p++;
		} else if (in_class) {
			/* A POSIX class ("[[:alpha:]]") would end the class later
			 * than this reading: not taken. */
			if (*p == '[' && p[1] == ':')
				goto done;
			in_class = *p != ']';
			*o++ = *p++;
		} else if (*p == '[') {
			in_class = true;
			*o++ = *p++;
			if (*p == '^')
				*o++ = *p++;
			if (*p == ']')
				*o++ = *p++;
		} else if (*p == ' ' || (*p >= '\t' && *p <= '\r')) {
			p++;
		} else if (*p == '#') {
			while (*p != '\0' && *p != '\n')
				p++;
		} else {
			*o++ = *p++;
		}
	}
	*o = '\0';
	if (strstr(plain, LINE_LEAD) != NULL) {
		/* Without its LINE_LEADs, a pattern whose every match starts at
		 * one of its words: every match of the pattern itself starts at
		 * one of them or at a line's start (where a LINE_LEAD stood). */
		char *q;

		while ((q = strstr(plain, LINE_LEAD)) != NULL)
			memmove(q, q + strlen(LINE_LEAD), strlen(q + strlen(LINE_LEAD)) + 1);
		words = sb_anchor_derive(plain, true, &lead);
		*at_line = words != NULL && lead == 0;
		if (!*at_line) {
			free(words);
			words = NULL;
			goto done; /* the words of part of the pattern: none sure */
		}
	} else {
		words = sb_anchor_derive(plain, true, &lead);
	}
	if (words != NULL) {
		/* "a|b" to "a\0b\0\0"; no word under min_len letters (too
		 * common to rule a pattern out). */
		size_t k, m = strlen(words), run = 0;
		char *list = realloc(words, m + 2);

		if (list == NULL)
			goto drop;
		words = list;
		words[m + 1] = '\0';
		for (k = 0; k <= m; k++) {
			if (k == m || words[k] == '|') {
				if (run < min_len)
					goto drop;
				words[k] = '\0';
				run = 0;
			} else {
				run++;
			}
		}
	}
	goto done;
drop:
	free(words);
	words = NULL;
done:
	*at_start = words != NULL && lead == 0 && !*at_line;
	if (words == NULL)
		*at_line = false;
	free(plain);
	return words;
}

/* f->rw and f->rw_first from f->role_words. */
static int role_words_index(sb_date_finder *f, sb_error *err)
{
	size_t i, n = 0, c, k, at = 0;
	const char *w;

	for (i = 0; i < N_ROLE_RULES; i++)
		for (w = f->role_words[i]; w != NULL && *w != '\0'; w += strlen(w) + 1)
			n++;
	f->rw = calloc(n + 1, sizeof(*f->rw));
	if (f->rw == NULL)
		return sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory");
	/* In order of kind, then of first byte (made once per finder). */
	for (k = 0; k < 2; k++) {
		for (c = 0; c < 256; c++) {
			f->rw_first[k][c] = at;
			for (i = 0; i < N_ROLE_RULES; i++) {
				if ((size_t)role_rules[i].kind != k)
					continue;
				for (w = f->role_words[i]; w != NULL && *w != '\0'; w += strlen(w) + 1)
					if ((unsigned char)w[0] == c) {
						unsigned char d = (unsigned char)w[1];

						f->rw_second[k][c][d >> 6] |= UINT64_C(1) << (d & 63);
						f->rw[at].w = w;
						f->rw[at].len = strlen(w);
						f->rw[at].rule = i;
						at++;
					}
			}
		}
		f->rw_first[k][256] = at;
	}
	return SB_OK;
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
				      PCRE2_EXTENDED | PCRE2_CASELESS | PCRE2_USE_OFFSET_LIMIT,
				      err);
		if (rc != SB_OK)
			goto done;
		note_pairs(f, &f->roles[i]);
		/* Out of memory here only costs speed: no words, no filter. */
		f->role_words[i] = role_words_new(role_rules[i].pattern, 3, &f->role_at_word[i],
						  &f->role_at_line[i]);
	}
	rc = role_words_index(f, err);
	if (rc != SB_OK)
		goto done;
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

static bool is_alpha_ascii(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
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

static bool group(const sb_date_finder *f, const matcher *m, size_t rule, enum group g,
		  size_t *b, size_t *e)
{
	int num = f->groups[rule][g];

	return num > 0 && sb_regex_group(m->md, num, b, e);
}

/*
 * Whether text[w0..start) of a page, which a match of a pattern holding one
 * of words (NUL-separated, ending in an empty word; NULL: none known) would
 * lie in, holds one of them in any case (false: no match can be there).
 * Only on an ASCII page, where caseless letters are ASCII's.
 */
static bool window_has_word(const matcher *m, const char *words, const char *text, size_t w0,
			    size_t start)
{
	char low[64];
	size_t i, n = start - w0;
	const char *w;

	if (words == NULL || !m->ascii || n > sizeof(low))
		return true;
	for (i = 0; i < n; i++)
		low[i] = (char)(text[w0 + i] >= 'A' && text[w0 + i] <= 'Z' ? text[w0 + i] + 32
									 : text[w0 + i]);
	for (w = words; *w != '\0'; w += strlen(w) + 1) {
		size_t len = strlen(w);
		const char *q = low, *end = low + n;

		while ((size_t)(end - q) >= len &&
		       (q = memchr(q, w[0], (size_t)(end - q) - len + 1)) != NULL) {
			if (memcmp(q, w, len) == 0)
				return true;
			q++;
		}
	}
	return false;
}

/* True when re (a veto) matches the words just before start; words: what
 * each of its matches holds (window_has_word), or NULL. */
static bool before_is(const sb_regex *re, const char *words, const matcher *m, const char *text,
		      size_t start)
{
	size_t w0 = start > VETO_WINDOW ? start - VETO_WINDOW : 0;
	sb_error ignored;

	w0 = align_char(text, start, w0);
	if (!window_has_word(m, words, text, w0, start)) {
#ifdef SB_PREFILTER_VERIFY
		/* Checking builds: without the words the pattern cannot match. */
		if (sb_regex_match(re, text, start, w0, false, m->md, &ignored) == 1)
			abort();
#endif
		return false;
	}
	return sb_regex_match(re, text, start, w0, m->ascii, m->md, &ignored) == 1;
}

/*
 * Whether school_pattern may match just before start on an ASCII page: its
 * words (year, yr, y, ks, key stage, stage, level, age, aged) end in r, y,
 * s, e, l or d, and only spaces or tabs and at most one ":" or "#" stand
 * between the word and the number (\h on ASCII text is a space or a tab).
 * False: it cannot match.
 */
static bool school_possible(const char *text, size_t start)
{
	size_t q = start;
	char ch;

	while (q > 0 && (text[q - 1] == ' ' || text[q - 1] == '\t'))
		q--;
	if (q > 0 && (text[q - 1] == ':' || text[q - 1] == '#')) {
		q--;
		while (q > 0 && (text[q - 1] == ' ' || text[q - 1] == '\t'))
			q--;
	}
	if (q == 0)
		return false;
	ch = (char)(text[q - 1] | 0x20);
	return ch == 'r' || ch == 'y' || ch == 's' || ch == 'e' || ch == 'l' || ch == 'd';
}

/* True when a word just before start says the number there is not a day:
 * a section or page number always, a school year for small numbers of the
 * rules that ask for it. */
static bool vetoed(const sb_date_finder *f, const matcher *m, size_t rule, const char *text,
		   size_t start, size_t end)
{
	if (!is_digit(text[start]))
		return false;
	if (before_is(&f->veto, veto_words, m, text, start))
		return true;
	if (!date_rules[rule].school_veto || leading_number(text, start, end) > SCHOOL_MAX)
		return false;
	if (m->ascii && !school_possible(text, start)) {
#ifdef SB_PREFILTER_VERIFY
		sb_error ignored;
		size_t w0 = align_char(text, start, start > VETO_WINDOW ? start - VETO_WINDOW : 0);

		/* Checking builds: without such a word before it, no match. */
		if (sb_regex_match(&f->school, text, start, w0, false, m->md, &ignored) == 1)
			abort();
#endif
		return false;
	}
	return before_is(&f->school, NULL, m, text, start);
}

/* Where a date at start really begins: before a weekday written in front of it. */
static size_t weekday_start(const sb_date_finder *f, const matcher *m, const char *text,
			    size_t start)
{
	size_t w0 = start > WEEKDAY_WINDOW ? start - WEEKDAY_WINDOW : 0;
	sb_error ignored;
	size_t b, e;

	w0 = align_char(text, start, w0);
	/* Every weekday of BLOCKS starts with one of these (the pattern's
	 * subroutines are beyond sb_anchor_derive). */
	if (!window_has_word(m, weekday_words, text, w0, start)) {
#ifdef SB_PREFILTER_VERIFY
		if (sb_regex_match(&f->weekday, text, start, w0, false, m->md, &ignored) == 1)
			abort();
#endif
		return start;
	}
	if (sb_regex_match(&f->weekday, text, start, w0, m->ascii, m->md, &ignored) == 1 &&
	    sb_regex_group(m->md, 0, &b, &e))
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
static bool read_yearless(const sb_date_finder *f, const matcher *m, const char *text,
			  size_t db, size_t de, int month, candidate *c)
{
	size_t ws, i, runs = 0;
	int day = leading_number(text, db, de);

	for (i = db; i < de; i++)
		if (is_digit(text[i]) && (i == db || !is_digit(text[i - 1])))
			runs++;
	if (runs != 1 || day < 1 || day > 31 || month < 1 || month > 12)
		return false;
	if (vetoed(f, m, c->rule, text, c->start, c->end))
		return false;
	ws = weekday_start(f, m, text, c->start);
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
 * Turn the match in m->md into a candidate (c->start and c->end are always set).
 * Returns false when it holds no acceptable date: impossible, out of range,
 * vetoed by the word before it, or the verb "may".
 */
static bool read_match(const sb_date_finder *f, const matcher *m, size_t rule,
		       const char *text, candidate *c)
{
	size_t yb = 0, ye = 0, mb, me, db = 0, de = 0, d0b = 0, d0e = 0, m0b = 0, m0e = 0;
	bool has_year, has_days, has_prefix;
	size_t i;
	int year, month;

	memset(c, 0, sizeof(*c));
	c->rule = rule;
	if (!sb_regex_group(m->md, 0, &c->start, &c->end))
		return false;
	if (!group(f, m, rule, G_MON, &mb, &me))
		return false;
	has_year = group(f, m, rule, G_YEAR, &yb, &ye);
	has_days = group(f, m, rule, G_DAYS, &db, &de);
	has_prefix = group(f, m, rule, G_D0, &d0b, &d0e) && group(f, m, rule, G_M0, &m0b, &m0e);
	/* Every group is read: m->md may be reused from here on (vetoed). */
	year = has_year ? year_number(text + yb, ye - yb) : 0;
	month = month_number(text + mb, me - mb);
	if (!has_year)
		return has_days && !has_prefix && read_yearless(f, m, text, db, de, month, c);
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
	if (vetoed(f, m, rule, text, c->start, c->end))
		return false;
	/* A later end starts at its own weekday: "Monday 12th & Tuesday 13th". */
	for (i = 1; i < c->n; i++) {
		size_t ws = weekday_start(f, m, text, c->offsets[i]);

		if (ws > c->offsets[i - 1])
			c->offsets[i] = ws;
	}
	c->start = weekday_start(f, m, text, c->start);
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

/*
 * Whether MONTH_NAMES matches at text[i] of an ASCII page text[0..len): a
 * name of MONTH_NAMES in any case (caseless letters are ASCII's there), not
 * followed by a letter. An abbreviation's optional full stop changes
 * nothing: a "." is no letter either.
 */
static bool month_at(const char *text, size_t len, size_t i)
{
	/* By their first three letters (all names of a month share them). */
	static const char *const names[12][5] = {
	    {"january", "janurary", "jan", NULL},
	    {"february", "febuary", "feburary", "febrary", "feb"},
	    {"march", "mar", NULL},
	    {"april", "apr", NULL},
	    {"may", NULL},
	    {"june", "jun", NULL},
	    {"july", "jul", NULL},
	    {"august", "aug", NULL},
	    {"september", "sept", "sep", NULL},
	    {"october", "oct", NULL},
	    {"november", "nov", NULL},
	    {"december", "dec", NULL}};
	static const char prefix[12][4] = {"jan", "feb", "mar", "apr", "may", "jun",
					   "jul", "aug", "sep", "oct", "nov", "dec"};
	char low[3];
	size_t k, t;

	if (len - i < 3)
		return false;
	for (k = 0; k < 3; k++)
		low[k] = (char)(text[i + k] | 0x20); /* a non-letter stays unequal */
	for (k = 0; k < 12 && memcmp(low, prefix[k], 3) != 0; k++)
		;
	if (k == 12)
		return false;
	for (t = 0; t < 5 && names[k][t] != NULL; t++) {
		const char *w = names[k][t];
		size_t n = strlen(w), j;

		if (len - i < n)
			continue;
		for (j = 3; j < n && (text[i + j] | 0x20) == w[j]; j++)
			;
		if (j == n && (i + n == len || !is_alpha_ascii(text[i + n])))
			return true;
	}
	return false;
}

/* Append v to the offsets *arr (n used of *cap, doubled when full). False
 * when out of memory (*arr is left as it was, still the caller's). */
static bool push_offset(size_t **arr, size_t *n, size_t *cap, size_t v)
{
	if (*n == *cap) {
		size_t *grown = realloc(*arr, 2 * *cap * sizeof(*grown));

		if (grown == NULL)
			return false;
		*arr = grown;
		*cap *= 2;
	}
	(*arr)[(*n)++] = v;
	return true;
}

/*
 * Where a match of a STARTS_AT_MONTH rule may start on an ASCII page text[0..len):
 * where MONTH_NAMES matches after no letter or digit (the rules'
 * lookbehind), in m->months; and in m->any_month whether it matches
 * anywhere (after a letter too: "12thMarch"). False when out of memory.
 */
static bool month_starts(matcher *m, const char *text, size_t len, const size_t *hint,
			 size_t nhint)
{
	/* Bytes that begin a month's name, either case. */
	static const bool first[256] = {['J'] = true, ['F'] = true, ['M'] = true, ['A'] = true,
					['S'] = true, ['O'] = true, ['N'] = true, ['D'] = true,
					['j'] = true, ['f'] = true, ['m'] = true, ['a'] = true,
					['s'] = true, ['o'] = true, ['n'] = true, ['d'] = true};
	size_t i, cap = 16;
	bool after_alnum = false;

	m->nmonths = 0;
	m->any_month = false;
	m->months = malloc(cap * sizeof(*m->months));
	if (m->months == NULL)
		return false;
	if (hint != NULL) {
		/* Every name starts where its three letters do. */
		size_t k;

		for (k = 0; k < nhint; k++) {
			i = hint[k];
			if (i >= len || !month_at(text, len, i))
				continue;
			m->any_month = true;
			m->last_month = i;
			if (i > 0 && (is_alpha_ascii(text[i - 1]) || is_digit(text[i - 1])))
				continue;
			if (!push_offset(&m->months, &m->nmonths, &cap, i))
				return false;
		}
		return true;
	}
	for (i = 0; i < len; i++) {
		bool here = after_alnum;

		after_alnum = is_alpha_ascii(text[i]) || is_digit(text[i]);
		/* Most bytes are no month's first letter or follow a letter. */
		if (here || !first[(unsigned char)text[i]] || !month_at(text, len, i))
			continue;
		if (!push_offset(&m->months, &m->nmonths, &cap, i))
			return false;
	}
	/* The last place a name starts, after a letter too ("12thMarch"). */
	for (i = len; i > 0 && !m->any_month; i--)
		if (first[(unsigned char)text[i - 1]] && month_at(text, len, i - 1)) {
			m->any_month = true;
			m->last_month = i - 1;
		}
	return true;
}

/* The first place from i on in text[0..len) where a number starts (a digit
 * after no digit), or len. Pages are mostly words: eight bytes at a time
 * while none is a digit. */
static size_t next_number(const char *text, size_t len, size_t i)
{
	for (i = sb_skip_digitless(text, len, i); i < len; i = sb_skip_digitless(text, len, i + 1))
		if (is_digit(text[i]) && (i == 0 || !is_digit(text[i - 1])))
			return i;
	return len;
}

/* Whether s[i] is a separator of the numeric rules after a day:
 * "/", ".", "-", or a space or tab before "/" ("\h?/" on an ASCII page). */
static bool day_sep_at(const char *s, size_t len, size_t i)
{
	if (i >= len)
		return false;
	if (s[i] == '/' || s[i] == '.' || s[i] == '-')
		return true;
	return (s[i] == ' ' || s[i] == '\t') && i + 1 < len && s[i + 1] == '/';
}

/*
 * Words a day-month-year match may hold before its first month's name
 * (BLOCKS: ord, weekday and its abbreviations, wdlead's "the", conn's and
 * more's words, dm's "day" and "of"), lower case.
 */
static const struct {
	const char *s;
	size_t n;
} day_month_words[] = {
#define W(s) {s, sizeof(s) - 1}
    W("st"),	W("nd"),     W("rd"),	    W("th"),	   W("monday"), W("tuesday"),
    W("wednesday"), W("wednsday"), W("thursday"), W("friday"), W("saturday"), W("sunday"),
    W("mon"),	W("tue"),    W("tues"),	    W("wed"),	   W("weds"),	W("thu"),
    W("thur"),	W("thurs"),  W("fri"),	    W("sat"),	   W("sun"),	W("the"),
    W("to"),	W("until"),  W("till"),	    W("through"),  W("thru"),	W("and"),
    W("or"),	W("day"),    W("of"),
#undef W
};

/* Longest run of letters day_month_reaches reads word by word; a longer run
 * is taken as reaching a month (the rule then runs there, as without the
 * list). */
#define DAY_MONTH_RUN 64

/*
 * Whether, on an ASCII page text[0..len), a month's name (month_at) is
 * reached from text[j] over only what the "day month year" rule may hold
 * between its first day and its first month (d0 or days, then more, conn,
 * dm): digits, white space (\s on ASCII text), ",", "&", "/", ".", "-",
 * and runs of letters made of day_month_words (the rule's words glue
 * only as "12thof" or "12thday", never needing more). False: no match that
 * starts before j and holds no letter before it reaches a month.
 */
static bool day_month_reaches(const char *text, size_t len, size_t j)
{
	while (j < len) {
		unsigned char ch = (unsigned char)text[j];
		size_t k, q, w;
		uint64_t reach;

		if ((ch >= '0' && ch <= '9') || ch == ' ' || ch == '\t' || ch == '\n' ||
		    ch == '\v' || ch == '\f' || ch == '\r' || ch == ',' || ch == '&' || ch == '/' ||
		    ch == '.' || ch == '-') {
			j++;
			continue;
		}
		if (!is_alpha_ascii((char)ch))
			return false;
		for (k = j; k < len && is_alpha_ascii(text[k]); k++)
			;
		if (k - j >= DAY_MONTH_RUN)
			return true;
		/* Bit q: the run's first q letters are words of the list. */
		reach = 1;
		for (q = 0; q < k - j; q++) {
			if ((reach & ((uint64_t)1 << q)) == 0)
				continue;
			if (month_at(text, len, j + q))
				return true;
			for (w = 0; w < sizeof(day_month_words) / sizeof(day_month_words[0]); w++) {
				const char *word = day_month_words[w].s;
				size_t n = day_month_words[w].n, t;

				if (n > k - j - q || (text[j + q] | 0x20) != word[0])
					continue;
				for (t = 1; t < n && (text[j + q + t] | 0x20) == word[t]; t++)
					;
				if (t == n)
					reach |= (uint64_t)1 << (q + n); /* q + n < 64 */
			}
		}
		if ((reach & ((uint64_t)1 << (k - j))) == 0)
			return false;
		j = k;
	}
	return false;
}

/*
 * Where the rules that start at a number may start on an ASCII page
 * text[0..len) (enum starts), found at each number in one reading of the
 * page: m->day_seps and m->year_seps for the numeric rules, m->day_months
 * for "day month year" (STARTS_AT_DAY_MONTH): a day, [0-3]?[0-9] (?![0-9])
 * after no digit (NUM_BEFORE), from which day_month_reaches a month's name.
 * False when out of memory.
 */
static bool number_starts(matcher *m, const char *text, size_t len)
{
	size_t i, cap_d = 16, cap_y = 16, cap_m = 16;

	m->day_seps = malloc(cap_d * sizeof(*m->day_seps));
	m->year_seps = malloc(cap_y * sizeof(*m->year_seps));
	m->day_months = malloc(cap_m * sizeof(*m->day_months));
	if (m->day_seps == NULL || m->year_seps == NULL || m->day_months == NULL)
		return false;
	for (i = next_number(text, len, 0); i < len; i = next_number(text, len, i + 1)) {
		bool day, year;
		size_t e = i + 1;

		day = day_sep_at(text, len, i + 1) ||
		      (i + 1 < len && is_digit(text[i + 1]) && day_sep_at(text, len, i + 2));
		year = i + 4 < len && is_digit(text[i + 1]) && is_digit(text[i + 2]) &&
		       is_digit(text[i + 3]) &&
		       (text[i + 4] == '-' || text[i + 4] == '/' || text[i + 4] == '.');
		if (day) {
			if (!push_offset(&m->day_seps, &m->nday_seps, &cap_d, i))
				return false;
		}
		if (year) {
			if (!push_offset(&m->year_seps, &m->nyear_seps, &cap_y, i))
				return false;
		}
		if (e < len && is_digit(text[e])) {
			if (text[i] > '3' || (e + 1 < len && is_digit(text[e + 1])))
				continue;
			e++;
		}
		if (day_month_reaches(text, len, e) &&
		    !push_offset(&m->day_months, &m->nday_months, &cap_m, i))
			return false;
	}
	return true;
}

#ifdef SB_PREFILTER_VERIFY
/* Checking builds: a windowed search (result rc, match in md) must find
 * what a plain search of re from pos finds, at the same place; abort if
 * not. */
static void verify_first_match(const sb_regex *re, const char *text, size_t len, size_t pos,
			       int rc, pcre2_match_data *md)
{
	pcre2_match_data *full = pcre2_match_data_create(pcre2_get_ovector_count(md), NULL);
	size_t b1 = 0, e1 = 0, b2 = 0, e2 = 0;
	sb_error ignored;
	int frc;

	if (full == NULL)
		abort();
	frc = sb_regex_match(re, text, len, pos, false, full, &ignored);
	if ((frc > 0) != (rc > 0) ||
	    (rc > 0 && (!sb_regex_group(md, 0, &b1, &e1) || !sb_regex_group(full, 0, &b2, &e2) ||
			b1 != b2 || e1 != e2)))
		abort();
	pcre2_match_data_free(full);
}
#endif

/*
 * The first match of rule in text[0..len) starting at or after pos, as
 * sb_regex_match finds it (1, 0 or a negative code; the match in m->md).
 * A rule whose starts are known (enum starts) is tried at those places
 * only, each by itself (an offset limit of the place): PCRE2 tries the
 * places from pos on in order and at each the same way, so the first that
 * matches gives the same match, and the others cannot start one.
 */
static int match_from(const sb_date_finder *f, const matcher *m, size_t rule, const char *text,
		      size_t len, size_t pos)
{
	sb_error ignored;
	const size_t *at = NULL;
	size_t lo = 0, hi, k, n = 0;
	int rc = 0;

	/* A match from pos on holds a name at pos or after: none, no match. */
	if (date_rules[rule].needs_month && m->months != NULL &&
	    (!m->any_month || m->last_month < pos)) {
#ifdef SB_PREFILTER_VERIFY
		/* Checking builds: with no month name the rule cannot match. */
		if (sb_regex_match(&f->dates[rule], text, len, pos, false, m->md, &ignored) == 1)
			abort();
#endif
		return 0;
	}
	switch (date_rules[rule].starts) {
	case STARTS_AT_MONTH:
		at = m->months;
		n = m->nmonths;
		break;
	case STARTS_AT_DAY_SEP:
		at = m->day_seps;
		n = m->nday_seps;
		break;
	case STARTS_AT_YEAR_SEP:
		at = m->year_seps;
		n = m->nyear_seps;
		break;
	case STARTS_AT_DAY_MONTH:
		at = m->day_months;
		n = m->nday_months;
		break;
	default:
		break;
	}
	if (at == NULL || m->wmc == NULL)
		return sb_regex_match(&f->dates[rule], text, len, pos, m->ascii, m->md, &ignored);
	hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (at[mid] < pos)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (k = lo; k < n && rc == 0; k++)
		rc = sb_regex_match_window(&f->dates[rule], text, len, at[k], at[k], m->ascii,
					   m->wmc, m->md, &ignored);
#ifdef SB_PREFILTER_VERIFY
	/* Checking builds: the same answer as a scan of the page. */
	verify_first_match(&f->dates[rule], text, len, pos, rc, m->md);
#endif
	return rc;
}

static int scan_rule(const sb_date_finder *f, const matcher *m, size_t rule,
		     const char *text, size_t len, candidate_list *list)
{
	size_t pos = 0, kept = 0;
	int errors = 0;

	while (pos <= len && kept < MAX_CANDIDATES_PER_RULE) {
		candidate c;
		size_t mstart, mend;
		int rc = match_from(f, m, rule, text, len, pos);

		if (rc == 0)
			break;
		if (rc < 0) {
			/* One pathological stretch must not cost the document. */
			if (++errors >= MAX_MATCH_ERRORS)
				break;
			pos = skip_line(text, len, pos);
			continue;
		}
		if (!sb_regex_group(m->md, 0, &mstart, &mend) || mstart < pos)
			break; /* cannot happen: a match starts at or after pos */
		/* Go on just after the start of the match, whether it is kept or
		 * not: a valid date may begin inside a rejected match, and if
		 * another rule's match overlaps this one and wins, a date within
		 * it ("3 May 2025" in "29 and 3 May 2025" after "2022-10-") is
		 * still there to be kept. Never from c.start, which a weekday
		 * moves back. */
		pos = next_char(text, len, mstart);
		if (!read_match(f, m, rule, text, &c))
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

/*
 * Where a match of each role rule of kind `kind` in text[w0..start) of an
 * ASCII page may start, in one reading of low (the same bytes in lower
 * case) for all of them: where one of the rule's words starts
 * (f->role_at_word), or also at a line's start (f->role_at_line), into
 * places[i] as offsets from w0 (ascending, nplaces[i] of them); nowhere
 * when none of its words is there. known[i] is false when that is not
 * known (no words, or words that may stand later in a match and do occur):
 * every place may start a match then.
 */
static void role_places(const sb_date_finder *f, enum role_kind kind, const char *text,
			const char *low, size_t w0, size_t start,
			uint16_t places[N_ROLE_RULES][2 * ROLE_WINDOW], size_t *nplaces, bool *known)
{
	const size_t *first = f->rw_first[kind];
	const uint64_t(*second)[4] = f->rw_second[kind];
	const struct role_word *rw = f->rw;
	size_t span = start - w0, p, i;

	for (i = 0; i < N_ROLE_RULES; i++)
		nplaces[i] = 0;
	for (p = 0; p < span; p++) {
		size_t e, end;
		unsigned char c = (unsigned char)low[p], d;
		/* Or at a line's start: the text's, or after a line break
		 * ((?m:^); "\r" too, whatever the newline convention). The
		 * byte before is in low but the window's first. */
		bool line = p > 0 ? low[p - 1] == '\n' || low[p - 1] == '\r'
				  : w0 == 0 || text[w0 - 1] == '\n' || text[w0 - 1] == '\r';

		if (line)
			for (i = 0; i < N_ROLE_RULES; i++)
				if (role_rules[i].kind == kind && f->role_words[i] != NULL &&
				    f->role_at_line[i])
					places[i][nplaces[i]++] = (uint16_t)p;
		/* Every word has three bytes or more (role_words_new): none
		 * starts at the window's last byte, nor where no word's first
		 * two bytes stand. */
		if (p + 1 >= span)
			continue;
		d = (unsigned char)low[p + 1];
		if (((second[c][d >> 6] >> (d & 63)) & 1u) == 0)
			continue;
		for (e = first[c], end = first[c + 1]; e < end; e++) {
			const struct role_word *r = &rw[e];
			size_t *n = &nplaces[r->rule];

			/* The second byte first: most fail there, without a call. */
			if (span - p < r->len || (r->len > 1 && low[p + 1] != r->w[1]) ||
			    memcmp(low + p, r->w, r->len) != 0)
				continue;
			if (*n == 0 || places[r->rule][*n - 1] != p)
				places[r->rule][(*n)++] = (uint16_t)p;
		}
	}
	/* Words anywhere in a match: none here rules the rule out, else
	 * every place may start a match. */
	for (i = 0; i < N_ROLE_RULES; i++)
		known[i] = f->role_words[i] != NULL &&
			   (f->role_at_word[i] || f->role_at_line[i] || nplaces[i] == 0);
}

/*
 * The first match of role rule i in text[0..start) starting at or after
 * pos (1, with the match in m->md; 0; negative on a PCRE2 failure), as
 * sb_regex_match finds it, but tried only at the places w0 + cand[0..n)
 * when cand is not NULL (role_places): the other places cannot start a
 * match, and the places are tried in order, each by itself (an offset
 * limit).
 */
static int role_match(const sb_date_finder *f, const matcher *m, size_t i, const char *text,
		      size_t start, size_t pos, size_t w0, const uint16_t *cand, size_t n)
{
	sb_error ignored;
	size_t k;
	int rc = 0;

	if (cand == NULL || m->wmc == NULL)
		return sb_regex_match(&f->roles[i], text, start, pos, m->ascii, m->md, &ignored);
	for (k = 0; k < n && rc == 0; k++)
		if (w0 + cand[k] >= pos)
			rc = sb_regex_match_window(&f->roles[i], text, start, w0 + cand[k],
						   w0 + cand[k], m->ascii, m->wmc, m->md, &ignored);
#ifdef SB_PREFILTER_VERIFY
	/* Checking builds: the same answer as a search of every place. */
	verify_first_match(&f->roles[i], text, start, pos, rc, m->md);
#endif
	return rc;
}

static sb_date_role find_role(const sb_date_finder *f, const matcher *m, const char *text,
			      size_t start, size_t floor)
{
	size_t w0 = role_window(text, start, floor);
	sb_date_role best = SB_DATE_ROLE_MENTIONED;
	bool found = false, low_ok;
	size_t best_at = 0;
	size_t i;
	char low[2 * ROLE_WINDOW]; /* text[w0..start) in lower case */
	uint16_t places[N_ROLE_RULES][2 * ROLE_WINDOW];
	size_t nplaces[N_ROLE_RULES] = {0};
	bool known[N_ROLE_RULES] = {false};

	if (w0 >= start)
		return SB_DATE_ROLE_MENTIONED;
	low_ok = m->ascii && start - w0 < sizeof(low);
	if (low_ok)
		for (i = w0; i < start; i++)
			low[i - w0] =
			    (char)(text[i] >= 'A' && text[i] <= 'Z' ? text[i] + 32 : text[i]);
	/* Labels: the leftmost wins ("Review date:" over the "date:" in it). */
	if (low_ok)
		role_places(f, ROLE_LABEL, text, low, w0, start, places, nplaces, known);
	for (i = 0; i < N_ROLE_RULES; i++) {
		size_t b, e;

		if (role_rules[i].kind != ROLE_LABEL)
			continue;
		if (role_match(f, m, i, text, start, w0, w0,
			       low_ok && known[i] ? places[i] : NULL, nplaces[i]) != 1 ||
		    !sb_regex_group(m->md, 0, &b, &e))
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
	if (low_ok)
		role_places(f, ROLE_PHRASE, text, low, w0, start, places, nplaces, known);
	for (i = 0; i < N_ROLE_RULES; i++) {
		size_t pos = w0;
		size_t last = 0;
		bool hit = false;

		if (role_rules[i].kind != ROLE_PHRASE)
			continue;
		while (pos < start) {
			size_t b, e;

			if (role_match(f, m, i, text, start, pos, w0,
				       low_ok && known[i] ? places[i] : NULL, nplaces[i]) != 1 ||
			    !sb_regex_group(m->md, 0, &b, &e))
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
	return sb_date_finder_find_hinted(f, text, len, page, NULL, 0, out, n, err);
}

int sb_date_finder_find_hinted(const sb_date_finder *f, const char *text, size_t len, int page,
			       const size_t *hint, size_t nhint, sb_found_date **out, size_t *n,
			       sb_error *err)
{
	candidate_list list = {NULL, 0, 0};
	matcher m = {NULL, false, NULL, 0, NULL, NULL, 0, 0, NULL, 0, false, 0, NULL};
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
	m.md = pcre2_match_data_create(f->max_pairs, NULL);
	m.ascii = sb_regex_is_ascii(text, len);
	/* Month starts only help on an ASCII page; without them (or without
	 * memory for them) every rule scans the page, with the same answers. */
	if (m.ascii) {
		m.wmc = sb_regex_window_context();
		if (m.wmc != NULL && !month_starts(&m, text, len, hint, nhint)) {
			free(m.months);
			m.months = NULL;
		}
		if (m.wmc != NULL && !number_starts(&m, text, len)) {
			free(m.day_seps);
			free(m.year_seps);
			free(m.day_months);
			m.day_seps = m.year_seps = NULL;
			m.day_months = NULL;
		}
	}
	if (m.md == NULL) {
		rc = sb_error_set(err, SB_ENOMEM, NULL, NULL, "out of memory");
		goto done;
	}
	for (i = 0; i < N_DATE_RULES; i++) {
		if (scan_rule(f, &m, i, text, len, &list) != SB_OK) {
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
		role = find_role(f, &m, text, c->start, any_kept ? kept_end : 0);
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
	pcre2_match_data_free(m.md);
	pcre2_match_context_free(m.wmc);
	free(m.months);
	free(m.day_seps);
	free(m.year_seps);
	free(m.day_months);
	return rc;
}
