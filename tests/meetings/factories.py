"""Meetings, agenda items and cases that can go on a locked agenda."""

from __future__ import annotations

import datetime
from typing import Any

import factory

from demo.grants import vaekstforum
from grants.models import Case, DecisionBody, GrantDecision, Recommendation
from meetings.models import AgendaItem, Meeting
from tests.factories import (
    BudgetLineFactory,
    CaseFactory,
    DecisionFactory,
    EffortAreaFactory,
    FinancingLineFactory,
    FundingSourceFactory,
    ProjectFactory,
)


class MeetingFactory(factory.django.DjangoModelFactory[Meeting]):
    class Meta:
        model = Meeting

    forum = factory.LazyFunction(vaekstforum)
    date = datetime.date(2027, 3, 12)
    place = factory.Sequence(lambda n: f"Regionshuset Viborg, mødelokale {n}")


class AgendaItemFactory(factory.django.DjangoModelFactory[AgendaItem]):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    case = factory.SubFactory(CaseFactory)
    number = factory.Sequence(lambda n: n + 1)
    order = factory.SelfAttribute("number")


def balanced_case(
    *,
    title: str = "",
    amount: int = 1_000_000,
    status: str = GrantDecision.Status.RECOMMENDED,
    body: DecisionBody | None = None,
    **case_fields: Any,
) -> Case:
    """A case with one decision whose budget and financing balance, with a recommendation that
    agrees with them: no consistency finding, so it can go on a locked agenda."""
    project = ProjectFactory.create()
    case = CaseFactory.create(project=project, **({"title": title} if title else {}), **case_fields)
    decision = DecisionFactory.create(
        project=project,
        first_year=2027,
        last_year=2027,
        status=status,
        deciding_body=body or vaekstforum(),
    )
    decision.cases.add(case)
    area = EffortAreaFactory.create(project=project, name=f"Indsats {case.pk}")
    source = FundingSourceFactory.create(
        recommendation_phrase="de regionale erhvervsudviklingsmidler"
    )
    BudgetLineFactory.create(decision=decision, effort_area=area, year=2027, amount=amount)
    FinancingLineFactory.create(decision=decision, funding_source=source, year=2027, amount=amount)
    Recommendation.objects.create(
        decision=decision, funding_source=source, amount=amount, first_year=2027, last_year=2027
    )
    return case


def unbalanced_case(**kwargs: Any) -> Case:
    """A balanced case whose recommendation asks for more than the table holds: one finding."""
    case = balanced_case(**kwargs)
    Recommendation.objects.filter(decision__cases=case).update(amount=2_000_000)
    return case
