# mypy: disallow-subclassing-any=False
# (django-tables2 ships no types, as for the other apps' tables and views in pyproject.toml.)
"""The grant letter's pages: a decision's versions, writing one, the conditions, downloads and
an applicant's or secretariat's own letters. Every write goes through the letters' services."""

from __future__ import annotations

from typing import Any

import django_filters
import django_tables2 as tables
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from accounts import guards
from applications.models.letters import (
    DecisionConditions,
    GrantLetter,
    ProgrammeConditions,
    letter_decisions,
)
from applications.services import letters as services
from core.downloads import stored_file
from core.filenames import download_name
from core.lists import SearchFilter
from core.paging import PagedTableMixin
from core.pdf import PDF_CONTENT_TYPE
from core.refusals import NOT_SAVED, refusal_messages, show_refusal
from grants.models import GrantDecision, Programme

VIEW = "applications.view_letters"
WRITE = "applications.write_letters"
EDIT_CONDITIONS = "applications.edit_conditions"


def _decision(request: HttpRequest, pk: int, perm: str) -> GrantDecision:
    """The decision `pk` if the user reads its letters and may `perm`: 403 for a role without
    it, 404 for a decision outside the user's letters."""
    guards.require(request.user, perm)
    decision = get_object_or_404(
        letter_decisions(request.user).select_related("project__programme"), pk=pk
    )
    guards.require(request.user, perm, decision)
    return decision


def _status(outdated: bool) -> SafeString:
    if outdated:
        return format_html('<span class="badge badge-warning">{}</span>', _("Outdated"))
    return format_html('<span class="badge badge-success">{}</span>', _("Current"))


@require_safe
@guards.checks_object_permission(VIEW)
def letter_list(request: HttpRequest, decision_pk: int) -> HttpResponse:
    decision = _decision(request, decision_pk, VIEW)
    letters = list(
        GrantLetter.objects.filter(decision=decision)
        .select_related("decision__project", "decision__deciding_body", "written_by")
        .order_by("-number")
    )
    outdated = services.outdated_letter_ids(letters)
    conditions = DecisionConditions.objects.filter(decision=decision).first()
    return render(
        request,
        "applications/letters/letter_list.html",
        {
            "decision": decision,
            "rows": [(letter, _status(letter.pk in outdated)) for letter in letters],
            "conditions": conditions,
            "may_write": guards.has_perm(request.user, WRITE, decision),
            "approved": decision.status == GrantDecision.Status.APPROVED,
        },
    )


@require_POST
@guards.checks_object_permission(WRITE)
def letter_write(request: HttpRequest, decision_pk: int) -> HttpResponseRedirect:
    decision = _decision(request, decision_pk, WRITE)
    try:
        letter = services.letter_write(decision=decision, by=guards.author(request))
    except ValidationError as refusal:
        refusal_messages(request, refusal)
    else:
        messages.success(
            request,
            _("Version %(number)s of the grant letter was written.") % {"number": letter.number},
        )
    return HttpResponseRedirect(reverse("applications:letter_list", args=[decision.pk]))


@require_safe
@guards.checks_object_permission(VIEW)
def letter_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    letter = guards.get_object(
        request,
        GrantLetter.objects.select_related("decision__project", "decision__deciding_body"),
        pk,
        VIEW,
    )
    name = download_name(
        _("grant letter"),
        letter.decision.project.name,
        f"v{letter.number}",
        day=letter.written_at.date(),
        ext="pdf",
    )
    return stored_file(letter.file, filename=name, content_type=PDF_CONTENT_TYPE)


class ConditionsForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Conditions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=gettext_lazy(
            "Paragraphs, bullet lists (lines starting with “- ”) and headings (“## ”)."
        ),
    )


def _conditions_page(
    request: HttpRequest, *, initial: str, save: Any, done: str, context: dict[str, Any]
) -> HttpResponse:
    form = ConditionsForm(
        request.POST if request.method == "POST" else None, initial={"text": initial}
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                save(form.cleaned_data["text"])
            except ValidationError as refusal:
                show_refusal(form, refusal)
            else:
                messages.success(request, _("The conditions were saved."))
                return HttpResponseRedirect(done)
        messages.error(request, NOT_SAVED)
    return render(request, "applications/letters/conditions_form.html", {"form": form, **context})


@require_http_methods(["GET", "HEAD", "POST"])
@guards.checks_object_permission(EDIT_CONDITIONS)
def decision_conditions(request: HttpRequest, decision_pk: int) -> HttpResponse:
    decision = _decision(request, decision_pk, EDIT_CONDITIONS)
    conditions = DecisionConditions.objects.filter(decision=decision).first()
    return _conditions_page(
        request,
        initial=conditions.text if conditions else "",
        save=lambda text: services.conditions_update_decision(
            decision=decision, text=text, by=guards.author(request)
        ),
        done=reverse("applications:letter_list", args=[decision.pk]),
        context={
            "decision": decision,
            "heading": _("Conditions of the decision"),
            "intro": _(
                "Stated in the grant letter after the programme's standard conditions "
                "(%(programme)s)."
            )
            % {"programme": decision.project.programme.name},
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@guards.checks_object_permission(EDIT_CONDITIONS)
def programme_conditions(request: HttpRequest, programme_pk: int) -> HttpResponse:
    guards.require(request.user, EDIT_CONDITIONS)
    programme = get_object_or_404(Programme.objects.visible_to(request.user), pk=programme_pk)
    guards.require(request.user, EDIT_CONDITIONS, programme)
    conditions = ProgrammeConditions.objects.filter(programme=programme).first()
    return _conditions_page(
        request,
        initial=conditions.text if conditions else "",
        save=lambda text: services.conditions_update_programme(
            programme=programme, text=text, by=guards.author(request)
        ),
        done=reverse("applications:programme_conditions", args=[programme.pk]),
        context={
            "programme": programme,
            "heading": _("Standard conditions of the grant letters"),
            "intro": _("Every grant letter of %(programme)s states these conditions.")
            % {"programme": programme.name},
        },
    )


class LetterFilter(django_filters.FilterSet):
    q = SearchFilter(fields=["decision__project__name", "decision__title"])

    class Meta:
        model = GrantLetter
        fields = ["q"]


class LetterTable(tables.Table):
    project = tables.Column(
        verbose_name=gettext_lazy("Project"), accessor="decision__project__name"
    )
    decision = tables.Column(
        verbose_name=gettext_lazy("Grant decision"), accessor="decision__title"
    )
    number = tables.Column(verbose_name=gettext_lazy("Version"))
    written_at = tables.Column(verbose_name=gettext_lazy("Written"))
    status = tables.Column(verbose_name=gettext_lazy("Status"), empty_values=(), orderable=False)
    download = tables.Column(verbose_name=gettext_lazy("Letter"), empty_values=(), orderable=False)

    class Meta:
        model = GrantLetter
        fields = ["project", "decision", "number", "written_at", "status", "download"]
        order_by = ["-written_at"]
        empty_text = gettext_lazy("There are no grant letters for you yet.")
        attrs = {"class": "table table--compact", "data-testid": "letters"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._outdated: set[int] | None = None

    def outdated(self) -> set[int]:
        # Asked of the rows of the page shown, all at once: a constant number of queries.
        if self._outdated is None:
            rows = self.page.object_list if getattr(self, "page", None) else self.rows
            self._outdated = services.outdated_letter_ids(row.record for row in rows)
        return self._outdated

    def render_written_at(self, value: Any) -> str:
        return date_format(value, "SHORT_DATE_FORMAT")

    def render_status(self, record: GrantLetter) -> SafeString:
        return _status(record.pk in self.outdated())

    def render_download(self, record: GrantLetter) -> SafeString:
        return format_html('<a href="{}">{}</a>', record.get_absolute_url(), _("Download (PDF)"))


class MyLettersView(guards.ObjectPermissionMixin, PagedTableMixin, SingleTableMixin, FilterView):
    permission_required = VIEW
    table_class = LetterTable
    filterset_class = LetterFilter
    template_name = "applications/letters/my_letters.html"

    def get_queryset(self) -> QuerySet[GrantLetter]:
        return GrantLetter.objects.visible_to(self.request.user).select_related(
            "decision__project", "decision__deciding_body"
        )


my_letters = MyLettersView.as_view()
