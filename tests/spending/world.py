"""A small world for the spending tests: one project with a grant, its categories and people."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import User

from grants.models import (
    EffortArea,
    FinancingLine,
    FundingSource,
    GrantDecision,
    Project,
)
from spending.models import CostCategory, ProgrammeFinance, SpendingReport
from spending.services import reports as report_services
from tests.factories import (
    AdministratorFactory,
    BudgetLineFactory,
    DecisionFactory,
    EffortAreaFactory,
    FinancingLineFactory,
    FundingSourceFactory,
    MembershipFactory,
    ProjectFactory,
    SecretariatFactory,
    StaffFactory,
)
from tests.spending.factories import CostCategoryFactory, FlatRateFactory

GRANTED = 1_000_000


@dataclass
class World:
    project: Project
    area: EffortArea
    other_area: EffortArea
    source: FundingSource
    decision: GrantDecision
    financing: FinancingLine
    salary: CostCategory
    external: CostCategory
    flat: CostCategory
    finance: ProgrammeFinance
    secretariat: User
    staff: User
    other_staff: User
    admin: User

    def report(self, **kwargs: object) -> SpendingReport:
        values: dict[str, object] = {
            "period_start": datetime.date(2017, 1, 1),
            "period_end": datetime.date(2017, 6, 30),
        }
        values.update(kwargs)
        return report_services.report_create(
            project=self.project,
            by=self.secretariat,
            **values,  # type: ignore[arg-type]
        )

    def line(self, report: SpendingReport, amount: int = 10_000, **kwargs: object) -> object:
        fields: dict[str, object] = {
            "spent_on": datetime.date(2017, 2, 1),
            "paid_on": datetime.date(2017, 2, 15),
            "effort_area": self.area,
            "cost_category": self.salary,
            "description": "Projektleder, løn februar",
            "invoice_number": "F-1",
            "amount": amount,
        }
        fields.update(kwargs)
        return report_services.line_add(report=report, by=self.secretariat, fields=fields)


def build_world() -> World:
    project = ProjectFactory.create()
    area = EffortAreaFactory.create(project=project, name="Virksomhedsindsats")
    other_area = EffortAreaFactory.create(project=project, name="Borgerindsats")
    source = FundingSourceFactory.create(name="Regionale erhvervsudviklingsmidler")
    decision = DecisionFactory.create(
        project=project, first_year=2016, last_year=2018, status=GrantDecision.Status.APPROVED
    )
    BudgetLineFactory.create(decision=decision, effort_area=area, year=2017, amount=GRANTED)
    financing = FinancingLineFactory.create(
        decision=decision, funding_source=source, year=2017, amount=GRANTED
    )
    salary = CostCategoryFactory.create(programme=project.programme, code="SAL", name="Direkte løn")
    external = CostCategoryFactory.create(
        programme=project.programme, code="EXT", name="Eksterne ydelser"
    )
    flat = FlatRateFactory.create(
        programme=project.programme,
        code="FLAT18",
        name="Indirekte omkostninger",
        rate_percent=Decimal("18.00"),
        base=salary,
    )
    finance = ProgrammeFinance.objects.create(
        programme=project.programme, auditor_threshold=500_000
    )
    secretariat = SecretariatFactory.create()
    MembershipFactory.create(project=project, user=secretariat)
    return World(
        project=project,
        area=area,
        other_area=other_area,
        source=source,
        decision=decision,
        financing=financing,
        salary=salary,
        external=external,
        flat=flat,
        finance=finance,
        secretariat=secretariat,
        staff=StaffFactory.create(),
        other_staff=StaffFactory.create(),
        admin=AdministratorFactory.create(),
    )
