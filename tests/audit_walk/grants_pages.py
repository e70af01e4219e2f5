"""Scenarios of the grant pages: decisions, their budget grid, status and history, and cases
with their decisions, terms, references and attachments. The region's staff write them."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from demo.grants import vaekstforum
from grants.history.queries import decision_history
from grants.history.replay import versions
from grants.models import (
    BudgetLine,
    Case,
    CaseAttachment,
    CaseReference,
    DecisionCase,
    Disbursement,
    FinancingLine,
    FindingAcknowledgement,
    GrantDecision,
    ProjectFundingSource,
    Recommendation,
)
from grants.services import decision_save_lines, decision_set_status
from tests.audit_walk.harness import Walk, scenario
from tests.factories import (
    DecisionFactory,
    EffortAreaFactory,
    FundingSourceFactory,
    StaffFactory,
)
from tests.meetings.factories import unbalanced_case

STAFF = "regional"


def _decision(w: Walk) -> GrantDecision:
    return GrantDecision.objects.get(pk=w.ids["decision"])


def _source_id(w: Walk) -> int:
    return ProjectFundingSource.objects.get(pk=w.ids["projectsource"]).funding_source_id


@scenario(actor=STAFF, posts=["grants:decision_create"], writes=["grants.GrantDecision"])
def decision_created(w: Walk) -> None:
    url = reverse("grants:decision_create", args=[w.ids["project"]])
    data = w.form(url)
    data.update(title="Tillægsbevilling", kind="top_up", deciding_body=str(vaekstforum().pk))
    data.update(first_year="2021", last_year="2022")
    w.post(url, data)
    assert GrantDecision.objects.filter(project_id=w.ids["project"], title="Tillægsbevilling")


@scenario(actor=STAFF, posts=["grants:decision_update"], writes=["grants.GrantDecision"])
def decision_changed(w: Walk) -> None:
    url = reverse("grants:decision_update", args=[w.ids["decision"]])
    data = w.form(url)
    data["title"] = "Oprindelig bevilling"
    w.post(url, data)
    assert _decision(w).title == "Oprindelig bevilling"


@scenario(
    actor=STAFF,
    posts=["grants:decision_budget"],
    writes=["grants.GrantDecision", "grants.BudgetLine", "grants.FinancingLine"],
)
def budget_entered(w: Walk) -> None:
    url = reverse("grants:decision_budget", args=[w.ids["decision"]])
    data = w.form(url)
    data[f"b_{w.ids['effortarea']}_2019"] = "180.000"
    data[f"f_{_source_id(w)}_2019"] = "180.000"
    w.post(url, data)
    budget = BudgetLine.objects.get(decision_id=w.ids["decision"], year=2019)
    financing = FinancingLine.objects.get(decision_id=w.ids["decision"], year=2019)
    assert (budget.amount, financing.amount) == (180_000, 180_000)


@scenario(actor=STAFF, posts=["grants:decision_status"], writes=["grants.GrantDecision"])
def decision_recommended(w: Walk) -> None:
    decision = _decision(w)
    url = reverse("grants:decision_status", args=[decision.pk])
    w.act(url, {"status": "recommended", "version": str(decision.version)})
    assert _decision(w).status == GrantDecision.Status.RECOMMENDED


def _draft(w: Walk) -> None:
    w.ids["draft"] = DecisionFactory.create(project_id=w.ids["project"], title="Fejl").pk


@scenario(
    actor=STAFF, posts=["grants:decision_delete"], writes=["grants.GrantDecision"], given=_draft
)
def decision_deleted(w: Walk) -> None:
    w.act(reverse("grants:decision_delete", args=[w.ids["draft"]]))
    assert not GrantDecision.objects.filter(pk=w.ids["draft"]).exists()


def _two_versions(w: Walk) -> None:
    """The decision's figures saved by two others, one after the other: two more versions."""
    decision = _decision(w)
    cell = (w.ids["effortarea"], 2019)
    for amount, by in ((100_000, w.user("administrator")), (250_000, StaffFactory.create())):
        decision = decision_save_lines(
            decision=decision, budget={cell: amount}, financing={}, by=by
        )
    w.ids["version"] = len(versions(decision_history(decision)))


@scenario(
    actor=STAFF,
    posts=["grants:decision_restore"],
    writes=["grants.GrantDecision", "grants.BudgetLine"],
    given=_two_versions,
)
def decision_restored(w: Walk) -> None:
    number = w.ids["version"] - 1
    url = reverse("grants:decision_restore", args=[w.ids["decision"], number])
    w.post(url, w.form(url))
    assert BudgetLine.objects.get(decision_id=w.ids["decision"], year=2019).amount == 100_000


@scenario(
    actor=STAFF,
    posts=["grants:case_create"],
    writes=["grants.Case", "grants.DecisionCase"],
)
def case_created(w: Walk) -> None:
    url = reverse("grants:case_create", args=[w.ids["project"]])
    data = w.form(url)
    data.update(title="Indstilling om tillæg", decisions=[str(w.ids["decision"])])
    w.post(url, data)
    case = Case.objects.get(title="Indstilling om tillæg")
    assert list(case.decisions.values_list("pk", flat=True)) == [w.ids["decision"]]


@scenario(
    actor=STAFF,
    posts=["grants:case_edit"],
    writes=["grants.Case", "grants.CaseReference"],
)
def case_edited(w: Walk) -> None:
    url = reverse("grants:case_edit", args=[w.ids["case"]])
    data = w.form(url)
    data["summary"] = "Projektet søger om forlængelse."
    data.update(
        {"references-0-title": "Ansøgning", "references-0-url": "https://example.dk/ansøgning"}
    )
    w.post(url, data)
    assert Case.objects.get(pk=w.ids["case"]).summary == "Projektet søger om forlængelse."
    assert CaseReference.objects.filter(case_id=w.ids["case"], title="Ansøgning").exists()


def _second_decision(w: Walk) -> None:
    w.ids["second_decision"] = DecisionFactory.create(project_id=w.ids["project"]).pk


@scenario(
    actor=STAFF,
    posts=["grants:case_decisions"],
    writes=["grants.DecisionCase"],
    given=_second_decision,
)
def case_decisions_chosen(w: Walk) -> None:
    url = reverse("grants:case_decisions", args=[w.ids["case"]])
    data = w.form(url)
    data["decisions"] = [str(w.ids["decision"]), str(w.ids["second_decision"])]
    w.post(url, data)
    linked = DecisionCase.objects.filter(case_id=w.ids["case"]).values_list("grantdecision_id")
    assert {pk for (pk,) in linked} == {w.ids["decision"], w.ids["second_decision"]}


@scenario(actor=STAFF, posts=["grants:case_recommendations"], writes=["grants.Recommendation"])
def recommendations_entered(w: Walk) -> None:
    url = reverse("grants:case_recommendations", args=[w.ids["case"], w.ids["decision"]])
    data = w.form(url)
    data.update(
        {
            "rows-0-funding_source": str(_source_id(w)),
            "rows-0-amount": "150.000",
            "rows-0-first_year": "2019",
            "rows-0-last_year": "2020",
        }
    )
    w.post(url, data)
    assert Recommendation.objects.get(decision_id=w.ids["decision"]).amount == 150_000


@scenario(actor=STAFF, posts=["grants:case_disbursements"], writes=["grants.Disbursement"])
def disbursements_entered(w: Walk) -> None:
    url = reverse("grants:case_disbursements", args=[w.ids["case"], w.ids["decision"]])
    data = w.form(url)
    data.update({"rows-0-year": "2019", "rows-0-amount": "75.000"})
    w.post(url, data)
    assert Disbursement.objects.get(decision_id=w.ids["decision"]).amount == 75_000


@scenario(actor=STAFF, posts=["grants:attachment_upload"], writes=["grants.CaseAttachment"])
def attachment_uploaded(w: Walk) -> None:
    url = reverse("grants:attachment_upload", args=[w.ids["case"]])
    data = w.form(url)
    data.update(title="Budget", file=SimpleUploadedFile("budget.pdf", b"%PDF-1.4\n%%EOF\n"))
    w.post(url, data)
    assert CaseAttachment.objects.filter(case_id=w.ids["case"], title="Budget").exists()


@scenario(actor=STAFF, posts=["grants:attachment_delete"], writes=["grants.CaseAttachment"])
def attachment_deleted(w: Walk) -> None:
    w.act(reverse("grants:attachment_delete", args=[w.ids["attachment"]]))
    assert not CaseAttachment.objects.filter(pk=w.ids["attachment"]).exists()


def _finding(w: Walk) -> None:
    """A case whose recommendation asks for more than its table holds: one finding."""
    w.ids["finding_case"] = unbalanced_case(title="Uoverensstemmelse").pk


@scenario(
    actor=STAFF,
    posts=["grants:finding_acknowledge"],
    # An acknowledgement is its own record of who acknowledged what, when: no history.
    writes=[],
    given=_finding,
)
def finding_acknowledged(w: Walk) -> None:
    case = Case.objects.get(pk=w.ids["finding_case"])
    url = reverse("grants:finding_acknowledge", args=[case.pk])
    data = w.form(case.get_absolute_url(), url)
    data["note"] = "Forskellen er aftalt med projektet"
    w.post(url, data)
    acknowledgement = FindingAcknowledgement.objects.get(case=case)
    assert acknowledgement.acknowledged_by == w.actor


def _approved(w: Walk) -> None:
    decision = DecisionFactory.create(first_year=2019, last_year=2019)
    area = EffortAreaFactory.create(project=decision.project)
    source = FundingSourceFactory.create()
    clerk = w.user("regional")
    decision_save_lines(
        decision=decision,
        budget={(area.pk, 2019): 700_000},
        financing={(source.pk, 2019): 700_000},
        by=clerk,
    )
    decision_set_status(decision=decision, status=GrantDecision.Status.APPROVED, by=clerk)
    w.ids["approved_decision"] = decision.pk


@scenario(
    actor="administrator",
    posts=["grants:decision_reopen"],
    writes=["grants.GrantDecision"],
    given=_approved,
)
def decision_reopened(w: Walk) -> None:
    url = reverse("grants:decision_reopen", args=[w.ids["approved_decision"]])
    data = w.form(url)
    data["reason"] = "Vækstforum rettede beløbet på mødet"
    w.post(url, data)
    decision = GrantDecision.objects.get(pk=w.ids["approved_decision"])
    assert decision.status == GrantDecision.Status.DRAFT
