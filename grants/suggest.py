"""Projects chosen by name: the suggestions view and the lists' project filter.

The search itself is `core.search`; what is the grants room's is which projects a user may
choose (`Project.objects.visible_to`) and where the suggestions come from.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest, JsonResponse
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from accounts import guards
from core.search import NameSearchFilter, RowsOf, suggestions
from grants.models import Project


@guards.permission_required("grants.view_project")
def project_suggestions(request: HttpRequest) -> JsonResponse:
    """The names of the user's projects that match `?q=`, as JSON for static/js/suggest.js.

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
