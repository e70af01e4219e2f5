"""The forms of the requests pages: what the applicant types; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from applications.models import Request, RequestOrganisation
from core import uploads
from core.validators import MAX_YEAR, MIN_YEAR, validate_cvr
from grants.models import Organisation

CHANGE_KINDS = [choice for choice in Request.Kind.choices if choice[0] != Request.Kind.APPLICATION]


class VersionForm(forms.Form):
    """The version of the request the page showed (a save from an older page is refused)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)


class ApplicationStartForm(forms.Form):
    title = forms.CharField(label=_("Title of the project"), max_length=300)
    organisation = forms.ModelChoiceField(
        label=_("Apply on behalf of"), queryset=Organisation.objects.none(), empty_label=None
    )

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = organisations
        choices = list(organisations)
        # One organisation: nothing to pick.
        self.only = choices[0] if len(choices) == 1 else None
        if self.only is not None:
            del self.fields["organisation"]

    def chosen_organisation(self) -> Organisation:
        chosen: Organisation = self.only or self.cleaned_data["organisation"]
        return chosen


class ChangeRequestStartForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of change"), choices=CHANGE_KINDS)
    title = forms.CharField(label=_("Title"), max_length=300)
    first_year = forms.IntegerField(
        label=_("First year"), min_value=MIN_YEAR, max_value=MAX_YEAR, required=False
    )
    last_year = forms.IntegerField(
        label=_("Last year"), min_value=MIN_YEAR, max_value=MAX_YEAR, required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("first_year"), data.get("last_year")
        if first and last and first > last:
            self.add_error("last_year", _("The last year cannot come before the first year."))
        return data


class BasicsForm(VersionForm):
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        help_text=_("What the project will do; for a change request, why the change is needed."),
    )
    first_year = forms.IntegerField(
        label=_("First year"), min_value=MIN_YEAR, max_value=MAX_YEAR, required=False
    )
    last_year = forms.IntegerField(
        label=_("Last year"), min_value=MIN_YEAR, max_value=MAX_YEAR, required=False
    )


class OrganisationForm(VersionForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    cvr = forms.CharField(
        label=_("CVR number"), max_length=8, required=False, validators=[validate_cvr]
    )
    role = forms.ChoiceField(label=_("Role"), choices=RequestOrganisation.Role.choices)


class AreaForm(VersionForm):
    name = forms.CharField(label=_("Name of the effort area"), max_length=200)


class TargetsForm(VersionForm):
    """One number per indicator of the call; an empty field clears the target."""

    def __init__(self, *args: Any, indicators: Any, values: dict[int, int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.indicators = list(indicators)
        for indicator in self.indicators:
            self.fields[f"indicator_{indicator.pk}"] = forms.IntegerField(
                label=str(indicator), min_value=0, required=False, initial=values.get(indicator.pk)
            )

    def values(self) -> list[tuple[Any, int | None]]:
        return [(i, self.cleaned_data.get(f"indicator_{i.pk}")) for i in self.indicators]


class AttachmentForm(VersionForm):
    title = forms.CharField(label=_("Title"), max_length=300)
    file = forms.FileField(
        label=_("File"), widget=forms.FileInput(attrs={"accept": uploads.ACCEPT})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("At most %(max)s. %(types)s.") % {
            "max": uploads.MAX_SIZE_LABEL,
            "types": uploads.ALLOWED_LABEL,
        }


class AnswerForm(forms.Form):
    text = forms.CharField(label=_("Your answer"), widget=forms.Textarea(attrs={"rows": 8}))
