"""Every model with audit history is written by at least one walked scenario, through a real
writing path (a page, the admin, a job), and that write's history names its author."""

from __future__ import annotations

from simple_history.models import registered_models

from tests.audit_walk.harness import label, models_with_history
from tests.audit_walk.job_pages import JOB_RUNS, application_kinds
from tests.audit_walk.scenarios import all_scenarios


def test_every_model_with_history_is_written_by_a_scenario() -> None:
    written = {model for found in all_scenarios() for model in found.writes}
    unwalked = [label(model) for model in models_with_history() if label(model) not in written]
    assert unwalked == [], "models with history that no scenario writes"


def test_scenarios_name_only_models_with_history() -> None:
    written = {model for found in all_scenarios() for model in found.writes}
    assert written <= {label(model) for model in models_with_history()}


def test_the_app_registry_and_simple_historys_agree_on_the_models_with_history() -> None:
    # simple-history also registers the through tables of the many-to-many fields it follows;
    # their rows belong to the history of the model that has the field.
    registered = {model for model in registered_models.values() if not model._meta.auto_created}
    assert {label(model) for model in registered} == {
        label(model) for model in models_with_history()
    }


def test_every_kind_of_job_is_run() -> None:
    assert set(JOB_RUNS) == application_kinds()
