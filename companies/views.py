# Placeholder until the company screens land (being written now).
from django.http import Http404, HttpRequest, HttpResponse
from django.views import View


class _Pending(View):
    def get(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        raise Http404


CompanyListView = CompanyCreateView = CompanyDetailView = CompanyUpdateView = _Pending
