"""Permissions of the requests part: who sees, starts and edits applications and change requests.

Seeing follows `Request.objects.visible_to(user)`: staff and administrators every request, an
applicant its organisations', a secretariat its projects' change requests. Editing is the
owner's alone (the applicant, the project's secretariat), and only while the request is a draft
or returned with questions: staff assess a request, they do not write the applicant's content.
"""

from __future__ import annotations

import rules

from accounts import scope
from accounts.guards import AnyUser
from accounts.predicates import is_applicant, is_secretariat, manages_grants
from applications.models.requests import Request, applicant_organisation_ids


@rules.predicate
def owns_request(user: AnyUser, obj: object | None) -> bool:
    """Without an object: yes (the role decides). With one: the user asks on its behalf."""
    if obj is None:
        return True
    if not isinstance(obj, Request):
        return False
    if is_applicant.test(user) and obj.organisation_id in applicant_organisation_ids(user):
        return True
    return bool(
        is_secretariat.test(user)
        and not obj.is_application
        and obj.project_id in scope.member_project_ids(user)
    )


@rules.predicate
def request_editable(user: AnyUser, obj: object | None) -> bool:
    return obj is None or (isinstance(obj, Request) and obj.editable)


@rules.predicate
def request_returned(user: AnyUser, obj: object | None) -> bool:
    return obj is None or (isinstance(obj, Request) and obj.status == Request.Status.MORE_INFO)


@rules.predicate
def in_project_of_secretariat(user: AnyUser, obj: object | None) -> bool:
    """A project (to start a change request of): one of the secretariat's own."""
    return obj is None or getattr(obj, "pk", None) in scope.member_project_ids(user)


asks = is_applicant | is_secretariat
rules.add_perm("applications.view_request", manages_grants | (asks & owns_request))
rules.add_perm("applications.change_request", asks & owns_request & request_editable)
rules.add_perm("applications.answer_request", asks & owns_request & request_returned)
rules.add_perm("applications.submit_request", asks & owns_request & request_editable)
# Starting an application: an applicant; a change request: the project's secretariat or staff.
rules.add_perm("applications.add_application", is_applicant)
rules.add_perm(
    "applications.add_change_request", manages_grants | (is_secretariat & in_project_of_secretariat)
)
# The lists of one's own requests.
rules.add_perm("applications.list_requests", manages_grants | asks)
# The menu's "My applications": those who ask.
rules.add_perm("applications.list_own_requests", asks)
# Who applies for which organisation: the region's, in the admin.
for _action in ("view", "add", "change", "delete"):
    rules.add_perm(f"applications.{_action}_applicantmembership", manages_grants)
