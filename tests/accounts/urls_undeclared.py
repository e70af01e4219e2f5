"""A URLconf for the check's tests: declared and undeclared views side by side."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from django.views.i18n import set_language

from accounts import guards


def undeclared(request: HttpRequest) -> HttpResponse:
    return HttpResponse()


@guards.permission_required("grants.view_project")
def declared(request: HttpRequest) -> HttpResponse:
    return HttpResponse()


@require_POST
@guards.checks_object_permission("grants.change_grantdecision")
def guarded_inside(request: HttpRequest, pk: int) -> HttpResponse:
    return HttpResponse()


class PlainView(TemplateView):
    template_name = "base.html"


class NamesNoPermission(guards.ObjectPermissionMixin, TemplateView):
    template_name = "base.html"


class NamesItsPermission(guards.ObjectPermissionMixin, TemplateView):
    permission_required = "grants.view_project"
    template_name = "base.html"


urlpatterns = [
    path("undeclared/", undeclared),
    path("declared/", declared),
    path("guarded-inside/<int:pk>/", guarded_inside),
    path("plain/", PlainView.as_view()),
    path("names-no-permission/", NamesNoPermission.as_view()),
    path("names-its-permission/", NamesItsPermission.as_view()),
    path("i18n/setlang/", set_language),
]
