"""Forms of the set-up pages."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from stdnum.dk import cvr as stdnum_cvr

from core.forms import IdsChoiceField
from core.validators import CPR_SHAPE, MAX_YEAR, MIN_YEAR, validate_cvr
from grants.models import (
    DecisionBody,
    EffortArea,
    FundingSource,
    Organisation,
    Programme,
    Project,
    ProjectOrganisation,
)
from grants.setup.services import cvr_clash

# Room for a number typed with spaces, dashes or a DK prefix: "DK 12 34 56 78".
CVR_INPUT_LENGTH = 20
# Empty link rows offered below a project's links: fill one in to add a link.
EXTRA_LINK_ROWS = 2
MAX_LINKS = 20


YEAR_WIDGET = {"class": "form-input input-width-xs"}


class ProgrammeForm(forms.ModelForm[Programme]):
    first_year = forms.IntegerField(
        label=_("First year"),
        required=False,
        min_value=MIN_YEAR,
        max_value=MAX_YEAR,
        widget=forms.NumberInput(attrs=YEAR_WIDGET),
    )
    last_year = forms.IntegerField(
        label=_("Last year"),
        required=False,
        min_value=MIN_YEAR,
        max_value=MAX_YEAR,
        widget=forms.NumberInput(attrs=YEAR_WIDGET),
    )

    class Meta:
        model = Programme
        fields = ["name", "pool", "first_year", "last_year", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


class OrganisationForm(forms.ModelForm[Organisation]):
    cvr = forms.CharField(
        label=_("CVR number"),
        max_length=CVR_INPUT_LENGTH,
        required=False,
        help_text=_("Eight digits, e.g. 29189455; leave empty if unknown."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    class Meta:
        model = Organisation
        fields = ["name", "cvr", "address"]
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}

    def clean_cvr(self) -> str:
        raw: str = self.cleaned_data["cvr"]
        if not raw.strip():
            return ""
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


class ProjectForm(forms.ModelForm[Project]):
    applicant = forms.ModelChoiceField(
        label=_("Applicant"), queryset=Organisation.objects.none(), empty_label=_("Choose")
    )
    on_behalf_of = forms.ModelChoiceField(
        label=_("On behalf of"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("Nobody (applies on its own behalf)"),
        help_text=_("The organisation the applicant applies for, e.g. LO Midtjylland."),
    )
    operator = forms.ModelChoiceField(
        label=_("Operator"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("None yet"),
        help_text=_("The organisation that runs the project (the project secretariat)."),
    )
    website = forms.URLField(
        label=_("Website"),
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text=_("The project's own address, e.g. https://www.example.dk/."),
    )
    partners = IdsChoiceField(
        label=_("Partners"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Project
        fields = ["name", "programme", "purpose", "website", "case_officer"]
        widgets = {"purpose": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organisations = Organisation.objects.order_by("name")
        for name in ("applicant", "on_behalf_of", "operator", "partners"):
            self.fields[name].queryset = organisations  # type: ignore[attr-defined]
        self.fields["programme"].empty_label = _("Choose")  # type: ignore[attr-defined]
        if self.instance.pk:
            self._initial_roles(list(self.instance.organisation_roles.all()))

    def _initial_roles(self, roles: list[ProjectOrganisation]) -> None:
        for po in roles:
            if po.role == ProjectOrganisation.Role.APPLICANT:
                self.initial["applicant"] = po.organisation_id
                self.initial["on_behalf_of"] = po.on_behalf_of_id
            elif po.role == ProjectOrganisation.Role.OPERATOR:
                self.initial["operator"] = po.organisation_id
        self.initial["partners"] = [
            po.organisation_id for po in roles if po.role == ProjectOrganisation.Role.PARTNER
        ]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        applicant, on_behalf_of = data.get("applicant"), data.get("on_behalf_of")
        if applicant is not None and on_behalf_of is not None and applicant == on_behalf_of:
            self.add_error("on_behalf_of", _("An applicant does not apply on behalf of itself."))
        leading = {org.pk for org in (applicant, data.get("operator")) if org is not None}
        if any(partner.pk in leading for partner in data.get("partners") or ()):
            self.add_error("partners", _("The applicant and the operator are not also partners."))
        return data


class LinkForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    url = forms.URLField(
        label=_("Address"),
        max_length=200,
        required=False,
        assume_scheme="https",
        help_text=_("E.g. https://www.example.dk/."),
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        title, url = data.get("title"), data.get("url")
        if title and not url and "url" not in self.errors:
            self.add_error("url", _("Give the link's address, or clear its title."))
        if url and not title:
            self.add_error("title", _("Give the link a title, or clear its address."))
        return data


class BaseLinkFormSet(forms.BaseFormSet[LinkForm]):
    def links(self) -> list[tuple[str, str]]:
        """The filled-in rows as (title, address), in the order of the page."""
        return [
            (form.cleaned_data["title"], form.cleaned_data["url"])
            for form in self.forms
            if form.cleaned_data.get("title") and form.cleaned_data.get("url")
        ]


LinkFormSet = cast(
    type[BaseLinkFormSet],
    forms.formset_factory(
        LinkForm,
        formset=BaseLinkFormSet,
        extra=EXTRA_LINK_ROWS,
        max_num=MAX_LINKS,
        validate_max=True,
        absolute_max=MAX_LINKS + EXTRA_LINK_ROWS,
    ),
)


class EffortAreaForm(forms.ModelForm[EffortArea]):
    class Meta:
        model = EffortArea
        fields = ["name", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.project = project

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"].strip()
        others = EffortArea.objects.filter(project_id=self.instance.project_id, name__iexact=name)
        if others.exclude(pk=self.instance.pk).exists():
            raise ValidationError(
                _("The project already has an effort area called %(name)s."),
                code="unique",
                params={"name": name},
            )
        return name


class ProjectSourceForm(forms.Form):
    funding_source = forms.ModelChoiceField(
        label=_("Funding source"),
        queryset=FundingSource.objects.none(),
        empty_label=_("Choose"),
        help_text=_("The region's list of funding sources is kept on the page Funding sources."),
    )

    def __init__(self, *args: Any, available: QuerySet[FundingSource], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["funding_source"].queryset = available  # type: ignore[attr-defined]


class FundingSourceForm(forms.ModelForm[FundingSource]):
    class Meta:
        model = FundingSource
        fields = ["name", "kind", "recommendation_phrase", "order"]
        widgets = {"order": forms.NumberInput(attrs={"class": "form-input input-width-xs"})}
        help_texts = {
            "order": _(
                "Where the source stands in the region's list and in the tables of projects "
                "that have not chosen their own order; 0 puts a new source last."
            ),
        }

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"].strip()
        others = FundingSource.objects.filter(name__iexact=name).exclude(pk=self.instance.pk)
        if others.exists():
            raise ValidationError(
                _("The region already has a funding source called %(name)s."),
                code="unique",
                params={"name": name},
            )
        return name


class DecisionBodyForm(forms.ModelForm[DecisionBody]):
    class Meta:
        model = DecisionBody
        fields = ["name", "code", "description", "retired", "order"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "order": forms.NumberInput(attrs={"class": "form-input input-width-xs"}),
        }
        help_texts = {
            "order": _(
                "Where the body stands in the list and in the choices of meetings and "
                "decisions; 0 puts a new body last."
            ),
        }

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"].strip()
        others = DecisionBody.objects.filter(name__iexact=name).exclude(pk=self.instance.pk)
        if others.exists():
            raise ValidationError(
                _("The region already has a decision body called %(name)s."),
                code="unique",
                params={"name": name},
            )
        return name

    def clean_code(self) -> str:
        code: str = self.cleaned_data["code"].strip()
        others = DecisionBody.objects.filter(code__iexact=code).exclude(pk=self.instance.pk)
        if code and others.exists():
            raise ValidationError(
                _("Another decision body has the short name %(code)s."),
                code="unique",
                params={"code": code},
            )
        return code
