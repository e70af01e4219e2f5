"""The admin's pages of calls and checklists: a used checklist refuses every change there too
(its change form, its questions inline, deleting), shown as the page's message."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from applications.models import Call, ChecklistAnswer, ChecklistQuestion, ChecklistTemplate
from tests.applications.factories import (
    ApplicationFactory,
    CallFactory,
    ChecklistQuestionFactory,
    ChecklistTemplateFactory,
)
from tests.factories import AdministratorFactory, IndicatorFactory

pytestmark = pytest.mark.django_db


def _admin() -> Client:
    client = Client()
    client.force_login(AdministratorFactory.create())
    return client


def _used() -> tuple[ChecklistTemplate, ChecklistQuestion]:
    checklist = ChecklistTemplateFactory.create(name="Vurdering")
    question = ChecklistQuestionFactory.create(template=checklist, text="Realistisk?")
    application = ApplicationFactory.create(call__programme=checklist.programme)
    ChecklistAnswer.objects.create(request=application, question=question, answer="yes")
    assert isinstance(checklist, ChecklistTemplate)
    assert isinstance(question, ChecklistQuestion)
    return checklist, question


def _form(checklist: ChecklistTemplate, question: ChecklistQuestion, **changes: str) -> dict:
    data = {
        "programme": str(checklist.programme_id),
        "name": checklist.name,
        "questions-TOTAL_FORMS": "1",
        "questions-INITIAL_FORMS": "1",
        "questions-MIN_NUM_FORMS": "0",
        "questions-MAX_NUM_FORMS": "1000",
        "questions-0-id": str(question.pk),
        "questions-0-template": str(checklist.pk),
        "questions-0-order": str(question.order),
        "questions-0-text": question.text,
        "questions-0-guidance": "",
    }
    data.update(changes)
    return data


def _errors(response: object) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]  # type: ignore[attr-defined]


def test_the_change_form_of_a_used_checklist_refuses_with_a_message() -> None:
    checklist, question = _used()
    url = reverse("admin:applications_checklisttemplate_change", args=[checklist.pk])
    client = _admin()
    response = client.post(url, _form(checklist, question, name="Ændret"))
    assert response.status_code == 302
    assert any("can no longer change" in m or "ikke længere" in m for m in _errors(response))
    assert ChecklistTemplate.objects.get(pk=checklist.pk).name == "Vurdering"


def test_the_inline_questions_of_a_used_checklist_do_not_change() -> None:
    checklist, question = _used()
    url = reverse("admin:applications_checklisttemplate_change", args=[checklist.pk])
    client = _admin()
    page = client.get(url).content.decode()
    assert 'name="questions-0-text"' not in page  # shown read-only
    client.post(url, _form(checklist, question, **{"questions-0-text": "Ændret?"}))
    assert ChecklistQuestion.objects.get(pk=question.pk).text == "Realistisk?"


def test_the_inline_of_an_unused_checklist_changes_its_questions() -> None:
    checklist = ChecklistTemplateFactory.create(name="Ny")
    question = ChecklistQuestionFactory.create(template=checklist, text="Før?")
    url = reverse("admin:applications_checklisttemplate_change", args=[checklist.pk])
    response = _admin().post(url, _form(checklist, question, **{"questions-0-text": "Efter?"}))
    assert response.status_code == 302
    assert ChecklistQuestion.objects.get(pk=question.pk).text == "Efter?"


def test_deleting_a_used_checklist_in_the_admin_is_a_message() -> None:
    checklist, _question = _used()
    url = reverse("admin:applications_checklisttemplate_delete", args=[checklist.pk])
    response = _admin().post(url, {"post": "yes"})
    # Django's own page names the answers that keep it, or the model's refusal is the message.
    assert response.status_code in (200, 302)
    assert ChecklistTemplate.objects.filter(pk=checklist.pk).exists()
    assert ChecklistQuestion.objects.filter(template=checklist).count() == 1


def test_a_call_with_an_indicator_of_another_programme_is_refused_in_the_admin() -> None:
    call = CallFactory.create()
    foreign = IndicatorFactory.create(code="CO77")
    url = reverse("admin:applications_call_change", args=[call.pk])
    client = _admin()
    local_open = call.opens_at.astimezone()
    local_close = call.closes_at.astimezone()
    data = {
        "programme": str(call.programme_id),
        "title": "Ændret",
        "text": call.text,
        "opens_at_0": local_open.strftime("%Y-%m-%d"),
        "opens_at_1": local_open.strftime("%H:%M:%S"),
        "closes_at_0": local_close.strftime("%Y-%m-%d"),
        "closes_at_1": local_close.strftime("%H:%M:%S"),
        "indicators": [str(foreign.pk)],
        "published": "on",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    assert Call.objects.get(pk=call.pk).title == call.title
    assert not Call.objects.get(pk=call.pk).indicators.exists()


def test_a_call_with_applications_is_not_deleted_in_the_admin() -> None:
    call = CallFactory.create()
    ApplicationFactory.create(call=call)
    url = reverse("admin:applications_call_delete", args=[call.pk])
    response = _admin().post(url, {"post": "yes"})
    assert response.status_code in (200, 302)
    assert Call.objects.filter(pk=call.pk).exists()
