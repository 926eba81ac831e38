"""Upload limits that hold while the request is read, not after it was stored in full."""

from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest


class LimitedUploadHandler(FileUploadHandler):
    """Stops storing uploaded files once they pass ``limit`` bytes together.

    Django's own limits (``DATA_UPLOAD_MAX_MEMORY_SIZE``) leave files out, and its handlers write
    a large upload to a temporary file before a form can look at its size. Put first in
    ``request.upload_handlers``, this one passes the bytes on until the limit and then stops
    the upload: the rest of the body is read and thrown away (so the browser gets an answer,
    not a reset connection), nothing beyond the limit is kept, and ``request.upload_too_large``
    tells the view to say so. The proxy's ``client_max_body_size`` keeps the bytes off the
    network; this keeps them out of memory and off disk.
    """

    def __init__(self, request: HttpRequest, *, limit: int) -> None:
        super().__init__(request)
        self.limit = limit
        self.received = 0
        # A flag for the view; HttpRequest's stub does not know this attribute.
        request.upload_too_large = False  # type: ignore[attr-defined]

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > self.limit:
            assert self.request is not None  # set in __init__
            self.request.upload_too_large = True  # type: ignore[attr-defined]
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None  # the next handler makes the file


def limit_uploads(request: HttpRequest, *, limit: int) -> None:
    """Puts the limit in front of the request's upload handlers; before POST is first read."""
    request.upload_handlers.insert(0, LimitedUploadHandler(request, limit=limit))
