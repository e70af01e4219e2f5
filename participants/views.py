# Placeholder until the participants screens land (being written now).
from django.http import Http404, HttpRequest, HttpResponse
from django.views import View


class _Pending(View):
    def get(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        raise Http404


CourseListView = ParticipantRegisterView = ParticipantDetailView = _Pending
ParticipantUpdateView = CourseUpdateView = _Pending


def course_export(request: HttpRequest) -> HttpResponse:
    raise Http404


def course_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    raise Http404
