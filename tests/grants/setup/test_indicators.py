"""Indicators as data: staff create them, a programme chooses them, a decision sets targets for
them with breakdowns, without the admin; bad input is refused with its message, saving nothing.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import translation
from pytest_django import DjangoAssertNumQueries

from companies.models import Industry
from grants.models import (
    AGE_BANDS,
    GENDERS,
    Dimension,
    GrantDecision,
    Indicator,
    ProgrammeIndicator,
    Target,
    TargetBreakdown,
)
from grants.services import target_change
from grants.setup import indicator_services as services
from participants.esf import AgeBand
from participants.models import Participant
from tests.factories import DecisionFactory, IndicatorFactory, ProgrammeFactory, TargetFactory
from tests.grants.setup.conftest import queries_of

pytestmark = pytest.mark.django_db

CREATE = reverse("grants:indicator_create")
LIST = reverse("grants:indicator_list")
CO01 = {
    "code": "co01",
    "name_da": "Virksomheder der modtager støtte",
    "name_en": "Enterprises receiving support",
    "unit": "virksomheder",
    "kind": "output",
    "measurement": "reported",
    "measure": "",
}


def test_the_breakdown_categories_are_those_participants_are_stored_with() -> None:
    assert set(GENDERS) == set(Participant.Gender.values)
    assert set(AGE_BANDS) == {band.value for band in AgeBand}


def test_staff_create_a_reported_indicator(client_of: Client, staff: User) -> None:
    response = client_of.post(CREATE, CO01)

    assert response.status_code == 302
    assert response["Location"] == LIST
    indicator = Indicator.objects.get(code="CO01")  # codes are kept in capitals
    assert (indicator.measurement, indicator.measure, indicator.computed) == ("reported", "", False)
    assert indicator.history.get().history_user == staff
    assert indicator.dimensions == ()


def test_an_indicator_is_named_in_the_active_language() -> None:
    indicator = IndicatorFactory.create(name_da="Nye job", name_en="New jobs")
    with translation.override("da"):
        assert indicator.name == "Nye job"
    with translation.override("en"):
        assert indicator.name == "New jobs"


def test_a_computed_indicator_breaks_down_by_what_its_measure_counts(client_of: Client) -> None:
    data = {**CO01, "measurement": "computed", "measure": "companies_in_courses"}
    assert client_of.post(CREATE, data).status_code == 302
    indicator = Indicator.objects.get(code="CO01")
    assert indicator.dimensions == (Dimension.INDUSTRY,)
    citizens = IndicatorFactory.create(measurement="computed", measure="citizens_in_courses")
    assert citizens.dimensions == (Dimension.GENDER, Dimension.AGE_BAND)


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"code": " "}, "code", "påkrævet"),
        ({"name_da": ""}, "name_da", "påkrævet"),
        ({"measurement": "computed", "measure": ""}, "measure", "Vælg hvad applikationen tæller"),
        ({"measure": "flex_jobs"}, "measure", "En indberettet indikator tælles ikke"),
        ({"measurement": "guessed"}, "measurement", "gyldig valgmulighed"),
        ({"measure": "everything"}, "measure", "gyldig valgmulighed"),
        ({"kind": "impact"}, "kind", "gyldig valgmulighed"),
        ({"unit": "x" * 51}, "unit", "højst have 50 tegn"),
    ],
)
def test_a_bad_indicator_is_refused_with_its_message(
    client_of: Client, change: dict[str, str], field: str, message: str
) -> None:
    response = client_of.post(CREATE, {**CO01, **change})

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not Indicator.objects.filter(code="CO01").exists()


def test_a_code_is_the_regions_only_once(client_of: Client) -> None:
    IndicatorFactory.create(code="CO01")
    response = client_of.post(CREATE, CO01)
    assert response.status_code == 200
    assert "code" in response.context["form"].errors
    assert Indicator.objects.filter(code="CO01").count() == 1


def test_how_an_indicator_is_measured_cannot_change_once_targets_use_it(
    client_of: Client,
) -> None:
    indicator = IndicatorFactory.create(code="CO01")
    TargetFactory.create(indicator=indicator)
    url = reverse("grants:indicator_update", args=[indicator.pk])
    data = {**CO01, "measurement": "computed", "measure": "companies_in_courses"}

    response = client_of.post(url, data)

    assert response.status_code == 200
    assert "measurement" in response.context["form"].errors
    indicator.refresh_from_db()
    assert indicator.measurement == "reported"
    # Its names may change.
    assert client_of.post(url, {**CO01, "name_da": "Nyt navn"}).status_code == 302


def test_the_indicator_list_takes_the_same_queries_for_more_rows(
    client_of: Client, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    programme = ProgrammeFactory.create()
    for _ in range(2):
        ProgrammeIndicator.objects.create(programme=programme, indicator=IndicatorFactory.create())
    few = queries_of(client_of, LIST)
    for _ in range(8):
        ProgrammeIndicator.objects.create(programme=programme, indicator=IndicatorFactory.create())
    assert queries_of(client_of, LIST) == few
    html = client_of.get(LIST).content.decode()
    assert html.count('href="/indicators/') >= 10


# --- A programme's indicators -----------------------------------------------------------------


def test_a_programme_chooses_its_indicators(client_of: Client, staff: User) -> None:
    programme = ProgrammeFactory.create()
    first, second = IndicatorFactory.create(), IndicatorFactory.create()
    url = reverse("grants:programme_indicators", args=[programme.pk])

    assert client_of.post(url, {"indicators": [first.pk, second.pk]}).status_code == 302
    assert set(programme.indicators.all()) == {first, second}
    assert client_of.post(url, {"indicators": [second.pk]}).status_code == 302
    assert list(programme.indicators.all()) == [second]
    # Who chose and dropped what is kept.
    assert ProgrammeIndicator.history.filter(history_type="-", history_user=staff).count() == 1


@pytest.mark.parametrize("given", [["x"], ["999999"], [str(2**70)]])
def test_a_programme_refuses_indicators_that_do_not_exist(client_of: Client, given: Any) -> None:
    programme = ProgrammeFactory.create()
    url = reverse("grants:programme_indicators", args=[programme.pk])
    response = client_of.post(url, {"indicators": given})
    assert response.status_code == 200
    assert "indicators" in response.context["form"].errors
    assert not programme.indicators.exists()


def test_a_programme_keeps_the_indicators_its_decisions_have_targets_for(
    client_of: Client,
) -> None:
    target = TargetFactory.create()
    programme = target.decision.project.programme
    url = reverse("grants:programme_indicators", args=[programme.pk])

    response = client_of.post(url, {"indicators": []})

    assert response.status_code == 200
    assert "beholder" in " ".join(response.context["form"].errors["indicators"])
    assert list(programme.indicators.all()) == [target.indicator]


# --- A decision's targets ---------------------------------------------------------------------


def _decision_with(*indicators: Indicator) -> GrantDecision:
    decision = DecisionFactory.create()
    for indicator in indicators:
        ProgrammeIndicator.objects.create(programme=decision.project.programme, indicator=indicator)
    return decision


def test_staff_set_a_target_for_an_indicator_of_the_programme(
    client_of: Client, staff: User
) -> None:
    indicator = IndicatorFactory.create()
    decision = _decision_with(indicator)
    url = reverse("grants:decision_targets", args=[decision.pk])

    response = client_of.post(url, {"indicator": indicator.pk, "value": "150"})

    assert response.status_code == 302
    target = Target.objects.get(decision=decision)
    assert (target.indicator, target.value) == (indicator, 150)
    assert target.history.get().history_user == staff
    page = client_of.get(url).content.decode()
    assert f'data-indicator="{indicator.code}"' in page


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"value": "10"}, "indicator"),
        ({"value": "-1"}, "value"),
        ({"value": "1000001"}, "value"),
        ({"value": "ti"}, "value"),
        ({"value": ""}, "value"),
    ],
)
def test_a_bad_target_is_refused(client_of: Client, data: dict[str, str], field: str) -> None:
    indicator = IndicatorFactory.create()
    decision = _decision_with(indicator)
    url = reverse("grants:decision_targets", args=[decision.pk])
    post = {"indicator": str(indicator.pk), **data} if field != "indicator" else data

    response = client_of.post(url, post)

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Target.objects.exists()


def test_a_decision_sets_targets_only_for_its_programmes_indicators_once_each(
    client_of: Client, staff: User
) -> None:
    chosen, other = IndicatorFactory.create(), IndicatorFactory.create()
    decision = _decision_with(chosen)
    url = reverse("grants:decision_targets", args=[decision.pk])
    # Not offered, and refused by the service too.
    response = client_of.post(url, {"indicator": other.pk, "value": "5"})
    assert "indicator" in response.context["form"].errors
    with pytest.raises(ValidationError) as refusal:
        services.target_add(decision=decision, indicator=other, value=5, by=staff)
    assert refusal.value.error_dict["indicator"][0].code == "not_chosen"
    services.target_add(decision=decision, indicator=chosen, value=5, by=staff)
    with pytest.raises(ValidationError) as refusal:
        services.target_add(decision=decision, indicator=chosen, value=6, by=staff)
    assert refusal.value.error_dict["indicator"][0].code == "unique"
    assert Target.objects.get().value == 5


# --- Breakdowns -------------------------------------------------------------------------------


def _computed_target(measure: str, value: int = 100) -> Target:
    indicator = IndicatorFactory.create(measurement="computed", measure=measure)
    target: Target = TargetFactory.create(indicator=indicator, value=value)
    return target


def test_staff_break_a_target_down_by_gender_and_age_band(client_of: Client) -> None:
    target = _computed_target("citizens_in_courses")
    url = reverse("grants:target_breakdown", args=[target.pk])
    page = client_of.get(url).content.decode()
    assert 'value="gender:female"' in page and 'value="age_band:below_25"' in page
    assert 'value="industry:' not in page  # citizens have no industry

    for part, value in [
        ("gender:female", "60"),
        ("age_band:below_25", "30"),
        ("gender:male", "40"),
    ]:
        assert client_of.post(url, {"part": part, "value": value}).status_code == 302
    # Set again, a part gets the new value.
    assert client_of.post(url, {"part": "gender:female", "value": "55"}).status_code == 302
    parts = {(p.dimension, p.category): p.value for p in target.breakdown.all()}
    assert parts == {("gender", "female"): 55, ("gender", "male"): 40, ("age_band", "below_25"): 30}
    assert {p.label for p in target.breakdown.all()} == {"kvinder", "mænd", "under 25 år"}


def test_staff_break_a_company_target_down_by_industry(client_of: Client) -> None:
    target = _computed_target("companies_inclusion", value=90)
    agriculture = Industry.objects.get_or_create(name="Landbrug")[0]
    url = reverse("grants:target_breakdown", args=[target.pk])
    assert (
        client_of.post(url, {"part": f"industry:{agriculture.pk}", "value": "30"}).status_code
        == 302
    )
    part = target.breakdown.get()
    assert (part.dimension, part.industry, part.category, part.label) == (
        "industry",
        agriculture,
        "",
        "Landbrug",
    )
    remove = reverse("grants:breakdown_remove", args=[part.pk])
    assert client_of.post(remove).status_code == 302
    assert not target.breakdown.exists()
    assert TargetBreakdown.history.filter(history_type="-").count() == 1


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"part": "industry:1", "value": "5"}, "part"),  # citizens have no industry
        ({"part": "gender:unknown", "value": "5"}, "part"),
        ({"part": "shoe_size:42", "value": "5"}, "part"),
        ({"part": "", "value": "5"}, "part"),
        ({"part": "gender:female", "value": "-3"}, "value"),
        ({"part": "gender:female", "value": "101"}, "value"),  # more than the target
    ],
)
def test_a_bad_breakdown_part_is_refused(
    client_of: Client, data: dict[str, str], field: str
) -> None:
    target = _computed_target("citizens_in_courses")
    response = client_of.post(reverse("grants:target_breakdown", args=[target.pk]), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not target.breakdown.exists()


def test_the_parts_of_one_dimension_add_up_to_no_more_than_the_target(staff: User) -> None:
    target = _computed_target("flex_jobs", value=10)
    services.breakdown_set(
        target=target,
        dimension=Dimension.GENDER,
        industry=None,
        category="female",
        value=6,
        by=staff,
    )
    with pytest.raises(ValidationError) as refusal:
        services.breakdown_set(
            target=target,
            dimension=Dimension.GENDER,
            industry=None,
            category="male",
            value=5,
            by=staff,
        )
    assert refusal.value.error_dict["value"][0].code == "parts_exceed_target"
    # Another dimension adds up on its own.
    services.breakdown_set(
        target=target,
        dimension=Dimension.AGE_BAND,
        industry=None,
        category="25_54",
        value=10,
        by=staff,
    )
    # Nor can the target drop below its parts.
    with pytest.raises(ValidationError) as refusal:
        target_change(target=target, value=9, reason="Færre", by=staff)
    assert refusal.value.error_dict["value"][0].code == "below_parts"
    assert Target.objects.get(pk=target.pk).value == 10


def test_a_reported_indicator_cannot_be_broken_down(client_of: Client, staff: User) -> None:
    target: Target = TargetFactory.create(indicator=IndicatorFactory.create())
    response = client_of.get(reverse("grants:target_breakdown", args=[target.pk]))
    assert response.status_code == 302
    with pytest.raises(ValidationError):
        services.breakdown_set(
            target=target,
            dimension=Dimension.GENDER,
            industry=None,
            category="male",
            value=1,
            by=staff,
        )
    assert not target.breakdown.exists()


def test_the_database_refuses_a_part_without_its_category() -> None:
    target = _computed_target("flex_jobs")
    with transaction.atomic(), pytest.raises(IntegrityError):
        TargetBreakdown.objects.create(target=target, dimension="gender", category="", value=1)
    with transaction.atomic(), pytest.raises(IntegrityError):
        Indicator.objects.create(
            code="X1", name_da="x", name_en="x", unit="x", measurement="computed", measure=""
        )
