"""Writes to participants and their courses: each is atomic and validates first."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.contrib.admin.models import LogEntry
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from simple_history.models import HistoricalRecords

from accounts import guards
from core import audit
from core.integrity import conflicts_refused
from grants.models import Project
from participants.models import (
    Category,
    OnboardingCourse,
    Participant,
    ParticipantAccess,
    ParticipantErasure,
)

CHANGE_SPECIAL = "participants.change_special_categories"
SPECIAL_FIELDS = ("foreign_background", "disability", "other_disadvantage")
MULTIPLE_FIELDS = {
    "target_groups": Category.Kind.TARGET_GROUP,
    "results_on_leaving": Category.Kind.RESULT_ON_LEAVING,
    "results_six_months": Category.Kind.RESULT_SIX_MONTHS,
}


def participant_register(
    *,
    project: Project,
    participant_data: Mapping[str, Any],
    course_data: Mapping[str, Any],
    by: AbstractBaseUser,
) -> tuple[Participant, OnboardingCourse]:
    """Register a new participant in `project` together with their first course: both or none.

    `participant_data` holds the participant's fields (many-to-many fields as iterables of
    categories); `course_data` the course's. Special-category data is refused unless `by` may
    record it, and only a member of the project may register in it.
    """
    if not guards.has_perm(by, "participants.add_participant", project):
        raise ValidationError(
            _("You can only register participants in projects you work in."), code="not_member"
        )
    data = dict(participant_data)
    if any(data.get(name) is not None for name in SPECIAL_FIELDS) and not guards.has_perm(
        by, CHANGE_SPECIAL
    ):
        raise ValidationError(
            _("You may not record special-category data."), code="special_categories"
        )
    many = {name: list(data.pop(name, None) or []) for name in MULTIPLE_FIELDS}
    _check_categories(many)

    participant = Participant(project=project, **data)
    course = OnboardingCourse(project=project, participant=participant, **course_data)

    def reference_free() -> None:
        reference_check(project=project, reference=participant.reference)

    with transaction.atomic(), audit.authored_by(by):
        # Checked inside the transaction: on SQLite it holds the write lock, so what it finds
        # free stays free; on PostgreSQL a register at the same time is caught on saving.
        errors: dict[str, list[ValidationError]] = {}
        try:
            reference_free()
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        try:
            # The project is the caller's, not the user's; without it, the reference's
            # constraint is `reference_free`'s alone, whose message the form shows too. The
            # model's check in between would word a reference registered meanwhile plainer.
            participant.full_clean(exclude=["project"])
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        try:
            # The participant has no id yet: it is checked above, and linked below.
            course.full_clean(exclude=["participant"])
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)
        with conflicts_refused(reference_free):
            participant.save()
        for name, categories in many.items():
            getattr(participant, name).set(categories)
        course.participant = participant
        course.save()
    return participant, course


def reference_check(*, project: Project, reference: str, exclude_pk: int | None = None) -> None:
    """Refuse `reference` when another participant of `project` has it, as the form does."""
    taken = Participant.objects.filter(project=project, reference=reference)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if reference and taken.exists():
        raise ValidationError(
            {
                "reference": ValidationError(
                    _("%(reference)s is already registered in %(project)s."),
                    code="duplicate_reference",
                    params={"reference": reference, "project": project},
                )
            }
        )


def _check_categories(many: Mapping[str, Iterable[Category]]) -> None:
    for name, categories in many.items():
        wrong = [c for c in categories if c.kind != MULTIPLE_FIELDS[name]]
        if wrong:
            raise ValidationError(
                {name: _("%(category)s does not belong to this list.") % {"category": wrong[0]}},
                code="wrong_category",
            )


def course_record_outcome(
    *, course: OnboardingCourse, outcome: str, outcome_date: date | None, by: AbstractBaseUser
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
        audit.save(course, by=by, update_fields=["outcome", "outcome_date", "end_date"])
    return course


def log_participant_access(
    *,
    user: AbstractBaseUser | AnonymousUser,
    participant: Participant,
    action: str,
) -> ParticipantAccess:
    """Record that `user` looked at `participant`'s record, and how (GDPR accountability)."""
    entry = ParticipantAccess(
        participant=participant,
        project_id=participant.project_id,
        user_id=user.pk if user.is_authenticated else None,
        username=user.get_username() if user.is_authenticated else "",
        action=action,
    )
    # The foreign keys come from loaded objects: checking each again would cost a query a view.
    entry.full_clean(exclude=["participant", "project", "user"])
    entry.save()
    return entry


def participant_erase(*, participant: Participant, by: AbstractBaseUser) -> ParticipantErasure:
    """Erase `participant` at their request (GDPR art. 17): all or nothing.

    Gone: the participant and their categories, every earlier version of them in the audit
    history, and their name in the admin's log. Kept, without the link to the person: their
    courses (project, company, dates, mentor, outcome), which still count in the project's
    progress as one citizen, and the log of who looked at their record. The returned
    `ParticipantErasure` records who erased, when and in which project, never whom.
    """
    if not by.is_authenticated:
        raise ValidationError(_("Only a signed-in user can erase a participant."), code="anonymous")
    with transaction.atomic(), audit.authored_by(by):
        participant = Participant.objects.select_for_update().get(pk=participant.pk)
        courses = list(
            OnboardingCourse.objects.select_for_update()
            .filter(participant=participant)
            .select_related("company")
        )
        erasure = ParticipantErasure(
            project_id=participant.project_id,
            erased_by_id=by.pk,
            erased_by_username=by.get_username(),
            course_count=len(courses),
        )
        erasure.full_clean(exclude=["project", "erased_by"])
        erasure.save()
        for course in courses:
            course.participant = None
            course.erasure = erasure
            course.full_clean(exclude=["participant", "erasure", "project", "company"])
            # Saved one by one: each course's history records that it lost its person here.
            course.save(update_fields=["participant", "erasure"])
        _deidentify(participant, erasure, courses)
        pk = participant.pk
        participant.delete()
        # After the delete: deleting writes one last historical version, with the reference.
        _purge_history(pk)
    return erasure


def _deidentify(
    participant: Participant, erasure: ParticipantErasure, courses: list[OnboardingCourse]
) -> None:
    """Point what must stay (course history, access log) at `erasure` instead of the person."""
    OnboardingCourse.history.filter(participant_id=participant.pk).update(
        participant_id=None, erasure_id=erasure.pk
    )
    ParticipantAccess.objects.filter(participant=participant).update(
        participant=None, erasure=erasure
    )
    # The admin's log names each object as it was shown: a course by its participant's reference.
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Participant),
        object_id=str(participant.pk),
    ).update(object_repr=str(erasure)[:200])
    course_type = ContentType.objects.get_for_model(OnboardingCourse)
    for course in courses:
        LogEntry.objects.filter(content_type=course_type, object_id=str(course.pk)).update(
            object_repr=str(course)[:200]
        )


def _purge_history(participant_id: int) -> None:
    """Delete every historical version of the participant, with its categories at the time."""
    history = Participant.history.model
    versions = history.objects.filter(id=participant_id)
    for field in history._history_m2m_fields:
        m2m_history = HistoricalRecords.m2m_models[field]
        m2m_history.objects.filter(
            Q(history__in=versions) | Q(participant_id=participant_id)
        ).delete()
    versions.delete()
