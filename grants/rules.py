"""What each role may do: every permission of the application as a django-rules predicate.

Loaded by `rules.apps.AutodiscoverRulesConfig`; `rules.permissions.ObjectPermissionBackend`
answers `user.has_perm(name)` and `user.has_perm(name, obj)` from this table and those of the
other apps. Scope (which projects) comes from `accounts.scope`, so `visible_to(user)` lists and
these rules agree.

| role                     | grants (budgets, decisions, progress) | cases, PDFs | people       |
|--------------------------|---------------------------------------|-------------|--------------|
| regional_staff           | all projects, edit                    | edit        | aggregates   |
| secretariat              | own projects, read                    | —           | own projects |
| forum_member             | all projects, read                    | read        | aggregates   |
| administrator            | all, edit; the admin site             | edit        | all          |
"""

from __future__ import annotations

import rules

from accounts.predicates import (
    is_administrator,
    manages_grants,
    reads_all_projects,
    reads_cases,
    reads_projects,
)
from accounts.scope import in_project_scope

# Grant data tied to one project: its secretariat may read it too.
PROJECT_MODELS = [
    "project",
    "grantdecision",
    "budgetline",
    "financingline",
    "financingtotal",
    "effortarea",
    "projectfundingsource",
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
REFERENCE_MODELS = [
    "programme",
    "organisation",
    "fundingsource",
    "decisionbody",
    "indicator",
    "programmeindicator",
]
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
# Reopening an approved decision (back to draft, with a reason): administrators only.
rules.add_perm("grants.reopen_grantdecision", is_administrator & in_project_scope)
# Earlier versions of decisions (audit history): the region's.
rules.add_perm("grants.view_history", manages_grants & in_project_scope)
# The set-up pages (programmes, organisations, a project's rows and sources): the region's.
# Each page asks for the model permission of what it changes as well; this one guards the lists.
rules.add_perm("grants.set_up_projects", manages_grants)
