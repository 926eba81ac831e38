"""The PDF report under production static files: hashed names from the manifest storage."""

import io

import pytest
from pypdf import PdfReader

from evaluation.disclosure import Audience
from evaluation.pdf import BASE_URL, RefusedURL, render_pdf, static_path
from evaluation.report import report_html
from tests.factories import import_responses, scores

pytestmark = pytest.mark.django_db


def font_names(pdf: bytes) -> set[str]:
    names = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for font in fonts.values():
            names.add(str(font.get_object()["/BaseFont"]))
    return names


def test_the_report_is_styled_with_hashed_static_names(production_static, round_):
    import_responses(round_, [("professional", scores(man=4, bud=2))] * 3)
    html = report_html(round_, audience=Audience.TEAM)
    assert "reports/report.css" not in html  # the stylesheet has its hashed name

    rendered = render_pdf(html)

    assert rendered.refused == []
    stylesheets = [url for url in rendered.fetched if url.endswith(".css")]
    assert any("/static/reports/report." in url for url in stylesheets)
    assert sum(url.endswith(".woff2") for url in rendered.fetched) >= 2
    assert any("Source-Sans-3" in name for name in font_names(rendered.pdf))
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(rendered.pdf)).pages)
    assert "Inhoud" in text


@pytest.mark.parametrize(
    "url",
    [
        "http://report.invalid/static/reports/report.css",
        "https://elders.example/static/reports/report.css",
        "file:///etc/passwd",
        "data:text/css,body{}",
        BASE_URL + "static/../iww/settings.py",
        BASE_URL + "static/%2e%2e/iww/settings.py",
        BASE_URL + "static//etc/passwd",
        BASE_URL + "static/reports\\..\\..\\iww\\settings.py",
        BASE_URL + "static/staticfiles.json/../../manage.py",
        BASE_URL + "static/reports/nope.css",
    ],
)
def test_the_fetcher_still_refuses_all_but_static_files(production_static, url):
    with pytest.raises(RefusedURL):
        static_path(url)
