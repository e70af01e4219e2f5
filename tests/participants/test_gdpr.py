"""GDPR: who looked at whose record, the data subject's export, and erasure."""

from __future__ import annotations

import datetime
import json
import re
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from accounts.roles import ADMINISTRATOR, FORUM_MEMBER
from participants.models import (
    RECENT_ACCESSES,
    Category,
    OnboardingCourse,
    Participant,
    ParticipantAccess,
)
from participants.services import log_participant_access
from tests.factories import CourseFactory, MembershipFactory, SecretariatFactory, UserFactory
from tests.participants.world import World, build_world, client_for, grant

pytestmark = pytest.mark.django_db

VIEWED = ParticipantAccess.Action.VIEWED
EXPORTED = ParticipantAccess.Action.EXPORTED


@pytest.fixture
def world() -> World:
    """The shared world, everyone cleared for special-category data: the role decides here."""
    world = build_world()
    for user in (world.secretary, world.other_secretary, world.staff, world.nobody):
        grant(user, "view_special_categories")
    return world


def detail_url(participant: Participant) -> str:
    return reverse("participants:participant_detail", args=[participant.pk])


def export_url(participant: Participant) -> str:
    return reverse("participants:participant_export_personal_data", args=[participant.pk])


def erase_url(participant: Participant) -> str:
    return reverse("participants:participant_erase", args=[participant.pk])


def administrator() -> User:
    return grant(
        UserFactory.create(username="admin", role=ADMINISTRATOR), "view_special_categories"
    )


def category(kind: str, index: int = 0) -> Category:
    return Category.objects.filter(kind=kind).order_by("order", "pk")[index]


# --- Who looked at whose record ----------------------------------------------------------


class TestAccessLog:
    def test_each_view_of_a_record_is_logged_with_who_when_and_what(self, world: World) -> None:
        client = client_for(world.secretary)
        client.get(detail_url(world.participant))
        client.get(detail_url(world.participant))

        entries = list(ParticipantAccess.objects.order_by("pk"))
        assert len(entries) == 2
        for entry in entries:
            assert entry.participant == world.participant
            assert entry.project == world.project
            assert entry.user == world.secretary
            assert entry.username == "sekretaer"
            assert entry.action == VIEWED
            assert entry.at is not None

    def test_a_refused_or_missing_record_is_not_logged(self, world: World) -> None:
        assert (
            client_for(world.other_secretary).get(detail_url(world.participant)).status_code == 404
        )
        assert client_for(world.staff).get(detail_url(world.participant)).status_code == 403
        assert not ParticipantAccess.objects.exists()

    def test_the_record_shows_who_saw_it_newest_first(self, world: World) -> None:
        client_for(administrator()).get(detail_url(world.participant))
        response = client_for(world.secretary).get(detail_url(world.participant))

        rows = _seen_by_rows(response.content.decode())
        assert [row[0] for row in rows] == ["sekretaer", "admin"]

    def test_the_record_lists_only_the_latest_accesses(self, world: World) -> None:
        for _ in range(RECENT_ACCESSES + 3):
            log_participant_access(
                user=world.secretary, participant=world.participant, action=VIEWED
            )
        response = client_for(world.secretary).get(detail_url(world.participant))
        assert len(_seen_by_rows(response.content.decode())) == RECENT_ACCESSES

    def test_the_log_keeps_the_user_name_when_the_account_goes(self, world: World) -> None:
        reader = UserFactory.create(username="vikar", role="secretariat")
        entry = log_participant_access(user=reader, participant=world.participant, action=VIEWED)
        reader.delete()
        entry.refresh_from_db()
        assert entry.user is None
        assert entry.username == "vikar"


def _seen_by_rows(html: str) -> list[list[str]]:
    """The cells of the "seen by" table's rows."""
    table = html.split('data-testid="seen-by"', 1)[1].split("</table>", 1)[0]
    body = table.split("<tbody>", 1)[1]
    return [
        [
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        ]
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


# --- The data subject's export -----------------------------------------------------------


def _export(client: Client, participant: Participant) -> dict[str, Any]:
    response = client.get(export_url(participant))
    assert response.status_code == 200
    data: dict[str, Any] = json.loads(response.content.decode("utf-8"))
    return data


class TestExport:
    @pytest.fixture
    def described(self, world: World) -> Participant:
        """The world's participant with every kind of field filled in, and changed once."""
        p = world.participant
        p.foreign_background = True
        p.disability = False
        p.other_disadvantage = None
        p.employment_status = category(Category.Kind.EMPLOYMENT_STATUS)
        p.education = category(Category.Kind.EDUCATION)
        p.save()
        p.target_groups.set([category(Category.Kind.TARGET_GROUP)])
        p.results_on_leaving.set([category(Category.Kind.RESULT_ON_LEAVING)])
        p.results_six_months.set([category(Category.Kind.RESULT_SIX_MONTHS)])
        p._history_user = world.secretary  # type: ignore[attr-defined]
        p.birth_year = 1985
        p.save()
        course = world.course
        course.end_date = datetime.date(2019, 6, 1)
        course.outcome = OnboardingCourse.Outcome.FLEX_JOB
        course.outcome_date = datetime.date(2019, 6, 1)
        course.mentor = True
        course._history_user = world.secretary  # type: ignore[attr-defined]
        course.save()
        return p

    def test_the_export_holds_every_field_of_the_participant(
        self, world: World, described: Participant
    ) -> None:
        data = _export(client_for(world.secretary), described)

        fields = data["participant"]
        opts = Participant._meta
        every_field = {f.name for f in [*opts.concrete_fields, *opts.many_to_many]}
        assert set(fields) == every_field
        assert fields["reference"]["value"] == "RI-0001"
        assert fields["birth_year"]["value"] == 1985
        assert fields["gender"]["code"] == "female"
        assert fields["municipality"]["value"] == described.municipality.name
        assert fields["project"]["value"] == "Rummelig test"
        assert fields["employment_status"]["code"] == described.employment_status.code  # type: ignore[union-attr]
        target_group = category(Category.Kind.TARGET_GROUP)
        assert fields["target_groups"]["code"] == [target_group.code]
        assert fields["target_groups"]["value"] == [str(target_group)]
        # Special categories are the person's own data: they are in their export.
        assert fields["foreign_background"]["value"] is True
        assert fields["disability"]["value"] is False
        assert fields["other_disadvantage"]["value"] is None
        assert all(field["label"] for field in fields.values())

    def test_the_export_lists_the_courses(self, world: World, described: Participant) -> None:
        second = CourseFactory.create(participant=described, start_date=datetime.date(2019, 8, 1))
        data = _export(client_for(world.secretary), described)

        courses = data["courses"]
        assert [c["id"]["value"] for c in courses] == [world.course.pk, second.pk]
        first = courses[0]
        assert first["company"]["value"] == "Tømrer Jensen ApS"
        assert first["start_date"]["value"] == "2019-03-01"
        assert first["end_date"]["value"] == "2019-06-01"
        assert first["mentor"]["value"] is True
        assert first["outcome"]["code"] == "flex_job"
        assert first["outcome_date"]["value"] == "2019-06-01"

    def test_the_export_holds_the_history_of_the_participant_and_the_courses(
        self, world: World, described: Participant
    ) -> None:
        data = _export(client_for(world.secretary), described)

        versions = data["history"]["participant"]
        assert versions[0]["type"]["code"] == "created"
        assert versions[0]["changes"]["reference"]["after"]["value"] == "RI-0001"
        last = versions[-1]
        assert last["by"] == "sekretaer"
        assert last["changes"] == {
            "birth_year": {
                "label": last["changes"]["birth_year"]["label"],
                "before": {"value": 1990},
                "after": {"value": 1985},
            }
        }
        # The categories' history is there too: the version that set the target groups.
        assert any("target_groups" in v["changes"] for v in versions)

        course_versions = data["history"]["courses"]
        assert {v["id"] for v in course_versions} == {world.course.pk}
        outcome = course_versions[-1]
        assert outcome["by"] == "sekretaer"
        assert outcome["changes"]["outcome"]["after"]["code"] == "flex_job"

    def test_the_export_is_logged_and_lists_the_access_log(
        self, world: World, described: Participant
    ) -> None:
        client = client_for(world.secretary)
        client.get(detail_url(described))
        data = _export(client, described)

        assert [(e["by"], e["action"]["code"]) for e in data["access_log"]] == [
            ("sekretaer", "viewed"),
            ("sekretaer", "exported"),
        ]
        assert ParticipantAccess.objects.filter(participant=described, action=EXPORTED).count() == 1

    def test_the_export_is_a_json_file_named_by_the_reference(self, world: World) -> None:
        response = client_for(world.secretary).get(export_url(world.participant))
        assert response["Content-Type"] == "application/json; charset=utf-8"
        assert 'filename="personoplysninger-ri-0001-' in response["Content-Disposition"]
        assert response["Content-Disposition"].startswith("attachment;")
        assert {"no-store", "private"} <= {p.strip() for p in response["Cache-Control"].split(",")}
        # Danish letters as they are, not escaped.
        assert "Tømrer Jensen ApS" in response.content.decode("utf-8")

    def test_the_record_links_to_the_export_and_the_erasure(self, world: World) -> None:
        html = client_for(world.secretary).get(detail_url(world.participant)).content.decode()
        assert export_url(world.participant) in html
        assert erase_url(world.participant) in html


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("secretary", 200),
        ("administrator", 200),
        ("other_secretary", 404),
        ("staff", 403),
        ("forum_member", 403),
        ("nobody", 403),
    ],
)
def test_who_may_export_a_participants_data(world: World, who: str, status: int) -> None:
    user = _user(world, who)
    response = client_for(user).get(export_url(world.participant))
    assert response.status_code == status
    assert ParticipantAccess.objects.filter(action=EXPORTED).exists() == (status == 200)


def test_the_export_needs_clearance_for_special_categories_as_it_holds_them(
    world: World,
) -> None:
    uncleared = SecretariatFactory.create()
    MembershipFactory.create(user=uncleared, project=world.project)
    assert client_for(uncleared).get(export_url(world.participant)).status_code == 403
    assert not ParticipantAccess.objects.filter(action=EXPORTED).exists()
    cleared = grant(uncleared, "view_special_categories")
    assert client_for(cleared).get(export_url(world.participant)).status_code == 200


def test_anonymous_visitor_is_sent_to_login_from_export_and_erasure(
    client: Client, world: World
) -> None:
    for url in (export_url(world.participant), erase_url(world.participant)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    response = client.post(erase_url(world.participant), {"reference": "RI-0001"})
    assert response.status_code == 302
    assert Participant.objects.filter(pk=world.participant.pk).exists()


def _user(world: World, who: str) -> User:
    if who == "administrator":
        return administrator()
    if who == "forum_member":
        return UserFactory.create(username="forum", role=FORUM_MEMBER)
    user: User = getattr(world, who)
    return user


def test_unknown_participants_are_404_for_export_and_erasure(world: World) -> None:
    client = client_for(world.secretary)
    unknown = Participant(pk=999_999)
    assert client.get(export_url(unknown)).status_code == 404
    assert client.get(erase_url(unknown)).status_code == 404
    assert client.post(erase_url(unknown), {"reference": "RI-0001"}).status_code == 404
    assert Participant.objects.count() == 2
