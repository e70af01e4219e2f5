"""The authentication backend beside django-rules' object-permission backend."""

from __future__ import annotations

from typing import Any

import rules
from django.contrib.auth.backends import ModelBackend


class AccountBackend(ModelBackend):
    """Passwords, and the permissions granted person by person (special-category data).

    Every permission defined as a rule is answered by the rules alone: a permission ticked for
    a user or group in the admin cannot widen what the rules allow.
    """

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        if rules.perm_exists(perm):
            return False
        return super().has_perm(user_obj, perm, obj)
