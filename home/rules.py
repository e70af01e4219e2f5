"""Who may open the front page: everybody signed in; what it lists follows their role."""

from __future__ import annotations

import rules

# A user without a role is told so on the front page, not refused it.
rules.add_perm("home.view_home", rules.is_active)
