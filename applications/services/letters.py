"""Writes of the grant letter: the conditions it states, and each written version."""

from __future__ import annotations

import secrets
from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from applications import notices
from applications.letter_content import fingerprint
from applications.letter_data import current_fingerprints, letter_contents, with_letter_relations
from applications.letter_pdf import letter_pdf
from applications.models.letters import DecisionConditions, GrantLetter, ProgrammeConditions
from core import audit
from grants.models import GrantDecision, Programme


def conditions_update_programme(
    *, programme: Programme, text: str, by: AbstractBaseUser
) -> ProgrammeConditions:
    """Set the standard conditions every grant letter of `programme` states."""
    with transaction.atomic():
        conditions = ProgrammeConditions.objects.filter(programme=programme).first()
        if conditions is None:
            conditions = ProgrammeConditions(programme=programme)
        conditions.text = text.strip()
        return audit.save(conditions, by=by)


def conditions_update_decision(
    *, decision: GrantDecision, text: str, by: AbstractBaseUser
) -> DecisionConditions:
    """Set the conditions of `decision` its letter states after the programme's."""
    with transaction.atomic():
        conditions = DecisionConditions.objects.filter(decision=decision).first()
        if conditions is None:
            conditions = DecisionConditions(decision=decision)
        conditions.text = text.strip()
        return audit.save(conditions, by=by)


def letter_write(*, decision: GrantDecision, by: AbstractBaseUser) -> GrantLetter:
    """Write the next version of `decision`'s grant letter as a PDF, and keep it.

    Only an approved decision has a letter. The decision's row is locked while the version is
    numbered, so two writers at once get two numbers, and the letter states the figures as they
    were while it was locked.
    """
    with transaction.atomic():
        locked = (
            with_letter_relations(GrantDecision.objects.select_for_update(of=("self",)))
            .filter(pk=decision.pk)
            .first()
        )
        if locked is None or locked.status != GrantDecision.Status.APPROVED:
            raise ValidationError(
                _("A grant letter is written only for an approved decision."),
                code="not_approved",
            )
        previous = GrantLetter.objects.filter(decision=locked).aggregate(top=Max("number"))
        number = (previous["top"] or 0) + 1
        content = letter_contents([locked])[locked.pk]
        written_at = timezone.now()
        letter = GrantLetter(
            decision=locked,
            number=number,
            token=secrets.token_urlsafe(32),
            fingerprint=fingerprint(content),
            written_by_id=by.pk,
        )
        pdf = letter_pdf(content, number=number, written_at=written_at)
        letter.file.save("letter.pdf", ContentFile(pdf), save=False)
        try:
            audit.save(letter, by=by)
        except BaseException:
            letter.file.delete(save=False)
            raise
        notices.letter_issued(letter, by=by)
    return letter


def outdated_letter_ids(letters: Iterable[GrantLetter]) -> set[int]:
    """The letters among `letters` whose decision now says something else than they state.

    A constant number of queries, however many letters: the letters come with their decision
    and its project and body (`select_related("decision__project", "decision__deciding_body")`).
    """
    letters = list(letters)
    current = current_fingerprints(letter.decision for letter in letters)
    return {
        letter.pk for letter in letters if current.get(letter.decision_id) != letter.fingerprint
    }


def letter_is_outdated(letter: GrantLetter) -> bool:
    """Whether the decision has changed since `letter` was written: figures, period,
    conditions, deadlines or payment plan."""
    decision = with_letter_relations(GrantDecision.objects.filter(pk=letter.decision_id)).get()
    return current_fingerprints([decision])[decision.pk] != letter.fingerprint
