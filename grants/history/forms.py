"""The GET forms of a decision's history page: a table as of a version or a date, and two
versions to compare. Both read the history they check against; neither writes anything."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime, time
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from core.validators import validate_plausible_date
from core.widgets import DateInput
from grants.history.replay import DecisionHistory, State, Version, as_of, first_recorded

# How a version is named in a choice list and on the page.
WHEN_FORMAT = "DATETIME_FORMAT"


def version_label(version: Version) -> str:
    when = date_format(timezone.localtime(version.at), WHEN_FORMAT)
    user = version.user or _("the system (no user)")
    return f"{version.number}: {when} ({user})"


def version_choices(versions: Sequence[Version]) -> list[tuple[str, str]]:
    """Newest first, as the page lists them."""
    return [(str(v.number), version_label(v)) for v in reversed(versions)]


def end_of_day(day: date) -> datetime:
    """The last moment of `day` in the current time zone: a date means the day's end state."""
    return datetime.combine(day, time.max, tzinfo=timezone.get_current_timezone())


class VersionField(forms.TypedChoiceField):
    default_error_messages = {
        "invalid_choice": _("There is no version %(value)s of this decision."),
    }

    def __init__(self, *, versions: Sequence[Version], **kwargs: Any) -> None:
        choices = version_choices(versions)
        if not kwargs.get("required", True):
            choices = [("", "–"), *choices]
        super().__init__(coerce=int, choices=choices, empty_value=None, **kwargs)


class AsOfForm(forms.Form):
    """The table as it stood after a version, or at the end of a day."""

    version = VersionField(versions=(), label=_("Version"), required=False)
    date = forms.DateField(
        label=_("Or a date"),
        required=False,
        widget=DateInput,
        validators=[validate_plausible_date],
        error_messages={"invalid": _("Enter a valid date, e.g. 2019-03-31.")},
    )

    def __init__(
        self,
        data: Mapping[str, Any] | None = None,
        *,
        history: DecisionHistory,
        versions: Sequence[Version],
    ) -> None:
        super().__init__(data)
        self.history = history
        self.versions = versions
        self.fields["version"] = VersionField(versions=versions, label=_("Version"), required=False)
        self.moment: datetime | None = None
        self.chosen: Version | None = None
        self.state: State | None = None

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        number: int | None = data.get("version")
        day: date | None = data.get("date")
        if self.errors:
            return data
        if number is not None and day is not None:
            raise ValidationError(_("Choose either a version or a date, not both."))
        if number is None and day is None:
            raise ValidationError(_("Choose a version or a date."))
        if number is not None:
            self.chosen = self.versions[number - 1]
            self.moment = self.chosen.at
        elif day is not None:
            if day > timezone.localdate():
                raise ValidationError(
                    {"date": _("The date lies in the future: choose today or an earlier day.")}
                )
            self.moment = end_of_day(day)
        assert self.moment is not None
        self.state = as_of(self.history, self.moment)
        if self.state is None:
            first = first_recorded(self.history)
            if first is None:
                raise ValidationError(_("No history has been recorded for this decision."))
            raise ValidationError(
                {
                    "date": _(
                        "The decision did not exist yet on %(day)s: its history begins on "
                        "%(first)s."
                    )
                    % {
                        "day": date_format(self.moment, "DATE_FORMAT"),
                        "first": date_format(timezone.localtime(first), "DATE_FORMAT"),
                    }
                }
            )
        return data


class CompareForm(forms.Form):
    """Two versions whose differences to show."""

    before = VersionField(versions=(), label=_("From version"))
    after = VersionField(versions=(), label=_("To version"))

    def __init__(
        self,
        data: Mapping[str, Any] | None = None,
        *,
        versions: Sequence[Version],
    ) -> None:
        initial = {}
        if len(versions) >= 2:
            initial = {"before": versions[-2].number, "after": versions[-1].number}
        super().__init__(data, initial=initial)
        self.versions = versions
        self.fields["before"] = VersionField(versions=versions, label=_("From version"))
        self.fields["after"] = VersionField(versions=versions, label=_("To version"))

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not self.errors and data["before"] == data["after"]:
            raise ValidationError(_("Choose two different versions."))
        return data

    def chosen(self) -> tuple[Version, Version]:
        """The two versions, once the form is valid."""
        return (
            self.versions[self.cleaned_data["before"] - 1],
            self.versions[self.cleaned_data["after"] - 1],
        )
