"""The invitation link as a QR code (SVG), for the round page and the printed invitation.

segno is pure Python and makes the SVG on the server: no script, no image request, nothing a
strict CSP would block.
"""

import re

import segno
from django.utils.safestring import SafeString, mark_safe


def qr_svg(url: str, *, label: str, scale: int = 4) -> SafeString:
    """An inline SVG QR code of ``url`` with ``label`` as its text alternative."""
    # segno escapes the title; the rest of the markup is its own (paths, no text).
    svg = segno.make(url, error="m").svg_inline(
        scale=scale, title=label, svgclass="qr-code", lineclass=None, dark="#000", light="#fff"
    )
    # segno gives a width and a height but no viewBox: scaled by CSS (the printed invitation's
    # 14rem on screen) the SVG then showed only its top-left part. With a viewBox it scales.
    size = re.match(r'<svg width="(\d+)" height="(\d+)"', svg)
    view_box = f'viewBox="0 0 {size.group(1)} {size.group(2)}" ' if size else ""
    return mark_safe(svg.replace("<svg ", f'<svg role="img" focusable="false" {view_box}', 1))
