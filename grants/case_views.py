# Placeholder: case editing and attachments are being written now.
from django.http import Http404, HttpRequest, HttpResponse


def case_edit(request: HttpRequest, pk: int) -> HttpResponse:
    raise Http404


def attachment_upload(request: HttpRequest, pk: int) -> HttpResponse:
    raise Http404


def attachment_download(request: HttpRequest, pk: int) -> HttpResponse:
    raise Http404


def attachment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    raise Http404
