"""The XLSX template for the expenditure import: a sheet to fill in and a help sheet listing
the report's effort areas and cost categories."""

from __future__ import annotations

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from core import xlsx
from core.amounts import MAX_AMOUNT
from grants.models import EffortArea
from spending.imports.reader import (
    AMOUNT,
    COLUMNS,
    COST_CATEGORY,
    DATE_COLUMNS,
    DESCRIPTION,
    EFFORT_AREA,
    INVOICE_NUMBER,
    MAX_ROWS,
    MAX_UPLOAD_MEGABYTES,
    PAID_ON,
    SPENT_ON,
)
from spending.models import CostCategory


def _column_help() -> list[tuple[str, bool, str, str]]:
    return [
        (SPENT_ON, True, _("The date of the expense, within the report's period."), "2017-03-01"),
        (PAID_ON, True, _("The date the expense was paid."), "2017-03-15"),
        (EFFORT_AREA, True, _("The effort area's name, as listed below."), ""),
        (
            COST_CATEGORY,
            True,
            _("The cost category's code (or name), as listed below; never a flat rate."),
            "",
        ),
        (DESCRIPTION, True, _("What the expense was, at most 300 characters."), ""),
        (INVOICE_NUMBER, False, _("The invoice or voucher number."), "F-2017-031"),
        (AMOUNT, True, _("The amount in whole kroner, without decimals."), "12000"),
    ]


def template_workbook(*, areas: list[EffortArea], categories: list[CostCategory]) -> bytes:
    """The XLSX to fill in, with the project's areas and the programme's categories listed."""
    lines = _line_sheet(areas=areas, categories=categories)
    book = xlsx.Book(
        title=_("Expenditure lines to import"),
        sheets=[lines, _help_sheet(sheet=lines.title[:31], areas=areas, categories=categories)],
    )
    return xlsx.to_bytes(book)


def _line_sheet(*, areas: list[EffortArea], categories: list[CostCategory]) -> xlsx.Sheet:
    date_check = xlsx.Validation(
        type="date",
        operator="greaterThan",
        formula1="DATE(1900,1,1)",
        error_title=_("Not a date"),
        error=_("Enter a date, e.g. 2017-03-01."),
    )
    amount_check = xlsx.Validation(
        type="whole",
        operator="between",
        formula1="0",
        formula2=str(MAX_AMOUNT),
        error_title=_("Not whole kroner"),
        error=_("Enter the amount in whole kroner, without decimals."),
    )
    choices = {
        EFFORT_AREA: xlsx.Validation.choices([a.name for a in areas if not a.retired]),
        COST_CATEGORY: xlsx.Validation.choices([c.code for c in categories if not c.is_flat_rate]),
    }

    def column(code: str) -> xlsx.Column:
        if code in DATE_COLUMNS:
            return xlsx.Column(code, number_format=xlsx.DATE, validation=date_check)
        if code == AMOUNT:
            return xlsx.Column(code, number_format=xlsx.WHOLE, validation=amount_check)
        if code == INVOICE_NUMBER:
            return xlsx.Column(code, number_format=xlsx.TEXT)
        return xlsx.Column(code, validation=choices.get(code))

    return xlsx.Sheet(
        title=_("Expenditure"), columns=[column(code) for code in COLUMNS], validated_rows=MAX_ROWS
    )


def _help_sheet(
    *, sheet: str, areas: list[EffortArea], categories: list[CostCategory]
) -> xlsx.Sheet:
    notes: list[xlsx.Line] = [
        xlsx.Row([_("How to fill in the sheet “%(sheet)s”") % {"sheet": sheet}], "heading"),
        [_("Each row is one expense. Keep the first row, the column names, as it is.")],
        [
            _(
                "All rows are imported, or none: if a row has a problem, nothing is imported and "
                "every problem is listed with its row number and column."
            )
        ],
        [
            _("At most %(rows)s rows and %(size)s MB per file.")
            % {"rows": number_format(MAX_ROWS, force_grouping=True), "size": MAX_UPLOAD_MEGABYTES}
        ],
        [],
    ]
    rows: list[xlsx.Line] = [
        xlsx.Row([column, _("required") if required else _("optional"), text, example], "wrap")
        for column, required, text, example in _column_help()
    ]
    rows.append([])
    rows.append(xlsx.Row([_("Effort area")], "bold"))
    rows.extend([area.name] for area in areas if not area.retired)
    rows.append([])
    rows.append(xlsx.Row([_("Code"), _("Cost category"), _("Kind")], "bold"))
    rows.extend(
        [category.code, category.name, str(category.get_kind_display())] for category in categories
    )
    columns = [
        xlsx.Column(_("Column"), width=20),
        xlsx.Column(_("Fill in"), width=14),
        xlsx.Column(_("What to enter"), width=80),
        xlsx.Column(_("Example"), width=16),
    ]
    return xlsx.Sheet(title=_("Help"), columns=columns, above=notes, rows=rows, freeze=False)
