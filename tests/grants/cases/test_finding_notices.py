"""A consistency finding that someone else's change opens on a case is mailed to the project's
case officer, in their language, once for as long as it stays open; the case officer's own
change tells nobody, and nobody but the ones who follow the project hears of it."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User

from grants.cases.checks import finding_acknowledge, open_findings
from grants.cases.finding_notices import FINDING_OPENED
from grants.cases.services import case_create, case_set_decisions, recommendations_save
from grants.models import Case, FundingSource, GrantDecision, Recommendation
from grants.services import decision_save_lines
from notifications.models import MailSettings, Notification
from tests.factories import (
    ApplicantFactory,
    CaseFactory,
    DecisionFactory,
    EffortAreaFactory,
    FundingSourceFactory,
    MembershipFactory,
    SecretariatFactory,
    StaffFactory,
)
from tests.jobs.helpers import run_queued_jobs
from tests.smtp import text_of

pytestmark = pytest.mark.django_db

MIO = 1_000_000


class World:
    """A case presenting one decision of 2019–2020 whose table holds 1 mio. kr. from REM, with
    no recommendation yet (so no finding); the project's case officer, its secretariat, another
    staff member and an applicant."""

    def __init__(self) -> None:
        self.rem: FundingSource = FundingSourceFactory.create(name="REM")
        self.decision: GrantDecision = DecisionFactory.create(
            first_year=2019, last_year=2020, title="Bevilling 2019"
        )
        self.project = self.decision.project
        self.case: Case = CaseFactory.create(project=self.project, title="Sag om vækst")
        self.decision.cases.add(self.case)
        self.area = EffortAreaFactory.create(project=self.project)
        self.officer: User = StaffFactory.create()
        self.project.case_officer = self.officer
        self.project.save()
        self.colleague: User = StaffFactory.create()
        self.secretariat: User = SecretariatFactory.create()
        MembershipFactory.create(user=self.secretariat, project=self.project)
        self.applicant: User = ApplicantFactory.create()
        self.grid(500_000, by=self.officer)

    def grid(self, amount: int, *, by: User, decision: GrantDecision | None = None) -> None:
        decision_save_lines(
            decision=decision or self.decision,
            budget={(self.area.pk, 2019): amount, (self.area.pk, 2020): amount},
            financing={(self.rem.pk, 2019): amount, (self.rem.pk, 2020): amount},
            by=by,
        )

    def recommend(self, amount: int, *, by: User) -> None:
        """Make the one REM recommendation `amount` (1 mio. kr. agrees with the table)."""
        line = Recommendation.objects.filter(decision=self.decision).first() or Recommendation(
            funding_source=self.rem, first_year=2019, last_year=2020
        )
        line.amount = amount
        recommendations_save(decision=self.decision, changed=[line], removed=[], by=by)

    def told(self) -> list[tuple[int, str]]:
        return list(
            Notification.objects.filter(event=FINDING_OPENED)
            .order_by("pk")
            .values_list("recipient_id", "key")
        )


@pytest.fixture
def world() -> World:
    return World()


def _subject(message: Any) -> str:
    return " ".join(str(message["Subject"]).split())


def _sent(capture: Any, write: Any) -> None:
    with capture(execute=True):
        write()
    run_queued_jobs()


def test_a_finding_someone_else_opens_is_mailed_to_the_case_officer_in_danish(
    world: World, smtp: Any, django_capture_on_commit_callbacks: Any
) -> None:
    _sent(django_capture_on_commit_callbacks, lambda: world.recommend(2 * MIO, by=world.colleague))
    assert [f.kind for f in open_findings(world.case)] == ["amount"]
    assert smtp.addresses() == [world.officer.email]
    (message,) = smtp.to(world.officer.email)
    assert "Sag om vækst: nyt konsistensfund i Bevilling 2019" in _subject(message)
    (told,) = Notification.objects.filter(event=FINDING_OPENED)
    assert (told.url, told.target_id) == (world.case.get_absolute_url(), world.case.pk)


def test_an_english_case_officer_reads_it_in_english(
    world: World, smtp: Any, django_capture_on_commit_callbacks: Any
) -> None:
    MailSettings.objects.create(user=world.officer, language="en")
    _sent(django_capture_on_commit_callbacks, lambda: world.recommend(2 * MIO, by=world.colleague))
    (message,) = smtp.to(world.officer.email)
    assert "Sag om vækst: new consistency finding in Bevilling 2019" in _subject(message)
    assert "Dear" in text_of(message)


def test_the_case_officers_own_change_tells_nobody(
    world: World, smtp: Any, django_capture_on_commit_callbacks: Any
) -> None:
    _sent(django_capture_on_commit_callbacks, lambda: world.recommend(2 * MIO, by=world.officer))
    assert open_findings(world.case)
    assert world.told() == []
    assert smtp.messages == []


def test_a_finding_that_stays_open_is_told_once_and_once_more_when_it_opens_again(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        world.recommend(2 * MIO, by=world.colleague)
        world.recommend(3 * MIO, by=world.colleague)  # other figures, the same finding
        world.grid(600_000, by=world.colleague)  # still open
    assert len(world.told()) == 1
    with django_capture_on_commit_callbacks(execute=True):
        world.recommend(1_200_000, by=world.colleague)  # resolved: the table holds 1.2 mio.
        assert open_findings(world.case) == []
        world.recommend(2 * MIO, by=world.colleague)  # open again
    assert len(world.told()) == 2
    assert len({key for _, key in world.told()}) == 2


def test_an_acknowledged_finding_whose_figures_change_is_told_again(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        world.recommend(2 * MIO, by=world.colleague)
        (finding,) = open_findings(world.case)
        finding_acknowledge(case=world.case, key=finding.key, by=world.officer)
        world.recommend(2 * MIO, by=world.colleague)  # the same figures: still acknowledged
        assert len(world.told()) == 1
        world.recommend(3 * MIO, by=world.colleague)  # new figures: open again
    assert len(world.told()) == 2


def test_a_grid_save_that_unbalances_a_year_tells_the_case_officer(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        decision_save_lines(
            decision=world.decision,
            budget={(world.area.pk, 2019): 700_000},
            financing={},
            by=world.colleague,
        )
    assert [recipient for recipient, _ in world.told()] == [world.officer.pk]
    assert "balance" in world.told()[0][1]


def test_a_case_given_a_decision_with_a_finding_tells_the_case_officer(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    other = DecisionFactory.create(project=world.project, first_year=2019, last_year=2020)
    world.grid(300_000, by=world.colleague, decision=other)
    Recommendation.objects.create(
        decision=other, funding_source=world.rem, amount=MIO, first_year=2019, last_year=2020
    )
    assert world.told() == []  # no case presents it yet
    with django_capture_on_commit_callbacks(execute=True):
        case_set_decisions(case=world.case, decisions=[world.decision, other], by=world.colleague)
    assert [recipient for recipient, _ in world.told()] == [world.officer.pk]
    with django_capture_on_commit_callbacks(execute=True):
        new = case_create(
            project=world.project, case=Case(title="Ny sag"), decisions=[other], by=world.colleague
        )
    assert Notification.objects.filter(event=FINDING_OPENED, target_id=new.pk).count() == 1


def test_without_a_case_officer_the_regional_staff_hear_of_it_but_the_rest_do_not(
    world: World, smtp: Any, django_capture_on_commit_callbacks: Any
) -> None:
    world.project.case_officer = None
    world.project.save()
    writer = StaffFactory.create()
    _sent(django_capture_on_commit_callbacks, lambda: world.recommend(2 * MIO, by=writer))
    assert smtp.addresses() == sorted([world.officer.email, world.colleague.email])
    assert not smtp.to(world.secretariat.email)
    assert not smtp.to(world.applicant.email)
    assert not smtp.to(writer.email)
