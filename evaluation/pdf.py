"""HTML to PDF with WeasyPrint, fetching nothing but the app's own static files.

The report's HTML is rendered by Django with autoescaping, so what respondents typed is text.
As a second line of defence the URL fetcher refuses everything that is not one of our static
files: no network, no ``file://``, no ``data:``, and therefore no redirects either.
"""

import atexit
import logging
import mimetypes
import os
import posixpath
import re
import threading
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation

logger = logging.getLogger(__name__)

# The base URL the report is rendered against. The host is reserved (RFC 2606) and never
# contacted: the fetcher maps its static paths to files on disk.
BASE_URL = "https://report.invalid/"
_HOST = urlsplit(BASE_URL).netloc

# "PDF/UA-1": tagged, with a document title and language, for screen readers.
PDF_VARIANT = "pdf/ua-1"


class RefusedURL(ValueError):
    """A URL the report may not fetch."""


def static_path(url: str) -> str:
    """The file a report URL stands for, or RefusedURL. Pure: no file is opened here."""
    parts = urlsplit(url)
    if parts.scheme != "https" or parts.netloc != _HOST:
        raise RefusedURL(f"Only the app's static files may be fetched, not {url!r}")
    path = unquote(parts.path)
    static_url = urlsplit(settings.STATIC_URL).path
    if not path.startswith(static_url):
        raise RefusedURL(f"Not a static file: {url!r}")
    relative = path.removeprefix(static_url)
    normalised = posixpath.normpath(relative)
    if normalised != relative or normalised.startswith(("/", "..")) or "\\" in relative:
        raise RefusedURL(f"Not a plain static path: {url!r}")
    # The source files first (always current, also while developing), then the collected ones.
    found = finders.find(normalised) or _collected_file(normalised)
    if not found:
        raise RefusedURL(f"No such static file: {url!r}")
    return str(found)


def _collected_file(name: str) -> str | None:
    """The file in STATIC_ROOT, for the hashed names ``{% static %}`` gives in production.

    The finders know only the original names; the manifest storage's names (``report.1a2b.css``
    and the fonts its CSS points to) exist only where collectstatic put them.
    """
    try:
        if staticfiles_storage.exists(name):
            return staticfiles_storage.path(name)
    except (NotImplementedError, SuspiciousFileOperation):  # not on disk, or outside the root
        pass
    return None


def _fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        """Serves the app's static files; refuses (and logs) every other URL."""

        def __init__(self) -> None:
            # Never follow redirects, never fail the whole report on one refused URL.
            super().__init__(allowed_protocols=("https",), allow_redirects=False)
            self.fetched: list[str] = []
            self.refused: list[str] = []

        def fetch(self, url: str, headers=None) -> URLFetcherResponse:
            try:
                path = static_path(url)
            except RefusedURL:
                self.refused.append(url)
                logger.warning("Report rendering refused to fetch %s", url[:200])
                raise
            self.fetched.append(url)
            with open(path, "rb") as file:
                body = file.read()
            content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body, headers={"Content-Type": content_type})

    return StaticOnlyFetcher


@dataclass
class RenderedPDF:
    html: str
    pdf: bytes
    pages: int
    fetched: list[str]
    refused: list[str]


# The report's own stylesheets, parsed once per process with one font configuration: parsing
# the CSS and decompressing its WOFF2 fonts cost about a quarter of a second per render. Keyed
# by URL and the file's modification time, so a changed stylesheet is parsed again. WeasyPrint
# is not known to be thread-safe with a shared font configuration, hence the lock.
_LINK = re.compile(r'<link rel="stylesheet" href="([^"]+)"\s*/?>')
_render_lock = threading.Lock()


@dataclass
class _Shared:
    font_config: object = None
    stylesheets: dict = field(default_factory=dict)  # (url, mtime) -> (CSS, fetched urls)


_shared = _Shared()


def reset_shared() -> None:
    """Forgets the parsed stylesheets and fonts (the benchmark measures a cold render)."""
    _shared.font_config = None
    _shared.stylesheets.clear()


# The font configuration's finaliser needs its libraries; let it go before they are unloaded.
atexit.register(reset_shared)


def _font_config():
    from weasyprint.text.fonts import FontConfiguration

    if _shared.font_config is None:
        _shared.font_config = FontConfiguration()
    return _shared.font_config


def _stylesheet(url: str, font_config) -> tuple[object, list[str]] | None:
    """The parsed stylesheet at one of our static URLs, or None when it is not ours."""
    from weasyprint import CSS

    try:
        path = static_path(url)
    except RefusedURL:
        return None
    key = (url, os.stat(path).st_mtime_ns)
    cached = _shared.stylesheets.get(key)
    if cached is None:
        fetcher = _fetcher_class()()
        css = CSS(url=url, url_fetcher=fetcher, font_config=font_config)
        cached = (css, [url, *fetcher.fetched])
        _shared.stylesheets[key] = cached
    return cached


def render_pdf(html: str, *, reuse: bool = True) -> RenderedPDF:
    """Renders HTML to a tagged PDF; returns the HTML too, so tests can read the text.

    With ``reuse`` the linked stylesheets of our own static files are parsed once (with their
    fonts) and reused; the HTML that is returned is the HTML that was given.
    """
    # Imported here: WeasyPrint loads Pango and fonts, which only the report needs.
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    with _render_lock:
        fetcher = _fetcher_class()()
        if reuse:
            font_config = _font_config()
            stylesheets, fetched = [], []
            source = html
            for url in _LINK.findall(html):
                absolute = BASE_URL.rstrip("/") + url if url.startswith("/") else url
                found = _stylesheet(absolute, font_config)
                if found is not None:
                    stylesheets.append(found[0])
                    fetched.extend(found[1])
                    source = source.replace(f'<link rel="stylesheet" href="{url}">', "", 1)
        else:
            font_config, stylesheets, fetched, source = FontConfiguration(), [], [], html
        document = HTML(string=source, base_url=BASE_URL, url_fetcher=fetcher).render(
            pdf_variant=PDF_VARIANT, stylesheets=stylesheets, font_config=font_config
        )
        pdf = document.write_pdf(pdf_variant=PDF_VARIANT)
    return RenderedPDF(
        html=html,
        pdf=pdf,
        pages=len(document.pages),
        fetched=fetched + fetcher.fetched,
        refused=fetcher.refused,
    )
