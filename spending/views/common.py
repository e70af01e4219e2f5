"""What the spending pages share: a form's data only on POST."""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, QueryDict
from django.utils.datastructures import MultiValueDict


def bound(request: HttpRequest) -> QueryDict | None:
    """A form's data on a POST (so that an empty POST is refused, not left unbound)."""
    return request.POST if request.method == "POST" else None


def uploaded(request: HttpRequest) -> MultiValueDict[str, UploadedFile] | None:
    return request.FILES if request.method == "POST" else None
