"""The writes of a request's parts: organisations, areas, targets, attachments, answers."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from applications.models import Request, RequestBudgetLine, RequestMessage, RequestOrganisation
from applications.services import request_parts as parts
from applications.services.requests import change_request_create, request_save_grid
from tests.applications.factories import (
    ApplicationFactory,
    RequestAreaFactory,
    RequestOrganisationFactory,
)
from tests.factories import (
    ApplicantFactory,
    EffortAreaFactory,
    IndicatorFactory,
    ProjectFactory,
    SecretariatFactory,
    _valid_cvr,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"


def test_an_organisation_is_added_with_its_author_and_the_version_moves_on() -> None:
    application = ApplicationFactory.create()
    user = ApplicantFactory.create()
    row = parts.organisation_add(
        request=application, name=" Rummelig ", cvr=_valid_cvr(1), role="applicant", by=user
    )
    assert row.name == "Rummelig"
    assert row.history.get().history_user == user
    application.refresh_from_db()
    assert application.version == 2


def test_an_invalid_cvr_number_is_refused() -> None:
    application = ApplicationFactory.create()
    with pytest.raises(ValidationError) as refusal:
        parts.organisation_add(
            request=application,
            name="X",
            cvr="12345678",
            role="partner",
            by=ApplicantFactory.create(),
        )
    assert "cvr" in refusal.value.message_dict
    assert not RequestOrganisation.objects.exists()


def test_a_second_applicant_organisation_is_refused() -> None:
    application = ApplicationFactory.create()
    RequestOrganisationFactory.create(request=application, role="applicant")
    with pytest.raises(ValidationError) as refusal:
        parts.organisation_add(
            request=application, name="Y", cvr="", role="applicant", by=ApplicantFactory.create()
        )
    assert "højst én ansøger" in refusal.value.message_dict["role"][0]


def test_an_organisation_is_updated_and_removed() -> None:
    application = ApplicationFactory.create()
    row = RequestOrganisationFactory.create(request=application, role="partner")
    user = ApplicantFactory.create()
    parts.organisation_update(organisation=row, name="Ny", cvr="", role="operator", by=user)
    row.refresh_from_db()
    assert (row.name, row.role) == ("Ny", "operator")
    parts.organisation_remove(organisation=row, by=user)
    assert not RequestOrganisation.objects.exists()


def test_a_submitted_request_refuses_every_part() -> None:
    application = ApplicationFactory.create(status=Request.Status.SUBMITTED)
    user = ApplicantFactory.create()
    with pytest.raises(ValidationError) as refusal:
        parts.organisation_add(request=application, name="Z", cvr="", role="partner", by=user)
    assert refusal.value.code == "submitted"
    with pytest.raises(ValidationError):
        parts.area_add(request=application, name="Ny", by=user)


def test_a_stale_page_is_refused() -> None:
    application = ApplicationFactory.create()
    with pytest.raises(ValidationError) as refusal:
        parts.area_add(
            request=application, name="A", by=ApplicantFactory.create(), expected_version=7
        )
    assert refusal.value.code == "stale"


def test_an_area_of_the_project_cannot_be_renamed_but_a_new_one_can() -> None:
    project = ProjectFactory.create()
    EffortAreaFactory.create(project=project, name="Forløb")
    user = SecretariatFactory.create()
    request = change_request_create(project=project, kind="extension", title="Forlæng", by=user)
    own = request.areas.get()
    with pytest.raises(ValidationError) as refusal:
        parts.area_rename(area=own, name="Andet", by=user)
    assert refusal.value.code == "project_area"
    new = parts.area_add(request=request, name="Ny indsats", by=user)
    assert parts.area_rename(area=new, name="Nyere", by=user).name == "Nyere"


def test_two_areas_of_one_name_are_refused() -> None:
    application = ApplicationFactory.create()
    RequestAreaFactory.create(request=application, name="A")
    with pytest.raises(ValidationError) as refusal:
        parts.area_add(request=application, name="A", by=ApplicantFactory.create())
    assert "allerede et indsatsfelt ved navn A" in refusal.value.message_dict["name"][0]


def test_removing_an_area_removes_its_lines() -> None:
    application = ApplicationFactory.create()
    area = RequestAreaFactory.create(request=application)
    user = ApplicantFactory.create()
    request_save_grid(request=application, budget={(area.pk, 2027): 500}, financing={}, by=user)
    parts.area_remove(area=area, by=user)
    assert not RequestBudgetLine.objects.exists()
    assert RequestBudgetLine.history.filter(history_type="-").get().history_user == user


def test_a_target_only_for_the_calls_indicators_and_never_negative() -> None:
    application = ApplicationFactory.create()
    ours, other = IndicatorFactory.create(), IndicatorFactory.create()
    assert application.call is not None
    application.call.indicators.add(ours)
    user = ApplicantFactory.create()
    with pytest.raises(ValidationError) as refusal:
        parts.target_set(request=application, indicator=other, value=3, by=user)
    assert refusal.value.code == "not_call_indicator"
    with pytest.raises(ValidationError):
        parts.target_set(request=application, indicator=ours, value=-1, by=user)
    target = parts.target_set(request=application, indicator=ours, value=40, by=user)
    assert target is not None and target.value == 40
    assert parts.target_set(request=application, indicator=ours, value=None, by=user) is None
    assert not application.targets.exists()


def test_an_attachment_is_stored_under_a_token_and_removed_with_its_file(
    settings: object, tmp_path: object
) -> None:
    settings.MEDIA_ROOT = str(tmp_path)  # type: ignore[attr-defined]
    application = ApplicationFactory.create()
    user = ApplicantFactory.create()
    attachment = parts.attachment_add(
        request=application,
        title="Budget",
        upload=SimpleUploadedFile("budget.pdf", PDF),
        by=user,
    )
    assert attachment.file.name == f"requests/{application.pk}/{attachment.token}"
    assert attachment.filename == "budget.pdf"
    assert attachment.history.get().history_user == user
    parts.attachment_remove(attachment=attachment, by=user)
    assert not application.attachments.exists()


def test_a_file_of_a_refused_type_is_not_attached() -> None:
    application = ApplicationFactory.create()
    with pytest.raises(ValidationError):
        parts.attachment_add(
            request=application,
            title="X",
            upload=SimpleUploadedFile("x.exe", b"MZ\x90\x00" + b"\x00" * 100),
            by=ApplicantFactory.create(),
        )
    assert not application.attachments.exists()


def test_an_answer_only_while_questions_are_open() -> None:
    application = ApplicationFactory.create()
    user = ApplicantFactory.create()
    with pytest.raises(ValidationError) as refusal:
        parts.request_answer(request=application, text="Svar", by=user)
    assert refusal.value.code == "no_questions"
    Request.objects.filter(pk=application.pk).update(status=Request.Status.MORE_INFO)
    with pytest.raises(ValidationError):
        parts.request_answer(request=application, text="  ", by=user)
    answer = parts.request_answer(request=application, text="Svar", by=user)
    assert answer.kind == RequestMessage.Kind.ANSWER
    assert answer.history.get().history_user == user
