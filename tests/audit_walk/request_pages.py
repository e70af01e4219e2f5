"""Scenarios of the requests pages: the applicant writes its application part by part and the
project's secretariat starts and submits a change request; every record names the writer."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from applications.models import (
    Request,
    RequestArea,
    RequestAttachment,
    RequestBudgetLine,
    RequestMessage,
    RequestOrganisation,
)
from grants.models import FundingSource
from tests.audit_walk.harness import Walk, scenario
from tests.factories import IndicatorFactory, _valid_cvr

APPLICANT, MEMBER = "applicant", "member"


def _url(name: str, key: str, w: Walk) -> str:
    return reverse(f"applications:{name}", args=[w.ids[key]])


@scenario(
    actor=APPLICANT, posts=["applications:application_create"], writes=["applications.Request"]
)
def application_started(w: Walk) -> None:
    url = _url("application_create", "request_call", w)
    w.post(url, {**w.form(url), "title": "Job i Midt"})
    assert Request.objects.filter(title="Job i Midt").exists()


@scenario(
    actor=MEMBER, posts=["applications:change_request_create"], writes=["applications.Request"]
)
def change_request_started(w: Walk) -> None:
    url = _url("change_request_create", "project", w)
    data = {**w.form(url), "kind": "top_up", "title": "Merbevilling"}
    w.post(url, {**data, "first_year": "2021", "last_year": "2022"})
    assert Request.objects.filter(title="Merbevilling").exists()


@scenario(actor=APPLICANT, posts=["applications:request_edit"], writes=["applications.Request"])
def request_edited(w: Walk) -> None:
    url = _url("request_edit", "application", w)
    w.post(url, {**w.form(url), "title": "Nyt navn"})
    assert Request.objects.get(pk=w.ids["application"]).title == "Nyt navn"


@scenario(
    actor=APPLICANT,
    posts=["applications:request_organisations"],
    writes=["applications.RequestOrganisation", "applications.Request"],
)
def request_organisation_added(w: Walk) -> None:
    url = _url("request_organisations", "application", w)
    data = {"name": "Rummelig", "cvr": _valid_cvr(9), "role": "applicant"}
    w.post(url, {**w.form(url), **data})
    assert RequestOrganisation.objects.filter(name="Rummelig").exists()


@scenario(
    actor=APPLICANT,
    posts=["applications:request_organisation_edit"],
    writes=["applications.RequestOrganisation"],
)
def request_organisation_edited(w: Walk) -> None:
    url = _url("request_organisation_edit", "request_organisation", w)
    w.post(url, {**w.form(url), "name": "Partneren"})
    assert RequestOrganisation.objects.get(pk=w.ids["request_organisation"]).name == "Partneren"


@scenario(
    actor=APPLICANT,
    posts=["applications:request_organisation_remove"],
    writes=["applications.RequestOrganisation"],
)
def request_organisation_removed(w: Walk) -> None:
    w.act(_url("request_organisation_remove", "request_organisation", w))
    assert not RequestOrganisation.objects.filter(pk=w.ids["request_organisation"]).exists()


@scenario(
    actor=APPLICANT, posts=["applications:request_areas"], writes=["applications.RequestArea"]
)
def request_area_added(w: Walk) -> None:
    url = _url("request_areas", "application", w)
    w.post(url, {**w.form(url), "name": "Ny indsats"})
    assert RequestArea.objects.filter(name="Ny indsats").exists()


@scenario(
    actor=APPLICANT, posts=["applications:request_area_rename"], writes=["applications.RequestArea"]
)
def request_area_renamed(w: Walk) -> None:
    url = _url("request_area_rename", "request_area", w)
    w.post(url, {**w.form(url), "name": "Omdøbt"})
    assert RequestArea.objects.get(pk=w.ids["request_area"]).name == "Omdøbt"


@scenario(
    actor=APPLICANT, posts=["applications:request_area_remove"], writes=["applications.RequestArea"]
)
def request_area_removed(w: Walk) -> None:
    w.act(_url("request_area_remove", "request_area", w))
    assert not RequestArea.objects.filter(pk=w.ids["request_area"]).exists()


@scenario(
    actor=APPLICANT,
    posts=["applications:request_grid"],
    writes=["applications.RequestBudgetLine", "applications.RequestFinancingLine"],
)
def request_grid_entered(w: Walk) -> None:
    url = _url("request_grid", "application", w)
    source = FundingSource.objects.order_by("pk").first()
    assert source is not None
    data = w.form(url)
    data[f"b_{w.ids['request_area']}_2027"] = "1.200.000"
    data[f"f_{source.pk}_2027"] = "1.200.000"
    w.post(url, data)
    assert RequestBudgetLine.objects.get(request_id=w.ids["application"]).amount == 1_200_000


def _indicator(w: Walk) -> None:
    indicator = IndicatorFactory.create()
    Request.objects.get(pk=w.ids["application"]).call.indicators.add(indicator)  # type: ignore[union-attr]
    w.ids["indicator"] = indicator.pk


@scenario(
    actor=APPLICANT,
    posts=["applications:request_targets"],
    writes=["applications.RequestTarget"],
    given=_indicator,
)
def request_targets_set(w: Walk) -> None:
    url = _url("request_targets", "application", w)
    w.post(url, {**w.form(url), f"indicator_{w.ids['indicator']}": "40"})


@scenario(
    actor=APPLICANT,
    posts=["applications:request_attachments"],
    writes=["applications.RequestAttachment"],
)
def request_attachment_uploaded(w: Walk) -> None:
    url = _url("request_attachments", "application", w)
    upload = SimpleUploadedFile("budget.pdf", b"%PDF-1.4\n%%EOF\n")
    w.post(url, {**w.form(url), "title": "Budget", "file": upload})
    assert RequestAttachment.objects.filter(title="Budget").exists()


@scenario(
    actor=APPLICANT,
    posts=["applications:attachment_delete"],
    writes=["applications.RequestAttachment"],
)
def request_attachment_deleted(w: Walk) -> None:
    w.act(_url("attachment_delete", "request_attachment", w))
    assert not RequestAttachment.objects.filter(pk=w.ids["request_attachment"]).exists()


@scenario(
    actor=APPLICANT, posts=["applications:request_answer"], writes=["applications.RequestMessage"]
)
def request_question_answered(w: Walk) -> None:
    url = _url("request_answer", "returned", w)
    w.post(url, {**w.form(url), "text": "Fyrre deltagere."})
    assert RequestMessage.objects.filter(kind="answer", request_id=w.ids["returned"]).exists()


def _ready(w: Walk) -> None:
    """The change request asks for more time only: a justification is all it lacks."""
    Request.objects.filter(pk=w.ids["change_request"]).update(
        kind=Request.Kind.TIME_EXTENSION, description="Forsinket opstart."
    )


@scenario(
    actor=MEMBER,
    posts=["applications:request_submit"],
    writes=["applications.Request"],
    given=_ready,
)
def change_request_submitted(w: Walk) -> None:
    url = _url("request_submit", "change_request", w)
    w.post(url, w.form(url))
    assert Request.objects.get(pk=w.ids["change_request"]).status == Request.Status.SUBMITTED
