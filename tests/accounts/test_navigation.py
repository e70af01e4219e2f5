"""The main menu shows an entry exactly when the user's roles hold its list's permission, and
what is kept per combination of roles never leaks to another combination."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from accounts import navigation, sections
from tests.factories import (
    AdministratorFactory,
    DecisionFactory,
    ForumMemberFactory,
    MembershipFactory,
    SecretariatFactory,
    StaffFactory,
    UserFactory,
)
from tests.test_permission_matrix import _app_url_names

pytestmark = pytest.mark.django_db


def _secretariat_with_project() -> User:
    user = SecretariatFactory.create()
    MembershipFactory.create(user=user)
    assert isinstance(user, User)
    return user


def _inactive_staff() -> User:
    user = StaffFactory.create()
    user.is_active = False
    user.save()
    assert isinstance(user, User)
    return user


USERS: dict[str, Callable[[], User]] = {
    "regional staff": StaffFactory.create,
    "secretariat": SecretariatFactory.create,
    "secretariat with a project": _secretariat_with_project,
    "forum member": ForumMemberFactory.create,
    "administrator": AdministratorFactory.create,
    "administrator with admin access": lambda: AdministratorFactory.create(is_staff=True),
    "superuser": lambda: UserFactory.create(is_superuser=True, is_staff=True),
    "no role": UserFactory.create,
    "inactive staff": _inactive_staff,
}


def _direct(user: User) -> dict[str, bool]:
    """The permissions asked one by one, as the menu asked them before it kept answers."""
    fresh = User.objects.get(pk=user.pk)
    answers = {entry: fresh.has_perm(perm) for entry, perm in navigation.ENTRIES.items()}
    answers["admin"] = answers["admin"] and fresh.is_staff
    return answers


def test_every_combination_of_roles_gets_the_answers_of_its_permissions() -> None:
    navigation._known.clear()
    users = {name: make() for name, make in USERS.items()}
    # Twice each, in turn: the second answers are the kept ones.
    for _ in range(2):
        for name, user in users.items():
            fresh = User.objects.get(pk=user.pk)
            assert navigation.entries_for(fresh) == _direct(user), name
    staff = navigation.entries_for(User.objects.get(pk=users["regional staff"].pk))
    nobody = navigation.entries_for(User.objects.get(pk=users["no role"].pk))
    assert staff["projects"] and staff["set_up"] and not staff["admin"]
    assert not any(nobody.values())


@pytest.mark.parametrize("name", list(USERS))
def test_the_menu_on_a_page_links_the_entries_the_roles_reach(name: str) -> None:
    user = USERS[name]()
    client = Client()
    client.force_login(user)
    page = client.get(reverse("home:home")).content.decode()
    menu = page.split('<nav class="nav"')[1].split("</ul>")[0] if user.is_active else ""
    expected = _direct(user)
    links = {
        "projects": reverse("grants:project_list"),
        "set_up": reverse("grants:programme_list"),
        "courses": reverse("participants:course_list"),
        "admin": reverse("admin:index"),
    }
    for entry, url in links.items():
        assert (f'href="{url}"' in menu) is expected[entry], (name, entry)


def test_the_menu_is_rendered_once_per_combination_of_roles_and_language(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    navigation._menus.clear()
    rendered: list[str] = []

    def counting(name: str, context: dict[str, object]) -> str:
        rendered.append(name)
        return render_to_string(name, context)

    monkeypatch.setattr("accounts.navigation.render_to_string", counting)
    staff, other_staff, secretariat = (
        StaffFactory.create(),
        StaffFactory.create(),
        _secretariat_with_project(),
    )
    pages: dict[tuple[str, str], str] = {}
    for language in ("da", "en", "da"):
        for user in (staff, other_staff, secretariat):
            client = Client()
            client.force_login(user)
            client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
            page = client.get(reverse("home:home")).content.decode()
            menu = page.split('<nav class="nav"')[1].split("</ul>")[0]
            pages.setdefault((user.username, language), menu)
            assert pages[(user.username, language)] == menu
    # two combinations of roles in two languages, the menu bar and the drawer's menu each
    assert rendered == ["includes/main_menu.html"] * 8
    assert pages[(staff.username, "da")] == pages[(other_staff.username, "da")]
    assert "Projekter" in pages[(staff.username, "da")]
    assert "Projects" in pages[(staff.username, "en")]
    assert reverse("grants:programme_list") in pages[(staff.username, "da")]
    assert reverse("grants:programme_list") not in pages[(secretariat.username, "da")]


# --- The page's entry --------------------------------------------------------------------


def _named_urls() -> list[str]:
    return sorted({name for name in _app_url_names() if name})


def test_every_named_url_belongs_to_an_entry_or_explicitly_to_none() -> None:
    unknown = [name for name in _named_urls() if sections.sections_of(name) is None]
    assert unknown == []
    for name in _named_urls():
        assert set(sections.sections_of(name) or ()) <= navigation.LINK_KEYS, name


def test_the_front_page_and_the_footers_pages_belong_to_no_entry() -> None:
    for name in ("home:home", "home:accessibility", "home:privacy", "login"):
        assert sections.sections_of(name) == ()


def _current(page: str, marker: str = '<nav class="nav"') -> list[str]:
    """The labels of the links marked as the current page in a menu of `page`."""
    menu = page.split(marker)[1].split("</nav>")[0]
    return [
        item.split("<span>")[1].split("</span>")[0]
        for item in menu.split("<li")[1:]
        if 'aria-current="page"' in item
    ]


def test_a_page_marks_the_entry_it_belongs_to_once_in_the_bar_and_once_in_the_drawer() -> None:
    decision = DecisionFactory.create()
    client = Client()
    client.force_login(StaffFactory.create())
    page = client.get(reverse("grants:decision_budget", args=[decision.pk])).content.decode()
    assert _current(page) == ["Bevillinger"]
    assert _current(page, 'class="navigation-menu-mobile"') == ["Bevillinger"]
    assert '<li class="active current"><a href="/decisions/"' in page
    home = client.get(reverse("home:home")).content.decode()
    assert _current(home) == []


def test_a_role_without_the_pages_first_entry_sees_it_marked_under_the_next() -> None:
    programme = DecisionFactory.create().project.programme
    forum = ForumMemberFactory.create()
    assert not navigation.entries_for(forum)["set_up"]
    client = Client()
    client.force_login(forum)
    page = client.get(reverse("progress:programme_progress", args=[programme.pk]))
    assert page.status_code == 200
    assert _current(page.content.decode()) == ["Projekter"]


def test_the_kept_menu_differs_by_the_pages_entry() -> None:
    navigation._menus.clear()
    client = Client()
    client.force_login(StaffFactory.create())
    projects = client.get(reverse("grants:project_list")).content.decode()
    meetings = client.get(reverse("meetings:meeting_list")).content.decode()
    again = client.get(reverse("grants:project_list")).content.decode()
    assert _current(projects) == _current(again) == ["Projekter"]
    assert _current(meetings) == ["Møder"]
