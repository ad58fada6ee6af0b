#!/usr/bin/python3
"""Write the seed corpus for fuzz_extract_dates (tests/fuzz/corpus/extract_dates/).

Seeds are the kinds of text the date finder meets: fictional letters, reports,
e-mails and plans, every date form and every not-a-date form, and the byte
sequences a reader can hand over (invalid UTF-8, NUL bytes, UTF-16 without
conversion, CRLF). Some are binary, so they are made here rather than by hand.

    /usr/bin/python3 tests/fuzz/make_extract_dates_corpus.py
"""
import os

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "corpus", "extract_dates")

LETTER = """Northmere County Council
Our ref: SEND/2026/04417   Your ref: EHC/12/03/45
Date: 12 March 2024

Dear Mrs Brampton,
Re: Alfie Brampton, DOB 14.09.2015
Thank you for your request dated 18 January 2024, which we received on 22nd
January 2024. The SEND panel met on 29 February 2024 and considered the SEN
support plan reviewed on 6 and 13 February 2024. Mediation is available
between 1 April and 30 April 2024. We are closed on Monday 6 May.
"""

EP_REPORT = """Name: Alfie Brampton   Date of Birth: 14/09/2015   Year Group: Year 3
Date(s) of assessment: 4th and 11th March 2024
Date of report: 22nd March 2024
NHS No: 943 476 5919
1.1 Referred in January 2024 after his SEN support review on 9 November 2023.
Reading age 6.2 (chronological age 8:05), 85/100 on spelling. SALT report dated
17.05.2022. Seen by Dr Patel, Consultant Paediatrician, on 3 Feb 2023.
I observed Alfie on Monday, 4 March 2024 between 9.15 and 10.30 and assessed
him on 11/03/24. Section 36(8); para 9.14; SEND Code of Practice (January 2015).
Autumn term 2023, Spring 2024, 2023/24, \u00a31,200.00 (\u00a312.50 a session).
A meeting will be held on 25.04.2024 at 10:15. Annual review due March 2025.
Page 3 of 12
"""

EMAIL = """From: Jane Brampton <jane.b@example.org>
Sent: Tuesday, March 19, 2024 8:47 PM
Subject: RE: Alfie Brampton

Thank you for your letter of 12/3/24. His next review will be on Wed 24th April.
EP report (22.03.2024), SALT report from May 2022.
On Thu, 14 Mar 2024 at 09:12, SEND Team <send@example.gov.uk> wrote:
> Please find attached the decision letter dated 12 March 2024.
Date: Tue, 12 Mar 2024 10:15:00 +0000
"""

PLAN = """SEN SUPPORT PLAN   Pupil: Alfie Brampton   DOB: 14-09-2015
Date of meeting | Present | Outcome
02.10.23 | Mrs Okafor (SENCO) | Plan agreed
06.02.24 | Mrs Okafor, Mr Hale | Referral to EP
Target 1.2.3 by Feb 2024 (85%). 3/4 sessions. Signed: ______ Date: __/__/____
Next review: 14th May 2024
"""

TRIBUNAL = """FIRST-TIER TRIBUNAL (HESC) [2024] UKFTT 123 (HESC)
Appeal number: EH999/24/00012
Heard on: 2 and 3 September 2024
1. The decision of the LA dated 12 March 2024 refusing to assess.
2. The hearing took place on 2nd-3rd September 2024. Certificate issued on
2 May 2024; appeal registered on 28/05/2024. Alfie (born 14 September 2015).
Date of decision: 10 September 2024   Date issued: 12 September 2024
"""

FORMS = "\n".join([
    "12 March 2024", "12th March, 2024", "12th of March 2024", "March 12th 2024",
    "March 12, 2024", "12/03/2024", "12.3.24", "12-03-2024", "12-Mar-24", "12 Mar 24",
    "2024-03-12", "Tue 12 Mar 2024", "Tuesday, 12 March 2024", "12 Sept. 2023",
    "12 Sep 2023", "12 MARCH 2024", "12 March\n2024", "12\nMarch 2024",
    "12/03/2024Dear", "12 March 2024Report", "Date:12/03/2024", "DOB: 01.02.2015",
    "6 and 13 May 2009", "1 May to 31 July 2020", "1st-3rd June 2021",
    "12\u201314 March 2024", "between 3 and 5 March 2024", "March 2024", "Sept 2023",
    "29 December to 2 January 2024", "Monday 12th & Tuesday 13th March 2024",
    "12\u00a0March\u00a02024", "2024-03-12T10:15:00Z", "12 / 03 / 2024",
]) + "\n"

NOT_DATES = "\n".join([
    "Autumn term 2023", "Spring 2024", "2014/15", "2023/2024", "2023-24", "00.00.2018",
    "[Date]", "DD/MM/YYYY", "xx/xx/2020", "12.30", "10:15", "12.30pm", "\u00a312.50",
    "\u00a31,200.00", "6.28", "section 1.2.3", "para 9.14", "Section 36(8)", "v1.2.3",
    "01234 567 890", "0161 123 4567", "85/100", "3/4", "SS 85", "943 476 5919",
    "SEND/2026/04417", "EHC/12/03/45", "31/02/2024", "32 March", "03/15/2024",
    "12/03/1899", "Year 6 May 2024", "pupils may 2024", "01/01/1900",
]) + "\n"

SEEDS = {
    "empty": b"",
    "council-letter.txt": LETTER.encode(),
    "ep-report.txt": EP_REPORT.encode(),
    "email.txt": EMAIL.encode(),
    "support-plan.txt": PLAN.encode(),
    "tribunal.txt": TRIBUNAL.encode(),
    "forms.txt": FORMS.encode(),
    "not-dates.txt": NOT_DATES.encode(),
    "crlf.txt": LETTER.replace("\n", "\r\n").encode(),
    # Invalid UTF-8 between and inside dates, a truncated sequence at the end.
    "invalid-utf8.bin": b"\xff\xfe 12 March 2024 \xc3 \xe2\x80 Date: 01/02/2015\x80"
                        b" 12 Ma\xffrch 2024 \xed\xa0\x80 3 May 2024 \xf0\x9f\x98",
    # NUL bytes (a reader that did not convert UTF-16, or a broken layer).
    "nul-bytes.bin": b"Date:\x0012/03/2024\x00 6 and\x00 13 May 2009\x00",
    "utf16le.bin": "Date: 12 March 2024\nDOB 01/02/2015\n".encode("utf-16-le"),
    # Long runs that invite backtracking in the day lists and separators.
    "long-lists.txt": (", ".join(str(d % 31 + 1) for d in range(200)) +
                       " and 31 March 2024\n" + "1st-" * 300 + "3rd June 2021\n" +
                       "12/" * 300 + "2024\n" + "Mon 1 " * 200 + "May\n").encode(),
    "weekday-yearless.txt": ("Date: 5 December 2023\nThe review is on Tuesday 9th "
                             "January and Wed 24th April; Thu 31 February.\n").encode(),
}


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, data in sorted(SEEDS.items()):
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
