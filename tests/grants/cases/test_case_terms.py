"""A decision's recommendation lines and disbursement schedule, entered on the case's editors:
saved whole or not at all, refused with a Danish message, checked by funding source."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from grants.cases.checks import case_findings, findings_report
from grants.cases.presentation import case_presentation
from grants.cases.services import disbursements_save, recommendations_save
from grants.models import (
    Case,
    Disbursement,
    FundingSource,
    GrantDecision,
    Organisation,
    Project,
    ProjectFundingSource,
    Recommendation,
)
from grants.services import decision_save_lines
from tests.factories import (
    CaseFactory,
    DecisionFactory,
    EffortAreaFactory,
    ForumMemberFactory,
    FundingSourceFactory,
    OrganisationFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db

MIO = 1_000_000


class World:
    """A decision of 2019–2020 on a case: 1 mio. kr. from REM and 2 mio. kr. from ESF."""

    def __init__(self) -> None:
        self.rem: FundingSource = FundingSourceFactory.create(name="REM")
        self.esf: FundingSource = FundingSourceFactory.create(name="ESF")
        self.decision: GrantDecision = DecisionFactory.create(first_year=2019, last_year=2020)
        self.project: Project = self.decision.project
        self.case: Case = CaseFactory.create(project=self.project)
        self.decision.cases.add(self.case)
        area = EffortAreaFactory.create(project=self.project)
        decision_save_lines(
            decision=self.decision,
            budget={(area.pk, 2019): 1_500_000, (area.pk, 2020): 1_500_000},
            financing={
                (self.rem.pk, 2019): 500_000,
                (self.rem.pk, 2020): 500_000,
                (self.esf.pk, 2019): 1 * MIO,
                (self.esf.pk, 2020): 1 * MIO,
            },
            by=StaffFactory.create(),
        )
        self.operator: Organisation = OrganisationFactory.create(name="Projektsekretariatet ApS")

    def url(self, name: str, decision: GrantDecision | None = None) -> str:
        return reverse(f"grants:case_{name}", args=[self.case.pk, (decision or self.decision).pk])


@pytest.fixture
def world() -> World:
    return World()


@pytest.fixture
def staff() -> User:
    user: User = StaffFactory.create()
    return user


@pytest.fixture
def client(staff: User) -> Client:
    client = Client()
    client.force_login(staff)
    return client


def formset(rows: list[dict[str, Any]], initial: int = 0) -> dict[str, Any]:
    """The POST of a formset of `rows` (prefix "rows"); the first `initial` are saved rows."""
    data: dict[str, Any] = {
        "rows-TOTAL_FORMS": str(len(rows)),
        "rows-INITIAL_FORMS": str(initial),
        "rows-MIN_NUM_FORMS": "0",
        "rows-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        data.update({f"rows-{i}-{key}": value for key, value in row.items()})
    return data


def line(
    source: FundingSource, amount: str, first: str = "2019", last: str = "2020", **more: Any
) -> dict[str, Any]:
    return {
        "funding_source": source.pk,
        "amount": amount,
        "first_year": first,
        "last_year": last,
        **more,
    }


def text(response: Any) -> str:
    return str(response.content.decode())


# Recommendation lines --------------------------------------------------------------------------


def test_staff_enter_recommendation_lines_and_the_case_page_shows_them(
    world: World, client: Client, staff: User
) -> None:
    response = client.post(
        world.url("recommendations"),
        formset(
            [
                line(world.rem, "1.000.000", recipient=world.operator.pk),
                line(world.esf, "2000000"),
                {},  # an unused row
            ]
        ),
    )

    assert response.status_code == 302
    assert response["Location"] == f"{world.case.get_absolute_url()}#terms-{world.decision.pk}"
    lines = list(world.decision.recommendations.order_by("pk"))
    assert [
        (r.funding_source, r.amount, r.first_year, r.last_year, r.recipient) for r in lines
    ] == [
        (world.rem, 1 * MIO, 2019, 2020, world.operator),
        (world.esf, 2 * MIO, 2019, 2020, None),
    ]
    assert all(r.history.latest().history_user == staff for r in lines)
    page = text(client.get(world.case.get_absolute_url()))
    assert "Indstillingerne er gemt." in page
    assert "Projektsekretariatet ApS" in page
    assert "3.000.000" in page  # the total of the lines


def test_staff_change_and_delete_recommendation_lines(world: World, client: Client) -> None:
    rem = Recommendation.objects.create(
        decision=world.decision, funding_source=world.rem, amount=1, first_year=2019, last_year=2020
    )
    esf = Recommendation.objects.create(
        decision=world.decision,
        funding_source=world.esf,
        amount=2 * MIO,
        first_year=2019,
        last_year=2020,
    )
    form = text(client.get(world.url("recommendations")))
    assert 'value="2.000.000"' in form

    response = client.post(
        world.url("recommendations"),
        formset(
            [
                {**line(world.rem, "1.000.000"), "id": rem.pk, "order": "0"},
                {**line(world.esf, "2.000.000"), "id": esf.pk, "order": "1", "DELETE": "on"},
            ],
            initial=2,
        ),
    )

    assert response.status_code == 302
    assert list(world.decision.recommendations.values_list("amount", flat=True)) == [1 * MIO]
    assert esf.history.latest().history_type == "-"


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"amount": "-5"}, "“-5” er negativt: beløbet kan ikke være under 0 kr."),
        ({"amount": "0"}, "Et beløb på 0 kr. siger ingenting"),
        ({"amount": "1.5"}, "“1.5” er ikke et beløb i hele kroner"),
        ({"amount": ""}, "Angiv beløbet."),
        ({"first_year": "2018"}, "Årene skal ligge inden for bevillingens periode, 2019–2020."),
        ({"last_year": "2021"}, "Årene skal ligge inden for bevillingens periode, 2019–2020."),
        ({"first_year": "2020", "last_year": "2019"}, "Sidste år kan ikke ligge før første år."),
        ({"first_year": "tyve"}, "Indtast et heltal."),
        ({"funding_source": ""}, "Dette felt er påkrævet."),
        ({"funding_source": "999999"}, "Marker en gyldig valgmulighed."),
        ({"recipient": "abc"}, "Marker en gyldig valgmulighed."),
    ],
)
def test_bad_recommendation_lines_are_refused_and_nothing_is_saved(
    world: World, client: Client, row: dict[str, str], message: str
) -> None:
    response = client.post(
        world.url("recommendations"),
        formset([line(world.esf, "2.000.000"), {**line(world.rem, "1.000.000"), **row}]),
    )
    assert response.status_code == 200
    assert message in text(response)
    assert "Intet blev gemt" in text(response)
    assert not Recommendation.objects.exists()


def test_two_lines_saying_the_same_are_refused(world: World, client: Client) -> None:
    response = client.post(
        world.url("recommendations"),
        formset([line(world.rem, "500.000"), line(world.rem, "500.000")]),
    )
    assert response.status_code == 200
    assert "Bevillingen har allerede en indstilling fra denne finansieringskilde" in text(response)
    assert not Recommendation.objects.exists()
    # Two lines of one source to two recipients are two lines (they add up).
    response = client.post(
        world.url("recommendations"),
        formset(
            [line(world.rem, "500.000"), line(world.rem, "500.000", recipient=world.operator.pk)]
        ),
    )
    assert response.status_code == 302
    assert Recommendation.objects.count() == 2


def test_the_service_refuses_a_line_outside_the_period_and_keeps_the_others(
    world: World, staff: User
) -> None:
    kept = Recommendation(funding_source=world.rem, amount=1 * MIO, first_year=2019, last_year=2020)
    wrong = Recommendation(
        funding_source=world.esf, amount=2 * MIO, first_year=2019, last_year=2022
    )
    with pytest.raises(ValidationError) as refusal:
        recommendations_save(decision=world.decision, changed=[kept, wrong], removed=[], by=staff)
    assert refusal.value.message_dict == {
        "last_year": ["Årene skal ligge inden for bevillingens periode, 2019–2020."]
    }
    assert not Recommendation.objects.exists()


def test_an_unchanged_line_from_before_is_kept_as_it_is(world: World, client: Client) -> None:
    # The seed's papers recommend past the decision's period; such a line stays until changed.
    old = Recommendation.objects.create(
        decision=world.decision,
        funding_source=world.rem,
        amount=1 * MIO,
        first_year=2018,
        last_year=2020,
    )
    response = client.post(
        world.url("recommendations"),
        formset(
            [
                {**line(world.rem, "1.000.000", first="2018"), "id": old.pk, "order": "0"},
                line(world.esf, "2.000.000"),
            ],
            initial=1,
        ),
    )
    assert response.status_code == 302
    assert Recommendation.objects.count() == 2


def test_only_the_projects_sources_are_offered_once_it_has_chosen_them(
    world: World, client: Client
) -> None:
    ProjectFundingSource.objects.create(project=world.project, funding_source=world.esf, order=0)
    form = text(client.get(world.url("recommendations")))
    assert f'<option value="{world.esf.pk}">ESF</option>' in form
    assert f'<option value="{world.rem.pk}">REM</option>' not in form
    response = client.post(world.url("recommendations"), formset([line(world.rem, "1.000.000")]))
    assert response.status_code == 200
    assert "Marker en gyldig valgmulighed." in text(response)


# The disbursement schedule ---------------------------------------------------------------------


def row(year: str, amount: str, source: FundingSource | None = None, **more: Any) -> dict[str, Any]:
    return {"year": year, "amount": amount, "funding_source": source.pk if source else "", **more}


def test_staff_enter_a_schedule_for_the_recommendations_as_a_whole(
    world: World, client: Client, staff: User
) -> None:
    response = client.post(
        world.url("disbursements"),
        formset([row("2019", "1.500.000"), row("2020", "1.500.000"), {}]),
    )
    assert response.status_code == 302
    rows = list(Disbursement.objects.order_by("year"))
    assert [(r.year, r.amount, r.funding_source) for r in rows] == [
        (2019, 1_500_000, None),
        (2020, 1_500_000, None),
    ]
    assert rows[0].history.latest().history_user == staff
    page = text(client.get(world.case.get_absolute_url()))
    assert "Udmøntningen er gemt." in page
    assert "Indstillingerne samlet" in page


def test_staff_enter_a_schedule_for_one_source(world: World, client: Client) -> None:
    response = client.post(
        world.url("disbursements"),
        formset([row("2019", "1.000.000", world.esf), row("2020", "1.000.000", world.esf)]),
    )
    assert response.status_code == 302
    assert set(Disbursement.objects.values_list("funding_source", flat=True)) == {world.esf.pk}


def test_staff_change_and_delete_schedule_rows(world: World, client: Client) -> None:
    first = Disbursement.objects.create(decision=world.decision, year=2019, amount=1)
    second = Disbursement.objects.create(decision=world.decision, year=2020, amount=2)
    response = client.post(
        world.url("disbursements"),
        formset(
            [
                {**row("2019", "3.000.000"), "id": first.pk},
                {**row("2020", "2"), "id": second.pk, "DELETE": "on"},
            ],
            initial=2,
        ),
    )
    assert response.status_code == 302
    assert list(Disbursement.objects.values_list("year", "amount")) == [(2019, 3 * MIO)]


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([row("2019", "-1")], "“-1” er negativt: beløbet kan ikke være under 0 kr."),
        ([row("2019", "0")], "Et beløb på 0 kr. siger ingenting"),
        ([row("2021", "1.000")], "Årene skal ligge inden for bevillingens periode, 2019–2020."),
        ([row("1066", "1.000")], "Denne værdi skal være større end eller lig"),
        ([row("", "1.000")], "Dette felt er påkrævet."),
        (
            [row("2019", "1.000"), row("2019", "2.000")],
            "Udmøntningen udbetaler allerede et beløb det år.",
        ),
        (
            "same source",
            "Udmøntningen udbetaler allerede et beløb fra den finansieringskilde det år.",
        ),
        ("mixed", "Angiv en finansieringskilde på alle udmøntningens rækker eller på ingen"),
    ],
)
def test_bad_schedule_rows_are_refused_and_nothing_is_saved(
    world: World, client: Client, rows: Any, message: str
) -> None:
    if rows == "same source":
        rows = [row("2019", "1.000", world.esf), row("2019", "2.000", world.esf)]
    elif rows == "mixed":
        rows = [row("2019", "1.000", world.esf), row("2020", "2.000")]
    response = client.post(world.url("disbursements"), formset([row("2020", "5.000"), *rows]))
    assert response.status_code == 200
    assert message in text(response)
    assert not Disbursement.objects.exists()


def test_a_year_of_the_whole_and_of_a_source_is_refused_only_as_a_mixed_schedule(
    world: World, staff: User
) -> None:
    # Each source a row a year: 2019 of REM and 2019 of ESF are two rows.
    disbursements_save(
        decision=world.decision,
        changed=[
            Disbursement(year=2019, amount=1 * MIO, funding_source=world.rem),
            Disbursement(year=2019, amount=2 * MIO, funding_source=world.esf),
        ],
        removed=[],
        by=staff,
    )
    with pytest.raises(ValidationError) as refusal:
        disbursements_save(
            decision=world.decision,
            changed=[Disbursement(year=2020, amount=1 * MIO)],
            removed=[],
            by=staff,
        )
    assert "Angiv en finansieringskilde på alle udmøntningens rækker" in refusal.value.messages[0]
    assert Disbursement.objects.count() == 2


def test_the_database_keeps_one_row_a_year_for_the_whole_schedule(
    world: World, staff: User
) -> None:
    Disbursement.objects.create(decision=world.decision, year=2019, amount=1)
    with pytest.raises(ValidationError) as refusal:
        disbursements_save(
            decision=world.decision,
            changed=[Disbursement(year=2019, amount=2)],
            removed=[],
            by=staff,
        )
    assert "Udmøntningen udbetaler allerede et beløb det år." in refusal.value.messages


# Who may edit, and which decisions -------------------------------------------------------------


@pytest.mark.parametrize("editor", ["recommendations", "disbursements"])
def test_a_decision_the_case_does_not_present_is_404(
    world: World, client: Client, editor: str
) -> None:
    same_project = DecisionFactory.create(project=world.project)
    other_project = DecisionFactory.create()
    assert client.get(world.url(editor, same_project)).status_code == 404
    assert client.get(world.url(editor, other_project)).status_code == 404
    assert client.post(world.url(editor, other_project), formset([])).status_code == 404


@pytest.mark.parametrize("editor", ["recommendations", "disbursements"])
def test_the_forum_reads_the_terms_but_may_not_edit_them(world: World, editor: str) -> None:
    forum = Client()
    forum.force_login(ForumMemberFactory.create())
    page = text(forum.get(world.case.get_absolute_url()))
    assert world.url(editor) not in page
    assert forum.get(world.url(editor)).status_code == 403


def test_a_missing_management_form_is_refused_with_a_message(world: World, client: Client) -> None:
    response = client.post(world.url("disbursements"), {"rows-0-year": "2019"})
    assert response.status_code == 200
    assert "Intet blev gemt" in text(response)
    assert not Disbursement.objects.exists()


# The disbursement check by source, from the database -------------------------------------------


def test_a_schedule_for_one_source_is_checked_against_that_source_only(
    world: World, client: Client
) -> None:
    for source, amount in ((world.rem, "1.000.000"), (world.esf, "2.000.000")):
        client.post(world.url("recommendations"), formset([line(source, amount)]))
    client.post(
        world.url("disbursements"),
        formset([row("2019", "1.000.000", world.esf), row("2020", "1.000.000", world.esf)]),
    )
    assert case_findings(world.case) == []

    esf = Recommendation.objects.get(funding_source=world.esf)
    client.post(
        world.url("recommendations"),
        formset([{**line(world.esf, "2.500.000"), "id": esf.pk, "order": "0"}], initial=1),
    )

    keys = sorted(f.key for f in case_findings(world.case))
    assert keys == [
        f"amount:decision-{world.decision.pk}:source-{world.esf.pk}",
        f"disbursement-total:decision-{world.decision.pk}:source-{world.esf.pk}",
    ]
    item = next(
        i for i in findings_report(world.case).items if i.finding.key.startswith("disbursement")
    )
    assert (item.first_figure, item.second_figure) == ("2 mio. kr.", "2,5 mio. kr.")
    assert item.message == (
        "Udmøntningen af ESF udbetaler i alt 2 mio. kr., men indstillingerne fra ESF bevilger i "
        "alt 2,5 mio. kr."
    )


# Each finding links to where it is fixed -------------------------------------------------------


def test_every_finding_of_the_seed_links_to_pages_staff_can_open(seed: Project) -> None:
    staff = Client()
    staff.force_login(StaffFactory.create())
    case = Case.objects.get(project=seed)
    items = findings_report(case).items
    assert items
    page = text(staff.get(case.get_absolute_url()))
    for item in items:
        assert item.fixes, item.finding.key
        for fix in item.fixes:
            assert f'href="{fix.url}"' in page
            assert staff.get(fix.url).status_code == 200, fix.url


def test_each_kind_of_finding_links_to_its_two_places(world: World, client: Client) -> None:
    decision = world.decision.pk
    recommendations = world.url("recommendations")
    disbursements = world.url("disbursements")
    grid = reverse("grants:decision_budget", args=[decision])
    Recommendation.objects.create(
        decision=world.decision,
        funding_source=world.esf,
        amount=3 * MIO,
        first_year=2019,
        last_year=2020,
    )
    Disbursement.objects.create(decision=world.decision, year=2019, amount=1 * MIO)
    fixes = {
        item.finding.kind: [f.url for f in item.fixes] for item in findings_report(world.case).items
    }
    assert fixes == {
        "amount": [recommendations, grid],
        "disbursement-total": [disbursements, recommendations],
        "disbursement-years": [disbursements, grid],
        "disbursement-period": [disbursements, recommendations],
    }
    page = text(client.get(world.case.get_absolute_url()))
    assert "Ret indstillingerne" in page
    assert "Ret udmøntningen" in page
    assert "Ret budget og finansiering" in page
    for url in {u for urls in fixes.values() for u in urls}:
        assert client.get(url).status_code == 200


def test_the_forum_sees_the_findings_without_links_to_editors(world: World) -> None:
    Recommendation.objects.create(
        decision=world.decision,
        funding_source=world.esf,
        amount=3 * MIO,
        first_year=2019,
        last_year=2020,
    )
    forum = Client()
    forum.force_login(ForumMemberFactory.create())
    page = text(forum.get(world.case.get_absolute_url()))
    assert 'data-testid="open-findings"' in page
    assert 'data-testid="finding-fix"' not in page


# Query counts ----------------------------------------------------------------------------------


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _add_lines(world: World, decision: GrantDecision, n: int) -> None:
    for i in range(n):
        Recommendation.objects.create(
            decision=decision,
            funding_source=(world.rem, world.esf)[i % 2],
            amount=100_000 + i,
            first_year=2019,
            last_year=2020,
            recipient=world.operator,
        )
        Disbursement.objects.create(
            decision=decision,
            year=2019 + i % 2,
            amount=1_000 + i,
            funding_source=FundingSourceFactory.create(),
        )


def test_the_case_page_reads_the_terms_in_a_fixed_number_of_queries(
    world: World, client: Client
) -> None:
    url = world.case.get_absolute_url()
    _add_lines(world, world.decision, 1)
    few = _queries(client, url)
    second = DecisionFactory.create(project=world.project, first_year=2019, last_year=2020)
    second.cases.add(world.case)
    _add_lines(world, world.decision, 5)
    _add_lines(world, second, 6)
    assert _queries(client, url) == few


@pytest.mark.parametrize("editor", ["recommendations", "disbursements"])
def test_the_editors_read_in_a_fixed_number_of_queries(
    world: World, client: Client, editor: str
) -> None:
    _add_lines(world, world.decision, 1)
    few = _queries(client, world.url(editor))
    _add_lines(world, world.decision, 8)
    assert _queries(client, world.url(editor)) == few


def test_the_presentation_words_each_sources_schedule(world: World, staff: User) -> None:
    FundingSource.objects.filter(pk=world.esf.pk).update(
        recommendation_phrase="Socialfondsmidlerne"
    )
    disbursements_save(
        decision=world.decision,
        changed=[
            Disbursement(year=2019, amount=1 * MIO, funding_source=world.esf),
            Disbursement(year=2020, amount=1 * MIO, funding_source=world.esf),
            Disbursement(year=2019, amount=1 * MIO, funding_source=world.rem),
        ],
        removed=[],
        by=staff,
    )
    (recommendation,) = case_presentation(world.case).recommendations
    assert recommendation.disbursement == (
        "Bevillingen af REM udmøntes med 1 mio. kr. i 2019. "
        "Bevillingen af Socialfondsmidlerne udmøntes med 1 mio. kr. i 2019 og 1 mio. kr. i 2020"
    )
