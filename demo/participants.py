"""Generated demo data: companies, networks, participants and courses for Rummelig imidt.

Realistic in shape and scale (the real project ended with about 900 participants, 580
completed courses and 280 companies in its networks), reproducible from a seed, and loaded
again to the same result.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction

from companies.models import (
    Company,
    Industry,
    IndustryAssociation,
    LabourMarketArea,
    Municipality,
    Network,
)
from core import audit
from demo.users import demo_secretary
from grants.models import Project
from participants.models import Category, OnboardingCourse, Participant

SEED = 2016
REFERENCE_PREFIX = "RI-"
PARTICIPANTS = 900
COMPANIES = 280
# The project worked in 11 of the region's municipalities.
PROJECT_MUNICIPALITIES = [
    "751", "657", "661", "730", "740", "791", "615", "779", "756", "760", "706",
]  # fmt: skip

# The region's seven labour-market areas, for the demo: named by their main towns.
AREAS: dict[str, list[str]] = {
    "Aarhus": ["751", "727", "741"],
    "Randers og Djursland": ["730", "706", "707"],
    "Silkeborg og Skanderborg": ["740", "746", "710"],
    "Herning og Ikast-Brande": ["657", "756"],
    "Holstebro, Struer og Lemvig": ["661", "671", "665", "760"],
    "Viborg og Skive": ["791", "779"],
    "Horsens og Hedensted": ["615", "766"],
}

ASSOCIATIONS = [
    ("Aarhus håndværkerforening", "Aarhus", "Små håndværkervirksomheder", "positive"),
    ("LD Cluster", "Herning", "Tekstil og mode", "positive"),
    ("Ringkøbing Fjord Turisme", "Ringkøbing", "Turisme", "missing"),
    ("Vestjysk Landboforening", "Ringkøbing", "Landbrug", "missing"),
]

_SURNAMES = [
    "Jensen", "Nielsen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen",
    "Sørensen", "Rasmussen", "Jørgensen", "Petersen", "Madsen", "Kristensen", "Olsen",
    "Thomsen", "Poulsen", "Johansen", "Møller", "Mortensen", "Knudsen",
]  # fmt: skip
_TRADES: dict[str, list[str]] = {
    "Små håndværkervirksomheder": ["Tømrer", "Murer", "VVS", "El-service", "Malerfirma", "Snedker"],
    "Landbrug": ["Landbrug", "Gård", "Maskinstation", "Gartneri"],
    "Turisme": ["Feriecenter", "Hotel", "Camping", "Kro", "Oplevelser"],
    "Tekstil og mode": ["Tekstil", "Design", "Syværksted", "Mode"],
    "": ["Logistik", "Rengøring", "Kantine", "Genbrug", "Handel", "Produktion"],
}
_FORMS = ["ApS", "A/S", "I/S", ""]

OUTCOME_WEIGHTS = [
    (OnboardingCourse.Outcome.ORDINARY_JOB, 6),
    (OnboardingCourse.Outcome.FLEX_JOB, 12),
    (OnboardingCourse.Outcome.EDUCATION, 9),
    (OnboardingCourse.Outcome.OTHER_EMPLOYMENT, 7),
    (OnboardingCourse.Outcome.NO_JOB, 66),
]


def cvr_number(n: int, first: int = 3_000_000) -> str:
    """The n-th of a series of distinct CVR numbers (valid modulus-11 check digit) whose first
    seven digits start at `first`: 30000000 on for the demo, other ranges for tests.

    Prefixes lie 7 apart; of two neighbouring prefixes at most one needs the impossible check
    digit 10, so a step of one always finds a number before the next prefix.
    """
    weights = (2, 7, 6, 5, 4, 3, 2)
    candidate = first + n * 7
    while True:
        digits = f"{candidate:07d}"
        check = (11 - sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11) % 11
        if check < 10:
            return f"{digits}{check}"
        candidate += 1


def _day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, (end - start).days))


@dataclass(frozen=True)
class DemoCounts:
    companies: int
    participants: int
    courses: int


def _reference_data() -> tuple[dict[str, Municipality], dict[str, Industry]]:
    industries = {i.name: i for i in Industry.objects.all()}
    for area_name, codes in AREAS.items():
        area, _ = LabourMarketArea.objects.get_or_create(name=area_name)
        Municipality.objects.filter(code__in=codes).update(labour_market_area=area)
        Network.objects.get_or_create(
            labour_market_area=area, defaults={"name": f"Netværk {area_name}"}
        )
    for name, town, industry, status in ASSOCIATIONS:
        IndustryAssociation.objects.update_or_create(
            name=name,
            defaults={"town": town, "industry": industries[industry], "contact_status": status},
        )
    return {m.code: m for m in Municipality.objects.select_related("labour_market_area")}, (
        industries
    )


def _companies(
    rng: random.Random,
    project: Project,
    municipalities: dict[str, Municipality],
    industries: dict[str, Industry],
) -> list[Company]:
    industry_names = ["Små håndværkervirksomheder", "Landbrug", "Turisme", "Tekstil og mode", ""]
    companies: list[Company] = []
    for n in range(COMPANIES):
        industry_name = rng.choices(industry_names, weights=[22, 18, 18, 10, 32])[0]
        municipality = municipalities[rng.choice(PROJECT_MUNICIPALITIES)]
        trade = rng.choice(_TRADES[industry_name])
        name = f"{rng.choice(_SURNAMES)}s {trade} {rng.choice(_FORMS)}".strip()
        started = None
        if rng.random() < 0.75:
            started = _day(rng, date(2016, 3, 1), date(2020, 10, 31))
        companies.append(
            Company(
                name=name,
                cvr=cvr_number(n),
                municipality=municipality,
                labour_market_area=municipality.labour_market_area,
                industry=industries.get(industry_name),
                social_economy=rng.random() < 0.1,
                pioneer=rng.random() < 0.05,
                inclusion_started_on=started,
            )
        )
    Company.objects.bulk_create(
        companies,
        update_conflicts=True,
        unique_fields=["cvr"],
        update_fields=[
            "name",
            "municipality",
            "labour_market_area",
            "industry",
            "social_economy",
            "pioneer",
            "inclusion_started_on",
        ],
    )
    saved = list(Company.objects.filter(cvr__in=[c.cvr for c in companies]).order_by("cvr"))
    project.companies.add(*saved)
    for network in Network.objects.select_related("labour_market_area"):
        network.members.add(
            *(c for c in saved if c.labour_market_area_id == network.labour_market_area_id)
        )
    return saved


def _categories() -> dict[str, list[Category]]:
    lists: dict[str, list[Category]] = {}
    for category in Category.objects.filter(active=True):
        lists.setdefault(category.kind, []).append(category)
    return lists


@transaction.atomic
def load_participant_demo(project: Project, seed: int = SEED) -> DemoCounts:
    """Create (or re-create) the generated demo data of `project`; same seed, same data.

    Registered by the project's secretariat, as the real data would be.
    """
    with audit.authored_by(demo_secretary()):
        return _load_participant_demo(project, seed)


def _load_participant_demo(project: Project, seed: int) -> DemoCounts:
    rng = random.Random(seed)  # noqa: S311 - demo data, not secrets
    municipalities, industries = _reference_data()
    companies = _companies(rng, project, municipalities, industries)
    lists = _categories()

    demo = Participant.objects.filter(project=project, reference__startswith=REFERENCE_PREFIX)
    OnboardingCourse.objects.filter(participant__in=demo).delete()
    demo.delete()

    participants = [
        Participant(
            project=project,
            reference=f"{REFERENCE_PREFIX}{n:04d}",
            birth_year=rng.randint(1958, 2003),
            gender=rng.choice(["female", "male", "female", "male", "other"]),
            municipality=municipalities[rng.choice(PROJECT_MUNICIPALITIES)],
            employment_status=rng.choice(lists["employment_status"]),
            education=rng.choice(lists["education"]),
        )
        for n in range(1, PARTICIPANTS + 1)
    ]
    Participant.objects.bulk_create(participants)
    participants = list(demo.order_by("reference"))
    through = Participant.target_groups.through
    through.objects.bulk_create(
        through(participant_id=p.pk, category_id=category.pk)
        for p in participants
        for category in rng.sample(lists["target_group"], k=rng.choice([1, 1, 2]))
    )

    outcomes, weights = zip(*OUTCOME_WEIGHTS, strict=True)
    courses: list[OnboardingCourse] = []
    for participant in participants:
        start = _day(rng, date(2016, 2, 1), date(2020, 9, 30))
        for _ in range(rng.choice([1, 1, 1, 1, 2])):
            length = timedelta(days=rng.randint(28, 180))
            end = min(start + length, date(2020, 12, 31))
            outcome = rng.choices(outcomes, weights=weights)[0]
            courses.append(
                OnboardingCourse(
                    participant=participant,
                    project=project,
                    company=rng.choice(companies),
                    start_date=start,
                    end_date=end,
                    mentor=rng.random() < 0.4,
                    outcome=outcome,
                    outcome_date=end,
                )
            )
            start = end + timedelta(days=rng.randint(14, 90))
            if outcome != OnboardingCourse.Outcome.NO_JOB or start > date(2020, 9, 30):
                break
    OnboardingCourse.objects.bulk_create(courses)
    return DemoCounts(len(companies), len(participants), len(courses))
