"""Choosing a project by name: the lists' project filter and the suggestions it offers.

Regional staff choose among hundreds of projects, so the filter is a text field rather than a
`<select>` of every project: it works without JavaScript, and static/js/suggest.js offers the
matching names as one types. A suggestion is the project's name, which the filter finds exactly
that project by; `?project=<id>` (links from other pages) still names one project.
Both the filter and the suggestions stay within the projects the user may read: a project's
secretariat never learns another project's name from them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Case, Exists, IntegerField, Q, QuerySet, Value, When
from django.http import HttpRequest, JsonResponse
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from accounts import guards
from core.forms import parse_id
from grants.models import Project

MIN_SEARCH_LENGTH = 2
MAX_SEARCH_LENGTH = 200
MAX_SUGGESTIONS = 20

ProjectsOf = Callable[[HttpRequest | None], QuerySet[Project]]


def project_search(projects: QuerySet[Project], text: str) -> QuerySet[Project]:
    """The projects of `projects` that `text` names: the one of exactly that name, if any,
    else those whose name contains it.

    One query, used as a subquery: the list it filters costs no query more.
    """
    exact = projects.filter(name=text)
    return projects.filter(Q(name=text) | (Q(name__icontains=text) & ~Exists(exact)))


def project_suggestions_of(projects: QuerySet[Project], text: str) -> list[str]:
    """The names of `projects` containing `text`, those that begin with it first."""
    text = text.strip()
    if not MIN_SEARCH_LENGTH <= len(text) <= MAX_SEARCH_LENGTH or "\x00" in text:
        return []
    matching = (
        projects.filter(name__icontains=text)
        .annotate(
            later=Case(
                When(name__istartswith=text, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("later", "name")
        .values_list("name", flat=True)
    )
    return list(matching[:MAX_SUGGESTIONS])


@guards.permission_required("grants.view_project")
def project_suggestions(request: HttpRequest) -> JsonResponse:
    """The names of the user's projects that match `?q=`, as JSON for static/js/suggest.js.

    The projects of the project list: the secretariat's own, every project for the roles that
    read them all. Any text gets a list, perhaps empty; never an error.
    """
    projects = Project.objects.visible_to(request.user)
    return JsonResponse({"results": project_suggestions_of(projects, request.GET.get("q", ""))})


class ProjectField(forms.CharField):
    """A project named by its name (or part of it) or by its id, among `projects`.

    Cleans to the Project an id names (an id outside `projects` is an error), to the projects
    a text names (`project_search`, perhaps none), or to None when empty.
    """

    default_error_messages = {"unknown": _("None of your projects has this number.")}

    def __init__(self, *, projects: QuerySet[Project], **kwargs: Any) -> None:
        kwargs.setdefault("max_length", MAX_SEARCH_LENGTH)
        super().__init__(**kwargs)
        self.projects = projects
        self.chosen: Project | None = None

    def clean(self, value: Any) -> Project | QuerySet[Project] | None:
        text = super().clean(value)
        if not text:
            return None
        pk = parse_id(text)
        if pk is None:
            return project_search(self.projects, text)
        self.chosen = self.projects.filter(pk=pk).only("name").first()
        if self.chosen is None:
            raise ValidationError(self.error_messages["unknown"], code="unknown")
        return self.chosen

    def prepare_value(self, value: Any) -> Any:
        # A link's `?project=<id>` shows as the project's name, which finds it again.
        if self.chosen is not None and value == str(self.chosen.pk):
            return self.chosen.name
        return super().prepare_value(value)


class ProjectSearchFilter(django_filters.Filter):
    """A list's project filter: a text field with suggestions instead of a `<select>`.

    `projects(request)` are the projects the user may choose; `field_name` leads from a row to
    its project. `many` when a row has several projects (a company): the rows are then chosen
    by id, so that the row is listed once and its other projects still count.
    """

    field_class = ProjectField

    def __init__(
        self,
        *,
        projects: ProjectsOf,
        field_name: str = "project",
        many: bool = False,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("label", _("Project (name)"))
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={
                    "data-suggest": reverse_lazy("grants:project_suggestions"),
                    "autocomplete": "off",
                }
            ),
        )
        super().__init__(field_name=field_name, **kwargs)
        self.projects = projects
        self.many = many

    @property
    def field(self) -> forms.Field:
        # The filter set sets `parent` (which the stubs do not know); its request may be None.
        request = getattr(getattr(self, "parent", None), "request", None)
        self.extra["projects"] = self.projects(request)
        return super().field

    def filter(self, qs: QuerySet[Any], value: Any) -> QuerySet[Any]:
        if value is None:
            return qs
        assert self.field_name is not None
        lookup = self.field_name if isinstance(value, Project) else f"{self.field_name}__in"
        if not self.many:
            return qs.filter(**{lookup: value})
        rows = qs.model._default_manager.filter(**{lookup: value}).values("pk")
        return qs.filter(pk__in=rows)
