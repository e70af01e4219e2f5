"""The admin's writing pages, walked as an administrator for every model with history.

For each such model registered in the admin: the add page (filled in as a copy of an object of
the world, read from its change page, with what must differ for a new one), the change page of
the new object, and its delete page where the admin allows deleting. Each step must write the
model's history naming the administrator (the walk's check, `harness.walk`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.contrib import admin
from django.db.models import Model
from django.urls import reverse

from demo.participants import cvr_number
from grants.models import (
    Case,
    CaseReference,
    Disbursement,
    GrantDecision,
    Indicator,
    Programme,
    ProjectFundingSource,
    ProjectMembership,
    Recommendation,
)
from notifications.models import MailSettings, Preference, RoleDefault
from spending.models import Payment, ProgrammeFinance, RepaymentClaim
from tests.audit_walk.harness import ADMIN, Scenario, Walk, label
from tests.audit_walk.notification_pages import made, settings_made
from tests.audit_walk.page_forms import FormData
from tests.factories import IndicatorFactory, ProgrammeFactory

PASSWORD = "Rummelig-2027-kodeord"

Changes = Callable[[Walk], FormData]


def _none(w: Walk) -> FormData:
    return {}


@dataclass(frozen=True)
class AdminCase:
    """How to walk one model's admin pages.

    `source(w)` is the world's object the add page copies (made by `given`, before the walk
    watches, if the world has none); `add(w)` what differs for the new one (unique fields);
    `change(w)` what the change page changes. `add_refused`, `change_refused` and
    `delete_refused` say that the admin does not offer that page for the model, or saves
    nothing on it (the reason beside it).
    """

    source: Callable[[Walk], Model]
    add: Changes = _none
    change: Changes = _none
    given: Callable[[Walk], None] | None = None
    add_refused: bool = False
    change_refused: bool = False
    delete_refused: bool = False


def admin_models_with_history() -> list[type[Model]]:
    return sorted(
        (
            model
            for model in admin.site._registry
            if getattr(model._meta, "simple_history_manager_attribute", None)
        ),
        key=label,
    )


def _url(model: type[Model], view: str, *args: object) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def _main_fields(data: FormData) -> FormData:
    """The main form's fields of an admin page: an inline's are named "prefix-n-field"."""
    return {
        name: value
        for name, value in data.items()
        if "-" not in name and not name.startswith("_") and name != "csrfmiddlewaretoken"
    }


def admin_add(w: Walk, model: type[Model], case: AdminCase) -> Model:
    """Add an object on the admin's add page; the new object."""
    source = case.source(w)
    add_url = _url(model, "add")
    data = w.form(add_url)
    data.update(_main_fields(w.form(_url(model, "change", source.pk))))
    data.update(case.add(w))
    before = set(model._default_manager.values_list("pk", flat=True))
    w.post(add_url, data)
    created = model._default_manager.exclude(pk__in=before)
    assert created.count() == 1, f"{label(model)}: the add page added {created.count()}"
    return created.get()


def admin_change(w: Walk, model: type[Model], obj: Model, case: AdminCase) -> None:
    url = _url(model, "change", obj.pk)
    data = w.form(url)
    data.update(case.change(w))
    w.post(url, data)


def admin_delete(w: Walk, model: type[Model], obj: Model, case: AdminCase) -> None:
    """Delete `obj` on its delete page, or find that page refused where the admin says so."""
    url = _url(model, "delete", obj.pk)
    shown = w.client.get(url).status_code
    assert shown == (403 if case.delete_refused else 200), f"{label(model)}: delete page {shown}"
    if not case.delete_refused:
        w.post(url, {"post": "yes"})
        assert not model._default_manager.filter(pk=obj.pk).exists()


def history_kinds(model: type[Model], pk: object, by: Walk) -> set[str]:
    """The kinds of record (+ ~ -) the walk's user wrote for the object `pk`."""
    history = model.history.model  # type: ignore[attr-defined]
    pk_name = model._meta.pk.attname  # type: ignore[union-attr]
    rows = history.objects.filter(**{pk_name: pk}, history_user_id=by.actor.pk)
    return set(rows.values_list("history_type", flat=True))


def _get(model_label: str, key: str) -> Callable[[Walk], Model]:
    return lambda w: apps.get_model(model_label)._default_manager.get(pk=w.ids[key])


def _new_indicator(w: Walk) -> FormData:
    return {"code": "CO09", "name_en": "copied indicator", "name_da": "kopieret indikator"}


def _free_indicator(w: Walk) -> None:
    indicator = IndicatorFactory.create(code="CO08", name_en="another indicator")
    assert isinstance(indicator, Indicator)
    w.ids["free_indicator"] = indicator.pk


def _reference(w: Walk) -> None:
    case = Case.objects.get(pk=w.ids["case"])
    w.ids["reference"] = CaseReference.objects.create(case=case, title="Referat", order=1).pk


def _claim(w: Walk) -> None:
    decision = GrantDecision.objects.get(pk=w.ids["decision"])
    source = ProjectFundingSource.objects.get(pk=w.ids["projectsource"]).funding_source
    w.ids["claim"] = RepaymentClaim.objects.create(
        project=decision.project,
        funding_source=source,
        amount=10_000,
        reason="Vækstforum gav afslag",
        decision=decision,
        origin="Vækstforum, punkt 4",
        created_by=w.user("administrator"),
    ).pk


def _terms(w: Walk) -> None:
    decision = GrantDecision.objects.get(pk=w.ids["decision"])
    source = ProjectFundingSource.objects.get(pk=w.ids["projectsource"]).funding_source
    w.ids["recommendation"] = Recommendation.objects.create(
        decision=decision, funding_source=source, amount=100_000, first_year=2019, last_year=2019
    ).pk
    w.ids["disbursement"] = Disbursement.objects.create(
        decision=decision, year=2019, amount=50_000
    ).pk


def _finance(w: Walk) -> None:
    programme = Programme.objects.get(pk=w.ids["programme"])
    w.ids["finance"] = ProgrammeFinance.objects.get_or_create(programme=programme)[0].pk
    w.ids["other_programme"] = ProgrammeFactory.create().pk


def _membership(w: Walk) -> None:
    member = ProjectMembership.objects.get(user=w.user("member"), project_id=w.ids["project"])
    w.ids["membership"] = member.pk


def _payment(w: Walk) -> FormData:
    # The change page shows a proposed payment read-only: the add page asks for all of it.
    payment = Payment.objects.get(pk=w.ids["payment"])
    return {
        "project": str(payment.project_id),
        "funding_source": str(payment.funding_source_id),
        "kind": payment.kind,
        "amount": "500",
        "dated": "2019-05-01",
    }


ADMIN_CASES: dict[str, AdminCase] = {
    "applications.Call": AdminCase(
        _get("applications.Call", "call"),
        add=lambda w: {"title": "Kopieret opslag"},
        change=lambda w: {"text": "Ændret i administrationen"},
    ),
    "applications.ChecklistTemplate": AdminCase(
        _get("applications.ChecklistTemplate", "checklist"),
        add=lambda w: {"name": "Kopieret tjekliste"},
        change=lambda w: {"name": "Ændret tjekliste"},
    ),
    "applications.ApplicantMembership": AdminCase(
        _get("applications.ApplicantMembership", "applicant_membership"),
        add=lambda w: {"user": str(w.user("outsider").pk)},
    ),
    # Read only; a draft may be deleted (tests/matrix/applications_requests.py's world).
    "applications.Request": AdminCase(
        _get("applications.Request", "application"), add_refused=True, change_refused=True
    ),
    # Written by the assessment's services only; an administrator may delete one.
    "applications.ChecklistAnswer": AdminCase(
        _get("applications.ChecklistAnswer", "checklist_answer"),
        add_refused=True,
        change_refused=True,
    ),
    "applications.RequestMessage": AdminCase(
        _get("applications.RequestMessage", "request_message"),
        add_refused=True,
        change_refused=True,
    ),
    "auth.User": AdminCase(
        lambda w: w.user("forum"),
        add=lambda w: {"username": "ny-bruger", "password1": PASSWORD, "password2": PASSWORD},
        change=lambda w: {"first_name": "Ny", "last_name": "Bruger"},
    ),
    "companies.Company": AdminCase(
        _get("companies.Company", "company"),
        add=lambda w: {"name": "Kopieret virksomhed", "cvr": cvr_number(2, first=7_000_000)},
        change=lambda w: {"notes": "Ændret i administrationen"},
    ),
    "grants.Case": AdminCase(
        _get("grants.Case", "case"),
        add=lambda w: {"title": "Kopieret sag"},
        change=lambda w: {"summary": "Ændret resumé"},
    ),
    # Uploaded through the case's checked form only, and never changed: deleted here.
    "grants.CaseAttachment": AdminCase(
        _get("grants.CaseAttachment", "attachment"), add_refused=True, change_refused=True
    ),
    "grants.CaseReference": AdminCase(
        _get("grants.CaseReference", "reference"),
        given=_reference,
        add=lambda w: {"title": "Ansøgning"},
        change=lambda w: {"url": "https://example.dk/referat"},
    ),
    "grants.Disbursement": AdminCase(
        _get("grants.Disbursement", "disbursement"),
        given=_terms,
        add=lambda w: {"year": "2020"},
        change=lambda w: {"amount": "40000"},
    ),
    "grants.GrantDecision": AdminCase(
        _get("grants.GrantDecision", "decision"),
        # The project is read-only on the change page the add page copies.
        add=lambda w: {
            "title": "Kopieret afgørelse",
            "version": "1",
            "project": str(w.ids["project"]),
        },
        change=lambda w: {"title": "Ændret afgørelse"},
    ),
    "grants.FundingSource": AdminCase(
        lambda w: ProjectFundingSource.objects.get(pk=w.ids["projectsource"]).funding_source,
        add=lambda w: {"name": "Kopieret finansieringskilde"},
        change=lambda w: {"recommendation_phrase": "ændret vending"},
    ),
    "grants.DecisionBody": AdminCase(
        _get("grants.DecisionBody", "decisionbody"),
        add=lambda w: {"name": "Kopieret bevillingsgivende organ", "code": ""},
        change=lambda w: {"description": "ændret beskrivelse"},
    ),
    "grants.Indicator": AdminCase(
        _get("grants.Indicator", "indicator"),
        add=_new_indicator,
        change=lambda w: {"name_da": "ændret navn"},
    ),
    "grants.Organisation": AdminCase(
        _get("grants.Organisation", "organisation"),
        add=lambda w: {"name": "Kopieret organisation", "cvr": ""},
        change=lambda w: {"address": "Ændret adresse"},
    ),
    "grants.Programme": AdminCase(
        _get("grants.Programme", "programme"),
        add=lambda w: {"name": "Kopieret program"},
        change=lambda w: {"description": "Ændret i administrationen"},
    ),
    "grants.Project": AdminCase(
        _get("grants.Project", "project"),
        add=lambda w: {"name": "Kopieret projekt"},
        change=lambda w: {"purpose": "Ændret formål"},
    ),
    "grants.ProjectMembership": AdminCase(
        _get("grants.ProjectMembership", "membership"),
        given=_membership,
        add=lambda w: {"user": str(w.user("outsider").pk)},
    ),
    "grants.Recommendation": AdminCase(
        _get("grants.Recommendation", "recommendation"),
        given=_terms,
        add=lambda w: {"first_year": "2020", "last_year": "2020"},
        change=lambda w: {"amount": "90000"},
    ),
    "grants.Target": AdminCase(
        _get("grants.Target", "target"),
        given=_free_indicator,
        # The change page shows the indicator and value read-only: the add page asks for them.
        add=lambda w: {"indicator": str(w.ids["free_indicator"]), "value": "5"},
        change=lambda w: {"value": "11"},
    ),
    "grants.TargetBreakdown": AdminCase(
        _get("grants.TargetBreakdown", "breakdown"),
        add=lambda w: {"category": "male", "value": "2"},
        change=lambda w: {"value": "1"},
    ),
    "participants.OnboardingCourse": AdminCase(
        _get("participants.OnboardingCourse", "course"),
        add=lambda w: {"start_date": "2020-01-06"},
        change=lambda w: {"end_date": "2020-03-31"},
    ),
    # A person is removed only by erasure (walked as participants:participant_erase).
    "participants.Participant": AdminCase(
        _get("participants.Participant", "participant"),
        delete_refused=True,
        add=lambda w: {"reference": "RI-0900"},
        change=lambda w: {"birth_year": "1980"},
    ),
    # Notification settings: the event among the registered types.
    "notifications.RoleDefault": AdminCase(
        made(RoleDefault, "role_default"),
        given=settings_made,
        add=lambda w: {"role": "secretariat"},
        change=lambda w: {"channel": "digest"},
    ),
    "notifications.Preference": AdminCase(
        made(Preference, "preference"),
        given=settings_made,
        add=lambda w: {"user": str(w.user("member").pk)},
        change=lambda w: {"channel": "app"},
    ),
    "notifications.MailSettings": AdminCase(
        made(MailSettings, "mail_settings"),
        given=settings_made,
        add=lambda w: {"user": str(w.user("member").pk)},
        change=lambda w: {"language": "da"},
    ),
    "spending.CostCategory": AdminCase(
        _get("spending.CostCategory", "cost_category"),
        add=lambda w: {"code": "COPY", "name": "Kopieret kategori"},
        change=lambda w: {"name": "Ændret kategori"},
    ),
    "spending.ExpenditureLine": AdminCase(
        _get("spending.ExpenditureLine", "spending_line"),
        add=lambda w: {"report": str(w.ids["spending_report"]), "description": "Kopieret linje"},
        change=lambda w: {"amount": "9000"},
    ),
    # Proposed here; once proposed, its figures are read-only (the steps are actions), so the
    # change page saves nothing. Deleting withdraws it.
    "spending.Payment": AdminCase(
        _get("spending.Payment", "payment"),
        add=_payment,
        change_refused=True,
    ),
    # Recorded by a meeting's decision, never typed or deleted: settled on its change page.
    "spending.RepaymentClaim": AdminCase(
        _get("spending.RepaymentClaim", "claim"),
        given=_claim,
        add_refused=True,
        delete_refused=True,
        change=lambda w: {"status": "settled"},
    ),
    "spending.ProgrammeFinance": AdminCase(
        _get("spending.ProgrammeFinance", "finance"),
        given=_finance,
        add=lambda w: {"programme": str(w.ids["other_programme"])},
        change=lambda w: {"final_share_percent": "15"},
    ),
    "spending.ReportingDeadline": AdminCase(
        _get("spending.ReportingDeadline", "deadline"),
        add=lambda w: {
            "period_start": "2020-01-01",
            "period_end": "2020-06-30",
            "due_on": "2020-08-31",
        },
        change=lambda w: {"due_on": "2020-09-30"},
    ),
    "spending.SpendingReport": AdminCase(
        _get("spending.SpendingReport", "spending_report"),
        add=lambda w: {
            "project": str(w.ids["project"]),
            "period_start": "2020-01-01",
            "period_end": "2020-06-30",
        },
        change=lambda w: {"status_text": "Ændret i administrationen"},
    ),
}


ADMINISTRATOR = "administrator"


def _model_walk(model: type[Model], case: AdminCase) -> Scenario:
    def run(w: Walk) -> None:
        obj = case.source(w) if case.add_refused else admin_add(w, model, case)
        if not case.change_refused:
            admin_change(w, model, obj, case)
        admin_delete(w, model, obj, case)
        kinds = history_kinds(model, obj.pk, w)
        expected = {
            *([] if case.add_refused else ["+"]),
            *([] if case.change_refused else ["~"]),
            *([] if case.delete_refused else ["-"]),
        }
        assert kinds == expected, f"{label(model)}: {kinds} != {expected}"

    return Scenario(
        name=f"admin:{label(model)}",
        actor=ADMINISTRATOR,
        posts=(),
        writes=(label(model),),
        run=run,
        given=case.given,
    )


for _model in admin_models_with_history():
    if label(_model) in ADMIN_CASES:
        ADMIN.add(_model_walk(_model, ADMIN_CASES[label(_model)]))
