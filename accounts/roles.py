"""Roles as Django groups. Codes are untranslated; only their labels are.

A role carries no database permissions: what each role may do is written once, as rules, in
`grants.rules`, so granting a group a permission in the admin cannot widen anybody's access.
Special-category participant data (`participants.view_special_categories`,
`participants.change_special_categories`) is the exception: it is granted person by person.
"""

from typing import Any

from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

REGIONAL_STAFF = "regional_staff"
SECRETARIAT = "secretariat"
FORUM_MEMBER = "forum_member"
ADMINISTRATOR = "administrator"

ROLE_LABELS = {
    REGIONAL_STAFF: _("Regional development staff"),
    SECRETARIAT: _("Project secretariat"),
    FORUM_MEMBER: _("Vækstforum member"),
    ADMINISTRATOR: _("Administrator"),
}


def role_label(code: str) -> str:
    """The translated label of a role code; the code itself when unknown."""
    return str(ROLE_LABELS.get(code, code))


def ensure_roles(**kwargs: Any) -> None:
    """Create the role groups, without database permissions (idempotent; runs after migrate)."""
    for code in ROLE_LABELS:
        group, _created = Group.objects.get_or_create(name=code)
        group.permissions.clear()
