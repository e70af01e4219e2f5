"""Staff's writes on a submitted request: officer, checklist, comments, questions, rejection."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError

from applications.models import ChecklistAnswer, Request, RequestMessage
from applications.services.assessment import (
    answers_save,
    checklist_of,
    comment_add,
    request_ask,
    request_assign,
    request_reject,
)
from applications.services.requests import request_submit, request_update
from tests.applications.assessment_world import (
    applicant_of,
    checklist_with_questions,
    submitted_application,
    submitted_change,
)
from tests.applications.factories import ApplicationFactory
from tests.factories import (
    AdministratorFactory,
    ForumMemberFactory,
    ProjectFactory,
    SecretariatFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff() -> User:
    user = StaffFactory.create()
    assert isinstance(user, User)
    return user


def _last_author(obj: object) -> object:
    return obj.history.first().history_user  # type: ignore[attr-defined]


def test_a_case_officer_is_regional_staff_or_an_administrator(staff: User) -> None:
    request = submitted_application()
    officer = StaffFactory.create()
    assigned = request_assign(request=request, officer=officer, by=staff)
    assert assigned.case_officer == officer
    assert _last_author(assigned) == staff
    admin = AdministratorFactory.create()
    assert request_assign(request=request, officer=admin, by=staff).case_officer == admin
    assert request_assign(request=request, officer=None, by=staff).case_officer is None


@pytest.mark.parametrize("factory", [SecretariatFactory, ForumMemberFactory])
def test_a_user_outside_the_regional_staff_cannot_be_case_officer(
    staff: User, factory: type[StaffFactory]
) -> None:
    request = submitted_application()
    with pytest.raises(ValidationError) as refused:
        request_assign(request=request, officer=factory.create(), by=staff)
    assert refused.value.code == "not_staff"
    request.refresh_from_db()
    assert request.case_officer is None


def test_a_draft_gets_no_case_officer(staff: User) -> None:
    draft = ApplicationFactory.create()
    with pytest.raises(ValidationError) as refused:
        request_assign(request=draft, officer=staff, by=staff)
    assert refused.value.code == "draft"


def test_an_application_is_assessed_by_its_calls_checklist_and_a_used_checklist_is_fixed(
    staff: User,
) -> None:
    checklist = checklist_with_questions(2)
    request = submitted_application(checklist=checklist)
    assert checklist_of(request) == checklist
    assert not checklist.in_use()
    first, second = checklist.questions.order_by("order")
    answers_save(
        request=request,
        answers={first.pk: ("yes", " Fint "), second.pk: ("not_relevant", "")},
        by=staff,
    )
    stored = {a.question_id: (a.answer, a.note, a.answered_by) for a in request.answers.all()}
    assert stored == {first.pk: ("yes", "Fint", staff), second.pk: ("not_relevant", "", staff)}
    assert checklist.in_use()
    assert _last_author(ChecklistAnswer.objects.get(question=first)) == staff
    answers_save(
        request=request, answers={first.pk: ("no", "Alligevel ikke"), second.pk: ("", "")}, by=staff
    )
    assert list(request.answers.values_list("answer", flat=True)) == ["no"]


def test_a_change_request_is_assessed_by_its_programmes_checklist_for_change_requests(
    staff: User,
) -> None:
    project = ProjectFactory.create()
    checklist_with_questions(1, programme=project.programme)
    for_changes = checklist_with_questions(1, programme=project.programme, for_change_requests=True)
    request = submitted_change(project)
    assert checklist_of(request) == for_changes
    (question,) = for_changes.questions.all()
    answers_save(request=request, answers={question.pk: ("yes", "")}, by=staff)
    assert request.answers.get().question == question


def test_an_answer_to_another_checklists_question_is_refused_and_nothing_saved(
    staff: User,
) -> None:
    checklist = checklist_with_questions(1)
    other = checklist_with_questions(1)
    request = submitted_application(checklist=checklist)
    (own,) = checklist.questions.all()
    (foreign,) = other.questions.all()
    with pytest.raises(ValidationError) as refused:
        answers_save(
            request=request, answers={own.pk: ("yes", ""), foreign.pk: ("yes", "")}, by=staff
        )
    assert refused.value.code == "unknown_question"
    with pytest.raises(ValidationError) as unknown:
        answers_save(request=request, answers={987654: ("yes", "")}, by=staff)
    assert unknown.value.code == "unknown_question"
    assert not ChecklistAnswer.objects.exists()


def test_a_bad_answer_or_a_note_without_answer_is_refused(staff: User) -> None:
    checklist = checklist_with_questions(1)
    request = submitted_application(checklist=checklist)
    (question,) = checklist.questions.all()
    for answer, code in ((("maybe", ""), "invalid_answer"), (("", "Note"), "note_without_answer")):
        with pytest.raises(ValidationError) as refused:
            answers_save(request=request, answers={question.pk: answer}, by=staff)
        assert refused.value.code == code
    assert not ChecklistAnswer.objects.exists()


def test_the_checklist_is_answered_only_while_the_request_is_submitted(staff: User) -> None:
    checklist = checklist_with_questions(1)
    request = submitted_application(checklist=checklist)
    (question,) = checklist.questions.all()
    request_reject(request=request, reason="Uden for formålet.", by=staff)
    with pytest.raises(ValidationError) as refused:
        answers_save(request=request, answers={question.pk: ("yes", "")}, by=staff)
    assert refused.value.code == "wrong_status"


def test_a_comment_is_internal_and_names_its_author(staff: User) -> None:
    request = submitted_application()
    comment = comment_add(request=request, text=" Ser fornuftigt ud. ", by=staff)
    assert (comment.kind, comment.text, comment.author) == ("comment", "Ser fornuftigt ud.", staff)
    assert not comment.seen_by_applicant
    assert _last_author(comment) == staff
    with pytest.raises(ValidationError):
        comment_add(request=request, text="  ", by=staff)


def test_asking_returns_the_request_and_a_resubmission_is_its_next_version(staff: User) -> None:
    request = submitted_application()
    asked = request_ask(request=request, questions="Hvor mange deltagere?", by=staff)
    assert asked.status == Request.Status.MORE_INFO
    assert _last_author(asked) == staff
    question = RequestMessage.objects.get(request=request)
    assert (question.kind, question.author) == ("question", staff)
    applicant = applicant_of(request.organisation)  # type: ignore[arg-type]
    changed = request_update(request=asked, fields={"title": "Job i Midt 2"}, by=applicant)
    resubmitted = request_submit(request=changed, by=applicant)
    assert resubmitted.status == Request.Status.SUBMITTED
    assert list(resubmitted.versions.values_list("number", flat=True)) == [1, 2]


def test_asking_needs_questions_and_a_submitted_request(staff: User) -> None:
    request = submitted_application()
    with pytest.raises(ValidationError):
        request_ask(request=request, questions=" ", by=staff)
    request_reject(request=request, reason="Nej.", by=staff)
    with pytest.raises(ValidationError) as refused:
        request_ask(request=request, questions="Hvorfor?", by=staff)
    assert refused.value.code == "wrong_status"
    assert not RequestMessage.objects.filter(kind="question").exists()


def test_rejecting_needs_a_reason_and_keeps_it(staff: User) -> None:
    request = submitted_application()
    with pytest.raises(ValidationError) as refused:
        request_reject(request=request, reason="  ", by=staff)
    assert list(refused.value.message_dict) == ["reason"]
    rejected = request_reject(request=request, reason="Uden for formålet.", by=staff)
    assert (rejected.status, rejected.rejection_reason) == ("rejected", "Uden for formålet.")
    assert _last_author(rejected) == staff
    with pytest.raises(ValidationError) as again:
        request_reject(request=request, reason="Igen.", by=staff)
    assert again.value.code == "wrong_status"


def test_a_draft_cannot_be_rejected_or_asked(staff: User) -> None:
    draft = ApplicationFactory.create()
    for action in (
        lambda: request_reject(request=draft, reason="Nej.", by=staff),
        lambda: request_ask(request=draft, questions="Hvad?", by=staff),
    ):
        with pytest.raises(ValidationError) as refused:
            action()
        assert refused.value.code == "wrong_status"
