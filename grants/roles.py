"""Roles as Django groups. Codes are untranslated; only their labels are."""

from typing import Any

from django.contrib.auth.models import Group, Permission
from django.utils.translation import gettext_lazy as _

REGIONAL_STAFF = "regional_staff"
SECRETARIAT = "secretariat"

ROLE_LABELS = {
    REGIONAL_STAFF: _("Regional development staff"),
    SECRETARIAT: _("Project secretariat"),
}

_GRANT_MODELS = [
    "grantdecision",
    "budgetline",
    "financingline",
    "financingtotal",
    "recommendation",
    "disbursement",
    "case",
    "project",
    "effortarea",
    "programme",
    "organisation",
    "fundingsource",
    "projectorganisation",
    "projectlink",
    "target",
    "targetbreakdown",
    "caseattachment",
    "casereference",
    "findingacknowledgement",
]
_CRUD = ("view", "add", "change", "delete")
_COMPANY_MODELS = [
    "company",
    "industry",
    "industryassociation",
    "network",
    "municipality",
    "labourmarketarea",
]
_PARTICIPANT_MODELS = ["participant", "onboardingcourse"]

# Special-category participant data (participants.view_special_categories and
# participants.change_special_categories) belongs to no role: it is granted person by person.
ROLE_PERMISSIONS: dict[str, list[str]] = {
    REGIONAL_STAFF: [
        *(f"grants.{action}_{model}" for model in _GRANT_MODELS for action in _CRUD),
        "grants.view_all_projects",
        *(f"companies.view_{model}" for model in _COMPANY_MODELS),
    ],
    SECRETARIAT: [
        *(f"grants.view_{model}" for model in _GRANT_MODELS),
        *(f"companies.{action}_{model}" for model in _COMPANY_MODELS for action in _CRUD[:3]),
        *(f"participants.{action}_{model}" for model in _PARTICIPANT_MODELS for action in _CRUD),
        "participants.view_category",
    ],
}


def ensure_roles(**kwargs: Any) -> None:
    """Create the role groups with exactly their permissions (idempotent; runs after migrate)."""
    by_name = {
        f"{app_label}.{codename}": pk
        for pk, app_label, codename in Permission.objects.values_list(
            "pk", "content_type__app_label", "codename"
        )
    }
    for code, perms in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=code)
        group.permissions.set([by_name[perm] for perm in perms if perm in by_name])
