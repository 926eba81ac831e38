"""How numbers typed by people are read. Pure: text in, a number or None out; no Django.

Only ASCII digits count. Python's ``str.isdigit`` also accepts superscripts ("²") and ``int``
accepts other scripts' digits ("٣", "３"); a spreadsheet cell or form field holding those is a
typing accident, not a number, and gets a clear message instead of an error page.
"""

import re

_WHOLE = re.compile(r"[0-9]+", re.ASCII)


def whole_number(text: str) -> int | None:
    """The whole number ``text`` spells in ASCII digits (surrounding spaces allowed), or None."""
    stripped = text.strip()
    return int(stripped) if _WHOLE.fullmatch(stripped) else None


def has_foreign_digits(text: str) -> bool:
    """Whether ``text`` holds a character that Unicode counts as a digit but is not 0–9."""
    return any(char.isdigit() and not ("0" <= char <= "9") for char in text)
