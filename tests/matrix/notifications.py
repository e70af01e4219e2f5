"""The notifications' URLs × roles: every signed-in user has their own list and settings; a
notification is its recipient's alone (another's is not found, administrators' included); the
unsubscribe link of an e-mail needs no sign-in, its signed token standing for its user."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction

from notifications import events, services, unsubscribe
from tests.matrix.base import ROLES, Entry, Expect, World, _, _roles

EVENT = "matrix.something"


def extend(world: World) -> None:
    # Registered with the world (as a room registers its own at start-up), not on import.
    events.register(
        events.EventType(
            code=EVENT, group="Tests", label="Something happened", title="{project}: something"
        )
    )
    staff = world.users["regional"]
    assert isinstance(staff, User)
    with transaction.atomic():
        (told,) = services.notify(
            EVENT, key="matrix", recipients=[staff], url="/", params={"project": "A"}
        )
    world.ids["notification"] = told.pk
    world.ids["unsubscribe_user"] = staff.pk


# Everybody signed in, the applicant too (an applicant is told of its requests).
EVERY_USER = _roles(200, 200, 200, 200, 200, applicant=200)
EVERY_USER_POST: Expect = {**dict.fromkeys(ROLES, 302), "anonymous": "login"}
# The regional recipient follows it (a redirect to its link); everybody else finds nothing.
RECIPIENT = _roles(302, 404, 404, 404, 404, applicant=404)


def _token(ids: dict[str, int]) -> list[object]:
    user = User.objects.get(pk=ids["unsubscribe_user"])
    return [unsubscribe.token(user, EVENT)]


ENTRIES: dict[str, Entry] = {
    "notifications:list": Entry(_(), EVERY_USER),
    "notifications:open": Entry(_("notification"), RECIPIENT),
    "notifications:read": Entry(
        _(), EVERY_USER_POST, method="post", data=lambda ids: {"id": str(ids["notification"])}
    ),
    "notifications:read_all": Entry(_(), EVERY_USER_POST, method="post"),
    "notifications:preferences": Entry(_(), EVERY_USER),
    "notifications:preferences#save": Entry(
        _(), EVERY_USER_POST, method="post", data=lambda ids: {"language": "da"}
    ),
    # Public: the signed link is the authority (a GET shows what it stops, a POST stops it).
    "notifications:unsubscribe": Entry(_token, dict.fromkeys(ROLES, 200)),
    "notifications:unsubscribe#confirm": Entry(_token, dict.fromkeys(ROLES, 302), method="post"),
    "notifications:unsubscribe#one_click": Entry(
        _token,
        dict.fromkeys(ROLES, 200),
        method="post",
        data=lambda ids: {"List-Unsubscribe": "One-Click"},
    ),
    "notifications:unsubscribe#bad": Entry(lambda ids: ["nonsense"], dict.fromkeys(ROLES, 400)),
}
