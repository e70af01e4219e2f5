"""Roles exist with their permissions straight after migrate, in every app."""

import pytest
from django.contrib.auth.models import Group

from grants.roles import REGIONAL_STAFF, ROLE_PERMISSIONS, SECRETARIAT


@pytest.mark.django_db
@pytest.mark.parametrize("role", [REGIONAL_STAFF, SECRETARIAT])
def test_role_has_exactly_its_permissions_after_migrate(role: str) -> None:
    group = Group.objects.get(name=role)
    granted = {
        f"{app}.{codename}"
        for app, codename in group.permissions.values_list("content_type__app_label", "codename")
    }
    assert granted == set(ROLE_PERMISSIONS[role])


@pytest.mark.django_db
def test_no_role_sees_special_category_data() -> None:
    for group in Group.objects.all():
        assert not group.permissions.filter(codename__contains="special_categories").exists()
