"""Every page's breadcrumbs, from one table: the page's place under the front page.

A page names its parent by its URL name in `PARENTS`: a list page ("grants:project_list") or
an object the page hangs on ("project", "decision", "case", "meeting", "report", …), read from
the objects the view already put in its context, so a trail costs no query of its own. The
page itself ends the trail under its own title (`{% block title %}`, captured by base.html).
A link the user's menu does not reach (a list of another role) is left out, so a trail only
leads where the user may go; a confirmation page (`core.confirm`) brings its own trail.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from accounts.guards import AnyUser
from accounts.trails import LISTS, Context, Crumb, Trail, Trails

__all__ = ["LISTS", "NO_TRAIL", "PARENTS", "Crumb", "trail"]

Node = Callable[[Trails], Trail]


def _list(name: str) -> Node:
    return lambda trails: trails.list(name)


def _parents(node: Node, names: Sequence[str]) -> dict[str, Node]:
    return dict.fromkeys(names, node)


def _calls(trails: Trails) -> Trail:
    """Under the staff's list of calls, or under an applicant's open calls."""
    staff = "calls" in trails.reach
    return trails.list("applications:call_list" if staff else "applications:open_calls")


# The applications room's set-up pages, under the staff's list of calls.
_CALL_PAGES = "call_create checklist_list checklist_create checklist_detail checklist_edit"
_CALL_PAGES += " checklist_copy question_edit"


def _app(names: str) -> list[str]:
    return [f"applications:{name}" for name in names.split()]


REQUEST_PAGES = """request_difference request_submit request_edit request_organisations request_grid
request_organisation_edit request_organisation_remove request_areas request_area_rename
request_area_remove request_targets request_attachments request_answer attachment_delete"""


def _assessment(trails: Trails) -> Trail:
    """Under the staff's list, the workspace of the request the page is about."""
    trail, assessed = trails.list("applications:request_list"), trails.get("assessed")
    url = reverse("applications:request_assess", args=[assessed.pk]) if assessed else ""
    return [*trail, Crumb(assessed.title, url)] if assessed else trail


def _notifications(trails: Trails) -> Trail:
    """Under the user's notifications (the header's bell, reached by every signed-in user)."""
    return [*trails.home(), Crumb(str(_("Notifications")), reverse("notifications:list"))]


# URL name -> the trail above the page. A URL name missing here (a download, a POST that only
# redirects, a JSON answer) shows the front page above it.
PARENTS: dict[str, Node] = {
    **_parents(
        _list("grants:project_list"),
        ["grants:project_detail", "grants:project_create", "progress:programme_progress"],
    ),
    **_parents(
        Trails.project,
        [
            "grants:project_update",
            "grants:decision_create",
            "grants:case_create",
            "grants:effortarea_list",
            "grants:projectfundingsource_list",
            "grants:projectfundingsource_add",
            "grants:projectfundingsource_remove",
            "grants:decision_detail",
            "grants:case_detail",
            "progress:project_progress",
            "progress:reported_list",
            "spending:project_money",
            "spending:report_create",
            "spending:payment_create",
            "spending:deadline_create",
            "grants:budget_table",
        ],
    ),
    **_parents(
        Trails.effort_areas,
        [
            "grants:effortarea_create",
            "grants:effortarea_update",
            "grants:effortarea_retire",
            "grants:effortarea_delete",
        ],
    ),
    **_parents(
        Trails.decision,
        [
            "grants:decision_update",
            "grants:decision_budget",
            "grants:decision_delete",
            "grants:decision_reopen",
            "grants:decision_history",
            "grants:decision_targets",
            "grants:target_breakdown",
            "progress:target_edit",
            "spending:decision_money",
        ],
    ),
    "grants:decision_restore": Trails.history,
    **_parents(
        Trails.case,
        [
            "grants:case_edit",
            "grants:case_decisions",
            "grants:case_recommendations",
            "grants:case_disbursements",
            "grants:case_preview",
            "grants:attachment_upload",
            "grants:attachment_delete",
        ],
    ),
    **_parents(Trails.progress, ["progress:reported_create"]),
    **_parents(
        Trails.reported,
        ["progress:reported_detail", "progress:reported_approve", "progress:reported_return"],
    ),
    # Meetings.
    **_parents(
        _list("meetings:meeting_list"), ["meetings:meeting_detail", "meetings:meeting_create"]
    ),
    **_parents(
        Trails.meeting,
        [
            "meetings:meeting_update",
            "meetings:item_add",
            "meetings:meeting_step",
            "meetings:item_move",
            "meetings:item_remove",
            "meetings:item_restore",
            "meetings:decision_record",
        ],
    ),
    # Spending reports, payments, deadlines, finance set-up and warnings.
    **_parents(_list("spending:report_list"), ["spending:report_detail", "spending:deadline_list"]),
    **_parents(
        Trails.report,
        [
            "spending:report_update",
            "spending:report_delete",
            "spending:report_submit",
            "spending:statement_upload",
            "spending:line_create",
            "spending:line_import",
            "spending:line_update",
            "spending:line_delete",
            "spending:line_restore",
            "spending:line_review",
            "spending:report_accept",
            "spending:report_return",
        ],
    ),
    **_parents(
        _list("spending:payment_list"),
        [
            "spending:payment_detail",
            "spending:payment_authorise",
            "spending:payment_mark_paid",
            "spending:payment_withdraw",
        ],
    ),
    **_parents(
        _list("spending:deadline_list"),
        ["spending:deadline_update", "spending:deadline_delete", "spending:deadline_restore"],
    ),
    **_parents(
        _list("grants:programme_list"),
        [
            "grants:programme_create",
            "grants:programme_update",
            "grants:programme_indicators",
            "grants:indicator_list",
            "grants:fundingsource_list",
            "grants:decisionbody_list",
            "spending:finance_list",
        ],
    ),
    **_parents(
        _list("grants:fundingsource_list"),
        [
            "grants:fundingsource_create",
            "grants:fundingsource_update",
            "grants:fundingsource_delete",
            "grants:fundingsource_restore",
        ],
    ),
    **_parents(
        _list("grants:decisionbody_list"),
        [
            "grants:decisionbody_create",
            "grants:decisionbody_update",
            "grants:decisionbody_delete",
            "grants:decisionbody_restore",
        ],
    ),
    **_parents(
        _list("spending:finance_list"), ["spending:finance_update", "spending:category_list"]
    ),
    **_parents(
        Trails.programme_finance,
        [
            "spending:category_create",
            "spending:category_update",
            "spending:category_delete",
            "spending:category_restore",
        ],
    ),
    **_parents(
        _list("grants:indicator_list"), ["grants:indicator_create", "grants:indicator_update"]
    ),
    **_parents(
        _list("grants:organisation_list"),
        ["grants:organisation_create", "grants:organisation_update"],
    ),
    # Participants and companies.
    **_parents(
        _list("participants:course_list"),
        [
            "participants:participant_detail",
            "participants:participant_register",
            "participants:course_import",
            "participants:course_export",
        ],
    ),
    **_parents(
        Trails.participant,
        [
            "participants:participant_update",
            "participants:participant_erase",
            "participants:course_create",
            "participants:course_update",
        ],
    ),
    **_parents(
        _list("companies:company_list"), ["companies:company_detail", "companies:company_create"]
    ),
    "companies:company_update": Trails.company,
    "applications:letter_list": Trails.letter_decision,
    "applications:decision_conditions": Trails.letters,
    "applications:programme_conditions": _list("grants:programme_list"),
    **_parents(_calls, ["applications:call_detail", "applications:call_edit"]),
    **_parents(_list("applications:call_list"), [f"applications:{n}" for n in _CALL_PAGES.split()]),
    # Applications and change requests.
    **_parents(_list("applications:my_requests"), _app("request_detail application_create")),
    "applications:change_request_create": Trails.project,
    **_parents(Trails.request, _app(REQUEST_PAGES)),
    # Background jobs.
    **_parents(_list("jobs:list"), ["jobs:detail", "jobs:start", "jobs:retry"]),
    # The staff's assessment of requests.
    "applications:request_assess": _list("applications:request_list"),
    **_parents(_assessment, ["applications:version_compare", "applications:assess_reject"]),
    "applications:assess_accept": _assessment,
    # The user's notifications: the settings under the list.
    "notifications:preferences": _notifications,
}

# Pages with no trail: the front page (the trail's start) and the pages of signing in.
# The unsubscribe page of an e-mail's link stands alone: its reader may not be signed in.
NO_TRAIL = frozenset({"home:home", "login", "logout", "set_language", "notifications:unsubscribe"})


def trail(view_name: str, context: Context, user: AnyUser, *, title: str = "") -> Sequence[Crumb]:
    """The breadcrumbs of the page `view_name` shows with `context` to `user`: links from the
    front page down, then the page itself (`title`, with an empty URL). Empty on the front page
    and for anonymous users of pages that need signing in."""
    if view_name in NO_TRAIL or not view_name:
        return []
    trails = Trails(context, user)
    confirmation = context.get("confirmation")
    own = getattr(confirmation, "trail", ())
    try:
        if own:
            crumbs = [*trails.home(), *(Crumb(str(label), url) for url, label in own)]
        else:
            crumbs = PARENTS.get(view_name, Trails.home)(trails)
    except NoReverseMatch:  # a page shown under another URLconf (a test's own) goes without
        return []
    # Where a trail leads to the page itself (a list's own page), the page ends it unlinked.
    crumbs = [crumb for crumb in crumbs if crumb.label.strip() and crumb.url]
    if title:
        crumbs.append(Crumb(title, ""))
    return crumbs
