"""A user's group names, which every rule and the menu read: one query per request."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser, Group, User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.roles import ADMINISTRATOR, REGIONAL_STAFF, group_names
from tests.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_names_are_the_users_groups_read_once_per_user_object() -> None:
    user = StaffFactory.create()
    user.groups.add(Group.objects.get(name=ADMINISTRATOR))
    UserFactory.create().groups.add(Group.objects.get(name=REGIONAL_STAFF))  # another user's
    fresh = User.objects.get(pk=user.pk)
    with CaptureQueriesContext(connection) as queries:
        first = group_names(fresh)
        again = group_names(fresh)
    assert first == again == {name for name in user.groups.values_list("name", flat=True)}
    assert first == {REGIONAL_STAFF, ADMINISTRATOR}
    assert len(queries.captured_queries) == 1


def test_a_change_of_groups_shows_for_the_next_request() -> None:
    user = StaffFactory.create()
    assert group_names(User.objects.get(pk=user.pk)) == {REGIONAL_STAFF}
    user.groups.clear()
    assert group_names(User.objects.get(pk=user.pk)) == frozenset()


def test_no_one_logged_in_has_no_groups_and_asks_nothing() -> None:
    with CaptureQueriesContext(connection) as queries:
        assert group_names(AnonymousUser()) == frozenset()
    assert not queries.captured_queries


def test_a_role_is_decided_by_the_groups_read() -> None:
    user = User.objects.get(pk=StaffFactory.create().pk)
    assert user.has_perm("grants.view_project")
    user._group_names_cache = set()  # type: ignore[attr-defined]  # as read, once per request
    assert not user.has_perm("grants.view_project")
