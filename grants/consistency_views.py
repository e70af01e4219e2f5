# Placeholder: acknowledging consistency findings is being written now.
from django.http import Http404, HttpRequest, HttpResponse


def finding_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    raise Http404
