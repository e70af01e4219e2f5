"""The demo's requests: Rummelig imidt's own request, and an open call with two applications.

Rummelig imidt asked for a top-up for 2017–2018 and an extension for 2019–2020. Its secretariat
submits both as change requests with the seed's figures; regional staff assess them with the
programme's checklist and accept them into the decisions and the case the seed already holds,
so the seed's table stays exactly as the case paper prints it. The open call runs from two
weeks before the demo is loaded to six weeks after, whatever the date.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User
from django.utils import timezone

from accounts.roles import APPLICANT
from applications.models import (
    ApplicantMembership,
    Call,
    ChecklistQuestion,
    ChecklistTemplate,
    Request,
    RequestArea,
    RequestOrganisation,
    RequestTarget,
)
from applications.services.assessment import answers_save, request_accept, request_assign
from applications.services.requests import (
    application_create,
    change_request_create,
    request_save_grid,
    request_submit,
    request_update,
)
from core import audit
from demo.grants import inclusion_indicator
from demo.users import demo_person, demo_secretary, demo_staff
from grants.models import Case, FundingSource, GrantDecision, Indicator, Organisation, Project

CHANGE_CHECKLIST = "Vurdering af ændringsanmodninger"
CHANGE_QUESTIONS = [
    "Er ændringen begrundet i projektets fremdrift og resultater?",
    "Er budget og finansiering i balance år for år?",
    "Ligger den ansøgte periode inden for programmets periode?",
    "Er medfinansieringen bekræftet af finansieringskilderne?",
    "Er der behov for at ændre projektets mål?",
]
CALL_CHECKLIST = "Vurdering af ansøgninger 2027"
CALL_QUESTIONS = [
    "Bidrager projektet til programmets formål?",
    "Er målgruppen borgere på kanten af eller uden for arbejdsmarkedet?",
    "Er budgettet realistisk og i balance med finansieringen?",
    "Har ansøgeren kapacitet til at gennemføre projektet?",
    "Er der aftaler med virksomheder om indslusningsforløb?",
    "Overholder projektet reglerne for statsstøtte?",
]
REQUESTS: dict[str, tuple[str, str]] = {
    GrantDecision.Kind.TOP_UP: (
        "Merbevilling 2017-2018",
        "Rummelig imidt er på alle tre indsatsfelter i fuld gang og har her i 2017 brugt "
        "budgettet. Da der stadig er kommuner og aktører, der ønsker at etablere projekter med "
        "indslusningsforløb, ønskes en merbevilling på ca. 4 mio. kr. for at tilgodese "
        "efterspørgslen i den nuværende periode.",
    ),
    GrantDecision.Kind.EXTENSION: (
        "Forlængelse 2019-2020",
        "Rummelig imidt ønsker at fortsætte i 2019-2020 med samme indsats og at afprøve "
        "virksomhedssporet mod tre brancheområder: landbrug, turisme og små "
        "håndværkervirksomheder.",
    ),
}
SUBMITTED_ON: dict[str, datetime.datetime] = {
    GrantDecision.Kind.TOP_UP: datetime.datetime(2017, 4, 3, 10, 0, tzinfo=datetime.UTC),
    GrantDecision.Kind.EXTENSION: datetime.datetime(2017, 4, 3, 10, 5, tzinfo=datetime.UTC),
}

CALL_TITLE = "Inklusion på arbejdsmarkedet 2027-2028"
CALL_TEXT = """\
Region Midtjylland indkalder ansøgninger om tilskud til projekter, der bringer borgere på \
kanten af arbejdsmarkedet i job gennem indslusningsforløb i virksomheder.

## Hvem kan søge
Kommuner, faglige organisationer, uddannelsesinstitutioner og virksomheder i Region Midtjylland.

## Hvad lægger vi vægt på
- Forløb tilrettelagt sammen med virksomhederne
- Et realistisk budget i balance med finansieringen
- Mål for antal borgere i forløb og i ordinære job
"""
APPLICANT_ORGANISATION = ("Jobhuset Vest ApS", "31581001")
PARTNER_ORGANISATION = ("Holstebro Erhvervsråd", "42761001")
APPLICANT_USER = ("ansoeger", "Mette Dahl")
# (title, description, submitted?): both by the demo applicant's organisation.
APPLICATIONS = [
    (
        "Grønne job i Vestjylland",
        "Borgere på kanten af arbejdsmarkedet i indslusningsforløb i virksomheder inden for "
        "grøn energi og genbrug i Holstebro, Struer og Lemvig.",
        True,
    ),
    ("Fleksible veje til job", "Udkast: forløb for borgere i fleksjob i Herning.", False),
]
# Per area name: (2027, 2028); financing per source name likewise (the submitted one balances).
APPLICATION_BUDGET = {
    "Indslusningsforløb": (1_200_000, 1_400_000),
    "Virksomhedssamarbejde": (300_000, 350_000),
}
APPLICATION_FINANCING = {
    "Region Midtjylland REM midler": (750_000, 875_000),
    "EU's Socialfond": (750_000, 875_000),
}


def _checklist(
    project: Project, name: str, questions: list[str], *, changes: bool
) -> ChecklistTemplate:
    staff = demo_staff()
    template = ChecklistTemplate.objects.filter(programme=project.programme, name=name).first()
    if template is None:
        template = audit.save(
            ChecklistTemplate(programme=project.programme, name=name, for_change_requests=changes),
            by=staff,
        )
        for order, text in enumerate(questions, start=1):
            audit.save(ChecklistQuestion(template=template, text=text, order=order), by=staff)
    return template


def _rummelig_request(project: Project, decision: GrantDecision, case: Case | None) -> None:
    if Request.objects.filter(decision=decision).exists():
        return
    staff, secretary = demo_staff(), demo_secretary()
    title, justification = REQUESTS[decision.kind]
    request = change_request_create(
        project=project,
        kind=decision.kind,
        title=title,
        first_year=decision.first_year,
        last_year=decision.last_year,
        by=secretary,
    )
    request = request_update(request=request, fields={"description": justification}, by=secretary)
    areas = {area.effort_area_id: area.pk for area in request.areas.all()}
    for line in decision.budget_lines.select_related("effort_area"):
        if line.effort_area_id not in areas:
            area = audit.save(
                RequestArea(
                    request=request,
                    name=line.effort_area.name,
                    effort_area=line.effort_area,
                    order=line.effort_area.order,
                ),
                by=secretary,
            )
            areas[line.effort_area_id] = area.pk
    request = request_save_grid(
        request=request,
        budget={
            (areas[line.effort_area_id], line.year): line.amount
            for line in decision.budget_lines.all()
        },
        financing={
            (line.funding_source_id, line.year): line.amount
            for line in decision.financing_lines.all()
        },
        by=secretary,
    )
    request = request_submit(request=request, by=secretary, now=SUBMITTED_ON[decision.kind])
    request = request_assign(request=request, officer=staff, by=staff)
    questions = ChecklistQuestion.objects.filter(
        template__programme=project.programme, template__for_change_requests=True
    )
    answers_save(
        request=request,
        answers={question.pk: ("yes", "") for question in questions},
        by=staff,
    )
    request_accept(request=request, by=staff, decision=decision, case=case)


def demo_applicant() -> User:
    username, name = APPLICANT_USER
    return demo_person(username, APPLICANT, name)


def _open_call(project: Project) -> Call:
    staff = demo_staff()
    checklist = _checklist(project, CALL_CHECKLIST, CALL_QUESTIONS, changes=False)
    call = Call.objects.filter(title=CALL_TITLE).first()
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    if call is None:
        call = audit.save(
            Call(
                programme=project.programme,
                title=CALL_TITLE,
                text=CALL_TEXT,
                opens_at=now - datetime.timedelta(days=14),
                closes_at=(now + datetime.timedelta(days=42)).replace(hour=12),
                checklist=checklist,
                published=True,
            ),
            by=staff,
        )
    elif not call.is_open(now):
        # Loaded again later: the demo's call is open again for another six weeks.
        call.opens_at = now - datetime.timedelta(days=14)
        call.closes_at = (now + datetime.timedelta(days=42)).replace(hour=12)
        audit.save(call, by=staff)
    indicators = [
        inclusion_indicator(Indicator.Measure.CITIZENS_IN_COURSES),
        inclusion_indicator(Indicator.Measure.ORDINARY_JOBS),
    ]
    with audit.authored_by(staff):
        call.indicators.set(indicators)
    return call


def _application(
    call: Call, organisation: Organisation, title: str, text: str, submit: bool
) -> None:
    if Request.objects.filter(call=call, title=title).exists():
        return
    applicant = demo_applicant()
    request = application_create(call=call, organisation=organisation, title=title, by=applicant)
    request = request_update(
        request=request,
        fields={"description": text, "first_year": 2027, "last_year": 2028},
        by=applicant,
    )
    audit.save(
        RequestOrganisation(
            request=request,
            name=organisation.name,
            cvr=organisation.cvr,
            role=RequestOrganisation.Role.APPLICANT,
            order=1,
        ),
        by=applicant,
    )
    if not submit:
        return
    name, cvr = PARTNER_ORGANISATION
    audit.save(
        RequestOrganisation(request=request, name=name, cvr=cvr, role="partner", order=2),
        by=applicant,
    )
    for indicator, value in zip(call.indicators.order_by("code"), (120, 30), strict=False):
        audit.save(RequestTarget(request=request, indicator=indicator, value=value), by=applicant)
    areas = {
        name: audit.save(RequestArea(request=request, name=name, order=order), by=applicant).pk
        for order, name in enumerate(APPLICATION_BUDGET, start=1)
    }
    sources = {source.name: source.pk for source in FundingSource.objects.all()}
    request = request_save_grid(
        request=request,
        budget={
            (areas[name], year): amount
            for name, amounts in APPLICATION_BUDGET.items()
            for year, amount in zip((2027, 2028), amounts, strict=True)
        },
        financing={
            (sources[name], year): amount
            for name, amounts in APPLICATION_FINANCING.items()
            for year, amount in zip((2027, 2028), amounts, strict=True)
        },
        by=applicant,
    )
    request_submit(request=request, by=applicant)


def load_application_demo(project: Project) -> None:
    """Rummelig imidt's request, accepted into the seed; an open call with two applications."""
    _checklist(project, CHANGE_CHECKLIST, CHANGE_QUESTIONS, changes=True)
    case = Case.objects.filter(project=project).order_by("pk").first()
    for decision in project.decisions.filter(
        kind__in=[GrantDecision.Kind.TOP_UP, GrantDecision.Kind.EXTENSION]
    ).order_by("first_year"):
        _rummelig_request(project, decision, case)
    call = _open_call(project)
    name, cvr = APPLICANT_ORGANISATION
    organisation, _ = Organisation.objects.get_or_create(name=name, defaults={"cvr": cvr})
    ApplicantMembership.objects.get_or_create(organisation=organisation, user=demo_applicant())
    for title, text, submit in APPLICATIONS:
        _application(call, organisation, title, text, submit)
