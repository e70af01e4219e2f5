"""What each role may do: every permission of the application as a django-rules predicate.

Loaded by `rules.apps.AutodiscoverRulesConfig`; `rules.permissions.ObjectPermissionBackend`
answers `user.has_perm(name)` and `user.has_perm(name, obj)` from this table. Scope (which
projects) comes from `grants.access`, so `visible_to(user)` lists and these rules agree.

| role                     | grants (budgets, decisions, progress) | cases, PDFs | people       |
|--------------------------|---------------------------------------|-------------|--------------|
| regional_staff           | all projects, edit                    | edit        | aggregates   |
| secretariat              | own projects, read                    | —           | own projects |
| forum_member             | all projects, read                    | read        | aggregates   |
| administrator            | all, edit; the admin site             | edit        | all          |
"""

from __future__ import annotations

import rules
from django.apps import apps

from grants.access import (
    in_people_scope,
    in_project_scope,
    is_administrator,
    is_forum_member,
    is_regional_staff,
    is_secretariat,
    reads_all_projects,
    sees_special_categories,
)

manages_grants = is_regional_staff | is_administrator
reads_cases = is_regional_staff | is_forum_member | is_administrator
reads_projects = reads_all_projects | is_secretariat
works_with_people = is_secretariat | is_administrator
knows_companies = is_regional_staff | is_secretariat | is_administrator

# Grant data tied to one project: its secretariat may read it too.
PROJECT_MODELS = [
    "project",
    "grantdecision",
    "budgetline",
    "financingline",
    "financingtotal",
    "effortarea",
    "projectorganisation",
    "projectlink",
    "target",
    "targetbreakdown",
    "targetchange",
]
# The case for Vækstforum and what belongs to it: the region's and the forum's.
CASE_MODELS = [
    "case",
    "recommendation",
    "disbursement",
    "caseattachment",
    "casereference",
    "findingacknowledgement",
]
# Reference data everybody with a grants role reads.
REFERENCE_MODELS = ["programme", "organisation", "fundingsource"]
CHANGE_ACTIONS = ("add", "change", "delete")

for model in PROJECT_MODELS:
    rules.add_perm(f"grants.view_{model}", reads_projects & in_project_scope)
for model in CASE_MODELS:
    rules.add_perm(f"grants.view_{model}", reads_cases & in_project_scope)
for model in REFERENCE_MODELS:
    rules.add_perm(f"grants.view_{model}", reads_projects)
for model in PROJECT_MODELS + CASE_MODELS + REFERENCE_MODELS:
    for action in CHANGE_ACTIONS:
        rules.add_perm(f"grants.{action}_{model}", manages_grants & in_project_scope)

# A programme's progress adds up every project in it: not for one project's secretariat.
rules.add_perm("grants.view_programme_progress", reads_all_projects)
# Earlier versions of decisions (audit history): the region's.
rules.add_perm("grants.view_history", manages_grants & in_project_scope)

for model in ["participant", "onboardingcourse"]:
    for action in ("view", *CHANGE_ACTIONS):
        rules.add_perm(f"participants.{action}_{model}", works_with_people & in_people_scope)
rules.add_perm("participants.view_category", works_with_people)
# Data-subject rights (GDPR art. 15 and 17): those who hold the person's data. The export is
# complete, special categories included, so it also needs the clearance to see those.
rules.add_perm(
    "participants.export_personal_data",
    works_with_people & in_people_scope & sees_special_categories,
)
rules.add_perm("participants.erase_participant", works_with_people & in_people_scope)

rules.add_perm("companies.view_company", knows_companies)
rules.add_perm("companies.add_company", works_with_people)
# Any secretariat may correct a company and link it to their project; links to projects they
# cannot see stay as they are (`companies.services.company_save`).
rules.add_perm("companies.change_company", works_with_people)
for model in ["industry", "industryassociation", "network", "municipality", "labourmarketarea"]:
    rules.add_perm(f"companies.view_{model}", knows_companies)

# The admin site (users, roles, memberships, reference data) is the administrators'.
rules.add_perm("grants.use_admin", is_administrator)


def _administrator_holds_the_rest() -> None:
    """Every other model permission (the admin's pages) belongs to administrators only.

    So do the apps' module permissions, which the admin asks to list an app's models.
    """
    for config in apps.get_app_configs():
        if not rules.perm_exists(config.label):
            rules.add_perm(config.label, is_administrator)
    for model in apps.get_models():
        opts = model._meta
        for action in opts.default_permissions:
            name = f"{opts.app_label}.{action}_{opts.model_name}"
            if not rules.perm_exists(name):
                rules.add_perm(name, is_administrator)


_administrator_holds_the_rest()
