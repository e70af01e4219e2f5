"""The applicant's pages of an application and the secretariat's of a change request: draft,
leave, return, edit, submit; the refusals a submission meets; who may reach what."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from applications.models import (
    Request,
    RequestBudgetLine,
    RequestFinancingLine,
    RequestMessage,
    RequestVersion,
)
from tests.applications.factories import (
    ApplicantMembershipFactory,
    ApplicationFactory,
    CallFactory,
    ChangeRequestFactory,
    RequestAreaFactory,
    RequestOrganisationFactory,
)
from tests.factories import (
    ApplicantFactory,
    BudgetLineFactory,
    DecisionFactory,
    EffortAreaFactory,
    FinancingLineFactory,
    ForumMemberFactory,
    FundingSourceFactory,
    IndicatorFactory,
    MembershipFactory,
    OrganisationFactory,
    ProjectFactory,
    SecretariatFactory,
    StaffFactory,
    _valid_cvr,
)

pytestmark = pytest.mark.django_db


def client_of(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def applicant_of(organisation: object) -> User:
    user = ApplicantFactory.create()
    ApplicantMembershipFactory.create(user=user, organisation=organisation)
    return user


def url(name: str, *args: object) -> str:
    return reverse(f"applications:{name}", args=args)


def test_an_applicant_drafts_leaves_returns_and_submits_an_application() -> None:
    call = CallFactory.create()
    indicator = IndicatorFactory.create()
    call.indicators.add(indicator)
    organisation = OrganisationFactory.create()
    source = FundingSourceFactory.create()
    client = client_of(applicant_of(organisation))

    started = client.post(url("application_create", call.pk), {"title": "Job i Midt"})
    assert started.status_code == 302
    application = Request.objects.get()
    assert application.organisation == organisation
    assert application.status == Request.Status.DRAFT

    # Leave and return: the draft is there, with what it still lacks.
    page = client.get(application.get_absolute_url())
    assert page.status_code == 200
    assert 'data-testid="missing"' in page.text
    assert "Angiv perioden" in page.text

    def version() -> int:
        return Request.objects.get(pk=application.pk).version

    assert (
        client.post(
            url("request_edit", application.pk),
            {
                "version": version(),
                "title": "Job i Midt",
                "description": "Forløb i virksomheder.",
                "first_year": 2027,
                "last_year": 2027,
            },
        ).status_code
        == 302
    )
    assert (
        client.post(
            url("request_organisations", application.pk),
            {"version": version(), "name": "Rummelig", "cvr": _valid_cvr(3), "role": "applicant"},
        ).status_code
        == 302
    )
    assert (
        client.post(
            url("request_areas", application.pk), {"version": version(), "name": "Forløb"}
        ).status_code
        == 302
    )
    area = application.areas.get()
    grid = client.post(
        url("request_grid", application.pk),
        {
            "version": version(),
            "unit": "kr",
            "shown_unit": "kr",
            f"b_{area.pk}_2027": "1.200.000",
            f"f_{source.pk}_2027": "1.200.000",
        },
    )
    assert grid.status_code == 302, grid.text
    assert RequestBudgetLine.objects.get().amount == 1_200_000
    assert RequestFinancingLine.objects.get().amount == 1_200_000
    assert (
        client.post(
            url("request_targets", application.pk),
            {"version": version(), f"indicator_{indicator.pk}": "40"},
        ).status_code
        == 302
    )

    page = client.get(application.get_absolute_url())
    assert 'data-testid="missing"' not in page.text
    assert client.get(url("request_submit", application.pk)).status_code == 200
    submitted = client.post(url("request_submit", application.pk), {"version": version()})
    assert submitted.status_code == 302
    application.refresh_from_db()
    assert application.status == Request.Status.SUBMITTED
    assert RequestVersion.objects.filter(request=application).count() == 1
    page = client.get(application.get_absolute_url())
    assert 'data-testid="read-only"' in page.text
    assert 'data-testid="edit-grid"' not in page.text
    # An edit page of the submitted application leads back to it.
    assert client.get(url("request_edit", application.pk)).status_code == 302


def test_an_unbalanced_grid_refuses_the_submission_naming_the_year_and_difference() -> None:
    application = ApplicationFactory.create(first_year=2027, last_year=2028)
    RequestOrganisationFactory.create(request=application, cvr=_valid_cvr(4))
    area = RequestAreaFactory.create(request=application)
    source = FundingSourceFactory.create()
    RequestBudgetLine.objects.create(request=application, area=area, year=2028, amount=112_000)
    RequestFinancingLine.objects.create(
        request=application, funding_source=source, year=2028, amount=100_000
    )
    client = client_of(applicant_of(application.organisation))
    refused = client.post(url("request_submit", application.pk), {"version": application.version})
    assert refused.status_code == 200
    assert 'data-testid="submit-refused"' in refused.text
    assert "balancerer ikke i 2028 (forskel 12.000 kr.)" in refused.text
    application.refresh_from_db()
    assert application.status == Request.Status.DRAFT


def test_missing_parts_are_listed_when_submitting() -> None:
    application = ApplicationFactory.create(description="")
    client = client_of(applicant_of(application.organisation))
    refused = client.post(url("request_submit", application.pk), {"version": application.version})
    assert refused.status_code == 200
    assert "Beskriv projektet." in refused.text
    assert "Angiv den ansøgende organisation." in refused.text


def test_a_submission_after_the_call_closed_says_when_it_closed() -> None:
    closed = CallFactory.create(
        opens_at=timezone.make_aware(datetime.datetime(2025, 12, 1, 12, 0)),
        closes_at=timezone.make_aware(datetime.datetime(2026, 1, 5, 12, 0)),
    )
    application = ApplicationFactory.create(call=closed)
    client = client_of(applicant_of(application.organisation))
    refused = client.post(url("request_submit", application.pk), {"version": application.version})
    assert refused.status_code == 200
    assert "Opslaget lukkede 5. januar 2026" in refused.text


def test_starting_an_application_in_a_closed_call_is_a_clear_message() -> None:
    closed = CallFactory.create(
        opens_at=timezone.now() - datetime.timedelta(days=30),
        closes_at=timezone.now() - datetime.timedelta(days=1),
    )
    client = client_of(applicant_of(OrganisationFactory.create()))
    page = client.get(url("application_create", closed.pk))
    assert page.status_code == 200
    assert 'data-testid="call-closed"' in page.text
    assert client.post(url("application_create", closed.pk), {"title": "X"}).status_code == 200
    assert not Request.objects.exists()


def test_an_applicant_of_several_organisations_picks_one() -> None:
    call = CallFactory.create()
    one, two = OrganisationFactory.create(), OrganisationFactory.create()
    user = applicant_of(one)
    ApplicantMembershipFactory.create(user=user, organisation=two)
    client = client_of(user)
    page = client.get(url("application_create", call.pk))
    assert 'name="organisation"' in page.text and "<select" in page.text
    client.post(url("application_create", call.pk), {"title": "T", "organisation": two.pk})
    assert Request.objects.get().organisation == two


def test_a_stale_page_is_refused_with_a_message() -> None:
    application = ApplicationFactory.create()
    client = client_of(applicant_of(application.organisation))
    stale = client.post(
        url("request_edit", application.pk),
        {"version": application.version + 3, "title": "Ny"},
    )
    assert stale.status_code == 200
    assert "Genindlæs siden" in stale.text


def test_another_organisations_applicant_gets_404_and_the_forum_403() -> None:
    application = ApplicationFactory.create()
    other = client_of(applicant_of(OrganisationFactory.create()))
    assert other.get(application.get_absolute_url()).status_code == 404
    assert other.get(url("request_edit", application.pk)).status_code == 404
    forum = client_of(ForumMemberFactory.create())
    assert forum.get(application.get_absolute_url()).status_code == 403
    staff = client_of(StaffFactory.create())
    assert staff.get(application.get_absolute_url()).status_code == 200
    assert staff.get(url("request_edit", application.pk)).status_code == 403


def test_questions_and_answers_are_shown_but_never_internal_comments() -> None:
    application = ApplicationFactory.create(status=Request.Status.MORE_INFO)
    staff = StaffFactory.create()
    RequestMessage.objects.create(
        request=application, kind="question", text="Hvor mange?", author=staff
    )
    RequestMessage.objects.create(
        request=application, kind="comment", text="Hemmeligt", author=staff
    )
    client = client_of(applicant_of(application.organisation))
    page = client.get(application.get_absolute_url())
    assert "Hvor mange?" in page.text and "Hemmeligt" not in page.text
    answered = client.post(url("request_answer", application.pk), {"text": "Fyrre."})
    assert answered.status_code == 302
    assert "Fyrre." in client.get(application.get_absolute_url()).text


def test_an_attachment_is_uploaded_downloaded_by_the_owner_only_and_deleted_after_asking(
    settings: object, tmp_path: object
) -> None:
    settings.MEDIA_ROOT = str(tmp_path)  # type: ignore[attr-defined]
    application = ApplicationFactory.create()
    client = client_of(applicant_of(application.organisation))
    upload = SimpleUploadedFile("plan.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    added = client.post(
        url("request_attachments", application.pk),
        {"version": application.version, "title": "Plan", "file": upload},
    )
    assert added.status_code == 302
    attachment = application.attachments.get()
    download = client.get(attachment.get_absolute_url())
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")  # type: ignore[attr-defined]
    other = client_of(applicant_of(OrganisationFactory.create()))
    assert other.get(attachment.get_absolute_url()).status_code == 404
    asked = client.get(url("attachment_delete", attachment.pk))
    assert asked.status_code == 200 and application.attachments.exists()
    assert client.post(url("attachment_delete", attachment.pk)).status_code == 302
    assert not application.attachments.exists()


def test_the_secretariat_starts_a_change_request_and_sees_the_difference() -> None:
    project = ProjectFactory.create()
    area = EffortAreaFactory.create(project=project, name="Indslusning")
    source = FundingSourceFactory.create(name="Regionen")
    decision = DecisionFactory.create(
        project=project, first_year=2019, last_year=2020, status="approved"
    )
    BudgetLineFactory.create(decision=decision, effort_area=area, year=2019, amount=100_000)
    FinancingLineFactory.create(decision=decision, funding_source=source, year=2019, amount=100_000)
    member = SecretariatFactory.create()
    MembershipFactory.create(user=member, project=project)
    client = client_of(member)
    started = client.post(
        url("change_request_create", project.pk),
        {"kind": "extension", "title": "Forlængelse", "first_year": 2019, "last_year": 2020},
    )
    assert started.status_code == 302
    change = Request.objects.get()
    assert change.kind == Request.Kind.EXTENSION
    own = change.areas.get()
    RequestBudgetLine.objects.create(request=change, area=own, year=2019, amount=88_000)
    page = client.get(url("request_difference", change.pk))
    assert page.status_code == 200
    assert "-12.000" in page.text
    assert "100.000" in page.text and "88.000" in page.text
    # Another project's secretariat sees none of it.
    outsider = SecretariatFactory.create()
    MembershipFactory.create(user=outsider, project=ProjectFactory.create())
    assert client_of(outsider).get(change.get_absolute_url()).status_code == 404
    assert client_of(outsider).get(url("change_request_create", project.pk)).status_code == 404


def test_an_applicant_cannot_start_a_change_request() -> None:
    project = ProjectFactory.create()
    client = client_of(applicant_of(OrganisationFactory.create()))
    assert client.get(url("change_request_create", project.pk)).status_code == 403


@pytest.mark.parametrize("rows", [2, 6])
def test_my_requests_reads_a_flat_number_of_queries(
    rows: int, django_assert_num_queries: object
) -> None:
    organisation = OrganisationFactory.create()
    user = applicant_of(organisation)
    for n in range(rows):
        if n % 2:
            ApplicationFactory.create(organisation=organisation)
        else:
            decision = DecisionFactory.create()
            ApplicationFactory.create(
                organisation=organisation, status=Request.Status.ACCEPTED, decision=decision
            )
    ChangeRequestFactory.create()  # another's, not listed
    client = client_of(user)
    client.get(url("my_requests"))  # warm the per-process caches (menu)
    with django_assert_num_queries(7):  # type: ignore[operator]
        page = client.get(url("my_requests"))
    assert page.status_code == 200
    assert page.text.count('href="/') > rows
