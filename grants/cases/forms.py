"""Forms for a case's texts, its references and its attachments."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import URLValidator
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from core import uploads
from core.forms import IdsChoiceField
from core.periods import year_span
from core.widgets import DateInput
from grants.models import Case, CaseAttachment, CaseReference, GrantDecision, Project

FORMATTING_HINT = _(
    "Simple formatting: an empty line between paragraphs, “- ” at the start of a line for a "
    "bullet list, “## ” for a heading. HTML is shown as text."
)
# A case carries a handful of references; the limit keeps one request small.
MAX_REFERENCES = 50


class CaseForm(forms.ModelForm[Case]):
    class Meta:
        model = Case
        fields = ["title", "meeting_date", "case_number", "summary", "text", "economy_text"]
        widgets = {
            "meeting_date": DateInput,
            "summary": forms.Textarea(attrs={"rows": 6}),
            "text": forms.Textarea(attrs={"rows": 20}),
            "economy_text": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {
            "summary": FORMATTING_HINT,
            "text": _(
                "The sagsfremstilling, with each section under a heading (“## Heading”). "
                "Paragraphs are separated by an empty line; “- ” starts a bullet."
            ),
            "economy_text": _(
                "The text before the budget-and-financing table. Same simple formatting."
            ),
        }


class ReferenceForm(forms.ModelForm[CaseReference]):
    # Only links a browser opens as pages: no ftp, no javascript:, no data:.
    url = forms.URLField(
        label=capfirst(CaseReference._meta.get_field("url").verbose_name),
        max_length=CaseReference._meta.get_field("url").max_length,
        required=False,
        assume_scheme="https",
        validators=[URLValidator(schemes=["http", "https"])],
        help_text=_("Leave empty for a reference without a link."),
    )

    class Meta:
        model = CaseReference
        fields = ["title", "url", "order"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["order"].required = False

    def has_changed(self) -> bool:
        # A new row with neither title nor address is an unused row, whatever its order says.
        if self.instance.pk is None:
            return bool({"title", "url"} & set(self.changed_data))
        return super().has_changed()

    def clean_order(self) -> int:
        order = self.cleaned_data.get("order")
        return 0 if order is None else order


ReferenceFormSet = forms.inlineformset_factory(
    Case,
    CaseReference,
    form=ReferenceForm,
    extra=2,
    can_delete=True,
    max_num=MAX_REFERENCES,
    validate_max=True,
)


class AttachmentForm(forms.ModelForm[CaseAttachment]):
    """Title, date and file of a new attachment; the file's size and type by its content."""

    class Meta:
        model = CaseAttachment
        fields = ["title", "dated"]
        widgets = {"dated": DateInput}

    file = forms.FileField(
        label=_("File"),
        widget=forms.FileInput(attrs={"accept": uploads.ACCEPT}),
    )

    def __init__(self, *args: Any, file_too_large: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Set when the upload handler dropped the file for its size: the field is then empty,
        # and "this field is required" would be the wrong message.
        self.file_too_large = file_too_large
        # Formatted here, not at import, so that it is in the language of the request.
        self.fields["file"].help_text = _("At most %(max)s. %(types)s.") % {
            "max": uploads.MAX_SIZE_LABEL,
            "types": uploads.ALLOWED_LABEL,
        }
        if file_too_large:
            self.fields["file"].required = False

    def clean_file(self) -> Any:
        if self.file_too_large:
            raise forms.ValidationError(uploads.too_large_message(), code="too_large")
        file = self.cleaned_data.get("file")
        if file is not None:
            # Here for the message beside the other fields' ones; the service checks again.
            try:
                uploads.check_upload(file)
            except forms.ValidationError as exc:
                raise forms.ValidationError(exc.message_dict["file"]) from None
        return file

    def reject_unread(self, message: str) -> None:
        """Show `message` at the file field of a form whose request body was never read."""
        self.cleaned_data = {}
        self.add_error("file", message)


class DecisionChoiceField(IdsChoiceField):
    """Decisions of one project, each named with its kind, period and status."""

    def label_from_instance(self, obj: Any) -> str:
        kind, status = obj.get_kind_display(), obj.get_status_display()
        return f"{obj.title} ({kind}, {year_span(obj.first_year, obj.last_year)}, {status})"


def decision_field(project: Project) -> DecisionChoiceField:
    """The decisions a case of `project` may present: the project's own, by period."""
    return DecisionChoiceField(
        queryset=GrantDecision.objects.filter(project=project).order_by("first_year", "pk"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=_("Decisions"),
        help_text=_(
            "The decisions the case puts before the meeting. Their budgets and financing make "
            "up the case's table, and each one's recommendations and disbursement schedule are "
            "checked against it."
        ),
    )


class CaseCreateForm(forms.ModelForm[Case]):
    """A new case of a project: its title, meeting and the decisions it presents."""

    class Meta:
        model = Case
        fields = ["title", "meeting_date", "case_number"]
        widgets = {"meeting_date": DateInput}

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decisions"] = decision_field(project)


class CaseDecisionsForm(forms.Form):
    """The decisions an existing case presents."""

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decisions"] = decision_field(case.project)
        self.fields["decisions"].initial = [d.pk for d in case.decisions.all()]
