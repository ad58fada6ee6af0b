/*
 * England and Wales bank holidays from the statutory rules, for years the
 * shipped or fetched GOV.UK data does not cover.
 *
 * Banking and Financial Dealings Act 1971 Sch. 1 and the annual Royal
 * Proclamations: New Year's Day (Monday 2 or 3 January when it falls at a
 * weekend), Good Friday and Easter Monday, the first Monday in May, the last
 * Monday in May, the last Monday in August, and Christmas and Boxing Day with
 * weekday substitutes. The one-off changes since 2011 are listed in
 * `one_offs` below (docs/legal-rules.md, "Bank holidays").
 */
#include <sendbundle/calendar.h>

#include <string.h>

/* GOV.UK's own titles, so computed and loaded years read the same. */
static const char T_NEW_YEAR[] = "New Year\xE2\x80\x99s Day";
static const char T_GOOD_FRIDAY[] = "Good Friday";
static const char T_EASTER_MONDAY[] = "Easter Monday";
static const char T_EARLY_MAY[] = "Early May bank holiday";
static const char T_SPRING[] = "Spring bank holiday";
static const char T_SUMMER[] = "Summer bank holiday";
static const char T_CHRISTMAS[] = "Christmas Day";
static const char T_BOXING[] = "Boxing Day";
static const char N_SUBSTITUTE[] = "Substitute day";

/*
 * One-off changes by proclamation. `replaces` names the rule-based holiday a
 * moved day takes the place of (a moved holiday is not an extra one).
 */
enum replaces { EXTRA, MOVES_EARLY_MAY, MOVES_SPRING };

static const struct one_off {
	int year, month, day;
	const char *title;
	enum replaces replaces;
} one_offs[] = {
	{2011, 4, 29, "Royal wedding", EXTRA},
	{2012, 6, 4, T_SPRING, MOVES_SPRING},
	{2012, 6, 5, "Queen\xE2\x80\x99s Diamond Jubilee", EXTRA},
	{2020, 5, 8, "Early May bank holiday (VE day)", MOVES_EARLY_MAY},
	{2022, 6, 2, T_SPRING, MOVES_SPRING},
	{2022, 6, 3, "Platinum Jubilee bank holiday", EXTRA},
	{2022, 9, 19, "Bank Holiday for the State Funeral of Queen Elizabeth II", EXTRA},
	{2023, 5, 8, "Bank holiday for the coronation of King Charles III", EXTRA},
};

sb_date sb_easter_sunday(int year)
{
	/* The anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
	int a = year % 19, b = year / 100, c = year % 100;
	int d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3;
	int h = (19 * a + b - d - g + 15) % 30;
	int i = c / 4, k = c % 4;
	int l = (32 + 2 * e + 2 * i - h - k) % 7;
	int m = (a + 11 * h + 22 * l) / 451;
	sb_date out;

	out.year = year;
	out.month = (h + l - 7 * m + 114) / 31;
	out.day = (h + l - 7 * m + 114) % 31 + 1;
	return out;
}

static sb_date first_monday(int year, int month)
{
	sb_date d = {year, month, 1};
	int w = sb_date_weekday(d);

	return sb_date_add_days(d, (8 - w) % 7);
}

static sb_date last_monday(int year, int month)
{
	sb_date d = {year, month, sb_date_days_in_month(year, month)};
	int w = sb_date_weekday(d);

	return sb_date_add_days(d, -((w - 1 + 7) % 7));
}

struct hlist {
	sb_holiday *out;
	size_t max;
	size_t n;
};

static void put(struct hlist *l, sb_date d, const char *title, const char *notes)
{
	size_t i;

	/* Keep date order as we insert: the lists are tiny. */
	if (l->n < l->max) {
		i = l->n;
		while (i > 0 && sb_date_compare(l->out[i - 1].date, d) > 0) {
			l->out[i] = l->out[i - 1];
			i--;
		}
		l->out[i].date = d;
		l->out[i].title = title;
		l->out[i].notes = notes;
	}
	l->n++;
}

static bool moved(int year, enum replaces what)
{
	size_t i;

	for (i = 0; i < sizeof(one_offs) / sizeof(one_offs[0]); i++)
		if (one_offs[i].year == year && one_offs[i].replaces == what)
			return true;
	return false;
}

size_t sb_holiday_rules(int year, sb_holiday *out, size_t max)
{
	struct hlist l = {out, max, 0};
	sb_date d = {year, 1, 1};
	sb_date easter = sb_easter_sunday(year);
	int w;
	size_t i;

	w = sb_date_weekday(d);
	if (w == 6)
		put(&l, sb_date_add_days(d, 2), T_NEW_YEAR, N_SUBSTITUTE);
	else if (w == 7)
		put(&l, sb_date_add_days(d, 1), T_NEW_YEAR, N_SUBSTITUTE);
	else
		put(&l, d, T_NEW_YEAR, "");
	put(&l, sb_date_add_days(easter, -2), T_GOOD_FRIDAY, "");
	put(&l, sb_date_add_days(easter, 1), T_EASTER_MONDAY, "");
	if (!moved(year, MOVES_EARLY_MAY))
		put(&l, first_monday(year, 5), T_EARLY_MAY, "");
	if (!moved(year, MOVES_SPRING))
		put(&l, last_monday(year, 5), T_SPRING, "");
	put(&l, last_monday(year, 8), T_SUMMER, "");

	/* Christmas Day and Boxing Day with their weekday substitutes. */
	d.month = 12;
	d.day = 25;
	switch (sb_date_weekday(d)) {
	case 5: /* Friday: Boxing Day moves to Monday 28th */
		put(&l, d, T_CHRISTMAS, "");
		put(&l, sb_date_add_days(d, 3), T_BOXING, N_SUBSTITUTE);
		break;
	case 6: /* Saturday: Monday 27th and Tuesday 28th */
		put(&l, sb_date_add_days(d, 2), T_CHRISTMAS, N_SUBSTITUTE);
		put(&l, sb_date_add_days(d, 3), T_BOXING, N_SUBSTITUTE);
		break;
	case 7: /* Sunday: Boxing Day on Monday 26th, Christmas on Tuesday 27th */
		put(&l, sb_date_add_days(d, 1), T_BOXING, "");
		put(&l, sb_date_add_days(d, 2), T_CHRISTMAS, N_SUBSTITUTE);
		break;
	default:
		put(&l, d, T_CHRISTMAS, "");
		put(&l, sb_date_add_days(d, 1), T_BOXING, "");
		break;
	}

	for (i = 0; i < sizeof(one_offs) / sizeof(one_offs[0]); i++) {
		if (one_offs[i].year == year) {
			sb_date o = {one_offs[i].year, one_offs[i].month, one_offs[i].day};

			put(&l, o, one_offs[i].title, "");
		}
	}
	return l.n;
}
