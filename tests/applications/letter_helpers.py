"""Approved decisions with figures, for the grant letter's tests and matrix."""

from __future__ import annotations

import secrets
from collections.abc import Mapping

from django.contrib.auth.models import AbstractBaseUser
from django.core.files.base import ContentFile

from applications.letter_data import current_fingerprints
from applications.models import GrantLetter
from grants.models import FundingSource, GrantDecision, Organisation, Project, ProjectOrganisation
from grants.public import decision_set_status
from tests.factories import (
    BudgetLineFactory,
    DecisionFactory,
    EffortAreaFactory,
    FinancingLineFactory,
    FundingSourceFactory,
    OrganisationFactory,
)

# Thousands of the seed's 2017–2018 top-up: ESF, REM and municipal/state per year.
SEED_FINANCING = {
    "EU's Socialfond": {2017: 1_000_000, 2018: 1_000_000},
    "Region Midtjylland REM midler": {2017: 500_000, 2018: 500_000},
    "Kommune/Stat": {2017: 500_000, 2018: 500_000},
}


def approved_decision(
    *,
    project: Project,
    by: AbstractBaseUser,
    financing: Mapping[str, Mapping[int, int]] = SEED_FINANCING,
    first_year: int = 2017,
    last_year: int = 2018,
) -> GrantDecision:
    """A decision of `project` whose budget (one effort area) balances `financing`, approved."""
    decision = DecisionFactory.create(
        project=project, first_year=first_year, last_year=last_year, title="Merbevilling"
    )
    area = EffortAreaFactory.create(project=project)
    per_year: dict[int, int] = {}
    for name, amounts in financing.items():
        source = FundingSource.objects.filter(name=name).first() or FundingSourceFactory.create(
            name=name
        )
        for year, amount in amounts.items():
            FinancingLineFactory.create(
                decision=decision, funding_source=source, year=year, amount=amount
            )
            per_year[year] = per_year.get(year, 0) + amount
    for year, amount in per_year.items():
        BudgetLineFactory.create(decision=decision, effort_area=area, year=year, amount=amount)
    return decision_set_status(decision=decision, status=GrantDecision.Status.APPROVED, by=by)


def applicant_of(project: Project, organisation: Organisation | None = None) -> Organisation:
    """`project`'s applicant organisation (made one if not given)."""
    organisation = organisation or OrganisationFactory.create()
    ProjectOrganisation.objects.create(
        project=project, organisation=organisation, role=ProjectOrganisation.Role.APPLICANT
    )
    return organisation


def stored_letter(decision: GrantDecision, *, by: AbstractBaseUser, number: int = 1) -> GrantLetter:
    """A current letter of `decision` without rendering its PDF (a stand-in file): for tests
    about access and lists, where writing real PDFs would only cost time."""
    letter = GrantLetter(
        decision=decision,
        number=number,
        token=secrets.token_urlsafe(32),
        fingerprint=current_fingerprints([decision])[decision.pk],
        written_by_id=by.pk,
    )
    letter.file.save("letter.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    letter.save()
    return letter
