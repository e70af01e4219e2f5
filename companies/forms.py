"""The company form."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from stdnum.dk import cvr as stdnum_cvr

from companies.models import Company
from companies.services import cvr_clash
from core.forms import IdsChoiceField
from core.validators import CPR_SHAPE, validate_cvr, validate_not_cpr, validate_past_date
from core.widgets import DateInput
from grants.models import Project

# Room for a number typed with spaces, dashes or a DK prefix: "DK 12 34 56 78".
CVR_INPUT_LENGTH = 20


def linkable_projects(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Project]:
    """The projects `user` may link companies to: those they work in (all for administrators)."""
    return Project.objects.working_with_people(user)


class CompanyForm(forms.ModelForm[Company]):
    cvr = forms.CharField(
        label=_("CVR number"),
        max_length=CVR_INPUT_LENGTH,
        help_text=_("Eight digits, e.g. 29189455."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    class Meta:
        model = Company
        fields = [
            "name",
            "cvr",
            "municipality",
            "labour_market_area",
            "industry",
            "social_economy",
            "pioneer",
            "inclusion_started_on",
            "projects",
            "notes",
        ]
        widgets = {
            "inclusion_started_on": DateInput,
            "projects": forms.CheckboxSelectMultiple,
            "notes": forms.Textarea(attrs={"rows": 4}),
        }
        field_classes = {"projects": IdsChoiceField}
        help_texts = {
            "labour_market_area": _("Leave empty to use the municipality's labour-market area."),
            "projects": _("Only the projects you work in are listed."),
            "notes": _("Never write anything about a citizen here."),
        }

    def __init__(self, *args: Any, user: AbstractBaseUser | AnonymousUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["projects"].queryset = linkable_projects(user)  # type: ignore[attr-defined]
        self.fields["notes"].validators.append(validate_not_cpr)

    def clean_cvr(self) -> str:
        raw: str = self.cleaned_data["cvr"]
        if CPR_SHAPE.search(raw):
            # Said without repeating the number back: it may be a person's CPR number.
            raise ValidationError(
                _("This looks like a CPR number. A CVR number has eight digits."),
                code="cpr_number",
            )
        number = stdnum_cvr.compact(raw)
        validate_cvr(number)
        refusal = cvr_clash(cvr=number, exclude_pk=self.instance.pk)
        if refusal is not None:
            raise refusal
        return number

    def validate_unique(self) -> None:
        """Nothing left for the model's check: the CVR number is the company's one unique field.

        `clean_cvr` checks it, naming the company that has it, and `company_save` again in the
        transaction that saves; the model's check, made in between, would word a number taken
        meanwhile plainer.
        """

    def clean_inclusion_started_on(self) -> datetime.date | None:
        started: datetime.date | None = self.cleaned_data["inclusion_started_on"]
        validate_past_date(started)
        return started

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        municipality = data.get("municipality")
        if not data.get("labour_market_area") and municipality is not None:
            data["labour_market_area"] = municipality.labour_market_area
        return data
