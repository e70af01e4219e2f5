"""Who may do what with meetings: the region plans and records them, the forum reads them.

| role           | meetings                                                        |
|----------------|-----------------------------------------------------------------|
| regional_staff | every meeting and item, edit, record decisions, render PDFs     |
| administrator  | the same                                                        |
| forum_member   | published meetings: agenda and minutes of the open items, PDFs  |
| secretariat    | nothing                                                         |
"""

from __future__ import annotations

import rules

from accounts.guards import AnyUser
from accounts.predicates import is_forum_member, manages_grants


@rules.predicate
def is_public(user: AnyUser, obj: object | None) -> bool:
    """Without an object: yes (the role decides). A meeting: published; an item: open, of a
    published meeting."""
    if obj is None:
        return True
    meeting = getattr(obj, "meeting", obj)
    if getattr(obj, "closed", False):
        return False
    return bool(getattr(meeting, "is_published", False))


reads_meetings = manages_grants | (is_forum_member & is_public)

rules.add_perm("meetings.view_meeting", reads_meetings)
rules.add_perm("meetings.view_agendaitem", reads_meetings)
rules.add_perm("meetings.view_itemdecision", reads_meetings)
for action in ("add", "change", "delete"):
    for model in ("meeting", "agendaitem", "itemdecision"):
        rules.add_perm(f"meetings.{action}_{model}", manages_grants)
