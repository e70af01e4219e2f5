"""Early warnings of a project's money: their kinds, thresholds and words.

Plain data, no ORM. `spending.money.warnings_of` finds them; the pages, the front page, the
XLSX and the PDF show their `message`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.numbers import format_amount, format_kroner


@dataclass(frozen=True)
class DeadlineFigures:
    id: int
    period_start: date
    period_end: date
    due_on: date
    met: bool
    final: bool = False


@dataclass(frozen=True)
class Thresholds:
    """A programme's warning thresholds, in per cent (`spending.models.ProgrammeFinance`)."""

    underspend_percent: Decimal = Decimal(75)
    overspend_tolerance_percent: Decimal = Decimal(10)
    payment_behind_percent: Decimal = Decimal(25)


# The kinds of early warning, and the words of those that compare amounts.
UNDERSPENDING = "underspending"
OVERSPENDING = "overspending"
OVERDUE_REPORT = "overdue_report"
PAYMENTS_BEHIND = "payments_behind"
# More authorised or paid from a funding source than the decisions grant from it (data from
# before the ceiling held both ways), and a claim for repayment not yet settled.
OVER_COMMITTED = "over_committed"
OPEN_CLAIM = "open_claim"
_WORDS = {
    UNDERSPENDING: gettext_lazy(
        "Under-spending: accepted plus forecast, %(actual)s kr., is below %(share)s %% of the "
        "budget to date, %(limit)s kr."
    ),
    OVERSPENDING: gettext_lazy(
        "Over-spending in %(area)s: %(actual)s kr. accepted against a budget of %(limit)s kr. "
        "(more than %(share)s %% over)."
    ),
    PAYMENTS_BEHIND: gettext_lazy(
        "Payments behind the disbursement schedule: %(actual)s kr. paid of %(limit)s kr. "
        "scheduled to date (more than %(share)s %% behind)."
    ),
    OVER_COMMITTED: gettext_lazy(
        "More paid out than granted from %(source)s: %(actual)s kr. authorised or paid against "
        "%(limit)s kr. granted."
    ),
    OPEN_CLAIM: gettext_lazy(
        "Open claim for repayment of %(actual)s kr. to %(source)s (%(origin)s): the grant was "
        "lowered below what was paid out."
    ),
}


@dataclass(frozen=True)
class EarlyWarning:
    """What the warning compares: `actual` against `limit` (kroner), or an overdue deadline."""

    kind: str
    actual: int = 0
    limit: int = 0
    # The programme's threshold the comparison used, in per cent.
    share: Decimal = Decimal(0)
    area: str = ""
    deadline: DeadlineFigures | None = None
    # The funding source a ceiling warning is about, and where a claim was decided.
    source: str = ""
    origin: str = ""

    @property
    def message(self) -> str:
        values = {
            "actual": format_kroner(self.actual),
            "limit": format_kroner(self.limit),
            "share": format_amount(self.share),
            "area": self.area,
            "source": self.source,
            "origin": self.origin,
        }
        if self.kind in _WORDS:
            return str(_WORDS[self.kind]) % values
        deadline = self.deadline
        assert deadline is not None
        return _("Report overdue: the report for %(start)s–%(end)s was due on %(due)s.") % {
            # A line in a list of warnings: the dates short, as in a table.
            "start": date_format(deadline.period_start, "SHORT_DATE_FORMAT"),
            "end": date_format(deadline.period_end, "SHORT_DATE_FORMAT"),
            "due": date_format(deadline.due_on, "SHORT_DATE_FORMAT"),
        }
