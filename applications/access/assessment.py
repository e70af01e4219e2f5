"""Permissions of the assessment part: regional staff and administrators assess requests.

One permission guards the staff's list, the workspace and every action on it; the forum, the
secretariats and the applicants never reach them (403). The checklist's answers and the
messages are read on the admin site by the same roles; they are written only by the services.
"""

import rules

from accounts.predicates import manages_grants

rules.add_perm("applications.assess_request", manages_grants)
for model in ("checklistanswer", "requestmessage"):
    rules.add_perm(f"applications.view_{model}", manages_grants)
