#!/usr/bin/python3
"""Validate a calendar file written by `sendbundle` (sb_ics_write).

Usage: validate_ics.py FILE.ics

Why: our unit tests check the text we write; this checks that an independent
RFC 5545 parser (Debian's python3-icalendar) reads it the way a calendar app
would: one VTIMEZONE for Europe/London, the appeal deadline ending at 17:00
Europe/London (HESC Rules r.12(1)), the all-day mediation contact date (SEND
Regulations 2014 reg 33), and on each event a UID, a UTC DTSTAMP and a display
alarm a week before.

Exit status: 0 when the file is valid, 1 when it is not (each problem is
printed on stderr), 2 for a usage error.
"""

import datetime
import sys

try:
    import icalendar
except ImportError:  # pragma: no cover - depends on the machine
    print("validate_ics.py: python3-icalendar is missing "
          "(apt-get install python3-icalendar)", file=sys.stderr)
    sys.exit(1)

TZID = "Europe/London"
WEEK_BEFORE = datetime.timedelta(days=-7)


def tz_name(value):
    """The IANA name of a datetime's zone, for pytz, zoneinfo or dateutil."""
    tz = value.tzinfo
    if tz is None:
        return None
    for attr in ("zone", "key"):
        name = getattr(tz, attr, None)
        if name:
            return name
    return str(tz)


def check_raw(data, problems):
    """RFC 5545 section 3.1: UTF-8, CRLF line ends, at most 75 octets a line."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        problems.append("not valid UTF-8: %s" % exc)
    if not data.endswith(b"\r\n"):
        problems.append("the file does not end with CRLF")
    lines = data.split(b"\r\n")
    if lines and lines[-1] == b"":
        lines.pop()
    for number, line in enumerate(lines, 1):
        if b"\n" in line or b"\r" in line:
            problems.append("line %d: a bare CR or LF (lines must end with CRLF)" % number)
        if len(line) > 75:
            problems.append("line %d: %d octets, more than 75 (not folded)"
                            % (number, len(line)))


def check_timezone(cal, problems):
    zones = list(cal.walk("VTIMEZONE"))
    if len(zones) != 1:
        problems.append("expected exactly one VTIMEZONE, found %d" % len(zones))
        return
    tz = zones[0]
    if str(tz.get("TZID")) != TZID:
        problems.append("VTIMEZONE TZID is %r, expected %r" % (str(tz.get("TZID")), TZID))
    offsets = {"STANDARD": datetime.timedelta(0), "DAYLIGHT": datetime.timedelta(hours=1)}
    for kind, want in offsets.items():
        parts = [c for c in tz.subcomponents if c.name == kind]
        if len(parts) != 1:
            problems.append("VTIMEZONE: expected one %s, found %d" % (kind, len(parts)))
            continue
        got = parts[0].get("TZOFFSETTO")
        got = getattr(got, "td", got)
        if got != want:
            problems.append("VTIMEZONE %s: TZOFFSETTO is %s, expected %s" % (kind, got, want))
        if "RRULE" not in parts[0]:
            problems.append("VTIMEZONE %s: no RRULE" % kind)


def check_common(event, label, problems):
    """What every event needs: UID, a UTC DTSTAMP, an alarm a week before."""
    if not str(event.get("UID", "")):
        problems.append("%s: no UID" % label)
    if "DTSTAMP" not in event:
        problems.append("%s: no DTSTAMP" % label)
    else:
        stamp = event.decoded("DTSTAMP")
        if not isinstance(stamp, datetime.datetime) or stamp.tzinfo is None \
                or stamp.utcoffset() != datetime.timedelta(0):
            problems.append("%s: DTSTAMP %r is not a UTC date-time" % (label, stamp))
    alarms = [c for c in event.subcomponents if c.name == "VALARM"]
    if len(alarms) != 1:
        problems.append("%s: expected one VALARM, found %d" % (label, len(alarms)))
        return
    alarm = alarms[0]
    if str(alarm.get("ACTION", "")) != "DISPLAY":
        problems.append("%s: VALARM ACTION is %r, expected DISPLAY"
                        % (label, str(alarm.get("ACTION", ""))))
    if not str(alarm.get("DESCRIPTION", "")):
        problems.append("%s: VALARM has no DESCRIPTION (required for DISPLAY)" % label)
    if "TRIGGER" not in alarm:
        problems.append("%s: VALARM has no TRIGGER" % label)
    elif alarm.decoded("TRIGGER") != WEEK_BEFORE:
        problems.append("%s: VALARM TRIGGER is %r, expected -7 days"
                        % (label, alarm.decoded("TRIGGER")))


def check_deadline(event, problems):
    """HESC Rules r.12(1): the appeal must be received by 5pm, UK time."""
    label = "deadline event"
    if "DTEND" not in event:
        problems.append("%s: no DTEND" % label)
        return
    params = getattr(event["DTEND"], "params", {})
    if params.get("TZID") != TZID:
        problems.append("%s: DTEND TZID is %r, expected %r" % (label, params.get("TZID"), TZID))
    end = event.decoded("DTEND")
    if not isinstance(end, datetime.datetime):
        problems.append("%s: DTEND %r is not a date-time" % (label, end))
        return
    if (end.hour, end.minute, end.second) != (17, 0, 0):
        problems.append("%s: DTEND is %s, expected 17:00:00" % (label, end.time()))
    if tz_name(end) != TZID:
        problems.append("%s: DTEND time zone is %r, expected %r" % (label, tz_name(end), TZID))
    start = event.decoded("DTSTART")
    if not isinstance(start, datetime.datetime) or not start < end:
        problems.append("%s: DTSTART %r is not a date-time before DTEND" % (label, start))
    elif start.date() != end.date():
        problems.append("%s: DTSTART and DTEND are on different days" % label)


def check_mediation(event, problems):
    """SEND Regulations 2014 reg 33: an all-day event, DTEND the next day."""
    label = "mediation event"
    start = event.decoded("DTSTART")
    end = event.decoded("DTEND") if "DTEND" in event else None
    if end is None or isinstance(end, datetime.datetime):
        problems.append("%s: DTEND %r is not a DATE" % (label, end))
    elif end != start + datetime.timedelta(days=1):
        problems.append("%s: DTEND %s is not the day after DTSTART %s" % (label, end, start))


def check_events(cal, problems):
    events = list(cal.walk("VEVENT"))
    if len(events) != 2:
        problems.append("expected two VEVENTs, found %d" % len(events))
    timed, all_day = [], []
    for index, event in enumerate(events, 1):
        if "DTSTART" not in event:
            problems.append("VEVENT %d: no DTSTART" % index)
            continue
        start = event.decoded("DTSTART")
        (timed if isinstance(start, datetime.datetime) else all_day).append(event)
        check_common(event, "VEVENT %d (%s)" % (index, event.get("UID", "no UID")), problems)
    if len(timed) != 1:
        problems.append("expected one timed event (the deadline), found %d" % len(timed))
    else:
        check_deadline(timed[0], problems)
    if len(all_day) != 1:
        problems.append("expected one all-day event (mediation), found %d" % len(all_day))
    else:
        check_mediation(all_day[0], problems)
    uids = [str(e.get("UID", "")) for e in events]
    if len(set(uids)) != len(uids):
        problems.append("UIDs are not unique: %s" % ", ".join(uids))


def validate(path):
    """A list of problems with the file at path (empty when it is valid)."""
    problems = []
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        return ["cannot read: %s" % exc]
    check_raw(data, problems)
    try:
        cal = icalendar.Calendar.from_ical(data)
    except ValueError as exc:
        problems.append("icalendar cannot parse it: %s" % exc)
        return problems
    if cal.name != "VCALENDAR":
        problems.append("the top component is %s, not VCALENDAR" % cal.name)
        return problems
    if str(cal.get("VERSION", "")) != "2.0":
        problems.append("VERSION is %r, expected 2.0" % str(cal.get("VERSION", "")))
    if not str(cal.get("PRODID", "")):
        problems.append("no PRODID")
    try:
        check_timezone(cal, problems)
        check_events(cal, problems)
    except (KeyError, ValueError, TypeError) as exc:
        problems.append("cannot read a property: %s: %s" % (type(exc).__name__, exc))
    return problems


def main(argv):
    if len(argv) != 2:
        print("usage: validate_ics.py FILE.ics", file=sys.stderr)
        return 2
    problems = validate(argv[1])
    for problem in problems:
        print("validate_ics.py: %s: %s" % (argv[1], problem), file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
