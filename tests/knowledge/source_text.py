"""Reading the plain-text sources in ../shared/sources: pages, the table of contents, sections.

The synthesis was converted from PDF to text: a run of three or more blank lines marks a page
break. Counting those breaks from the start of the file gives the printed page numbers (the title
page is page 1), which the table of contents confirms (tests/knowledge/test_fidelity.py checks
several sections). The annual report has no page breaks and no page numbers: it is cited by
section only, and its sections are its stand-alone heading lines.

Where the sources are is decided in one place, ``sources_folder()``; a test that reads them asks
for the ``sources_dir`` fixture (tests/conftest.py), which skips or fails when they are missing.
"""

import os
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings

# Beside the clone, as CI lays it out: ../shared/sources.
DEFAULT_SOURCES = Path(settings.BASE_DIR).parent / "shared" / "sources"
# Source key (as cited in the fixtures) -> its file in the sources folder.
FILE_NAMES = {
    "kennissynthese-2023": "kennissynthese-krachten-bundelen-2023.txt",
    "jaarverslag-iww-2020": "jaarverslag-iww-2020.txt",
}


def sources_folder() -> Path:
    """The folder of the public sources: $IWW_SOURCES_DIR when set, else ../shared/sources."""
    return Path(os.environ.get("IWW_SOURCES_DIR") or DEFAULT_SOURCES)


def synthesis() -> Path:
    return sources_folder() / FILE_NAMES["kennissynthese-2023"]


def annual_report() -> Path:
    return sources_folder() / FILE_NAMES["jaarverslag-iww-2020"]


PAGE_BREAK = re.compile(r"\n(?:[ \t]*\n){3,}")
TOC_LINE = re.compile(
    r"^\s*(?:●\s*)?(?:(?P<number>\d+(?:\.\d+)?)\s+)?(?P<title>.+?)\s+(?P<page>\d+)\s*$"
)


def normalise(text: str) -> str:
    """Lower case, one space between words, dashes alike, markup and hyphenated breaks gone."""
    text = unicodedata.normalize("NFC", text).replace("\u00ad", "")
    text = re.sub(r"(\w)-\s*\n\s*(\w)", r"\1\2", text)  # a word hyphenated across a line break
    text = re.sub(r"[*_#]", "", text)
    text = re.sub(r"[–—‐-]", "-", text)
    text = re.sub(r"[‘’`]", "'", text)
    return re.sub(r"\s+", " ", text).strip().casefold()


def pages(path: Path | None = None) -> dict[int, str]:
    """Page number -> text (of the synthesis unless another file is given). Page 1 is the first
    chunk of the file (the title page)."""
    return _pages(path or synthesis())


@cache
def _pages(path: Path) -> dict[int, str]:
    chunks = PAGE_BREAK.split(path.read_text(encoding="utf-8"))
    return dict(enumerate(chunks, start=1))


@dataclass(frozen=True)
class TocEntry:
    number: str  # "2", "3.1", or "" for an unnumbered heading
    title: str
    page: int
    level: int  # 1 chapter, 2 numbered section, 3 heading, 4 project in the project list

    @property
    def label(self) -> str:
        return f"{self.number} {self.title}".strip()


@cache
def table_of_contents() -> tuple[TocEntry, ...]:
    """The synthesis' table of contents, in order."""
    text = pages()[next(n for n, t in pages().items() if "INHOUDSOPGAVE" in t)]
    entries = []
    in_projects = False
    for line in text.splitlines():
        match = TOC_LINE.match(line)
        if not match:
            continue
        number, title = match["number"] or "", match["title"].strip()
        if number:
            level = 2 if "." in number else 1
            in_projects = False
        elif title.isupper() and not re.search(r"\d", title):  # BRONVERMELDING, not COVID-19
            level, in_projects = 1, False
        elif line.lstrip().startswith("●") or (in_projects and title.startswith("Werken aan")):
            level = 4
        else:
            level = 3
            in_projects = title.casefold() == "toelichting projecten"
        entries.append(TocEntry(number, title, int(match["page"]), level))
    return tuple(entries)


def toc_entry(title: str) -> TocEntry:
    """The table-of-contents entry with this number or title (case-insensitive)."""
    wanted = normalise(title)
    for entry in table_of_contents():
        if wanted in {normalise(entry.title), normalise(entry.label), entry.number}:
            return entry
    raise LookupError(title)


def section_pages(section: str) -> range:
    """The pages a cited synthesis section spans, e.g. "3.1 Integraal werken – Beleid en bestuur".

    The first part names a chapter by its number; the last part, if any, must be a heading
    of the table of contents within that chapter. A section runs from its own page up to and
    including the page where the next heading of the same or a higher level starts.
    """
    parts = [part.strip() for part in re.split(r"\s+–\s+", section)]
    chapter = toc_entry(parts[0].split()[0])
    entries = table_of_contents()
    start = entries.index(chapter)
    entry = chapter
    if len(parts) > 1:
        within = entries[start + 1 : _end_index(start)]
        matches = [e for e in within if normalise(e.title) == normalise(parts[-1])]
        if not matches:
            raise LookupError(f"{parts[-1]!r} is not a heading in {chapter.label!r}")
        entry = matches[0]
    index = entries.index(entry)
    end = _end_index(index)
    last = entries[end].page if end < len(entries) else max(pages())
    return range(entry.page, last + 1)


def _end_index(index: int) -> int:
    entries = table_of_contents()
    level = entries[index].level
    for later in range(index + 1, len(entries)):
        if entries[later].level <= level:
            return later
    return len(entries)


def _is_heading(line: str) -> bool:
    line = line.strip()
    return (
        0 < len(line) <= 80
        and "\t" not in line
        and not line.startswith(("-", "[", "*"))
        and not line[0].isdigit()
        and not line.endswith((".", ":", ";", ","))
    )


def report_section(section: str) -> str:
    """The text of a cited annual-report section, e.g. "Kennisproducten – Caseloadbepaling".

    Each part must appear in order: as a stand-alone heading line, or (for the last part, a
    topic inside a section) as words in the text. The result runs from the last part to the
    next heading line.
    """
    lines = annual_report().read_text(encoding="utf-8").splitlines()
    parts = re.split(r"\s+–\s+", section)
    position = 0
    for number, part in enumerate(parts):
        wanted = normalise(part)
        headings = (i for i in range(position, len(lines)) if _is_heading(lines[i]))
        index = next((i for i in headings if normalise(lines[i]) == wanted), None)
        if index is None and number == len(parts) - 1:
            texts = range(position, len(lines))
            index = next((i for i in texts if wanted in normalise(lines[i])), None)
        if index is None:
            raise LookupError(f"{part!r} not found in the annual report after line {position}")
        position = index
    end = next(
        (i for i in range(position + 1, len(lines)) if _is_heading(lines[i])),
        len(lines),
    )
    return "\n".join(lines[position:end])


def found(phrase: str, text: str) -> bool:
    return normalise(phrase) in normalise(text)


def heading_page(entry: TocEntry) -> int:
    """The page (after the table of contents) with a line reading the entry's heading."""
    toc_page = next(n for n, t in pages().items() if "INHOUDSOPGAVE" in t)
    names = {normalise(entry.title), normalise(entry.label)}
    for number, text in pages().items():
        if number > toc_page and any(normalise(line) in names for line in text.splitlines()):
            return number
    raise LookupError(entry.label)
