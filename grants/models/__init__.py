"""The grants models, one module per concept."""

from grants.models.bodies import DecisionBody
from grants.models.cases import Case, CaseAttachment, CaseReference, FindingAcknowledgement
from grants.models.decisions import FIGURES, DecisionCase, GrantDecision, decision_figures
from grants.models.figures import ProjectFigures
from grants.models.indicators import (
    AGE_BANDS,
    GENDERS,
    MEASURE_DIMENSIONS,
    Dimension,
    Indicator,
    Measure,
    ProgrammeIndicator,
)
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
    "AGE_BANDS",
    "FIGURES",
    "GENDERS",
    "MEASURE_DIMENSIONS",
    "BudgetLine",
    "Case",
    "CaseAttachment",
    "CaseReference",
    "DecisionBody",
    "DecisionCase",
    "Dimension",
    "Disbursement",
    "EffortArea",
    "FinancingLine",
    "FinancingTotal",
    "FindingAcknowledgement",
    "FundingSource",
    "GrantDecision",
    "Indicator",
    "Measure",
    "Organisation",
    "Programme",
    "ProgrammeIndicator",
    "Project",
    "ProjectFigures",
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
