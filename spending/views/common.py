"""What the spending pages share: the author, a refusal shown on its form, file downloads."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpRequest, QueryDict
from django.utils.datastructures import MultiValueDict

from grants.setup.views import NOT_SAVED, author, show_refusal

__all__ = ["NOT_SAVED", "author", "bound", "download", "refused", "show_refusal", "uploaded"]

logger = logging.getLogger(__name__)


def bound(request: HttpRequest) -> QueryDict | None:
    """A form's data on a POST (so that an empty POST is refused, not left unbound)."""
    return request.POST if request.method == "POST" else None


def uploaded(request: HttpRequest) -> MultiValueDict[str, UploadedFile] | None:
    return request.FILES if request.method == "POST" else None


def refused(request: HttpRequest, refusal: ValidationError) -> None:
    """A service's refusal of a one-click action, as messages at the top of the page."""
    for message in refusal.messages:
        messages.error(request, message)


def download(field: FieldFile, *, filename: str, content_type: str) -> FileResponse:
    """A stored file as a download that no browser runs (as a case's attachments are sent)."""
    if not field:
        raise Http404
    try:
        stored = field.open("rb")
    except FileNotFoundError:
        logger.error("No stored file %s", field.name)
        raise Http404 from None
    response = FileResponse(
        stored, as_attachment=True, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-cache"
    return response
