"""The calls' services: each refusal, the author named in the history, and the rule that a
checklist which has assessed a request never changes, through the services and the models."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from applications.models import Call, ChecklistAnswer, ChecklistQuestion, ChecklistTemplate
from applications.models import Request as ApplicationRequest
from applications.services import calls as services
from applications.services import checklists
from grants.models import Indicator, Programme, ProgrammeIndicator
from tests.applications.factories import (
    ApplicationFactory,
    CallFactory,
    ChecklistQuestionFactory,
    ChecklistTemplateFactory,
)
from tests.factories import IndicatorFactory, ProgrammeFactory, StaffFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now()
DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def in_english() -> Iterator[None]:
    """The refusals are read in English here (the site's language is Danish)."""
    with translation.override("en"):
        yield


@pytest.fixture
def staff() -> User:
    user = StaffFactory.create()
    assert isinstance(user, User)
    return user


def _programme_with_indicator(code: str = "CO01") -> tuple[Programme, Indicator]:
    programme = ProgrammeFactory.create()
    indicator = IndicatorFactory.create(code=code)
    ProgrammeIndicator.objects.create(programme=programme, indicator=indicator)
    return programme, indicator


def _used_checklist() -> ChecklistTemplate:
    checklist = ChecklistTemplateFactory.create()
    question = ChecklistQuestionFactory.create(template=checklist)
    ChecklistQuestionFactory.create(template=checklist)
    application = ApplicationFactory.create(call__programme=checklist.programme)
    ChecklistAnswer.objects.create(
        request=application, question=question, answer=ChecklistAnswer.Answer.YES
    )
    assert isinstance(checklist, ChecklistTemplate)
    return checklist


def _codes(refusal: pytest.ExceptionInfo[ValidationError]) -> set[str]:
    error = refusal.value
    if hasattr(error, "error_dict"):
        return {e.code for errors in error.error_dict.values() for e in errors if e.code}
    return {e.code for e in error.error_list if e.code}


# --- Calls --------------------------------------------------------------------------------


def test_a_call_is_created_unpublished_with_its_indicators_and_its_author(staff: User) -> None:
    programme, indicator = _programme_with_indicator()
    checklist = ChecklistTemplateFactory.create(programme=programme)
    call = services.call_create(
        programme=programme,
        title="Opslag 2030",
        text="Tekst",
        opens_at=NOW + DAY,
        closes_at=NOW + 30 * DAY,
        indicators=[indicator],
        checklist=checklist,
        by=staff,
    )
    assert not call.published
    assert list(call.indicators.all()) == [indicator]
    assert call.history.latest().history_user == staff


def test_a_call_that_closes_before_it_opens_is_refused(staff: User) -> None:
    programme = ProgrammeFactory.create()
    with pytest.raises(ValidationError) as refusal:
        services.call_create(
            programme=programme,
            title="Baglæns",
            opens_at=NOW + 2 * DAY,
            closes_at=NOW + DAY,
            by=staff,
        )
    assert _codes(refusal) == {"closes_before_opening"}
    assert not Call.objects.exists()


def test_an_indicator_of_another_programme_is_refused(staff: User) -> None:
    programme, _indicator = _programme_with_indicator("CO01")
    _other, foreign = _programme_with_indicator("CO02")
    with pytest.raises(ValidationError) as refusal:
        services.call_create(
            programme=programme,
            title="Opslag",
            opens_at=NOW,
            closes_at=NOW + DAY,
            indicators=[foreign],
            by=staff,
        )
    assert _codes(refusal) == {"foreign_indicator"}


def test_a_checklist_of_another_programme_or_for_change_requests_is_refused(staff: User) -> None:
    programme = ProgrammeFactory.create()
    foreign = ChecklistTemplateFactory.create()
    for_changes = ChecklistTemplateFactory.create(programme=programme, for_change_requests=True)
    cases = ((foreign, "foreign_checklist"), (for_changes, "change_request_checklist"))
    for checklist, code in cases:
        with pytest.raises(ValidationError) as refusal:
            services.call_create(
                programme=programme,
                title="Opslag",
                opens_at=NOW,
                closes_at=NOW + DAY,
                checklist=checklist,
                by=staff,
            )
        assert _codes(refusal) == {code}


def test_the_indicators_stay_once_applications_are_made(staff: User) -> None:
    programme, indicator = _programme_with_indicator()
    call = CallFactory.create(programme=programme)
    ApplicationFactory.create(call=call)
    with pytest.raises(ValidationError) as refusal:
        services.call_update(
            call=call,
            title=call.title,
            text=call.text,
            opens_at=call.opens_at,
            closes_at=call.closes_at,
            indicators=[indicator],
            checklist=None,
            by=staff,
        )
    assert _codes(refusal) == {"has_applications"}
    # Other changes are fine.
    services.call_update(
        call=call,
        title="Nyt navn",
        text=call.text,
        opens_at=call.opens_at,
        closes_at=call.closes_at + DAY,
        indicators=[],
        checklist=None,
        by=staff,
    )
    assert Call.objects.get(pk=call.pk).title == "Nyt navn"


def test_publishing_names_the_author_and_is_refused_twice_or_after_closing(staff: User) -> None:
    call = CallFactory.create(published=False)
    services.call_publish(call=call, by=staff)
    call.refresh_from_db()
    assert call.published
    assert call.history.latest().history_user == staff
    with pytest.raises(ValidationError):
        services.call_publish(call=call, by=staff)
    closed = CallFactory.create(published=False, opens_at=NOW - 10 * DAY, closes_at=NOW - DAY)
    with pytest.raises(ValidationError) as refusal:
        services.call_publish(call=closed, by=staff)
    assert "closing time has passed" in refusal.value.messages[0]


def test_unpublishing_is_refused_once_an_application_is_submitted(staff: User) -> None:
    call = CallFactory.create()
    ApplicationFactory.create(call=call)  # a draft does not hold the call
    services.call_unpublish(call=call, by=staff)
    services.call_publish(call=call, by=staff)
    ApplicationFactory.create(call=call, status=ApplicationRequest.Status.SUBMITTED)
    with pytest.raises(ValidationError) as refusal:
        services.call_unpublish(call=call, by=staff)
    assert "1 application has been submitted" in refusal.value.messages[0]
    assert Call.objects.get(pk=call.pk).published


def test_a_call_with_applications_is_not_deleted(staff: User) -> None:
    call = CallFactory.create()
    ApplicationFactory.create(call=call)
    with pytest.raises(ValidationError) as refusal:
        services.call_delete(call=call, by=staff)
    assert "cannot be deleted" in refusal.value.messages[0]
    empty = CallFactory.create()
    services.call_delete(call=empty, by=staff)
    assert not Call.objects.filter(pk=empty.pk).exists()
    assert Call.history.filter(id=empty.pk, history_type="-").get().history_user == staff


def test_the_counts_of_a_call_are_read_in_one_query(
    staff: User, django_assert_num_queries: object
) -> None:
    call = CallFactory.create()
    ApplicationFactory.create_batch(2, call=call)
    ApplicationFactory.create(call=call, status=ApplicationRequest.Status.SUBMITTED)
    with django_assert_num_queries(1):  # type: ignore[operator]
        counts = services.application_counts(call)
    assert counts == {"draft": 2, "submitted": 1}


# --- Checklists: unchangeable once used ----------------------------------------------------


def test_questions_are_added_reworded_moved_and_deleted_with_their_author(staff: User) -> None:
    checklist = checklists.checklist_create(
        programme=ProgrammeFactory.create(), name="Vurdering", by=staff
    )
    first = checklists.question_add(checklist=checklist, text="Første?", by=staff)
    second = checklists.question_add(checklist=checklist, text="Anden?", by=staff)
    checklists.question_reorder(question=second, up=True, by=staff)
    assert list(checklist.questions.order_by("order").values_list("text", flat=True)) == [
        "Anden?",
        "Første?",
    ]
    checklists.question_update(question=first, text="Den første?", guidance="", by=staff)
    checklists.question_delete(question=second, by=staff)
    assert list(checklist.questions.values_list("text", flat=True)) == ["Den første?"]
    authors = set(ChecklistQuestion.history.values_list("history_user_id", flat=True))
    assert authors == {staff.pk}


def test_every_change_of_a_used_checklist_is_refused_through_the_services(staff: User) -> None:
    checklist = _used_checklist()
    question = checklist.questions.first()
    assert question is not None
    attempts = [
        lambda: checklists.checklist_update(
            checklist=checklist, name="Nyt navn", for_change_requests=False, by=staff
        ),
        lambda: checklists.checklist_delete(checklist=checklist, by=staff),
        lambda: checklists.question_add(checklist=checklist, text="Ny?", by=staff),
        lambda: checklists.question_update(
            question=question, text="Ændret?", guidance="", by=staff
        ),
        lambda: checklists.question_delete(question=question, by=staff),
        lambda: checklists.question_reorder(question=question, up=False, by=staff),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError) as refusal:
            attempt()
        assert _codes(refusal) == {"in_use"}
    assert ChecklistTemplate.objects.get(pk=checklist.pk).name == checklist.name
    assert ChecklistQuestion.objects.get(pk=question.pk).text == question.text
    assert checklist.questions.count() == 2


def test_the_models_refuse_a_used_checklist_whatever_path_writes() -> None:
    checklist = _used_checklist()
    question = checklist.questions.first()
    assert question is not None
    checklist.name = "Ændret"
    for attempt in (
        checklist.save,
        checklist.delete,
        question.save,
        question.delete,
        lambda: ChecklistQuestion(template=checklist, text="Ny?").save(),
    ):
        with pytest.raises(ValidationError) as refusal:
            attempt()
        assert _codes(refusal) == {"in_use"}


def test_copying_a_used_checklist_makes_a_changeable_one(staff: User) -> None:
    checklist = _used_checklist()
    copy = checklists.checklist_copy(checklist=checklist, name="Vurdering 2", by=staff)
    assert not copy.in_use()
    assert list(copy.questions.values_list("text", flat=True)) == list(
        checklist.questions.values_list("text", flat=True)
    )
    checklists.question_add(checklist=copy, text="Nyt spørgsmål?", by=staff)
    assert copy.questions.count() == 3
    assert copy.history.latest().history_user == staff


def test_a_checklist_named_by_a_call_is_not_deleted(staff: User) -> None:
    checklist = ChecklistTemplateFactory.create()
    CallFactory.create(programme=checklist.programme, checklist=checklist)
    with pytest.raises(ValidationError) as refusal:
        checklists.checklist_delete(checklist=checklist, by=staff)
    assert "cannot be deleted" in refusal.value.messages[0]
