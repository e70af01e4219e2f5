"""The owner's edit pages of a draft request (or one returned with questions): its basics,
organisations, effort areas, grid, targets and attachments, and the answer to the questions.

Each page reads the request through `editable_request` (404 outside the user's scope, 403 for a
role that does not edit, back to the request once it is submitted) and writes through the
services, with the version the page showed.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts import guards
from applications.models import (
    Request,
    RequestArea,
    RequestAttachment,
    RequestOrganisation,
)
from applications.services import request_parts as parts
from applications.services.requests import request_save_grid, request_update
from applications.views.requests_forms import (
    AnswerForm,
    AreaForm,
    AttachmentForm,
    BasicsForm,
    OrganisationForm,
    TargetsForm,
)
from applications.views.requests_pages import (
    CHANGE,
    NotEditable,
    back_to_detail,
    editable_request,
    grid_values,
    part_of_request,
)
from core import confirm
from grants.models import Indicator
from grants.public import BudgetGridForm

TEMPLATES = "applications/requests/"


def _refused(form: forms.BaseForm, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        for message in exc.messages:
            form.add_error(None, message)


def _saved(http: HttpRequest, obj: Request, text: str, to: str = "") -> HttpResponseRedirect:
    messages.success(http, text)
    return HttpResponseRedirect(to or obj.get_absolute_url())


@guards.checks_object_permission(CHANGE)
def request_edit(http: HttpRequest, pk: int) -> HttpResponseBase:
    try:
        obj = editable_request(http, pk)
    except NotEditable as exc:
        return back_to_detail(http, exc)
    initial = {
        "version": obj.version,
        **{
            name: getattr(obj, name) for name in ("title", "description", "first_year", "last_year")
        },
    }
    form = BasicsForm(http.POST or None, initial=initial)
    if http.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            request_update(
                request=obj,
                fields={k: data[k] for k in ("title", "description", "first_year", "last_year")},
                expected_version=data["version"],
                by=guards.author(http),
            )
        except ValidationError as exc:
            _refused(form, exc)
        else:
            return _saved(http, obj, _("The request was saved."))
    return render(http, TEMPLATES + "request_edit.html", {"request_obj": obj, "form": form})


@guards.checks_object_permission(CHANGE)
def request_organisations(http: HttpRequest, pk: int) -> HttpResponseBase:
    """The organisations of an application, and a form to name one more."""
    try:
        obj = editable_request(http, pk)
    except NotEditable as exc:
        return back_to_detail(http, exc)
    form = OrganisationForm(http.POST or None, initial={"version": obj.version})
    if http.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            parts.organisation_add(
                request=obj,
                name=data["name"],
                cvr=data["cvr"],
                role=data["role"],
                expected_version=data["version"],
                by=guards.author(http),
            )
        except ValidationError as exc:
            _refused(form, exc)
        else:
            url = reverse("applications:request_organisations", args=[obj.pk])
            return _saved(http, obj, _("The organisation was added."), url)
    context = {"request_obj": obj, "form": form, "rows": list(obj.organisations.all())}
    return render(http, TEMPLATES + "request_organisations.html", context)


@guards.checks_object_permission(CHANGE)
def request_organisation_edit(http: HttpRequest, pk: int) -> HttpResponseBase:
    try:
        row = part_of_request(http, RequestOrganisation.objects.all(), pk)
    except NotEditable as exc:
        return back_to_detail(http, exc)
    obj = row.request
    initial = {"version": obj.version, "name": row.name, "cvr": row.cvr, "role": row.role}
    form = OrganisationForm(http.POST or None, initial=initial)
    if http.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            parts.organisation_update(
                organisation=row,
                name=data["name"],
                cvr=data["cvr"],
                role=data["role"],
                expected_version=data["version"],
                by=guards.author(http),
            )
        except ValidationError as exc:
            _refused(form, exc)
        else:
            url = reverse("applications:request_organisations", args=[obj.pk])
            return _saved(http, obj, _("The organisation was saved."), url)
    context = {"request_obj": obj, "form": form, "row": row}
    return render(http, TEMPLATES + "request_organisation_edit.html", context)


def _remove(
    http: HttpRequest,
    obj: Request,
    *,
    title: str,
    question: str,
    back: str,
    act: Any,
) -> HttpResponseBase:
    if http.method != "POST":
        return confirm.ask(
            http,
            confirm.Confirmation(
                title=title,
                question=question,
                button=_("Remove"),
                cancel_url=back,
                trail=[(obj.get_absolute_url(), obj.title)],
            ),
        )
    try:
        act()
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(http, message)
        return HttpResponseRedirect(back)
    return _saved(http, obj, _("It was removed."), back)


@confirm.destroys
@guards.checks_object_permission(CHANGE)
def request_organisation_remove(http: HttpRequest, pk: int) -> HttpResponseBase:
    try:
        row = part_of_request(http, RequestOrganisation.objects.all(), pk)
    except NotEditable as exc:
        return back_to_detail(http, exc)
    obj = row.request
    return _remove(
        http,
        obj,
        title=_("Remove the organisation"),
        question=_("Remove %(name)s from the request?") % {"name": row.name},
        back=reverse("applications:request_organisations", args=[obj.pk]),
        act=lambda: parts.organisation_remove(organisation=row, by=guards.author(http)),
    )


@guards.checks_object_permission(CHANGE)
def request_areas(http: HttpRequest, pk: int) -> HttpResponseBase:
    """The effort areas of the request (its budget rows), and a form to add one."""
    try:
        obj = editable_request(http, pk)
    except NotEditable as exc:
        return back_to_detail(http, exc)
    form = AreaForm(http.POST or None, initial={"version": obj.version})
    if http.method == "POST" and form.is_valid():
        try:
            parts.area_add(
                request=obj,
                name=form.cleaned_data["name"],
                expected_version=form.cleaned_data["version"],
                by=guards.author(http),
            )
        except ValidationError as exc:
            _refused(form, exc)
        else:
            url = reverse("applications:request_areas", args=[obj.pk])
            return _saved(http, obj, _("The effort area was added."), url)
    context = {"request_obj": obj, "form": form, "rows": list(obj.areas.all())}
    return render(http, TEMPLATES + "request_areas.html", context)


@guards.checks_object_permission(CHANGE)
def request_area_rename(http: HttpRequest, pk: int) -> HttpResponseBase:
    try:
        row = part_of_request(http, RequestArea.objects.all(), pk)
    except NotEditable as exc:
        return back_to_detail(http, exc)
    obj = row.request
    form = AreaForm(http.POST or None, initial={"version": obj.version, "name": row.name})
    back = reverse("applications:request_areas", args=[obj.pk])
    if http.method == "POST" and form.is_valid():
        try:
            parts.area_rename(
                area=row,
                name=form.cleaned_data["name"],
                expected_version=form.cleaned_data["version"],
                by=guards.author(http),
            )
        except ValidationError as exc:
            _refused(form, exc)
        else:
            return _saved(http, obj, _("The effort area was renamed."), back)
    context = {"request_obj": obj, "form": form, "row": row}
    return render(http, TEMPLATES + "request_area_rename.html", context)


@confirm.destroys
@guards.checks_object_permission(CHANGE)
def request_area_remove(http: HttpRequest, pk: int) -> HttpResponseBase:
    try:
        row = part_of_request(http, RequestArea.objects.all(), pk)
    except NotEditable as exc:
        return back_to_detail(http, exc)
    obj = row.request
    return _remove(
        http,
        obj,
        title=_("Remove the effort area"),
        question=_("Remove the effort area %(name)s and its amounts from the request?")
        % {"name": row.name},
        back=reverse("applications:request_areas", args=[obj.pk]),
        act=lambda: parts.area_remove(area=row, by=guards.author(http)),
    )


@guards.checks_object_permission(CHANGE)
def request_grid(http: HttpRequest, pk: int) -> HttpResponseBase:
    """The proposed budget and financing: the decisions' grid, totals and balance."""
    try:
        obj = editable_request(http, pk)
    except NotEditable as exc:
        return back_to_detail(http, exc)
    unit = http.GET.get("unit", "kr")
    form = BudgetGridForm(
        http.POST or None,
        decision=obj,  # type: ignore[arg-type]
        unit=unit if unit in ("kr", "1000") else "kr",
        **grid_values(obj),
    )
    if http.method == "POST":
        if form.is_valid():
            try:
                request_save_grid(
                    request=obj,
                    budget=form.cells("b"),
                    financing=form.cells("f"),
                    expected_version=form.cleaned_data["version"],
                    by=guards.author(http),
                )
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                return _saved(http, obj, _("The budget and financing were saved."))
        messages.error(http, _("Nothing was saved: correct the marked cells."))
    context = {
        "request_obj": obj,
        "form": form,
        "units": (("kr", _("kr.")), ("1000", _("1.000 kr."))),
    }
    return render(http, TEMPLATES + "request_grid.html", {**context, "thousands": "1000"})


@guards.checks_object_permission(CHANGE)
def request_targets(http: HttpRequest, pk: int) -> HttpResponseBase:
    """The application's targets, one for each of the call's indicators."""
    try:
        obj = editable_request(http, pk)
    except NotEditable as exc:
        return back_to_detail(http, exc)
    indicators = list(Indicator.objects.filter(calls=obj.call_id)) if obj.call_id else []
    values = dict(obj.targets.values_list("indicator_id", "value"))
    form = TargetsForm(
        http.POST or None, initial={"version": obj.version}, indicators=indicators, values=values
    )
    if http.method == "POST" and form.is_valid():
        try:
            parts.targets_set(
                request=obj,
                values=form.values(),
                expected_version=form.cleaned_data["version"],
                by=guards.author(http),
            )
        except ValidationError as exc:
            _refused(form, exc)
        else:
            return _saved(http, obj, _("The targets were saved."))
    return render(http, TEMPLATES + "request_targets.html", {"request_obj": obj, "form": form})


@guards.checks_object_permission(CHANGE)
def request_attachments(http: HttpRequest, pk: int) -> HttpResponseBase:
    try:
        obj = editable_request(http, pk)
    except NotEditable as exc:
        return back_to_detail(http, exc)
    form = AttachmentForm(http.POST or None, http.FILES or None, initial={"version": obj.version})
    if http.method == "POST" and form.is_valid():
        try:
            parts.attachment_add(
                request=obj,
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
                expected_version=form.cleaned_data["version"],
                by=guards.author(http),
            )
        except ValidationError as exc:
            _refused(form, exc)
        else:
            url = reverse("applications:request_attachments", args=[obj.pk])
            return _saved(http, obj, _("The attachment was added."), url)
    context = {"request_obj": obj, "form": form, "rows": list(obj.attachments.all())}
    return render(http, TEMPLATES + "request_attachments.html", context)


@confirm.destroys
@guards.checks_object_permission(CHANGE)
def attachment_delete(http: HttpRequest, pk: int) -> HttpResponseBase:
    try:
        row = part_of_request(http, RequestAttachment.objects.all(), pk)
    except NotEditable as exc:
        return back_to_detail(http, exc)
    obj = row.request
    return _remove(
        http,
        obj,
        title=_("Delete the attachment"),
        question=_("Delete the attachment “%(title)s” (%(file)s)?")
        % {"title": row.title, "file": row.filename},
        back=reverse("applications:request_attachments", args=[obj.pk]),
        act=lambda: parts.attachment_remove(attachment=row, by=guards.author(http)),
    )


@guards.checks_object_permission("applications.answer_request")
def request_answer(http: HttpRequest, pk: int) -> HttpResponseBase:
    """The applicant answers the staff's questions (the request was returned to it)."""
    try:
        obj = editable_request(http, pk)
    except NotEditable as exc:
        return back_to_detail(http, exc)
    if obj.status != Request.Status.MORE_INFO:
        messages.info(http, _("There are no open questions to answer on this request."))
        return HttpResponseRedirect(obj.get_absolute_url())
    form = AnswerForm(http.POST or None)
    if http.method == "POST" and form.is_valid():
        try:
            parts.request_answer(
                request=obj, text=form.cleaned_data["text"], by=guards.author(http)
            )
        except ValidationError as exc:
            _refused(form, exc)
        else:
            return _saved(
                http, obj, _("Your answer was saved. Change what was asked for, then submit again.")
            )
    return render(http, TEMPLATES + "request_answer.html", {"request_obj": obj, "form": form})
