"""The calls pages: staff set calls up (publishing asks first), bad input is a message and
never a server error, applicants see only the calls open now, and the lists read flat."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from applications.models import Call, ChecklistAnswer, ChecklistQuestion, ChecklistTemplate
from grants.models import ProgrammeIndicator
from tests.applications.factories import (
    ApplicantMembershipFactory,
    ApplicationFactory,
    CallFactory,
    ChecklistQuestionFactory,
    ChecklistTemplateFactory,
)
from tests.factories import ApplicantFactory, IndicatorFactory, ProgrammeFactory, StaffFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def _client(user: User | None = None) -> Client:
    client = Client()
    client.force_login(user or StaffFactory.create())
    return client


def _applicant() -> Client:
    membership = ApplicantMembershipFactory.create()
    return _client(membership.user)


def _call_data(**changes: str) -> dict[str, str]:
    return {
        "title": "Opslag om inklusion",
        "text": "## Formål\n\nFlere i job.",
        "opens_on": "2030-01-01",
        "opens_time": "09:00",
        "closes_on": "2030-03-01",
        "closes_time": "12:00",
        **changes,
    }


def test_staff_create_a_call_for_a_programme_in_danish_time() -> None:
    programme = ProgrammeFactory.create()
    indicator = IndicatorFactory.create(code="CO01")
    ProgrammeIndicator.objects.create(programme=programme, indicator=indicator)
    url = reverse("applications:call_create") + f"?programme={programme.pk}"
    client = _client()
    assert "CO01" in client.get(url).content.decode()
    response = client.post(url, _call_data(indicators=str(indicator.pk)))
    call = Call.objects.get()
    assert response["Location"] == call.get_absolute_url()
    assert not call.published
    assert timezone.localtime(call.closes_at).hour == 12
    assert list(call.indicators.all()) == [indicator]


def test_the_create_page_first_asks_for_the_programme_and_an_unknown_one_is_a_message() -> None:
    client = _client()
    page = client.get(reverse("applications:call_create")).content.decode()
    assert 'name="programme"' in page
    for bad in ("999999999", "abc", "-1"):
        response = client.get(reverse("applications:call_create") + f"?programme={bad}")
        assert response.status_code == 200
        assert "There is no such programme" in response.content.decode() or (
            "Der findes ikke" in response.content.decode()
        )


def test_a_call_closing_before_it_opens_is_shown_again_with_the_error() -> None:
    programme = ProgrammeFactory.create()
    url = reverse("applications:call_create") + f"?programme={programme.pk}"
    response = _client().post(url, _call_data(closes_on="2029-12-31"))
    assert response.status_code == 200
    assert response.context["form"].errors["closes_on"]
    assert not Call.objects.exists()


def test_an_indicator_of_another_programme_is_refused_on_the_page() -> None:
    programme = ProgrammeFactory.create()
    other = ProgrammeFactory.create()
    foreign = IndicatorFactory.create(code="CO09")
    ProgrammeIndicator.objects.create(programme=other, indicator=foreign)
    url = reverse("applications:call_create") + f"?programme={programme.pk}"
    response = _client().post(url, _call_data(indicators=str(foreign.pk)))
    assert response.status_code == 200
    assert response.context["form"].errors["indicators"]
    assert not Call.objects.exists()


def test_publishing_asks_first_and_only_the_post_publishes() -> None:
    call = CallFactory.create(published=False)
    client = _client()
    url = reverse("applications:call_publish", args=[call.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert not Call.objects.get(pk=call.pk).published
    assert client.post(url)["Location"] == call.get_absolute_url()
    assert Call.objects.get(pk=call.pk).published


def test_a_call_with_applications_says_why_it_cannot_be_deleted() -> None:
    call = CallFactory.create()
    ApplicationFactory.create(call=call)
    client = _client()
    url = reverse("applications:call_delete", args=[call.pk])
    assert "cannot be deleted" in client.get(url).content.decode() or "slettes" in (
        client.get(url).content.decode()
    )
    response = client.post(url)
    assert response.status_code == 302
    assert Call.objects.filter(pk=call.pk).exists()


def test_the_call_page_shows_the_text_the_indicators_and_the_counts_to_staff() -> None:
    call = CallFactory.create(text="## Formål\n\n<script>x</script>")
    indicator = IndicatorFactory.create(code="CO05")
    call.indicators.add(indicator)
    ApplicationFactory.create(call=call)
    page = _client().get(call.get_absolute_url()).content.decode()
    assert "<h2>Formål</h2>" in page
    assert "<script>x" not in page
    assert "CO05" in page
    assert 'data-drafts="1" data-submitted="0"' in page


def test_an_applicant_sees_only_open_published_calls() -> None:
    open_call = CallFactory.create(title="Åbent opslag")
    unpublished = CallFactory.create(title="Ikke offentliggjort", published=False)
    closed = CallFactory.create(
        title="Lukket opslag",
        opens_at=timezone.now() - 30 * DAY,
        closes_at=timezone.now() - DAY,
    )
    upcoming = CallFactory.create(
        title="Kommende opslag",
        opens_at=timezone.now() + DAY,
        closes_at=timezone.now() + 30 * DAY,
    )
    client = _applicant()
    listed = client.get(reverse("applications:open_calls")).content.decode()
    assert "Åbent opslag" in listed
    for hidden in (unpublished, closed, upcoming):
        assert hidden.title not in listed
        assert client.get(hidden.get_absolute_url()).status_code == 404
    page = client.get(open_call.get_absolute_url()).content.decode()
    assert 'data-testid="closes-in"' in page
    assert 'data-testid="counts"' not in page
    home = client.get(reverse("home:home")).content.decode()
    assert 'data-section="open-calls"' in home
    assert "Åbent opslag" in home
    assert "Lukket opslag" not in home


def test_the_front_page_of_an_applicant_reads_the_same_queries_for_more_calls(
    django_assert_num_queries: Any,
) -> None:
    user = ApplicantFactory.create()
    client = _client(user)
    CallFactory.create()
    client.get(reverse("home:home"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("home:home"))
    CallFactory.create_batch(5)
    with django_assert_num_queries(len(few)):
        client.get(reverse("home:home"))


@pytest.mark.parametrize("bad", ["999999999", "abc", "0"])
def test_unknown_ids_in_the_list_filters_are_no_server_error(bad: str) -> None:
    CallFactory.create()
    client = _client()
    for query in (f"programme={bad}", f"status={bad}", f"page={bad}", f"per_page={bad}"):
        response = client.get(reverse("applications:call_list") + f"?{query}")
        assert response.status_code == 200, query


def test_the_list_filters_by_status_and_programme() -> None:
    now = timezone.now()
    open_call = CallFactory.create(title="Åbent")
    CallFactory.create(title="Kladde", published=False)
    CallFactory.create(title="Lukket", opens_at=now - 30 * DAY, closes_at=now - DAY)
    client = _client()
    url = reverse("applications:call_list")
    for status, title in (("open", "Åbent"), ("unpublished", "Kladde"), ("closed", "Lukket")):
        rows = client.get(f"{url}?status={status}").context["table"].rows
        assert [row.record.title for row in rows] == [title]
    rows = client.get(f"{url}?programme={open_call.programme_id}").context["table"].rows
    assert [row.record.title for row in rows] == ["Åbent"]


@pytest.mark.parametrize("name", ["applications:call_list", "applications:checklist_list"])
def test_the_lists_read_the_same_queries_for_2_and_6_rows(
    name: str, django_assert_num_queries: Any
) -> None:
    client = _client()

    def rows(n: int) -> None:
        for _ in range(n):
            call = CallFactory.create()
            ApplicationFactory.create(call=call)
            checklist = ChecklistTemplateFactory.create(programme=call.programme)
            ChecklistQuestionFactory.create(template=checklist)

    rows(2)
    client.get(reverse(name))
    with CaptureQueriesContext(connection) as two:
        assert client.get(reverse(name)).status_code == 200
    rows(4)
    with django_assert_num_queries(len(two)):
        client.get(reverse(name))


def _used(checklist: ChecklistTemplate) -> ChecklistQuestion:
    question = ChecklistQuestionFactory.create(template=checklist)
    application = ApplicationFactory.create(call__programme=checklist.programme)
    ChecklistAnswer.objects.create(request=application, question=question, answer="no")
    assert isinstance(question, ChecklistQuestion)
    return question


def test_staff_add_edit_move_and_delete_questions_of_an_unused_checklist() -> None:
    checklist = ChecklistTemplateFactory.create()
    client = _client()
    url = checklist.get_absolute_url()
    client.post(url, {"text": "Første?", "guidance": ""})
    client.post(url, {"text": "Anden?", "guidance": "Se budgettet"})
    first, second = checklist.questions.order_by("order")
    client.post(reverse("applications:question_move", args=[second.pk]), {"direction": "up"})
    assert list(checklist.questions.order_by("order").values_list("text", flat=True)) == [
        "Anden?",
        "Første?",
    ]
    client.post(
        reverse("applications:question_edit", args=[first.pk]), {"text": "Ny?", "guidance": ""}
    )
    client.post(reverse("applications:question_delete", args=[second.pk]))
    assert list(checklist.questions.values_list("text", flat=True)) == ["Ny?"]


def test_a_used_checklist_is_read_only_with_a_notice_and_a_copy_button() -> None:
    checklist = ChecklistTemplateFactory.create()
    question = _used(checklist)
    client = _client()
    page = client.get(checklist.get_absolute_url()).content.decode()
    assert 'data-testid="in-use"' in page
    assert 'data-testid="copy-checklist"' in page
    assert 'data-testid="add-question"' not in page
    assert reverse("applications:question_edit", args=[question.pk]) not in page
    # Posted anyway: refused with the message, nothing changed.
    response = client.post(checklist.get_absolute_url(), {"text": "Ny?", "guidance": ""})
    assert response.status_code == 200
    assert checklist.questions.count() == 1
    client.post(reverse("applications:question_move", args=[question.pk]), {"direction": "up"})
    client.post(reverse("applications:question_delete", args=[question.pk]))
    assert ChecklistQuestion.objects.filter(pk=question.pk).exists()
    edit = client.get(reverse("applications:checklist_edit", args=[checklist.pk]))
    assert edit.status_code == 302
    copied = client.post(
        reverse("applications:checklist_copy", args=[checklist.pk]), {"name": "Kopi"}
    )
    copy = ChecklistTemplate.objects.get(name="Kopi")
    assert copied["Location"] == copy.get_absolute_url()
    assert 'data-testid="add-question"' in client.get(copy.get_absolute_url()).content.decode()


def test_others_than_staff_get_no_checklist_or_call_list() -> None:
    checklist = ChecklistTemplateFactory.create()
    client = _applicant()
    for url in (
        reverse("applications:call_list"),
        reverse("applications:checklist_list"),
        checklist.get_absolute_url(),
    ):
        assert client.get(url).status_code == 403


def test_the_call_pages_read_in_danish_and_in_english() -> None:
    call = CallFactory.create()
    client = _applicant()
    danish = client.get(call.get_absolute_url()).content.decode()
    assert "Mål, en ansøgning skal sætte" in danish
    assert "Åbne opslag" in client.get(reverse("applications:open_calls")).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(call.get_absolute_url()).content.decode()
    assert "Targets an application must set" in english
