"""What applications tell: a submitted request asks regional staff to assess it, by e-mail;
questions, acceptance, rejection and the grant letter tell the applicant side (the applicant
organisation's users, a change request's project secretariat). E-mails go through a real SMTP
server, in each recipient's language, to none who may not see the request or letter, never to
the one who did it; each answer settles the "submitted" notification."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from email.message import EmailMessage
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from applications import notices
from applications.models import Request
from applications.services.assessment import (
    request_accept,
    request_ask,
    request_assign,
    request_reject,
)
from applications.services.letters import letter_write
from applications.services.requests import change_request_create, request_submit, request_update
from grants.models import Project
from notifications import services
from notifications.models import Channel, MailSettings, Notification, Preference
from tests.applications import letter_helpers
from tests.applications.assessment_world import applicant_of, submitted_application
from tests.factories import (
    AdministratorFactory,
    ForumMemberFactory,
    MembershipFactory,
    OrganisationFactory,
    ProjectFactory,
    SecretariatFactory,
    StaffFactory,
)
from tests.jobs.helpers import run_queued_jobs
from tests.smtp import Server, text_of

pytestmark = pytest.mark.django_db

Capture = Callable[..., Any]


@pytest.fixture
def told(
    django_capture_on_commit_callbacks: Capture,
) -> Iterator[Callable[[Callable[[], Any]], Any]]:
    """Run a write with its commit's callbacks, then the queued e-mails."""

    def run(write: Callable[[], Any]) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            done = write()
        run_queued_jobs()
        return done

    yield run


def _subject(message: EmailMessage) -> str:
    return " ".join(str(message["Subject"]).split())


def _english(user: User) -> User:
    MailSettings.objects.create(user=user, language="en")
    return user


def _by_email(event: str, *users: User) -> None:
    for user in users:
        Preference.objects.create(user=user, event=event, channel=Channel.EMAIL)


def _member(project: Project) -> User:
    user: User = SecretariatFactory.create()
    MembershipFactory.create(user=user, project=project)
    return user


def _stranger_secretariat() -> User:
    return _member(ProjectFactory.create())


def _stranger_applicant() -> User:
    return applicant_of(OrganisationFactory.create())


def _change(project: Project, by: User) -> Request:
    """A submitted time extension of `project`, asked for by `by`."""
    request = change_request_create(
        project=project,
        kind=Request.Kind.TIME_EXTENSION,
        title="Forlængelse",
        first_year=2027,
        last_year=2028,
        by=by,
    )
    request = request_update(request=request, fields={"description": "Behov."}, by=by)
    return request_submit(request=request, by=by)


def _applicant(request: Request) -> User:
    user = request.created_by
    assert isinstance(user, User)
    return user


# Submitted: the staff are asked to assess it.


def test_a_submitted_application_asks_every_regional_staff_member_by_e_mail(
    smtp: Server, told: Callable[..., Any]
) -> None:
    danish, english = StaffFactory.create(), _english(StaffFactory.create())
    others = [ForumMemberFactory.create(), SecretariatFactory.create(), _stranger_applicant()]

    request = told(lambda: submitted_application(title="Job i Midt"))

    assert smtp.addresses() == sorted([danish.email, english.email])
    call = request.call.title
    (to_danish,) = smtp.to(danish.email)
    assert _subject(to_danish).endswith(f"Ansøgningen “Job i Midt” ({call}) er indsendt, version 1")
    (to_english,) = smtp.to(english.email)
    assert _subject(to_english).endswith(
        f"Application “Job i Midt” ({call}) was submitted, version 1"
    )
    for message in smtp.messages:
        assert "Partner A/S" not in text_of(message)
        assert _applicant(request).username not in text_of(message)
    notification = Notification.objects.get(recipient=danish)
    assert notification.url == reverse("applications:request_assess", args=[request.pk])
    assert not Notification.objects.filter(recipient__in=[*others, _applicant(request)]).exists()


def test_staff_who_submit_a_change_request_themselves_are_not_asked_to_assess_it(
    smtp: Server, told: Callable[..., Any]
) -> None:
    doer, colleague = StaffFactory.create(), StaffFactory.create()
    project = ProjectFactory.create(name="Rummelig imidt")

    told(lambda: _change(project, doer))

    (message,) = smtp.to(colleague.email)
    assert _subject(message).endswith(
        "Rummelig imidt: ændringsanmodningen “Forlængelse” er indsendt, version 1"
    )
    assert smtp.addresses() == [colleague.email]


def test_a_resubmission_is_told_anew_to_the_case_officer_alone(
    smtp: Server, told: Callable[..., Any]
) -> None:
    officer, other = StaffFactory.create(), _english(StaffFactory.create())
    request = submitted_application(title="Job i Midt")
    request = request_assign(request=request, officer=officer, by=other)
    request = request_ask(request=request, questions="Hvor mange deltagere?", by=officer)
    applicant = _applicant(request)
    assert services.waiting_count(other) == 0
    assert services.waiting_count(applicant) == 1
    request = request_update(request=request, fields={"description": "40 deltagere."}, by=applicant)

    told(lambda: request_submit(request=request, by=applicant))

    assert smtp.addresses() == [officer.email]
    (message,) = smtp.to(officer.email)
    assert _subject(message).endswith("er indsendt, version 2")
    assert services.waiting_count(officer) == 1
    # Answering was the step the question asked for.
    assert services.waiting_count(applicant) == 0


def test_an_administrator_case_officer_is_asked_by_e_mail_too(
    smtp: Server, told: Callable[..., Any]
) -> None:
    admin, staff = AdministratorFactory.create(), StaffFactory.create()
    project = ProjectFactory.create()
    member = _member(project)
    request = request_assign(request=_change(project, member), officer=admin, by=staff)
    request = request_ask(request=request, questions="Hvorfor?", by=admin)
    request = request_update(request=request, fields={"description": "Derfor."}, by=member)

    told(lambda: request_submit(request=request, by=member))

    assert smtp.addresses() == [admin.email]


# Returned for more information: the applicant side is asked to answer.


def test_questions_on_an_application_reach_its_organisations_users_by_e_mail(
    smtp: Server, told: Callable[..., Any]
) -> None:
    staff, colleague = StaffFactory.create(), StaffFactory.create()
    request = submitted_application(title="Job i Midt")
    applicant = _applicant(request)
    assert request.organisation is not None
    english = _english(applicant_of(request.organisation))
    strangers = [_stranger_applicant(), _stranger_secretariat(), ForumMemberFactory.create()]
    assert services.waiting_count(colleague) == 1

    told(lambda: request_ask(request=request, questions="Hvor mange deltagere?", by=staff))

    assert smtp.addresses() == sorted([applicant.email, english.email])
    assert request.call is not None
    call = request.call.title
    (to_danish,) = smtp.to(applicant.email)
    assert _subject(to_danish).endswith(
        f"Ansøgningen “Job i Midt” ({call}): der er bedt om flere oplysninger"
    )
    assert "Hvor mange deltagere" not in text_of(to_danish)
    (to_english,) = smtp.to(english.email)
    assert _subject(to_english).endswith("more information is asked for")
    notification = Notification.objects.get(recipient=applicant)
    assert notification.url == request.get_absolute_url()
    assert services.waiting_count(colleague) == 0
    assert not Notification.objects.filter(recipient__in=strangers).exists()


def test_questions_on_a_change_request_reach_the_projects_secretariat(
    smtp: Server, told: Callable[..., Any]
) -> None:
    staff = StaffFactory.create()
    project = ProjectFactory.create(name="Rummelig imidt")
    member, english = _member(project), _english(_member(project))
    organisation = letter_helpers.applicant_of(project)
    applicant = applicant_of(organisation)
    strangers = [_stranger_secretariat(), _stranger_applicant()]
    request = _change(project, member)

    told(lambda: request_ask(request=request, questions="Hvorfor?", by=staff))
    returned = notices.code(request, notices.RETURNED)

    assert smtp.addresses() == sorted([member.email, english.email, applicant.email])
    (to_danish,) = smtp.to(member.email)
    assert _subject(to_danish).endswith(
        "Rummelig imidt: ændringsanmodningen “Forlængelse”: der er bedt om flere oplysninger"
    )
    (to_english,) = smtp.to(english.email)
    assert _subject(to_english).endswith(
        "Rummelig imidt: change request “Forlængelse”: more information is asked for"
    )
    told_of = Notification.objects.filter(event=returned)
    assert not told_of.filter(recipient__in=[*strangers, staff]).exists()


# Decided: accepted or rejected.


def test_a_rejection_tells_the_applicants_and_settles_the_ask(
    smtp: Server, told: Callable[..., Any]
) -> None:
    staff, colleague = StaffFactory.create(), StaffFactory.create()
    request = submitted_application(title="Job i Midt")
    applicant = _applicant(request)
    assert request.organisation is not None
    english = _english(applicant_of(request.organisation))
    stranger = _stranger_applicant()
    _by_email(notices.code(request, notices.REJECTED), applicant, english, stranger)

    told(lambda: request_reject(request=request, reason="Uden for formålet.", by=staff))

    assert smtp.addresses() == sorted([applicant.email, english.email])
    (to_danish,) = smtp.to(applicant.email)
    assert request.call is not None
    assert _subject(to_danish).endswith(f"“Job i Midt” ({request.call.title}) er afvist")
    assert "Uden for formålet" not in text_of(to_danish)
    (to_english,) = smtp.to(english.email)
    assert _subject(to_english).endswith("was rejected")
    assert services.waiting_count(colleague) == 0
    told_of = Notification.objects.filter(event=notices.code(request, notices.REJECTED))
    assert not told_of.filter(recipient__in=[stranger, staff]).exists()


def test_a_rejection_is_told_in_the_app_by_default(smtp: Server, told: Callable[..., Any]) -> None:
    request = submitted_application()

    told(lambda: request_reject(request=request, reason="Nej.", by=StaffFactory.create()))

    assert smtp.messages == []
    assert services.waiting_count(_applicant(request)) == 1


def test_accepting_an_application_tells_its_applicants_and_settles_the_ask(
    smtp: Server, told: Callable[..., Any]
) -> None:
    staff, colleague = StaffFactory.create(), StaffFactory.create()
    request = submitted_application(title="Job i Midt")
    applicant = _applicant(request)
    assert request.organisation is not None
    english = _english(applicant_of(request.organisation))
    stranger = _stranger_applicant()
    _by_email(notices.code(request, notices.ACCEPTED), applicant, english, stranger)

    told(lambda: request_accept(request=request, by=staff))

    assert smtp.addresses() == sorted([applicant.email, english.email])
    (to_danish,) = smtp.to(applicant.email)
    assert _subject(to_danish).endswith("er imødekommet")
    (to_english,) = smtp.to(english.email)
    assert _subject(to_english).endswith("was accepted")
    assert services.waiting_count(colleague) == 0
    told_of = Notification.objects.filter(event=notices.code(request, notices.ACCEPTED))
    assert not told_of.filter(recipient__in=[stranger, staff]).exists()


def test_accepting_a_change_request_tells_the_projects_secretariat(
    smtp: Server, told: Callable[..., Any]
) -> None:
    staff = StaffFactory.create()
    project = ProjectFactory.create(name="Rummelig imidt")
    member, english = _member(project), _english(_member(project))
    stranger = _stranger_secretariat()
    request = _change(project, member)
    _by_email(notices.code(request, notices.ACCEPTED), member, english, stranger)
    assert services.waiting_count(staff) == 1

    told(lambda: request_accept(request=request, by=staff))

    assert smtp.addresses() == sorted([member.email, english.email])
    (to_danish,) = smtp.to(member.email)
    assert _subject(to_danish).endswith(
        "Rummelig imidt: ændringsanmodningen “Forlængelse” er imødekommet"
    )
    (to_english,) = smtp.to(english.email)
    assert _subject(to_english).endswith(
        "Rummelig imidt: change request “Forlængelse” was accepted"
    )
    assert services.waiting_count(staff) == 0
    assert not Notification.objects.filter(recipient=stranger).exists()


# The grant letter.


def test_a_grant_letter_tells_the_projects_secretariat_and_applicants(
    smtp: Server, told: Callable[..., Any]
) -> None:
    staff = StaffFactory.create()
    project = ProjectFactory.create(name="Rummelig imidt")
    decision = letter_helpers.approved_decision(project=project, by=staff)
    member = _member(project)
    english = _english(applicant_of(letter_helpers.applicant_of(project)))
    strangers = [_stranger_secretariat(), _stranger_applicant(), ForumMemberFactory.create()]
    _by_email(notices.LETTER_ISSUED, member, english, *strangers)

    letter = told(lambda: letter_write(decision=decision, by=staff))

    assert smtp.addresses() == sorted([member.email, english.email])
    (to_danish,) = smtp.to(member.email)
    assert _subject(to_danish).endswith("Rummelig imidt: version 1 af tilsagnsbrevet er udstedt")
    (to_english,) = smtp.to(english.email)
    assert _subject(to_english).endswith("Rummelig imidt: version 1 of the grant letter was issued")
    notification = Notification.objects.get(recipient=member)
    assert notification.url == reverse("applications:letter_list", args=[decision.pk])
    assert notification.target_id == letter.pk
    assert not Notification.objects.filter(recipient__in=[*strangers, staff]).exists()


def test_a_grant_letter_is_told_in_the_app_by_default(
    smtp: Server, told: Callable[..., Any]
) -> None:
    staff = StaffFactory.create()
    project = ProjectFactory.create()
    decision = letter_helpers.approved_decision(project=project, by=staff)
    member = _member(project)

    told(lambda: letter_write(decision=decision, by=staff))

    assert smtp.messages == []
    assert services.waiting_count(member) == 1
