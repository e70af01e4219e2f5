"""The money overview's URLs × roles: the figures are aggregates (everybody who reads the
project, the forum too; the secretariat its own project), the warning list is the region's."""

from __future__ import annotations

from tests.matrix.base import EDIT_GRANTS, READ_PROJECT, Entry, World, _


def extend(world: World) -> None:
    # The base world's project A and its decision are all the overview needs.
    del world


ENTRIES: dict[str, Entry] = {
    "spending:project_money": Entry(_("project"), READ_PROJECT),
    "spending:project_money_export": Entry(lambda ids: [ids["project"], "xlsx"], READ_PROJECT),
    "spending:decision_money": Entry(_("decision"), READ_PROJECT),
    "spending:warning_list": Entry(_(), EDIT_GRANTS),
}
