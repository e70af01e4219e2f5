"""Every destroying action asks first: its GET is a confirmation page whose one form POSTs back,
and changes nothing; only the POST acts.

`DESTROYING` below is the one list of them. A URL whose name says it destroys (delete, remove,
withdraw, retire, publish, lock, erase), or whose view is marked `core.confirm.destroys`, must
be in it, so a new one cannot ship without its confirmation.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from applications.models import (
    Call,
    ChecklistQuestion,
    ChecklistTemplate,
    RequestArea,
    RequestAttachment,
    RequestOrganisation,
)
from core.confirm import is_destroying
from grants.cases.services import attachment_add
from grants.models import (
    CaseAttachment,
    DecisionBody,
    EffortArea,
    FundingSource,
    GrantDecision,
    ProjectFundingSource,
    TargetBreakdown,
)
from meetings.models import AgendaItem, ItemDecision, Meeting
from meetings.services import STEPS
from participants.models import Participant
from spending.models import (
    CostCategory,
    ExpenditureLine,
    Payment,
    ReportingDeadline,
    SpendingReport,
)
from tests.applications.factories import CallFactory, ChecklistTemplateFactory
from tests.factories import CaseFactory, DecisionFactory, EffortAreaFactory
from tests.meetings.factories import AgendaItemFactory, MeetingFactory, balanced_case
from tests.spending.factories import CostCategoryFactory, DeadlineFactory
from tests.test_permission_matrix import World, build_world

pytestmark = pytest.mark.django_db

# The words that name a destroying action in a URL's name.
DESTROYING_NAME = re.compile(r"delete|remove|withdraw|retire|publish|lock|erase")

State = Callable[[], object]


@dataclass(frozen=True)
class Destroying:
    """How to reach one destroying action in the matrix's world, and what it destroys.

    `target(world)` makes (or picks) the object and answers the URL's arguments and the state
    the action changes (whether the row exists, a meeting's status); `role` may act; `data` is
    what the confirmation's form posts besides its hidden fields.
    """

    target: Callable[[World], tuple[list[object], State]]
    role: str = "regional"
    data: Callable[[World], dict[str, str]] = field(default=lambda world: {})


def _exists(model: type[models.Model], pk: int) -> State:
    return lambda: model._default_manager.filter(pk=pk).exists()


def _world_row(
    model: type[models.Model], key: str
) -> Callable[[World], tuple[list[object], State]]:
    return lambda world: ([world.ids[key]], _exists(model, world.ids[key]))


def _attachment(world: World) -> tuple[list[object], State]:
    staff = world.users["regional"]
    assert isinstance(staff, User)
    attachment = attachment_add(
        case=CaseFactory.create(),
        title="Bilag",
        dated=None,
        upload=SimpleUploadedFile("bilag.pdf", b"%PDF-1.4\n%%EOF\n"),
        by=staff,
    )
    return [attachment.pk], _exists(CaseAttachment, attachment.pk)


def _draft_decision(world: World) -> tuple[list[object], State]:
    decision = DecisionFactory.create()
    return [decision.pk], _exists(GrantDecision, decision.pk)


def _retire(world: World) -> tuple[list[object], State]:
    pk = world.ids["effortarea"]
    return [pk], lambda: EffortArea.objects.get(pk=pk).retired


def _unused_area(world: World) -> tuple[list[object], State]:
    area = EffortAreaFactory.create(project_id=world.ids["project"])
    return [area.pk], _exists(EffortArea, area.pk)


def _unused_deadline(world: World) -> tuple[list[object], State]:
    deadline = DeadlineFactory.create(
        project_id=world.ids["project"],
        period_start=datetime.date(2021, 1, 1),
        period_end=datetime.date(2021, 6, 30),
        due_on=datetime.date(2021, 8, 31),
    )
    return [deadline.pk], _exists(ReportingDeadline, deadline.pk)


def _unused_category(world: World) -> tuple[list[object], State]:
    category = CostCategoryFactory.create(programme_id=world.ids["programme"], code="UNUSED")
    return [category.pk], _exists(CostCategory, category.pk)


def _meeting_in(status: str, *, decided_by: User | None = None) -> Meeting:
    meeting = MeetingFactory.create(status=status)
    item = AgendaItemFactory.create(meeting=meeting, case=balanced_case(), number=1, order=1)
    if decided_by is not None:
        ItemDecision.objects.create(
            item=item,
            outcome=ItemDecision.Outcome.NOTED,
            decided_on=meeting.date,
            recorded_by=decided_by,
        )
    return meeting


def _step(step: str, status: str) -> Callable[[World], tuple[list[object], State]]:
    def target(world: World) -> tuple[list[object], State]:
        staff = world.users["regional"]
        assert isinstance(staff, User)
        meeting = _meeting_in(status, decided_by=staff if step == "approve_minutes" else None)
        return [meeting.pk, step], lambda: Meeting.objects.get(pk=meeting.pk).status

    return target


def _planned_item(world: World) -> tuple[list[object], State]:
    item = _meeting_in(Meeting.Status.PLANNING).items.get()
    return [item.pk], _exists(AgendaItem, item.pk)


def _unused_call(world: World) -> tuple[list[object], State]:
    call = CallFactory.create(programme_id=world.ids["programme"], published=False)
    return [call.pk], _exists(Call, call.pk)


def _call_published(key: str) -> Callable[[World], tuple[list[object], State]]:
    def target(world: World) -> tuple[list[object], State]:
        pk = world.ids[key]
        return [pk], lambda: Call.objects.get(pk=pk).published

    return target


def _unused_checklist(world: World) -> tuple[list[object], State]:
    checklist = ChecklistTemplateFactory.create(programme_id=world.ids["programme"])
    return [checklist.pk], _exists(ChecklistTemplate, checklist.pk)


DESTROYING: dict[str, Destroying] = {
    "applications:call_publish": Destroying(_call_published("draft_call")),
    "applications:call_unpublish": Destroying(_call_published("call")),
    "applications:call_delete": Destroying(_unused_call),
    "applications:checklist_delete": Destroying(_unused_checklist),
    "applications:question_delete": Destroying(_world_row(ChecklistQuestion, "question")),
    "grants:decision_delete": Destroying(_draft_decision),
    "grants:attachment_delete": Destroying(_attachment),
    "grants:effortarea_retire": Destroying(_retire),
    "grants:effortarea_delete": Destroying(_unused_area),
    "grants:projectfundingsource_remove": Destroying(
        _world_row(ProjectFundingSource, "projectsource")
    ),
    "grants:breakdown_remove": Destroying(_world_row(TargetBreakdown, "breakdown")),
    "grants:fundingsource_delete": Destroying(_world_row(FundingSource, "fundingsource")),
    "grants:decisionbody_delete": Destroying(_world_row(DecisionBody, "decisionbody")),
    "spending:report_delete": Destroying(
        _world_row(SpendingReport, "spending_report"), role="member"
    ),
    "spending:line_delete": Destroying(_world_row(ExpenditureLine, "spending_line"), role="member"),
    "spending:payment_withdraw": Destroying(_world_row(Payment, "payment")),
    "spending:deadline_delete": Destroying(_unused_deadline),
    "spending:category_delete": Destroying(_unused_category),
    "meetings:item_remove": Destroying(_planned_item),
    "meetings:meeting_step#lock": Destroying(_step("lock", Meeting.Status.PLANNING)),
    "meetings:meeting_step#publish": Destroying(_step("publish", Meeting.Status.LOCKED)),
    "meetings:meeting_step#hold": Destroying(_step("hold", Meeting.Status.PUBLISHED)),
    "meetings:meeting_step#approve_minutes": Destroying(
        _step("approve_minutes", Meeting.Status.HELD)
    ),
    # A request's parts, removed by its applicant (tests/matrix/applications_requests.py).
    "applications:request_organisation_remove": Destroying(
        _world_row(RequestOrganisation, "request_organisation"), role="applicant"
    ),
    "applications:request_area_remove": Destroying(
        _world_row(RequestArea, "request_area"), role="applicant"
    ),
    "applications:attachment_delete": Destroying(
        _world_row(RequestAttachment, "request_attachment"), role="applicant"
    ),
    # The erasure's own page asks for the participant's reference to be typed, too.
    "participants:participant_erase": Destroying(
        _world_row(Participant, "participant"),
        role="member",
        data=lambda world: {
            "reference": Participant.objects.get(pk=world.ids["participant"]).reference
        },
    ),
}


def _url_name(key: str) -> str:
    return key.partition("#")[0]


def _patterns(
    patterns: list[URLPattern | URLResolver], namespace: str = ""
) -> Iterator[tuple[str, URLPattern]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or ""
            prefix = f"{namespace}:{inner}" if namespace and inner else (inner or namespace)
            yield from _patterns(pattern.url_patterns, prefix)
        elif pattern.name:
            yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), pattern


def _app_patterns() -> dict[str, URLPattern]:
    return {
        name: pattern
        for name, pattern in _patterns(get_resolver().url_patterns)
        if not name.startswith("admin:")
    }


def test_every_destroying_url_is_in_the_list_and_asks_first() -> None:
    patterns = _app_patterns()
    destroying = {
        name
        for name, pattern in patterns.items()
        if DESTROYING_NAME.search(name.partition(":")[2]) or is_destroying(pattern.callback)
    }
    listed = {_url_name(key) for key in DESTROYING}
    assert destroying == listed
    unmarked = [name for name in listed if not is_destroying(patterns[name].callback)]
    assert unmarked == [], "decorate the view with core.confirm.destroys"


def test_every_step_of_a_meeting_is_in_the_list() -> None:
    assert {f"meetings:meeting_step#{step}" for step in STEPS} <= DESTROYING.keys()


class _Forms(HTMLParser):
    """The forms of a page: method, action, whether they carry the CSRF token and a button."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, object]] = []
        self._open: dict[str, object] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "form":
            self._open = {
                "method": (values.get("method") or "get").lower(),
                "action": values.get("action") or "",
                "csrf": False,
                "buttons": [],
                "fields": {},
            }
            self.forms.append(self._open)
        elif self._open is not None and tag == "input":
            if values.get("name") == "csrfmiddlewaretoken":
                self._open["csrf"] = True
            elif values.get("type") == "hidden" and values.get("name"):
                fields = self._open["fields"]
                assert isinstance(fields, dict)
                fields[values["name"]] = values.get("value") or ""
        elif self._open is not None and tag == "button":
            buttons = self._open["buttons"]
            assert isinstance(buttons, list)
            buttons.append(values.get("data-testid"))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._open = None


def _client(world: World, role: str) -> Client:
    user = world.users[role]
    assert user is not None
    client = Client()
    client.force_login(user)
    return client


def _confirming_form(html: str, path: str) -> dict[str, object]:
    """The one form of the page that POSTs back to `path` (the language switch and the log-out
    button of every page aside)."""
    parser = _Forms()
    parser.feed(html)
    back = [
        form for form in parser.forms if form["method"] == "post" and form["action"] in ("", path)
    ]
    assert len(back) == 1, f"{path}: {parser.forms}"
    return back[0]


@pytest.mark.parametrize("key", sorted(DESTROYING))
def test_get_answers_a_confirmation_that_posts_back_and_changes_nothing(key: str) -> None:
    world = build_world()
    action = DESTROYING[key]
    args, state = action.target(world)
    url = reverse(_url_name(key), args=args)
    before = state()

    response = _client(world, action.role).get(url)

    assert response.status_code == 200
    form = _confirming_form(response.content.decode(), url)
    assert form["csrf"] is True
    assert form["buttons"], "the form has a button to confirm with"
    assert state() == before


@pytest.mark.parametrize("key", sorted(DESTROYING))
def test_only_the_post_of_the_confirmation_acts(key: str) -> None:
    world = build_world()
    action = DESTROYING[key]
    args, state = action.target(world)
    url = reverse(_url_name(key), args=args)
    client = _client(world, action.role)
    before = state()
    form = _confirming_form(client.get(url).content.decode(), url)
    fields = form["fields"]
    assert isinstance(fields, dict)

    response = client.post(url, {**fields, **action.data(world)})

    assert response.status_code == 302, response.content.decode()[:2000]
    assert state() != before
