"""Writing an import: every row checked against the others and the database, then all or none."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from stdnum.dk import cvr as stdnum_cvr

from accounts import guards
from companies.models import Company, Municipality
from core import audit
from grants.models import Project
from participants.imports.cells import Lookups, cell_text, model_errors, parse_row
from participants.imports.reader import (
    BIRTH_YEAR,
    COMPANY_CVR,
    END_DATE,
    GENDER,
    MAX_ROWS,
    MENTOR,
    MUNICIPALITY_CODE,
    OUTCOME,
    OUTCOME_DATE,
    REFERENCE,
    START_DATE,
    ImportRowsError,
    RowError,
    SheetRow,
    blank,
)
from participants.models import OnboardingCourse, Participant

User = AbstractBaseUser | AnonymousUser

# The audit history's reason for every record an import writes.
IMPORT_CHANGE_REASON = "course import"


@dataclass(frozen=True)
class ImportResult:
    participants_created: int
    participants_reused: int
    courses_created: int


@dataclass
class _Plan:
    """What an import writes once every row is found good, and the problems found."""

    errors: list[RowError] = field(default_factory=list)
    new_participants: dict[str, Participant] = field(default_factory=dict)
    reused: set[int] = field(default_factory=set)
    # Each course with the reference of its participant (a new one has no id yet).
    courses: list[tuple[str, OnboardingCourse]] = field(default_factory=list)


def _plan(project: Project, rows: Sequence[SheetRow], by: User) -> _Plan:
    """Check every row against each other and the database; write nothing."""
    cvrs = {
        stdnum_cvr.compact(cell_text(row.values[COMPANY_CVR]))
        for row in rows
        if not blank(row.values.get(COMPANY_CVR))
        and "\x00" not in cell_text(row.values[COMPANY_CVR])
    }
    lookups = Lookups(
        municipalities={m.code: m for m in Municipality.objects.all()},
        companies={c.cvr: c for c in Company.objects.filter(cvr__in=cvrs)},
    )
    parsed = [(row.number, *parse_row(row, lookups)) for row in rows]
    references = {values[REFERENCE] for _n, values, _e in parsed if REFERENCE in values}
    existing = {
        p.reference: p
        for p in Participant.objects.visible_to(by).filter(
            project=project, reference__in=references
        )
    }
    registered = set(
        OnboardingCourse.objects.visible_to(by)
        .filter(participant__in=existing.values())
        .values_list("participant_id", "company_id", "start_date")
    )

    plan = _Plan()
    # reference -> (the first row naming a new participant, its values, its problems)
    first: dict[str, tuple[int, dict[str, Any], list[RowError]]] = {}
    seen_courses: dict[tuple[str, int, date], int] = {}
    for number, values, errors in parsed:
        plan.errors.extend(errors)
        if errors:
            continue
        problems: list[RowError] = []
        reference = values[REFERENCE]
        participant = existing.get(reference)
        if participant is not None:
            plan.reused.add(participant.pk)
            for column in (BIRTH_YEAR, GENDER):
                registered_value = getattr(participant, column)
                if values[column] != registered_value:
                    message = _(
                        "The participant %(reference)s is registered in the project "
                        "with another %(column)s: %(value)s."
                    ) % {"reference": reference, "column": column, "value": registered_value}
                    problems.append(RowError(number, column, message, "participant_differs"))
        elif reference in first:
            first_number, first_values, first_problems = first[reference]
            for column in (BIRTH_YEAR, GENDER, MUNICIPALITY_CODE):
                if values[column] != first_values[column]:
                    message = _("Differs from row %(row)s, which has the same reference.") % {
                        "row": first_number
                    }
                    problems.append(RowError(number, column, message, "participant_differs"))
            # A participant with problems spoils every row that names them.
            problems.extend(RowError(number, e.column, e.message, e.code) for e in first_problems)
        else:
            new = Participant(
                project=project,
                reference=reference,
                birth_year=values[BIRTH_YEAR],
                gender=values[GENDER],
                municipality=values[MUNICIPALITY_CODE],
            )
            try:
                new.full_clean(
                    exclude=["project", "municipality"],
                    validate_unique=False,
                    validate_constraints=False,
                )
            except ValidationError as exc:
                problems.extend(model_errors(number, exc))
            first[reference] = (number, values, list(problems))
            plan.new_participants[reference] = new

        course = OnboardingCourse(
            project=project,
            company=values[COMPANY_CVR],
            start_date=values[START_DATE],
            end_date=values[END_DATE],
            mentor=values[MENTOR],
            outcome=values[OUTCOME],
            outcome_date=values[OUTCOME_DATE],
        )
        if participant is not None:
            course.participant = participant
        try:
            # The database checks the rules again; here they are checked for the messages.
            course.full_clean(
                exclude=["participant", "project", "company"],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as exc:
            problems.extend(model_errors(number, exc))
        key = (reference, values[COMPANY_CVR].pk, values[START_DATE])
        if key in seen_courses:
            message = _(
                "The same course as row %(row)s: same reference, company and start date."
            ) % {"row": seen_courses[key]}
            problems.append(RowError(number, "", message, "duplicate_row"))
        seen_courses.setdefault(key, number)
        if participant is not None and (participant.pk, *key[1:]) in registered:
            message = _(
                "This course is already registered: same reference, company and start date."
            )
            problems.append(RowError(number, "", message, "already_registered"))
        plan.errors.extend(problems)
        plan.courses.append((reference, course))
    return plan


# --- Writing ------------------------------------------------------------------------------


def courses_import(
    *, project: Project, rows: Sequence[SheetRow], by: AbstractBaseUser
) -> ImportResult:
    """Import onboarding courses (and their new participants) into `project`: all or none.

    `by` must work in the project's secretariat. An unknown reference becomes a new participant;
    a reference registered in the project gets a new course. Raises `ImportRowsError` listing
    every bad row, or `ValidationError` when the import as a whole is refused.
    """
    if not guards.has_perm(by, "participants.add_participant", project):
        raise ValidationError(
            _("You can only import into the projects whose secretariat you belong to."),
            code="not_a_member",
        )
    if len(rows) > MAX_ROWS:
        raise ValidationError(
            _("At most %(rows)s rows can be imported at a time.")
            % {"rows": number_format(MAX_ROWS, force_grouping=True)},
            code="too_many_rows",
        )
    if not rows:
        raise ValidationError(_("There are no rows to import."), code="no_rows")
    with transaction.atomic():
        plan = _plan(project, rows, by)
        if plan.errors:
            raise ImportRowsError(plan.errors)
        # Inserted in bulk, so no save() writes their audit history: it is written alongside,
        # one "created" record a row, by the importing user.
        try:
            with transaction.atomic():
                created = audit.bulk_create(
                    list(plan.new_participants.values()),
                    Participant,
                    by=by,
                    reason=IMPORT_CHANGE_REASON,
                )
                by_reference = {p.reference: p for p in created}
                for reference, course in plan.courses:
                    if course.participant_id is None:
                        course.participant = by_reference[reference]
                audit.bulk_create(
                    [course for _ref, course in plan.courses],
                    OnboardingCourse,
                    by=by,
                    reason=IMPORT_CHANGE_REASON,
                )
        except IntegrityError as exc:
            # Someone registered the same participant while the file was checked (on
            # PostgreSQL; SQLite's write lock, held from the check on, lets no one in). Checked
            # again, the rows say what is registered now, as they would have a moment later.
            replanned = _plan(project, rows, by)
            if replanned.errors:
                raise ImportRowsError(replanned.errors) from exc
            raise ValidationError(
                _("The data changed while the file was imported. Nothing was saved: try again."),
                code="conflict",
            ) from exc
    return ImportResult(
        participants_created=len(created),
        participants_reused=len(plan.reused),
        courses_created=len(plan.courses),
    )
