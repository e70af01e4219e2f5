"""Two people editing one decision: the later save from an out-of-date page is refused,
and nothing of either is lost (optimistic locking on `GrantDecision.version`)."""

from __future__ import annotations

import re
import threading
import time
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from grants.forms import BudgetGridForm
from grants.models import BudgetLine, GrantDecision, Project
from grants.services import decision_save_lines, decision_set_status, is_stale
from tests.factories import DecisionFactory, EffortAreaFactory, StaffFactory

pytestmark = pytest.mark.django_db


def staff_client() -> Client:
    client = Client()
    client.force_login(StaffFactory.create())
    return client


def open_grid(client: Client, decision: GrantDecision) -> dict[str, str]:
    """The grid as the page shows it: every cell and the hidden version, ready to post."""
    response = client.get(reverse("grants:decision_budget", args=[decision.pk]))
    assert response.status_code == 200
    return form_data(response.context["form"])


def form_data(form: BudgetGridForm) -> dict[str, str]:
    return {name: str(form[name].value() or "") for name in form.fields}


def amount(decision: GrantDecision, area_id: int, year: int) -> int:
    return BudgetLine.objects.get(decision=decision, effort_area_id=area_id, year=year).amount


@pytest.fixture
def extension(seed: Project) -> GrantDecision:
    return seed.decisions.get(kind=GrantDecision.Kind.EXTENSION)


@pytest.fixture
def area_id(seed: Project) -> int:
    return seed.effort_areas.get(name="Indslusning").pk


def test_the_grid_carries_the_version_it_was_shown_with(
    extension: GrantDecision,
) -> None:
    data = open_grid(staff_client(), extension)
    assert data["version"] == str(extension.version)


def test_second_save_from_the_same_version_is_refused_and_the_first_stays(
    extension: GrantDecision, area_id: int
) -> None:
    first, second = staff_client(), staff_client()
    url = reverse("grants:decision_budget", args=[extension.pk])
    first_data, second_data = open_grid(first, extension), open_grid(second, extension)
    cell = f"b_{area_id}_2019"
    first_data[cell] = "7.100.000"
    second_data[cell] = "6900000"
    version_before = extension.version

    saved = first.post(url, first_data)
    refused = second.post(url, second_data)

    assert saved.status_code == 302
    assert refused.status_code == 200
    assert amount(extension, area_id, 2019) == 7_100_000
    extension.refresh_from_db()
    assert extension.version == version_before + 1
    # The refused page keeps what the second person typed, in the grid itself.
    html = refused.content.decode()
    assert refused.context["form"][cell].value() == "6900000"
    assert f'name="{cell}" value="6900000"' in html
    assert 'data-testid="stale-save"' in html
    assert f'href="{url}" data-testid="reload-grid"' in html
    # ... and shows, beside it, what is saved now where the two differ.
    conflicts = refused.context["form"].conflicts
    assert [(c.row, c.year, c.yours, c.saved) for c in conflicts] == [
        ("Indslusning", 2019, 6_900_000, 7_100_000)
    ]
    assert 'data-testid="saved-meanwhile"' in html


def test_reloading_after_a_refusal_shows_the_saved_figures(
    extension: GrantDecision, area_id: int
) -> None:
    first, second = staff_client(), staff_client()
    url = reverse("grants:decision_budget", args=[extension.pk])
    first_data, second_data = open_grid(first, extension), open_grid(second, extension)
    first_data[f"b_{area_id}_2019"] = "7100000"
    second_data[f"b_{area_id}_2019"] = "6900000"
    first.post(url, first_data)
    second.post(url, second_data)

    reloaded = open_grid(second, extension)

    assert reloaded[f"b_{area_id}_2019"] == "7.100.000"
    assert reloaded["version"] == str(GrantDecision.objects.get(pk=extension.pk).version)


def test_saving_again_from_the_refused_page_replaces_the_figures_deliberately(
    extension: GrantDecision, area_id: int
) -> None:
    first, second = staff_client(), staff_client()
    url = reverse("grants:decision_budget", args=[extension.pk])
    first_data, second_data = open_grid(first, extension), open_grid(second, extension)
    first_data[f"b_{area_id}_2019"] = "7100000"
    second_data[f"b_{area_id}_2019"] = "6900000"
    first.post(url, first_data)
    refused = second.post(url, second_data)

    # The refused page was shown with both sets of figures; its Save now counts.
    again = second.post(url, form_data(refused.context["form"]))

    assert again.status_code == 302
    assert amount(extension, area_id, 2019) == 6_900_000


def test_a_third_save_meanwhile_refuses_the_refused_page_again(
    extension: GrantDecision, area_id: int
) -> None:
    first, second = staff_client(), staff_client()
    url = reverse("grants:decision_budget", args=[extension.pk])
    first_data, second_data = open_grid(first, extension), open_grid(second, extension)
    second_data[f"b_{area_id}_2019"] = "6900000"
    first.post(url, first_data)
    refused = second.post(url, second_data)
    third = open_grid(first, extension)
    third[f"b_{area_id}_2019"] = "5000000"
    first.post(url, third)

    again = second.post(url, form_data(refused.context["form"]))

    assert again.status_code == 200
    assert 'data-testid="stale-save"' in again.content.decode()
    assert amount(extension, area_id, 2019) == 5_000_000


def test_a_refused_save_changes_no_line(extension: GrantDecision, area_id: int) -> None:
    client = staff_client()
    data = open_grid(client, extension)
    data[f"b_{area_id}_2019"] = "1"
    data[f"b_{area_id}_2020"] = ""
    GrantDecision.objects.filter(pk=extension.pk).update(version=extension.version + 1)
    before = list(BudgetLine.objects.order_by("pk").values_list("pk", "amount"))

    response = client.post(reverse("grants:decision_budget", args=[extension.pk]), data)

    assert response.status_code == 200
    assert list(BudgetLine.objects.order_by("pk").values_list("pk", "amount")) == before


@pytest.mark.parametrize("version", ["abc", "0", "-1"])
def test_grid_with_a_broken_version_saves_nothing(
    extension: GrantDecision, area_id: int, version: str
) -> None:
    client = staff_client()
    data = open_grid(client, extension)
    data[f"b_{area_id}_2019"] = "1"
    data["version"] = version

    response = client.post(reverse("grants:decision_budget", args=[extension.pk]), data)

    assert response.status_code == 200
    assert "version" in response.context["form"].errors
    assert amount(extension, area_id, 2019) == 7_000_000


def test_each_save_and_status_change_bumps_the_version() -> None:
    decision = DecisionFactory.create(first_year=2019, last_year=2019)
    area = EffortAreaFactory.create(project=decision.project)
    assert decision.version == 1

    saved = decision_save_lines(
        decision=decision,
        budget={(area.pk, 2019): 100},
        financing={},
        expected_version=1,
        by=StaffFactory.create(),
    )
    assert saved.version == 2
    decision_save_lines(
        decision=decision, budget={}, financing={}, by=StaffFactory.create()
    )  # no check, still counted
    moved = decision_set_status(
        decision=decision,
        status=GrantDecision.Status.RECOMMENDED,
        expected_version=3,
        by=StaffFactory.create(),
    )

    assert moved.version == 4
    decision.refresh_from_db()
    assert decision.version == 4


def test_service_refuses_a_stale_version_with_code_stale_and_saves_nothing() -> None:
    decision = DecisionFactory.create(first_year=2019, last_year=2019)
    area = EffortAreaFactory.create(project=decision.project)
    decision_save_lines(
        decision=decision, budget={(area.pk, 2019): 100}, financing={}, by=StaffFactory.create()
    )

    with pytest.raises(ValidationError) as refused:
        decision_save_lines(
            decision=decision,
            budget={(area.pk, 2019): 999},
            financing={},
            expected_version=1,
            by=StaffFactory.create(),
        )
    with pytest.raises(ValidationError) as refused_status:
        decision_set_status(
            decision=decision,
            status=GrantDecision.Status.REJECTED,
            expected_version=1,
            by=StaffFactory.create(),
        )

    assert is_stale(refused.value)
    assert is_stale(refused_status.value)
    decision.refresh_from_db()
    assert (decision.version, decision.status) == (2, GrantDecision.Status.DRAFT)
    assert list(decision.budget_lines.values_list("amount", flat=True)) == [100]


def test_a_refused_approval_does_not_bump_the_version() -> None:
    decision = DecisionFactory.create(first_year=2019, last_year=2019)
    area = EffortAreaFactory.create(project=decision.project)
    decision_save_lines(
        decision=decision, budget={(area.pk, 2019): 100}, financing={}, by=StaffFactory.create()
    )

    with pytest.raises(ValidationError) as refused:
        decision_set_status(
            decision=decision,
            status=GrantDecision.Status.APPROVED,
            expected_version=2,
            by=StaffFactory.create(),
        )

    assert not is_stale(refused.value)
    decision.refresh_from_db()
    assert decision.version == 2


def test_status_change_from_an_out_of_date_page_is_refused(extension: GrantDecision) -> None:
    client = staff_client()
    url = reverse("grants:decision_status", args=[extension.pk])
    shown = extension.version
    decision_set_status(
        decision=extension, status=GrantDecision.Status.DRAFT, by=StaffFactory.create()
    )

    response = client.post(
        url, {"status": GrantDecision.Status.REJECTED, "version": str(shown)}, follow=True
    )

    extension.refresh_from_db()
    assert extension.status == GrantDecision.Status.DRAFT
    assert extension.version == shown + 1
    assert [m.level_tag for m in response.context["messages"]] == ["error"]


def test_status_change_with_the_current_version_goes_through(extension: GrantDecision) -> None:
    client = staff_client()
    client.post(
        reverse("grants:decision_status", args=[extension.pk]),
        {"status": GrantDecision.Status.DRAFT, "version": str(extension.version)},
    )
    changed = GrantDecision.objects.get(pk=extension.pk)
    assert changed.status == GrantDecision.Status.DRAFT
    assert changed.version == extension.version + 1


@pytest.mark.parametrize("version", ["", "two", "²"])
def test_status_change_with_a_broken_version_is_refused(
    extension: GrantDecision, version: str
) -> None:
    response = staff_client().post(
        reverse("grants:decision_status", args=[extension.pk]),
        {"status": GrantDecision.Status.DRAFT, "version": version},
        follow=True,
    )
    assert GrantDecision.objects.get(pk=extension.pk).status == GrantDecision.Status.RECOMMENDED
    assert [m.level_tag for m in response.context["messages"]] == ["error"]


def test_editing_the_decision_never_writes_the_version(extension: GrantDecision) -> None:
    client = staff_client()
    url = reverse("grants:decision_update", args=[extension.pk])
    data: dict[str, Any] = {
        "title": "Forlængelse, nyt navn",
        "kind": extension.kind,
        "deciding_body": extension.deciding_body_id,
        "first_year": extension.first_year,
        "last_year": extension.last_year,
        "split_by_year": "on",
    }

    with CaptureQueriesContext(connection) as queries:
        response = client.post(url, data)

    assert response.status_code == 302
    updates = [q["sql"] for q in queries if q["sql"].startswith('UPDATE "grants_grantdecision"')]
    assert len(updates) == 1
    assert '"title"' in updates[0]
    assert '"version"' not in updates[0]
    changed = GrantDecision.objects.get(pk=extension.pk)
    assert (changed.title, changed.version) == ("Forlængelse, nyt navn", extension.version)


@pytest.mark.django_db(transaction=True)
def test_two_saves_at_once_cannot_both_pass_the_version_check() -> None:
    """On PostgreSQL the second waits for the first's row lock; on SQLite for the write lock,
    which a transaction takes when it begins (`transaction_mode` IMMEDIATE)."""
    decision = DecisionFactory.create(first_year=2019, last_year=2019)
    area = EffortAreaFactory.create(project=decision.project)
    first_holds_the_lock = threading.Event()
    let_first_commit = threading.Event()
    outcome: dict[str, Any] = {}

    def first() -> None:
        try:
            with transaction.atomic():
                decision_save_lines(
                    decision=decision,
                    budget={(area.pk, 2019): 111},
                    financing={},
                    expected_version=1,
                    by=StaffFactory.create(),
                )
                first_holds_the_lock.set()
                let_first_commit.wait(10)
        finally:
            connection.close()

    def second() -> None:
        try:
            decision_save_lines(
                decision=decision,
                budget={(area.pk, 2019): 222},
                financing={},
                expected_version=1,
                by=StaffFactory.create(),
            )
            outcome["second"] = "saved"
        except ValidationError as exc:
            outcome["second"] = "stale" if is_stale(exc) else "refused"
        finally:
            connection.close()

    one = threading.Thread(target=first)
    one.start()
    assert first_holds_the_lock.wait(10)
    two = threading.Thread(target=second)
    two.start()
    time.sleep(0.3)  # the second now waits for the first's lock
    assert "second" not in outcome
    let_first_commit.set()
    one.join(10)
    two.join(10)

    assert outcome == {"second": "stale"}
    decision.refresh_from_db()
    assert decision.version == 2
    assert list(decision.budget_lines.values_list("amount", flat=True)) == [111]


def test_admin_inline_edit_of_lines_makes_open_grids_stale(seed: Project) -> None:
    decision = seed.decisions.get(kind=GrantDecision.Kind.TOP_UP)
    version = decision.version
    client = Client()
    client.force_login(StaffFactory.create(is_superuser=True, is_staff=True))
    url = reverse("admin:grants_grantdecision_change", args=[decision.pk])
    data = _admin_form_data(client, url)
    line_prefix = next(k for k in data if k.endswith("-amount") and "budget_lines" in k)
    data[line_prefix] = "123000"

    response = client.post(url, data)

    assert response.status_code == 302, response.content.decode()[:2000]
    decision.refresh_from_db()
    assert decision.version == version + 1


def _admin_form_data(client: Any, url: str) -> dict[str, str]:
    """The change form's current values, as the browser would post them back."""
    html = client.get(url).content.decode()
    data: dict[str, str] = {}
    for tag in re.findall(r"<(?:input|select|textarea)[^>]*>", html):
        name = re.search(r'name="([^"]+)"', tag)
        if not name or 'type="submit"' in tag or 'type="checkbox"' in tag:
            continue
        value = re.search(r'value="([^"]*)"', tag)
        data[name.group(1)] = value.group(1) if value else ""
    for name, option in re.findall(
        r'<select[^>]*name="([^"]+)"[^>]*>.*?<option value="([^"]*)"[^>]*selected', html, re.S
    ):
        data[name] = option
    data.pop("csrfmiddlewaretoken", None)
    return data
