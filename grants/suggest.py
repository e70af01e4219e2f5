"""Projects chosen by name: the suggestions view and the lists' project filter; cases chosen
in a form (`case_choices`, for `case_field`).

The search itself is `core.search`; what is the grants room's is which projects a user may
choose (`Project.objects.visible_to`) and where the suggestions come from.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, JsonResponse
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from accounts import guards
from core.autocomplete import AutocompleteField, choices_response
from core.search import NameSearchFilter, RowsOf, suggestions
from grants.models import Case, Project


@guards.permission_required("grants.view_project")
def project_suggestions(request: HttpRequest) -> JsonResponse:
    """The names of the user's projects that match `?q=`, as JSON for static/js/autocomplete.js.

    The projects of the project list: the secretariat's own, every project for the roles that
    read them all. Any text gets a list, perhaps empty; never an error.
    """
    projects = Project.objects.visible_to(request.user)
    return JsonResponse({"results": suggestions(projects, request.GET.get("q", ""))})


def visible_projects(request: HttpRequest | None) -> QuerySet[Project]:
    """The projects the user may read (none without a request): the lists' own scope."""
    if request is None:
        return Project.objects.none()
    return Project.objects.visible_to(request.user)


def project_filter(
    *, projects: RowsOf = visible_projects, field_name: str = "project", many: bool = False
) -> NameSearchFilter:
    """A list's project filter: the project's name with suggestions, among `projects`."""
    return NameSearchFilter(
        rows=projects,
        suggest_url=reverse_lazy("grants:project_suggestions"),
        field_name=field_name,
        many=many,
        label=_("Project (name)"),
        unknown=_("None of your projects has this number."),
    )


CASE_SEARCH = ("title", "case_number", "project__name")


def case_label(case: Case) -> str:
    """How a case reads in an autocomplete: its title and its project's name."""
    return f"{case.title} ({case.project.name})"


@guards.permission_required("grants.view_case")
def case_choices(request: HttpRequest) -> JsonResponse:
    """The user's cases matching `?q=` (title, case number or project), for an autocomplete."""
    cases = Case.objects.visible_to(request.user).select_related("project").order_by("title", "pk")
    return choices_response(request, cases, search_fields=CASE_SEARCH, label=case_label)


class CaseField(AutocompleteField):
    """A case among hundreds, chosen by an autocomplete of the user's cases."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            url=reverse_lazy("grants:case_choices"), search_fields=CASE_SEARCH, **kwargs
        )

    def label_from_instance(self, obj: Any) -> str:
        return case_label(obj)
