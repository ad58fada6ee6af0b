#!/usr/bin/python3
"""Write a fictional case folder of N short text documents (default 250),
for tests/e2e/test_build.sh: enough documents that the bundle's index runs to
several pages and the appellant's evidence goes over its page limit.

Usage: make_big_case.py NEW_DIR [N]

Every document is a one-page letter from a fictional school, dated one day
after the one before from 1 September 2025, with its own number, so no two
are duplicates. Deterministic: the same N gives the same files.
"""
import datetime
import os
import sys

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
TOPICS = ["attendance", "reading support", "a playground incident", "speech and language "
          "sessions", "the class trip", "homework support", "a meeting request",
          "lunchtime arrangements"]


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    out = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) == 3 else 250
    os.makedirs(out)
    start = datetime.date(2025, 9, 1)
    for i in range(n):
        d = start + datetime.timedelta(days=i)
        topic = TOPICS[i % len(TOPICS)]
        text = (f"Brookfield Primary School\nNorthtown NS1 1AA\n\n"
                f"{d.day} {MONTHS[d.month - 1]} {d.year}\n\n"
                f"Dear Mr and Mrs Example,\n\n"
                f"Letter number {i + 1} of {n}, about {topic}.\n"
                f"We write to let you know how things went this week and what we plan "
                f"next. Please contact the school office if you have any questions.\n\n"
                f"Yours sincerely,\n\nMrs T. Example\nClass Teacher\n")
        with open(os.path.join(out, f"letter-{i + 1:03d}.txt"), "w", encoding="utf-8") as f:
            f.write(text)


if __name__ == "__main__":
    main()
