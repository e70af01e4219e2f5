"""Security of the web layer: the Content Security Policy and nothing inline for it to block,
login throttling, redirects that stay on the site, and the session cookie in production."""

from __future__ import annotations

import datetime
import json
import os
import subprocess
import sys
from collections import deque
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from grants.models import CaseAttachment, Project
from tests.factories import (
    CompanyFactory,
    CourseFactory,
    MembershipFactory,
    ParticipantFactory,
    SecretariatFactory,
    StaffFactory,
    UserFactory,
)
from tests.test_project import PRODUCTION, TEST_ONLY_ENV

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "correct-horse-battery"
FAILURE_LIMIT = 5


def _policy(header: str) -> dict[str, list[str]]:
    directives: dict[str, list[str]] = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


# --- Content Security Policy -----------------------------------------------------------------


EXPECTED_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}


@pytest.mark.django_db
def test_login_page_has_the_content_security_policy(client: Client) -> None:
    response = client.get(reverse("login"))
    assert _policy(response["Content-Security-Policy"]) == EXPECTED_POLICY
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"


def test_pages_of_the_application_allow_no_inline_script_or_style(
    staff_client: Client, seed: Project
) -> None:
    for url in ["/", f"/projects/{seed.pk}/", "/decisions/", "/cases/", "/no-such-page/"]:
        policy = _policy(staff_client.get(url)["Content-Security-Policy"])
        assert policy == EXPECTED_POLICY, url
        for directive in ("script-src", "style-src", "default-src"):
            assert "'unsafe-inline'" not in policy[directive]
            assert "'unsafe-eval'" not in policy[directive]


def test_attachment_downloads_keep_their_own_sandboxed_policy(
    staff_client: Client, seed: Project
) -> None:
    attachment = CaseAttachment.objects.filter(case__project=seed).first()
    assert attachment is not None
    response = staff_client.get(reverse("grants:attachment_download", args=[attachment.pk]))
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_screen_stylesheet_of_the_case_preview_matches_the_pdf_one() -> None:
    # The preview links static/css/case-document.css (no inline <style> under the policy); the
    # PDF inlines templates/grants/_case_document.css. Same rules, whatever the comment says.
    def rules(path: Path) -> list[str]:
        return [line for line in path.read_text().splitlines() if line.startswith(".")]

    screen = rules(ROOT / "static/css/case-document.css")
    assert screen
    assert screen == rules(ROOT / "templates/grants/_case_document.css")


# --- Nothing inline in any page, found by crawling the site as each role ----------------------


class _PageScan(HTMLParser):
    """Links to follow, and whatever a strict policy would block."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.problems: list[str] = []
        self._in_inline_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…> event handler")
            elif name == "style":
                self.problems.append(f"<{tag} style={value!r}>")
            elif name in ("href", "src", "action") and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.problems.append(f"<{tag} {name}={value!r}>")
        if tag == "style":
            self.problems.append("<style> element")
        # json_script blocks are data, which no policy runs; anything else needs a src.
        inline_data = attributes.get("type") == "application/json"
        if tag == "script" and "src" not in attributes and not inline_data:
            self.problems.append(f"inline <script {attributes}>")
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"] or "")


def test_page_scan_finds_what_the_policy_would_block() -> None:
    scan = _PageScan()
    scan.feed(
        '<script>alert(1)</script><script src="/static/js/init.js"></script>'
        '<script id="d" type="application/json">{}</script>'
        '<style>p {}</style><p style="color: red">x</p><button onclick="go()">go</button>'
        '<a href="javascript:go()">go</a><a href="/decisions/">ok</a>'
    )
    assert len(scan.problems) == 5, scan.problems
    assert scan.links == ["javascript:go()", "/decisions/"]


# Pages a crawl must not GET: logging out, downloads, and the administration (Django's own).
SKIP_PREFIXES = ("/accounts/logout", "/admin/", "/attachments/")
SKIP_SUFFIXES = (".pdf", ".xlsx", ".csv")


def _crawl(client: Client, start: str = "/", limit: int = 200) -> dict[str, list[str]]:
    """Every page reachable from `start` by links (query strings dropped) -> its problems."""
    seen: dict[str, list[str]] = {}
    queue = deque([start])
    while queue and len(seen) < limit:
        path = queue.popleft()
        if path in seen:
            continue
        response = client.get(path)
        seen[path] = []
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        scan = _PageScan()
        scan.feed(response.content.decode())
        seen[path] = scan.problems
        for href in scan.links:
            target = urlsplit(urljoin(path, href))
            if target.scheme or target.netloc or not target.path.startswith("/"):
                continue
            if target.path.startswith(SKIP_PREFIXES) or target.path.endswith(SKIP_SUFFIXES):
                continue
            queue.append(target.path)
    return seen


def _site_with_every_kind_of_page(project: Project) -> User:
    """The demo plus a participant, course and company; returns a secretariat member."""
    secretariat = SecretariatFactory.create()
    MembershipFactory.create(project=project, user=secretariat)
    participant = ParticipantFactory.create(project=project)
    CourseFactory.create(participant=participant, company=CompanyFactory.create())
    return secretariat


def test_no_page_a_regional_staff_member_reaches_has_inline_script_or_style(
    client: Client, seed: Project
) -> None:
    _site_with_every_kind_of_page(seed)
    client.force_login(StaffFactory.create())

    pages = _crawl(client)

    assert len(pages) > 15, sorted(pages)
    assert f"/cases/{seed.cases.get().pk}/preview/" in pages
    assert {path: problems for path, problems in pages.items() if problems} == {}


def test_no_page_a_secretariat_member_reaches_has_inline_script_or_style(
    client: Client, seed: Project
) -> None:
    secretariat = _site_with_every_kind_of_page(seed)
    client.force_login(secretariat)

    pages = _crawl(client)

    assert any(path.startswith("/participants/") for path in pages), sorted(pages)
    assert any(path.startswith("/companies/") for path in pages), sorted(pages)
    assert {path: problems for path, problems in pages.items() if problems} == {}


@pytest.mark.django_db
def test_login_and_lockout_pages_have_no_inline_script_or_style(client: Client) -> None:
    UserFactory.create(username="karen")
    pages = [client.get(reverse("login"))]
    for _ in range(FAILURE_LIMIT):
        response = client.post(reverse("login"), {"username": "karen", "password": "wrong"})
    pages.append(response)
    assert response.status_code == 429
    for page in pages:
        scan = _PageScan()
        scan.feed(page.content.decode())
        assert scan.problems == []


# --- Login throttling ------------------------------------------------------------------------


def _log_in(client: Client, username: str, password: str) -> int:
    return client.post(reverse("login"), {"username": username, "password": password}).status_code


@pytest.mark.django_db
def test_wrong_passwords_below_the_limit_only_show_the_form_again(client: Client) -> None:
    UserFactory.create(username="karen")
    for _ in range(FAILURE_LIMIT - 1):
        assert _log_in(client, "karen", "wrong") == 200
    assert _log_in(client, "karen", PASSWORD) == 302


@pytest.mark.django_db
def test_too_many_wrong_passwords_lock_the_username_out_even_with_the_right_one(
    client: Client,
) -> None:
    UserFactory.create(username="karen")
    statuses = [_log_in(client, "karen", "wrong") for _ in range(FAILURE_LIMIT)]

    assert statuses == [200] * (FAILURE_LIMIT - 1) + [429]
    response = client.post(reverse("login"), {"username": "karen", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert "registration/lockout.html" in [t.name for t in response.templates]
    assert 'data-testid="lockout"' in response.content.decode()
    assert "30" in response.content.decode()  # minutes of the pause


@pytest.mark.django_db
def test_lockout_of_one_username_leaves_other_users_free_to_log_in(client: Client) -> None:
    UserFactory.create(username="karen")
    UserFactory.create(username="jens")
    for _ in range(FAILURE_LIMIT):
        _log_in(client, "karen", "wrong")
    assert _log_in(client, "jens", PASSWORD) == 302


@pytest.mark.django_db
def test_lockout_lifts_after_half_an_hour(client: Client) -> None:
    UserFactory.create(username="karen")
    for _ in range(FAILURE_LIMIT):
        _log_in(client, "karen", "wrong")
    AccessAttempt.objects.update(
        attempt_time=datetime.datetime.now(tz=datetime.UTC) - datetime.timedelta(minutes=31)
    )
    assert _log_in(client, "karen", PASSWORD) == 302


@pytest.mark.django_db
def test_a_successful_login_forgets_earlier_wrong_passwords(client: Client) -> None:
    UserFactory.create(username="karen")
    for _ in range(FAILURE_LIMIT - 1):
        _log_in(client, "karen", "wrong")
    assert _log_in(client, "karen", PASSWORD) == 302
    client.logout()
    for _ in range(FAILURE_LIMIT - 1):
        assert _log_in(client, "karen", "wrong") == 200
    assert _log_in(client, "karen", PASSWORD) == 302


@pytest.mark.django_db
def test_the_admin_login_is_throttled_too(client: Client) -> None:
    UserFactory.create(username="karen", is_staff=True)
    url = reverse("admin:login")
    for _ in range(FAILURE_LIMIT):
        response = client.post(url, {"username": "karen", "password": "wrong"})
    assert response.status_code == 429


# --- Redirect targets stay on the site -------------------------------------------------------

EXTERNAL_TARGETS = [
    "https://evil.example/",
    "//evil.example/",
    "/\\evil.example/",
    "https:evil.example",
    " https://evil.example/",
    "javascript:alert(1)",
]


def _stays_on_site(location: str) -> bool:
    target = urlsplit(location)
    return not target.scheme and not target.netloc and location.startswith("/")


@pytest.mark.django_db
@pytest.mark.parametrize("target", EXTERNAL_TARGETS)
def test_login_never_redirects_off_the_site(client: Client, target: str) -> None:
    UserFactory.create(username="karen")
    response = client.post(
        reverse("login") + "?next=" + target,
        {"username": "karen", "password": PASSWORD, "next": target},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("home:home")


@pytest.mark.django_db
@pytest.mark.parametrize("target", EXTERNAL_TARGETS)
def test_language_switch_never_redirects_off_the_site(client: Client, target: str) -> None:
    response = client.post(
        reverse("set_language"),
        {"language": "en", "next": target},
        HTTP_REFERER="https://evil.example/page",
    )
    assert response.status_code == 302
    assert _stays_on_site(response["Location"]), response["Location"]


@pytest.mark.django_db
def test_language_switch_returns_to_the_page_it_was_made_on(client: Client) -> None:
    response = client.post(reverse("set_language"), {"language": "en", "next": "/decisions/"})
    assert response["Location"] == "/decisions/"


@pytest.mark.django_db
@pytest.mark.parametrize("target", EXTERNAL_TARGETS)
def test_logout_never_redirects_off_the_site(client: Client, target: str) -> None:
    client.force_login(UserFactory.create())
    response = client.post(reverse("logout"), {"next": target})
    assert response.status_code == 302
    assert _stays_on_site(response["Location"]), response["Location"]


# --- Production settings ---------------------------------------------------------------------


def _production_settings(*names: str) -> dict[str, object]:
    code = (
        "import django, json; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {list(names)!r}}}, default=str))"
    )
    clean = {k: v for k, v in os.environ.items() if k not in TEST_ONLY_ENV}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, **PRODUCTION, "DJANGO_SETTINGS_MODULE": "rummelig.settings"},
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    values: dict[str, object] = json.loads(result.stdout)
    return values


def test_production_cookies_are_secure_http_only_and_end_with_the_browser() -> None:
    values = _production_settings(
        "SESSION_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "SESSION_COOKIE_SAMESITE",
        "SESSION_EXPIRE_AT_BROWSER_CLOSE",
        "SESSION_COOKIE_AGE",
        "CSRF_COOKIE_SECURE",
        "CSRF_COOKIE_HTTPONLY",
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SECURE_REFERRER_POLICY",
        "X_FRAME_OPTIONS",
    )
    assert values == {
        "SESSION_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_EXPIRE_AT_BROWSER_CLOSE": True,
        "SESSION_COOKIE_AGE": 8 * 60 * 60,
        "CSRF_COOKIE_SECURE": True,
        "CSRF_COOKIE_HTTPONLY": True,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_REFERRER_POLICY": "same-origin",
        "X_FRAME_OPTIONS": "DENY",
    }


@pytest.mark.django_db
def test_session_cookie_ends_with_the_browser_and_is_not_readable_by_scripts(
    client: Client,
) -> None:
    UserFactory.create(username="karen")
    client.post(reverse("login"), {"username": "karen", "password": PASSWORD})
    cookie = client.cookies["sessionid"]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert not cookie["expires"]
    assert not cookie["max-age"]


@pytest.mark.django_db
@pytest.mark.parametrize("weak", ["kort-kode-1", "123456789012", "password1234"])
def test_passwords_must_be_long_and_uncommon(weak: str) -> None:
    with pytest.raises(ValidationError):
        validate_password(weak)
