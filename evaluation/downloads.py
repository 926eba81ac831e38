"""Every download (PDF, ZIP, CSV, XLSX) leaves the same way: as an attachment, never kept by a
browser or proxy cache (docs/privacy.md)."""

from django.http import HttpResponse
from django.utils.http import content_disposition_header


def attachment(content: bytes | str, *, content_type: str, filename: str) -> HttpResponse:
    """A private download of ``content`` named ``filename`` (already a safe name)."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=filename
    )
    response["Cache-Control"] = "private, no-store"
    return response
