"""The seed case: Rummelig imidt, as the case paper and the press release give it."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from companies.models import Industry
from core import audit
from demo.case_paper import CASE_ECONOMY, CASE_SUMMARY, CASE_TEXT, CASE_TITLE, load_case_paper
from demo.users import demo_staff
from grants import approved
from grants.models import (
    Case,
    DecisionBody,
    Disbursement,
    EffortArea,
    FinancingTotal,
    FundingSource,
    GrantDecision,
    Indicator,
    Organisation,
    Programme,
    ProgrammeIndicator,
    Project,
    ProjectLink,
    ProjectOrganisation,
    Recommendation,
    Target,
    TargetBreakdown,
)
from grants.models.bodies import VAEKSTFORUM
from grants.services import decision_save_lines, decision_set_status

MIO = 1_000_000
THOUSAND = 1_000

AREAS = [
    (
        "Flere virksomheder",
        "Flere virksomheder skal arbejde aktivt med inklusion af borgere på kanten af eller "
        "udenfor arbejdsmarkedet.",
    ),
    (
        "Indslusning",
        "Borgere på kanten af eller udenfor arbejdsmarkedet skal i indslusningsforløb tilpasset "
        "den enkelte borger og i tæt samarbejde med virksomheder.",
    ),
    (
        "Socialøkonomiske virksomheder",
        "Bedre vejledningsmuligheder og netværk for socialøkonomiske virksomheder, så deres "
        "overlevelse øges, og der etableres flere socialøkonomiske virksomheder.",
    ),
]

SOURCES = [
    ("EU's Socialfond", FundingSource.Kind.ESF, "EU's socialfondsmidlerne"),
    (
        "Region Midtjylland REM midler",
        FundingSource.Kind.REGIONAL,
        "de regionale erhvervsudviklingsmidler",
    ),
    ("Kommune/Stat", FundingSource.Kind.MUNICIPAL_STATE, "kommunale og statslige midler"),
]

# The case paper's table, in thousand kroner: {decision: {row: {year: amount}}}.
TOP_UP_BUDGET = {
    "Flere virksomheder": {2017: 500, 2018: 500},
    "Indslusning": {2017: 1500, 2018: 1500},
}
TOP_UP_FINANCING = {
    "EU's Socialfond": {2017: 1000, 2018: 1000},
    "Region Midtjylland REM midler": {2017: 500, 2018: 500},
    "Kommune/Stat": {2017: 500, 2018: 500},
}
EXTENSION_BUDGET = {
    "Flere virksomheder": {2019: 4000, 2020: 4000},
    "Indslusning": {2019: 7000, 2020: 7000},
    "Socialøkonomiske virksomheder": {2019: 1000, 2020: 1000},
}
EXTENSION_FINANCING = {
    "EU's Socialfond": {2019: 6000, 2020: 6000},
    "Region Midtjylland REM midler": {2019: 3000, 2020: 3000},
    "Kommune/Stat": {2019: 3000, 2020: 3000},
}


def _cells(
    figures: dict[str, dict[int, int]], ids: dict[str, int]
) -> dict[tuple[int, int], int | None]:
    return {
        (ids[name], year): amount * THOUSAND
        for name, years in figures.items()
        for year, amount in years.items()
    }


def _decision(project: Project, title: str, **fields: object) -> GrantDecision:
    decision, _created = GrantDecision.objects.update_or_create(
        project=project, title=title, defaults=fields
    )
    return decision


def _set_lines(
    decision: GrantDecision,
    budget: dict[tuple[int, int], int | None],
    financing: dict[tuple[int, int], int | None],
) -> None:
    # Clear what is not in the seed, so that loading twice gives the same figures.
    for budget_line in decision.budget_lines.all():
        budget.setdefault((budget_line.effort_area_id, budget_line.year), None)
    for financing_line in decision.financing_lines.all():
        financing.setdefault((financing_line.funding_source_id, financing_line.year), None)
    decision_save_lines(decision=decision, budget=budget, financing=financing, by=demo_staff())


def _recommendations(
    decision: GrantDecision, lines: list[tuple[FundingSource, int, int, int, Organisation | None]]
) -> None:
    decision.recommendations.all().delete()
    Recommendation.objects.bulk_create(
        Recommendation(
            decision=decision,
            funding_source=source,
            amount=amount,
            first_year=first,
            last_year=last,
            recipient=recipient,
            order=order,
        )
        for order, (source, amount, first, last, recipient) in enumerate(lines)
    )


def _disbursements(decision: GrantDecision, schedule: dict[int, int]) -> None:
    decision.disbursements.all().delete()
    Disbursement.objects.bulk_create(
        Disbursement(decision=decision, year=year, amount=amount)
        for year, amount in schedule.items()
    )


@transaction.atomic
def load_demo() -> Project:
    """Create or refresh the seed case (idempotent), entered by the demo's regional staff."""
    with audit.authored_by(demo_staff()):
        return _load_demo()


def _load_demo() -> Project:
    programme, _ = Programme.objects.update_or_create(
        name="Inklusionsprogram 2016-2020", defaults={"pool": "INKLUSIONmidt"}
    )
    project, _ = Project.objects.update_or_create(
        name="Rummelig imidt",
        defaults={
            "programme": programme,
            "purpose": (
                "Formålet med Rummelig imidt er at udvide arbejdsstyrken i Region Midtjylland, "
                "ved at få borgere på kanten af eller helt uden for arbejdsstyrken til igen at "
                "blive en aktiv del af arbejdsstyrken."
            ),
            "website": "https://www.rummeligimidt.dk/",
        },
    )
    orgs = {
        name: Organisation.objects.get_or_create(name=name)[0]
        for name in (
            "LO Aarhus",
            "LO Midtjylland",
            "Projektsekretariatet ApS",
            "Code of Care",
            "Huset Venture",
        )
    }
    roles = [
        ("LO Aarhus", ProjectOrganisation.Role.APPLICANT, orgs["LO Midtjylland"]),
        ("Projektsekretariatet ApS", ProjectOrganisation.Role.OPERATOR, None),
        ("Code of Care", ProjectOrganisation.Role.PARTNER, None),
        ("Huset Venture", ProjectOrganisation.Role.PARTNER, None),
    ]
    for name, role, on_behalf_of in roles:
        ProjectOrganisation.objects.update_or_create(
            project=project,
            organisation=orgs[name],
            role=role,
            defaults={"on_behalf_of": on_behalf_of},
        )
    for order, (title, url) in enumerate(
        [
            ("Rummelig imidt", "https://www.rummeligimidt.dk/"),
            ("LinkedIn", "https://www.linkedin.com/groups/13509212"),
            ("Animationsfilm om Rummelig imidt", "https://www.youtube.com/watch?v=h9nrax9a2bE"),
        ]
    ):
        ProjectLink.objects.update_or_create(
            project=project, title=title, defaults={"url": url, "order": order}
        )
    areas = {
        name: EffortArea.objects.update_or_create(
            project=project, name=name, defaults={"description": text, "order": order}
        )[0].pk
        for order, (name, text) in enumerate(AREAS, start=1)
    }
    sources = {
        name: FundingSource.objects.update_or_create(
            name=name, defaults={"kind": kind, "recommendation_phrase": phrase, "order": order}
        )[0]
        for order, (name, kind, phrase) in enumerate(SOURCES, start=1)
    }
    source_ids = {name: source.pk for name, source in sources.items()}
    esf = sources["EU's Socialfond"]
    rem = sources["Region Midtjylland REM midler"]
    operator = orgs["Projektsekretariatet ApS"]

    # Loaded again, the original is approved: putting it back as the seed decided it is the one
    # write the demo makes past the database's lock on approved figures (grants.approved).
    with approved.unlocked():
        original = _decision(
            project,
            "Rummelig imidt 2016-2018 (socialfondsansøgning)",
            kind=GrantDecision.Kind.ORIGINAL,
            deciding_body=vaekstforum(),
            decided_on=date(2015, 10, 21),
            first_year=2016,
            last_year=2018,
            split_by_year=False,
        )
        for source, amount in ((rem, 10 * MIO), (esf, 19_500_000)):
            FinancingTotal.objects.update_or_create(
                decision=original, funding_source=source, defaults={"amount": amount}
            )
    # Approved once its amounts are in: a decision without amounts cannot be approved.
    if original.status != GrantDecision.Status.APPROVED:
        original = decision_set_status(
            decision=original, status=GrantDecision.Status.APPROVED, by=demo_staff()
        )

    top_up = _decision(
        project,
        "Øget forbrug i indeværende periode 2016-2018",
        kind=GrantDecision.Kind.TOP_UP,
        deciding_body=vaekstforum(),
        decided_on=None,
        status=GrantDecision.Status.RECOMMENDED,
        first_year=2017,
        last_year=2018,
        split_by_year=True,
    )
    _set_lines(top_up, _cells(TOP_UP_BUDGET, areas), _cells(TOP_UP_FINANCING, source_ids))
    _recommendations(
        top_up, [(rem, 1 * MIO, 2017, 2019, operator), (esf, 2 * MIO, 2017, 2019, None)]
    )
    _disbursements(top_up, {2017: 1 * MIO, 2018: 2 * MIO, 2019: 1 * MIO})

    extension = _decision(
        project,
        "Forlængelse af Rummelig imidt 2018-2020",
        kind=GrantDecision.Kind.EXTENSION,
        deciding_body=vaekstforum(),
        decided_on=None,
        status=GrantDecision.Status.RECOMMENDED,
        first_year=2019,
        last_year=2020,
        split_by_year=True,
    )
    _set_lines(extension, _cells(EXTENSION_BUDGET, areas), _cells(EXTENSION_FINANCING, source_ids))
    _recommendations(
        extension, [(rem, 6 * MIO, 2018, 2020, operator), (esf, 12 * MIO, 2018, 2020, None)]
    )
    _disbursements(extension, {2018: 6 * MIO, 2019: 6 * MIO, 2020: 6 * MIO})

    case, _ = Case.objects.update_or_create(
        project=project,
        title=CASE_TITLE,
        defaults={"summary": CASE_SUMMARY, "text": CASE_TEXT, "economy_text": CASE_ECONOMY},
    )
    case.decisions.set([top_up, extension])
    load_case_paper(case)

    _targets(original, {"citizens_in_courses": 600, "ordinary_jobs": 40, "flex_jobs": 120})
    extension_targets = _targets(
        extension,
        {
            "citizens_in_courses": 400,
            "ordinary_jobs": 40,
            "flex_jobs": 60,
            "companies_inclusion": 90,
        },
    )
    companies = extension_targets["companies_inclusion"]
    for industry in Industry.objects.filter(name__in=EXTENSION_INDUSTRIES):
        TargetBreakdown.objects.update_or_create(
            target=companies, industry=industry, defaults={"value": 30}
        )
    return project


# The case paper: 30 companies in each of three industries chosen from four.
EXTENSION_INDUSTRIES = ["Landbrug", "Turisme", "Små håndværkervirksomheder"]


# The inclusion programme's indicators, as migration 0012_indicators_data made them of the
# choices they were: (measure, code, Danish name, English name, unit, kind).
INCLUSION_INDICATORS = [
    (
        Indicator.Measure.CITIZENS_IN_COURSES,
        "INK01",
        "borgere i indslusningsforløb",
        "citizens in onboarding courses",
        "borgere",
        Indicator.Kind.OUTPUT,
    ),
    (Indicator.Measure.ORDINARY_JOBS, "INK02", "ordinære job", "ordinary jobs", "job", "result"),
    (Indicator.Measure.FLEX_JOBS, "INK03", "fleksjob", "flex jobs", "job", "result"),
    (
        Indicator.Measure.COMPANIES_INCLUSION,
        "INK04",
        "virksomheder der arbejder aktivt med inklusion",
        "companies working actively with inclusion",
        "virksomheder",
        Indicator.Kind.OUTPUT,
    ),
]


def vaekstforum() -> DecisionBody:
    """Vækstforum of the region's decision bodies: the body of the demo's decisions and meeting.

    The migration puts it in the list; made here again for a database emptied since."""
    body = DecisionBody.objects.filter(code=VAEKSTFORUM).first()
    if body is None:
        body = DecisionBody.objects.get_or_create(
            name="Vækstforum", defaults={"code": VAEKSTFORUM, "order": 1}
        )[0]
    return body


def inclusion_indicator(measure: str) -> Indicator:
    """The inclusion programme's indicator computed by `measure` (made if missing)."""
    for row_measure, code, name_da, name_en, unit, kind in INCLUSION_INDICATORS:
        if row_measure == measure:
            return Indicator.objects.get_or_create(
                code=code,
                defaults={
                    "name_da": name_da,
                    "name_en": name_en,
                    "unit": unit,
                    "kind": kind,
                    "measurement": Indicator.Measurement.COMPUTED,
                    "measure": measure,
                },
            )[0]
    raise LookupError(f"The inclusion programme has no indicator measured by {measure!r}.")


def _targets(decision: GrantDecision, values: dict[str, int]) -> dict[str, Target]:
    """The decision's targets by measure, their indicators chosen by its programme."""
    result = {}
    for measure, value in values.items():
        indicator = inclusion_indicator(measure)
        ProgrammeIndicator.objects.get_or_create(
            programme_id=decision.project.programme_id, indicator=indicator
        )
        result[measure] = Target.objects.update_or_create(
            decision=decision, indicator=indicator, defaults={"value": value}
        )[0]
    return result
