"""Calls, applications, change requests, their assessment and the grant letter."""

from applications.models.assessment import ChecklistAnswer, RequestMessage
from applications.models.calls import Call, ChecklistQuestion, ChecklistTemplate
from applications.models.letters import DecisionConditions, GrantLetter, ProgrammeConditions
from applications.models.parts import (
    RequestArea,
    RequestAttachment,
    RequestBudgetLine,
    RequestFinancingLine,
    RequestOrganisation,
    RequestTarget,
    RequestVersion,
)
from applications.models.requests import ApplicantMembership, Request

__all__ = [
    "ApplicantMembership",
    "Call",
    "ChecklistAnswer",
    "ChecklistQuestion",
    "ChecklistTemplate",
    "DecisionConditions",
    "GrantLetter",
    "ProgrammeConditions",
    "Request",
    "RequestArea",
    "RequestAttachment",
    "RequestBudgetLine",
    "RequestFinancingLine",
    "RequestMessage",
    "RequestOrganisation",
    "RequestTarget",
    "RequestVersion",
]
