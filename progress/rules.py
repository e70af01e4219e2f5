"""Who may report values for targets of reported indicators, and who approves them.

The project's secretariat reports what it achieved (administrators may too); regional staff
approve or return it, never a value they reported themselves (`progress.services`). Everyone
who reads a project's progress reads its reported values.
"""

from __future__ import annotations

import rules

from accounts.predicates import is_administrator, is_secretariat, manages_grants, reads_projects
from accounts.scope import in_project_scope

rules.add_perm("progress.view_reportedvalue", reads_projects & in_project_scope)
rules.add_perm("progress.add_reportedvalue", (is_secretariat | is_administrator) & in_project_scope)
rules.add_perm("progress.decide_reportedvalue", manages_grants & in_project_scope)
