"""The region's funding sources (the catalogue) × roles: the region's staff and administrators
keep the list, as they set up programmes; nobody else reaches it.

The world holds a source no project uses (deleting it asks first, then succeeds) and one
deleted through the audited write (its undo succeeds).
"""

from __future__ import annotations

from django.contrib.auth.models import User

from core import audit
from tests.factories import FundingSourceFactory
from tests.matrix.base import EDIT_GRANTS, Entry, World, _, _post


def extend(world: World) -> None:
    staff = world.users["regional"]
    assert isinstance(staff, User)
    # Named by the factory's sequence: a POST that succeeds builds the world again beside it.
    free = FundingSourceFactory.create()
    gone = FundingSourceFactory.create()
    world.ids.update({"fundingsource": free.pk, "deleted_source": gone.pk})
    audit.delete(gone, by=staff)


ENTRIES: dict[str, Entry] = {
    "grants:fundingsource_list": Entry(_(), EDIT_GRANTS),
    "grants:fundingsource_create": Entry(_(), EDIT_GRANTS),
    "grants:fundingsource_update": Entry(_("fundingsource"), EDIT_GRANTS),
    # Deleting asks first (core.confirm); the world's source is used by nothing, so it goes.
    "grants:fundingsource_delete": Entry(_("fundingsource"), EDIT_GRANTS),
    "grants:fundingsource_delete#post": Entry(
        _("fundingsource"), _post(EDIT_GRANTS), method="post"
    ),
    "grants:fundingsource_restore": Entry(_("deleted_source"), _post(EDIT_GRANTS), method="post"),
}
