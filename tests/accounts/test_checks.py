"""The startup check that every routed view names the permission guarding it."""

from __future__ import annotations

import pytest
from django.core import checks
from django.core.management import call_command
from django.http import HttpRequest, HttpResponse
from django.test import override_settings

from accounts import guards
from accounts.checks import check_view_permissions

UNDECLARED = "tests.accounts.urls_undeclared"


def test_every_view_of_the_site_names_its_permission() -> None:
    assert check_view_permissions() == []


def test_the_check_command_passes_on_the_site() -> None:
    call_command("check", "--fail-level", "ERROR")


@override_settings(ROOT_URLCONF=UNDECLARED)
def test_a_view_without_a_declared_permission_is_an_error() -> None:
    errors = check_view_permissions()
    assert {error.id for error in errors} == {"accounts.E001"}
    assert all(error.level == checks.ERROR for error in errors)
    assert sorted(str(error.obj) for error in errors) == [
        f"{UNDECLARED}.NamesNoPermission",
        f"{UNDECLARED}.PlainView",
        f"{UNDECLARED}.undeclared",
    ]


@override_settings(ROOT_URLCONF=UNDECLARED)
def test_the_check_runs_with_the_system_checks() -> None:
    errors = [e for e in checks.run_checks(tags=[checks.Tags.security]) if e.id == "accounts.E001"]
    assert len(errors) == 3


def test_the_declaration_names_the_permissions_and_leaves_the_view_as_it_is() -> None:
    def view(request: HttpRequest) -> HttpResponse:
        return HttpResponse()

    assert guards.checks_object_permission("grants.view_case")(view) is view
    assert view.permission_required == ("grants.view_case",)  # type: ignore[attr-defined]


def test_a_declaration_needs_a_permission() -> None:
    with pytest.raises(TypeError):
        guards.checks_object_permission()
