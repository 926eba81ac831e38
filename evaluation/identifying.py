"""Comments that may name someone: free text written by professionals about families can hold a
name, an e-mail address, a phone number, a BSN-like number or an address. The scan warns the
respondent in the step (before it is saved); the coordinator sees the same flags before
sharing and can redact. Plain text in, reasons out; no ORM. A heuristic: it flags what looks
like such details and says why; it cannot prove a comment is free of them.
"""

import re
from enum import StrEnum


class Reason(StrEnum):
    EMAIL = "e-mailadres"
    PHONE = "telefoonnummer"
    BSN = "BSN-achtig nummer"
    ADDRESS = "adres"
    NAME = "naam"


EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Dutch numbers: 06-12345678, 0612345678, +31 6 1234 5678, 020-1234567, (010) 123 45 67.
PHONE = re.compile(r"(?<!\d)(?:\+31[\s-]?|0031[\s-]?|0)(?:\(?\d\)?[\s-]?){9}(?!\d)")
NINE_DIGITS = re.compile(r"(?<!\d)(\d[\s.]?){8}\d(?!\d)")
POSTCODE = re.compile(r"\b[1-9]\d{3}\s?[A-Z]{2}\b")
STREET = re.compile(
    r"\b[A-Z][a-zà-ÿ]+(?:straat|laan|weg|plein|gracht|kade|singel|dreef|hof|steeg|pad)\s+\d+",
)
# A title or kinship word followed by a capitalised word: "mevrouw Jansen", "de familie Bakker",
# "moeder Fatima". A lone capital at a sentence start is not a name.
NAME = re.compile(
    r"\b(?:meneer|mevrouw|mevr\.?|mw\.?|dhr\.?|de heer|familie|fam\.?|moeder|vader|zoon|dochter"
    r"|cliënt|client|gezin)\s+(?:van\s+(?:de[nr]?\s+)?|de\s+)?[A-Z][a-zà-ÿ]+",
    re.IGNORECASE,
)
# Two capitalised words in a row, not after a sentence end: "... met Piet Jansen gesproken".
FULL_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-zà-ÿ]{1,}\s+[A-Z][a-zà-ÿ]{2,}\b")


def _elfproef(digits: str) -> bool:
    """The BSN check: 9×d1 + 8×d2 + … + 2×d8 − 1×d9 divisible by 11."""
    weights = [9, 8, 7, 6, 5, 4, 3, 2, -1]
    return sum(w * int(d) for w, d in zip(weights, digits, strict=True)) % 11 == 0


def identifying_reasons(text: str) -> list[Reason]:
    """Why ``text`` may identify someone, in a fixed order (empty: nothing found)."""
    found: list[Reason] = []
    if EMAIL.search(text):
        found.append(Reason.EMAIL)
    rest = EMAIL.sub(" ", text)
    if PHONE.search(rest):
        found.append(Reason.PHONE)
        rest = PHONE.sub(" ", rest)
    if any(_elfproef(re.sub(r"\D", "", m.group(0))) for m in NINE_DIGITS.finditer(rest)):
        found.append(Reason.BSN)
    if POSTCODE.search(text) or STREET.search(text):
        found.append(Reason.ADDRESS)
    if NAME.search(text) or FULL_NAME.search(text.strip()):
        found.append(Reason.NAME)
    return found
