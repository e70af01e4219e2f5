"""The region's decision bodies × roles: the region's staff and administrators keep the list,
as they keep the funding sources; nobody else reaches it.

The world holds a body no meeting or decision names (deleting it asks first, then succeeds)
and one deleted through the audited write (its undo succeeds).
"""

from __future__ import annotations

from django.contrib.auth.models import User

from core import audit
from tests.factories import DecisionBodyFactory
from tests.matrix.base import EDIT_GRANTS, Entry, World, _, _post


def extend(world: World) -> None:
    staff = world.users["regional"]
    assert isinstance(staff, User)
    # Named by the factory's sequence: a POST that succeeds builds the world again beside it.
    free = DecisionBodyFactory.create()
    gone = DecisionBodyFactory.create()
    world.ids.update({"decisionbody": free.pk, "deleted_body": gone.pk})
    audit.delete(gone, by=staff)


ENTRIES: dict[str, Entry] = {
    "grants:decisionbody_list": Entry(_(), EDIT_GRANTS),
    "grants:decisionbody_create": Entry(_(), EDIT_GRANTS),
    "grants:decisionbody_update": Entry(_("decisionbody"), EDIT_GRANTS),
    # Deleting asks first (core.confirm); the world's body is named by nothing, so it goes.
    "grants:decisionbody_delete": Entry(_("decisionbody"), EDIT_GRANTS),
    "grants:decisionbody_delete#post": Entry(_("decisionbody"), _post(EDIT_GRANTS), method="post"),
    "grants:decisionbody_restore": Entry(_("deleted_body"), _post(EDIT_GRANTS), method="post"),
}
