"""What each role may do with spending reports, payments and their set-up (django-rules).

| role           | deadlines         | reports                       | payments                |
|----------------|-------------------|-------------------------------|-------------------------|
| regional_staff | all, set up       | all: review, accept, return   | all: propose, authorise |
| secretariat    | own project, read | own: enter, import, submit    | own project, read       |
| forum_member   | —                 | — (the money overview only)   | —                       |
| administrator  | all               | all                           | all                     |

Programme finance settings and cost categories: regional staff and administrators.

Four eyes (the one who accepts a report or authorises a payment is not the one who submitted
or proposed it) is not a role's right: the services refuse it, whoever asks.
"""

from __future__ import annotations

import rules

from accounts.predicates import is_administrator, is_secretariat, manages_grants, reads_projects
from accounts.scope import in_project_scope

# The project's own secretariat, and the region (and the administrators) for every project.
reads_spending = (is_secretariat | manages_grants) & in_project_scope
# Writing a report is the secretariat's (administrators may stand in).
enters_reports = (is_secretariat | is_administrator) & in_project_scope
# Reviewing, paying and setting up are the region's.
reviews_spending = manages_grants & in_project_scope

rules.add_perm("spending.view_reports", reads_spending)
rules.add_perm("spending.enter_reports", enters_reports)
rules.add_perm("spending.review_reports", reviews_spending)
rules.add_perm("spending.view_payments", reads_spending)
rules.add_perm("spending.manage_payments", reviews_spending)
rules.add_perm("spending.view_deadlines", reads_spending)
rules.add_perm("spending.manage_deadlines", reviews_spending)
# Programme finance settings and cost categories span projects: the region's.
rules.add_perm("spending.manage_finance", manages_grants)

# The admin site's model permissions: administrators only (the site itself asks for the role).
for model in (
    "programmefinance",
    "costcategory",
    "reportingdeadline",
    "spendingreport",
    "expenditureline",
    "payment",
    "repaymentclaim",
):
    for action in ("view", "add", "change", "delete"):
        rules.add_perm(f"spending.{action}_{model}", is_administrator)

# --- The money overview (added by the overview helper below this line) ---------------------
# The money overview (budget, reported, accepted, paid, % used) is aggregates: everybody who
# reads the project's grants reads it (the forum too); the warnings are for those who act on
# them (the region, the administrators, the project's own secretariat).
rules.add_perm("spending.view_money", reads_projects & in_project_scope)
rules.add_perm("spending.view_money_warnings", reads_spending)
# The warning list across a programme's projects: the region's.
rules.add_perm("spending.view_programme_warnings", manages_grants)
