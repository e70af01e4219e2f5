"""The grants models, one module per concept."""

from grants.models.cases import Case, CaseAttachment, CaseReference, FindingAcknowledgement
from grants.models.decisions import (
    FIGURES,
    BudgetLine,
    Disbursement,
    FinancingLine,
    FinancingTotal,
    GrantDecision,
    Recommendation,
    decision_figures,
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
    "decision_figures",
]
