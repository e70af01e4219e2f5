# mypy: disallow-subclassing-any=False
# (django-tables2 ships no types, as for the other apps' list views in pyproject.toml.)
"""The staff's list of every request, applications and change requests: by default those
waiting for an assessment."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import django_filters
import django_tables2 as tables
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from accounts import guards
from applications.forms.assessment import staff_users
from applications.models import Call, Request
from core.lists import SearchFilter
from core.paging import PagedTableMixin
from core.people import person_name
from grants.models import GrantDecision, Programme

STAGE_PARAM = "stage"
AWAITING = Request.Status.SUBMITTED
MINE, NOBODY = "mine", "none"


def stage_choices() -> list[tuple[str, Any]]:
    return [
        *Request.Status.choices,
        (f"decision_{GrantDecision.Status.DRAFT}", _("accepted, decision being prepared")),
        (f"decision_{GrantDecision.Status.RECOMMENDED}", _("recommended")),
        (f"decision_{GrantDecision.Status.APPROVED}", _("approved")),
        (f"decision_{GrantDecision.Status.REJECTED}", _("rejected by the decision body")),
    ]


def officer_choices() -> list[tuple[str, str]]:
    return [
        (MINE, str(_("Mine"))),
        (NOBODY, str(_("Nobody"))),
        *((str(user.pk), person_name(user)) for user in staff_users()),
    ]


class AssessmentFilter(django_filters.FilterSet):
    q = SearchFilter(fields=["title", "organisation__name", "project__name"])
    kind = django_filters.ChoiceFilter(
        choices=Request.Kind.choices, label=_("Kind"), empty_label=_("All")
    )
    stage = django_filters.ChoiceFilter(
        choices=stage_choices, method="filter_stage", label=_("Stage"), empty_label=_("All")
    )
    programme = django_filters.ModelChoiceFilter(
        queryset=Programme.objects.order_by("name"),
        method="filter_programme",
        label=_("Programme"),
        empty_label=_("All"),
    )
    call = django_filters.ModelChoiceFilter(
        queryset=Call.objects.order_by("-closes_at", "pk"), label=_("Call"), empty_label=_("All")
    )
    officer = django_filters.ChoiceFilter(
        choices=officer_choices,
        method="filter_officer",
        label=_("Case officer"),
        empty_label=_("All"),
    )

    class Meta:
        model = Request
        fields = ["q", "kind", "stage", "programme", "call", "officer"]

    def filter_stage(self, queryset: QuerySet[Request], name: str, value: str) -> QuerySet[Request]:
        if value.startswith("decision_"):
            return queryset.filter(
                status=Request.Status.ACCEPTED, decision__status=value.removeprefix("decision_")
            )
        return queryset.filter(status=value)

    def filter_programme(
        self, queryset: QuerySet[Request], name: str, value: Programme
    ) -> QuerySet[Request]:
        return queryset.filter(Q(call__programme=value) | Q(project__programme=value))

    def filter_officer(
        self, queryset: QuerySet[Request], name: str, value: str
    ) -> QuerySet[Request]:
        if value == MINE:
            user = getattr(self.request, "user", None)
            return queryset.filter(case_officer_id=getattr(user, "pk", None))
        if value == NOBODY:
            return queryset.filter(case_officer__isnull=True)
        return queryset.filter(case_officer_id=int(value))


class AssessmentTable(tables.Table):
    title = tables.Column(verbose_name=_("Request"))
    kind = tables.Column(verbose_name=_("Kind"))
    organisation = tables.Column(
        accessor="organisation__name", verbose_name=_("Applicant"), default="–"
    )
    about = tables.Column(
        accessor="pk", verbose_name=_("Call or project"), orderable=False, empty_values=()
    )
    submitted_at = tables.Column(verbose_name=_("Submitted"), default="–")
    case_officer = tables.Column(verbose_name=_("Case officer"), default="–")
    stage = tables.Column(accessor="status", verbose_name=_("Stage"), orderable=False)

    class Meta:
        model = Request
        fields = [
            "title",
            "kind",
            "organisation",
            "about",
            "submitted_at",
            "case_officer",
            "stage",
        ]
        order_by = ["submitted_at"]
        attrs = {"data-testid": "assessment-list"}

    def render_title(self, record: Request, value: str) -> SafeString:
        url = reverse("applications:request_assess", args=[record.pk])
        return format_html('<a href="{}">{}</a>', url, value)

    def render_kind(self, record: Request) -> str:
        return str(record.get_kind_display())

    def render_about(self, record: Request) -> str:
        if record.project is not None:
            return record.project.name
        return record.call.title if record.call is not None else "–"

    def render_submitted_at(self, value: datetime) -> str:
        return date_format(localtime(value), "SHORT_DATE_FORMAT")

    def render_case_officer(self, value: Any) -> str:
        return person_name(value)

    def render_stage(self, record: Request) -> str:
        return record.stage()[1]


class AssessmentListView(
    guards.ObjectPermissionMixin, PagedTableMixin, SingleTableMixin, FilterView
):
    model = Request
    permission_required = "applications.assess_request"
    template_name = "applications/assessment/request_list.html"
    table_class = AssessmentTable
    filterset_class = AssessmentFilter

    def get_queryset(self) -> QuerySet[Request]:
        return Request.objects.visible_to(self.request.user).select_related(
            "call", "project", "organisation", "case_officer", "decision"
        )

    def get_filterset_kwargs(self, filterset_class: Any) -> dict[str, Any]:
        kwargs: dict[str, Any] = super().get_filterset_kwargs(filterset_class)
        # Opened without a stage: the requests waiting for an assessment.
        if STAGE_PARAM not in self.request.GET:
            data = self.request.GET.copy()
            data[STAGE_PARAM] = AWAITING
            kwargs["data"] = data
        return kwargs


request_list = AssessmentListView.as_view()
