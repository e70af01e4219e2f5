"""django-filter filter sets for the grants lists."""

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from core.lists import SearchFilter
from grants.models import Case, GrantDecision, Programme, Project
from grants.suggest import project_filter, visible_projects


def visible_programmes(request: HttpRequest | None) -> QuerySet[Programme]:
    """The programmes of the projects the user may read: the lists' own scope.

    A project's secretariat sees its projects' programmes in the list, and no other.
    """
    if request is None:
        return Programme.objects.none()
    projects = Project.objects.visible_to(request.user)
    return Programme.objects.filter(pk__in=projects.values("programme_id"))


class ProjectFilter(django_filters.FilterSet):
    q = SearchFilter(fields=["name", "programme__name"])
    programme = django_filters.ModelChoiceFilter(
        # django-filter takes a callable of the request too; its stubs know only a queryset.
        queryset=visible_programmes,  # type: ignore[arg-type]
        label=_("Programme"),
        empty_label=_("All"),
    )

    class Meta:
        model = Project
        fields = ["q", "programme"]


class DecisionFilter(django_filters.FilterSet):
    q = SearchFilter(fields=["title", "project__name"])
    # A name with suggestions, not a list of every project (hundreds for the region's staff).
    project = project_filter(projects=visible_projects)
    programme = django_filters.ModelChoiceFilter(
        field_name="project__programme",
        queryset=visible_programmes,  # type: ignore[arg-type]
        label=_("Programme"),
        empty_label=_("All"),
    )
    status = django_filters.ChoiceFilter(
        choices=GrantDecision.Status.choices, label=_("Status"), empty_label=_("All")
    )
    kind = django_filters.ChoiceFilter(
        choices=GrantDecision.Kind.choices, label=_("Kind"), empty_label=_("All")
    )
    year = django_filters.NumberFilter(
        method="filter_year", label=_("Year"), min_value=2000, max_value=2100
    )

    class Meta:
        model = GrantDecision
        fields = ["q", "project", "programme", "status", "kind", "year"]

    def filter_year(
        self, queryset: QuerySet[GrantDecision], name: str, value: Any
    ) -> QuerySet[GrantDecision]:
        return queryset.filter(first_year__lte=value, last_year__gte=value)


class CaseFilter(django_filters.FilterSet):
    q = SearchFilter(fields=["title", "case_number", "project__name"])
    project = project_filter(projects=visible_projects)
    programme = django_filters.ModelChoiceFilter(
        field_name="project__programme",
        queryset=visible_programmes,  # type: ignore[arg-type]
        label=_("Programme"),
        empty_label=_("All"),
    )

    class Meta:
        model = Case
        fields = ["q", "project", "programme"]
