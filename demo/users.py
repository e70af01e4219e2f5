"""The demo logins, one per role."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission, User

from accounts.roles import ADMINISTRATOR, APPLICANT, FORUM_MEMBER, REGIONAL_STAFF, SECRETARIAT
from core import audit
from grants.models import Project, ProjectMembership

DEMO_USERS = {
    # username: (password, role, full name); the administrator also keeps the admin site.
    "regional": ("rummelig-regional-demo", REGIONAL_STAFF, "Karen Elsgaard"),
    "secretariat": ("rummelig-sekretariat-demo", SECRETARIAT, "Søren Larsen"),
    "forum": ("rummelig-forum-demo", FORUM_MEMBER, "Lene Holm"),
    "admin": ("rummelig-admin-demo", ADMINISTRATOR, "Anders Mikkelsen"),
    # Applies for Jobhuset Vest ApS in the demo's open call (demo.applications).
    "ansoeger": ("rummelig-ansoeger-demo", APPLICANT, "Mette Dahl"),
}


def demo_address(username: str) -> str:
    """A demo user's e-mail address (example.org is reserved: nothing is ever delivered)."""
    return f"{username}@rummelig.example.org"


def demo_person(username: str, role: str, name: str) -> User:
    """A person the demo data names (an author, a reviewer), created once without a login."""
    user, created = User.objects.get_or_create(username=username)
    if created:
        user.first_name, _, user.last_name = name.partition(" ")
        user.email = demo_address(username)
        user.set_unusable_password()
        user.save()
        user.groups.add(Group.objects.get(name=role))
    return user


def demo_staff() -> User:
    """The regional staff member who enters the demo's grants and meetings."""
    _password, role, name = DEMO_USERS["regional"]
    return demo_person("regional", role, name)


def demo_secretary() -> User:
    """The secretariat member who registers the demo's participants and courses."""
    _password, role, name = DEMO_USERS["secretariat"]
    return demo_person("secretariat", role, name)


def ensure_demo_users(project: Project) -> dict[str, str]:
    """Create the demo users (idempotent); returns username -> password.

    The secretariat user works in `project` and may see special-category data, which no role
    grants by itself.
    """
    for username, (password, role, full_name) in DEMO_USERS.items():
        user, _ = User.objects.get_or_create(username=username)
        first, _, last = full_name.partition(" ")
        user.first_name, user.last_name = first, last
        user.is_staff = role == ADMINISTRATOR
        user.email = demo_address(username)
        user.set_password(password)
        user.save()
        user.groups.set([Group.objects.get(name=role)])
        if role == SECRETARIAT:
            ProjectMembership.objects.get_or_create(project=project, user=user)
            user.user_permissions.set(
                Permission.objects.filter(
                    content_type__app_label="participants",
                    codename__in=["view_special_categories", "change_special_categories"],
                )
            )
    # The regional demo login follows the demo project: told of its reports, payments, values.
    if project.case_officer_id is None:
        project.case_officer = User.objects.get(username="regional")
        audit.save_checked(project, by=project.case_officer, update_fields=["case_officer"])
    return {username: password for username, (password, _r, _n) in DEMO_USERS.items()}
