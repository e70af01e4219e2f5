"""The case presentation (sagsfremstilling) as plain data, read from the database.

The preview page and the PDF render the same `CasePresentation`, so they cannot disagree. It is
read in a fixed number of queries, however many decisions, targets, attachments and references
the case has.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Prefetch
from django.utils.safestring import SafeString, mark_safe

from core.markup import render_markdown
from grants.cases.checks import open_findings
from grants.cases.wording import RecommendationLine, disbursement_sentence, recommendation_sentences
from grants.models import (
    Case,
    CaseAttachment,
    CaseReference,
    Disbursement,
    EffortArea,
    Recommendation,
    Target,
    TargetBreakdown,
)
from grants.queries import BudgetReport, case_report

# The document's header, as the region prints it on every page of a case paper.
ISSUER = "Region Midtjylland · Regional Udvikling"
AUTHOR = "Region Midtjylland, Regional Udvikling"


@dataclass(frozen=True)
class DecisionRecommendation:
    """What the case recommends for one decision: its sentences and its disbursement schedule."""

    title: str
    sentences: tuple[str, ...]
    disbursement: str  # "" when the decision has no schedule


@dataclass(frozen=True)
class Activity:
    """An effort area of the project with what is done in it."""

    name: str
    description: str


@dataclass(frozen=True)
class TargetPart:
    label: str
    value: int


@dataclass(frozen=True)
class TargetItem:
    decision_title: str
    indicator: str  # the indicator's label in the active language
    value: int
    breakdown: tuple[TargetPart, ...] = ()


@dataclass(frozen=True)
class AttachmentItem:
    pk: int
    title: str
    dated: date | None


@dataclass(frozen=True)
class ReferenceItem:
    title: str
    url: str  # may be ""

    @property
    def shows_url(self) -> bool:
        """Whether the address adds anything to the title ("www.x.dk" names its own address)."""
        bare = re.sub(r"^https?://", "", self.url).rstrip("/")
        return bool(self.url) and bare != self.title.strip().rstrip("/")


@dataclass(frozen=True)
class CasePresentation:
    """Everything the case paper shows, in the case paper's order."""

    case_id: int
    title: str
    project_name: str
    case_number: str
    meeting_date: date | None
    updated_at: datetime
    summary_html: SafeString
    recommendations: tuple[DecisionRecommendation, ...]
    text_html: SafeString
    activities: tuple[Activity, ...]
    economy_html: SafeString
    report: BudgetReport
    targets: tuple[TargetItem, ...]
    attachments: tuple[AttachmentItem, ...]
    references: tuple[ReferenceItem, ...]
    open_findings: int
    issuer: str = ISSUER
    author: str = AUTHOR

    @property
    def is_draft(self) -> bool:
        """A case with an open consistency finding prints, but only as a draft."""
        return self.open_findings > 0


_HEADING = re.compile(r"<(/?)h([2-5])>")


def demote_headings(html: SafeString) -> SafeString:
    """One level down: the case text's "## " sections sit under the document's own sections.

    `html` comes from `render_markdown`, whose headings carry no attributes.
    """
    demoted = _HEADING.sub(lambda m: f"<{m.group(1)}h{int(m.group(2)) + 1}>", str(html))
    return mark_safe(demoted)  # noqa: S308 - only tag names of sanitised HTML change


def _recommendations(report: BudgetReport) -> tuple[DecisionRecommendation, ...]:
    ids = [d.pk for d in report.decisions]
    # One list of recommendations per case: every amount in it in the same unit.
    ordered: list[tuple[int, RecommendationLine]] = []
    for recommendation in (
        Recommendation.objects.filter(decision_id__in=ids)
        .select_related("funding_source", "recipient")
        .order_by("decision_id", "order", "pk")
    ):
        source = recommendation.funding_source
        line = RecommendationLine(
            funds=source.recommendation_phrase or source.name,
            amount=recommendation.amount,
            first_year=recommendation.first_year,
            last_year=recommendation.last_year,
            recipient=recommendation.recipient.name if recommendation.recipient else "",
        )
        ordered.append((recommendation.decision_id, line))
    lines: dict[int, list[str]] = defaultdict(list)
    sentences = recommendation_sentences([line for _id, line in ordered])
    for (decision_id, _line), sentence in zip(ordered, sentences, strict=True):
        lines[decision_id].append(sentence)
    # decision -> the funds a part of its schedule pays out ("" for the whole) -> year -> kroner.
    schedules: dict[int, dict[str, dict[int, int]]] = defaultdict(dict)
    for decision_id, phrase, name, year, amount in (
        Disbursement.objects.filter(decision_id__in=ids)
        .order_by("decision_id", "funding_source__order", "funding_source_id", "year")
        .values_list(
            "decision_id",
            "funding_source__recommendation_phrase",
            "funding_source__name",
            "year",
            "amount",
        )
    ):
        schedules[decision_id].setdefault(phrase or name or "", {})[year] = amount
    return tuple(
        DecisionRecommendation(
            title=decision.title,
            sentences=tuple(lines[decision.pk]),
            disbursement=". ".join(
                disbursement_sentence(schedule, funds=funds)
                for funds, schedule in schedules[decision.pk].items()
            ),
        )
        for decision in report.decisions
        if lines[decision.pk] or schedules[decision.pk]
    )


def _targets(report: BudgetReport) -> tuple[TargetItem, ...]:
    titles = {d.pk: d.title for d in report.decisions}
    order = {d.pk: index for index, d in enumerate(report.decisions)}
    targets = sorted(
        Target.objects.filter(decision_id__in=titles)
        .select_related("indicator")
        .prefetch_related(
            Prefetch(
                "breakdown",
                queryset=TargetBreakdown.objects.select_related("industry"),
            )
        ),
        key=lambda t: (order[t.decision_id], t.indicator.code),
    )
    return tuple(
        TargetItem(
            decision_title=titles[target.decision_id],
            indicator=target.indicator.name,
            value=target.value,
            breakdown=tuple(TargetPart(p.label, p.value) for p in target.breakdown.all()),
        )
        for target in targets
    )


def case_presentation(case: Case) -> CasePresentation:
    """The presentation of `case` (read with its project), in the active language."""
    report = case_report(case)
    activities = tuple(
        Activity(name, description)
        for name, description in EffortArea.objects.filter(project_id=case.project_id)
        .order_by("order", "pk")
        .values_list("name", "description")
    )
    attachments = tuple(
        AttachmentItem(pk, title, dated)
        for pk, title, dated in CaseAttachment.objects.filter(case=case)
        .order_by("order", "pk")
        .values_list("pk", "title", "dated")
    )
    references = tuple(
        ReferenceItem(title, url)
        for title, url in CaseReference.objects.filter(case=case)
        .order_by("order", "pk")
        .values_list("title", "url")
    )
    return CasePresentation(
        case_id=case.pk,
        title=case.title,
        project_name=case.project.name,
        case_number=case.case_number,
        meeting_date=case.meeting_date,
        updated_at=case.updated_at,
        summary_html=demote_headings(render_markdown(case.summary)),
        recommendations=_recommendations(report),
        text_html=demote_headings(render_markdown(case.text)),
        activities=activities,
        economy_html=demote_headings(render_markdown(case.economy_text)),
        report=report,
        targets=_targets(report),
        attachments=attachments,
        references=references,
        open_findings=len(open_findings(case)),
    )
