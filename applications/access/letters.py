"""Who reads and writes grant letters and their conditions (django-rules).

| role           | letters                                         | conditions, writing |
|----------------|-------------------------------------------------|---------------------|
| regional_staff | all                                             | all                 |
| secretariat    | its projects'                                   | —                   |
| applicant      | its organisation's projects' and requests'      | —                   |
| forum_member   | — (reads the decision, not the letter)          | —                   |
| administrator  | all                                             | all                 |
"""

from __future__ import annotations

from typing import Any

import rules

from accounts.guards import AnyUser
from accounts.predicates import is_administrator, is_applicant, is_secretariat, manages_grants
from applications.models.letters import GrantLetter, letter_decisions
from grants.models import GrantDecision


@rules.predicate
def in_letter_scope(user: AnyUser, obj: Any = None) -> bool:
    """Without an object the role decides; with a decision or a letter, whether the user
    reads that decision's letters (`letter_scope`)."""
    if obj is None or manages_grants.test(user):
        return True
    if not isinstance(obj, GrantLetter | GrantDecision):
        return False
    decision_id = obj.decision_id if isinstance(obj, GrantLetter) else obj.pk
    return letter_decisions(user).filter(pk=decision_id).exists()


reads_letters = (manages_grants | is_secretariat | is_applicant) & in_letter_scope

rules.add_perm("applications.view_letters", reads_letters)
rules.add_perm("applications.write_letters", manages_grants)
rules.add_perm("applications.edit_conditions", manages_grants)

# The admin site's model permissions: administrators only (the site itself asks for the role).
for model in ("grantletter", "programmeconditions", "decisionconditions"):
    for action in ("view", "add", "change", "delete"):
        rules.add_perm(f"applications.{action}_{model}", is_administrator)
# The menu's "My grant letters": those who read their own projects' letters.
rules.add_perm("applications.list_own_letters", is_secretariat | is_applicant)
