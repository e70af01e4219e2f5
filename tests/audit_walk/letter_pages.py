"""Scenarios of the grant letter: staff write a letter and set the conditions it states; the
admin walks the conditions and deletes a letter (it never adds or changes one)."""

from __future__ import annotations

from django.urls import reverse

from applications.models import DecisionConditions, GrantLetter, ProgrammeConditions
from tests.audit_walk.admin_walk import ADMIN_CASES, AdminCase, _get, _model_walk
from tests.audit_walk.harness import ADMIN, Walk, scenario
from tests.factories import DecisionFactory, ProgrammeFactory

STAFF = "regional"


@scenario(actor=STAFF, posts=["applications:letter_write"], writes=["applications.GrantLetter"])
def staff_write_a_grant_letter(w: Walk) -> None:
    decision = w.ids["letter_decision"]
    w.post(reverse("applications:letter_write", args=[decision]))
    assert GrantLetter.objects.filter(decision_id=decision, number=2).exists()


@scenario(
    actor=STAFF,
    posts=["applications:decision_conditions"],
    writes=["applications.DecisionConditions"],
)
def staff_set_the_decisions_conditions(w: Walk) -> None:
    decision = w.ids["letter_decision"]
    url = reverse("applications:decision_conditions", args=[decision])
    w.post(url, {**w.form(url), "text": "Nye vilkår."})
    assert DecisionConditions.objects.get(decision_id=decision).text == "Nye vilkår."


@scenario(
    actor=STAFF,
    posts=["applications:programme_conditions"],
    writes=["applications.ProgrammeConditions"],
)
def staff_set_the_programmes_standard_conditions(w: Walk) -> None:
    programme = w.ids["programme"]
    url = reverse("applications:programme_conditions", args=[programme])
    w.post(url, {**w.form(url), "text": "Standardvilkår."})
    assert ProgrammeConditions.objects.get(programme_id=programme).text == "Standardvilkår."


def _free_programme(w: Walk) -> None:
    w.ids["free_programme"] = ProgrammeFactory.create().pk


def _free_decision(w: Walk) -> None:
    w.ids["free_decision"] = DecisionFactory.create().pk


LETTER_CASES = {
    # Written from its decision by the letters page only, never typed: deleted here.
    "applications.GrantLetter": AdminCase(
        _get("applications.GrantLetter", "letter"), add_refused=True, change_refused=True
    ),
    "applications.ProgrammeConditions": AdminCase(
        _get("applications.ProgrammeConditions", "programme_conditions"),
        given=_free_programme,
        add=lambda w: {"programme": str(w.ids["free_programme"])},
        change=lambda w: {"text": "Ændret i administrationen"},
    ),
    "applications.DecisionConditions": AdminCase(
        _get("applications.DecisionConditions", "decision_conditions"),
        given=_free_decision,
        add=lambda w: {"decision": str(w.ids["free_decision"])},
        change=lambda w: {"text": "Ændret i administrationen"},
    ),
}
ADMIN_CASES.update(LETTER_CASES)
for _model in (GrantLetter, ProgrammeConditions, DecisionConditions):
    ADMIN.add(_model_walk(_model, LETTER_CASES[_model._meta.label]))
