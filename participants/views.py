"""The project secretariat's screens for participants and their onboarding courses.

Every lookup goes through `grants.access`: a participant or course of a project the user does
not work in is not found (404), while a role without the permission is refused (403).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import CreateView, DetailView, TemplateView, UpdateView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from accounts import guards
from core import audit, xlsx
from core.forms import parse_id
from core.integrity import conflicts_refused
from core.paging import PagedTableMixin
from grants.models import Project
from participants import export_job
from participants.course_list import course_selection, courses_for, export_query
from participants.esf import age_band_on_entry, entry_warning
from participants.exports import course_rows, courses_book, courses_filename
from participants.filters import (
    MAX_SEARCH_LENGTH,
    MIN_SEARCH_LENGTH,
    CourseFilter,
    company_search,
    company_suggestion,
    course_companies,
)
from participants.forms import (
    CourseForm,
    OutcomeForm,
    ParticipantForm,
    ParticipantRegisterForm,
)
from participants.models import OnboardingCourse, Participant, ParticipantAccess
from participants.services import (
    course_record_outcome,
    log_participant_access,
    participant_register,
    reference_check,
)
from participants.tables import CourseTable


class CourseListView(guards.ObjectPermissionMixin, PagedTableMixin, SingleTableMixin, FilterView):
    permission_required = "participants.view_onboardingcourse"
    table_class = CourseTable
    filterset_class = CourseFilter
    template_name = "participants/onboardingcourse_list.html"

    def get_queryset(self) -> QuerySet[OnboardingCourse]:
        return courses_for(self.request)


@guards.permission_required("participants.view_onboardingcourse")
def course_export(request: HttpRequest) -> HttpResponseBase:
    """The course list as XLSX: the same filters, scope and sort order as the page.

    Up to COURSE_EXPORT_INLINE_ROWS rows, the workbook is written here: the rows are read in
    chunks (`.iterator()`) and the file streamed from a temporary file, so memory stays flat.
    A larger export takes too long for a request: the answer is then a page that starts it
    as a background job (`participants.export_job`), whose page offers the file when done.
    """
    selection = course_selection(request)
    rows = selection.courses.count()
    if rows > settings.COURSE_EXPORT_INLINE_ROWS:
        list_url = reverse("participants:course_list")
        if request.GET:
            list_url += "?" + request.GET.urlencode()
        context = {
            "rows": rows,
            "kind": export_job.CODE,
            "query": export_query(request.GET),
            "list_url": list_url,
            "result_days": settings.JOB_RESULT_DAYS,
        }
        return render(request, "participants/course_export_large.html", context)
    book = courses_book(course_rows(selection.courses))
    return xlsx.streaming_response(book, courses_filename())


MAX_SUGGESTIONS = 20


@guards.permission_required("participants.view_onboardingcourse")
def course_company_suggestions(request: HttpRequest) -> JsonResponse:
    """The companies the course list's company filter may name that match `?q=`, as JSON.

    The same companies as the filter: those of the user's projects. For the filter's
    suggestions (static/js/autocomplete.js); each is the text the filter finds that company by.
    """
    text = request.GET.get("q", "").strip()
    if not MIN_SEARCH_LENGTH <= len(text) <= MAX_SEARCH_LENGTH or "\x00" in text:
        return JsonResponse({"results": []})
    companies = course_companies(request).filter(company_search(text)).only("name", "cvr")
    return JsonResponse({"results": [company_suggestion(c) for c in companies[:MAX_SUGGESTIONS]]})


class ParticipantRegisterView(guards.ObjectPermissionMixin, TemplateView):
    """A new participant and their first course, on one page and saved together."""

    permission_required = "participants.add_participant"
    template_name = "participants/participant_register.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.projects = Project.objects.working_with_people(request.user).order_by("name")
        return super().dispatch(request, *args, **kwargs)

    def get_forms(self) -> tuple[ParticipantRegisterForm, CourseForm]:
        data = self.request.POST if self.request.method == "POST" else None
        initial = {}
        project_ids = [p.pk for p in self.projects]
        chosen = parse_id(self.request.GET.get("project"))
        if len(project_ids) == 1:
            initial["project"] = project_ids[0]
        elif chosen is not None and chosen in project_ids:
            initial["project"] = chosen
            project_ids = [chosen]
        participant_form = ParticipantRegisterForm(
            data, prefix="participant", initial=initial, user=self.request.user
        )
        course_form = CourseForm(data, prefix="course", projects=project_ids)
        return participant_form, course_form

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        participant_form, course_form = self.get_forms()
        return self.render_to_response(
            self.get_context_data(participant_form=participant_form, course_form=course_form)
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        participant_form, course_form = self.get_forms()
        # Validate both, so that one page shows every mistake at once.
        if all([participant_form.is_valid(), course_form.is_valid()]):
            participant_data = dict(participant_form.cleaned_data)
            project = participant_data.pop("project")
            try:
                participant, _course = participant_register(
                    project=project,
                    participant_data=participant_data,
                    course_data=course_form.cleaned_data,
                    by=guards.author(request),
                )
            except ValidationError as exc:
                _add_errors(exc, participant_form, course_form)
            else:
                messages.success(
                    request,
                    _("%(reference)s and the course were registered.")
                    % {"reference": participant.reference},
                )
                return HttpResponseRedirect(participant.get_absolute_url())
        messages.error(request, _("Nothing was saved: correct the marked fields."))
        return self.render_to_response(
            self.get_context_data(participant_form=participant_form, course_form=course_form)
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "projects": self.projects}


def _add_errors(exc: ValidationError, *forms_: forms.BaseForm) -> None:
    """Show a service's errors at the fields they concern, else above the first form.

    The errors keep their codes, as the form's own do: a refusal found by the service (a
    reference registered meanwhile) reads and tests as the form's.
    """
    if not hasattr(exc, "error_dict"):
        for error in exc.error_list:
            forms_[0].add_error(None, error)
        return
    for field, errors in exc.error_dict.items():
        target = next((f for f in forms_ if field in f.fields), None)
        for error in errors:
            if target is None or field == NON_FIELD_ERRORS:
                forms_[0].add_error(None, error)
            else:
                target.add_error(field, error)


def participants_for(request: HttpRequest) -> QuerySet[Participant]:
    return Participant.objects.visible_to(request.user).select_related(
        "project", "municipality", "employment_status", "education"
    )


class ParticipantDetailView(guards.ObjectPermissionMixin, DetailView[Any]):
    """A participant's history: their data, age band on entry and all their courses."""

    permission_required = "participants.view_participant"
    template_name = "participants/participant_detail.html"

    def get_queryset(self) -> QuerySet[Participant]:
        courses = (
            OnboardingCourse.objects.visible_to(self.request.user)
            .select_related("company", "project")
            .order_by("start_date", "pk")
        )
        return participants_for(self.request).prefetch_related(
            "target_groups",
            "results_on_leaving",
            "results_six_months",
            Prefetch("courses", queryset=courses),
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        participant: Participant = self.object
        log_participant_access(
            user=self.request.user, participant=participant, action=ParticipantAccess.Action.VIEWED
        )
        courses = list(participant.courses.all())
        may_record = guards.has_perm(
            self.request.user, "participants.change_onboardingcourse", participant
        )
        context["courses"] = courses
        context["outcome_forms"] = (
            [OutcomeForm(course=course) for course in courses if not course.outcome]
            if may_record
            else []
        )
        entry = courses[0].start_date if courses else None
        context["entry_date"] = entry
        # A record stored with its entry before the birth year shows a warning, not a 500.
        context["age_band"] = age_band_on_entry(participant.birth_year, entry)
        context["age_warning"] = entry_warning(participant.birth_year, entry)
        return context


class ParticipantUpdateView(guards.ObjectPermissionMixin, UpdateView[Any, Any]):
    permission_required = "participants.change_participant"
    form_class = ParticipantForm
    template_name = "participants/participant_form.html"

    def get_queryset(self) -> QuerySet[Participant]:
        return participants_for(self.request)

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().get(request, *args, **kwargs)
        log_participant_access(
            user=request.user, participant=self.object, action=ParticipantAccess.Action.EDIT_OPENED
        )
        return response

    def form_valid(self, form: ParticipantForm) -> HttpResponse:
        participant = form.instance

        def reference_free() -> None:
            reference_check(
                project=participant.project,
                reference=participant.reference,
                exclude_pk=participant.pk,
            )

        try:
            # The participant and their categories together; a reference given to another
            # participant since the form checked it gets the form's message, not a 500.
            with conflicts_refused(reference_free), audit.authored_by(guards.author(self.request)):
                response = super().form_valid(form)
        except ValidationError as exc:
            _add_errors(exc, form)
            return self.form_invalid(form)
        messages.success(self.request, _("The participant was saved."))
        return response

    def form_invalid(self, form: ParticipantForm) -> HttpResponse:
        messages.error(self.request, _("Nothing was saved: correct the marked fields."))
        return super().form_invalid(form)


class CourseCreateView(guards.ObjectPermissionMixin, CreateView[Any, Any]):
    """Another course for a participant already registered."""

    permission_required = "participants.add_onboardingcourse"
    form_class = CourseForm
    template_name = "participants/onboardingcourse_form.html"

    @cached_property
    def participant(self) -> Participant:
        return guards.get_object(
            self.request,
            participants_for(self.request),
            self.kwargs["pk"],
            self.permission_required,
        )

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = OnboardingCourse(
            participant=self.participant, project=self.participant.project
        )
        return {**kwargs, "projects": [self.participant.project_id]}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "participant": self.participant}

    def form_valid(self, form: CourseForm) -> HttpResponse:
        with audit.authored_by(guards.author(self.request)):
            form.save()
        messages.success(self.request, _("The course was registered."))
        return HttpResponseRedirect(self.participant.get_absolute_url())

    def form_invalid(self, form: CourseForm) -> HttpResponse:
        messages.error(self.request, _("Nothing was saved: correct the marked fields."))
        return super().form_invalid(form)


class CourseUpdateView(guards.ObjectPermissionMixin, UpdateView[Any, Any]):
    permission_required = "participants.change_onboardingcourse"
    form_class = CourseForm
    template_name = "participants/onboardingcourse_form.html"

    def get_queryset(self) -> QuerySet[OnboardingCourse]:
        return OnboardingCourse.objects.visible_to(self.request.user).select_related(
            "participant", "project", "company"
        )

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "projects": [self.object.project_id]}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "participant": self.object.participant}

    def form_valid(self, form: CourseForm) -> HttpResponse:
        with audit.authored_by(guards.author(self.request)):
            form.save()
        messages.success(self.request, _("The course was saved."))
        return HttpResponseRedirect(self.object.participant_url())

    def form_invalid(self, form: CourseForm) -> HttpResponse:
        messages.error(self.request, _("Nothing was saved: correct the marked fields."))
        return super().form_invalid(form)


@require_POST
@guards.checks_object_permission("participants.change_onboardingcourse")
def course_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a course's outcome from the participant's page; errors come back as messages."""
    course = guards.get_object(
        request,
        OnboardingCourse.objects.select_related("participant"),
        pk,
        "participants.change_onboardingcourse",
    )
    form = OutcomeForm(request.POST, course=course)
    if form.is_valid():
        try:
            course_record_outcome(
                course=course,
                outcome=form.cleaned_data["outcome"],
                outcome_date=form.cleaned_data["outcome_date"],
                by=guards.author(request),
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("The outcome of %(reference)s's course was recorded.")
                % {"reference": course.participant_label},
            )
    else:
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else None
            for error in errors:
                messages.error(request, f"{label}: {error}" if label else str(error))
    return HttpResponseRedirect(_next_or(request, course.participant_url()))


def _next_or(request: HttpRequest, fallback: str) -> str:
    """The page the form came from, if it is one of ours; else `fallback`."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback
