"""Roles: untranslated codes with translated labels, and no permissions stored in the database."""

import pytest
from django.contrib.auth.models import Group
from django.utils import translation

from accounts.roles import (
    ADMINISTRATOR,
    FORUM_MEMBER,
    REGIONAL_STAFF,
    ROLE_LABELS,
    SECRETARIAT,
    role_label,
)


@pytest.mark.django_db
def test_every_role_exists_after_migrate_without_database_permissions() -> None:
    assert set(Group.objects.values_list("name", flat=True)) >= {
        REGIONAL_STAFF,
        SECRETARIAT,
        FORUM_MEMBER,
        ADMINISTRATOR,
    }
    for group in Group.objects.filter(name__in=ROLE_LABELS):
        assert not group.permissions.exists(), group.name


def test_role_codes_stay_codes_while_labels_are_translated() -> None:
    assert [REGIONAL_STAFF, SECRETARIAT, FORUM_MEMBER, ADMINISTRATOR] == [
        "regional_staff",
        "secretariat",
        "forum_member",
        "administrator",
    ]
    with translation.override("da"):
        assert role_label(SECRETARIAT) == "Projektsekretariat"
        assert role_label(FORUM_MEMBER) == "Medlem af Vækstforum"
    with translation.override("en"):
        assert role_label(SECRETARIAT) == "Project secretariat"
    assert role_label("unknown") == "unknown"
