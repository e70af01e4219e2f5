"""Every URL of the project × every role: the answer each one gets.

The matrix is the access policy written out. A URL pattern without an entry fails
`test_every_url_pattern_is_in_the_matrix`, so a new page cannot ship without a decision on who
may reach it. Objects belong to project A; "member" works in project A, "outsider" in project B.
The rooms added later bring their entries as modules of `tests/matrix/` (see its `base`).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.contrib.auth.models import User
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.matrix import EXTENSIONS
from tests.matrix.base import (
    ALL_PROJECTS,
    COMPANIES_EDIT,
    COMPANIES_READ,
    EDIT_GRANTS,
    HISTORY,
    LIST_FOR_ALL,
    PEOPLE_LIST,
    PERSON,
    READ_CASES,
    READ_PROJECT,
    ROLES,
    Entry,
    World,
    _,
    _post,
    _roles,
    build_base_world,
)

pytestmark = pytest.mark.django_db


def build_world() -> World:
    world = build_base_world()
    for extension in EXTENSIONS:
        extension.extend(world)
    return world


MATRIX: dict[str, Entry] = {
    # Accounts and language: open to everybody.
    "login": Entry(_(), dict.fromkeys(ROLES, 200)),
    "logout": Entry(_(), dict.fromkeys(ROLES, 302), method="post"),
    "set_language": Entry(_(), dict.fromkeys(ROLES, 302), method="post"),
    # The front page: everybody signed in; what it lists follows the role (tests/home).
    "home:home": Entry(_(), {**LIST_FOR_ALL, "applicant": 200}),
    # The footer's pages and the favicon: public, signed in or not.
    "home:accessibility": Entry(_(), dict.fromkeys(ROLES, 200)),
    "home:privacy": Entry(_(), dict.fromkeys(ROLES, 200)),
    "home:favicon": Entry(_(), dict.fromkeys(ROLES, 301)),
    # Grants.
    "grants:project_list": Entry(_(), LIST_FOR_ALL),  # the secretariat sees its own only
    "grants:project_detail": Entry(_("project"), READ_PROJECT),
    # Names of the projects the user reads (the secretariat's own, possibly none).
    "grants:project_suggestions": Entry(_(), LIST_FOR_ALL),
    "grants:decision_create": Entry(_("project"), _roles(200, 403, 403, 403, 200)),
    "grants:decision_list": Entry(_(), LIST_FOR_ALL),
    "grants:decision_detail": Entry(_("decision"), READ_PROJECT),
    "grants:decision_update": Entry(_("decision"), EDIT_GRANTS),
    "grants:decision_budget": Entry(_("decision"), EDIT_GRANTS),
    "grants:decision_status": Entry(_("decision"), _post(EDIT_GRANTS), method="post"),
    "grants:decision_history": Entry(_("decision"), HISTORY),
    # A confirmation page each; the world's decision is a draft with one version.
    "grants:decision_delete": Entry(_("decision"), EDIT_GRANTS),
    # Reopening an approved decision, with a reason: administrators only (a confirmation page;
    # the world's decision is a draft, so it says there is nothing to reopen).
    "grants:decision_reopen": Entry(_("decision"), _roles(403, 403, 403, 403, 200)),
    "grants:decision_restore": Entry(lambda ids: [ids["decision"], 1], HISTORY),
    "grants:case_list": Entry(_(), READ_CASES),
    # The autocomplete's cases: whoever reads the cases (the case list's scope).
    "grants:case_choices": Entry(_(), READ_CASES),
    "grants:case_detail": Entry(_("case"), READ_CASES),
    "grants:case_edit": Entry(_("case"), EDIT_GRANTS),
    "grants:case_create": Entry(_("project"), EDIT_GRANTS),
    "grants:case_decisions": Entry(_("case"), EDIT_GRANTS),
    "grants:case_recommendations": Entry(_("case", "decision"), EDIT_GRANTS),
    "grants:case_disbursements": Entry(_("case", "decision"), EDIT_GRANTS),
    "grants:case_preview": Entry(_("case"), READ_CASES),
    "grants:case_pdf": Entry(_("case"), READ_CASES),
    "grants:attachment_upload": Entry(_("case"), EDIT_GRANTS),
    "grants:attachment_download": Entry(_("attachment"), READ_CASES),
    # Each destroying action: its GET is the confirmation page (core.confirm), its POST acts.
    "grants:attachment_delete": Entry(_("attachment"), EDIT_GRANTS),
    "grants:attachment_delete#post": Entry(_("attachment"), _post(EDIT_GRANTS), method="post"),
    "grants:finding_acknowledge": Entry(_("case"), _post(EDIT_GRANTS), method="post"),
    "grants:budget_table": Entry(lambda ids: ["decision", ids["decision"]], READ_PROJECT),
    "grants:budget_table_export": Entry(
        lambda ids: ["project", ids["project"], "xlsx"], READ_PROJECT
    ),
    # Set-up pages (grants.setup): the region's and administrators'.
    "grants:programme_list": Entry(_(), EDIT_GRANTS),
    "grants:programme_create": Entry(_(), EDIT_GRANTS),
    "grants:programme_update": Entry(_("programme"), EDIT_GRANTS),
    "grants:organisation_list": Entry(_(), EDIT_GRANTS),
    "grants:organisation_create": Entry(_(), EDIT_GRANTS),
    "grants:organisation_update": Entry(_("organisation"), EDIT_GRANTS),
    "grants:project_create": Entry(_(), EDIT_GRANTS),
    "grants:project_update": Entry(_("project"), EDIT_GRANTS),
    "grants:effortarea_list": Entry(_("project"), EDIT_GRANTS),
    "grants:effortarea_create": Entry(_("project"), EDIT_GRANTS),
    "grants:effortarea_update": Entry(_("effortarea"), EDIT_GRANTS),
    "grants:effortarea_move": Entry(_("effortarea"), _post(EDIT_GRANTS), method="post"),
    "grants:effortarea_retire": Entry(_("effortarea"), EDIT_GRANTS),
    "grants:effortarea_retire#post": Entry(_("effortarea"), _post(EDIT_GRANTS), method="post"),
    "grants:effortarea_delete": Entry(_("effortarea"), EDIT_GRANTS),
    "grants:effortarea_delete#post": Entry(_("effortarea"), _post(EDIT_GRANTS), method="post"),
    "grants:projectfundingsource_list": Entry(_("project"), EDIT_GRANTS),
    # Posted empty, the form is refused (400) for those who may add a source.
    "grants:projectfundingsource_add": Entry(
        _("project"), _roles(400, 403, 403, 403, 400), method="post"
    ),
    "grants:projectfundingsource_move": Entry(
        _("projectsource"), _post(EDIT_GRANTS), method="post"
    ),
    "grants:projectfundingsource_remove": Entry(_("projectsource"), EDIT_GRANTS),
    "grants:projectfundingsource_remove#post": Entry(
        _("projectsource"), _post(EDIT_GRANTS), method="post"
    ),
    "progress:project_progress": Entry(_("project"), READ_PROJECT),
    "progress:project_progress_xlsx": Entry(_("project"), READ_PROJECT),
    "progress:programme_progress": Entry(_("programme"), ALL_PROJECTS),
    "progress:programme_progress_xlsx": Entry(_("programme"), ALL_PROJECTS),
    "progress:target_edit": Entry(_("target"), EDIT_GRANTS),
    # Participants and courses: the project's secretariat and administrators.
    "participants:course_list": Entry(_(), PEOPLE_LIST),
    "participants:course_export": Entry(_(), PEOPLE_LIST),
    "participants:course_company_suggestions": Entry(_(), PEOPLE_LIST),
    "participants:participant_register": Entry(_(), PEOPLE_LIST),
    "participants:course_import": Entry(_(), PEOPLE_LIST),
    "participants:course_import_template": Entry(_(), PEOPLE_LIST),
    "participants:participant_detail": Entry(_("participant"), PERSON),
    "participants:participant_update": Entry(_("participant"), PERSON),
    "participants:course_create": Entry(_("participant"), PERSON),
    "participants:course_update": Entry(_("course"), PERSON),
    "participants:course_outcome": Entry(_("course"), _post(PERSON), method="post"),
    "participants:participant_export_personal_data": Entry(_("participant"), PERSON),
    "participants:participant_erase": Entry(_("participant"), PERSON),
    # Companies: public register data for everybody who works with them.
    "companies:company_list": Entry(_(), COMPANIES_READ),
    # The autocomplete's companies: whoever reads the company register.
    "companies:company_choices": Entry(_(), COMPANIES_READ),
    "companies:company_detail": Entry(_("company"), COMPANIES_READ),
    "companies:company_create": Entry(_(), COMPANIES_EDIT),
    "companies:company_update": Entry(_("company"), COMPANIES_EDIT),
}
for _extension in EXTENSIONS:
    assert MATRIX.keys().isdisjoint(_extension.ENTRIES), _extension.__name__
    MATRIX.update(_extension.ENTRIES)


def _named_patterns(
    patterns: list[URLPattern | URLResolver], namespace: str = ""
) -> Iterator[tuple[str, str | None]]:
    """(namespace, name) of every URL pattern, however deeply included."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or ""
            prefix = f"{namespace}:{inner}" if namespace and inner else (inner or namespace)
            yield from _named_patterns(pattern.url_patterns, prefix)
        else:
            yield namespace, pattern.name


def _app_url_names() -> list[str | None]:
    return [
        (f"{namespace}:{name}" if namespace and name else name)
        for namespace, name in _named_patterns(get_resolver().url_patterns)
        if namespace != "admin"
    ]


def _url_name(key: str) -> str:
    """The URL a matrix key calls: "jobs:start#course_export" is another call of jobs:start."""
    return key.partition("#")[0]


def test_every_url_pattern_is_in_the_matrix() -> None:
    names = _app_url_names()
    assert None not in names, "every URL pattern outside the admin needs a name"
    assert sorted(n for n in names if n) == sorted(key for key in MATRIX if "#" not in key)
    assert {_url_name(key) for key in MATRIX} <= set(names)


def _client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _check(response_status: int, location: str, expected: int | str, what: str) -> None:
    if expected == "login":
        assert response_status == 302, what
        assert location.startswith(reverse("login")), what
    else:
        assert response_status == expected, f"{what}: {response_status} != {expected}"


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_every_role_gets_the_answer_the_matrix_gives(name: str) -> None:
    world = build_world()
    entry = MATRIX[name]
    assert set(entry.expect) == set(ROLES), name

    def url_of(world: World) -> str:
        url = reverse(_url_name(name), args=entry.args(world.ids))
        return f"{url}?{entry.query}" if entry.query else url

    url = url_of(world)
    with override_settings(**entry.settings):
        for role in ROLES:
            client = _client_for(world.users[role])
            data = entry.data(world.ids) if entry.data else None
            response = getattr(client, entry.method)(url, data)
            _check(response.status_code, response.get("Location", ""), entry.expect[role], role)
            # Whatever a POST was allowed to do, the next role finds the same world.
            if entry.method == "post" and response.status_code == 302 and role != "anonymous":
                world = build_world()
                url = url_of(world)


# --- The admin site: administrators only --------------------------------------------------


def _admin_names() -> list[str]:
    return sorted(
        {
            f"admin:{name}"
            for namespace, name in _named_patterns(get_resolver().url_patterns)
            if namespace == "admin" and name
        }
    )


ADMIN_OPEN = {"admin:login", "admin:logout", "admin:jsi18n"}
ADMIN_SITE_WIDE = {"admin:index", "admin:password_change", "admin:password_change_done"}
# Added elsewhere, never by hand in the admin: attachments (uploaded through the checked
# form), the logs of participant access and erasure, django-axes's logs (the login throttle).
ADMIN_ADD_REFUSED = {
    "admin:grants_caseattachment_add",
    # Recorded when the deciding body lowers a grant below its payments, never typed.
    "admin:spending_repaymentclaim_add",
    # Written from its decision by the letters page, never typed.
    "admin:applications_grantletter_add",
    "admin:participants_participantaccess_add",
    "admin:participants_participanterasure_add",
    "admin:axes_accessattempt_add",
    "admin:axes_accesslog_add",
    "admin:axes_accessfailurelog_add",
    # Written by the assessment's services only.
    "admin:applications_checklistanswer_add",
    "admin:applications_requestmessage_add",
    # An applicant writes a request through its pages; the admin reads it.
    "admin:applications_request_add",
    # What the system told whom, and the runs of its periodic work: written by it, read here.
    "admin:notifications_notification_add",
    "admin:notifications_email_add",
    "admin:jobs_scheduledrun_add",
}
ADMIN_OBJECT_SUFFIXES = ("_change", "_delete", "_history", "_simple_history")


def test_every_admin_url_is_of_a_known_kind() -> None:
    known_suffixes = ("_changelist", "_add", *ADMIN_OBJECT_SUFFIXES)
    special = {"admin:index", "admin:app_list", "admin:autocomplete", "admin:view_on_site"}
    special |= ADMIN_OPEN | {"admin:password_change", "admin:password_change_done"}
    unknown = [
        name for name in _admin_names() if name not in special and not name.endswith(known_suffixes)
    ]
    assert unknown == []


def _admin_urls() -> Iterator[tuple[str, str]]:
    for name in _admin_names():
        if name in ADMIN_OPEN or name in {"admin:autocomplete", "admin:view_on_site"}:
            continue
        if name in ADMIN_SITE_WIDE:
            yield name, reverse(name)
        elif name == "admin:app_list":
            for app in ("auth", "grants", "participants", "companies"):
                yield name, reverse(name, kwargs={"app_label": app})
        elif name.endswith("_simple_history"):
            yield name, reverse(name, args=[1, 1])
        elif name.endswith(ADMIN_OBJECT_SUFFIXES):
            yield name, reverse(name, args=[1])
        else:
            yield name, reverse(name)


@pytest.mark.parametrize("role", ["anonymous", "regional", "member", "outsider", "forum"])
def test_only_administrators_enter_the_admin(role: str) -> None:
    world = build_world()
    user = world.users[role]
    if user is not None:
        user.is_staff = True  # the staff flag alone opens nothing
        user.save()
    client = _client_for(user)
    # Logged-in users without the role get the admin's own login page ("not authorised").
    logins = (reverse("admin:login"),) if user else (reverse("login"), reverse("admin:login"))
    for name, url in _admin_urls():
        response = client.get(url)
        assert response.status_code == 302, name
        assert response["Location"].startswith(logins), name


def test_administrators_reach_every_admin_list_and_form() -> None:
    world = build_world()
    client = _client_for(world.users["administrator"])
    for name, url in _admin_urls():
        if name.endswith(ADMIN_OBJECT_SUFFIXES):
            continue
        status = client.get(url).status_code
        assert status == (403 if name in ADMIN_ADD_REFUSED else 200), name


def test_administrators_open_the_worlds_objects_in_the_admin() -> None:
    world = build_world()
    client = _client_for(world.users["administrator"])
    for model, key in [
        ("grants_project", "project"),
        ("grants_grantdecision", "decision"),
        ("grants_case", "case"),
        ("grants_target", "target"),
        ("grants_caseattachment", "attachment"),
        ("participants_participant", "participant"),
        ("participants_onboardingcourse", "course"),
        ("companies_company", "company"),
    ]:
        for view in ("change", "history"):
            url = reverse(f"admin:{model}_{view}", args=[world.ids[key]])
            assert client.get(url).status_code == 200, url
