"""Forms for grant decisions and the budget grid."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import QueryDict
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from core.amounts import Mode
from core.fields import AmountField
from core.forms import required_when
from core.validators import MAX_YEAR, MIN_YEAR
from core.widgets import AmountInput, DateInput, shared_echo
from grants.models import (
    BudgetLine,
    DecisionBody,
    EffortArea,
    FinancingLine,
    FundingSource,
    GrantDecision,
)
from grants.services import LOCKED_FIELDS

# A grid may not grow without bound: a period of at most this many years.
MAX_PERIOD_YEARS = 15


# The units a grid is entered in: kroner, or thousands of kroner as the case paper writes them.
UNIT_KRONER = "kr"
UNIT_THOUSANDS = "1000"
UNIT_FACTOR = {UNIT_KRONER: 1, UNIT_THOUSANDS: 1000}
UNIT_CHOICES = [(UNIT_KRONER, _("kr.")), (UNIT_THOUSANDS, _("1.000 kr."))]
# How the cells of each unit are read (`core.amounts`).
UNIT_MODES = {UNIT_KRONER: Mode.KRONER, UNIT_THOUSANDS: Mode.THOUSANDS}
# The one echo of the grid's cells: what the cell being typed in reads as (`core.widgets`).
GRID_ECHO = "grid-echo"


def offer_bodies(field: forms.Field, current_id: int | None) -> None:
    """Let `field` offer the decision bodies not retired, and the one already chosen."""
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = DecisionBody.objects.offered(current_id)
    field.error_messages["invalid_choice"] = _("Choose one of the decision bodies in the list.")


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
            "decided_on": DateInput,
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
        offer_bodies(self.fields["deciding_body"], self.instance.deciding_body_id)
        # Demanded for a budget revision, refused for any other kind (the model's clean).
        required_when(self.fields["revises"], _("required for a budget revision"))
        if self.instance.pk and self.instance.status == GrantDecision.Status.APPROVED:
            # What the locked figures mean stays as approved; a budget revision changes it.
            for name in LOCKED_FIELDS:
                self.fields[name].disabled = True
                self.fields[name].help_text = _(
                    "Locked: the decision is approved. Change it through a budget revision."
                )

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
    unit = forms.ChoiceField(
        label=_("Enter the amounts in"),
        choices=UNIT_CHOICES,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose the unit: kr. or 1.000 kr.")},
    )
    # The unit the cells were shown in. The grid's script converts the cells when the unit
    # changes and updates this; without the script, a changed unit is asked about first.
    shown_unit = forms.ChoiceField(choices=UNIT_CHOICES, required=False, widget=forms.HiddenInput)
    # Sent by the "Yes, remove every amount" button: the save may empty the decision.
    confirm_empty = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        decision: GrantDecision,
        areas: list[EffortArea],
        sources: list[FundingSource],
        budget: dict[tuple[int, int], int],
        financing: dict[tuple[int, int], int],
        unit: str = UNIT_KRONER,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.decision = decision
        self.fields["version"].initial = decision.version
        if self.is_bound:
            posted = self.data.get("unit") or UNIT_KRONER
            unit = posted if posted in UNIT_FACTOR else UNIT_KRONER
        self.cell_unit = unit if unit in UNIT_FACTOR else UNIT_KRONER
        self.fields["unit"].initial = self.cell_unit
        self.fields["shown_unit"].initial = self.cell_unit
        self.conflicts: list[CellConflict] | None = None
        self.asks_to_empty = False
        self.asks_about_unit = False
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
                label = _("%(row)s, %(year)s") % {"row": head.name, "year": year}
                self.fields[name] = AmountField(
                    label=label,
                    initial=values.get((head.pk, year)),
                    required=False,
                    mode=UNIT_MODES[self.cell_unit],
                    widget=AmountInput(echo=GRID_ECHO),
                )
                self.fields[name].widget.attrs.update(
                    {
                        "class": "form-input input-width-s budget-cell",
                        "data-year": str(year),
                        "data-kind": "budget" if prefix == "b" else "financing",
                        # The unit is read out with every cell (and shown beside it).
                        "aria-describedby": "grid-unit",
                    }
                )
                names.append(name)
            rows.append(GridRow(head.pk, head.name, tuple(names)))
        return rows

    def bound_rows(self, kind: str) -> list[tuple[GridRow, list[forms.BoundField]]]:
        rows = self.budget_rows if kind == "budget" else self.financing_rows
        if self.is_bound:
            for row in rows:
                for name in row.field_names:
                    if self.errors.get(name):
                        self.fields[name].widget.attrs["aria-describedby"] = (
                            f"grid-unit {self[name].auto_id}_error"
                        )
        return [(row, [self[name] for name in row.field_names]) for row in rows]

    @property
    def hidden_errors(self) -> list[str]:
        """Errors of the fields with no place of their own on the page (version, unit)."""
        return [
            str(error)
            for name in ("version", "unit", "shown_unit", "confirm_empty")
            for error in self.errors.get(name, [])
        ]

    @property
    def echo(self) -> SafeString:
        """The grid's echo: the cell being typed in, as it reads in either unit."""
        return shared_echo(GRID_ECHO, [Mode.KRONER, Mode.THOUSANDS])

    @property
    def unit_label(self) -> str:
        return str(dict(UNIT_CHOICES)[self.cell_unit])

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
        shown = data.get("shown_unit") or self.cell_unit
        typed = any(data.get(name) is not None for name in self._cell_names())
        if shown != self.cell_unit and typed:
            # The cells were shown in one unit and posted under another, unconverted (no
            # script ran): which one the figures are in is for the user to say, not to guess.
            self.asks_about_unit = True
            self._set_data("shown_unit", self.cell_unit)
            raise ValidationError(
                _(
                    "The unit was changed to %(unit)s after the amounts were shown in "
                    "%(shown)s. Check that every amount is in %(unit)s and save again."
                )
                % {"unit": self.unit_label, "shown": dict(UNIT_CHOICES).get(shown, shown)},
                code="unit_changed",
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

    def _cell_names(self) -> list[str]:
        return [
            name for row in (*self.budget_rows, *self.financing_rows) for name in row.field_names
        ]

    def _set_data(self, name: str, value: str) -> None:
        """Change one posted value for the page shown again (the POST itself is immutable)."""
        if isinstance(self.data, QueryDict):
            data = self.data.copy()
            data[name] = value
            self.data = data
        else:
            self.data = {**self.data, name: value}

    def ask_to_empty(self) -> None:
        """The save would remove every amount: show the grid again with a confirm button."""
        self.asks_to_empty = True

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
        self._set_data("version", str(current.version))
