"""Who may do what with notifications: each user their own, whatever their role.

Role level (no object): any signed-in user may list their notifications and set their
preferences. Object level: a notification is its recipient's alone, administrators included.
Which events reach whom, and that a notification tells its recipient only what they may see,
is decided when it is made (`notifications.services.notify`).
"""

from __future__ import annotations

import rules

from accounts.guards import AnyUser
from notifications.models import Notification


@rules.predicate
def is_recipient(user: AnyUser, notification: object) -> bool:
    if notification is None:
        return True
    return isinstance(notification, Notification) and notification.recipient_id == user.pk


rules.add_perm("notifications.view_notification", rules.is_authenticated & is_recipient)
rules.add_perm("notifications.change_notification", rules.is_authenticated & is_recipient)
rules.add_perm("notifications.change_preference", rules.is_authenticated)
