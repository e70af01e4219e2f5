"""The grants models, one module per concept."""

from core.validators import MAX_YEAR, MIN_YEAR, validate_cvr
from grants.models.cases import CaseAttachment, CaseReference, FindingAcknowledgement
from grants.models.decisions import (
    FIGURES,
    BudgetLine,
    Case,
    Disbursement,
    FinancingLine,
    FinancingTotal,
    GrantDecision,
    Recommendation,
)
from grants.models.projects import (
    EffortArea,
    FundingSource,
    Organisation,
    Programme,
    Project,
    ProjectLink,
    ProjectMembership,
    ProjectOrganisation,
)
from grants.models.targets import Target, TargetBreakdown, TargetChange

__all__ = [
    "FIGURES",
    "MAX_YEAR",
    "MIN_YEAR",
    "BudgetLine",
    "Case",
    "CaseAttachment",
    "CaseReference",
    "Disbursement",
    "EffortArea",
    "FinancingLine",
    "FinancingTotal",
    "FindingAcknowledgement",
    "FundingSource",
    "GrantDecision",
    "Organisation",
    "Programme",
    "Project",
    "ProjectLink",
    "ProjectMembership",
    "ProjectOrganisation",
    "Recommendation",
    "Target",
    "TargetBreakdown",
    "TargetChange",
    "validate_cvr",
]
