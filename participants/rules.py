"""What each role may do with participants and their courses (django-rules)."""

from __future__ import annotations

import rules

from accounts.predicates import sees_special_categories, works_with_people
from accounts.scope import in_people_scope

for model in ["participant", "onboardingcourse"]:
    for action in ("view", "add", "change", "delete"):
        rules.add_perm(f"participants.{action}_{model}", works_with_people & in_people_scope)
rules.add_perm("participants.view_category", works_with_people)
# Data-subject rights (GDPR art. 15 and 17): those who hold the person's data. The export is
# complete, special categories included, so it also needs the clearance to see those.
rules.add_perm(
    "participants.export_personal_data",
    works_with_people & in_people_scope & sees_special_categories,
)
rules.add_perm("participants.erase_participant", works_with_people & in_people_scope)
