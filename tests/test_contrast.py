"""The focus ring and the control borders of static/css/site.css, computed as WCAG 2.1 does.

WCAG 2.4.7 and 1.4.11 ask for a visible focus and for control edges of at least 3:1 against
what lies beside them. The colours are read from the shipped CSS, so changing one to a faint
colour fails here; the browser test (tests/e2e/test_accessibility_matrix.py) checks the computed
styles of every control on every page.
"""

import re
from pathlib import Path

import pytest

STATIC = Path(__file__).resolve().parent.parent / "static"
SITE = (STATIC / "css" / "site.css").read_text()
BOOTSTRAP = (STATIC / "vendor" / "bootstrap" / "bootstrap.min.css").read_text()
WHITE = "#ffffff"
# Light backgrounds the app puts behind controls: footer, chosen answer, overdue row, alerts.
BACKGROUNDS = [WHITE, "#f1f3f5", "#e8eef6", "#fdf0ee", "#f8f9fa", "#fff3cd"]


def luminance(colour: str) -> float:
    if len(colour) == 4:  # #rgb
        colour = "#" + "".join(c * 2 for c in colour[1:])
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    lighter, darker = sorted((luminance(a), luminance(b)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def variable(name: str, css: str = SITE) -> str:
    """The value of a custom property, following var() references."""
    values = re.findall(rf"{re.escape(name)}:\s*([^;]+);", css)
    assert values, f"{name} is not set in site.css"
    value = values[0].strip()
    if value.startswith("var("):
        return variable(value[4:-1].strip(), css)
    return value


def rule(selector: str) -> str:
    found = re.search(rf"(^|\n){re.escape(selector)}\s*\{{([^}}]*)\}}", SITE)
    assert found, f"no rule for {selector} in site.css"
    return found.group(2)


def test_the_contrast_formula_matches_known_pairs():
    assert contrast("#000000", WHITE) == pytest.approx(21)
    assert contrast("#767676", WHITE) == pytest.approx(4.54, abs=0.01)
    assert contrast("#dee2e6", WHITE) < 3  # Bootstrap's own border colour: too faint


@pytest.mark.parametrize("background", BACKGROUNDS)
def test_the_focus_ring_reaches_3_to_1_on_every_light_background(background):
    assert contrast(variable("--iww-focus"), background) >= 3


def test_the_focus_ring_on_the_dark_header_reaches_3_to_1():
    header = re.search(r"\.site-header\s*\{\s*--iww-focus:\s*([^;]+);", SITE)
    assert header, "the header sets its own focus colour"
    assert contrast(header.group(1).strip(), variable("--iww-primary")) >= 3


def test_one_focus_rule_wins_over_bootstraps():
    ring = rule(":focus-visible")
    assert re.search(r"outline:\s*3px solid var\(--iww-focus\)\s*!important", ring)
    assert "outline-offset: 2px !important" in ring
    # Bootstrap only ever removes the outline without !important, so the rule above wins.
    assert "outline:0!important" not in BOOTSTRAP.replace(" ", "")
    assert ".btn:focus-visible{" in BOOTSTRAP  # the rule this one exists to beat


@pytest.mark.parametrize("background", BACKGROUNDS)
def test_control_borders_reach_3_to_1(background):
    border = variable("--iww-control-border")
    assert contrast(border, background) >= 3
    controls = re.search(
        r"\.form-control, \.form-select, \.form-check-input,[^{]*\{([^}]*)\}", SITE
    )
    assert controls
    assert "var(--iww-control-border)" in controls.group(1)


def test_the_header_select_has_a_border_that_stands_out_from_the_header():
    colour = re.search(r"\.site-header \.form-select\s*\{\s*border-color:\s*([^;]+);", SITE)
    assert colour
    assert contrast(colour.group(1).strip(), variable("--iww-primary")) >= 3
