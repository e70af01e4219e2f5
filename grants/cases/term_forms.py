"""The editors of a decision's terms on a case: its recommendation lines and its disbursement
schedule, each an inline formset of the decision's rows (add, change, delete)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from core.validators import MAX_YEAR, MIN_YEAR
from grants.cases import terms
from grants.models import Disbursement, FundingSource, GrantDecision, Organisation, Recommendation

# A decision has a handful of lines; the limit keeps one request small.
MAX_LINES = 50


class ListedChoiceField(forms.ChoiceField):
    """One of `objects`, read once for every form of a formset: no query a form."""

    def __init__(
        self, *, objects: Sequence[models.Model], empty_label: str = "---------", **kwargs: Any
    ) -> None:
        self.objects = {str(obj.pk): obj for obj in objects}
        choices = [("", empty_label), *((str(obj.pk), str(obj)) for obj in objects)]
        super().__init__(choices=choices, **kwargs)

    def prepare_value(self, value: Any) -> Any:
        return value.pk if isinstance(value, models.Model) else value

    def to_python(self, value: Any) -> models.Model | None:
        if value in self.empty_values:
            return None
        obj = self.objects.get(str(value))
        if obj is None:
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return obj

    def validate(self, value: Any) -> None:
        if value is None and self.required:
            raise ValidationError(self.error_messages["required"], code="required")

    def has_changed(self, initial: Any, data: Any) -> bool:
        before = self.prepare_value(initial)
        return str("" if before is None else before) != str(data or "")


def _year_field(label: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=MIN_YEAR,
        max_value=MAX_YEAR,
        widget=forms.NumberInput(attrs={"class": "form-input input-width-xs"}),
    )


def _label(model: type[models.Model], name: str) -> str:
    return str(capfirst(getattr(model._meta.get_field(name), "verbose_name", name)))


class TermForm(forms.ModelForm[Any]):
    """A row of a decision's terms: checked against the decision when it is new or changed."""

    def __init__(
        self,
        *args: Any,
        decision: GrantDecision,
        sources: Sequence[FundingSource],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.decision = decision
        self.sources = sources

    def has_changed(self) -> bool:
        # A new row with no amount and no year is an unused row, whatever its choices say.
        if self.instance.pk is None:
            return bool(set(self.changed_data) - {"funding_source", "recipient", "order"})
        return super().has_changed()

    def row_errors(self, data: dict[str, Any]) -> dict[str, str]:
        raise NotImplementedError

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if self.has_changed():
            for field, message in self.row_errors(data).items():
                if field not in self.errors:
                    self.add_error(field, message)
        return data


class RecommendationForm(TermForm):
    class Meta:
        model = Recommendation
        fields = ["funding_source", "amount", "first_year", "last_year", "recipient", "order"]

    def __init__(self, *args: Any, recipients: Sequence[Organisation] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["funding_source"] = ListedChoiceField(
            objects=self.sources, label=_label(Recommendation, "funding_source")
        )
        self.fields["recipient"] = ListedChoiceField(
            objects=recipients,
            label=_label(Recommendation, "recipient"),
            required=False,
            help_text=_("The organisation the amount is granted to, if the line names one."),
        )
        self.fields["first_year"] = _year_field(_label(Recommendation, "first_year"))
        self.fields["last_year"] = _year_field(_label(Recommendation, "last_year"))
        self.fields["order"].required = False
        self.fields["order"].help_text = _("The lines are listed by this number.")

    def clean_order(self) -> int:
        order = self.cleaned_data.get("order")
        return 0 if order is None else order

    def row_errors(self, data: dict[str, Any]) -> dict[str, str]:
        return terms.recommendation_errors(
            self.decision,
            amount=data.get("amount"),
            first_year=data.get("first_year"),
            last_year=data.get("last_year"),
        )


class DisbursementForm(TermForm):
    class Meta:
        model = Disbursement
        fields = ["year", "amount", "funding_source"]

    def __init__(
        self, *args: Any, default_source: FundingSource | None = None, **kwargs: Any
    ) -> None:
        kwargs.pop("recipients", None)
        super().__init__(*args, **kwargs)
        self.fields["year"] = _year_field(_label(Disbursement, "year"))
        self.fields["funding_source"] = ListedChoiceField(
            objects=self.sources,
            empty_label=str(_("The recommendations as a whole")),
            label=_label(Disbursement, "funding_source"),
            required=False,
            help_text=_(
                "Leave it at “the recommendations as a whole” when the row pays out every "
                "recommended source; name a source to compare the row with that source's "
                "recommendations only."
            ),
        )
        if self.instance.pk is None and default_source is not None:
            # A new row starts at the decision's one source (terms.default_disbursement_source).
            self.fields["funding_source"].initial = default_source.pk

    def row_errors(self, data: dict[str, Any]) -> dict[str, str]:
        return terms.disbursement_errors(
            self.decision, amount=data.get("amount"), year=data.get("year")
        )


class TermFormSet(forms.BaseInlineFormSet):  # type: ignore[type-arg]
    def kept_forms(self) -> list[forms.ModelForm[Any]]:
        """The forms of rows that stay: valid so far, not deleted, not unused."""
        return [
            form
            for form in self.forms
            if form.cleaned_data and not form.errors and not form.cleaned_data.get("DELETE")
        ]

    def clean(self) -> None:
        super().clean()
        # The hidden fields: a row that is gone, or a page tampered with.
        if any({"id", "decision"} & set(form.errors) for form in self.forms):
            raise ValidationError(
                _(
                    "A row was deleted by someone else meanwhile. Open the page again and "
                    "enter your change once more."
                ),
                code="gone",
            )


class RecommendationFormSet(TermFormSet):
    def clean(self) -> None:
        super().clean()
        seen: set[terms.RecommendationKey] = set()
        for form in self.kept_forms():
            data = form.cleaned_data
            source, recipient = data.get("funding_source"), data.get("recipient")
            key = (
                source.pk if source else None,
                data.get("first_year"),
                data.get("last_year"),
                recipient.pk if recipient else None,
            )
            if key in seen:
                form.add_error(None, terms.duplicate_recommendation_message())
            seen.add(key)


class DisbursementFormSet(TermFormSet):
    def clean(self) -> None:
        super().clean()
        seen: set[tuple[int | None, int | None]] = set()
        kept = self.kept_forms()
        for form in kept:
            source = form.cleaned_data.get("funding_source")
            key = (source.pk if source else None, form.cleaned_data.get("year"))
            if key in seen:
                form.add_error("year", terms.duplicate_disbursement_message(source is not None))
            seen.add(key)
        if len({source is None for source, _year in seen}) > 1:
            raise ValidationError(terms.mixed_schedule_message(), code="mixed_schedule")


RecommendationFormSetClass = forms.inlineformset_factory(
    GrantDecision,
    Recommendation,
    form=RecommendationForm,
    formset=RecommendationFormSet,
    extra=2,
    can_delete=True,
    max_num=MAX_LINES,
    validate_max=True,
)

DisbursementFormSetClass = forms.inlineformset_factory(
    GrantDecision,
    Disbursement,
    form=DisbursementForm,
    formset=DisbursementFormSet,
    extra=3,
    can_delete=True,
    max_num=MAX_LINES,
    validate_max=True,
)
