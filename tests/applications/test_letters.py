"""Writing grant letters: only for an approved decision, numbered versions, a real tagged PDF
whose figures are the decision's, and outdated once the decision says something else."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from pypdf import PdfReader

from applications.letter_data import body_name
from applications.models import GrantLetter
from applications.services import letters as services
from grants.models import FundingSource, GrantDecision
from grants.services import decision_reopen, decision_save_lines, decision_set_status
from spending.models import ReportingDeadline
from tests.applications.letter_helpers import applicant_of, approved_decision, stored_letter
from tests.core.test_tagged_pdfs import assert_tables, assert_tagged
from tests.factories import (
    AdministratorFactory,
    DecisionFactory,
    FundingSourceFactory,
    ProjectFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db


def _text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_a_draft_decision_gets_no_letter() -> None:
    decision = DecisionFactory.create()
    with pytest.raises(ValidationError) as refusal:
        services.letter_write(decision=decision, by=StaffFactory.create())
    assert refusal.value.code == "not_approved"
    assert not decision.letters.exists()


def test_versions_are_numbered_one_two_three() -> None:
    staff = StaffFactory.create()
    decision = approved_decision(project=ProjectFactory.create(), by=staff)
    numbers = [services.letter_write(decision=decision, by=staff).number for _ in range(3)]
    assert numbers == [1, 2, 3]
    tokens = set(decision.letters.values_list("token", flat=True))
    assert len(tokens) == 3
    assert decision.letters.first().history.first().history_user == staff  # type: ignore[union-attr]


def test_the_pdf_is_tagged_and_states_the_decisions_amounts_per_source_and_year() -> None:
    staff = StaffFactory.create()
    project = ProjectFactory.create(name="Rummelig imidt")
    applicant_of(project)
    decision = approved_decision(project=project, by=staff)
    services.conditions_update_programme(
        programme=project.programme, text="## Rapportering\n\n- Halvårlig status", by=staff
    )
    ReportingDeadline.objects.create(
        project=project,
        period_start=date(2017, 1, 1),
        period_end=date(2017, 12, 31),
        due_on=date(2018, 3, 1),
    )
    with translation.override("da"):
        letter = services.letter_write(decision=decision, by=staff)
    content = letter.file.read()
    assert_tagged(content)
    assert_tables(content)
    text = _text(content)
    assert "Tilsagn om tilskud til Rummelig imidt" in text
    assert "Region Midtjylland, Regional Udvikling" in text
    assert body_name(decision) in text
    for line in decision.financing_lines.select_related("funding_source"):
        assert line.funding_source.name in text
        assert f"{line.amount:,}".replace(",", ".") + " kr." in text
    assert "4.000.000 kr." in text
    assert "Halvårlig status" in text
    assert "01.03.2018" in text


def test_a_letter_is_outdated_once_the_conditions_change() -> None:
    staff = StaffFactory.create()
    decision = approved_decision(project=ProjectFactory.create(), by=staff)
    letter = services.letter_write(decision=decision, by=staff)
    assert not services.letter_is_outdated(letter)
    services.conditions_update_decision(decision=decision, text="Nyt vilkår.", by=staff)
    assert services.letter_is_outdated(letter)
    newer = services.letter_write(decision=decision, by=staff)
    assert not services.letter_is_outdated(newer)
    assert services.outdated_letter_ids([letter, newer]) == {letter.pk}


def test_a_letter_is_outdated_once_the_reopened_decision_gets_a_new_financing_line() -> None:
    staff, admin = StaffFactory.create(), AdministratorFactory.create()
    decision = approved_decision(project=ProjectFactory.create(), by=staff)
    letter = services.letter_write(decision=decision, by=staff)
    decision_reopen(decision=decision, reason="Rettelse", by=admin)
    area = decision.budget_lines.first().effort_area  # type: ignore[union-attr]
    source = FundingSourceFactory.create(name="Privat")
    decision_save_lines(
        decision=decision,
        budget={(area.pk, 2018): 2_100_000},
        financing={(source.pk, 2018): 100_000},
        by=staff,
    )
    decision_set_status(decision=decision, status=GrantDecision.Status.APPROVED, by=staff)
    assert services.letter_is_outdated(letter)


def test_a_letter_is_outdated_once_a_deadline_is_added_in_its_period() -> None:
    staff = StaffFactory.create()
    decision = approved_decision(project=ProjectFactory.create(), by=staff)
    letter = services.letter_write(decision=decision, by=staff)
    ReportingDeadline.objects.create(
        project=decision.project,
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        due_on=date(2026, 3, 1),
    )
    assert not services.letter_is_outdated(letter)  # outside the period 2017–2018
    ReportingDeadline.objects.create(
        project=decision.project,
        period_start=date(2018, 1, 1),
        period_end=date(2018, 12, 31),
        due_on=date(2019, 3, 1),
    )
    assert services.letter_is_outdated(letter)


def test_telling_outdated_letters_costs_the_same_queries_for_one_or_many() -> None:
    staff = StaffFactory.create()

    def letters(count: int) -> list[GrantLetter]:
        made = [
            stored_letter(approved_decision(project=ProjectFactory.create(), by=staff), by=staff)
            for _ in range(count)
        ]
        return list(
            GrantLetter.objects.filter(pk__in=[m.pk for m in made]).select_related(
                "decision__project", "decision__deciding_body"
            )
        )

    few, many = letters(1), letters(4)
    with CaptureQueriesContext(connection) as one:
        assert services.outdated_letter_ids(few) == set()
    with CaptureQueriesContext(connection) as four:
        assert services.outdated_letter_ids(many) == set()
    assert len(one) == len(four)


def test_the_conditions_are_recorded_with_their_author() -> None:
    staff = StaffFactory.create()
    decision = approved_decision(project=ProjectFactory.create(), by=staff)
    conditions = services.conditions_update_programme(
        programme=decision.project.programme, text=" Vilkår ", by=staff
    )
    assert conditions.text == "Vilkår"
    assert conditions.history.first().history_user == staff  # type: ignore[union-attr]
    again = services.conditions_update_programme(
        programme=decision.project.programme, text="Andre", by=staff
    )
    assert again.pk == conditions.pk
    assert FundingSource.objects.exists()


def test_the_letter_follows_the_active_language() -> None:
    staff = StaffFactory.create()
    decision = approved_decision(project=ProjectFactory.create(name="Grøn vækst"), by=staff)
    with translation.override("en"):
        letter = services.letter_write(decision=decision, by=staff)
    content = letter.file.read()
    assert_tagged(content, language="en")
    text = _text(content)
    assert "Grant commitment for Grøn vækst" in text
    assert "The grant is paid out as the region approves the project's spending reports." in text
    # Written in English, the letter is as current for a Danish reader.
    with translation.override("da"):
        assert not services.letter_is_outdated(letter)
