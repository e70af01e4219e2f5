# Placeholder until the course import lands (being written now).
from django.http import Http404, HttpRequest, HttpResponse


def course_import(request: HttpRequest) -> HttpResponse:
    raise Http404


def course_import_template(request: HttpRequest) -> HttpResponse:
    raise Http404
