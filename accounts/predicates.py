"""The roles as django-rules predicates: who someone is, never which projects (`scope`)."""

from __future__ import annotations

import rules

from accounts.guards import AnyUser, has_perm
from accounts.roles import (
    ADMINISTRATOR,
    APPLICANT,
    FORUM_MEMBER,
    REGIONAL_STAFF,
    SECRETARIAT,
    group_names,
)


def _is_superuser(user: AnyUser) -> bool:
    return bool(getattr(user, "is_active", False) and getattr(user, "is_superuser", False))


is_superuser = rules.Predicate(_is_superuser)


def _member_of_group(code: str) -> rules.Predicate:
    # The group names are read once per request and kept on the user (`roles.group_names`).
    def member(user: AnyUser) -> bool:
        return code in group_names(user)

    return rules.is_active & rules.Predicate(member, name=f"is_group_member:{code}")


is_regional_staff = _member_of_group(REGIONAL_STAFF)
is_secretariat = _member_of_group(SECRETARIAT)
is_forum_member = _member_of_group(FORUM_MEMBER)
is_applicant = _member_of_group(APPLICANT)
is_administrator = _member_of_group(ADMINISTRATOR) | is_superuser

# Who reads every project's grants: budgets, decisions, progress.
reads_all_projects = is_regional_staff | is_forum_member | is_administrator
# Who sees the people (participants and their courses) of every project.
sees_all_people = is_administrator


def _sees_special_categories(user: AnyUser) -> bool:
    # Granted person by person, never by a role (answered by `accounts.backend`).
    return has_perm(user, "participants.view_special_categories")


sees_special_categories = rules.Predicate(_sees_special_categories)

# What the roles do, named once for the apps' rules.
manages_grants = is_regional_staff | is_administrator
reads_cases = is_regional_staff | is_forum_member | is_administrator
reads_projects = reads_all_projects | is_secretariat
works_with_people = is_secretariat | is_administrator
knows_companies = is_regional_staff | is_secretariat | is_administrator
