# Placeholder: the case presentation (preview and PDF) is being written now.
from django.http import Http404, HttpRequest, HttpResponse


def case_preview(request: HttpRequest, pk: int) -> HttpResponse:
    raise Http404


def case_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    raise Http404
