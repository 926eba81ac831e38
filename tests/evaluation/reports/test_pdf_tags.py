"""The tags of the PDF report and handout, read back from the PDF: what a screen reader gets.

Every table has its caption as its own child (not nested in empty tables), header cells, and
rows; every figure has a text alternative; the column headers of the answer distribution are
words, not symbols ("--", "+").
"""

import io

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from evaluation.disclosure import Audience
from evaluation.models import Round
from evaluation.report import make_handout, round_report


def elements(pdf: bytes) -> list[tuple[str, str, list[str], dict]]:
    """(role, parent role, child roles, the element) of every element of the structure tree."""
    found = []

    def walk(node, parent: str, depth: int) -> None:
        node = node.get_object()
        if isinstance(node, list):
            for child in node:
                walk(child, parent, depth)
            return
        if not hasattr(node, "get") or depth > 80:
            return
        role = str(node.get("/S", ""))
        kids = node.get("/K")
        children = []
        if kids is not None:
            kids = kids.get_object()
            for kid in kids if isinstance(kids, list) else [kids]:
                kid = kid.get_object()
                if hasattr(kid, "get") and kid.get("/S"):
                    children.append(str(kid["/S"]))
        if role:
            found.append((role, parent, children, node))
        if kids is not None:
            walk(kids, role or parent, depth + 1)

    walk(PdfReader(io.BytesIO(pdf)).trailer["/Root"]["/StructTreeRoot"], "", 0)
    return found


def assert_tables_and_figures_are_tagged(pdf: bytes) -> int:
    tree = elements(pdf)
    tables = [children for role, _parent, children, _node in tree if role == "/Table"]
    assert tables
    for children in tables:
        assert "/Table" not in children, children  # a table nested in a table: a broken caption
        assert "/THead" in children or "/TR" in children or "/TBody" in children, children
    captions = [parent for role, parent, _children, _node in tree if role == "/Caption"]
    assert captions
    assert set(captions) == {"/Table"}
    assert any(role == "/TH" for role, *_rest in tree)
    figures = [node for role, _parent, _children, node in tree if role == "/Figure"]
    assert figures
    assert all(str(node.get("/Alt", "")).strip() for node in figures)
    return len(captions)


@pytest.fixture
def demo(db) -> None:
    call_command("load_demo", verbosity=0)


def test_the_handout_tags_its_tables_captions_and_chart(demo):
    # The previous round of the demo team has action points: the handout shows its actions table.
    round_ = Round.objects.get(team__slug="wijkteam-noord", title="Najaar 2025")
    handout = make_handout(round_)
    assert handout.pages == 1
    assert "De actiepunten die het team afsprak" in handout.html
    assert assert_tables_and_figures_are_tagged(handout.pdf) == 2  # scores and actions


def test_the_report_tags_its_tables_and_names_every_answer_column(demo):
    round_ = Round.objects.get(team__slug="wijkteam-noord", title="Voorjaar 2026")
    report = round_report(round_, audience=Audience.TEAM)
    assert assert_tables_and_figures_are_tagged(report.pdf) >= 5
    html = report.html
    for header in ("helemaal oneens", "neutraal", "helemaal eens", "weet ik niet"):
        # Soft hyphens (&shy;) let the narrow columns break a word; they are not read out.
        assert f'<th scope="col" class="num">{header}</th>' in html.replace("&shy;", "")
    assert "<abbr" not in html
