"""The grants models, one module per concept."""

from grants.models.cases import Case, CaseAttachment, CaseReference, FindingAcknowledgement
from grants.models.decisions import FIGURES, GrantDecision, decision_figures
from grants.models.lines import BudgetLine, FinancingLine, FinancingTotal
from grants.models.projects import (
    EffortArea,
    FundingSource,
    Organisation,
    Programme,
    Project,
    ProjectFundingSource,
    ProjectLink,
    ProjectMembership,
    ProjectOrganisation,
)
from grants.models.targets import Target, TargetBreakdown, TargetChange
from grants.models.terms import Disbursement, Recommendation

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
    "ProjectFundingSource",
    "ProjectLink",
    "ProjectMembership",
    "ProjectOrganisation",
    "Recommendation",
    "Target",
    "TargetBreakdown",
    "TargetChange",
    "decision_figures",
]
