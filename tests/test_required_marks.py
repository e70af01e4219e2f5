"""Every form of the project marks its fields truthfully: "(optional)" only where nothing
demands the field, and a field that the form's clean() or its service demands in some cases
only says when (core.forms.required_when), never "(optional)"."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Iterator

import pytest
from django import forms
from django.core.exceptions import FieldDoesNotExist

from grants.forms import DecisionForm
from grants.models import Project
from spending.forms.payments import PaymentForm
from spending.forms.reports import LineReviewForm, ReportForm

APPS = ["accounts", "companies", "core", "grants", "home", "jobs", "meetings"]
APPS += ["participants", "progress", "spending"]
# Optional in the form although the model demands them: the form fills them in when empty.
FILLED_BY_THE_FORM = {
    "spending.forms.reports.ReportForm.forecast": "clean() makes an empty forecast 0 kr.",
}


def form_classes() -> Iterator[type[forms.BaseForm]]:
    """Every form class the project defines in a forms module."""
    for app in APPS:
        package = importlib.import_module(app)
        for info in pkgutil.walk_packages(package.__path__, f"{app}."):
            if "forms" not in info.name.rsplit(".", 1)[-1] and ".forms." not in info.name:
                continue
            module = importlib.import_module(info.name)
            for _name, cls in inspect.getmembers(module, inspect.isclass):
                if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                    yield cls


def test_the_walk_finds_the_projects_forms() -> None:
    names = {cls.__name__ for cls in form_classes()}
    assert {"DecisionForm", "PaymentForm", "LineReviewForm", "IndicatorForm"} <= names


def test_no_form_calls_optional_what_its_model_demands() -> None:
    wrong = []
    for cls in form_classes():
        model = getattr(getattr(cls, "_meta", None), "model", None)
        if model is None:
            continue
        for name, field in cls.base_fields.items():  # type: ignore[attr-defined]
            if field.required or getattr(field, "required_when", None):
                continue
            if isinstance(field, forms.BooleanField):
                continue  # an unticked box is an answer
            try:
                model_field = model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            where = f"{cls.__module__}.{cls.__name__}.{name}"
            if not getattr(model_field, "blank", True) and where not in FILLED_BY_THE_FORM:
                wrong.append(where)
    assert wrong == []


def _sometimes_required() -> list[tuple[str, forms.BaseForm, str]]:
    """The fields a clean() or a service demands in some cases: (what, form, field)."""
    project = Project(pk=1, programme_id=1)
    return [
        ("a revision names what it revises", DecisionForm(project_id=1), "revises"),
        ("an interim payment names its report", PaymentForm(project=project, sources=[]), "report"),
        ("a reduced line gives its amount", LineReviewForm(), "accepted_amount"),
        ("a reduced or rejected line gives a reason", LineReviewForm(), "reason"),
        (
            "a report without a deadline gives its period",
            ReportForm(project=project),
            "period_start",
        ),
        ("a report without a deadline gives its period", ReportForm(project=project), "period_end"),
    ]


@pytest.mark.parametrize(("what", "form", "name"), _sometimes_required())
def test_a_field_demanded_in_some_cases_says_when(
    what: str, form: forms.BaseForm, name: str
) -> None:
    field = form.fields[name]
    assert not field.required
    assert getattr(field, "required_when", ""), f"{what}: the label says “(optional)”"
