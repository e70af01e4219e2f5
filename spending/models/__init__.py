"""The spending models, one module per concept."""

from spending.models.claims import RepaymentClaim
from spending.models.deadlines import ReportingDeadline
from spending.models.finance import CostCategory, ProgrammeFinance
from spending.models.payments import Payment
from spending.models.reports import ExpenditureImport, ExpenditureLine, SpendingReport

__all__ = [
    "CostCategory",
    "ExpenditureImport",
    "ExpenditureLine",
    "Payment",
    "ProgrammeFinance",
    "RepaymentClaim",
    "ReportingDeadline",
    "SpendingReport",
]
