# mypy: disallow-subclassing-any=False
# (django-tables2 ships no types, as for the other apps' tables and views in pyproject.toml.)
"""The region's set-up: a project's reporting deadlines, a programme's finance settings and
cost categories. Every write goes through `spending.services`."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from accounts import guards
from core import confirm, undo
from core.paging import PagedTableMixin
from core.refusals import NOT_SAVED, refusal_messages, show_refusal
from grants.models import Programme, Project
from spending import queries
from spending.filters import DeadlineFilter
from spending.forms.setup import CategoryForm, DeadlineForm, FinanceForm
from spending.models import CostCategory, ExpenditureLine, ReportingDeadline
from spending.services import deadlines as deadline_services
from spending.services import finance as finance_services
from spending.tables import DeadlineTable
from spending.views.common import bound

VIEW_DEADLINES = "spending.view_deadlines"
MANAGE_DEADLINES = "spending.manage_deadlines"
MANAGE_FINANCE = "spending.manage_finance"


class DeadlineListView(guards.ObjectPermissionMixin, PagedTableMixin, SingleTableMixin, FilterView):
    permission_required = VIEW_DEADLINES
    table_class = DeadlineTable
    filterset_class = DeadlineFilter
    template_name = "spending/deadline_list.html"

    def get_queryset(self) -> QuerySet[ReportingDeadline]:
        return queries.deadline_list(self.request.user)

    def get_table_kwargs(self) -> dict[str, Any]:
        return {"today": timezone.localdate()}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["may_manage"] = guards.has_perm(self.request.user, MANAGE_DEADLINES)
        context["projects"] = (
            Project.objects.visible_to(self.request.user).order_by("name")
            if context["may_manage"]
            else Project.objects.none()
        )
        return context


def _deadline_form(
    request: HttpRequest, project: Project, deadline: ReportingDeadline
) -> HttpResponse:
    form = DeadlineForm(bound(request), instance=deadline)
    if request.method == "POST":
        if form.is_valid():
            try:
                deadline_services.deadline_save(deadline=form.instance, by=guards.author(request))
            except ValidationError as exc:
                show_refusal(form, exc)
            else:
                messages.success(request, _("The reporting deadline was saved."))
                return HttpResponseRedirect(
                    reverse("spending:deadline_list") + f"?project={project.pk}"
                )
        messages.error(request, NOT_SAVED)
    return render(
        request,
        "spending/deadline_form.html",
        {"form": form, "project": project, "deadline": deadline if deadline.pk else None},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@guards.checks_object_permission(MANAGE_DEADLINES)
def deadline_create(request: HttpRequest, project_pk: int) -> HttpResponse:
    project = guards.get_object(request, Project, project_pk, MANAGE_DEADLINES)
    return _deadline_form(request, project, ReportingDeadline(project=project))


@require_http_methods(["GET", "HEAD", "POST"])
@guards.checks_object_permission(MANAGE_DEADLINES)
def deadline_update(request: HttpRequest, pk: int) -> HttpResponse:
    deadline = guards.get_object(
        request, ReportingDeadline.objects.select_related("project"), pk, MANAGE_DEADLINES
    )
    return _deadline_form(request, deadline.project, deadline)


def _deadlines_page(project_id: int) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("spending:deadline_list") + f"?project={project_id}")


def _deadline_confirmation(deadline: ReportingDeadline) -> confirm.Confirmation:
    reports = deadline.reports.count()
    refusal = []
    if reports:
        refusal.append(
            ngettext(
                "%(count)s report has been written for this deadline: it cannot be deleted.",
                "%(count)s reports have been written for this deadline: it cannot be deleted.",
                reports,
            )
            % {"count": reports}
        )
    list_url = reverse("spending:deadline_list") + f"?project={deadline.project_id}"
    return confirm.Confirmation(
        title=_("Delete the reporting deadline"),
        question=_("Delete the deadline for the period %(period)s of %(project)s, due on %(due)s?")
        % {
            "period": str(deadline),
            "project": deadline.project.name,
            "due": date_format(deadline.due_on, "SHORT_DATE_FORMAT"),
        },
        consequences=[
            _("The project is no longer reminded of it, and no report can name it."),
            _("Right after the deletion, you can undo it."),
        ],
        refusal=refusal,
        button=_("Yes, delete the deadline"),
        cancel_url=list_url,
        trail=[(list_url, _("Reporting deadlines of %(project)s") % {"project": deadline.project})],
    )


@confirm.destroys
@guards.checks_object_permission(MANAGE_DEADLINES)
def deadline_delete(request: HttpRequest, pk: int) -> HttpResponse:
    deadline = guards.get_object(
        request, ReportingDeadline.objects.select_related("project"), pk, MANAGE_DEADLINES
    )
    if request.method != "POST":
        return confirm.ask(request, _deadline_confirmation(deadline))
    undo.destroy(
        request,
        lambda: deadline_services.deadline_delete(deadline=deadline, by=guards.author(request)),
        done=_("The reporting deadline %(period)s was deleted.") % {"period": str(deadline)},
        url=reverse("spending:deadline_restore", args=[pk]),
    )
    return _deadlines_page(deadline.project_id)


@require_POST
@guards.checks_object_permission(MANAGE_DEADLINES)
def deadline_restore(request: HttpRequest, pk: int) -> HttpResponse:
    """Undo the deletion of a deadline (the button in the message after it)."""
    guards.require(request.user, MANAGE_DEADLINES)
    record = undo.deletion_or_404(ReportingDeadline, pk)
    project = guards.get_object(request, Project, record.project_id, MANAGE_DEADLINES)
    try:
        deadline = deadline_services.deadline_restore(deadline_id=pk, by=guards.author(request))
    except ValidationError as exc:
        refusal_messages(request, exc)
    else:
        messages.success(
            request,
            _("The reporting deadline %(period)s is back.") % {"period": str(deadline)},
        )
    return _deadlines_page(project.pk)


# --- A programme's finance settings and cost categories -----------------------------------


@require_safe
@guards.permission_required(MANAGE_FINANCE)
def finance_list(request: HttpRequest) -> HttpResponse:
    programmes = queries.programmes_with_finance().order_by("name")
    return render(request, "spending/finance_list.html", {"programmes": programmes})


def _programme(request: HttpRequest, pk: int) -> Programme:
    return guards.get_object(request, Programme, pk, MANAGE_FINANCE)


@require_http_methods(["GET", "HEAD", "POST"])
@guards.checks_object_permission(MANAGE_FINANCE)
def finance_update(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _programme(request, pk)
    form = FinanceForm(bound(request), instance=finance_services.finance_of(programme))
    if request.method == "POST":
        if form.is_valid():
            try:
                finance_services.finance_save(finance=form.instance, by=guards.author(request))
            except ValidationError as exc:
                show_refusal(form, exc)
            else:
                messages.success(request, _("The programme's finance settings were saved."))
                return HttpResponseRedirect(reverse("spending:category_list", args=[programme.pk]))
        messages.error(request, NOT_SAVED)
    return render(request, "spending/finance_form.html", {"form": form, "programme": programme})


@require_safe
@guards.checks_object_permission(MANAGE_FINANCE)
def category_list(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _programme(request, pk)
    categories = CostCategory.objects.filter(programme=programme).select_related("base")
    return render(
        request,
        "spending/category_list.html",
        {
            "programme": programme,
            "finance": finance_services.finance_of(programme),
            "categories": categories,
        },
    )


def _category_form(
    request: HttpRequest, programme: Programme, category: CostCategory
) -> HttpResponse:
    form = CategoryForm(bound(request), programme=programme, instance=category)
    if request.method == "POST":
        if form.is_valid():
            try:
                finance_services.category_save(category=form.instance, by=guards.author(request))
            except ValidationError as exc:
                show_refusal(form, exc)
            else:
                messages.success(request, _("The cost category was saved."))
                return HttpResponseRedirect(reverse("spending:category_list", args=[programme.pk]))
        messages.error(request, NOT_SAVED)
    return render(
        request,
        "spending/category_form.html",
        {"form": form, "programme": programme, "category": category if category.pk else None},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@guards.checks_object_permission(MANAGE_FINANCE)
def category_create(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _programme(request, pk)
    return _category_form(request, programme, CostCategory(programme=programme))


def _category(request: HttpRequest, pk: int) -> CostCategory:
    return guards.get_object(
        request, CostCategory.objects.select_related("programme"), pk, MANAGE_FINANCE
    )


@require_http_methods(["GET", "HEAD", "POST"])
@guards.checks_object_permission(MANAGE_FINANCE)
def category_update(request: HttpRequest, pk: int) -> HttpResponse:
    category = _category(request, pk)
    return _category_form(request, category.programme, category)


def _category_confirmation(category: CostCategory) -> confirm.Confirmation:
    list_url = reverse("spending:category_list", args=[category.programme_id])
    lines = ExpenditureLine.objects.filter(cost_category=category).count()
    rates = category.flat_rates.count()
    refusal = []
    if lines:
        refusal.append(
            ngettext(
                "%(count)s expenditure line uses the category: it cannot be deleted.",
                "%(count)s expenditure lines use the category: it cannot be deleted.",
                lines,
            )
            % {"count": lines}
        )
    if rates:
        refusal.append(
            ngettext(
                "%(count)s flat rate is computed from the category: it cannot be deleted.",
                "%(count)s flat rates are computed from the category: it cannot be deleted.",
                rates,
            )
            % {"count": rates}
        )
    return confirm.Confirmation(
        title=_("Delete the cost category"),
        question=_("Delete the cost category %(code)s “%(name)s” of the programme %(programme)s?")
        % {"code": category.code, "name": category, "programme": category.programme.name},
        consequences=[
            _("No project of the programme can report lines in it any more."),
            _("Right after the deletion, you can undo it."),
        ],
        refusal=refusal,
        button=_("Yes, delete the category"),
        cancel_url=list_url,
        trail=[(list_url, _("Cost categories of %(name)s") % {"name": category.programme.name})],
    )


@confirm.destroys
@guards.checks_object_permission(MANAGE_FINANCE)
def category_delete(request: HttpRequest, pk: int) -> HttpResponse:
    category = _category(request, pk)
    if request.method != "POST":
        return confirm.ask(request, _category_confirmation(category))
    undo.destroy(
        request,
        lambda: finance_services.category_delete(category=category, by=guards.author(request)),
        done=_("The cost category “%(name)s” was deleted.") % {"name": category},
        url=reverse("spending:category_restore", args=[pk]),
    )
    return HttpResponseRedirect(reverse("spending:category_list", args=[category.programme_id]))


@require_POST
@guards.checks_object_permission(MANAGE_FINANCE)
def category_restore(request: HttpRequest, pk: int) -> HttpResponse:
    """Undo the deletion of a cost category (the button in the message after it)."""
    guards.require(request.user, MANAGE_FINANCE)
    record = undo.deletion_or_404(CostCategory, pk)
    programme = _programme(request, record.programme_id)
    try:
        category = finance_services.category_restore(category_id=pk, by=guards.author(request))
    except ValidationError as exc:
        refusal_messages(request, exc)
    else:
        messages.success(request, _("The cost category “%(name)s” is back.") % {"name": category})
    return HttpResponseRedirect(reverse("spending:category_list", args=[programme.pk]))
