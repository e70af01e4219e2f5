"""A project's money as XLSX (core's one writer) and PDF (core's one pipeline).

Both render the `ProjectMoney` the page renders: the same rows, in kroner.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core import xlsx
from core.pdf import html_to_pdf, page_counter_content
from spending.figures import ProjectMoney
from spending.money import Figures, Overview


def _cells(figures: Figures, *, paid: bool = True) -> list[int | Decimal | None]:
    cells: list[int | Decimal | None] = [figures.budget, figures.reported, figures.accepted]
    if paid:
        cells.append(figures.paid)
    return [*cells, figures.remaining, figures.percent_used]


def year_header() -> list[str]:
    return [
        _("Year"),
        _("Budget"),
        _("Reported"),
        _("Accepted"),
        _("Paid"),
        _("Remaining"),
        _("Share used"),
    ]


def area_header() -> list[str]:
    return [
        _("Effort area"),
        _("Budget"),
        _("Reported"),
        _("Accepted"),
        _("Remaining"),
        _("Share used"),
    ]


def year_rows(overview: Overview) -> Iterator[xlsx.Row]:
    for item in overview.years:
        yield xlsx.Row([str(item.year), *_cells(item.figures)])
    for period in overview.periods:
        label = _("%(first)s–%(last)s (not split by year)") % {
            "first": period.first_year,
            "last": period.last_year,
        }
        yield xlsx.Row([label, period.budget, None, None, None, None, None])
    yield xlsx.Row([_("Total"), *_cells(overview.total)], "bold")


def area_rows(overview: Overview) -> Iterator[xlsx.Row]:
    for area in overview.areas:
        yield xlsx.Row([area.label, *_cells(area.figures, paid=False)])


def _sheet(title: str, header: list[str], rows: Iterator[xlsx.Row], above: list[str]) -> xlsx.Sheet:
    columns = [
        xlsx.Column(name, width=30 if index == 0 else 15, align_right=index > 0)
        for index, name in enumerate(header)
    ]
    return xlsx.Sheet(
        title=title,
        columns=columns,
        rows=rows,
        above=[xlsx.Row([above[0]], "heading"), above[1:]],
    )


def money_book(money: ProjectMoney, *, warnings: bool) -> xlsx.Book:
    """The project's money by year and by effort area, each decision's, and the warnings."""
    project = money.project.name
    day = date_format(money.today)
    subject = [
        _("The money of %(project)s") % {"project": project},
        _("Kroner, %(day)s") % {"day": day},
    ]
    sheets = [
        _sheet(_("By year"), year_header(), year_rows(money.overview), subject),
        _sheet(_("By effort area"), area_header(), area_rows(money.overview), subject),
    ]
    for index, (decision, overview) in enumerate(money.decisions, start=1):
        above = [decision.title, subject[1]]
        sheets.append(
            _sheet(_("Decision %(n)s") % {"n": index}, year_header(), year_rows(overview), above)
        )
    if warnings:
        sheets.append(
            xlsx.Sheet(
                title=_("Warnings"),
                columns=[xlsx.Column(_("Warning"), width=110)],
                rows=[xlsx.Row([w.message], "wrap") for w in money.overview.warnings],
                above=[xlsx.Row([subject[0]], "heading")],
            )
        )
        if money.overview.claims:
            sheets.append(claims_sheet(money.overview, subject))
    return xlsx.Book(title=subject[0], sheets=sheets)


def claims_sheet(overview: Overview, subject: list[str]) -> xlsx.Sheet:
    """The project's claims for repayment, open and settled."""
    header = [
        (_("Recorded"), 12),
        (_("Funding source"), 30),
        (_("Amount (kr.)"), 15),
        (_("Decided by"), 30),
        (_("Reason"), 80),
        (_("Status"), 10),
    ]
    return xlsx.Sheet(
        title=_("Claims"),
        columns=[
            xlsx.Column(name, width=width, align_right=index == 2)
            for index, (name, width) in enumerate(header)
        ],
        rows=[
            xlsx.Row(
                [
                    claim.recorded_on,
                    claim.source,
                    claim.amount,
                    claim.origin,
                    claim.reason,
                    _("open") if claim.open else _("settled"),
                ],
                "wrap",
            )
            for claim in overview.claims
        ],
        above=[xlsx.Row([_("Claims for repayment")], "heading"), subject[:1]],
    )


def to_xlsx(money: ProjectMoney, *, warnings: bool) -> bytes:
    return xlsx.to_bytes(money_book(money, warnings=warnings))


def to_pdf(money: ProjectMoney, *, warnings: bool) -> bytes:
    """An A4 PDF of the project's money, through the one PDF pipeline (no network access)."""
    html = render_to_string(
        "spending/overview_pdf.html",
        {
            "money": money,
            "overview": money.overview,
            "show_warnings": warnings,
            "page_counter": page_counter_content(),
        },
    )
    return html_to_pdf(html)
