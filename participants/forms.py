"""Forms for participants, their onboarding courses and a course's outcome."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django import forms
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from accounts import guards
from companies.choices import CompanyField
from companies.models import Company
from core.forms import IdsChoiceField
from core.validators import validate_past_date
from core.widgets import DateInput
from grants.models import Project
from participants.models import Category, OnboardingCourse, Participant

VIEW_SPECIAL = "participants.view_special_categories"
CHANGE_SPECIAL = "participants.change_special_categories"
SPECIAL_FIELDS = ("foreign_background", "disability", "other_disadvantage")
CATEGORY_FIELDS = {
    "target_groups": Category.Kind.TARGET_GROUP,
    "employment_status": Category.Kind.EMPLOYMENT_STATUS,
    "education": Category.Kind.EDUCATION,
    "results_on_leaving": Category.Kind.RESULT_ON_LEAVING,
    "results_six_months": Category.Kind.RESULT_SIX_MONTHS,
}
MULTIPLE_FIELDS = ("target_groups", "results_on_leaving", "results_six_months")
# The largest id a database column holds (a signed 64-bit integer).


def may_edit_special_categories(
    user: AbstractBaseUser | AnonymousUser, participant: Participant | None
) -> bool:
    """Whether `user` may record special-category data of `participant` (None: a new one).

    Editing an existing participant's data shows its current values, so it takes the
    permission to see them too.
    """
    if not guards.has_perm(user, CHANGE_SPECIAL):
        return False
    return participant is None or participant.pk is None or guards.has_perm(user, VIEW_SPECIAL)


def companies_for(projects: QuerySet[Project] | Iterable[int]) -> QuerySet[Company]:
    """All companies, marked `in_projects` when linked to one of `projects`."""
    linked = Project.objects.filter(pk__in=projects, companies=OuterRef("pk"))
    return Company.objects.annotate(in_projects=Exists(linked)).order_by("name", "pk")


class ParticipantForm(forms.ModelForm[Participant]):
    """A participant's data; special categories only for those allowed to record them."""

    class Meta:
        model = Participant
        fields = [
            "reference",
            "birth_year",
            "gender",
            "municipality",
            "target_groups",
            "employment_status",
            "education",
            "results_on_leaving",
            "results_six_months",
            *SPECIAL_FIELDS,
        ]
        widgets = {name: forms.CheckboxSelectMultiple for name in MULTIPLE_FIELDS}
        field_classes = {name: IdsChoiceField for name in MULTIPLE_FIELDS}

    def __init__(self, *args: Any, user: AbstractBaseUser | AnonymousUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        this_year = date.today().year
        self.fields["birth_year"].widget.attrs.update(
            {"min": this_year - 100, "max": this_year - 14, "inputmode": "numeric"}
        )
        self.fields["reference"].widget.attrs["autocomplete"] = "off"
        for name, kind in CATEGORY_FIELDS.items():
            # New choices only from categories in use; a category taken out of use stays on
            # the participants it already describes.
            current = self.initial.get(name) if self.instance.pk else None
            chosen = current if isinstance(current, list) else [current]
            chosen_pks = [getattr(c, "pk", c) for c in chosen if c]
            self.fields[name].queryset = Category.objects.filter(  # type: ignore[attr-defined]
                Q(active=True) | Q(pk__in=chosen_pks), kind=kind
            )
        self.special_categories = may_edit_special_categories(user, self.instance)
        if not self.special_categories:
            for name in SPECIAL_FIELDS:
                del self.fields[name]

    def project(self) -> Project | None:
        """The project the participant belongs to; its references must differ."""
        return self.instance.project if self.instance.project_id else None

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        project, reference = self.project(), data.get("reference")
        taken = Participant.objects.filter(project=project, reference=reference)
        if project and reference and taken.exclude(pk=self.instance.pk).exists():
            self.add_error(
                "reference",
                forms.ValidationError(
                    _("%(reference)s is already registered in %(project)s."),
                    code="duplicate_reference",
                    params={"reference": reference, "project": project},
                ),
            )
        return data

    @property
    def multiple_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in MULTIPLE_FIELDS]

    @property
    def special_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in SPECIAL_FIELDS if name in self.fields]

    @property
    def plain_fields(self) -> list[forms.BoundField]:
        return [
            self[name]
            for name in self.fields
            if name not in MULTIPLE_FIELDS and name not in SPECIAL_FIELDS
        ]


class ParticipantRegisterForm(ParticipantForm):
    """A new participant: also the project, chosen among the user's own."""

    class Meta(ParticipantForm.Meta):
        fields = ["project", *ParticipantForm.Meta.fields]

    def __init__(self, *args: Any, user: AbstractBaseUser | AnonymousUser, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        projects = Project.objects.working_with_people(user).order_by("name")
        self.fields["project"].queryset = projects  # type: ignore[attr-defined]

    def project(self) -> Project | None:
        project = self.cleaned_data.get("project")
        return project if isinstance(project, Project) else None

    def _get_validation_exclusions(self) -> set[str]:
        # The reference is unique in the project: `clean` says so at the reference, and the
        # service again in the transaction that saves. The model's check of the pair, made in
        # between, would put a reference registered meanwhile above the form, worded plainer.
        return {*super()._get_validation_exclusions(), "project"}  # type: ignore[misc]


class CourseForm(forms.ModelForm[OnboardingCourse]):
    """An onboarding course; with an outcome and no end date, it ends on the outcome date."""

    # Hundreds of companies: an autocomplete, not a list of every one.
    company = CompanyField(
        queryset=Company.objects.none(),
        label=_("Company"),
        help_text=_("Type part of the name or the CVR number, and choose."),
    )

    class Meta:
        model = OnboardingCourse
        fields = ["company", "start_date", "end_date", "mentor", "outcome", "outcome_date"]
        widgets = {
            "start_date": DateInput,
            "end_date": DateInput,
            "outcome_date": DateInput,
        }
        help_texts = {
            "outcome": _("Leave empty while the course runs."),
        }

    def __init__(
        self, *args: Any, projects: QuerySet[Project] | Iterable[int], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["company"].queryset = companies_for(projects)  # type: ignore[attr-defined]
        # Recorded once they happened; the model checks the range again, for every path.
        self.fields["end_date"].validators.append(validate_past_date)
        self.fields["outcome_date"].validators.append(validate_past_date)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("outcome") and data.get("outcome_date") and not data.get("end_date"):
            data["end_date"] = data["outcome_date"]
        return data


class OutcomeForm(forms.Form):
    """The quick outcome of one course on the participant's page."""

    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=[("", "---------"), *OnboardingCourse.Outcome.choices]
    )
    outcome_date = forms.DateField(
        label=_("Outcome date"),
        widget=DateInput,
        validators=[validate_past_date],
    )

    def __init__(self, *args: Any, course: OnboardingCourse, **kwargs: Any) -> None:
        # Several of these forms share one page: the ids must differ.
        kwargs.setdefault("auto_id", f"id_outcome_{course.pk}_%s")
        super().__init__(*args, **kwargs)
        self.course = course
