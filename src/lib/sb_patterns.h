/*
 * Internal: the pattern tables of fact extraction (sb_extract.c), kept in
 * one readable place (issue 3: "patterns live in one readable place with a
 * comment and an example for each"). Every entry carries an example that it
 * must match and, where a false hit is likely, a counter-example it must not
 * match; tests/unit/test_extract.c checks both, so a table edit that breaks
 * its own example fails the build's tests.
 *
 * Patterns are PCRE2 syntax, compiled by sb_regex_compile (UTF, UCP,
 * MATCH_INVALID_UTF) with PCRE2_MULTILINE added, so ^ and $ are line ends.
 * Case: full titles are written with (?i); abbreviations stay case-sensitive
 * so that "OT" is not found in "not" nor "EP" in "step".
 */
#ifndef SB_PATTERNS_H
#define SB_PATTERNS_H

#include <stddef.h>
#include <sendbundle/doc.h>
#include <sendbundle/error.h>

struct sb_extractor;

/*
 * Check every table entry of ex's compiled patterns against its example
 * (must match) and counter-example (must not): SB_OK, or SB_EINVAL naming
 * the first entry that fails. For the unit tests; defined in sb_extract.c.
 */
int sb_extractor_check_examples(const struct sb_extractor *ex, sb_error *err);

/* Where a pattern counts. */
enum {
	/* Only in the head of the document: the first lines of page 1, where
	 * titles and letterheads stand (SB_HEAD_LINES / SB_HEAD_BYTES). */
	SB_PAT_HEAD = 1u << 0,
	/* An area-of-need name that is also a template's section heading
	 * ("Communication and interaction"): counts only inside a sentence. */
	SB_PAT_HEADING_TERM = 1u << 1,
	/* An abbreviation with a second meaning ("SLT" is also a school's
	 * senior leadership team): counts only when the document also speaks
	 * of speech, language or therapy (SB_MISC_SPEECH_CONTEXT). */
	SB_PAT_NEEDS_SPEECH = 1u << 2,
	/* A kind cue that decides: a kind with such cues in the table scores
	 * only when one of them is present. A council letter is a decision only
	 * with words of decision or appeal rights (a letterhead and "EHC needs
	 * assessment" make an ordinary letter); a mediation certificate only
	 * with words that certify (a letter that mentions "a mediation
	 * certificate" is not one). */
	SB_PAT_DECISIVE = 1u << 3,
	/* A title: counts only on a line that stands as a title, after a blank
	 * line or a short line (a letterhead), not one that carries on a
	 * paragraph ("... should seek / occupational therapy advice on ..."). */
	SB_PAT_TITLE = 1u << 4
};

/* The head: at most this many non-empty lines or bytes of page 1. */
#define SB_HEAD_LINES 25
#define SB_HEAD_BYTES 2500

typedef struct sb_pattern {
	const char *name;	 /* stable name, for error messages */
	const char *pattern;	 /* PCRE2 syntax */
	const char *example;	 /* text the pattern must match (tested) */
	const char *non_example; /* text it must not match, or NULL (tested) */
	int target;		 /* sb_professional, sb_kind, sb_area or sb_role */
	int weight;		 /* kind cues: points per hit; may be negative */
	int max_hits;		 /* kind cues: hits that count, at most (0 means 1) */
	unsigned flags;		 /* SB_PAT_* */
} sb_pattern;

/*
 * A literal prefilter for one table entry (by name): "|"-separated
 * lower-case words of which every match of the pattern holds at least one.
 * Extraction looks for them in a lower-cased copy of the text first and
 * skips the pattern's scan when none is there, and otherwise searches only
 * from SB_ANCHOR_REACH bytes before each occurrence (sb_anchor.h): the same
 * answer as the scan, for a fraction of its cost (issue 3: extraction under
 * 15% of the cost of reading). A prefilter must be implied by its pattern,
 * alternative by alternative, and a match must start within
 * SB_ANCHOR_REACH bytes of the word it holds; sb_extractor_check_examples
 * checks that each example holds one of its words, and the
 * -DSB_PREFILTER_VERIFY=ON build checks every answer against a full scan.
 */
typedef struct sb_prefilter {
	const char *name;  /* the sb_pattern's name */
	const char *needs; /* "word|word|...", lower case */
} sb_prefilter;

/* Single-purpose patterns, indexed by the enum below. */
enum {
	SB_MISC_CLOSING = 0,	 /* "Yours sincerely", "Kind regards", "Signed:" */
	SB_MISC_SALUTATION,	 /* "Dear Mrs Morgan" */
	SB_MISC_AUTHOR_LABEL,	 /* "Report written by: Dr A Hart" (group 1: value) */
	SB_MISC_ROLE_LABEL,	 /* "SENCo: Mrs A Patel" (1: title, 2: value) */
	SB_MISC_JUDGE_LINE,	 /* "Tribunal Judge Helen Marsh" (group 1: rest) */
	SB_MISC_EMAIL_HEADER,	 /* "From: ..." in a printed e-mail (1: name, 2: value) */
	SB_MISC_REPLY_MARKER,	 /* where quoted earlier messages begin */
	SB_MISC_SIG_SKIP,	 /* lines between a closing and the name: "pp", "(signed)" */
	SB_MISC_SIG_STOP,	 /* lines that end a signature block: "cc:", "Tel:", "Enc" */
	SB_MISC_NAME_STOPWORD,	 /* a word that is never part of a person's name */
	SB_MISC_DATE_STRONG,	 /* label before a date: "Date of report:", "Dated" */
	SB_MISC_DATE_GENERIC,	 /* "Date:" */
	SB_MISC_DATE_SENT,	 /* e-mail "Sent:" / "Date:" header */
	SB_MISC_DATE_NOT_DOC,	 /* label of another date: birth, assessment, meeting */
	SB_MISC_SPEECH_CONTEXT,	 /* the document speaks of speech or language */
	SB_MISC_PARENT_VOICE,	 /* "my son", "our daughter": a parent writes */
	SB_MISC_SOLICITOR_VOICE, /* "we act for", "our client": a solicitor writes */
	SB_MISC_SENDER_LINE,	 /* "Jo Okoro <jo@x.uk>   Thu, 6 Feb 2025 at 15:41" (Gmail print) */
	SB_MISC_CHECKBOX,	 /* a tick box: the line is a list of options */
	SB_MISC_TICKED,		 /* a ticked box just before a term: that option is chosen */
	SB_MISC_MINUTES,	 /* "Notes of meeting", "Minutes": dated by the meeting */
	SB_MISC_MEETING_LABEL,	 /* "Date of meeting": the label of a meeting's date */
	SB_MISC_PLAN_START,	 /* "Start date" of a school plan: the plan's date */
	SB_MISC_COUNT
};

/*
 * The tables. They are static data in this header (included by
 * sb_extract.c and by the unit test that checks every example), so the
 * library needs no separate compilation unit for them. Sources of the
 * vocabulary: the SEND Code of Practice 2015 (para 6.28 for the four areas
 * of need, chapter 9 for EHC needs assessment),
 * the Children and Families Act 2014 (s.36-s.55), the SEND Regulations 2014,
 * the HESC Tribunal Procedure Rules 2008, and the words that real letters,
 * reports, plans and e-mails in SEND cases use, misspellings included
 * ("Educational Pyschologist", "peadiatrician", "CAHMS", "Senco").
 *
 * No pattern is tuned to one test sentence: each is a family of phrasings,
 * and its example is one member of that family.
 */
#define N(a) (sizeof(a) / sizeof((a)[0]))

/* "psychologist" as typed in real letters: psychologist, pyschologist,
 * psycologist, phsychologist. */
#define PSYCH "p(?:s|y|h){1,4}c?h?olog"
/* paediatrician, pediatrician, peadiatrician, paeditrician, pediatrition. */
#define PAED "p(?:ae|ea|e|a)d[ie]?a?tri(?:ci|ti|si)[ao]ns?"
/* paediatric(s), pediatric, peadiatric. */
#define PAEDIC "p(?:ae|ea|e)d[ie]?atrics?"
/* "and" as written between two words: and, &, +. */
#define AND "\\s*(?:and|&|\\+)\\s*"

/* ------------------------------------------------------------------------ */
/* Professionals mentioned (target: sb_professional).                       */
/* ------------------------------------------------------------------------ */
static const sb_pattern sb_professional_patterns[] = {
    /* The title, with the misspellings people type. */
    {"ep-title", "(?i)\\beducational\\s+" PSYCH "(?:ist|ists|y|ical)\\b",
     "referred to the Educational Pyschologist", "educational progress", SB_PRO_EP, 0, 0, 0},
    /* Short forms: "Ed Psych", "Ed. Psych.", "EdPsych". */
    {"ep-edpsych", "(?i)\\bed\\.?\\s?psych\\b", "an Ed Psych assessment", NULL, SB_PRO_EP, 0, 0, 0},
    /* The abbreviation, case-sensitive: EP, EPs, EPS (the service). */
    {"ep-abbrev", "\\b(?:EP|EPs|EPS|TEP)\\b", "the EP visited school", "step by step", SB_PRO_EP, 0,
     0, 0},
    /* Psychological advice for an EHC needs assessment comes from an EP
     * (SEND Regulations 2014 reg 6(1)(d)). */
    {"ep-advice", "(?i)\\bpsychological\\s+advice\\b", "psychological advice was sought", NULL,
     SB_PRO_EP, 0, 0, 0},

    /* The therapist or the service: "speech and language therapist",
     * "Speech & Language Therapy Service", "speech and language team". */
    {"salt-title",
     "(?i)\\bspeech" AND "language\\s+(?:therap\\w*|service|team|department|clinic\\w*"
     "|practitioner|assessment|advice|report|input|programme|intervention)",
     "Speech & Language Therapy Service", "speech and language needs", SB_PRO_SALT, 0, 0, 0},
    /* "speech therapist", "speech therapy". */
    {"salt-speech-therapy", "(?i)\\bspeech\\s+therap\\w*", "seen by a speech therapist", NULL,
     SB_PRO_SALT, 0, 0, 0},
    /* SALT, SaLT, Salt, S&LT, RCSLT (the college): never all lower case
     * ("salt" is food). */
    {"salt-abbrev", "\\b(?:S[Aa][Ll][Tt]s?|S\\s?&\\s?LT|RCSLT)\\b", "SaLT input weekly",
     "a pinch of salt", SB_PRO_SALT, 0, 0, 0},
    /* SLT: also a school's senior leadership team, so only with speech
     * or language elsewhere in the document. */
    /* "the SLT team", "NHS SLT", "SLT report": the therapy service. */
    {"salt-slt-service",
     "\\bNHS\\s+SLT\\b|\\bSLTs?\\s+(?:team|service|department|report|advice|input|assessment|"
     "referral|programme|recommend\\w*|therapist|sessions?|targets)\\b",
     "the NHS SLT team", "SLT meeting", SB_PRO_SALT, 0, 0, 0},
    {"salt-slt", "\\bSLTs?\\b", "the SLT recommended", "slt", SB_PRO_SALT, 0, 0,
     SB_PAT_NEEDS_SPEECH},

    {"ot-title", "(?i)\\boccupational\\s+therap\\w*", "Occupational Therapy report", NULL,
     SB_PRO_OT, 0, 0, 0},
    /* OT, OTs, O.T.: case-sensitive with word boundaries, never "not". */
    {"ot-abbrev", "\\b(?:OTs?|O\\.T\\.)(?![\\p{L}])", "a referral to OT", "I do not know",
     SB_PRO_OT, 0, 0, 0},

    /* CAMHS and the misspelling CAHMS, any case; CYPMHS is the newer name. */
    {"camhs-abbrev", "(?i)\\b(?:CAMHS?|CAHMS?|CYPMHS?)\\b", "referred to CAHMS", "cameras",
     SB_PRO_CAMHS, 0, 0, 0},
    /* Child and Adolescent Mental Health Service(s), Children and Young
     * People's Mental Health Service. */
    {"camhs-name",
     "(?i)\\bchild(?:ren)?(?:'s)?" AND "(?:adolescent|young\\s+people'?s?)\\s+mental\\s+health",
     "Child and Adolescent Mental Health Services", NULL, SB_PRO_CAMHS, 0, 0, 0},
    /* A psychiatrist in a child's case is a CAMHS psychiatrist. */
    {"camhs-psychiatrist", "(?i)\\b(?:child" AND "adolescent\\s+|child\\s+)?psychiatrists?\\b",
     "Consultant Child and Adolescent Psychiatrist", "psychiatric", SB_PRO_CAMHS, 0, 0, 0},

    {"paed-title", "(?i)\\b" PAED "\\b", "seen by the peadiatrician", "paediatric physio",
     SB_PRO_PAEDIATRICIAN, 0, 0, 0},
    /* The department: "Community Paediatrics". */
    {"paed-dept",
     "(?i)\\b(?:community\\s+)?p(?:ae|ea|e)d[ie]?atrics\\b|\\bcommunity\\s+" PAEDIC "\\b",
     "under Community Paediatrics", "Paediatric Occupational Therapy", SB_PRO_PAEDIATRICIAN, 0, 0,
     0},
    /* "paediatric clinic", "paediatric consultant": the doctor, not
     * "paediatric physiotherapy". */
    {"paed-clinic",
     "(?i)\\b" PAEDIC "\\s+(?:consultant|clinic|department|outpatients?|registrar|appointment"
     "|review|follow[- ]up|assessment|doctor|team|service)\\b",
     "at the paediatric clinic", "paediatric physiotherapy service", SB_PRO_PAEDIATRICIAN, 0, 0, 0},
    /* "Paeds": ward slang in clinic letters. */
    {"paed-slang", "(?i)\\bpa?eds\\b", "referred back to paeds", "it speeds up",
     SB_PRO_PAEDIATRICIAN, 0, 0, 0},

    /* physio, physios, physiotherapy, physiotherapist(s); not "physiological". */
    {"physio", "(?i)\\bphysio(?:s|therap\\w*)?\\b", "a physio programme", "physiological",
     SB_PRO_PHYSIOTHERAPIST, 0, 0, 0},
    {"physio-physical-therapy", "(?i)\\bphysical\\s+therap(?:y|ist|ists)\\b",
     "physical therapy twice a week", NULL, SB_PRO_PHYSIOTHERAPIST, 0, 0, 0},

    /* SENCO, SENCo, SENDCo, Senco, SENCOs. */
    {"senco-abbrev", "(?i)\\bSEND?\\s?Co(?:s|'s)?\\b", "spoke to the SENDCo", "send copies",
     SB_PRO_SENCO, 0, 0, 0},
    /* Special Educational Needs (and Disabilities) Co-ordinator, SEN Coordinator. */
    {"senco-title",
     "(?i)\\b(?:special\\s+(?:educational\\s+)?needs?(?:" AND "disabilit(?:y|ies))?|SEND?)"
     "\\s*(?:\\(SENC?O?\\)\\s*)?co-?ordinator",
     "Special Educational Needs Co-ordinator", NULL, SB_PRO_SENCO, 0, 0, 0},
};
static const size_t sb_professional_patterns_count = N(sb_professional_patterns);

/* ------------------------------------------------------------------------ */
/* Kind cues (target: sb_kind). Each cue adds weight x hits (hits capped at */
/* max_hits) to its kind; the kind with the highest score wins (ties go to  */
/* the earlier kind in sb_kind order), and below SB_KIND_MIN_SCORE the kind */
/* is "other". sb_extract.c adds a few structural cues (e-mail headers,     */
/* author's role) whose weights are listed there.                           */
/* ------------------------------------------------------------------------ */
static const sb_pattern sb_kind_cues[] = {
    /* --- la_decision: a council decides to (not) assess, issue, amend,
     * cease (Children and Families Act 2014 s.36(8), s.37, s.44, s.45). */
    {"la-has-decided",
     "(?i)\\b(?:we|the\\s+(?:local\\s+authority|council|LA|authority|panel|SEND?\\s+panel))"
     "\\b[^.]{0,60}?\\b(?:has|have)\\s+(?:now\\s+|therefore\\s+|carefully\\s+|also\\s+)?"
     "(?:decided|agreed|concluded|determined)\\b|\\bagreed\\s+to\\s+(?:carry\\s+out|undertake|"
     "issue|assess|proceed\\s+with)\\b",
     "The local authority has decided not to carry out", "I have decided", SB_KIND_LA_DECISION, 5,
     1, SB_PAT_DECISIVE},
    {"la-decision-to",
     "(?i)\\b(?:decided|decision)\\s+(?:is\\s+)?(?:not\\s+)?to\\s+(?:carry\\s+out|undertake"
     "|proceed|conduct|issue|amend|cease|maintain|assess|make|refuse|not)\\b",
     "our decision not to issue an EHC plan", NULL, SB_KIND_LA_DECISION, 4, 1, SB_PAT_DECISIVE},
    /* The appeal rights that every decision letter must give (SEND
     * Regulations 2014 reg 5(3), reg 10(4)). */
    {"la-right-of-appeal",
     "(?i)\\bright\\s+(?:of|to)\\s+appeal\\b|\\bappeal\\s+rights\\b|\\byou\\s+(?:can|may|"
     "are\\s+entitled\\s+to)\\s+(?:also\\s+)?appeal\\b",
     "Your right of appeal", NULL, SB_KIND_LA_DECISION, 4, 1, SB_PAT_DECISIVE},
    {"la-two-months-of-this-letter",
     "(?i)\\b(?:two|2)\\s+months\\s+(?:of|from|after)\\s+the\\s+date\\s+(?:of|on)\\s+this\\s+"
     "(?:letter|notice|decision)",
     "within two months of the date of this letter", NULL, SB_KIND_LA_DECISION, 4, 1,
     SB_PAT_DECISIVE},
    {"la-refusal",
     "(?i)\\b(?:refus\\w*|declin\\w*|not\\s+agreed?|(?:unable|not\\s+able)\\s+to\\s+agree"
     "(?:\\s+to)?|did\\s+not\\s+agree(?:\\s+to)?)\\s+(?:your\\s+|the\\s+|this\\s+)?"
     "(?:request|to\\s+(?:carry\\s+out|assess|issue|undertake))",
     "refused the request", NULL, SB_KIND_LA_DECISION, 3, 1, SB_PAT_DECISIVE},
    {"la-will-assess",
     "(?i)\\bwe\\s+(?:will|shall)\\s+(?:now\\s+)?(?:carry\\s+out|proceed\\s+with|begin|start"
     "|undertake|issue|amend|cease)\\b",
     "we will now carry out an EHC needs assessment", NULL, SB_KIND_LA_DECISION, 3, 1,
     SB_PAT_DECISIVE},
    {"la-panel",
     "(?i)\\b(?:SEND?|EHC|statutory|moderation|multi-agency|decision[- ]making)\\s+"
     "(?:assessment\\s+)?panel\\b|\\bpanel\\s+(?:met|considered|agreed|decided|concluded)",
     "The SEND panel considered", NULL, SB_KIND_LA_DECISION, 2, 1, 0},
    {"la-ehc-needs-assessment",
     "(?i)\\b(?:EHC|education,?\\s+health" AND "care)\\s+needs\\s+assessment",
     "an EHC needs assessment", NULL, SB_KIND_LA_DECISION, 2, 1, 0},
    {"la-normally-available", "(?i)\\bresources\\s+(?:normally|ordinarily|usually)\\s+available",
     "the resources normally available to the school", NULL, SB_KIND_LA_DECISION, 3, 1, 0},
    {"la-notice", "(?i)\\bnotice\\s+of\\s+(?:decision|intention|the\\s+local\\s+authority)",
     "Notice of decision", NULL, SB_KIND_LA_DECISION, 3, 1, SB_PAT_DECISIVE},
    {"la-disagreement-resolution", "(?i)\\bdisagreement\\s+resolution",
     "our disagreement resolution service", NULL, SB_KIND_LA_DECISION, 2, 1, 0},
    {"la-final-plan",
     "(?i)\\bfinal\\s+(?:EHC\\s*P?|education,?\\s+health" AND "care)\\s*(?:plan)?\\b"
     ".{0,60}\\b(?:enclosed|attached|issued)",
     "the final EHC plan is enclosed", NULL, SB_KIND_LA_DECISION, 3, 1, SB_PAT_DECISIVE},
    {"la-letterhead",
     "(?i)\\b(?:(?:county|borough|city|district|metropolitan)\\s+council|council|"
     "local\\s+authority|county\\s+hall|civic\\s+(?:centre|offices)|town\\s+hall)\\b",
     "Northshire County Council", NULL, SB_KIND_LA_DECISION, 2, 1, SB_PAT_HEAD},
    /* A parent or solicitor who writes "my son" is not the council. */
    {"la-not-parent", "(?i)\\b(?:my|our)\\s+(?:son|daughter|child)\\b", "my son's school", NULL,
     SB_KIND_LA_DECISION, -4, 1, 0},

    /* --- mediation_certificate (Children and Families Act 2014 s.55(3),
     * (5); SEND Regulations 2014 reg 34, 35). */
    {"med-title", "(?i)^\\W*mediation\\s+certificate\\W*$", "MEDIATION CERTIFICATE", NULL,
     SB_KIND_MEDIATION_CERTIFICATE, 8, 1, SB_PAT_HEAD | SB_PAT_DECISIVE | SB_PAT_TITLE},
    {"med-certificate", "(?i)\\bmediation\\s+certificate\\b", "obtain a mediation certificate",
     NULL, SB_KIND_MEDIATION_CERTIFICATE, 4, 1, 0},
    {"med-section-55", "(?i)\\bsection\\s+55\\b|\\bs\\.?\\s?55\\s*\\(", "Section 55(4)", NULL,
     SB_KIND_MEDIATION_CERTIFICATE, 3, 1, SB_PAT_DECISIVE},
    {"med-this-certifies",
     "(?i)\\bthis\\s+(?:is\\s+to\\s+certify|certificate\\s+(?:confirms|is\\s+issued|"
     "certifies)|certifies)|\\bI\\s+(?:hereby\\s+)?certify\\b|\\bcertif(?:y|ies)\\s+that\\b",
     "This certificate confirms that", NULL, SB_KIND_MEDIATION_CERTIFICATE, 5, 1, SB_PAT_DECISIVE},
    {"med-certificate-number", "(?i)\\bcertificate\\s+(?:number|no\\.?|ref(?:erence)?|ID)\\b",
     "Certificate number: NMP-2026-1183", NULL, SB_KIND_MEDIATION_CERTIFICATE, 5, 1,
     SB_PAT_DECISIVE},
    {"med-not-pursue",
     "(?i)\\b(?:decided|chose|chosen|elected|wishes|does\\s+not\\s+wish|do\\s+not\\s+wish)\\s+"
     "(?:not\\s+)?to\\s+(?:pursue|take\\s+part\\s+in|proceed\\s+with|go\\s+ahead\\s+with"
     "|engage\\s+in|participate\\s+in|enter\\s+into)\\s+mediation",
     "decided not to pursue mediation", NULL, SB_KIND_MEDIATION_CERTIFICATE, 5, 1, SB_PAT_DECISIVE},
    {"med-took-place",
     "(?i)\\bmediation\\s+(?:has\\s+)?(?:took|taken|take)\\s+place|\\bmediation\\s+(?:was|has"
     "\\s+been)\\s+(?:unsuccessful|completed|concluded|held|attempted)",
     "mediation took place on", NULL, SB_KIND_MEDIATION_CERTIFICATE, 3, 1, SB_PAT_DECISIVE},
    {"med-adviser", "(?i)\\bmediation\\s+advi[sc]er\\b", "the mediation adviser", NULL,
     SB_KIND_MEDIATION_CERTIFICATE, 2, 1, 0},
    {"med-head", "(?i)\\bmediation\\b", "Northshire Mediation Partnership", NULL,
     SB_KIND_MEDIATION_CERTIFICATE, 2, 1, SB_PAT_HEAD},

    /* --- professional_report: EP, SALT, OT, CAMHS, paediatric, physio. */
    /* A title line: "EDUCATIONAL PSYCHOLOGY REPORT", "Paediatric
     * Physiotherapy Report", "Psychological Advice for ...", not the same
     * words inside a sentence ("waiting for an OT assessment"). */
    {"rep-title",
     "(?i)^\\W*(?:(?-i:\\p{Lu})[\\p{L}'&-]*\\s+){0,4}(?:educational\\s+" PSYCH "\\w*|"
     "psycholog\\w*|"
     "speech(?:" AND "language)?"
     "(?:\\s+therapy)?|language|occupational\\s+therapy|physiotherapy|" PAEDIC "|medical"
     "|clinical|sensory|cognitive|OT|SA?LT|EP|CAMHS|specialist\\s+teach\\w*|advisory"
     "\\s+teach\\w*|outreach|autism|neurodevelopmental|multi-?disciplinary|therapy)"
     "\\s+(?:report|assessment\\s+report|advice|summary|review\\s+report|evaluation"
     "|assessment|consultation\\s+record)\\b[^\\n]{0,60}$",
     "EDUCATIONAL PSYCHOLOGY REPORT",
     "He waits for an occupational therapy assessment for his "
     "handwriting",
     SB_KIND_PROFESSIONAL_REPORT, 6, 1, SB_PAT_HEAD | SB_PAT_TITLE},
    {"rep-title-generic",
     "(?i)^\\W*(?:assessment\\s+)?report(?:\\s+(?:on|of|for|to)\\s.{0,60})?\\s*$|"
     "^\\W*clinic\\s+letter\\b|^\\W*(?:advice|report)\\s+(?:for|to)\\s+(?:the\\s+)?"
     "(?:EHC|education|statutory)",
     "Advice for the EHC needs assessment", "Report date: 3 March", SB_KIND_PROFESSIONAL_REPORT, 4,
     1, SB_PAT_HEAD | SB_PAT_TITLE},
    /* "Amira is known to the paediatric physiotherapy service". */
    {"rep-known-to",
     "(?i)\\b(?:is|was|has\\s+been)\\s+(?:known\\s+to|under\\s+the\\s+care\\s+of|seen\\s+by)\\s+"
     "(?:the\\s+|our\\s+)?(?:[\\w-]+\\s+){0,3}(?:service|team|clinic|department)\\b",
     "She is known to the paediatric physiotherapy service", NULL, SB_KIND_PROFESSIONAL_REPORT, 2,
     1, 0},
    {"rep-referral",
     "(?i)^\\W*(?:\\d+\\.?\\s*)?(?:reasons?\\s+for\\s+(?:referral|involvement|assessment|"
     "the\\s+(?:referral|assessment))|referral\\s+(?:reason|information|question|concerns)"
     "|presenting\\s+(?:concerns|difficulties|needs|problems?|complaint))\\b",
     "Reason for referral", NULL, SB_KIND_PROFESSIONAL_REPORT, 4, 1, 0},
    {"rep-background-heading",
     "(?i)^\\W*(?:\\d+\\.?\\s*)?(?:relevant\\s+)?background(?:\\s+(?:information|history|and"
     "\\s+\\w+))?\\W*$|^\\W*(?:developmental|medical|birth|family)\\s+history\\W*$",
     "Background information", NULL, SB_KIND_PROFESSIONAL_REPORT, 2, 1, 0},
    {"rep-findings-heading",
     "(?i)^\\W*(?:\\d+\\.?\\s*)?(?:assessment\\s+(?:results|findings|carried\\s+out|"
     "undertaken|methods?|tools\\s+used)|findings|test\\s+results|formulation|impressions?|"
     "clinical\\s+impression|(?:summary\\s+and\\s+)?conclusions?|opinion|diagnosis|"
     "observations?(?:\\s+in\\s+\\w+)?)\\W*$",
     "Assessment results", NULL, SB_KIND_PROFESSIONAL_REPORT, 2, 2, 0},
    {"rep-recommendations", "(?i)^\\W*(?:\\d+\\.?\\s*)?recommendations?\\b", "Recommendations",
     NULL, SB_KIND_PROFESSIONAL_REPORT, 2, 1, 0},
    {"rep-scores",
     "(?i)\\b(?:standardi[sz]ed|standard\\s+scores?|percentiles?|centiles?|age[- ]"
     "equivalents?|scaled\\s+scores?|composite\\s+scores?|confidence\\s+intervals?|"
     "T-scores?|(?:below|above|within)\\s+the\\s+average\\s+range)\\b",
     "a standard score of 78", NULL, SB_KIND_PROFESSIONAL_REPORT, 4, 1, 0},
    /* Named tests: WISC-V, BAS3, CELF-5, BPVS, TROG, Movement ABC,
     * Beery VMI, ADOS-2, Sensory Profile, WIAT, TOWRE, YARC, CTOPP. */
    {"rep-named-tests",
     "\\b(?:WISC|WPPSI|BAS\\s?(?:3|II|III)|CELF|BPVS|TROG|RAPT|WIAT|TOWRE|YARC|DASH|Beery|VMI"
     "|MABC|ADOS|ADI-R|3di|Conners|CTOPP|PhAB|WRAT|Renfrew|SDQ|GMFCS|DCDQ|PEDI|ACE\\s?6-11"
     "|BRIEF-?2?|Vineland)\\b|(?i:\\bmovement\\s+ABC|\\bsensory\\s+profile|\\bDerbyshire"
     "\\s+language|\\bbus\\s+story|\\bwechsler|\\bBritish\\s+Ability\\s+Scales)",
     "the WISC-V was used", "wisconsin", SB_KIND_PROFESSIONAL_REPORT, 4, 1, 0},
    {"rep-hcpc", "(?i)\\bHCPC\\b|\\bHPC\\s+reg|\\bGMC\\s+(?:no|number|\\d{7}\\b)",
     "HCPC registered", NULL, SB_KIND_PROFESSIONAL_REPORT, 2, 1, 0},
    {"rep-date-of-assessment",
     "(?i)\\bdates?\\s+of\\s+(?:assessment|observation|visit|clinic|appointment|consultation"
     "|involvement|contact)|\\b(?:assessment|clinic|observation)\\s+dates?\\b",
     "Date of assessment", NULL, SB_KIND_PROFESSIONAL_REPORT, 3, 1, 0},
    /* A clinician's own voice: "I saw Riley", "I assessed him". */
    {"rep-clinician-voice",
     "\\b(?:I|[Ww]e)\\s+(?:saw|met|assessed|observed|reviewed|examined|have\\s+seen|"
     "have\\s+assessed)\\s+(?:\\p{Lu}|him\\b|her\\b|them\\b)",
     "I saw Riley in clinic", NULL, SB_KIND_PROFESSIONAL_REPORT, 3, 1, 0},
    {"rep-clinic",
     "(?i)\\b(?:seen|reviewed|assessed|attended)\\s+(?:today\\s+)?(?:in|at)\\s+(?:the\\s+|my\\s+)?"
     "(?:\\w+\\s+)?(?:clinic|outpatients?)\\b|\\bclinic\\s+(?:letter|date|attendance)\\b",
     "seen today in the community clinic", NULL, SB_KIND_PROFESSIONAL_REPORT, 3, 1, 0},
    {"rep-nhs-number",
     "(?i)\\b(?:NHS|hospital|unit|CAMHS)\\s+(?:number|no\\.?)\\b|\\bDOB\\s*:.{0,40}\\bNHS",
     "NHS No: 485 777 3456", NULL, SB_KIND_PROFESSIONAL_REPORT, 3, 1, 0},
    {"rep-cc-gp", "(?i)^\\W*(?:cc|c\\.c\\.|copy(?:\\s+to)?|copies\\s+to)\\b.{0,60}\\bGP\\b",
     "cc: GP, Dr Shah", NULL, SB_KIND_PROFESSIONAL_REPORT, 2, 1, 0},
    {"rep-clinical",
     "(?i)\\b(?:on\\s+examination|examination\\s+(?:was|revealed)|management\\s+plan|"
     "diagnos(?:is|ed|tic)\\s+(?:of|with|assessment|criteria)|meets?\\s+(?:the\\s+)?"
     "(?:diagnostic\\s+)?criteria|medication|prescribed|height\\s+and\\s+weight)\\b",
     "meets the criteria for", NULL, SB_KIND_PROFESSIONAL_REPORT, 2, 2, 0},
    /* Clinical titles outside the seven professions, on a line of their
     * own (a signature or "Clinician:" line): GPs, audiologists, nurses. */
    {"rep-clinical-title",
     "(?i)^\\W*(?:(?:clinician|assessed\\s+by|seen\\s+by)\\s*:\\s*[^\\n]{0,40})?(?:general\\s+"
     "practitioner|clinical\\s+scientist|(?:paediatric\\s+)?audiologist|(?:clinical\\s+)?"
     "(?:nurse\\s+specialist|specialist\\s+nurse)|dieti[ct]ian|orthoptist|optometrist|"
     "consultant\\s+(?:ophthalmologist|neurologist|physician|surgeon))\\b[^\\n]{0,40}$",
     "General Practitioner", "a letter from the general practitioner about sleep",
     SB_KIND_PROFESSIONAL_REPORT, 3, 1, 0},
    /* A clinical record names the patient ("Patient: Freddie Cole"). */
    {"rep-patient-label",
     "(?i)^\\W*patient(?:'s)?(?:\\s+(?:name|details))?\\s*:", "Patient name: Ruby Sandhu",
     "Patients: please arrive early", SB_KIND_PROFESSIONAL_REPORT, 3, 1, 0},
    {"rep-ehc-advice",
     "(?i)\\b(?:psychological|educational|medical|health|therapy|speech" AND "language|"
     "occupational\\s+therapy|social\\s+care)\\s+advice\\b",
     "psychological advice", NULL, SB_KIND_PROFESSIONAL_REPORT, 2, 1, 0},

    /* --- school_plan: SEN support plans, IEPs, provision maps (Code of
     * Practice 6.44-6.56: assess, plan, do, review). */
    /* Plan names: a mention in the body ("keep the SEN support plan under
     * review") weighs less than the same words as the title. */
    {"plan-sen-support-plan", "(?i)\\bSEND?\\s+support\\s+plan\\b", "SEN Support Plan", NULL,
     SB_KIND_SCHOOL_PLAN, 3, 1, 0},
    {"plan-iep",
     "(?i)\\bindividual(?:i[sz]ed)?\\s+(?:education(?:al)?|learning|behaviou?r|provision|"
     "support)\\s+(?:plan|map|programme)\\b|\\bI[EBL]Ps?\\b",
     "Individual Education Plan", NULL, SB_KIND_SCHOOL_PLAN, 3, 1, 0},
    {"plan-provision-map", "(?i)\\bprovision\\s+map", "provision map", NULL, SB_KIND_SCHOOL_PLAN, 3,
     1, 0},
    {"plan-named",
     "(?i)\\b(?:my\\s+support\\s+plan|pupil\\s+(?:passport|profile)|one[- ]page\\s+profile|"
     "(?:pastoral|behaviou?r|positive\\s+behaviou?r|personal)\\s+support\\s+plan|"
     "(?:learning|support|inclusion)\\s+passport|assess\\W+plan\\W+do\\W+review|APDR)\\b",
     "Pupil Passport", NULL, SB_KIND_SCHOOL_PLAN, 3, 1, 0},
    {"plan-title-head",
     "(?i)^\\W*(?:[\\w'-]+\\s+){0,4}(?:support|education|learning|provision|behaviou?r)"
     "\\s+(?:plan|map)\\b|^\\W*(?:my\\s+support\\s+plan|pupil\\s+(?:passport|profile)|"
     "one[- ]page\\s+profile|I[EBL]P)\\b",
     "SEND SUPPORT PLAN", "Please read the EHC plan", SB_KIND_SCHOOL_PLAN, 7, 1,
     SB_PAT_HEAD | SB_PAT_TITLE},
    /* What school staff write: "SENDCo Report for Annual Review", "School
     * advice for EHC needs assessment". */
    {"plan-school-report",
     "(?i)^\\W*(?:SEND?\\s?Co|school|teacher|class\\s+teacher|head\\s*teacher|pastoral|"
     "setting|nursery)(?:'s)?\\s+(?:report|advice|summary|information)\\b",
     "SENDCo Report for Annual Review", "School Road", SB_KIND_SCHOOL_PLAN, 6, 1,
     SB_PAT_HEAD | SB_PAT_TITLE},
    {"plan-annual-review",
     "(?i)^\\W*(?:(?:EHC\\s*P?|education,?\\s+health" AND "care)\\s+(?:plan\\s+)?)?annual\\s+"
     "review\\W+(?:\\w+\\s+){0,2}(?:report|summary|form|record|paperwork|minutes|notes)\\b",
     "EHC Plan Annual Review - Summary and Recommendations", "Annual review of Daniel's plan",
     SB_KIND_SCHOOL_PLAN, 5, 1, SB_PAT_HEAD | SB_PAT_TITLE},
    {"plan-progress-outcomes",
     "(?i)\\bprogress\\s+(?:towards|against|on)\\s+(?:(?:the|his|her|their|agreed)\\s+)?"
     "(?:outcomes|targets)\\b",
     "Progress towards outcomes", NULL, SB_KIND_SCHOOL_PLAN, 2, 1, 0},
    {"plan-success-criteria", "(?i)\\bsuccess\\s+criteria\\b", "Success criteria", NULL,
     SB_KIND_SCHOOL_PLAN, 3, 1, 0},
    {"plan-targets",
     "(?i)^\\W*(?:(?:SMART|my|short[- ]term|long[- ]term|individual|current|new)\\s+)?"
     "targets?\\b|\\btarget\\s*(?:\\d|one|two|three)\\b",
     "Target 1: Riley will", NULL, SB_KIND_SCHOOL_PLAN, 3, 1, 0},
    {"plan-review",
     "(?i)\\b(?:review\\s+date|date\\s+of\\s+(?:next\\s+)?review|next\\s+review|"
     "review\\s+of\\s+(?:targets|outcomes|progress)|reviewed\\s+(?:on|termly|every))\\b",
     "Review date: 12 December", NULL, SB_KIND_SCHOOL_PLAN, 2, 1, 0},
    {"plan-achieved",
     "(?i)\\b(?:partially\\s+achieved|not\\s+(?:yet\\s+)?achieved|achieved\\s*[/:]|"
     "target\\s+(?:met|achieved)|outcome\\s+(?:met|achieved))",
     "Partially achieved", NULL, SB_KIND_SCHOOL_PLAN, 3, 1, 0},
    {"plan-who-when",
     "(?i)\\b(?:who\\s+will|staff\\s+responsible|person\\s+responsible|by\\s+whom|"
     "frequency|how\\s+often|start\\s+date|end\\s+date|group\\s+size|staff\\s*:\\s*pupil"
     "\\s+ratio)\\b",
     "Staff responsible", NULL, SB_KIND_SCHOOL_PLAN, 1, 3, 0},
    {"plan-views",
     "(?i)\\b(?:pupil|child|young\\s+person|student)(?:'s)?\\s+views\\b|\\bmy\\s+views\\b|"
     "\\bviews\\s+of\\s+(?:the\\s+)?(?:child|young\\s+person|pupil|parents?)\\b|"
     "\\bparents?(?:'s|s')?\\s+(?:/\\s*carers?(?:'s|s')?\\s+)?views\\b|what\\s+(?:is|was|"
     "isn't|is\\s+not)\\s+working|what\\s+people\\s+(?:like|admire)|what\\s+is\\s+important"
     "\\s+to\\s+me",
     "Pupil's views", NULL, SB_KIND_SCHOOL_PLAN, 2, 1, 0},
    {"plan-school-words",
     "(?i)\\b(?:wave\\s+[123]|quality\\s+first\\s+teaching|graduated\\s+approach|"
     "interventions?\\s+(?:in\\s+place|group)|in\\s+class\\s+support|small\\s+group)\\b|"
     "\\b(?:QFT|LSA|TA)\\b",
     "Quality First Teaching", NULL, SB_KIND_SCHOOL_PLAN, 1, 2, 0},

    /* An EHC plan (Children and Families Act 2014 s.37; SEND Regulations
     * 2014 reg 12, sections A to K) is the council's plan, not a report or
     * a school's plan: its title and section headings take points from
     * both, so the plan itself is "other" (a decision letter that encloses
     * it keeps its own cues). */
    {"ehcp-title-not-report",
     "(?i)^\\W*(?:(?:draft|final|amended|proposed)\\s+)?(?:EHC\\s*P?|education,?\\s+health" AND
     "care)\\s+plan\\W*(?:(?:draft|final|amended|proposed)\\W*)?$",
     "Education, Health and Care Plan - FINAL", "EHC Plan Annual Review - Summary",
     SB_KIND_PROFESSIONAL_REPORT, -6, 1, SB_PAT_HEAD | SB_PAT_TITLE},
    {"ehcp-title-not-plan",
     "(?i)^\\W*(?:(?:draft|final|amended|proposed)\\s+)?(?:EHC\\s*P?|education,?\\s+health" AND
     "care)\\s+plan\\W*(?:(?:draft|final|amended|proposed)\\W*)?$",
     "Draft EHC Plan", "EHC Plan Annual Review - Summary", SB_KIND_SCHOOL_PLAN, -6, 1,
     SB_PAT_HEAD | SB_PAT_TITLE},
    {"ehcp-sections-not-report", "(?i)^\\W*section\\s+(?:[A-K]|H[12])\\s*[:.\\x{2013}-]",
     "Section F: Special educational provision", "Section 55(4)", SB_KIND_PROFESSIONAL_REPORT, -1,
     4, 0},

    /* --- correspondence: letters and e-mails that decide nothing. */
    {"corr-salutation", "(?i)^\\W*(?:dear\\s+\\S|to\\s+whom\\s+it\\s+may\\s+concern)",
     "Dear Mrs Morgan", NULL, SB_KIND_CORRESPONDENCE, 3, 1, 0},
    {"corr-closing",
     "(?i)^\\W*(?:yours\\s+(?:sincerely|faithfully|truly)|kind(?:est)?\\s+regards|"
     "best\\s+(?:wishes|regards)|many\\s+thanks|warm(?:est)?\\s+regards|regards)\\b",
     "Yours faithfully", NULL, SB_KIND_CORRESPONDENCE, 2, 1, 0},
    {"corr-parent-voice",
     "(?i)\\b(?:my|our)\\s+(?:son|daughter|child|boy|girl)\\b|\\bI\\s+am\\s+(?:his|her|their)"
     "\\s+(?:mother|father|parent|mum|dad)",
     "my son is now refusing school", NULL, SB_KIND_CORRESPONDENCE, 3, 1, 0},
    {"corr-solicitor",
     "(?i)\\b(?:we\\s+act\\s+(?:for|on\\s+behalf\\s+of)|our\\s+client(?:'s|s)?|"
     "pre-action\\s+protocol|letter\\s+before\\s+(?:claim|action)|without\\s+prejudice)\\b",
     "We act for Mrs Morgan", NULL, SB_KIND_CORRESPONDENCE, 4, 1, 0},
    {"corr-writing",
     "(?i)\\bI\\s+am\\s+writing\\b|\\b(?:please\\s+(?:find|see)\\s+attached|"
     "I\\s+look\\s+forward\\s+to|(?:I|we)\\s+would\\s+be\\s+grateful|thank\\s+you\\s+for\\s+your"
     "\\s+(?:letter|e-?mail|message|time))",
     "I am writing to ask", NULL, SB_KIND_CORRESPONDENCE, 1, 1, 0},
    /* An LA letter about what will happen next decides nothing yet. */
    {"corr-next-steps",
     "(?i)\\b(?:we|the\\s+(?:local\\s+authority|panel|council))\\s+will\\s+(?:write\\s+to\\s+you|"
     "let\\s+you\\s+know|make\\s+(?:a|its|the|our)\\s+decision|consider\\s+(?:your|the|this)\\s+"
     "request|contact\\s+you|be\\s+in\\s+touch)|\\bwe\\s+(?:have\\s+)?received\\s+your\\s+request",
     "we will write to you with the decision", NULL, SB_KIND_CORRESPONDENCE, 3, 1, 0},
    {"corr-appointment",
     "(?i)\\ban\\s+appointment\\s+(?:has\\s+been|is)\\s+(?:made|booked|arranged|offered)|"
     "\\bif\\s+you\\s+(?:cannot|can't|are\\s+unable\\s+to)\\s+(?:attend|keep)",
     "An appointment has been made for Riley", NULL, SB_KIND_CORRESPONDENCE, 3, 1, 0},
    {"corr-reply", "(?i)^\\W*(?:re|fw|fwd)\\s*:", "RE: Riley - EHCNA", NULL, SB_KIND_CORRESPONDENCE,
     1, 1, SB_PAT_HEAD},

    /* --- tribunal_document: the First-tier Tribunal (HESC) and the
     * Upper Tribunal (AAC). */
    {"trib-name", "(?i)\\bfirst[- ]tier\\s+tribunal\\b", "the First-tier Tribunal", NULL,
     SB_KIND_TRIBUNAL_DOCUMENT, 2, 1, 0},
    /* The court's name as a heading: "FIRST-TIER TRIBUNAL", "IN THE UPPER
     * TRIBUNAL" (a letter names it inside a sentence). */
    {"trib-name-head",
     "(?i)^\\W*(?:in\\s+the\\s+)?(?:first[- ]tier|upper)\\s+tribunal\\b|^\\W*SEND\\s+tribunal\\W*$",
     "FIRST-TIER TRIBUNAL", NULL, SB_KIND_TRIBUNAL_DOCUMENT, 4, 1,
     SB_PAT_HEAD | SB_PAT_DECISIVE | SB_PAT_TITLE},
    {"trib-chamber",
     "(?i)\\bhealth,?\\s+education" AND "social\\s+care\\s+(?:chamber)?|\\bHESC\\b|"
     "\\badministrative\\s+appeals\\s+chamber\\b|\\bSENDIST\\b",
     "Health, Education and Social Care Chamber", NULL, SB_KIND_TRIBUNAL_DOCUMENT, 5, 1,
     SB_PAT_DECISIVE},
    {"trib-parties", "\\b(?:Appellants?|APPELLANTS?|appellant(?:'s|s')?)\\b", "the Appellant", NULL,
     SB_KIND_TRIBUNAL_DOCUMENT, 4, 1, SB_PAT_DECISIVE},
    {"trib-respondent", "\\b(?:Respondents?|RESPONDENTS?|respondent(?:'s|s')?)\\b",
     "the Respondent", NULL, SB_KIND_TRIBUNAL_DOCUMENT, 3, 1, SB_PAT_DECISIVE},
    {"trib-judge",
     "\\b(?:Tribunal|TRIBUNAL|District|Upper\\s+Tribunal)\\s+(?:Judge|JUDGE)\\b|"
     "\\b(?:Judge|JUDGE)\\s+\\p{Lu}|\\bBefore\\s*:",
     "Tribunal Judge Helen Marsh", "judge for yourself", SB_KIND_TRIBUNAL_DOCUMENT, 4, 1,
     SB_PAT_DECISIVE},
    {"trib-members", "(?i)\\bspecialist\\s+members?\\b|\\bpanel\\s+members?\\s*:",
     "Specialist Member", NULL, SB_KIND_TRIBUNAL_DOCUMENT, 3, 1, SB_PAT_DECISIVE},
    {"trib-title",
     "(?i)^\\W*(?:decision(?:\\s+(?:and|with)\\s+reasons)?|(?:case\\s+management\\s+)?"
     "directions?(?:\\s+order)?|order|reasons|summary\\s+decision|decision\\s+notice|"
     "statement\\s+of\\s+reasons|DECISION\\s+OF\\s+THE\\s+\\w+\\s+TRIBUNAL)\\W*$",
     "DIRECTIONS", NULL, SB_KIND_TRIBUNAL_DOCUMENT, 3, 1,
     SB_PAT_HEAD | SB_PAT_DECISIVE | SB_PAT_TITLE},
    {"trib-ordered",
     "(?i)\\b(?:it\\s+is\\s+(?:hereby\\s+)?(?:ordered|directed)|the\\s+tribunal\\s+"
     "(?:directs|orders|makes\\s+the\\s+following)|directions?\\s+(?:are|is)\\s+(?:given|made)"
     "|the\\s+appeal\\s+is\\s+(?:allowed|dismissed|struck\\s+out|upheld|withdrawn)|"
     "(?:appeal|application)\\s+(?:is\\s+)?(?:allowed|dismissed|refused|granted))\\b",
     "The appeal is allowed", NULL, SB_KIND_TRIBUNAL_DOCUMENT, 5, 1, SB_PAT_DECISIVE},
    {"trib-case-number",
     "(?i)\\b(?:case|appeal|tribunal)\\s+(?:no\\.?|number|ref(?:erence)?)\\s*[:.]?\\s*"
     "[A-Z0-9]|\\b(?:EH|SE|DI|HS|DE)\\d{3}/\\d{2}/\\d{3,5}\\b|\\bUA-\\d{4}-",
     "Appeal number: EH881/26/00117", NULL, SB_KIND_TRIBUNAL_DOCUMENT, 4, 1, SB_PAT_DECISIVE},
    {"trib-the-tribunal", "(?i)\\bthe\\s+tribunal\\b", "the Tribunal", NULL,
     SB_KIND_TRIBUNAL_DOCUMENT, 1, 6, 0},
    {"trib-rules",
     "(?i)\\bTribunal\\s+Procedure\\s+(?:\\(First-tier\\s+Tribunal\\)|Rules)|\\bthe\\s+2008"
     "\\s+Rules\\b|\\brule\\s+\\d+\\s*\\(\\d+\\)",
     "rule 5(3) of the Tribunal Procedure", NULL, SB_KIND_TRIBUNAL_DOCUMENT, 4, 1, SB_PAT_DECISIVE},
    {"trib-citation", "\\b(?:UKUT|UKFTT)\\b|\\(AAC\\)|(?i:\\bneutral\\s+citation)",
     "[2025] UKUT 12 (AAC)", NULL, SB_KIND_TRIBUNAL_DOCUMENT, 5, 1, SB_PAT_DECISIVE},
    {"trib-hearing",
     "(?i)\\b(?:hearing\\s+(?:date|bundle|venue)|final\\s+hearing|heard\\s+(?:on|at)|"
     "date\\s+of\\s+hearing|paper\\s+hearing|video\\s+hearing|mode\\s+of\\s+hearing|"
     "(?:the\\s+)?hearing\\s+(?:was|will\\s+be)\\s+held)\\b",
     "Date of hearing", NULL, SB_KIND_TRIBUNAL_DOCUMENT, 2, 1, 0},
    {"trib-forms",
     "(?i)\\b(?:working\\s+document|case\\s+statement|SEN\\s?(?:3[25]|1|2)\\b|attendance"
     "\\s+form|permission\\s+to\\s+appeal)",
     "the working document", NULL, SB_KIND_TRIBUNAL_DOCUMENT, 2, 1, 0},

    /* --- guidance: the Code of Practice, statutory guidance, councils'
     * and charities' guides. */
    {"guid-cop", "(?i)\\bcode\\s+of\\s+practice\\b", "the SEND Code of Practice", NULL,
     SB_KIND_GUIDANCE, 1, 1, 0},
    {"guid-cop-head",
     "(?i)\\bcode\\s+of\\s+practice\\b|\\bstatutory\\s+guidance\\b|\\bguidance\\s+(?:for|on)\\b"
     "|\\b(?:a\\s+)?guide\\s+(?:for|to)\\b|\\bfact\\s?sheet\\b|\\binformation\\s+for\\s+parents",
     "Special educational needs and disability code of practice: 0 to 25 years", NULL,
     SB_KIND_GUIDANCE, 5, 1, SB_PAT_HEAD | SB_PAT_DECISIVE},
    {"guid-statutory", "(?i)\\bstatutory\\s+guidance\\b", "statutory guidance", NULL,
     SB_KIND_GUIDANCE, 3, 1, SB_PAT_DECISIVE},
    {"guid-this-guidance",
     "(?i)\\b(?:this|the\\s+following)\\s+(?:guidance|guide|leaflet|fact\\s?sheet|booklet|"
     "code)\\b|\\babout\\s+this\\s+(?:guidance|guide|document)|\\bwho\\s+is\\s+this\\s+"
     "(?:guidance|guide|leaflet)\\s+for",
     "This guidance sets out", NULL, SB_KIND_GUIDANCE, 5, 1, SB_PAT_DECISIVE},
    {"guid-web-page",
     "(?i)\\b(?:this|the\\s+following)\\s+(?:page|article|section|chapter|factsheet)\\s+"
     "(?:explains|describes|sets\\s+out|covers|tells\\s+you|looks\\s+at|is\\s+about)|"
     "\\b(?:page\\s+)?last\\s+(?:reviewed|updated)\\b|\\bwhat\\s+the\\s+law\\s+says\\b",
     "This page explains when", NULL, SB_KIND_GUIDANCE, 4, 1, SB_PAT_DECISIVE},
    {"guid-your-child", "(?i)\\byour\\s+child(?:'s)?\\b", "your child's school", NULL,
     SB_KIND_GUIDANCE, 1, 3, 0},
    {"guid-authorities-must",
     "(?i)\\b(?:local\\s+authorities|schools|early\\s+years\\s+providers|colleges|health\\s+"
     "bodies|CCGs|ICBs)\\s+(?:must|should|have\\s+a\\s+duty)\\b",
     "Local authorities must", NULL, SB_KIND_GUIDANCE, 3, 1, SB_PAT_DECISIVE},
    {"guid-publication",
     "(?i)\\bcrown\\s+copyright\\b|\\bDFE-\\d{5}|\\bISBN\\b|\\b0\\s*(?:to|-)\\s*25\\s+years\\b"
     "|\\bpublished\\s*:?\\s*(?:\\d{1,2}\\s+)?(?:january|february|march|april|may|june|july"
     "|august|september|october|november|december)",
     "0 to 25 years", NULL, SB_KIND_GUIDANCE, 3, 1, SB_PAT_DECISIVE},
    {"guid-structure",
     "(?i)^\\W*(?:contents|table\\s+of\\s+contents|chapter\\s+\\d+|annex\\s+\\w|glossary"
     "|introduction|frequently\\s+asked\\s+questions|FAQs?)\\W*$",
     "Contents", NULL, SB_KIND_GUIDANCE, 1, 2, 0},
    {"guid-questions", "(?i)^\\W*(?:what|who|when|how|why|can|do|does|will)\\b[^\\n]{3,80}\\?\\s*$",
     "What is an EHC needs assessment?", NULL, SB_KIND_GUIDANCE, 1, 3, 0},
};
static const size_t sb_kind_cues_count = N(sb_kind_cues);

/* Prefilters of the kind cues (see sb_prefilter). Cues with only common
 * words ("corr-reply": "re") or too many words to look for have none. */
static const sb_prefilter sb_kind_needs[] = {
    {"la-has-decided", "decided|agreed|concluded|determined"},
    {"la-decision-to", "deci"},
    {"la-right-of-appeal", "appeal"},
    {"la-two-months-of-this-letter", "months"},
    {"la-refusal", "refus|declin|agree"},
    {"la-will-assess", "will|shall"},
    {"la-panel", "panel"},
    {"la-ehc-needs-assessment", "assessment"},
    {"la-normally-available", "available"},
    {"la-notice", "notice"},
    {"la-disagreement-resolution", "disagreement"},
    {"la-final-plan", "final"},
    {"la-letterhead", "council|authority|hall|civic"},
    {"la-not-parent", "son|daughter|child"},
    {"med-title", "mediation"},
    {"med-certificate", "mediation"},
    {"med-section-55", "55"},
    {"med-this-certifies", "certif"},
    {"med-certificate-number", "certificate"},
    {"med-not-pursue", "mediation"},
    {"med-took-place", "mediation"},
    {"med-adviser", "mediation"},
    {"med-head", "mediation"},
    {"rep-title", "report|advice|summary|evaluation|assessment|consultation"},
    {"rep-title-generic", "report|clinic|advice"},
    {"rep-known-to", "service|team|clinic|department"},
    {"rep-referral", "reason|referral|presenting"},
    {"rep-background-heading", "background|history"},
    {"rep-findings-heading", "results|findings|carried|undertaken|method|tools|formulation|"
			     "impression|conclusion|opinion|diagnosis|observation"},
    {"rep-recommendations", "recommendation"},
    {"rep-scores", "standardi|score|centile|equivalent|interval|average"},
    {"rep-hcpc", "hcpc|hpc|gmc"},
    {"rep-date-of-assessment", "date"},
    {"rep-clinician-voice", "saw|met|assessed|observed|reviewed|examined|seen"},
    {"rep-clinic", "clinic|outpatient"},
    {"rep-nhs-number", "nhs|hospital|unit|camhs"},
    {"rep-cc-gp", "gp"},
    {"rep-clinical", "examination|management|diagnos|criteria|medication|prescribed|height"},
    {"rep-clinical-title", "practitioner|scientist|audiologist|nurse|dieti|orthoptist|"
			   "optometrist|consultant"},
    {"rep-patient-label", "patient"},
    {"rep-ehc-advice", "advice"},
    {"plan-sen-support-plan", "support"},
    {"plan-iep", "individual|iep|ibp|ilp"},
    {"plan-provision-map", "provision"},
    {"plan-named", "passport|profile|plan|apdr"},
    {"plan-title-head", "plan|map|passport|profile|iep|ibp|ilp"},
    {"plan-school-report", "report|advice|summary|information"},
    {"plan-annual-review", "annual"},
    {"plan-progress-outcomes", "progress"},
    {"plan-success-criteria", "success"},
    {"plan-targets", "target"},
    {"plan-review", "review"},
    {"plan-achieved", "achieved|met"},
    {"plan-who-when", "who|responsible|frequency|often|date|size|ratio"},
    {"plan-views", "views|working|people|important"},
    {"ehcp-title-not-report", "plan"},
    {"ehcp-title-not-plan", "plan"},
    {"ehcp-sections-not-report", "section"},
    {"corr-salutation", "dear|whom"},
    {"corr-closing", "yours|regards|wishes|thanks"},
    {"corr-parent-voice", "son|daughter|child|boy|girl|mother|father|parent|mum|dad"},
    {"corr-solicitor", "act|client|protocol|letter|prejudice"},
    {"corr-writing", "writing|attached|forward|grateful|thank"},
    {"corr-next-steps", "will|received"},
    {"corr-appointment", "appointment|attend|keep"},
    {"trib-name", "tier"},
    {"trib-name-head", "tribunal"},
    {"trib-chamber", "social|hesc|chamber|sendist"},
    {"trib-parties", "appellant"},
    {"trib-respondent", "respondent"},
    {"trib-judge", "judge|before"},
    {"trib-members", "member"},
    {"trib-title", "decision|direction|order|reason|tribunal"},
    {"trib-ordered", "ordered|directed|tribunal|direction|appeal|application"},
    {"trib-case-number", "case|appeal|tribunal|/|ua-"},
    {"trib-the-tribunal", "tribunal"},
    {"trib-rules", "procedure|rule"},
    {"trib-citation", "ukut|ukftt|(aac)|citation"},
    {"trib-hearing", "hearing|heard"},
    {"trib-forms", "working|statement|sen|attendance|permission"},
    {"guid-cop", "practice"},
    {"guid-cop-head", "practice|guid|fact|information"},
    {"guid-statutory", "guidance"},
    {"guid-this-guidance", "guid|leaflet|fact|booklet|code|document"},
    {"guid-web-page", "explain|describe|sets|covers|tells|looks|about|last|law"},
    {"guid-your-child", "your"},
    {"guid-authorities-must", "must|should|duty"},
    {"guid-publication", "crown|dfe-|isbn|25|published"},
    {"guid-structure", "contents|chapter|annex|glossary|introduction|questions|faq"},
    {"guid-questions", "?"},
};
static const size_t sb_kind_needs_count = N(sb_kind_needs);

/* ------------------------------------------------------------------------ */
/* Areas of need (target: sb_area), SEND Code of Practice 2015 para 6.28-35. */
/* ------------------------------------------------------------------------ */
static const sb_pattern sb_area_patterns[] = {
    /* Cognition and learning (6.30-6.31). */
    {"cl-heading", "(?i)\\bcognition" AND "learning\\b",
     "her main need is in cognition and learning", NULL, SB_AREA_COGNITION_LEARNING, 0, 0,
     SB_PAT_HEADING_TERM},
    {"cl-learning-difficulty",
     "(?i)\\blearning\\s+(?:difficult(?:y|ies)|disabilit(?:y|ies)|delay)\\b",
     "moderate learning difficulties", NULL, SB_AREA_COGNITION_LEARNING, 0, 0, 0},
    {"cl-abbrev", "\\b(?:MLD|SLD|PMLD|SpLD|GDD)\\b", "a diagnosis of MLD", NULL,
     SB_AREA_COGNITION_LEARNING, 0, 0, 0},
    {"cl-dys", "(?i)\\bdys(?:lexi|calculi|graphi)\\w*", "assessed for dyslexia", NULL,
     SB_AREA_COGNITION_LEARNING, 0, 0, 0},
    {"cl-cognitive",
     "(?i)\\b(?:(?:working|short[- ]term|long[- ]term|auditory|visual|verbal)\\s+memory|"
     "processing\\s+speed|speed\\s+of\\s+(?:information\\s+)?processing|(?:verbal|"
     "non-?verbal|perceptual|fluid|spatial)\\s+(?:reasoning|abilit(?:y|ies))|general\\s+"
     "conceptual\\s+ability|cognitive\\s+(?:abilit\\w*|skills?|profile|assessment|functioning|"
     "difficult\\w*|development)|phonological\\s+(?:awareness|processing|skills))\\b",
     "weak working memory", NULL, SB_AREA_COGNITION_LEARNING, 0, 0, 0},
    /* Literacy and numeracy as needs, not as a timetable ("a literacy
     * lesson"): "reading age", "struggles with reading"; phonics and the
     * usual interventions. */
    {"cl-literacy",
     "(?i)\\b(?:literacy|numeracy)\\b(?!\\s+(?:lessons?|hour|time|class(?:es)?|homework|"
     "books?|co-?ordinator|lead))|\\bphonics\\b|\\b(?:reading|spelling|writing|maths?|"
     "mathematic(?:s|al))\\s+(?:skills?|difficult\\w*|age|attainment|delay|abilit\\w*|"
     "levels?|comprehension|accuracy|fluency|targets?|interventions?|catch-up|recovery)\\b|"
     "\\b(?:struggl\\w*|difficult(?:y|ies)|behind|problems?)\\s+(?:with|in)\\s+(?:(?:her|his|"
     "their|the)\\s+)?(?:reading|spelling|writing|maths?)\\b|"
     "\\b(?:toe\\s+by\\s+toe|precision\\s+teaching|lexia|nessy|numicon|read\\s+write\\s+inc)\\b",
     "a reading age of 6 years", "in a literacy lesson", SB_AREA_COGNITION_LEARNING, 0, 0, 0},
    {"cl-delay",
     "(?i)\\b(?:global\\s+)?developmental\\s+delay\\b|\\bintellectual\\s+disabilit\\w*|"
     "\\b(?:well\\s+|working\\s+)?below\\s+(?:age[- ]related\\s+expectations|the\\s+expected"
     "\\s+(?:level|standard)|national\\s+expectations|(?:his|her|their)\\s+peers)",
     "working below age-related expectations", NULL, SB_AREA_COGNITION_LEARNING, 0, 0, 0},

    /* Communication and interaction (6.28-6.29). */
    {"ci-heading", "(?i)\\bcommunication" AND "interaction\\b",
     "his needs are in communication and interaction", NULL, SB_AREA_COMMUNICATION_INTERACTION, 0,
     0, SB_PAT_HEADING_TERM},
    {"ci-autism", "(?i)\\bautis\\w*|\\basperger\\w*|\\b(?-i:ASD|ASC)\\b", "a diagnosis of ASD",
     NULL, SB_AREA_COMMUNICATION_INTERACTION, 0, 0, 0},
    {"ci-slcn",
     "(?i)\\b(?:speech|language|communication)(?:,?\\s+(?:(?:and|&)\\s+)?(?:speech|language|"
     "communication))*\\s+(?:difficult\\w*|delay\\w*|disorder\\w*|needs?|impairment|skills|"
     "development|problems?)\\b|\\b(?-i:SLCN|DLD|SLI)\\b",
     "speech, language and communication needs", "speech and language therapist",
     SB_AREA_COMMUNICATION_INTERACTION, 0, 0, 0},
    {"ci-social-communication",
     "(?i)\\bsocial\\s+(?:communication|interaction|skills|understanding)\\b",
     "difficulties with social interaction", NULL, SB_AREA_COMMUNICATION_INTERACTION, 0, 0, 0},
    {"ci-language",
     "(?i)\\b(?:expressive|receptive)(?:\\s+(?:and|&)\\s+(?:expressive|receptive))?\\s+"
     "language\\b|\\bunderstanding\\s+of\\s+(?:spoken\\s+)?language|\\bspeech\\s+sounds?\\b|"
     "\\bstammer\\w*|\\bstutter\\w*|\\bselective\\s+mutism|\\bnon-?verbal\\b(?!\\s+reasoning)"
     "|\\becholali\\w*|\\bpragmatic\\s+(?:language|skills)|\\bverbal\\s+dyspraxia|"
     "\\bintelligib\\w*|\\b(?-i:AAC|PECS)\\b|\\bMakaton\\b|\\beye\\s+contact|\\bturn[- ]taking",
     "limited receptive language", "non-verbal reasoning", SB_AREA_COMMUNICATION_INTERACTION, 0, 0,
     0},

    /* Social, emotional and mental health (6.32-6.33). */
    {"semh-heading",
     "(?i)\\bsocial,?\\s+emotional" AND "mental\\s+health\\b(?!\\s+(?:services?|team))|"
     "\\b(?-i:SEMH)\\b",
     "he has social, emotional and mental health needs", NULL, SB_AREA_SEMH, 0, 0,
     SB_PAT_HEADING_TERM},
    {"semh-abbrev", "\\b(?:ADHD|ADD|EBSA|EBSNA|OCD|PDA|ODD|PTSD)\\b", "assessed for ADHD", NULL,
     SB_AREA_SEMH, 0, 0, 0},
    {"semh-anxiety",
     "(?i)\\banxi(?:ety|ous|eties)\\b|\\bpanic\\s+attacks?\\b|\\blow\\s+mood\\b"
     "|\\bdepress(?:ion|ed|ive)\\b|\\bself[- ]?harm\\w*|\\bsuicid\\w*|\\btrauma(?:tic|tised)?\\b"
     "|\\battention\\s+deficit|\\bhyperactiv\\w*|\\bobsessive|\\beating\\s+disorder|"
     "\\btourette\\w*|\\bdemand\\s+avoidan\\w*|\\boppositional\\s+defiant|\\bmeltdowns?\\b",
     "she is very anxious in the mornings", NULL, SB_AREA_SEMH, 0, 0, 0},
    {"semh-mental-health",
     "(?i)\\bmental\\s+health\\b(?!\\s+(?:services?|team|practitioners?|nurses?|workers?|"
     "support\\s+team|trust|foundation))",
     "his mental health has declined", "Child and Adolescent Mental Health Service", SB_AREA_SEMH,
     0, 0, 0},
    {"semh-regulation",
     "(?i)\\b(?:emotional(?:ly)?|self|emotion)[- ]?(?:regulat\\w*|dysregulat\\w*)|"
     "\\bdysregulat\\w*|\\bemotional\\s+(?:wellbeing|well-being|difficult\\w*|needs|literacy)"
     "|\\bemotionally\\s+based\\s+school|\\bschool\\s+(?:refus\\w*|avoidance|phobia|"
     "non-attendance)\\b|\\battachment\\s+(?:difficult\\w*|disorder|needs|issues|style|"
     "based|aware)|\\b(?:insecure|disorganised|avoidant)\\s+attachment",
     "difficulties with emotional regulation", NULL, SB_AREA_SEMH, 0, 0, 0},
    {"semh-behaviour",
     "(?i)\\b(?:challenging|dysregulated|aggressive|disruptive)\\s+behaviou?r|\\bbehaviou?r"
     "(?:al)?\\s+(?:difficult\\w*|needs|problems|issues|challenges|concerns)\\b|"
     "\\bself[- ]esteem\\b|\\b(?:fixed[- ]term|permanent)\\s+exclusion|\\bsuspensions?\\b",
     "challenging behaviour at lunchtimes", NULL, SB_AREA_SEMH, 0, 0, 0},

    /* Sensory and/or physical needs (6.34-6.35). */
    {"sp-heading", "(?i)\\bsensory\\s*(?:and|&|/)\\s*(?:/\\s*or\\s+)?physical\\b",
     "her needs are sensory and physical as well", NULL, SB_AREA_SENSORY_PHYSICAL, 0, 0,
     SB_PAT_HEADING_TERM},
    {"sp-hearing-vision",
     "(?i)\\bhearing\\s+(?:impair\\w*|loss|aids?|difficult\\w*|needs)|\\bdeaf(?:ness)?\\b|"
     "\\bglue\\s+ear|\\bgrommets?\\b|\\bvisual(?:ly)?\\s+impair\\w*|\\bvisual\\s+(?:difficult"
     "\\w*|needs)|\\bsight\\s+(?:loss|impair\\w*)|\\bblind(?:ness)?\\b|\\bmulti-?sensory\\s+"
     "impair\\w*|\\b(?-i:MSI)\\b|\\b(?-i:HI|VI)\\b(?=\\s+(?:team|service|needs?|teacher|"
     "support|advisory))",
     "a moderate hearing loss", NULL, SB_AREA_SENSORY_PHYSICAL, 0, 0, 0},
    {"sp-sensory",
     "(?i)\\bsensory\\s+(?:processing|needs|integration|seeking|avoid\\w*|sensitivit\\w*|"
     "difficult\\w*|modulation|overload|profile|diet|breaks?|regulation|issues|differences|"
     "circuits?)|\\b(?:over-?|hyper-?)?sensitiv(?:e|ity)\\s+to\\s+(?:noise|sounds?|light|touch|"
     "textures?|smells?)",
     "sensory processing difficulties", NULL, SB_AREA_SENSORY_PHYSICAL, 0, 0, 0},
    {"sp-motor",
     "(?i)\\b(?:fine|gross)[- ]motor\\b|\\bmotor\\s+(?:skills|co-?ordination|planning|"
     "difficult\\w*|control|delay)|\\bdyspraxi\\w*|\\b(?-i:DCD)\\b|\\bdevelopmental\\s+"
     "co-?ordination\\s+disorder|\\bhandwriting\\b|\\bpencil\\s+grip|\\bbalance\\s+(?:and|&)\\s+"
     "co-?ordination|\\bco-?ordination\\s+difficult\\w*|\\bproprioceptive|\\bproprioception"
     "|\\bvestibular",
     "weak fine motor skills", NULL, SB_AREA_SENSORY_PHYSICAL, 0, 0, 0},
    {"sp-physical",
     "(?i)\\bphysical\\s+(?:disabilit\\w*|difficult\\w*|needs|impairment)|\\bcerebral\\s+palsy"
     "|\\bhypermobil\\w*|\\bhypotoni\\w*|\\b(?:low|poor|high)\\s+muscle\\s+tone|\\bmuscle\\s+"
     "tone\\b|\\bepilep\\w*|\\bseizures?\\b|\\bwheelchair|\\bmobility\\s+(?:difficult\\w*|needs|"
     "aids?)|\\bspina\\s+bifida|\\bmuscular\\s+dystrophy",
     "a diagnosis of cerebral palsy", NULL, SB_AREA_SENSORY_PHYSICAL, 0, 0, 0},
};
static const size_t sb_area_patterns_count = N(sb_area_patterns);

/* Prefilters of the areas of need (see sb_prefilter). */
static const sb_prefilter sb_area_needs[] = {
    {"cl-heading", "cognition"},
    {"cl-learning-difficulty", "learning"},
    {"cl-abbrev", "mld|sld|spld|gdd"},
    {"cl-dys", "dys"},
    {"cl-cognitive", "memory|processing|reasoning|abilit|conceptual|cognitive|phonological"},
    {"cl-literacy", "literacy|numeracy|phonics|read|spelling|writing|math|toe|precision|lexia|"
		    "nessy|numicon"},
    {"cl-delay", "delay|intellectual|below"},
    {"ci-heading", "interaction"},
    {"ci-autism", "autis|asperger|asd|asc"},
    {"ci-slcn", "speech|language|communication|slcn|dld|sli"},
    {"ci-social-communication", "social"},
    {"ci-language", "language|speech|stammer|stutter|mutism|verbal|echolali|pragmatic|"
		    "dyspraxia|intelligib|aac|pecs|makaton|contact|taking"},
    {"semh-heading", "emotional|semh"},
    {"semh-abbrev", "adhd|add|ebsa|ebsna|ocd|pda|odd|ptsd"},
    {"semh-anxiety", "anxi|panic|mood|depress|harm|suicid|trauma|deficit|hyperactiv|obsessive|"
		     "eating|tourette|avoidan|defiant|meltdown"},
    {"semh-mental-health", "mental"},
    {"semh-regulation", "regulat|emotional|school|attachment"},
    {"semh-behaviour", "behavio|esteem|exclusion|suspension"},
    {"sp-heading", "physical"},
    {"sp-hearing-vision", "hearing|deaf|glue|grommet|visual|sight|blind|sensory|msi|hi|vi"},
    {"sp-sensory", "sensory|sensitiv"},
    {"sp-motor", "motor|dyspraxi|dcd|ordination|handwriting|pencil|proprioce|vestibular"},
    {"sp-physical", "physical|palsy|hypermobil|hypotoni|muscle|epilep|seizure|wheelchair|"
		    "mobility|spina|dystrophy"},
};
static const size_t sb_area_needs_count = N(sb_area_needs);

/* ------------------------------------------------------------------------ */
/* Role titles (target: sb_role). First match wins: specific before general. */
/* ------------------------------------------------------------------------ */
static const sb_pattern sb_role_titles[] = {
    {"role-judge", "(?i)\\b(?:tribunal\\s+|district\\s+|upper\\s+tribunal\\s+|deputy\\s+)?judge\\b",
     "Tribunal Judge", NULL, SB_ROLE_TRIBUNAL_JUDGE, 0, 0, 0},
    /* Abbreviations are written out whole ("EP|EPS|TEP|TEPS", not
     * "T?EPS?"): the words read from a pattern (sb_anchor_derive_edges) are
     * then whole words, which the text holds far less often than "ep". */
    {"role-ep",
     "(?i)\\beducational\\s+" PSYCH "|\\bed\\.?\\s?psych\\b|\\b(?-i:EP|EPS|TEP|TEPS)\\b",
     "Senior Educational Psychologist", NULL, SB_ROLE_EP, 0, 0, 0},
    {"role-salt",
     "(?i)\\bspeech\\s*(?:and|&|\\+)?\\s*language\\s+therap|\\bspeech\\s+therapist|"
     "\\b(?-i:SLT|SALT|SaLT|RCSLT)\\b",
     "Specialist Speech and Language Therapist", NULL, SB_ROLE_SALT, 0, 0, 0},
    {"role-physio", "(?i)\\bphysio\\w*|\\bphysical\\s+therapist", "Paediatric Physiotherapist",
     NULL, SB_ROLE_PHYSIOTHERAPIST, 0, 0, 0},
    {"role-ot", "(?i)\\boccupational\\s+therap|\\b(?-i:OT)\\b",
     "Highly Specialist Occupational Therapist", NULL, SB_ROLE_OT, 0, 0, 0},
    /* CAMHS clinicians: psychiatrists, clinical psychologists, mental
     * health practitioners, child psychotherapists. */
    {"role-camhs",
     "(?i)\\bpsychiatr\\w*|\\bclinical\\s+psycholog\\w*|\\b(?:CAMHS|CAHMS|CYPMHS)\\b|"
     "\\bmental\\s+health\\s+(?:practitioner|nurse|worker|clinician|professional)|"
     "\\b(?:child|family)\\s+(?:and\\s+(?:adolescent|family)\\s+)?psychotherapist",
     "Consultant Child and Adolescent Psychiatrist", NULL, SB_ROLE_CAMHS, 0, 0, 0},
    {"role-paediatrician",
     "(?i)\\b" PAED "|\\b" PAEDIC "\\s+(?:consultant|registrar|doctor|trainee)|\\bcommunity\\s+"
     "(?:child\\s+health|" PAEDIC ")|\\bspecialty\\s+doctor|\\bassociate\\s+specialist",
     "Consultant Community Paediatrician", NULL, SB_ROLE_PAEDIATRICIAN, 0, 0, 0},
    {"role-senco",
     "(?i)\\bSEND?\\s?Co\\b|\\b(?:special\\s+educational\\s+needs?|SEND?)\\s*(?:and\\s+"
     "disabilit\\w*\\s+)?co-?ordinator|\\binclusion\\s+(?:manager|lead|leader|co-?ordinator)"
     "|\\bhead\\s+of\\s+(?:inclusion|learning\\s+support)",
     "Assistant Headteacher and SENDCo", NULL, SB_ROLE_SENCO, 0, 0, 0},
    /* Council officers who decide and write decision letters. */
    {"role-la-officer",
     "(?i)\\b(?:SEND?|EHC\\s*P?|statutory|assessment|casework|case|placement|"
     "inclusion|review|transport)\\s+(?:and\\s+\\w+\\s+)?(?:assessment\\s+)?(?:officer|"
     "co-?ordinator|caseworker|manager|team\\s+(?:leader|manager)|lead|practitioner)\\b|"
     "\\bcase\\s*worker\\b|\\bhead\\s+of\\s+(?:SEND?|special\\s+educational|statutory)|"
     "\\b(?:SEND?|statutory\\s+assessment)\\s+(?:team|service)\\b|\\bdirector\\s+of\\s+"
     "(?:children|education)|\\bon\\s+behalf\\s+of\\s+(?:the\\s+)?(?:director|local\\s+"
     "authority|council)",
     "SEND Casework Officer", NULL, SB_ROLE_LA_OFFICER, 0, 0, 0},
    {"role-teacher",
     "(?i)\\bhead\\s*teacher\\b|\\b(?:class|form|specialist|advisory|qualified)\\s+teacher\\b|"
     "\\bteacher\\b|\\b(?:deputy|assistant)\\s+head\\b|\\bhead\\s+of\\s+(?:year|school|"
     "department|key\\s+stage)|\\bhead\\s+teacher|\\bprincipal\\b(?!\\s+(?:educational|"
     "officer|psych|clinical|speech|occupational))",
     "Class Teacher", NULL, SB_ROLE_TEACHER, 0, 0, 0},
    {"role-solicitor",
     "(?i)\\bsolicitors?\\b|\\bparalegal\\b|\\bbarrister\\b|\\blegal\\s+(?:executive|adviser"
     "|advisor|officer)|\\bcounsel\\b",
     "Trainee Solicitor", NULL, SB_ROLE_SOLICITOR, 0, 0, 0},
    {"role-parent",
     "(?i)^\\W*(?:parents?|mother|father|mum|dad|carers?|guardians?|step-?(?:mother|father))"
     "\\W*$|\\b(?:parent|mother|father|mum|dad)\\s+(?:of|to)\\b|\\b\\p{Lu}\\w+'s\\s+"
     "(?:mum|dad|mother|father|parents?)\\b",
     "Mum of Riley", NULL, SB_ROLE_PARENT, 0, 0, 0},
    /* Anyone else with a professional title; mediation advisers too. */
    {"role-other",
     "(?i)\\bmediat(?:or|ion)|\\bsocial\\s+worker|\\bnurse\\b|\\bhealth\\s+visitor|"
     "\\badvi[sc]er|\\bofficer\\b|\\bmanager\\b|\\bco-?ordinator\\b|\\bconsultant\\b|"
     "\\btherapist\\b|\\bpsychologist\\b|\\bdoctor\\b|\\b(?-i:GP)\\b|\\bspecialist\\b|"
     "\\bpractitioner\\b|\\bworker\\b|\\bdirector\\b|\\bregistrar\\b|\\bclerk\\b|"
     "\\bassistant\\b|\\bcounsellor\\b|\\bchair\\b|\\badvocate\\b|\\bscientist\\b|"
     "\\baudiolog\\w*|\\bdieti[ct]ian\\b|\\borthoptist\\b|\\boptometrist\\b",
     "Mediation Adviser", NULL, SB_ROLE_OTHER, 0, 0, 0},
};
static const size_t sb_role_titles_count = N(sb_role_titles);

/* Weekday that may stand between a label and a date: "Date: Tuesday 3 March". */
#define WEEKDAY "(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\\.?,?\\s*)?"
/* A label's end before the date: "Date of report: ", "Dated the ". */
#define LABEL_END "\\s*[:\\-\\x{2013}.|]?\\s*(?:on\\b\\s*)?(?:the\\b\\s*)?" WEEKDAY "$"

/* ------------------------------------------------------------------------ */
/* Single-purpose patterns.                                                  */
/* ------------------------------------------------------------------------ */
static const sb_pattern sb_misc_patterns[SB_MISC_COUNT] = {
    [SB_MISC_CLOSING] = {"closing",
			 "(?i)^\\W*(?:yours\\s+(?:sincerely|faithfully|truly|ever)|"
			 "kind(?:est)?\\s+regards|best\\s+(?:wishes|regards)|warm(?:est)?\\s+"
			 "(?:regards|wishes)|many\\s+thanks|with\\s+(?:best|kind|many)\\s+"
			 "(?:wishes|regards|thanks)|regards|thanks(?:\\s+again)?|thank\\s+you|"
			 "sincerely|signed|signature)\\b\\W*",
			 "Yours sincerely,", "Regardless of", 0, 0, 0, 0},
    [SB_MISC_SALUTATION] = {"salutation",
			    "(?i)^\\W*(?:dear\\s+\\S|to\\s+whom\\s+it\\s+may\\s+concern)",
			    "Dear Mr and Mrs Morgan", "the dear old school", 0, 0, 0, 0},
    [SB_MISC_AUTHOR_LABEL] =
	{"author-label",
	 "(?i)(?|^[ \\t]*(?:(?:report|assessment|plan|advice|letter|"
	 "this\\s+\\w+)\\s+)?(?:(?:written|prepared|compiled|completed|"
	 "produced|authored|undertaken|carried\\s+out|conducted|"
	 "signed|issued|chaired|convened|kept|recorded)\\s+by|by|author(?:\\(s\\))?|"
	 "report\\s+author|"
	 "assessing\\s+(?:professional|psychologist|therapist|clinician)"
	 "|name\\s+of\\s+(?:educational\\s+psychologist|psychologist|"
	 "therapist|clinician|author|professional|assessor|report\\s+"
	 "writer|person\\s+completing(?:\\s+(?:this|the)\\s+\\w+)?))"
	 "[ \\t]*[:\\-\\x{2013}]?[ \\t]*(\\S.*)?$"
	 /* Or in brackets after a title: "Incident log (kept by Mum, Sarah Quinn)". */
	 "|\\((?:kept|written|compiled|recorded)\\s+by\\s+([^()\\n]+)\\))",
	 "Report written by: Dr Amelia Hart", "It was written in pencil", 0, 0, 0, 0},
    [SB_MISC_ROLE_LABEL] =
	{"role-label",
	 "(?m)(?:^|\\s{2,}|\\|)[ \\t]*((?i:SENCo|SENDCo|SEND?\\s+co-?ordinator|class\\s+"
	 "teacher|head\\s*teacher|educational\\s+psychologist|speech\\s+"
	 "(?:and|&)\\s+language\\s+therapist|occupational\\s+therapist|"
	 "physiotherapist|paediatrician|therapist|clinician|psychologist|"
	 "case\\s*(?:work)?\\s*officer|SEND?\\s+officer|key\\s+worker|"
	 "teacher)|EP|SA?LT|OT)(?:\\s*\\(s\\))?(?:\\s+name)?[ \\t]*[:\\x{2013}|]"
	 "[ \\t]*(\\S(?:(?!\\s{2,}|\\|).)*)",
	 "SENCo: Mrs A Patel", "Class teacher support in lessons", 0, 0, 0, 0},
    [SB_MISC_JUDGE_LINE] =
	{"judge-line",
	 "^[ \\t]*(?:(?:Signed|Before)\\s*:?\\s*)?(?:(?:Upper\\s+Tribunal|"
	 "Tribunal|District|Deputy\\s+(?:District|Upper\\s+Tribunal)|"
	 "Regional\\s+Tribunal)\\s+)?(Judge|JUDGE|Registrar|REGISTRAR|Tribunal\\s+"
	 "Caseworker)\\s+(?!of\\b|OF\\b|the\\b)(\\p{Lu}.*)$",
	 "Tribunal Judge Helen Marsh", "Judge of the Upper Tribunal", 0, 0, 0, 0},
    [SB_MISC_EMAIL_HEADER] = {"email-header",
			      "(?i)^[ \\t]*(from|sent|date|to|cc|bcc|subject|importance|"
			      "attachments?)[ \\t]*:[ \\t]*(.*)$",
			      "From: Jane Whitfield <j.whitfield@northshire.gov.uk>",
			      "Fromage: brie", 0, 0, 0, 0},
    [SB_MISC_REPLY_MARKER] = {"reply-marker",
			      "(?i)^[ \\t>]*(?:-{2,}\\s*(?:original\\s+message|forwarded\\s+"
			      "message)|on\\s+.{4,120}\\bwrote\\s*:\\s*$|begin\\s+forwarded\\s+"
			      "message|_{10,}\\s*$)",
			      "-----Original Message-----", NULL, 0, 0, 0, 0},
    [SB_MISC_SIG_SKIP] = {"signature-skip",
			  "(?i)^\\W*(?:pp\\.?|p\\.p\\.?|\\(?signed\\)?|signature|"
			  "\\(?(?:sent|signed|approved)\\s+(?:electronically|by\\s+e-?mail)"
			  ".*|\\(?electronic(?:ally)?\\s+sign\\w*.*|\\(?this\\s+letter\\s+"
			  "(?:has\\s+been|was|is)\\s+.*|[_.\\-x ]{2,}|[-\\x{2013}]\\s*)\\W*$",
			  "(signed electronically)", NULL, 0, 0, 0, 0},
    [SB_MISC_SIG_STOP] = {"signature-stop",
			  "(?i)^\\W*(?:cc|c\\.c\\.|copy\\s+to|copies\\s+to|enc(?:s|l|losures?)?|"
			  "tel|telephone|phone|mob(?:ile)?|fax|e-?mail|web|direct\\s+"
			  "(?:line|dial)|ref|our\\s+ref|p\\.?s\\.?|distribution|"
			  "attachments?)\\b|@|https?://|www\\.|\\b(?-i:[A-Z]{1,2}\\d[A-Z\\d]?\\s*"
			  "\\d[A-Z]{2})\\b",
			  "cc: Brookfield Primary School", NULL, 0, 0, 0, 0},
    [SB_MISC_NAME_STOPWORD] =
	{"name-stopword",
	 "(?i)^(?:yours|sincerely|faithfully|kind|kindest|regards|best|"
	 "wishes|dear|signed|signature|report|date|dated|name|tel|"
	 "telephone|email|e-mail|mobile|the|of|and|for|to|re|ref|our|"
	 "your|appendix|section|part|summary|background|"
	 "recommendations|parent|parents|mother|father|child|pupil|"
	 "student|council|county|borough|city|street|road|avenue|drive|"
	 "court|house|centre|center|hospital|clinic|trust|nhs|primary|"
	 "secondary|infant|junior|academy|college|university|school|"
	 "ltd|limited|solicitors|llp|department|directorate|children|"
	 "services|service|education|educational|health|care|plan|"
	 "support|sen|send|ehc|ehcp|local|authority|specialist|senior|"
	 "principal|consultant|therapist|therapy|speech|language|"
	 "occupational|psychologist|psychology|physiotherapist|"
	 "paediatrician|manager|coordinator|co-ordinator|officer|"
	 "assistant|deputy|director|lead|team|mediation|adviser|"
	 "advisor|tribunal|judge|chamber|case|decision|directions|order|"
	 "monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
	 "january|february|march|september|october|november|december|"
	 "thanks|thank|many|with|from|sent|subject|cc|enc|head|teacher|"
	 "class|assessment|unit|floor|office|offices|via|on|behalf|at|"
	 "in|by|is|are|this|that|we|you|i|it|all|please|private|"
	 "confidential|draft|final|working|document|page|hcpc|registered|"
	 "registration|number|no|tier|first-tier|mental|camhs|senco|"
	 "sendco|ep|salt|slt|ot|gp|attached|enclosed|copy|reply|"
	 "regional|national|northern|southern|eastern|western|area|hi|hello|hey|morning|"
	 "afternoon|evening|good|clinical|scientist|audiology|audiologist|advocate|"
	 "advocacy|practitioner|general|nurse)$",
	 "Sincerely", "Whitfield", 0, 0, 0, 0},
    /* The document's own date, named as such ("Date of report", "Date of
     * certificate" on a mediation certificate). Verbs count only at the
     * start of the label ("Dated 3 May"), so "a decision dated 14 May"
     * (another document's date) does not. */
    [SB_MISC_DATE_STRONG] = {"date-label-strong",
			     "(?i)(?:\\bdate\\s+of\\s+(?:this\\s+)?(?:report|letter|"
			     "decision|writing|advice|plan|order|directions|certificate)|"
			     "\\b(?:report|letter|decision|advice|plan|certificate)\\s+date|\\bdate\\s+(?:of\\s+)?"
			     "(?:report\\s+|letter\\s+|plan\\s+)?(?:written|completed|signed|"
			     "typed|produced|finali[sz]ed|agreed)|^[^\\w(]*(?:dated|"
			     "decided|signed|written|typed)(?:\\s+on)?|\\b(?:report|"
			     "letter|plan|decision|advice)\\s+(?:was\\s+)?(?:written|"
			     "completed|produced|signed|finali[sz]ed))" LABEL_END,
			     "Date of report: ", "Date of birth: ", 0, 0, 0, 0},
    /* "Date:", and the dates a certificate, an order or a decision is
     * issued or sent on. */
    [SB_MISC_DATE_GENERIC] =
	{"date-label-generic",
	 "(?i)(?:(?:^|\\W)date(?:\\s*/\\s*time)?|\\bdate\\s+of\\s+"
	 "issue|\\bissue\\s+date|\\bdate\\s+(?:\\w+\\s+){0,2}(?:issued|sent|"
	 "dictated|set|started|published|updated)|\\b(?:IEP|ILP|plan)\\s+"
	 "(?:start(?:\\s+date)?|date)|^\\W*(?:(?:page\\s+)?last\\s+(?:updated|"
	 "reviewed|revised)|published|updated|revised|issued|promulgated|sent|"
	 "dictated)|\\bsent\\s+to\\s+(?:the\\s+)?"
	 "parties|\\b(?:approved|authori[sz]ed)\\s+for\\s+(?:issue|publication))" LABEL_END,
	 "Date: ", "Date of birth: ", 0, 0, 0, 0},
    [SB_MISC_DATE_SENT] = {"date-label-sent", "(?i)^\\W*(?:sent|date)\\s*:\\s*" WEEKDAY "$",
			   "Sent: Tuesday, ", NULL, 0, 0, 0, 0},
    /* A label of some other date, looked for in the words before a date. */
    [SB_MISC_DATE_NOT_DOC] = {"date-label-other",
			      "(?i)\\b(?:birth|born|d\\.?\\s?o\\.?\\s?b|assess\\w*|observ\\w*|"
			      "seen|visit\\w*|meeting|review\\w*|hearing|heard|referr\\w*|"
			      "receiv\\w*|appointment|session|clinic|panel|request\\w*|"
			      "deadline|due|next|start\\w*|commenc\\w*|tested|tests?|"
			      "admi(?:ssion|tted)|attend\\w*|joined|exclu\\w*|consultation|"
			      "interview|discussion|contact\\w*|from|until|by|before|after|"
			      "since|between|expir\\w*|intervention|last|previous|earlier|"
			      "of\\s+your|your\\s+(?:letter|e-?mail)|letter\\s+of|e-?mail\\s+of|"
			      "diagnos\\w*|discharg\\w*|ends?|closing|no\\s+later|"
			      "appeal\\w*|involve\\w*|dates?\\s*(?:\\(s\\))?\\s+of)\\b",
			      "Date of birth: ", "Date: ", 0, 0, 0, 0},
    [SB_MISC_SPEECH_CONTEXT] = {"speech-context",
				"(?i)\\b(?:speech|language|communication|therap\\w*|RCSLT)\\b",
				"speech sounds", NULL, 0, 0, 0, 0},
    [SB_MISC_PARENT_VOICE] =
	{"parent-voice",
	 "(?i)\\b(?:my|our)\\s+(?:son|daughter|child|children|boy|girl|"
	 "twins?|grandson|granddaughter)\\b|\\bI\\s+am\\s+(?:the\\s+)?"
	 "(?:his|her|their)?\\s*(?:mother|father|parent|mum|dad)\\b|"
	 "\\bas\\s+(?:\\p{Lu}\\w*'s|his|her|their)\\s+(?:parents?|mother|father|mum|dad)\\b|"
	 "\\bI\\s+(?:will|shall|am\\s+going\\s+to|have|would\\s+like\\s+to)\\s+"
	 "(?:now\\s+)?(?:be\\s+)?(?:register\\w*|send\\w*|lodg\\w*|make|"
	 "appeal\\w*)\\s+(?:an?\\s+|the\\s+|my\\s+)?appeal",
	 "our daughter Amira", NULL, 0, 0, 0, 0},
    [SB_MISC_SOLICITOR_VOICE] = {"solicitor-voice",
				 "(?i)\\b(?:we\\s+act\\s+(?:for|on\\s+behalf\\s+of)|our\\s+"
				 "client(?:'s|s)?|pre-action\\s+protocol|letter\\s+before\\s+"
				 "(?:claim|action)|solicitors?\\s+(?:for|acting)|SRA\\s+"
				 "(?:number|no|ID|regulated|authorised))\\b",
				 "We act for Mrs Morgan", NULL, 0, 0, 0, 0},
    /* How Gmail and Apple Mail print a message: sender and date on one
     * line, no "From:" (group 1: the sender). */
    [SB_MISC_SENDER_LINE] = {"sender-line",
			     "^[ \\t]*([^<>\\n:]{2,80}?\\s*<[^<>@\\s]+@[^<>\\s]+>)[ \\t]+"
			     "(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,?\\s+)?(?:\\d{1,2}\\s+"
			     "\\p{L}+|\\p{L}+\\s+\\d{1,2}),?\\s+\\d{4}\\b.*$",
			     "Jo Okoro <j.okoro@example.sch.uk>   Thu, 6 Feb 2025 at 15:41",
			     "To: Jo Okoro <j.okoro@example.sch.uk>", 0, 0, 0, 0},
    [SB_MISC_MINUTES] =
	{"minutes",
	 "(?i)^\\W*(?:[\\p{L}'&:,-]+\\s+){0,6}(?:minutes|notes|record)\\s+of\\s+"
	 "(?:the\\s+)?(?:[\\p{L}'-]+\\s+){0,3}(?:meeting|review)\\b|^\\W*(?:meeting\\s+)?"
	 "minutes\\W*$|^\\W*(?:[\\p{L}'&-]+\\s+){0,4}meeting\\s+(?:notes|minutes|record)",
	 "SEN Support Plan review: notes of meeting", "He minutes", 0, 0, 0, 0},
    [SB_MISC_MEETING_LABEL] = {"meeting-label", "(?i)\\b(?:meeting|review\\w*|held|conference)\\b",
			       "Date of meeting:", "Date of birth:", 0, 0, 0, 0},
    [SB_MISC_PLAN_START] = {"plan-start",
			    "(?i)\\bstart(?:ing)?\\s+date|\\bdate\\s+(?:started|set\\s+up)|"
			    "\\b(?:IEP|plan)\\s+start",
			    "Start date | ", "Review date | ", 0, 0, 0, 0},
    [SB_MISC_CHECKBOX] = {"checkbox",
			  "[\\x{2610}-\\x{2612}\\x{25A1}\\x{25A0}\\x{274F}\\x{2713}\\x{2714}"
			  "\\x{2717}\\x{2718}\\x{F0A8}\\x{F0FE}]|\\[\\s?[xX]?\\s?\\]",
			  "\xe2\x98\x90 Cognition and learning", "Section [B]", 0, 0, 0, 0},
    [SB_MISC_TICKED] = {"ticked",
			"(?:[\\x{2611}\\x{2612}\\x{2713}\\x{2714}\\x{2717}\\x{2718}\\x{F0FE}]"
			"|\\[\\s?[xX]\\s?\\])\\s*$",
			"\xe2\x98\x92 ", "\xe2\x98\x90 ", 0, 0, 0, 0},
};

#undef N
#undef PSYCH
#undef PAED
#undef PAEDIC
#undef AND
#undef WEEKDAY
#undef LABEL_END

#endif
