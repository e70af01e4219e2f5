"""Forms for grant decisions and the budget grid."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import QueryDict
from django.utils.formats import get_format, number_format
from django.utils.translation import gettext_lazy as _

from core.validators import MAX_YEAR, MIN_YEAR
from grants.models import BudgetLine, EffortArea, FinancingLine, FundingSource, GrantDecision

# A grid may not grow without bound: a period of at most this many years.
MAX_PERIOD_YEARS = 15
# Largest amount accepted in one cell: 10 billion kroner.
MAX_CELL_AMOUNT = 10_000_000_000


class KronerField(forms.Field):
    """Whole kroner, typed with or without the locale's thousands separator."""

    default_error_messages = {
        "invalid": _("Enter an amount in whole kroner, e.g. 500.000."),
        "negative": _("The amount cannot be negative."),
        "too_large": _("The amount is too large."),
    }

    widget = forms.TextInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> int | None:
        if value in self.empty_values:
            return None
        text = str(value).strip()
        if len(text) > 30:
            raise ValidationError(self.error_messages["too_large"], code="too_large")
        separator = str(get_format("THOUSAND_SEPARATOR"))
        text = re.sub(r"[\s\u00a0]", "", text)
        # "1.500.000" is grouped; "1.5" or "2.50" is a decimal amount, not whole kroner.
        grouped = rf"-?\d{{1,3}}(?:{re.escape(separator)}\d{{3}})+"
        if separator in text and not re.fullmatch(grouped, text):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        text = text.replace(separator, "")
        if text.startswith("-") and text[1:].isdigit():
            raise ValidationError(self.error_messages["negative"], code="negative")
        if not text.isdigit() or not text.isascii():
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        amount = int(text)
        if amount > MAX_CELL_AMOUNT:
            raise ValidationError(self.error_messages["too_large"], code="too_large")
        return amount

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, int):
            return number_format(value, force_grouping=True)
        return value

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        attrs.update(
            {
                "maxlength": "30",
                "inputmode": "numeric",
                "autocomplete": "off",
                "class": "form-input input-width-s budget-cell",
            }
        )
        return attrs


class DecisionForm(forms.ModelForm[GrantDecision]):
    class Meta:
        model = GrantDecision
        fields = [
            "title",
            "kind",
            "revises",
            "deciding_body",
            "decided_on",
            "first_year",
            "last_year",
            "split_by_year",
        ]
        widgets = {
            "decided_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "first_year": forms.NumberInput(attrs={"min": MIN_YEAR, "max": MAX_YEAR}),
            "last_year": forms.NumberInput(attrs={"min": MIN_YEAR, "max": MAX_YEAR}),
        }

    def __init__(self, *args: Any, project_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.project_id = project_id
        revisable = GrantDecision.objects.filter(project_id=project_id)
        if self.instance.pk:
            revisable = revisable.exclude(pk=self.instance.pk)
        self.fields["revises"].queryset = revisable  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        first, last = data.get("first_year"), data.get("last_year")
        if first and last and last - first + 1 > MAX_PERIOD_YEARS:
            self.add_error(
                "last_year",
                _("A period can span at most %(n)s years.") % {"n": MAX_PERIOD_YEARS},
            )
        if self.instance.pk and first and last:
            outside = sorted(
                {
                    *BudgetLine.objects.filter(decision=self.instance)
                    .filter(Q(year__lt=first) | Q(year__gt=last))
                    .values_list("year", flat=True),
                    *FinancingLine.objects.filter(decision=self.instance)
                    .filter(Q(year__lt=first) | Q(year__gt=last))
                    .values_list("year", flat=True),
                }
            )
            if outside:
                raise ValidationError(
                    _(
                        "The budget grid has amounts in %(years)s, outside the new period. "
                        "Clear those cells first."
                    )
                    % {"years": ", ".join(str(y) for y in outside)}
                )
        return data


@dataclass(frozen=True)
class GridRow:
    key: int
    label: str
    field_names: tuple[str, ...]


@dataclass(frozen=True)
class CellConflict:
    """A cell whose figure in the refused grid differs from the one saved meanwhile."""

    row: str
    year: int
    yours: int | None
    saved: int | None


CELL_NAME = re.compile(r"[bf]_\d+_\d+")


class BudgetGridForm(forms.Form):
    """All budget and financing cells of one decision: effort areas × years, sources × years.

    `version` is the decision's version the grid was shown with; the save is refused when
    someone else has saved the decision since (optimistic locking, see grants.services).
    The page always sends it; a grid posted without one is saved without that check.
    """

    version = forms.IntegerField(
        widget=forms.HiddenInput,
        required=False,
        min_value=1,
        error_messages={
            "invalid": _("The page was incomplete: reload it and enter the amounts again."),
            "min_value": _("The page was incomplete: reload it and enter the amounts again."),
        },
    )

    def __init__(
        self,
        *args: Any,
        decision: GrantDecision,
        areas: list[EffortArea],
        sources: list[FundingSource],
        budget: dict[tuple[int, int], int],
        financing: dict[tuple[int, int], int],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.decision = decision
        self.fields["version"].initial = decision.version
        self.conflicts: list[CellConflict] | None = None
        in_period = set(decision.years)
        entered = {year for _, year in budget} | {year for _, year in financing}
        self.years = sorted(in_period | entered)
        self.years_outside = sorted(entered - in_period)
        self.budget_rows = self._add_rows("b", areas, budget)
        self.financing_rows = self._add_rows("f", sources, financing)

    def _add_rows(
        self,
        prefix: str,
        heads: list[EffortArea] | list[FundingSource],
        values: dict[tuple[int, int], int],
    ) -> list[GridRow]:
        rows = []
        for head in heads:
            names = []
            for year in self.years:
                name = f"{prefix}_{head.pk}_{year}"
                label = _("%(row)s, %(year)s, kroner") % {"row": head.name, "year": year}
                self.fields[name] = KronerField(label=label, initial=values.get((head.pk, year)))
                self.fields[name].widget.attrs.update(
                    {
                        "data-year": str(year),
                        "data-kind": "budget" if prefix == "b" else "financing",
                    }
                )
                names.append(name)
            rows.append(GridRow(head.pk, head.name, tuple(names)))
        return rows

    def bound_rows(self, kind: str) -> list[tuple[GridRow, list[forms.BoundField]]]:
        rows = self.budget_rows if kind == "budget" else self.financing_rows
        return [(row, [self[name] for name in row.field_names]) for row in rows]

    @property
    def budget_bound(self) -> list[tuple[GridRow, list[forms.BoundField]]]:
        return self.bound_rows("budget")

    @property
    def financing_bound(self) -> list[tuple[GridRow, list[forms.BoundField]]]:
        return self.bound_rows("financing")

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        unknown = sorted(
            key for key in self.data if CELL_NAME.fullmatch(key) and key not in self.fields
        )
        if unknown:
            raise ValidationError(
                _(
                    "The grid held cells that are not part of this decision (%(cells)s). "
                    "Reload the page and enter the amounts again."
                )
                % {"cells": ", ".join(unknown[:5])},
                code="unknown_cells",
            )
        for year in self.years_outside:
            for name, value in list(data.items()):
                if name.endswith(f"_{year}") and value is not None:
                    self.add_error(
                        name,
                        _(
                            "%(year)s lies outside the decision's period %(first)s–%(last)s: "
                            "clear the cell."
                        )
                        % {
                            "year": year,
                            "first": self.decision.first_year,
                            "last": self.decision.last_year,
                        },
                    )
        return data

    def cells(self, prefix: str) -> dict[tuple[int, int], int | None]:
        result: dict[tuple[int, int], int | None] = {}
        for name, value in self.cleaned_data.items():
            if not CELL_NAME.fullmatch(name):
                continue
            kind, key, year = name.split("_")
            if kind == prefix:
                result[(int(key), int(year))] = value
        return result

    def show_saved_meanwhile(self, current: GrantDecision) -> None:
        """After a refused stale save: keep the typed figures and set them beside the saved ones.

        The fields' initial values are the figures saved now (the view loads them for each
        request). The form takes `current`'s version, so saving it again replaces those
        figures with the ones in the grid: a deliberate choice, made with both in view.
        """
        self.conflicts = []
        for row in [*self.budget_rows, *self.financing_rows]:
            for name in row.field_names:
                yours = self.cleaned_data.get(name)
                saved = self.fields[name].initial
                if yours != saved:
                    year = int(name.rsplit("_", 1)[1])
                    self.conflicts.append(CellConflict(row.label, year, yours, saved))
        version = str(current.version)
        if isinstance(self.data, QueryDict):
            data = self.data.copy()
            data["version"] = version
            self.data = data
        else:
            self.data = {**self.data, "version": version}
