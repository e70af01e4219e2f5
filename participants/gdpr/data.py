"""A participant's personal data as one document: the data subject's access (GDPR art. 15, 20).

Everything Rummelig holds about the person: their own fields (special categories too: they are
the person's own data), their courses, every earlier version of both from the audit history
(who changed what, when), and the log of who looked at their record.

Each field comes as {"label": ..., "value": ...}: the label and the value in the exporting
user's language, so a person can read it, and "code" beside the value wherever a value is one
of a list, so a machine can too. The keys are the fields' names and do not change with the
language. Fields are read from the models, so a field added later is exported too.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from participants.models import Category, OnboardingCourse, Participant

FORMAT = "rummelig/personal-data/1"
Field = dict[str, Any]
Record = dict[str, Field]

# What the history's three kinds of version mean, by simple-history's codes.
HISTORY_TYPES = {"+": "created", "~": "changed", "-": "deleted"}


def personal_data(participant: Participant, *, exported_at: datetime) -> dict[str, Any]:
    """Every personal datum held about `participant`, ready for `json.dumps`."""
    courses = list(
        participant.courses.select_related("project", "company").order_by("start_date", "pk")
    )
    return {
        "format": FORMAT,
        "exported_at": exported_at.isoformat(),
        "explanation": _(
            "The personal data the project holds about the participant: their data, their "
            "onboarding courses, every earlier version of both (who changed what, and when), "
            "and who has looked at their record."
        ),
        "participant": participant_fields(participant),
        "courses": [course_fields(course) for course in courses],
        "history": {
            "participant": participant_history(participant),
            "courses": course_history(participant),
        },
        "access_log": access_log(participant),
    }


def participant_fields(participant: Participant) -> Record:
    return _record(participant, Participant, _field_names(Participant))


def course_fields(course: OnboardingCourse) -> Record:
    return _record(course, OnboardingCourse, _course_field_names())


def participant_history(participant: Participant) -> list[dict[str, Any]]:
    """Every version of the participant, oldest first, each with what it changed."""
    versions = (
        Participant.history.filter(id=participant.pk)
        .select_related("project", "municipality", "employment_status", "education", "history_user")
        .order_by("history_date", "history_id")
    )
    return _changes(versions, Participant, _field_names(Participant))


def course_history(participant: Participant) -> list[dict[str, Any]]:
    """Every version of the participant's courses, oldest first, each with what it changed."""
    versions = (
        OnboardingCourse.history.filter(participant_id=participant.pk)
        .select_related("project", "company", "participant", "history_user")
        .order_by("history_date", "history_id")
    )
    return _changes(versions, OnboardingCourse, _course_field_names())


def access_log(participant: Participant) -> list[dict[str, Any]]:
    return [
        {
            "at": entry.at.isoformat(),
            "by": entry.username,
            "action": {"value": entry.get_action_display(), "code": entry.action},
        }
        for entry in participant.accesses.order_by("at", "pk")
    ]


def _field_names(model: type[models.Model]) -> list[str]:
    opts = model._meta
    return [f.name for f in [*opts.concrete_fields, *opts.many_to_many]]


def _course_field_names() -> list[str]:
    # The erasure link is always empty while the participant exists.
    return [name for name in _field_names(OnboardingCourse) if name != "erasure"]


def _changes(
    versions: Iterable[Any], model: type[models.Model], names: Sequence[str]
) -> list[dict[str, Any]]:
    """Each version with the fields that differ from the object's version before it."""
    result: list[dict[str, Any]] = []
    previous: dict[int, Record] = {}
    for version in versions:
        values = _record(version, model, names)
        before = previous.get(version.id, {})
        changes = {
            name: {
                "label": field["label"],
                "before": _plain(before[name]) if name in before else None,
                "after": _plain(field),
            }
            for name, field in values.items()
            if name != "id" and (name not in before or _plain(before[name]) != _plain(field))
        }
        kind = HISTORY_TYPES.get(version.history_type, version.history_type)
        result.append(
            {
                "id": version.id,
                "at": version.history_date.isoformat(),
                "by": version.history_user.get_username() if version.history_user else None,
                "type": {"value": version.get_history_type_display(), "code": kind},
                "changes": changes,
            }
        )
        previous[version.id] = values
    return result


def _plain(field: Field) -> Any:
    """A field's value as a comparison and a diff show it: the code when there is one."""
    return {key: field[key] for key in ("value", "code") if key in field}


def _record(obj: models.Model, model: type[models.Model], names: Sequence[str]) -> Record:
    """`obj`'s fields named `names`: `obj` is a `model` or one of its historical versions.

    The fields are the model's: a historical version has no many-to-many fields, only
    managers of the same names listing the rows of the time.
    """
    return {name: _field(obj, model._meta.get_field(name)) for name in names}


def _field(obj: models.Model, field: Any) -> Field:
    label = capfirst(str(field.verbose_name))
    if field.many_to_many:
        return _categories(label, getattr(obj, field.name).all())
    if field.is_relation:
        related = getattr(obj, field.name)
        entry: Field = {"label": label, "value": str(related) if related is not None else None}
        code = getattr(related, "code", None)
        if code is not None:
            entry["code"] = code
        return entry
    raw = getattr(obj, field.attname)
    if field.choices:
        display = dict(field.flatchoices).get(raw, raw)
        return {"label": label, "value": str(display) if raw else None, "code": raw or None}
    if isinstance(raw, date | datetime):
        raw = raw.isoformat()
    return {"label": label, "value": raw}


def _categories(label: str, items: Iterable[Any]) -> Field:
    # A live participant lists categories; a historical version lists rows that hold one.
    categories = sorted(
        (item if isinstance(item, Category) else item.category for item in items),
        key=lambda c: (c.order, c.pk),
    )
    return {
        "label": label,
        "value": [str(c) for c in categories],
        "code": [c.code for c in categories],
    }
