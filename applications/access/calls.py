"""Permissions of the calls part: the region's staff (and administrators) set calls and their
checklists up; applicants read the calls open now (`Call.objects.visible_to`).

| role                     | calls, checklists | open calls |
|--------------------------|-------------------|------------|
| regional_staff, admin    | all, edit         | read       |
| applicant                | —                 | read       |
| secretariat, forum       | —                 | —          |
"""

from __future__ import annotations

import rules

from accounts.predicates import is_applicant, manages_grants

CALL_MODELS = ["call", "checklisttemplate", "checklistquestion"]

for model in CALL_MODELS:
    for action in ("add", "change", "delete"):
        rules.add_perm(f"applications.{action}_{model}", manages_grants)
rules.add_perm("applications.view_checklisttemplate", manages_grants)
rules.add_perm("applications.view_checklistquestion", manages_grants)
# Every call for staff; the open ones for an applicant (the queryset's scope decides which).
rules.add_perm("applications.view_call", manages_grants | is_applicant)
# The staff's list of every call, and publishing one.
rules.add_perm("applications.manage_calls", manages_grants)
rules.add_perm("applications.publish_call", manages_grants)
# The list of the calls open now: who answers calls, and staff who check what they see.
rules.add_perm("applications.view_open_calls", is_applicant | manages_grants)
# Who answers calls: the menu's "Open calls" is theirs.
rules.add_perm("applications.answer_calls", is_applicant)
