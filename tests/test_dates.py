"""One plausible-date rule for every date field, on every path in; no page fails on a date.

Every date field of every model carries `validate_plausible_date`, so every ModelForm and
admin form refuses 0001-01-01 and 9999-12-31 with the same Danish message, and the screens'
own forms do too. Records stored before the rule (or past it, by a bulk update) are still
shown: a course that starts before its participant's birth year gives a warning on the
participant's page, never a server error.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

import pytest
from django import forms
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import models
from django.test import Client
from django.urls import reverse

from core.validators import validate_plausible_date
from grants.models import Case, GrantDecision
from participants.models import OnboardingCourse, Participant
from participants.services import course_record_outcome
from tests.factories import (
    AdministratorFactory,
    CaseFactory,
    CompanyFactory,
    CourseFactory,
    DecisionFactory,
    UserFactory,
)
from tests.participants.world import World, build_world, client_for, grant

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Response

pytestmark = pytest.mark.django_db

IMPLAUSIBLE = "Datoen skal ligge mellem 1900 og 2100."
BAD_DATES = ["0001-01-01", "1899-12-31", "2101-01-01", "9999-12-31"]
APPS = ("grants", "participants", "companies")


@pytest.fixture
def world() -> World:
    return build_world()


def date_fields() -> Iterator[tuple[type[models.Model], models.DateField]]:
    """Every date field (not date-time) of the apps' own models, history models aside."""
    for label in APPS:
        for model in apps.get_app_config(label).get_models():
            if (model._meta.model_name or "").startswith("historical"):
                continue
            for field in model._meta.get_fields():
                if isinstance(field, models.DateField) and not isinstance(
                    field, models.DateTimeField
                ):
                    yield model, field


def test_every_date_field_carries_the_plausible_date_rule() -> None:
    fields = {f"{model.__name__}.{field.name}": field for model, field in date_fields()}
    assert set(fields) >= {
        "OnboardingCourse.start_date",
        "OnboardingCourse.end_date",
        "OnboardingCourse.outcome_date",
        "GrantDecision.decided_on",
        "Case.meeting_date",
        "CaseAttachment.dated",
        "Company.inclusion_started_on",
    }
    assert [name for name, f in fields.items() if validate_plausible_date not in f.validators] == []


def resubmitted(forms_: Iterable[forms.BaseForm | forms.BaseFormSet]) -> dict[str, Any]:
    """What a browser sends back for `forms_` unchanged: every field's current value."""
    data: dict[str, Any] = {}
    expanded: list[forms.BaseForm] = []
    for form in forms_:
        if isinstance(form, forms.BaseFormSet):
            expanded.extend([form.management_form, *form.forms])
        else:
            expanded.append(form)
    for form in expanded:
        for bound in form:
            value = bound.value()
            if value is None:
                continue
            if isinstance(value, list | tuple):
                data[bound.html_name] = [str(v) for v in value]
            elif isinstance(value, datetime.date):
                data[bound.html_name] = value.isoformat()
            else:
                data[bound.html_name] = str(value)
    return data


# --- The admin: every date field of every model admin ------------------------------------

# An object of each model whose admin edits a date field; the walk below fails on a model
# that has an editable date field and no entry here.
ADMIN_OBJECTS = {
    OnboardingCourse: lambda: CourseFactory.create(start_date=datetime.date(2019, 3, 1)),
    GrantDecision: lambda: DecisionFactory.create(decided_on=datetime.date(2019, 1, 10)),
    Case: lambda: CaseFactory.create(meeting_date=datetime.date(2019, 2, 1)),
    apps.get_model("companies", "Company"): lambda: CompanyFactory.create(),
}


def admin_date_fields() -> list[tuple[type[models.Model], str]]:
    """(model, field) for every date field an admin change form edits."""
    found = []
    for model, field in date_fields():
        model_admin = admin.site._registry.get(model)
        if model_admin is None or not field.editable:
            continue
        shown: list[Any] | None = None
        if model_admin.fieldsets:
            shown = flatten_fieldsets(model_admin.fieldsets)
        elif model_admin.fields:
            shown = [*model_admin.fields]
        if (
            field.name in model_admin.readonly_fields
            or field.name in (model_admin.exclude or ())
            or (shown is not None and field.name not in shown)
        ):
            continue
        found.append((model, field.name))
    return found


def admin_change(client: Client, instance: models.Model) -> tuple[str, Response]:
    opts = instance._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[instance.pk])
    return url, client.get(url)


def admin_forms(response: Response) -> list[forms.BaseForm]:
    found: list[forms.BaseForm] = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        found.append(inline.formset.management_form)
        found.extend(inline.formset.forms)
    return found


@pytest.fixture
def superuser_client() -> Client:
    client = Client()
    client.force_login(UserFactory.create(is_staff=True, is_superuser=True))
    return client


def test_the_walk_covers_every_admin_date_field() -> None:
    walked = admin_date_fields()
    assert {model for model, _name in walked} <= set(ADMIN_OBJECTS)
    assert (OnboardingCourse, "start_date") in walked
    assert (GrantDecision, "decided_on") in walked
    assert (Case, "meeting_date") in walked


@pytest.mark.parametrize(("model", "name"), admin_date_fields())
def test_admin_saves_the_object_resubmitted_unchanged(
    superuser_client: Client, model: type[models.Model], name: str
) -> None:
    # The walk's resubmission is a good form: a refusal below is the date's alone.
    url, page = admin_change(superuser_client, ADMIN_OBJECTS[model]())
    response = superuser_client.post(url, resubmitted(admin_forms(page)))
    assert response.status_code == 302, response.context["adminform"].form.errors


@pytest.mark.parametrize("bad", BAD_DATES)
@pytest.mark.parametrize(("model", "name"), admin_date_fields())
def test_admin_refuses_an_implausible_date_with_a_message(
    superuser_client: Client, model: type[models.Model], name: str, bad: str
) -> None:
    instance = ADMIN_OBJECTS[model]()
    url, page = admin_change(superuser_client, instance)
    before = getattr(instance, name)
    response = superuser_client.post(url, {**resubmitted(admin_forms(page)), name: bad})
    assert response.status_code == 200
    assert response.context["adminform"].form.errors[name] == [IMPLAUSIBLE]
    instance.refresh_from_db()
    assert getattr(instance, name) == before


def test_admin_refuses_a_course_before_the_birth_year(
    world: World, superuser_client: Client
) -> None:
    url, page = admin_change(superuser_client, world.course)
    response = superuser_client.post(
        url, {**resubmitted(admin_forms(page)), "start_date": "1989-12-31"}
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["start_date"] == [
        "Forløbet kan ikke begynde før deltagerens fødselsår (1990)."
    ]


def test_admin_refuses_a_birth_year_after_a_course_start(
    world: World, superuser_client: Client
) -> None:
    CourseFactory.create(participant=world.participant, start_date=datetime.date(2005, 1, 3))
    url, page = admin_change(superuser_client, world.participant)
    response = superuser_client.post(url, {**resubmitted(admin_forms(page)), "birth_year": "2006"})
    assert response.status_code == 200
    assert "birth_year" in response.context["adminform"].form.errors
    world.participant.refresh_from_db()
    assert world.participant.birth_year == 1990


@pytest.mark.parametrize("bad", BAD_DATES)
def test_admin_lists_take_any_date_in_their_date_filters(
    world: World, superuser_client: Client, bad: str
) -> None:
    year, month, day = bad.split("-")
    url = reverse("admin:participants_onboardingcourse_changelist")
    for query in (
        {"start_date__year": year},
        {"start_date__year": year, "start_date__month": month},
        {"start_date__year": year, "start_date__month": month, "start_date__day": day},
    ):
        assert superuser_client.get(url, query).status_code in (200, 302)


# --- The screens' forms: every date field ------------------------------------------------


@pytest.fixture
def administrator() -> User:
    return AdministratorFactory.create()


def screen_forms(world: World) -> list[tuple[str, tuple[str, ...], str, str]]:
    """(page, its forms in the context, the form holding the date, the date's field name)."""
    decision = DecisionFactory.create(project=world.project)
    case = CaseFactory.create(project=world.project)
    participant_pages = [
        (reverse("participants:course_update", args=[world.course.pk]), ("form",), "form", f)
        for f in ("start_date", "end_date", "outcome_date")
    ]
    return [
        *participant_pages,
        (
            reverse("participants:course_create", args=[world.participant.pk]),
            ("form",),
            "form",
            "start_date",
        ),
        *[
            (
                reverse("participants:participant_register"),
                ("participant_form", "course_form"),
                "course_form",
                f,
            )
            for f in ("start_date", "end_date", "outcome_date")
        ],
        (reverse("grants:decision_update", args=[decision.pk]), ("form",), "form", "decided_on"),
        (reverse("grants:case_edit", args=[case.pk]), ("form", "formset"), "form", "meeting_date"),
        (reverse("grants:attachment_upload", args=[case.pk]), ("form",), "form", "dated"),
        (
            reverse("companies:company_update", args=[world.company.pk]),
            ("form",),
            "form",
            "inclusion_started_on",
        ),
        (reverse("companies:company_create"), ("form",), "form", "inclusion_started_on"),
    ]


@pytest.mark.parametrize("bad", ["0001-01-01", "9999-12-31"])
def test_every_screen_form_refuses_an_implausible_date_with_a_message(
    world: World, administrator: User, bad: str
) -> None:
    client = client_for(administrator)
    checked = 0
    for url, names, holder, field in screen_forms(world):
        page = client.get(url)
        assert page.status_code == 200, url
        forms_ = [page.context[name] for name in names]
        data = resubmitted(forms_)
        data[page.context[holder][field].html_name] = bad
        response = client.post(url, data)
        assert response.status_code == 200, url
        assert IMPLAUSIBLE in response.context[holder].errors[field], (url, field)
        # The page offers only plausible dates in the first place.
        assert 'min="1900-01-01"' in page.text and 'max="2100-12-31"' in page.text, url
        checked += 1
    assert checked == 12


@pytest.mark.parametrize("bad", ["0001-01-01", "9999-12-31"])
def test_decision_form_refuses_an_implausible_date(
    world: World, administrator: User, bad: str
) -> None:
    decision = DecisionFactory.create(project=world.project, decided_on=datetime.date(2019, 1, 10))
    url = reverse("grants:decision_update", args=[decision.pk])
    client = client_for(administrator)
    data = resubmitted([client.get(url).context["form"]])
    response = client.post(url, {**data, "decided_on": bad})
    assert response.status_code == 200
    assert response.context["form"].errors["decided_on"] == [IMPLAUSIBLE]
    decision.refresh_from_db()
    assert decision.decided_on == datetime.date(2019, 1, 10)


@pytest.mark.parametrize("bad", ["0001-01-01", "9999-12-31"])
def test_case_form_refuses_an_implausible_meeting_date(
    world: World, administrator: User, bad: str
) -> None:
    case = CaseFactory.create(project=world.project, meeting_date=datetime.date(2019, 2, 1))
    url = reverse("grants:case_edit", args=[case.pk])
    client = client_for(administrator)
    page = client.get(url)
    response = client.post(
        url,
        {**resubmitted([page.context["form"], page.context["formset"]]), "meeting_date": bad},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["meeting_date"] == [IMPLAUSIBLE]
    case.refresh_from_db()
    assert case.meeting_date == datetime.date(2019, 2, 1)


@pytest.mark.parametrize("bad", BAD_DATES)
def test_the_history_as_of_a_date_refuses_an_implausible_date(
    world: World, administrator: User, bad: str
) -> None:
    decision = DecisionFactory.create(project=world.project)
    url = reverse("grants:decision_history", args=[decision.pk])
    response = client_for(administrator).get(url, {"date": bad})
    assert response.status_code == 200
    assert response.context["as_of_form"].errors["date"] == [IMPLAUSIBLE]


@pytest.mark.parametrize("bad", BAD_DATES)
def test_the_course_list_takes_any_date_in_its_period(world: World, bad: str) -> None:
    client = client_for(world.secretary)
    for query in ({"period_from": bad}, {"period_to": bad}, {"period_from": bad, "period_to": bad}):
        assert client.get(reverse("participants:course_list"), query).status_code == 200
        assert client.get(reverse("participants:course_export"), query).status_code == 200


@pytest.mark.parametrize("day", [datetime.date(1, 1, 1), datetime.date(9999, 12, 31)])
def test_the_outcome_service_refuses_an_implausible_date(world: World, day: datetime.date) -> None:
    with pytest.raises(ValidationError) as caught:
        course_record_outcome(
            course=world.course, outcome="flex_job", outcome_date=day, by=world.secretary
        )
    assert IMPLAUSIBLE in caught.value.message_dict["outcome_date"]
    world.course.refresh_from_db()
    assert (world.course.outcome, world.course.outcome_date) == ("", None)


# --- Records stored before the rule ------------------------------------------------------


def store_course_before_birth(world: World) -> None:
    """A course starting before its participant's birth year, stored past every check."""
    OnboardingCourse.objects.filter(pk=world.course.pk).update(start_date=datetime.date(1985, 3, 1))


def test_a_stored_course_before_the_birth_year_shows_a_warning_not_a_500(world: World) -> None:
    store_course_before_birth(world)
    response = client_for(world.secretary).get(world.participant.get_absolute_url())
    assert response.status_code == 200
    assert response.context["age_band"] is None
    assert 'data-testid="age-warning"' in response.text
    assert (
        "Det første forløb begynder den 1. marts 1985, før fødselsåret 1990: alderen ved start "
        "kan ikke beregnes."
    ) in response.text


def test_a_good_record_shows_no_warning(world: World) -> None:
    response = client_for(world.secretary).get(world.participant.get_absolute_url())
    assert response.context["age_warning"] is None
    assert 'data-testid="age-warning"' not in response.text


def test_every_page_of_a_stored_bad_record_still_answers(
    world: World, superuser_client: Client
) -> None:
    store_course_before_birth(world)
    OnboardingCourse.objects.filter(pk=world.other_course.pk).update(
        end_date=datetime.date(9999, 12, 31)
    )
    decision = DecisionFactory.create(project=world.project)
    GrantDecision.objects.filter(pk=decision.pk).update(decided_on=datetime.date(1, 1, 1))
    case = CaseFactory.create(project=world.project)
    Case.objects.filter(pk=case.pk).update(meeting_date=datetime.date(9999, 12, 31))
    # Cleared for special categories: the data subject's export needs it.
    client = client_for(grant(AdministratorFactory.create(), "view_special_categories"))
    pk = world.participant.pk
    for url in (
        world.participant.get_absolute_url(),
        reverse("participants:participant_update", args=[pk]),
        reverse("participants:participant_export_personal_data", args=[pk]),
        reverse("participants:course_list"),
        reverse("participants:course_export"),
        reverse("participants:course_update", args=[world.course.pk]),
        reverse("progress:project_progress", args=[world.project.pk]),
        reverse("progress:project_progress_xlsx", args=[world.project.pk]),
        reverse("grants:decision_list"),
        reverse("grants:decision_detail", args=[decision.pk]),
        reverse("grants:decision_update", args=[decision.pk]),
        reverse("grants:case_list"),
        reverse("grants:case_detail", args=[case.pk]),
        reverse("grants:case_edit", args=[case.pk]),
    ):
        assert client.get(url).status_code == 200, url
    for url in (
        reverse("admin:participants_participant_change", args=[pk]),
        reverse("admin:participants_onboardingcourse_change", args=[world.course.pk]),
        reverse("admin:participants_onboardingcourse_changelist"),
        reverse("admin:grants_grantdecision_changelist"),
        reverse("admin:grants_case_changelist"),
    ):
        assert superuser_client.get(url).status_code == 200, url


def test_the_stored_record_can_be_corrected_on_its_course_page(world: World) -> None:
    store_course_before_birth(world)
    url = reverse("participants:course_update", args=[world.course.pk])
    client = client_for(world.secretary)
    data = resubmitted([client.get(url).context["form"]])
    response = client.post(url, {**data, "start_date": "2019-03-01"})
    assert response.status_code == 302
    page = client.get(world.participant.get_absolute_url())
    assert page.context["age_warning"] is None


def test_the_command_lists_stored_records_with_impossible_dates(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    call_command("check_dates")
    assert "0" in capsys.readouterr().out
    store_course_before_birth(world)
    case = CaseFactory.create(project=world.project)
    Case.objects.filter(pk=case.pk).update(meeting_date=datetime.date(9999, 12, 31))
    call_command("check_dates")
    out = capsys.readouterr().out
    assert world.participant.reference in out
    assert "1985-03-01" in out
    assert f"grants.case {case.pk}" in out and "9999-12-31" in out
    assert Participant.objects.get(pk=world.participant.pk).birth_year == 1990  # read only
