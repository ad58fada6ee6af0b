#!/usr/bin/python3
"""Independent oracle for SEND Tribunal (England) appeal deadlines.

Written from /work/shared/docs/legal-rules.md alone (not from the C sources),
so that the C implementation can be checked against it.  Python 3 stdlib only.

Rules implemented (see legal-rules.md):
  * HESC Rules 2008 r.20(1)(c): appeal within 2 months after the decision notice
    was sent (limb i), or 1 month from the mediation certificate if later (limb ii).
  * Dodds v Walker: month periods end on the corresponding date of the later
    month, else on that month's last day.  Count from the sent date, or from
    the letter date if that is earlier.
  * r.12(3)(a): a period ending 25 Dec - 1 Jan, or in August, ends on the first
    working day on/after 2 Jan, or on/after 1 Sep.
  * r.12(2): a period ending on a non-working day ends on the next working day.
    If that roll-forward lands in 25 Dec - 1 Jan or August, keep it (safest)
    and report the r.12(3)(a) reading as the arguable alternative.
  * SEND Regs 2014 reg 33: mediation contact within 2 months, no roll-forward.
  * r.12(3)(b): Tribunal working-day counts skip weekends, bank holidays,
    25 Dec - 1 Jan and all of August.
  * SEND Regs 2014 regs 5, 10, 13(2): 6, 16 and 20 calendar weeks.

Usage:
  deadline_oracle.py LETTER [--sent DATE] [--certificate DATE]
  deadline_oracle.py --check-table FILE [FILE ...]   (examples/workdays/timescales TSV)
  deadline_oracle.py --self-test                     (legal-rules.md examples + data check)
"""

import calendar
import datetime as dt
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
HOLIDAYS_FILE = os.path.join(HERE, "..", "..", "data", "bank-holidays.json")

ONE_DAY = dt.timedelta(days=1)


# ---------------------------------------------------------------- holidays

def _load_holidays(path=HOLIDAYS_FILE):
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    events = data["england-and-wales"]["events"]   # only this division
    days = {dt.date.fromisoformat(e["date"]) for e in events}
    return days, {d.year for d in days}


HOLIDAYS, HOLIDAY_YEARS = _load_holidays()


def easter_sunday(year):
    """Anonymous Gregorian algorithm (Meeus/Jones/Butcher)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l) // 451
    month, day = divmod(h + l - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def computed_holidays(year):
    """England and Wales bank holidays from the standing rules (no one-offs).

    Used only for years the data file does not cover, and by --self-test to
    cross-check the data file."""
    def first_monday(month):
        d = dt.date(year, month, 1)
        return d + dt.timedelta(days=(0 - d.weekday()) % 7)

    def last_monday(month):
        d = dt.date(year, month, calendar.monthrange(year, month)[1])
        return d - dt.timedelta(days=d.weekday())

    days = set()
    ny = dt.date(year, 1, 1)
    days.add(ny + dt.timedelta(days={5: 2, 6: 1}.get(ny.weekday(), 0)))
    easter = easter_sunday(year)
    days.add(easter - 2 * ONE_DAY)
    days.add(easter + ONE_DAY)
    days.add(first_monday(5))
    days.add(last_monday(5))
    days.add(last_monday(8))
    xmas_wd = dt.date(year, 12, 25).weekday()
    xmas = {4: (25, 28), 5: (27, 28), 6: (26, 27)}.get(xmas_wd, (25, 26))
    days.update(dt.date(year, 12, d) for d in xmas)
    return days


def is_bank_holiday(d):
    if d.year in HOLIDAY_YEARS:
        return d in HOLIDAYS
    return d in computed_holidays(d.year)


def is_working_day(d):
    if d.weekday() >= 5:                       # Saturday, Sunday
        return False
    if (d.month, d.day) == (12, 25):           # Christmas Day, always
        return False
    if d == easter_sunday(d.year) - 2 * ONE_DAY:   # Good Friday, always
        return False
    return not is_bank_holiday(d)


def next_working_day_on_or_after(d):
    while not is_working_day(d):
        d += ONE_DAY
    return d


# ---------------------------------------------------------------- months

def add_months(d, n):
    """Dodds v Walker: corresponding date of the later month, else its last day."""
    m0 = d.month - 1 + n
    year, month = d.year + m0 // 12, m0 % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(d.day, last))


def in_christmas_window(d):
    return (d.month == 12 and d.day >= 25) or (d.month == 1 and d.day == 1)


def in_august(d):
    return d.month == 8


def r12_3a(d):
    """r.12(3)(a) for a day in 25 Dec - 1 Jan or August: first working day
    after 1 January (on/after 2 Jan) or after 31 August (on/after 1 Sep)."""
    if in_christmas_window(d):
        year = d.year + 1 if d.month == 12 else d.year
        return next_working_day_on_or_after(dt.date(year, 1, 2))
    if in_august(d):
        return next_working_day_on_or_after(dt.date(d.year, 9, 1))
    raise ValueError("r.12(3)(a) does not apply to %s" % d)


# ---------------------------------------------------------------- deadline

def deadline(letter, sent=None, certificate=None):
    """Return dict: deadline, limb ('i'/'ii'), raw_end, alternative (or None),
    mediation_contact_by."""
    if certificate is not None and certificate < letter:
        raise ValueError("certificate dated before the letter")
    start = letter if sent is None else min(letter, sent)
    a = add_months(start, 2)
    b = add_months(certificate, 1) if certificate is not None else None
    if b is not None and b > a:
        raw_end, limb = b, "ii"
    else:
        raw_end, limb = a, "i"

    alternative = None
    if in_christmas_window(raw_end) or in_august(raw_end):
        final = r12_3a(raw_end)                      # r.12(3)(a)
    elif not is_working_day(raw_end):
        final = next_working_day_on_or_after(raw_end + ONE_DAY)   # r.12(2)
        if in_christmas_window(final) or in_august(final):
            alternative = r12_3a(final)              # arguable, later reading
    else:
        final = raw_end                              # working day, r.12(1)
    return {
        "deadline": final,
        "limb": limb,
        "raw_end": raw_end,
        "alternative": alternative,
        "mediation_contact_by": a,                   # reg 33: no roll-forward
    }


# ---------------------------------------------------------------- other clocks

def is_tribunal_counting_day(d):
    """r.12(3)(b): a working day, not 25 Dec - 1 Jan, not in August."""
    return is_working_day(d) and not in_christmas_window(d) and not in_august(d)


def tribunal_workdays(start, n):
    d = start
    while n > 0:
        d += ONE_DAY
        if is_tribunal_counting_day(d):
            n -= 1
    return d


def timescales(request):
    return {
        "decision_due": request + dt.timedelta(weeks=6),     # reg 5
        "no_plan_due": request + dt.timedelta(weeks=16),     # reg 10
        "final_plan_due": request + dt.timedelta(weeks=20),  # reg 13(2)
    }


# ---------------------------------------------------------------- tables

def _d(s):
    return dt.date.fromisoformat(s) if s else None


def _s(d):
    return d.isoformat() if d else ""


EXAMPLES_HEADER = ["letter", "sent", "certificate", "deadline", "limb", "raw_end",
                   "alternative", "mediation_contact_by", "why"]
WORKDAYS_HEADER = ["from", "n", "expected", "why"]
TIMESCALES_HEADER = ["request", "decision_due", "no_plan_due", "final_plan_due"]


def example_row(letter, sent, certificate, why):
    r = deadline(_d(letter), _d(sent), _d(certificate))
    return [letter, sent, certificate, _s(r["deadline"]), r["limb"], _s(r["raw_end"]),
            _s(r["alternative"]), _s(r["mediation_contact_by"]), why]


def check_table(path):
    with open(path, encoding="utf-8") as f:
        lines = [ln.rstrip("\n") for ln in f if ln.strip()]
    header = lines[0].split("\t")
    bad = 0
    for lineno, line in enumerate(lines[1:], start=2):
        cells = line.split("\t")
        if len(cells) != len(header):
            print("%s:%d: %d cells, expected %d" % (path, lineno, len(cells), len(header)))
            bad += 1
            continue
        row = dict(zip(header, cells))
        if header == EXAMPLES_HEADER:
            got = example_row(row["letter"], row["sent"], row["certificate"], row["why"])
            want = cells
        elif header == WORKDAYS_HEADER:
            got = [_s(tribunal_workdays(_d(row["from"]), int(row["n"])))]
            want = [row["expected"]]
        elif header == TIMESCALES_HEADER:
            t = timescales(_d(row["request"]))
            got = [_s(t[k]) for k in TIMESCALES_HEADER[1:]]
            want = cells[1:]
        else:
            print("%s: unknown header %r" % (path, header))
            return 1
        if got != want:
            print("%s:%d: MISMATCH\n  table : %s\n  oracle: %s"
                  % (path, lineno, "\t".join(want), "\t".join(got)))
            bad += 1
    print("%s: %d rows, %d mismatches" % (path, len(lines) - 1, bad))
    return 1 if bad else 0


# ---------------------------------------------------------------- self test

DOC_EXAMPLES = [  # legal-rules.md "Examples" table: letter, certificate, deadline
    ("2025-01-14", "", "2025-03-14"),
    ("2025-10-31", "", "2026-01-02"),
    ("2025-09-30", "", "2025-12-01"),
    ("2025-06-10", "", "2025-09-01"),
    ("2025-07-15", "", "2025-09-15"),
    ("2024-10-01", "2024-11-29", "2025-01-02"),
    ("2025-01-06", "2025-01-20", "2025-03-06"),
    ("2025-02-21", "", "2025-04-22"),
]


def self_test():
    bad = 0
    for letter, cert, want in DOC_EXAMPLES:
        got = _s(deadline(_d(letter), None, _d(cert))["deadline"])
        if got != want:
            print("doc example %s/%s: got %s, want %s" % (letter, cert, got, want))
            bad += 1
    if _s(deadline(_d("2025-06-10"))["mediation_contact_by"]) != "2025-08-10":
        print("doc example mediation date wrong")
        bad += 1
    if deadline(_d("2024-10-01"), None, _d("2024-11-29"))["limb"] != "ii":
        print("doc example limb wrong")
        bad += 1
    # Data file against the standing rules; differences must be the known one-offs.
    one_offs = {"2020-05-04": "-", "2020-05-08": "+", "2022-05-30": "-",
                "2022-06-02": "+", "2022-06-03": "+", "2022-09-19": "+",
                "2023-05-08": "+"}
    for year in sorted(HOLIDAY_YEARS):
        file_days = {d for d in HOLIDAYS if d.year == year}
        rule_days = computed_holidays(year)
        for d in sorted(file_days ^ rule_days):
            sign = "+" if d in file_days else "-"
            if one_offs.get(d.isoformat()) != sign:
                print("holiday data %s%s differs from the rules" % (sign, d))
                bad += 1
    print("self-test: %s" % ("FAIL" if bad else "ok"))
    return 1 if bad else 0


def main(argv):
    if len(argv) >= 2 and argv[0] == "--check-table":
        return max(check_table(p) for p in argv[1:])
    if argv == ["--self-test"]:
        return self_test()
    if not argv or argv[0].startswith("-"):
        print(__doc__)
        return 2
    letter, sent, cert = _d(argv[0]), None, None
    rest = argv[1:]
    while rest:
        opt, val = rest[0], _d(rest[1])
        if opt == "--sent":
            sent = val
        elif opt == "--certificate":
            cert = val
        else:
            print("unknown option %s" % opt)
            return 2
        rest = rest[2:]
    r = deadline(letter, sent, cert)
    for k in ("deadline", "limb", "raw_end", "alternative", "mediation_contact_by"):
        v = r[k]
        if isinstance(v, dt.date):
            v = "%s %s" % (v.isoformat(), v.strftime("%a"))
        print("%-22s %s" % (k, v if v is not None else "-"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
