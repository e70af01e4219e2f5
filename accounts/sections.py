"""Which menu entry each page belongs to: the table the menu marks the page's entry from.

Every URL name is here (or under a namespace that belongs to one entry, or among the pages of
no entry): `tests/accounts/test_navigation.py` fails on a page that is missing.
"""

from __future__ import annotations

# Pages that belong to no entry: the front page (the logo leads there), logging in and out,
# the language switch and the footer's pages.
NO_SECTION = frozenset(
    {
        "home:home",
        "home:accessibility",
        "home:privacy",
        "login",
        "logout",
        "set_language",
        "home:favicon",
        # The user's own notifications (the header's bell leads there, not the menu).
        "notifications:list",
        "notifications:open",
        "notifications:read",
        "notifications:read_all",
        "notifications:preferences",
        "notifications:unsubscribe",
    }
)

_PROJECT = ("projects",)
_DECISION = ("decisions", "projects")
_CASE = ("cases", "projects")
_REPORT = ("reports", "projects")
_PAYMENT = ("payments", "reports", "projects")
_PROGRAMME = ("programmes", "projects")
_APPLICATIONS = ("calls",)
_OPEN_CALLS = ("calls", "open_calls")

# A whole namespace that belongs to one entry.
NAMESPACE_SECTIONS: dict[str, tuple[str, ...]] = {
    "meetings": ("meetings",),
    "participants": ("courses",),
    "companies": ("companies",),
    "jobs": ("jobs",),
    "admin": ("admin",),
}

# URL name -> the entries the page belongs to, the first the user's menu shows is marked.
SECTIONS: dict[str, tuple[str, ...]] = {
    # Projects and what hangs on a project.
    **dict.fromkeys(
        [
            "grants:project_list",
            "grants:project_detail",
            "grants:project_suggestions",
            "grants:case_choices",
            "grants:project_create",
            "grants:project_update",
            "grants:effortarea_list",
            "grants:effortarea_create",
            "grants:effortarea_update",
            "grants:effortarea_move",
            "grants:effortarea_retire",
            "grants:effortarea_delete",
            "grants:effortarea_restore",
            "grants:projectfundingsource_list",
            "grants:projectfundingsource_add",
            "grants:projectfundingsource_move",
            "grants:projectfundingsource_remove",
            "grants:projectfundingsource_restore",
            "grants:budget_table",
            "grants:budget_table_export",
            "progress:project_progress",
            "progress:project_progress_xlsx",
            "progress:reported_list",
            "progress:reported_create",
            "progress:reported_detail",
            "progress:reported_approve",
            "progress:reported_return",
            "progress:reported_evidence",
            "spending:project_money",
            "spending:project_money_export",
        ],
        _PROJECT,
    ),
    # Decisions, their budget, targets, history and money.
    **dict.fromkeys(
        [
            "grants:decision_list",
            "grants:decision_create",
            "grants:decision_detail",
            "grants:decision_update",
            "grants:decision_budget",
            "grants:decision_status",
            "grants:decision_delete",
            "grants:decision_reopen",
            "grants:decision_history",
            "grants:decision_restore",
            "grants:decision_targets",
            "grants:target_breakdown",
            "grants:breakdown_remove",
            "progress:target_edit",
            "spending:decision_money",
        ],
        _DECISION,
    ),
    # Cases for the deciding body, their terms and attachments.
    **dict.fromkeys(
        [
            "grants:case_list",
            "grants:case_detail",
            "grants:case_edit",
            "grants:case_create",
            "grants:case_decisions",
            "grants:case_recommendations",
            "grants:case_disbursements",
            "grants:case_preview",
            "grants:case_pdf",
            "grants:attachment_upload",
            "grants:attachment_download",
            "grants:attachment_delete",
            "grants:finding_acknowledge",
        ],
        _CASE,
    ),
    # Spending reports, their lines and review, the reporting deadlines and early warnings.
    **dict.fromkeys(
        [
            "spending:report_list",
            "spending:report_create",
            "spending:report_detail",
            "spending:report_update",
            "spending:report_delete",
            "spending:report_submit",
            "spending:statement_upload",
            "spending:statement_download",
            "spending:line_create",
            "spending:line_import",
            "spending:line_import_template",
            "spending:line_update",
            "spending:line_delete",
            "spending:line_restore",
            "spending:line_attachment",
            "spending:line_review",
            "spending:report_accept",
            "spending:report_return",
            "spending:deadline_list",
            "spending:deadline_create",
            "spending:deadline_update",
            "spending:deadline_delete",
            "spending:deadline_restore",
            "spending:warning_list",
        ],
        _REPORT,
    ),
    **dict.fromkeys(
        [
            "spending:payment_list",
            "spending:payment_detail",
            "spending:payment_create",
            "spending:payment_authorise",
            "spending:payment_mark_paid",
            "spending:payment_withdraw",
        ],
        _PAYMENT,
    ),
    # Programmes and what is set up per programme.
    **dict.fromkeys(
        [
            "grants:programme_list",
            "grants:fundingsource_list",
            "grants:fundingsource_create",
            "grants:fundingsource_update",
            "grants:fundingsource_delete",
            "grants:fundingsource_restore",
            "grants:decisionbody_list",
            "grants:decisionbody_create",
            "grants:decisionbody_update",
            "grants:decisionbody_delete",
            "grants:decisionbody_restore",
            "grants:programme_create",
            "grants:programme_update",
            "grants:programme_indicators",
            "grants:indicator_list",
            "grants:indicator_create",
            "grants:indicator_update",
            "progress:programme_progress",
            "progress:programme_progress_xlsx",
            "spending:finance_list",
            "spending:finance_update",
            "spending:category_list",
            "spending:category_create",
            "spending:category_update",
            "spending:category_delete",
            "spending:category_restore",
        ],
        _PROGRAMME,
    ),
    # The applications room: calls and their checklists (staff), the open calls (applicants);
    # a call's page is read by both.
    **dict.fromkeys(
        [
            "applications:call_list",
            "applications:call_create",
            "applications:call_edit",
            "applications:call_publish",
            "applications:call_unpublish",
            "applications:call_delete",
            "applications:checklist_list",
            "applications:checklist_create",
            "applications:checklist_detail",
            "applications:checklist_edit",
            "applications:checklist_copy",
            "applications:checklist_delete",
            "applications:question_edit",
            "applications:question_move",
            "applications:question_delete",
        ],
        _APPLICATIONS,
    ),
    **dict.fromkeys(["applications:open_calls", "applications:call_detail"], _OPEN_CALLS),
    **dict.fromkeys(
        ["grants:organisation_list", "grants:organisation_create", "grants:organisation_update"],
        ("organisations",),
    ),
    # Grant letters: an applicant's own list; a decision's letters under the decision.
    "applications:my_letters": ("letters",),
    **dict.fromkeys(
        [
            "applications:letter_list",
            "applications:letter_write",
            "applications:letter_download",
            "applications:decision_conditions",
        ],
        ("decisions", "letters", "projects"),
    ),
    "applications:programme_conditions": _PROGRAMME,
    # Applications and change requests, as their owners write them.
    **dict.fromkeys(
        [
            "applications:my_requests",
            "applications:application_create",
            "applications:change_request_create",
            "applications:request_detail",
            "applications:request_difference",
            "applications:request_submit",
            "applications:request_edit",
            "applications:request_organisations",
            "applications:request_organisation_edit",
            "applications:request_organisation_remove",
            "applications:request_areas",
            "applications:request_area_rename",
            "applications:request_area_remove",
            "applications:request_grid",
            "applications:request_targets",
            "applications:request_attachments",
            "applications:attachment_download",
            "applications:attachment_delete",
            "applications:request_answer",
        ],
        ("my_requests", "projects"),
    ),
    # The staff's assessment of applications and change requests.
    **dict.fromkeys(
        [
            "applications:request_list",
            "applications:request_assess",
            "applications:version_compare",
            "applications:assess_assign",
            "applications:assess_checklist",
            "applications:assess_comment",
            "applications:assess_ask",
            "applications:assess_reject",
            "applications:assess_accept",
        ],
        ("assessment",),
    ),
}


def sections_of(view_name: str) -> tuple[str, ...] | None:
    """The entries a page (by its URL name, "namespace:name") belongs to, best first; `()` for
    a page that belongs to none, `None` for a URL name this module does not know."""
    if view_name in NO_SECTION:
        return ()
    if view_name in SECTIONS:
        return SECTIONS[view_name]
    namespace = view_name.rpartition(":")[0]
    return NAMESPACE_SECTIONS.get(namespace)
