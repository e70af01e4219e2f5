"""The money after the decision as staff see it: a project's page, a decision's, the warning
list across a programme, and the project's XLSX and PDF.

Every page and file renders the same `spending.money.Overview` (`spending.figures`), so they
cannot disagree. The figures are aggregates: whoever reads the project's grants reads them; the
warnings are for those who act on them (`spending.view_money_warnings`).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import DetailView, TemplateView

from accounts import guards
from core.filenames import attach, download_name
from core.lists import search_text, text_search
from core.paging import DEFAULT_PER_PAGE, BoundedPaginator
from core.xlsx import XLSX_CONTENT_TYPE
from grants.models import GrantDecision, Programme, Project
from spending import exports
from spending.figures import decision_money, programme_warnings, project_money
from spending.money import Overview


def chart_of(overview: Overview, *, element_id: str) -> dict[str, Any]:
    """The chart's data for `json_script`: budget, accepted and paid by year, in kroner."""
    return {
        "element_id": element_id,
        "data": {
            "labels": [str(item.year) for item in overview.years],
            "budget": [item.figures.budget for item in overview.years],
            "accepted": [item.figures.accepted for item in overview.years],
            "paid": [item.figures.paid for item in overview.years],
            "names": {"budget": _("Budget"), "accepted": _("Accepted"), "paid": _("Paid")},
        },
    }


def today() -> date:
    """The day the money is read for (a function, so tests can fix it)."""
    return timezone.localdate()


class ProjectMoneyView(guards.ObjectPermissionMixin, DetailView[Project]):
    """A project's budget against what was reported, accepted and paid, by year and area."""

    model = Project
    permission_required = "spending.view_money"
    template_name = "spending/overview_project.html"
    context_object_name = "project"

    def get_queryset(self) -> QuerySet[Project]:
        return Project.objects.visible_to(self.request.user).select_related("programme")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        money = project_money(self.object, today=today())
        return {
            **super().get_context_data(**kwargs),
            "money": money,
            "overview": money.overview,
            "chart": chart_of(money.overview, element_id="money-chart-data"),
            "show_warnings": guards.has_perm(
                self.request.user, "spending.view_money_warnings", self.object
            ),
        }


class DecisionMoneyView(guards.ObjectPermissionMixin, DetailView[GrantDecision]):
    """One decision's budget against the part of the project's spending that falls to it."""

    model = GrantDecision
    permission_required = "spending.view_money"
    template_name = "spending/overview_decision.html"
    context_object_name = "decision"

    def get_queryset(self) -> QuerySet[GrantDecision]:
        return GrantDecision.objects.visible_to(self.request.user).select_related(
            "project__programme"
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        shown, overview = decision_money(self.object)
        return {
            **super().get_context_data(**kwargs),
            "shown": shown,
            "project": self.object.project,
            "overview": overview,
            "chart": chart_of(overview, element_id="money-chart-data"),
        }


class WarningListView(guards.ObjectPermissionMixin, TemplateView):
    """The early warnings of every project, or of one programme's (`?programme=`), a page of
    projects at a time (`?page=`, `?per_page=`), found by name (`?q=`).

    Each project's warnings are its money overview's, so only the page's projects are worked
    out: the whole region's 500 at once took seconds.
    """

    permission_required = "spending.view_programme_warnings"
    template_name = "spending/overview_warnings.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        query = self.request.GET
        programmes = list(Programme.objects.visible_to(user).order_by("name"))
        chosen = query.get("programme", "")
        programme = next((p for p in programmes if str(p.pk) == chosen), None)
        if chosen and programme is None:
            raise Http404
        projects = Project.objects.visible_to(user).select_related("programme")
        if programme is not None:
            projects = projects.filter(programme=programme)
        search = search_text(query.get("q"))
        if search:
            projects = projects.filter(text_search(["name"], search))
        paginator = BoundedPaginator(
            projects.order_by("name", "pk"), query.get("per_page", DEFAULT_PER_PAGE)
        )
        page = paginator.get_page(query.get("page"))
        rows = programme_warnings(page.object_list, today=today())
        return {
            **super().get_context_data(**kwargs),
            "programmes": programmes,
            "programme": programme,
            "search": search,
            "page_obj": page,
            "rows": rows,
            "warning_count": sum(len(row.overview.warnings) for row in rows),
        }


FORMATS = {"xlsx": XLSX_CONTENT_TYPE, "pdf": "application/pdf"}


@guards.checks_object_permission("spending.view_money")
def project_money_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The project's money page as an XLSX workbook or an A4 PDF."""
    if fmt not in FORMATS:
        raise Http404
    project = guards.get_object(
        request, Project.objects.select_related("programme"), pk, "spending.view_money"
    )
    money = project_money(project, today=today())
    warnings = guards.has_perm(request.user, "spending.view_money_warnings", project)
    content = (
        exports.to_xlsx(money, warnings=warnings)
        if fmt == "xlsx"
        else exports.to_pdf(money, warnings=warnings)
    )
    response = HttpResponse(content, content_type=FORMATS[fmt])
    return attach(response, download_name(_("finances"), project.name, ext=fmt))
