#!/usr/bin/python3
"""Writes the build benchmark's case folder (issue 4, bench/bench_build.sh).

    /usr/bin/python3 bench/make_bench_case.py NEW_DIR [--count N] [--seed S]

Writes N (default 300) distinct PDFs into NEW_DIR, about 1.4 pages each
(420 pages for 300: 200 of one page, 80 of two, 20 of three), so that the
benchmark merges the kind of folder a parent collects: reports, letters and
notes, each with a text layer, a date and an author for the scanner to find.

Every PDF is written by hand here (Helvetica text, uncompressed content, exact
xref offsets) so the script needs nothing but the standard library and the
same seed gives the same bytes. Each document carries its own reference
number, date and mix of paragraphs, so no two share bytes or normalised text
and the de-duplicator keeps them all. Every name, place and number is
fictional; the ".example" addresses cannot exist.

NEW_DIR must not exist or be empty: the script never adds to a folder that
already holds files, so a mistyped path cannot litter a real case.
"""

import argparse
import datetime
import hashlib
import os
import random
import sys

MONTHS = ["January", "February", "March", "April", "May", "June", "July",
          "August", "September", "October", "November", "December"]

# The one child of the case: a bundle is about one appeal.
CHILD = "Jamie Whitlow"
CHILD_FIRST = "Jamie"
PARENTS = "Mr and Mrs Whitlow"
ADDRESS = "7 Larch Rise, Southford SF2 9LX"
DOB = "11 October 2016"
SCHOOL = "Hollybank Primary School"
COUNCIL = "Southford Borough Council"

SURNAMES = ["Example", "Ashworth", "Bellamy", "Carrow", "Denholm", "Ellery", "Fairbank",
            "Garside", "Hollins", "Ingleby", "Jessop", "Kettering", "Lowther", "Marsden",
            "Northcott", "Oakley", "Pennock", "Quarmby", "Redfern", "Sowerby", "Thackeray",
            "Underwood", "Varley", "Wainwright", "Yardley"]
INITIALS = "ABCDEFGHJKLMNPRSTW"

LINES_PER_PAGE = 52
TEXT_WIDTH = 451  # points: A4 less 72 pt margins, the text wrapped to fit at 10 pt

# Advance widths (1/1000 em) of WinAnsi codes 32-126 in Helvetica and
# Helvetica-Bold, from Adobe's font metrics. The fonts carry them as /Widths,
# as PDF 2.0 requires of every simple font and as real documents do, so a
# reader takes them from the file rather than measuring its substitute font.
WIDTHS = {
    "F1": [278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
           556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
           1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
           667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
           333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
           556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584],
    "F2": [278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278,
           556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611,
           975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778,
           667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556,
           333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611,
           611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584],
}

# Sentences the paragraphs are drawn from, by topic. "{c}" is the child's
# first name.
POOL = {
    "background": [
        "{c} lives with both parents and an older brother, and has attended {s} since Reception.",
        "Concerns about {c}'s early language were first raised by the health visitor at the two-year check.",
        "{c} had grommets fitted at the age of four after repeated ear infections.",
        "A recent hearing test by the audiology service was within normal limits.",
        "{c} has received SEN support since Year 2, with a plan reviewed each term.",
        "The school reports that {c} is well liked by adults and kind to younger children.",
        "{c}'s attendance this year is 93 per cent, with most absences on Mondays.",
        "The family moved to the area in 2021 and {c} settled quickly at first.",
        "There is a family history of reading difficulties on the father's side.",
    ],
    "observation": [
        "In a literacy lesson {c} listened to the teacher's input but copied a neighbour when the task began.",
        "When the instruction was broken into two steps {c} worked independently for about six minutes.",
        "At lunchtime {c} joined in with football but became upset when a rule was changed.",
        "{c} used a word mat to write two short sentences and needed prompting to start each one.",
        "During carpet time {c} fidgeted with a cushion and looked to the teaching assistant for reassurance.",
        "{c} answered a question about the class story with a relevant but very brief reply.",
        "In the small-group phonics session {c} blended three-sound words but not four-sound words.",
        "{c} was quick to help tidy away and smiled when praised by the class teacher.",
    ],
    "assessment": [
        "{c}'s non-verbal reasoning is in the average range and is a relative strength.",
        "Verbal ability is below average: {c} knew everyday words but struggled to explain less familiar ones.",
        "Auditory working memory is well below average; {c} repeated three digits in order but not four.",
        "Phonological awareness is below average and rapid naming is slow for {c}'s age.",
        "Single word reading gives a standard score of 76, at the 5th percentile.",
        "Spelling shows that {c} hears the first and last sounds of words but not yet the middle ones.",
        "Receptive language scores fall below the 10th percentile on the standardised assessment.",
        "Expressive language is marked by short sentences with missing grammatical words.",
        "Fine motor skills are below the level expected, and handwriting is slow and effortful.",
        "Scores on the sensory profile suggest that {c} is more sensitive to noise than most children.",
        "Numeracy is a relative strength, though word problems are harder because of the language load.",
    ],
    "views": [
        "{c} said that PE, art and golden time are the best parts of school.",
        "{c} said that reading is the hardest part of the day because the words are hard to remember.",
        "{c}'s parents describe a loving, funny child who has become anxious about school.",
        "{c}'s parents would like to know whether more help is needed than the school can give.",
        "The class teacher reports that {c} contributes good ideas when given time to think.",
        "The SENCO reports that the gap between {c} and classmates in reading is widening.",
        "{c} told me that it helps when an adult shows the task first.",
        "At home {c} is often tired and tearful after school, and homework ends in arguments.",
    ],
    "needs": [
        "The profile is consistent with a specific learning difficulty affecting reading and spelling.",
        "Difficulties with working memory explain why {c} loses track of longer instructions.",
        "{c} needs extra time to process spoken language and to find the words wanted.",
        "Signs of anxiety and low self-esteem about school should be taken seriously now.",
        "Without well-matched teaching the gap between {c} and classmates is likely to grow.",
        "{c}'s needs in communication affect learning across the curriculum, not only in English.",
        "Sensory sensitivities make busy, noisy parts of the day especially hard for {c}.",
    ],
    "recommendation": [
        "Daily structured, cumulative and multisensory teaching of phonics for at least 20 minutes.",
        "Precision teaching of high-frequency words, five times a week.",
        "Instructions given one step at a time, backed up with a visual task list.",
        "Pre-teaching of topic vocabulary in a small group before each new unit.",
        "Alternatives to handwriting for longer pieces of work, such as a scribe or a word processor.",
        "Weekly sessions with the Emotional Literacy Support Assistant to build confidence.",
        "A quiet workstation available during independent tasks.",
        "Termly review of progress against measurable targets with the family.",
        "Movement breaks planned into the morning and afternoon sessions.",
        "Training for the teaching assistant in the recommended language programme.",
    ],
    "letter": [
        "Thank you for meeting with us on {d2} to discuss {c}'s progress.",
        "I am writing to update you on the support that {c} receives in school.",
        "We have reviewed the information you sent and the reports from the professionals involved.",
        "As agreed at the meeting, the next review will take place before the end of term.",
        "Please do not hesitate to contact me if you have any questions about this letter.",
        "A copy of this letter has been placed on {c}'s school file.",
        "We will continue to monitor {c}'s progress closely and share it with you each half term.",
        "The information you provided has been passed to the relevant team for consideration.",
    ],
}

HEADINGS = {
    "report": ["Reason for involvement", "Background information", "Observation",
               "Assessment results", "Views of the child, parents and school",
               "Summary of needs", "Recommendations"],
}
SECTION_POOL = {
    "Reason for involvement": "background",
    "Background information": "background",
    "Observation": "observation",
    "Assessment results": "assessment",
    "Views of the child, parents and school": "views",
    "Summary of needs": "needs",
}


class Doc:
    def __init__(self, kind, title, author, date, ref):
        self.kind = kind
        self.title = title
        self.author = author
        self.date = date  # (year, month, day)
        self.ref = ref
        self.lines = []  # (style, text); style: "t" title, "h" heading, "b" body


def fmt_long(d):
    return "%d %s %d" % (d[2], MONTHS[d[1] - 1], d[0])


def fmt_ordinal(d):
    day = d[2]
    suffix = "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return "%d%s %s %d" % (day, suffix, MONTHS[d[1] - 1], d[0])


def fmt_slash(d):
    return "%02d/%02d/%d" % (d[2], d[1], d[0])


def rand_date(rng):
    """A day in the 32 months before the build date the benchmark fixes
    (SOURCE_DATE_EPOCH 1790000000, 21 September 2026), so no document is
    dated after the bundle, nor over three years before it."""
    first = datetime.date(2024, 1, 1)
    d = first + datetime.timedelta(days=rng.randint(0, (datetime.date(2026, 8, 31) - first).days))
    return (d.year, d.month, d.day)


def person(rng):
    return "%s. %s" % (rng.choice(INITIALS), rng.choice(SURNAMES))


def paragraph(rng, used, topic, n_min=3, n_max=5, d2=""):
    """Sentences from the topic's pool, those the document has not used yet
    first, so a long report does not read the same paragraph twice."""
    pool = POOL[topic]
    k = min(len(pool), rng.randint(n_min, n_max))
    fresh = [x for x in pool if x not in used]
    if len(fresh) < k:
        used.difference_update(pool)
        fresh = list(pool)
    picked = rng.sample(fresh, k)
    used.update(picked)
    return " ".join(x.format(c=CHILD_FIRST, s=SCHOOL, d2=d2) for x in picked)


# Each kind: the organisation lines, title, author line and how the date is
# written, so the scanner sees the variety a real case folder has.
def kind_ep(rng, date):
    who = person(rng)
    return {
        "org": ["Southford Educational Psychology Service",
                "The Orchard Centre, 12 Mill Lane, Southford SF1 4EP",
                "eps@southford.example.com"],
        "title": "EDUCATIONAL PSYCHOLOGY REPORT",
        "meta": ["Name: " + CHILD, "Date of birth: " + DOB, "School: " + SCHOOL,
                 "Date of report: " + fmt_long(date)],
        "sign": ["Dr %s" % who, "Educational Psychologist", "HCPC registered (PYL%05d)" %
                 rng.randint(10000, 99999)],
        "author": "Dr %s, Educational Psychologist" % who,
        "style": "report", "file": "ep-report",
    }


def kind_salt(rng, date):
    who = person(rng)
    return {
        "org": ["NHS Southford Children's Therapy Services", "Speech and Language Therapy",
                "Child Development Centre, Hospital Road, Southford SF5 2CT"],
        "title": "SPEECH AND LANGUAGE THERAPY REPORT",
        "meta": ["Name: " + CHILD, "D.O.B.: 11/10/2016", "Date: " + fmt_ordinal(date),
                 "Report by: Ms %s, Specialist Speech and Language Therapist" % who],
        "sign": ["Ms %s" % who, "Specialist Speech and Language Therapist"],
        "author": "Ms %s, Specialist Speech and Language Therapist" % who,
        "style": "report", "file": "salt-report",
    }


def kind_ot(rng, date):
    who = person(rng)
    return {
        "org": ["NHS Southford Children's Occupational Therapy",
                "Child Development Centre, Hospital Road, Southford SF5 2CT"],
        "title": "OCCUPATIONAL THERAPY ASSESSMENT REPORT",
        "meta": ["Child: " + CHILD, "Date of birth: " + DOB,
                 "Date of report: " + fmt_long(date)],
        "sign": [who, "Children's Occupational Therapist"],
        "author": "%s, Occupational Therapist" % who,
        "style": "report", "file": "ot-report",
    }


def kind_paed(rng, date):
    who = person(rng)
    return {
        "org": ["Southford Community Paediatrics", "Hospital Road, Southford SF5 2CT"],
        "title": "CLINIC LETTER - COMMUNITY PAEDIATRICS",
        "meta": ["Date of clinic: " + fmt_slash(date), "Patient: " + CHILD, "DOB: 11/10/2016"],
        "sign": ["Dr %s" % who, "Consultant Community Paediatrician"],
        "author": "Dr %s, Consultant Paediatrician" % who,
        "style": "letter", "file": "paediatric-letter",
    }


def kind_school(rng, date):
    who = person(rng)
    return {
        "org": [SCHOOL, "Holly Lane, Southford SF3 6HB", "office@hollybank.example.sch.uk"],
        "title": "",
        "meta": [fmt_long(date), "", PARENTS, ADDRESS, "", "Dear %s," % PARENTS],
        "sign": ["Yours sincerely,", "", "Mrs %s" % who, "SENCO, " + SCHOOL],
        "author": "Mrs %s, SENCO" % who,
        "style": "letter", "file": "school-letter",
    }


def kind_la(rng, date):
    who = person(rng)
    return {
        "org": [COUNCIL, "SEND Assessment Team", "Civic Centre, Southford SF1 1AA"],
        "title": "",
        "meta": ["Date: " + fmt_long(date), "Our ref: SEND/%d/%05d" % (date[0], rng.randint(1, 99999)),
                 "", PARENTS, ADDRESS, "", "Dear %s," % PARENTS, "",
                 "Re: %s, date of birth %s" % (CHILD, DOB)],
        "sign": ["Yours sincerely,", "", who, "SEND Casework Officer", COUNCIL],
        "author": "%s, SEND Casework Officer" % who,
        "style": "letter", "file": "la-letter",
    }


def kind_plan(rng, date):
    who = person(rng)
    return {
        "org": [SCHOOL],
        "title": "SEN SUPPORT PLAN - REVIEW NOTES",
        "meta": ["Pupil: " + CHILD, "Review meeting: " + fmt_long(date),
                 "Present: %s (parents), Mrs %s (SENCO), class teacher" % (PARENTS, who)],
        "sign": ["Notes taken by Mrs %s, SENCO" % who],
        "author": "Mrs %s, SENCO" % who,
        "style": "report", "file": "support-plan-review",
    }


KINDS = [kind_ep, kind_salt, kind_ot, kind_paed, kind_school, kind_la, kind_plan]


def text_width(text, font="F1", size=10):
    return sum(WIDTHS[font][ord(ch) - 32] for ch in text) * size / 1000


def wrap(text):
    """Greedy word wrap to TEXT_WIDTH at 10 pt Helvetica."""
    lines, cur = [], ""
    for word in text.split():
        trial = word if not cur else cur + " " + word
        if cur and text_width(trial) > TEXT_WIDTH:
            lines.append(cur)
            cur = word
        else:
            cur = trial
    lines.append(cur)
    return lines


def make_doc(rng, index, pages):
    date = rand_date(rng)
    k = KINDS[index % len(KINDS)](rng, date)
    ref = "Document reference SB-BENCH-%04d" % (index + 1)
    doc = Doc(k["file"], k["title"] or "Letter", k["author"], date, ref)
    head = [("b", line) for line in k["org"]] + [("b", "")]
    if k["title"]:
        head += [("t", k["title"]), ("b", "")]
    head += [("b", line) for line in k["meta"]] + [("b", ""), ("b", ref), ("b", "")]
    sign = [("b", "")] + [("b", line) for line in k["sign"]]

    # Body text until the document fills its pages: the last page holds at
    # least a third of a page, so every page has text (no blank pages to drop).
    want = (pages - 1) * LINES_PER_PAGE + rng.randint(LINES_PER_PAGE // 3, LINES_PER_PAGE - 12)
    body = []
    used = set()
    n = 0
    while len(head) + len(body) + len(sign) < want:
        block = []
        if k["style"] == "report":
            headings = HEADINGS["report"]
            h = headings[n % len(headings)]
            # A long report goes round its headings again, as after a second visit.
            again = " (review visit)" if n >= len(headings) else ""
            block.append(("h", "%d. %s%s" % (n + 1, h, again)))
            if h == "Recommendations":
                recs = rng.sample(POOL["recommendation"], rng.randint(3, 6))
                for j, rec in enumerate(recs):
                    for i, line in enumerate(wrap("%d. %s" % (j + 1, rec))):
                        block.append(("b", ("   " if i else "") + line))
                block.append(("b", ""))
            else:
                for _ in range(rng.randint(1, 2)):
                    text = paragraph(rng, used, SECTION_POOL[h])
                    block += [("b", line) for line in wrap(text)]
                    block.append(("b", ""))
        else:
            topic = rng.choice(["letter", "letter", "views", "needs", "recommendation"])
            # A meeting the letter refers back to: one to four weeks before it.
            met = datetime.date(*date) - datetime.timedelta(days=rng.randint(7, 28))
            text = paragraph(rng, used, topic, 2, 4, fmt_long((met.year, met.month, met.day)))
            block += [("b", line) for line in wrap(text)]
            block.append(("b", ""))
        # Whole paragraphs only, unless a block would spill onto a page the
        # document does not have: then it is cut at the last line that fits.
        room = pages * LINES_PER_PAGE - len(head) - len(body) - len(sign)
        body += block[:room]
        n += 1
    doc.lines = head + body + sign
    return doc


def pdf_string(text):
    out = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return "(" + out + ")"


def page_content(lines, page, pages, ref):
    ops = ["BT", "13 TL", "72 790 Td"]
    for style, text in lines:
        # Printable ASCII only: the widths cover codes 32-126.
        assert all(32 <= ord(ch) <= 126 for ch in text), text
        font = {"t": "/F2 14 Tf", "h": "/F2 11 Tf", "b": "/F1 10 Tf"}[style]
        ops.append("%s %s Tj T*" % (font, pdf_string(text)))
    ops.append("ET")
    ops.append("BT /F1 8 Tf 72 40 Td %s Tj ET" % pdf_string("%s - page %d of %d" %
                                                           (ref, page, pages)))
    return ("\n".join(ops) + "\n").encode("latin-1")


def pdf_bytes(doc, pages):
    """A PDF 1.4 file: catalog, page tree, two standard fonts, one page and
    one content stream per page, an info dictionary; offsets counted as the
    bytes are written."""
    chunks = [lines for lines in (doc.lines[i:i + LINES_PER_PAGE]
                                   for i in range(0, len(doc.lines), LINES_PER_PAGE))]
    assert len(chunks) == pages, (doc.ref, len(chunks), pages)
    objs = {}
    first_page = 5
    kids = " ".join("%d 0 R" % (first_page + 2 * i) for i in range(pages))
    objs[1] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objs[2] = ("<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages)).encode()
    for num, (res, base) in ((3, ("F1", "Helvetica")), (4, ("F2", "Helvetica-Bold"))):
        objs[num] = ("<< /Type /Font /Subtype /Type1 /BaseFont /%s /Encoding /WinAnsiEncoding "
                     "/FirstChar 32 /LastChar 126 /Widths [%s] >>"
                     % (base, " ".join(str(w) for w in WIDTHS[res]))).encode()
    for i, lines in enumerate(chunks):
        pno, cno = first_page + 2 * i, first_page + 2 * i + 1
        content = page_content(lines, i + 1, pages, doc.ref)
        objs[pno] = ("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                     "/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents %d 0 R >>"
                     % cno).encode()
        objs[cno] = b"<< /Length %d >>\nstream\n" % len(content) + content + b"endstream"
    info = first_page + 2 * pages
    y, m, d = doc.date
    objs[info] = ("<< /Title %s /Author %s /Producer (sendbundle bench) "
                  "/CreationDate (D:%04d%02d%02d100000Z) >>"
                  % (pdf_string(doc.title), pdf_string(doc.author), y, m, d)).encode("latin-1")

    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for num in sorted(objs):
        offsets[num] = len(out)
        out += b"%d 0 obj\n" % num + objs[num] + b"\nendobj\n"
    xref = len(out)
    size = max(objs) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for num in range(1, size):
        out += b"%010d 00000 n \n" % offsets[num]
    file_id = hashlib.md5(doc.ref.encode()).hexdigest()
    out += (b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R /ID [<%s> <%s>] >>\n"
            b"startxref\n%d\n%%%%EOF\n" % (size, info, file_id.encode(), file_id.encode(), xref))
    return bytes(out)


def page_counts(rng, n):
    """200:80:20 of one, two and three pages for 300 documents, in
    proportion for other counts, in a seeded order."""
    threes = round(n * 20 / 300)
    twos = round(n * 80 / 300)
    counts = [3] * threes + [2] * twos + [1] * (n - threes - twos)
    rng.shuffle(counts)
    return counts


def main():
    ap = argparse.ArgumentParser(description="Write the build benchmark's case folder.")
    ap.add_argument("folder", help="a new (or empty) folder to write the PDFs into")
    ap.add_argument("--count", type=int, default=300, help="how many PDFs (default 300)")
    ap.add_argument("--seed", type=int, default=4, help="random seed (default 4)")
    a = ap.parse_args()
    if a.count < 1 or a.count > 9999:
        ap.error("--count must be between 1 and 9999")
    if os.path.exists(a.folder):
        if not os.path.isdir(a.folder):
            sys.exit("make_bench_case: '%s' exists and is not a folder" % a.folder)
        if os.listdir(a.folder):
            sys.exit("make_bench_case: '%s' is not empty; give a new folder" % a.folder)
    else:
        os.makedirs(a.folder)

    rng = random.Random(a.seed)
    counts = page_counts(rng, a.count)
    seen_bytes, seen_text = set(), set()
    for i, pages in enumerate(counts):
        doc = make_doc(rng, i, pages)
        data = pdf_bytes(doc, pages)
        text = "\n".join(t for _, t in doc.lines)
        # The de-duplicator compares bytes and normalised text: the benchmark
        # means to keep every document, so make sure none would be dropped.
        text_key = " ".join(text.lower().split())
        if hashlib.sha256(data).digest() in seen_bytes or text_key in seen_text:
            sys.exit("make_bench_case: document %d repeats an earlier one" % (i + 1))
        seen_bytes.add(hashlib.sha256(data).digest())
        seen_text.add(text_key)
        name = "%04d-%s-%04d-%02d-%02d.pdf" % ((i + 1, doc.kind) + doc.date)
        with open(os.path.join(a.folder, name), "wb") as f:
            f.write(data)
    print("make_bench_case: wrote %d PDFs, %d pages, in %s" % (a.count, sum(counts), a.folder))


if __name__ == "__main__":
    main()
