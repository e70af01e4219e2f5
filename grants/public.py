"""What the other rooms may use of grants, besides its models and the pure budget table.

The rooms above grants (companies, participants, progress, spending, meetings, applications,
home) import
from `grants.models`, `grants.budget` and this module only: an import-linter contract in
pyproject.toml holds them to it, so grants may rearrange the rest (its views, forms, setup
pages, case internals) without breaking a room that borrowed from them.
"""

from grants import audience
from grants.cases.checks import open_finding_counts, open_findings
from grants.cases.pdf import case_body_html, case_css
from grants.cases.presentation import AUTHOR, case_presentation
from grants.cases.services import (
    case_create,
    case_set_decisions,
    case_set_meeting_date,
    disbursements_save,
    recommendations_save,
)
from grants.cases.sources import cases_fingerprint
from grants.cases.wording import (
    RecommendationLine,
    recommendation_sentence,
    recommendation_sentences,
)
from grants.ceiling import GrantChange, lock_project
from grants.ceiling import register as watch_grant_changes
from grants.forms import BudgetGridForm
from grants.kinds import registering_participants, reporting_values
from grants.queries import CurrentCells, project_current_cells
from grants.services import (
    decision_create,
    decision_save_lines,
    decision_set_status,
    target_change,
)
from grants.setup.services import (
    effort_area_save,
    organisation_save,
    project_save,
    project_source_add,
)
from grants.suggest import CaseField, project_filter, visible_projects

__all__ = [
    "AUTHOR",
    "BudgetGridForm",
    "CaseField",
    "CurrentCells",
    "GrantChange",
    "RecommendationLine",
    "audience",
    "case_body_html",
    "case_create",
    "case_css",
    "case_presentation",
    "case_set_decisions",
    "case_set_meeting_date",
    "cases_fingerprint",
    "decision_create",
    "decision_save_lines",
    "decision_set_status",
    "disbursements_save",
    "effort_area_save",
    "lock_project",
    "open_finding_counts",
    "open_findings",
    "organisation_save",
    "project_current_cells",
    "project_filter",
    "project_save",
    "project_source_add",
    "recommendation_sentence",
    "recommendation_sentences",
    "recommendations_save",
    "registering_participants",
    "reporting_values",
    "target_change",
    "visible_projects",
    "watch_grant_changes",
]
