"""The demo team's PDF report as printed: no word past the right margin, no run of near-empty
pages, a contents entry with a page number per condition, and a file name without spaces.
Measured on the PDF itself with poppler's ``pdftotext -bbox`` (word boxes in points)."""

import re
import shutil
import subprocess
from html import unescape

import pytest
from django.core.management import call_command

from evaluation.disclosure import Audience
from evaluation.models import Round
from evaluation.report import round_report
from evaluation.team_results import round_results

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils"),
]

MM = 72 / 25.4
WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
)
PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)


@pytest.fixture
def made(tmp_path):
    call_command("load_demo", verbosity=0)
    round_ = Round.objects.get(team__slug="wijkteam-noord", title="Voorjaar 2026")
    report = round_report(round_, audience=Audience.TEAM)
    path = tmp_path / "report.pdf"
    path.write_bytes(report.pdf)
    boxes = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    pages = [
        (
            float(width),
            float(height),
            [(*map(float, w[:4]), unescape(w[4])) for w in WORD.findall(body)],
        )
        for width, height, body in PAGE.findall(boxes)
    ]
    return round_, report, pages


def test_no_word_runs_past_the_right_margin(made):
    _round, _report, pages = made
    past = [
        (number, text)
        for number, (width, _height, words) in enumerate(pages, start=1)
        for _x0, _y0, x1, _y1, text in words
        if number > 1 and x1 > width - 18 * MM + 1  # @page margin: 18 mm left and right
    ]
    assert past == []


def test_at_most_two_pages_are_less_than_half_full(made):
    _round, _report, pages = made
    fullness = []
    for _width, height, words in pages[1:]:  # the cover is a page of its own
        top, bottom = 20 * MM, height - 22 * MM  # the @page margins; header and footer outside
        body = [y1 for _x0, y0, _x1, y1, _text in words if y0 >= top and y1 <= bottom]
        fullness.append((max(body) - top) / (bottom - top))
    assert sum(share < 0.5 for share in fullness) <= 2, [f"{share:.0%}" for share in fullness]


def test_the_contents_list_each_condition_weakest_first_with_its_page(made):
    round_, report, _pages = made
    names = [c.condition.name for c in round_results(round_, audience=Audience.TEAM).conditions]
    contents = report.html.split('class="toc"')[1].split("</nav>")[0]
    for name in names:
        assert f'">{name}</a></li>' in contents
    assert [contents.index(f">{name}<") for name in names] == sorted(
        contents.index(f">{name}<") for name in names
    )


def test_the_file_name_has_no_spaces(made):
    _round, report, _pages = made
    assert report.filename == "zelfscan-Wijkteam-Noord-Voorjaar-2026.pdf"
