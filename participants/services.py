"""Writes to participants and their courses: each is atomic and validates first."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from grants.models import Project
from participants.models import Category, OnboardingCourse, Participant

CHANGE_SPECIAL = "participants.change_special_categories"
SPECIAL_FIELDS = ("foreign_background", "disability", "other_disadvantage")
MULTIPLE_FIELDS = {
    "target_groups": Category.Kind.TARGET_GROUP,
    "results_on_leaving": Category.Kind.RESULT_ON_LEAVING,
    "results_six_months": Category.Kind.RESULT_SIX_MONTHS,
}


def user_has_perm(user: AbstractBaseUser | AnonymousUser, perm: str) -> bool:
    """`user.has_perm(perm)` for any user object, typed."""
    return isinstance(user, PermissionsMixin | AnonymousUser) and user.has_perm(perm)


def participant_register(
    *,
    project: Project,
    participant_data: Mapping[str, Any],
    course_data: Mapping[str, Any],
    by: AbstractBaseUser | AnonymousUser,
) -> tuple[Participant, OnboardingCourse]:
    """Register a new participant in `project` together with their first course: both or none.

    `participant_data` holds the participant's fields (many-to-many fields as iterables of
    categories); `course_data` the course's. Special-category data is refused unless `by` may
    record it, and only a member of the project may register in it.
    """
    if not Project.objects.member_of(by).filter(pk=project.pk).exists():
        raise ValidationError(
            _("You can only register participants in projects you work in."), code="not_member"
        )
    data = dict(participant_data)
    if any(data.get(name) is not None for name in SPECIAL_FIELDS) and not user_has_perm(
        by, CHANGE_SPECIAL
    ):
        raise ValidationError(
            _("You may not record special-category data."), code="special_categories"
        )
    many = {name: list(data.pop(name, None) or []) for name in MULTIPLE_FIELDS}
    _check_categories(many)

    participant = Participant(project=project, **data)
    course = OnboardingCourse(project=project, participant=participant, **course_data)
    errors: dict[str, list[ValidationError]] = {}
    try:
        participant.full_clean()
    except ValidationError as exc:
        errors = exc.update_error_dict(errors)
    try:
        # The participant has no id yet: it is checked above, and linked below.
        course.full_clean(exclude=["participant"])
    except ValidationError as exc:
        errors = exc.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)

    with transaction.atomic():
        participant.save()
        for name, categories in many.items():
            getattr(participant, name).set(categories)
        course.participant = participant
        course.save()
    return participant, course


def _check_categories(many: Mapping[str, Iterable[Category]]) -> None:
    for name, categories in many.items():
        wrong = [c for c in categories if c.kind != MULTIPLE_FIELDS[name]]
        if wrong:
            raise ValidationError(
                {name: _("%(category)s does not belong to this list.") % {"category": wrong[0]}},
                code="wrong_category",
            )


def course_record_outcome(
    *, course: OnboardingCourse, outcome: str, outcome_date: date | None
) -> OnboardingCourse:
    """Record how `course` ended. A running course ends on the outcome date.

    A course that already has an outcome keeps it: corrections go through the course's form,
    so a page left open cannot silently overwrite a newer entry.
    """
    with transaction.atomic():
        course = OnboardingCourse.objects.select_for_update().get(pk=course.pk)
        if course.outcome:
            raise ValidationError(
                _("The course already has an outcome. Edit the course to change it."),
                code="has_outcome",
            )
        if outcome not in OnboardingCourse.Outcome.values:
            raise ValidationError({"outcome": _("Choose an outcome.")}, code="invalid_outcome")
        course.outcome = outcome
        course.outcome_date = outcome_date
        if course.end_date is None:
            course.end_date = outcome_date
        course.full_clean()
        course.save(update_fields=["outcome", "outcome_date", "end_date"])
    return course
