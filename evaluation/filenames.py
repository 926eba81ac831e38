"""Names for files people download: made from titles that coordinators type."""

import re
import unicodedata

_UNSAFE_IN_FILENAMES = re.compile(r'[\\/:*?"<>|]+')


def safe_filename(name: str, *, max_length: int = 120, spaces: str = " ") -> str:
    """A file name (without extension) that is safe as a ZIP entry and a download name.

    Titles are typed by coordinators, so a name may hold anything: path separators (``/`` and
    ``\\``) and ``..`` would let an unzipping program write outside its folder, control and
    bidirectional characters would disguise the name. Letters of any language stay.
    ``spaces="-"`` joins the words with hyphens: a download name without spaces survives
    mail clients, shells and URLs whole.
    """
    name = unicodedata.normalize("NFC", name)
    name = "".join(
        " " if unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp") else char for char in name
    )
    name = _UNSAFE_IN_FILENAMES.sub("-", name)
    name = re.sub(r"\.{2,}", ".", name)
    name = re.sub(r"\s+", " ", name).strip(" .-")
    if spaces != " ":
        name = re.sub(r"-?( -?)+", spaces, name)
    return name[:max_length].rstrip(" .-") or "rapport"
