"""The consistency check read from the database: the seed case's findings, a fixed number of
queries, and acknowledging a finding."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.contrib.messages import get_messages
from django.contrib.messages.constants import ERROR, SUCCESS
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.roles import ADMINISTRATOR, FORUM_MEMBER
from grants.cases.checks import (
    case_findings,
    figure_text,
    finding_acknowledge,
    finding_message,
    findings_report,
    open_findings,
)
from grants.cases.consistency import Figure, Kind, Place, figures_fingerprint
from grants.cases.pdf import case_html
from grants.cases.presentation import case_presentation
from grants.models import (
    Case,
    Disbursement,
    FindingAcknowledgement,
    FundingSource,
    GrantDecision,
    Project,
    Recommendation,
)
from grants.services import decision_save_lines
from tests.factories import (
    CaseFactory,
    DecisionFactory,
    EffortAreaFactory,
    FundingSourceFactory,
    ProjectFactory,
    SecretariatFactory,
    StaffFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

MIO = 1_000_000


def _seed_parts(seed: Project) -> tuple[Case, GrantDecision, GrantDecision, dict[str, int]]:
    case = Case.objects.get(project=seed)
    top_up = seed.decisions.get(kind=GrantDecision.Kind.TOP_UP)
    extension = seed.decisions.get(kind=GrantDecision.Kind.EXTENSION)
    sources = {
        "rem": FundingSource.objects.get(name="Region Midtjylland REM midler").pk,
        "esf": FundingSource.objects.get(name="EU's Socialfond").pk,
    }
    return case, top_up, extension, sources


# The seed case ---------------------------------------------------------------------------------


def test_seed_top_up_disburses_4_mio_against_3_mio_recommended(seed: Project) -> None:
    case, top_up, _extension, _sources = _seed_parts(seed)
    by_key = {f.key: f for f in case_findings(case)}
    finding = by_key[f"disbursement-total:decision-{top_up.pk}"]
    assert finding.first == Figure(Place.DISBURSEMENT, amount=4 * MIO)
    assert finding.second == Figure(Place.RECOMMENDATION, amount=3 * MIO)
    assert (figure_text(finding.first), figure_text(finding.second)) == ("4 mio. kr.", "3 mio. kr.")


def test_seed_top_up_is_recommended_for_2017_2019_but_the_table_uses_2017_2018(
    seed: Project,
) -> None:
    case, top_up, _extension, sources = _seed_parts(seed)
    by_key = {f.key: f for f in case_findings(case)}
    for source in ("rem", "esf"):
        finding = by_key[f"period:decision-{top_up.pk}:source-{sources[source]}"]
        assert finding.first == Figure(Place.RECOMMENDATION, first_year=2017, last_year=2019)
        assert finding.second == Figure(Place.TABLE, first_year=2017, last_year=2018)
        assert figure_text(finding.first) == "2017–2019"
        assert figure_text(finding.second) == "2017–2018"
    disbursed = by_key[f"disbursement-years:decision-{top_up.pk}"]
    assert (figure_text(disbursed.first), figure_text(disbursed.second)) == (
        "2017–2019",
        "2017–2018",
    )


def test_seed_extension_is_recommended_and_disbursed_over_2018_2020_but_the_table_uses_2019_2020(
    seed: Project,
) -> None:
    case, _top_up, extension, sources = _seed_parts(seed)
    by_key = {f.key: f for f in case_findings(case)}
    for source in ("rem", "esf"):
        finding = by_key[f"period:decision-{extension.pk}:source-{sources[source]}"]
        assert (finding.first.first_year, finding.first.last_year) == (2018, 2020)
        assert (finding.second.first_year, finding.second.last_year) == (2019, 2020)
    disbursed = by_key[f"disbursement-years:decision-{extension.pk}"]
    assert disbursed.first == Figure(Place.DISBURSEMENT, first_year=2018, last_year=2020)
    assert disbursed.second == Figure(Place.TABLE, first_year=2019, last_year=2020)


def test_seed_amounts_match_the_financing_and_every_year_balances(seed: Project) -> None:
    case, top_up, extension, sources = _seed_parts(seed)
    findings = case_findings(case)
    assert not [f for f in findings if f.kind in (Kind.AMOUNT, Kind.BALANCE)]
    # Exactly the seven disagreements of the case paper, nothing more.
    assert sorted(f.key for f in findings) == sorted(
        [
            *(f"period:decision-{top_up.pk}:source-{s}" for s in sources.values()),
            f"disbursement-total:decision-{top_up.pk}",
            f"disbursement-years:decision-{top_up.pk}",
            *(f"period:decision-{extension.pk}:source-{s}" for s in sources.values()),
            f"disbursement-years:decision-{extension.pk}",
        ]
    )


def test_every_finding_has_a_message_naming_both_figures(seed: Project) -> None:
    case, *_ = _seed_parts(seed)
    for finding in case_findings(case):
        message = finding_message(finding)
        assert figure_text(finding.first) in message
        assert figure_text(finding.second) in message


# Acknowledging ---------------------------------------------------------------------------------


def test_an_acknowledged_finding_is_no_longer_open_and_keeps_who_and_when(seed: Project) -> None:
    case, top_up, *_ = _seed_parts(seed)
    staff = StaffFactory.create()
    key = f"disbursement-total:decision-{top_up.pk}"
    assert key in {f.key for f in open_findings(case)}

    finding_acknowledge(case=case, key=key, by=staff, note="  Rounded in the paper.  ")

    assert key not in {f.key for f in open_findings(case)}
    assert len(open_findings(case)) == len(case_findings(case)) - 1
    ack = FindingAcknowledgement.objects.get(case=case, key=key)
    assert ack.acknowledged_by == staff
    assert ack.acknowledged_at is not None
    assert ack.note == "Rounded in the paper."
    report = findings_report(case)
    assert [item.finding.key for item in report.acknowledged] == [key]
    assert report.is_draft


def test_a_case_is_no_draft_once_every_finding_is_acknowledged(seed: Project) -> None:
    case, *_ = _seed_parts(seed)
    staff = StaffFactory.create()
    for finding in case_findings(case):
        finding_acknowledge(case=case, key=finding.key, by=staff)
    assert open_findings(case) == []
    assert not findings_report(case).is_draft


def test_an_acknowledgement_of_a_resolved_finding_is_not_shown(seed: Project) -> None:
    case, top_up, *_ = _seed_parts(seed)
    key = f"disbursement-total:decision-{top_up.pk}"
    finding_acknowledge(case=case, key=key, by=StaffFactory.create())
    Disbursement.objects.filter(decision=top_up, year=2018).update(amount=1 * MIO)
    report = findings_report(case)
    assert key not in {item.finding.key for item in report.items}


# An acknowledgement holds for the figures it was given for -------------------------------------


def _recommend(decision: GrantDecision, source_id: int, amount: int) -> None:
    Recommendation.objects.filter(decision=decision, funding_source_id=source_id).update(
        amount=amount
    )


def _item(case: Case, key: str) -> Any:
    return next(item for item in findings_report(case).items if item.finding.key == key)


def test_an_acknowledged_amount_is_open_again_once_its_figures_change(seed: Project) -> None:
    case, top_up, _extension, sources = _seed_parts(seed)
    key = f"amount:decision-{top_up.pk}:source-{sources['rem']}"
    _recommend(top_up, sources["rem"], 1_350_000)
    finding_acknowledge(case=case, key=key, by=StaffFactory.create(), note="Rounded.")
    assert key not in {f.key for f in open_findings(case)}
    assert _item(case, key).acknowledgement is not None
    acknowledged_at_first = {f.key for f in case_findings(case)} - {
        f.key for f in open_findings(case)
    }
    assert acknowledged_at_first == {key}

    _recommend(top_up, sources["rem"], 1_400_000)

    assert key in {f.key for f in open_findings(case)}
    item = _item(case, key)
    assert item.acknowledgement is None
    assert item.first_figure == "1,4 mio. kr."
    assert item.earlier is not None and item.earlier.note == "Rounded."
    report = findings_report(case)
    assert key in {i.finding.key for i in report.open}
    assert key not in {i.finding.key for i in report.acknowledged}
    assert report.is_draft
    # The PDF says draft, and why, as long as the new figures are not acknowledged.
    presentation = case_presentation(case)
    assert presentation.is_draft
    assert presentation.open_findings == len(case_findings(case))
    assert 'data-testid="draft-banner"' in case_html(presentation)


def test_an_acknowledgement_holds_when_other_things_change(seed: Project) -> None:
    case, top_up, _extension, sources = _seed_parts(seed)
    key = f"disbursement-total:decision-{top_up.pk}"
    finding_acknowledge(case=case, key=key, by=StaffFactory.create())
    open_before = {f.key for f in open_findings(case)}

    case.summary = "Et nyt resumé."
    case.text = "## Baggrund\n\nNy tekst."
    case.save()
    GrantDecision.objects.filter(pk=top_up.pk).update(title="Omdøbt bevilling")
    FundingSource.objects.filter(pk=sources["rem"]).update(name="Omdøbt kilde")
    # Money moves between two years of the schedule: its total, this finding's figure, stays.
    Disbursement.objects.filter(decision=top_up, year=2017).update(amount=2 * MIO)
    Disbursement.objects.filter(decision=top_up, year=2018).update(amount=1 * MIO)

    assert {f.key for f in open_findings(case)} == open_before
    assert key not in open_before
    item = _item(case, key)
    assert item.acknowledgement is not None
    assert item.finding.decision_title == "Omdøbt bevilling"


def test_a_finding_reopened_by_new_figures_is_acknowledged_anew_and_the_old_one_kept(
    seed: Project,
) -> None:
    case, top_up, _extension, sources = _seed_parts(seed)
    key = f"amount:decision-{top_up.pk}:source-{sources['rem']}"
    _recommend(top_up, sources["rem"], 1_350_000)
    first = finding_acknowledge(case=case, key=key, by=StaffFactory.create(), note="first")
    _recommend(top_up, sources["rem"], 1_400_000)

    second = finding_acknowledge(case=case, key=key, by=StaffFactory.create(), note="second")

    assert first.fingerprint != second.fingerprint
    assert second.fingerprint == _item(case, key).finding.fingerprint
    assert list(
        FindingAcknowledgement.objects.filter(key=key).order_by("pk").values_list("note", flat=True)
    ) == ["first", "second"]
    assert _item(case, key).acknowledgement == second
    assert key not in {f.key for f in open_findings(case)}
    # Back to the figures acknowledged first: the first acknowledgement holds for them.
    _recommend(top_up, sources["rem"], 1_350_000)
    assert _item(case, key).acknowledgement == first


def test_an_acknowledgement_stored_without_its_figures_holds_for_none(seed: Project) -> None:
    case, top_up, *_ = _seed_parts(seed)
    key = f"disbursement-total:decision-{top_up.pk}"
    FindingAcknowledgement.objects.create(case=case, key=key, acknowledged_by=StaffFactory.create())

    assert key in {f.key for f in open_findings(case)}
    item = _item(case, key)
    assert item.acknowledgement is None and item.earlier is not None
    assert findings_report(case).is_draft


def test_figures_changed_since_the_page_was_shown_are_not_acknowledged(
    staff_client: Client, seed: Project
) -> None:
    case, top_up, _extension, sources = _seed_parts(seed)
    key = f"amount:decision-{top_up.pk}:source-{sources['rem']}"
    _recommend(top_up, sources["rem"], 1_350_000)
    shown = _form(case, key)
    _recommend(top_up, sources["rem"], 1_400_000)

    for data in (shown, {"key": key}):
        response = staff_client.post(_url(case), data)
        assert response.status_code == 302
        assert _messages(response)[-1] == (
            ERROR,
            "Fundets tal er ændret, siden siden blev vist. Se dem igen, før du kvitterer for "
            "fundet.",
        )
    assert not FindingAcknowledgement.objects.exists()
    assert staff_client.post(_url(case), _form(case, key)).status_code == 302
    assert FindingAcknowledgement.objects.get().fingerprint == _form(case, key)["fingerprint"]


def _url(case: Case) -> str:
    return reverse("grants:finding_acknowledge", args=[case.pk])


def _messages(response: Any) -> list[tuple[int, str]]:
    return [(m.level, str(m)) for m in get_messages(response.wsgi_request)]


def _form(case: Case, key: str, **fields: str) -> dict[str, str]:
    """The acknowledge form as the case page posts it: the key and the figures shown."""
    fingerprint = next(f.fingerprint for f in case_findings(case) if f.key == key)
    return {"key": key, "fingerprint": fingerprint, **fields}


def test_anonymous_visitor_is_sent_to_login(client: Client, seed: Project) -> None:
    case, top_up, *_ = _seed_parts(seed)
    response = client.post(_url(case), {"key": f"disbursement-total:decision-{top_up.pk}"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not FindingAcknowledgement.objects.exists()


def test_secretariat_may_not_acknowledge(secretariat_client: Client, seed: Project) -> None:
    case, top_up, *_ = _seed_parts(seed)
    response = secretariat_client.post(
        _url(case), {"key": f"disbursement-total:decision-{top_up.pk}"}
    )
    assert response.status_code == 403
    assert not FindingAcknowledgement.objects.exists()


def test_staff_acknowledges_a_finding_and_returns_to_the_case(
    staff_client: Client, seed: Project
) -> None:
    case, top_up, *_ = _seed_parts(seed)
    key = f"disbursement-total:decision-{top_up.pk}"
    response = staff_client.post(_url(case), _form(case, key, note="Known: 1.0 + 2 + 1."))
    assert response.status_code == 302
    assert response["Location"] == case.get_absolute_url()
    assert [level for level, _text in _messages(response)] == [SUCCESS]
    ack = FindingAcknowledgement.objects.get()
    assert (ack.case, ack.key, ack.note) == (case, key, "Known: 1.0 + 2 + 1.")
    assert ack.acknowledged_by == response.wsgi_request.user
    page = staff_client.get(case.get_absolute_url())
    assert page.status_code == 200


def test_acknowledging_is_post_only(staff_client: Client, seed: Project) -> None:
    case, *_ = _seed_parts(seed)
    assert staff_client.get(_url(case)).status_code == 405


def test_unknown_key_is_refused_with_a_message(staff_client: Client, seed: Project) -> None:
    case, *_ = _seed_parts(seed)
    for key in ("", "disbursement-total:decision-999999", "amount:decision-1:source-1"):
        response = staff_client.post(_url(case), {"key": key})
        assert response.status_code == 302
        assert response["Location"] == case.get_absolute_url()
        # Messages pile up until a page shows them; each of these is an error.
        assert {level for level, _text in _messages(response)} == {ERROR}
    assert not FindingAcknowledgement.objects.exists()


def test_a_finding_of_another_case_is_unknown(staff_client: Client, seed: Project) -> None:
    _case, top_up, *_ = _seed_parts(seed)
    other = CaseFactory.create(project=seed)
    response = staff_client.post(_url(other), {"key": f"disbursement-total:decision-{top_up.pk}"})
    assert [level for level, _text in _messages(response)] == [ERROR]
    assert not FindingAcknowledgement.objects.exists()


def test_a_finding_is_acknowledged_once(staff_client: Client, seed: Project) -> None:
    case, top_up, *_ = _seed_parts(seed)
    key = f"disbursement-total:decision-{top_up.pk}"
    staff_client.post(_url(case), _form(case, key, note="first"))
    response = staff_client.post(_url(case), _form(case, key, note="second"))
    assert [level for level, _text in _messages(response)] == [SUCCESS, ERROR]
    assert list(FindingAcknowledgement.objects.values_list("note", flat=True)) == ["first"]


def test_too_long_a_note_is_refused(staff_client: Client, seed: Project) -> None:
    case, top_up, *_ = _seed_parts(seed)
    key = f"disbursement-total:decision-{top_up.pk}"
    response = staff_client.post(_url(case), _form(case, key, note="x" * 1001))
    assert [level for level, _text in _messages(response)] == [ERROR]
    assert not FindingAcknowledgement.objects.exists()


def test_forum_member_reads_the_case_but_may_not_acknowledge(client: Client, seed: Project) -> None:
    case, top_up, *_ = _seed_parts(seed)
    client.force_login(UserFactory.create(role=FORUM_MEMBER))
    assert client.get(case.get_absolute_url()).status_code == 200
    response = client.post(_url(case), {"key": f"disbursement-total:decision-{top_up.pk}"})
    assert response.status_code == 403
    assert not FindingAcknowledgement.objects.exists()


def test_administrator_may_acknowledge(client: Client, seed: Project) -> None:
    case, top_up, *_ = _seed_parts(seed)
    user = UserFactory.create(role=ADMINISTRATOR)
    client.force_login(user)
    response = client.post(_url(case), _form(case, f"disbursement-total:decision-{top_up.pk}"))
    assert response.status_code == 302
    assert FindingAcknowledgement.objects.get().acknowledged_by == user


def test_unknown_case_is_404(staff_client: Client, seed: Project) -> None:
    assert staff_client.post(reverse("grants:finding_acknowledge", args=[999999])).status_code == (
        404
    )


# The list on the case page ---------------------------------------------------------------------


def _render(case: Case, user: User) -> str:
    request = RequestFactory().get(case.get_absolute_url())
    request.user = user
    return render_to_string(
        "grants/_case_findings.html",
        {"case": case, "findings": findings_report(case)},
        request=request,
    )


def test_findings_list_shows_both_figures_and_an_acknowledge_form_for_staff(
    seed: Project,
) -> None:
    case, top_up, *_ = _seed_parts(seed)
    html = _render(case, StaffFactory.create())
    assert 'data-testid="open-findings"' in html
    assert f'data-key="disbursement-total:decision-{top_up.pk}"' in html
    assert "4 mio. kr." in html and "3 mio. kr." in html
    assert "2017–2019" in html and "2017–2018" in html
    assert html.count(f'action="{_url(case)}"') == len(case_findings(case))
    assert 'name="note"' in html and "<label" in html


def test_findings_list_has_no_acknowledge_form_for_the_secretariat(seed: Project) -> None:
    case, *_ = _seed_parts(seed)
    html = _render(case, SecretariatFactory.create())
    assert 'data-testid="open-findings"' in html
    assert _url(case) not in html


def test_acknowledged_findings_show_who_and_the_note(seed: Project) -> None:
    case, top_up, *_ = _seed_parts(seed)
    staff = StaffFactory.create(username="karen", first_name="Karen", last_name="Elsgaard")
    key = f"disbursement-total:decision-{top_up.pk}"
    finding_acknowledge(case=case, key=key, by=staff, note="Known difference")
    html = _render(case, staff)
    acknowledged = html.split('data-testid="acknowledged-findings"')[1]
    assert f'data-key="{key}"' in acknowledged
    assert "Karen Elsgaard" in acknowledged and "Known difference" in acknowledged


def test_the_acknowledge_form_posts_the_figures_shown(seed: Project) -> None:
    case, *_ = _seed_parts(seed)
    html = _render(case, StaffFactory.create())
    for finding in case_findings(case):
        assert f'name="fingerprint" value="{finding.fingerprint}"' in html


def test_a_finding_acknowledged_for_other_figures_is_listed_as_open_with_a_note(
    seed: Project,
) -> None:
    case, top_up, _extension, sources = _seed_parts(seed)
    staff = StaffFactory.create(username="karen", first_name="Karen", last_name="Elsgaard")
    key = f"amount:decision-{top_up.pk}:source-{sources['rem']}"
    _recommend(top_up, sources["rem"], 1_350_000)
    finding_acknowledge(case=case, key=key, by=staff, note="Afrundet")
    _recommend(top_up, sources["rem"], 1_400_000)

    html = _render(case, staff)

    open_list = html.split('data-testid="open-findings"')[1].split("</ul>")[0]
    finding = open_list.split(f'data-key="{key}"')[1].split("</li>")[0]
    assert "1,4 mio. kr." in finding
    assert "Kvitteret tidligere for andre tal af Karen Elsgaard" in finding
    assert "Afrundet" in finding
    assert 'data-testid="acknowledged-findings"' not in html


def test_a_consistent_case_says_so(seed: Project) -> None:
    case = CaseFactory.create(project=seed)
    html = _render(case, StaffFactory.create())
    assert 'data-testid="no-findings"' in html
    assert 'data-testid="open-findings"' not in html


# Queries ---------------------------------------------------------------------------------------


def _grow(project: Project, case: Case, decisions: int) -> None:
    """Add decisions with full grids, recommendations and schedules (all inconsistent)."""
    areas = [EffortAreaFactory.create(project=project) for _ in range(3)]
    sources = [FundingSourceFactory.create() for _ in range(2)]
    years = (2019, 2020, 2021)
    for _ in range(decisions):
        decision = DecisionFactory.create(project=project, first_year=2019, last_year=2021)
        decision_save_lines(
            decision=decision,
            budget={(a.pk, y): 100 for a in areas for y in years},
            financing={(s.pk, y): 140 for s in sources for y in years},
            by=StaffFactory.create(),
        )
        Recommendation.objects.bulk_create(
            Recommendation(
                decision=decision, funding_source=s, amount=500, first_year=2018, last_year=2021
            )
            for s in sources
        )
        Disbursement.objects.bulk_create(
            Disbursement(decision=decision, year=y, amount=300) for y in (2018, *years)
        )
        FindingAcknowledgement.objects.create(
            case=case,
            key=f"disbursement-total:decision-{decision.pk}",
            # 4 x 300 kr. disbursed against 2 x 500 kr. recommended.
            fingerprint=figures_fingerprint(
                Kind.DISBURSEMENT_TOTAL,
                Figure(Place.DISBURSEMENT, amount=1200),
                Figure(Place.RECOMMENDATION, amount=1000),
            ),
            acknowledged_by=StaffFactory.create(),
        )
        case.decisions.add(decision)


def _count(case: Case) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        report = findings_report(Case.objects.get(pk=case.pk))
        assert report.acknowledged
        for item in report.acknowledged:
            assert item.acknowledgement is not None
            str(item.acknowledgement.acknowledged_by)
    with CaptureQueriesContext(connection) as open_queries:
        open_findings(Case.objects.get(pk=case.pk))
    return len(queries), len(open_queries)


def test_query_count_is_fixed_however_many_decisions_and_lines() -> None:
    project = ProjectFactory.create()
    case = CaseFactory.create(project=project)
    _grow(project, case, decisions=2)
    small = _count(case)
    small_findings = len(case_findings(case))

    _grow(project, case, decisions=8)
    large = _count(case)

    assert len(case_findings(case)) == 5 * small_findings > 0
    assert small == large
    # The case, its decisions, 3 kinds of lines, recommendations, disbursements, acknowledgements.
    assert large[0] <= 8
