"""conflicts_refused: a constraint a race trips comes back as the checks' own messages."""

from __future__ import annotations

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction

from companies.models import Company
from core.integrity import conflicts_refused
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db


def _copy(company: Company, name: str = "Kopi ApS") -> Company:
    return Company(name=name, cvr=company.cvr, municipality=company.municipality)


def _cvr_taken(company: Company) -> None:
    if Company.objects.filter(cvr=company.cvr).exclude(pk=company.pk).exists():
        raise ValidationError({"cvr": ValidationError("taken", code="unique")})


def test_a_clash_a_check_explains_is_its_validation_error_and_saves_nothing() -> None:
    first = CompanyFactory.create()
    copy = _copy(first)

    with pytest.raises(ValidationError) as refused, conflicts_refused(lambda: _cvr_taken(copy)):
        copy.save()

    assert [e.code for e in refused.value.error_dict["cvr"]] == ["unique"]
    assert isinstance(refused.value.__cause__, IntegrityError)
    assert list(Company.objects.all()) == [first]


def test_every_check_that_finds_its_conflict_gives_its_message() -> None:
    first = CompanyFactory.create()
    copy = _copy(first)

    def also() -> None:
        raise ValidationError("and this", code="other")

    def not_this() -> None:
        pass

    checks = (lambda: _cvr_taken(copy), not_this, also)
    with pytest.raises(ValidationError) as refused, conflicts_refused(*checks):
        copy.save()

    assert refused.value.message_dict == {"cvr": ["taken"], NON_FIELD_ERRORS: ["and this"]}


def test_a_clash_no_check_explains_stays_an_integrity_error() -> None:
    first = CompanyFactory.create()
    copy = _copy(first)

    with pytest.raises(IntegrityError), conflicts_refused(lambda: None):
        copy.save()


def test_the_callers_transaction_goes_on_after_a_refusal() -> None:
    """Undone to a savepoint: what the caller wrote before stays, and it can write more."""
    first = CompanyFactory.create()
    with transaction.atomic():
        before = CompanyFactory.create(name="Før ApS")
        copy = _copy(first)
        with pytest.raises(ValidationError), conflicts_refused(lambda: _cvr_taken(copy)):
            copy.save()
        after = CompanyFactory.create(name="Efter ApS")

    assert set(Company.objects.all()) == {first, before, after}


def test_a_block_that_succeeds_runs_no_check() -> None:
    def never() -> None:
        raise AssertionError("checked without a clash")

    with conflicts_refused(never):
        saved = CompanyFactory.create()

    assert Company.objects.get() == saved
