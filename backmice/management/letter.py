"""Lesson 06, the referral letter (pure): the letter a student sends a doctor, built from the
nodules on the body chart and, for each warning feature, whether it is present, absent or was not
asked about; the checks run on the student's edited text; and the HTML the builder shows.

Safety-critical (reviewed clinically): the urgency is a level of the course's one scale
(:mod:`backmice.urgency`, by id), suggested as the highest level on the scale among the features present;
a feature not asked about is listed as not asked, never as absent; a massage therapist's letter
names no diagnosis, a chiropractor's may state a working impression within chiropractic scope but
never what the lump is.
"""

from __future__ import annotations

import datetime as _dt
import html
import re
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from .. import urgency
from .model import FAMILY_SHORT, PALPATION_POSITION, describe_nodule, red_flags


# The urgency of a letter is a level of the course's one scale (backmice/urgency.py, by id); its
# letter line, its name and its order all come from there.
ANSWERS = ("not asked", "absent", "present")  # what the letter knows about each warning feature
QUESTIONS = (
    "assess the {lumps} below and consider imaging, such as an ultrasound scan",
    "assess the {lumps} below and advise whether I can continue to massage the area",
    "assess the client's low back pain and the {lumps} below, and advise on my treatment",
)
PROFESSIONS = ("massage therapist", "chiropractor", "student massage therapist (supervised by [name])",
               "student chiropractor (supervised by [name])")
CARE = {"massage therapist": "massage therapy", "chiropractor": "chiropractic care"}
IMPRESSION_PROMPT = "[your working impression of the back problem within chiropractic scope, or delete this line]"


def profession_kind(profession: str | None) -> str:
    """'chiropractor' or 'massage therapist' for any of PROFESSIONS (students included); the
    stricter 'massage therapist' when the profession is unknown."""
    return "chiropractor" if profession and "chiropract" in profession.lower() else "massage therapist"


def suggest_urgency(present) -> str:
    """The level highest on the scale among the features present; 'routine' when none is
    present (a lump not yet assessed by a doctor is still referred)."""
    flags = {f.id: f for f in red_flags()}
    unknown = set(present) - set(flags)
    if unknown:
        raise ValueError(f"unknown warning feature(s): {sorted(unknown)}")
    return urgency.most_urgent([flags[i].urgency for i in present]) or "routine"


@dataclass(frozen=True)
class LetterInput:
    recipient: str = "Dr [name], family doctor (GP)"
    client: str = "[client's full name], date of birth [dd/mm/yyyy]"
    profession: str = PROFESSIONS[0]
    question: str = QUESTIONS[0]
    nodules: list = field(default_factory=list)
    answers: dict = field(default_factory=dict)  # feature id -> "present" | "absent" | "not asked" (default)
    urgency: str | None = None       # a level id of the scale; None: use suggest_urgency
    impression: str = ""             # a chiropractor's working impression (within scope); unused otherwise
    history: str = "[what the client noticed, since when, any change in size, symptoms]"
    tried: str = "[treatment so far and the response, or: none]"
    consent: bool = False
    sender: str = "[your name]"
    contact: str = "[phone] | [email] | [practice address]"
    date: str = ""

    def __post_init__(self):
        known = {f.id for f in red_flags()}
        unknown = set(self.answers) - known
        if unknown:
            raise ValueError(f"unknown warning feature(s): {sorted(unknown)}")
        bad = {k: v for k, v in self.answers.items() if v not in ANSWERS}
        if bad:
            raise ValueError(f"each answer must be one of {ANSWERS}, not {bad}")

    def answer(self, flag_id: str) -> str:
        return self.answers.get(flag_id, "not asked")

    @property
    def present(self) -> tuple:
        return tuple(f.id for f in red_flags() if self.answer(f.id) == "present")

    @property
    def absent(self) -> tuple:
        return tuple(f.id for f in red_flags() if self.answer(f.id) == "absent")

    @property
    def not_asked(self) -> tuple:
        return tuple(f.id for f in red_flags() if self.answer(f.id) == "not asked")


def today() -> str:
    d = _dt.date.today()
    return f"{d.day} {d:%B %Y}"


def _join(items) -> str:
    """Items of a list joined by semicolons (labels may contain commas)."""
    return "; ".join(items)


def _grouped(ids) -> str:
    """Feature labels grouped by family: 'Cauda equina: a; b. Fracture: c.'"""
    by_id = {f.id: f for f in red_flags()}
    parts = []
    for fam, name in FAMILY_SHORT.items():
        labels = [by_id[i].letter_text for i in ids if by_id[i].group == fam]
        if labels:
            parts.append(f"{_join(labels)} ({name})")
    return "; ".join(parts)


def build_letter(inp: LetterInput) -> str:
    """The referral letter as plain text. It describes findings; a massage therapist's letter never
    names a diagnosis, a chiropractor's may state a working impression within chiropractic scope but
    describes the lump without naming it (what a lump is lies outside that scope)."""
    suggested = suggest_urgency(inp.present)
    level = urgency.level(inp.urgency or suggested)  # ValueError for a level not on the scale
    role = inp.profession.split(" (")[0]
    kind = profession_kind(inp.profession)
    care = CARE.get(role.removeprefix("student "), "treatment")
    lines = [inp.sender, role[0].upper() + role[1:] + inp.profession[len(role):], inp.contact, "",
             inp.date or today(), "", f"To: {inp.recipient}", f"Re: {inp.client}", "", "Dear Doctor,", ""]
    nodules = inp.nodules
    question = inp.question.replace("{lumps}", "lumps" if len(nodules) > 1 else "lump")
    if kind == "chiropractor":
        scope_line = ("I describe the lump below without naming what it is: what a lump is cannot be told by "
                      "examination alone.")
    else:
        scope_line = ("I have not made a diagnosis, which lies outside my scope as a massage therapist; I describe "
                      "what I found.")
    lines += [f"I am writing about the client named above, who sees me for {care}. I would be grateful if "
              f"you would {question}. {scope_line}", ""]
    line = f"Urgency: {level.letter}"
    if inp.not_asked and level.id == "routine":
        line += (" This holds only for the features I asked about or examined: those I did not ask about are "
                 "listed as not asked, and whether they are present is not known.")
    lines.append(line)
    if urgency.more_urgent(suggested, level.id):
        lines.append(f"[Say why you chose {level.name.lower()} although the features marked present suggest "
                     f"{urgency.name(suggested).lower()}.]")
    lines += ["", f"Findings (palpation, {PALPATION_POSITION}):"]
    if nodules:
        lines += [f"- {describe_nodule(n)[0].upper()}{describe_nodule(n)[1:]}." for n in nodules]
    else:
        lines.append("- [describe the lump: size in cm, mobile or fixed, tender or not, how it feels, "
                     "and where it is from the PSIS]")
    if kind == "chiropractor":
        lines.append(f"Working impression (chiropractic, within my scope): {inp.impression or IMPRESSION_PROMPT}")
    lines += ["", "Warning features (red flags), each asked about or examined unless listed as not asked:",
              f"- Present: {_grouped(inp.present) if inp.present else 'none'}.",
              f"- Asked about or examined, and absent: {_grouped(inp.absent) if inp.absent else 'none'}."]
    if inp.not_asked:
        lines.append(f"- Not asked about or not examined (not known): {_grouped(inp.not_asked)}.")
    lines += ["", f"History: {inp.history}", f"Treatment so far: {inp.tried}", ""]
    lines.append("Consent: the client agreed that I share this information with you." if inp.consent else
                 "Consent: [NOT YET RECORDED. Do not send this letter until the client agrees that you "
                 "share it.]")
    lines += ["", "Please contact me at the details above if you need more information. I will keep a "
                  "copy of this letter in the client's record.", "", "Yours sincerely,", "", inp.sender,
              role[0].upper() + role[1:]]
    return "\n".join(lines)


# Words that name what a lump is, or reassure beyond the findings (the letter describes; a doctor
# diagnoses the lump). They apply to every profession: a lump lies outside chiropractic scope too.
DIAGNOSTIC_WORDS = ("back mouse", "back mice", "lipoma", "episacral", "episacroiliac", "fibro-fatty",
                    "fat herniation", "herniated", "hernia", "benign", "harmless", "malignant", "sarcoma",
                    "tumour", "tumor", "nothing serious", "is definitely", "diagnosed it")
# Words that state a diagnosis of any kind: a chiropractor may (within scope), a massage therapist may not.
DIAGNOSIS_CLAIMS = ("working impression", "working diagnosis", "my diagnosis", "i diagnose", "diagnosis:")


_MONTHS = "jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec"
# the sending date: "14 March 2025", "March 14, 2025", "2025-03-14", or a numeric date alone on its line
# (a date of birth inside the "Re:" line does not count)
_DATE = re.compile(rf"\b\d{{1,2}}\s+(?:{_MONTHS})[a-z]*\.?,?\s+(?:19|20)\d\d\b"
                   rf"|\b(?:{_MONTHS})[a-z]*\.?\s+\d{{1,2}},?\s+(?:19|20)\d\d\b"
                   r"|\b(?:19|20)\d\d-\d\d-\d\d\b|^\s*\d{1,2}[/.]\d{1,2}[/.](?:19|20)?\d\d\s*$",
                   re.IGNORECASE | re.MULTILINE)


def _states_a_level(low: str) -> bool:
    """The text names a level of the scale: its name, or the first words of its letter line."""
    for lv in urgency.levels():
        head = lv.letter.split(".")[0].lower()
        if lv.name.lower() in low or head in low:
            return True
    return False


def check_letter(text: str, profession: str | None = None) -> list[str]:
    """Problems a student should fix before sending; an empty list means none was found.
    ``profession``: one of PROFESSIONS (None: read it from the letter, else the stricter massage rules)."""
    issues = []
    low = text.lower()
    if profession is None:
        profession = "chiropractor" if re.search(r"^\s*(student )?chiropractor\b", text, re.I | re.M) else None
    kind = profession_kind(profession)
    named = [w for w in DIAGNOSTIC_WORDS if re.search(r"\b" + re.escape(w) + r"\b", low)]
    if kind == "massage therapist":
        named += [w for w in DIAGNOSIS_CLAIMS if w in low]
    if named and kind == "massage therapist":
        issues.append(f"It names or implies a diagnosis ({', '.join(repr(w) for w in named)}). Massage therapists "
                      "do not diagnose: describe what you found instead; if you quote a doctor's earlier "
                      "diagnosis, say whose it is.")
    elif named:
        issues.append(f"It names or implies what the lump is ({', '.join(repr(w) for w in named)}). A chiropractor "
                      "may state a working impression within chiropractic scope (for example of the back pain), "
                      "but what a lump is lies outside it: describe the lump, or say whose diagnosis you quote.")
    placeholders = re.findall(r"\[[^\]\n]{1,120}\]", text)
    if placeholders:
        issues.append(f"Fill in {len(placeholders)} placeholder{'s' if len(placeholders) != 1 else ''} in "
                      f"[brackets], for example {placeholders[0]}.")
    if not re.search(r"\burgency\b", low) or not _states_a_level(low):
        names = "; ".join(lv.name for lv in urgency.levels())
        issues.append(f"State the urgency as a level of the course's scale ({names}).")
    not_asked = re.search(r"^- not asked about[^\n]*", low, re.M)
    if not_asked and "not asked because" not in low:
        issues.append("Some warning features were not asked about. Ask about them and update the letter, or say "
                      "why you could not (write 'Not asked because ...').")
    if "consent" not in low or "not yet recorded" in low:
        issues.append("Record the client's consent to share this information.")
    if not re.search(r"\b(would be grateful|please|could you|would you)\b", low):
        issues.append("Ask the doctor a clear question (what do you want them to do?).")
    if not _DATE.search(text):
        issues.append("Add the date you send it (for example 14 March 2025).")
    if not re.search(r"(@|\+?\d[\d ()-]{6,}|phone|tel\.?|email)", low):
        issues.append("Add your contact details.")
    if not re.search(r"\b\d+(\.\d+)?\s*cm\b", low):
        issues.append("Give the size and position in centimetres.")
    words = len(text.split())
    if words > LONG_LETTER_WORDS:
        issues.append(f"It is long ({words} words). A short letter is read; keep it to what the doctor needs.")
    return issues


# The generated list of every warning feature adds about 100 words: the length check allows for it.
LONG_LETTER_WORDS = 450


def data_uri(text: str) -> str:
    """A data: URI holding the letter as UTF-8 plain text (for an HTML download link)."""
    return "data:text/plain;charset=utf-8," + urllib.parse.quote(text, safe="")


def download_link_html(text: str, filename: str = "referral_letter.txt") -> str:
    return (f"<a download='{html.escape(filename)}' href='{html.escape(data_uri(text))}' "
            f"style='font-weight:bold'>\u2193 Download the letter as {html.escape(filename)}</a>")


def save_letter(text: str, folder: str | Path | None = None, filename: str = "referral_letter.txt") -> Path:
    """Write the letter next to the notebook (the kernel's working folder) and return the path."""
    path = Path(folder if folder is not None else Path.cwd()) / filename
    path.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
    return path


def check_html(issues: list[str]) -> str:
    if not issues:
        return "<p role='status' aria-live='polite'>\u2713 No problem found by the checks. Read it once more as the doctor would.</p>"
    items = "".join(f"<li>{html.escape(i)}</li>" for i in issues)
    return (f"<div role='status' aria-live='polite'><p>\u26a0 <b>{len(issues)} thing{'s' if len(issues) != 1 else ''} "
            f"to fix before sending:</b></p><ul>{items}</ul></div>")


def letter_summary(inp: LetterInput, issues: list[str]) -> str:
    level = urgency.name(inp.urgency or suggest_urgency(inp.present))
    n = len(inp.nodules)
    return (f"Letter drafted: urgency {level}; warning features: {len(inp.present)} present, {len(inp.absent)} "
            f"absent, {len(inp.not_asked)} not asked; {n} nodule{'s' if n != 1 else ''} described "
            f"from the body chart; consent {'recorded' if inp.consent else 'not recorded'}; "
            f"{len(issues)} thing{'s' if len(issues) != 1 else ''} to fix.")


def suggestion_html(suggested: str, chosen: str | None) -> str:
    """The suggested level (the highest among the features present) and a warning if the choice is lower."""
    lv = urgency.level(suggested)
    warn = ""
    if chosen and urgency.more_urgent(suggested, chosen):
        warn = (f" \u26a0 Your choice ({html.escape(urgency.name(chosen))}) is lower on the scale than the "
                "features marked present suggest: say why in the letter.")
    return (f"<p role='status' aria-live='polite'>Suggested level: <b>{html.escape(lv.name)}</b> "
            f"({html.escape(lv.when)}).{warn}</p>")

