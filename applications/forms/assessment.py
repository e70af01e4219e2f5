"""The forms of the staff's assessment workspace: each posts to its own small view."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.roles import ADMINISTRATOR, REGIONAL_STAFF
from applications.models import ChecklistAnswer, ChecklistQuestion
from core.people import person_name
from grants.models import DecisionBody


def staff_users() -> QuerySet[User]:
    """The users who may be a case officer: regional staff and administrators, active."""
    return (
        User.objects.filter(is_active=True)
        .filter(Q(groups__name__in=[REGIONAL_STAFF, ADMINISTRATOR]) | Q(is_superuser=True))
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


class OfficerField(forms.ModelChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        return person_name(obj)


class AssignForm(forms.Form):
    officer = OfficerField(
        queryset=User.objects.none(),
        required=False,
        label=_("Case officer"),
        empty_label=_("Nobody"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["officer"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = staff_users()


ANSWER_CHOICES = [("", _("Not answered")), *ChecklistAnswer.Answer.choices]


class ChecklistForm(forms.Form):
    """One radio group (yes / no / not relevant) and one note per question of the checklist."""

    def __init__(
        self,
        *args: Any,
        questions: Sequence[ChecklistQuestion],
        answers: dict[int, ChecklistAnswer],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            stored = answers.get(question.pk)
            self.fields[f"answer_{question.pk}"] = forms.ChoiceField(
                label=question.text,
                choices=ANSWER_CHOICES,
                required=False,
                widget=forms.RadioSelect,
                help_text=question.guidance,
                initial=stored.answer if stored else "",
            )
            self.fields[f"note_{question.pk}"] = forms.CharField(
                label=_("Note"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=stored.note if stored else "",
            )

    def rows(self) -> Iterable[tuple[forms.BoundField, forms.BoundField]]:
        for question in self.questions:
            yield self[f"answer_{question.pk}"], self[f"note_{question.pk}"]

    def answers(self) -> dict[int, tuple[str, str]]:
        return {
            question.pk: (
                self.cleaned_data.get(f"answer_{question.pk}") or "",
                self.cleaned_data.get(f"note_{question.pk}") or "",
            )
            for question in self.questions
        }


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Internal comment"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Seen only by the regional staff."),
    )


class AskForm(forms.Form):
    questions = forms.CharField(
        label=_("Questions to the applicant"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "The request goes back to the applicant with these questions; "
            "the applicant answers by changing and submitting it again."
        ),
    )


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the rejection"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The applicant reads the reason."),
    )


NEW_CASE = "new"


class AcceptForm(forms.Form):
    """Where the accepted request goes: a new case, an open case of the project, or (a change
    request that staff have already made into a decision by hand) that decision."""

    target = forms.ChoiceField(label=_("Put the decision on"), widget=forms.RadioSelect)
    body = forms.ModelChoiceField(
        label=_("Decision body"),
        queryset=DecisionBody.objects.none(),
        required=False,
        empty_label=None,
        help_text=_(
            "The body that is to decide the new decision; without a choice, the one that "
            "decided the project's latest decision."
        ),
        error_messages={"invalid_choice": _("Choose a decision body from the list.")},
    )

    def __init__(
        self,
        *args: Any,
        choices: list[tuple[str, str]],
        body: DecisionBody | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["target"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices
        field.initial = NEW_CASE
        bodies = self.fields["body"]
        assert isinstance(bodies, forms.ModelChoiceField)
        bodies.queryset = DecisionBody.objects.offered().order_by("order", "pk")
        bodies.initial = body.pk if body is not None else None
