"""factory_boy factories for spending: a programme's categories, reports, lines, payments."""

from __future__ import annotations

import datetime
from decimal import Decimal

import factory

from spending.models import (
    CostCategory,
    ExpenditureLine,
    Payment,
    ProgrammeFinance,
    ReportingDeadline,
    SpendingReport,
)
from tests.factories import (
    EffortAreaFactory,
    FundingSourceFactory,
    ProgrammeFactory,
    ProjectFactory,
    UserFactory,
)


class ProgrammeFinanceFactory(factory.django.DjangoModelFactory[ProgrammeFinance]):
    class Meta:
        model = ProgrammeFinance

    programme = factory.SubFactory(ProgrammeFactory)
    auditor_threshold = 500_000
    final_share_percent = Decimal("10.00")


class CostCategoryFactory(factory.django.DjangoModelFactory[CostCategory]):
    class Meta:
        model = CostCategory

    programme = factory.SubFactory(ProgrammeFactory)
    code = factory.Sequence(lambda n: f"C{n}")
    name = factory.Sequence(lambda n: f"Category {n}")
    kind = CostCategory.Kind.DIRECT
    order = factory.Sequence(lambda n: n)


class FlatRateFactory(CostCategoryFactory):
    kind = CostCategory.Kind.FLAT_RATE
    rate_percent = Decimal("18.00")
    base = factory.SubFactory(CostCategoryFactory, programme=factory.SelfAttribute("..programme"))


class DeadlineFactory(factory.django.DjangoModelFactory[ReportingDeadline]):
    class Meta:
        model = ReportingDeadline

    project = factory.SubFactory(ProjectFactory)
    period_start = datetime.date(2017, 1, 1)
    period_end = datetime.date(2017, 6, 30)
    due_on = datetime.date(2017, 8, 31)
    kind = ReportingDeadline.Kind.BOTH


class ReportFactory(factory.django.DjangoModelFactory[SpendingReport]):
    class Meta:
        model = SpendingReport

    project = factory.SubFactory(ProjectFactory)
    period_start = factory.Sequence(lambda n: datetime.date(2016, 1, 1) + datetime.timedelta(n))
    period_end = factory.LazyAttribute(lambda o: o.period_start + datetime.timedelta(180))
    status = SpendingReport.Status.DRAFT


class LineFactory(factory.django.DjangoModelFactory[ExpenditureLine]):
    class Meta:
        model = ExpenditureLine

    report = factory.SubFactory(ReportFactory)
    spent_on = factory.LazyAttribute(lambda o: o.report.period_start)
    paid_on = factory.LazyAttribute(lambda o: o.report.period_start)
    effort_area = factory.SubFactory(
        EffortAreaFactory, project=factory.SelfAttribute("..report.project")
    )
    cost_category = factory.SubFactory(
        CostCategoryFactory, programme=factory.SelfAttribute("..report.project.programme")
    )
    description = factory.Sequence(lambda n: f"Expense {n}")
    amount = 10_000


class PaymentFactory(factory.django.DjangoModelFactory[Payment]):
    class Meta:
        model = Payment

    project = factory.SubFactory(ProjectFactory)
    funding_source = factory.SubFactory(FundingSourceFactory)
    kind = Payment.Kind.ADVANCE
    amount = 10_000
    dated = datetime.date(2017, 3, 1)
    proposed_by = factory.SubFactory(UserFactory)
