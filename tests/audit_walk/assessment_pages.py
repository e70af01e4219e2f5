"""Scenarios of the staff's assessment of a request: every action names the staff member."""

from __future__ import annotations

from django.urls import reverse

from applications.models import ChecklistAnswer, Request, RequestMessage
from tests.audit_walk.harness import Walk, scenario

STAFF = "regional"


def _url(name: str, w: Walk, key: str = "assessed_request") -> str:
    return reverse(f"applications:{name}", args=[w.ids[key]])


@scenario(actor=STAFF, posts=["applications:assess_assign"], writes=["applications.Request"])
def request_assigned(w: Walk) -> None:
    w.post(_url("assess_assign", w), {"officer": w.actor.pk})
    assert Request.objects.get(pk=w.ids["assessed_request"]).case_officer == w.actor


@scenario(
    actor=STAFF, posts=["applications:assess_checklist"], writes=["applications.ChecklistAnswer"]
)
def checklist_answered(w: Walk) -> None:
    question = w.ids["checklist_question"]
    url = _url("assess_checklist", w, "checked_request")
    w.post(url, {f"answer_{question}": "no", f"note_{question}": "Mangler budget"})
    assert ChecklistAnswer.objects.get(question_id=question).answer == "no"


@scenario(
    actor=STAFF, posts=["applications:assess_comment"], writes=["applications.RequestMessage"]
)
def request_commented(w: Walk) -> None:
    w.post(_url("assess_comment", w), {"text": "Intern note"})
    assert RequestMessage.objects.filter(kind="comment", text="Intern note").exists()


@scenario(
    actor=STAFF,
    posts=["applications:assess_ask"],
    writes=["applications.Request", "applications.RequestMessage"],
)
def request_asked(w: Walk) -> None:
    w.post(_url("assess_ask", w), {"questions": "Hvor mange deltagere?"})
    assert Request.objects.get(pk=w.ids["assessed_request"]).status == "more_info"


@scenario(actor=STAFF, posts=["applications:assess_reject"], writes=["applications.Request"])
def request_rejected(w: Walk) -> None:
    w.act(_url("assess_reject", w), {"reason": "Uden for formålet."})
    assert Request.objects.get(pk=w.ids["assessed_request"]).status == "rejected"


@scenario(
    actor=STAFF,
    posts=["applications:assess_accept"],
    writes=[
        "applications.Request",
        "grants.GrantDecision",
        "grants.BudgetLine",
        "grants.FinancingLine",
        "grants.Case",
        "grants.DecisionCase",
        "grants.Recommendation",
        "grants.Disbursement",
    ],
)
def request_accepted(w: Walk) -> None:
    w.act(_url("assess_accept", w), {"target": "new"})
    accepted = Request.objects.get(pk=w.ids["assessed_request"])
    assert accepted.status == "accepted" and accepted.decision is not None
