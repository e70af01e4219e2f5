"""The front page: what needs doing, for the roles the user holds."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone
from django.views.generic import TemplateView

from accounts import guards
from home.money import money_home
from home.queries import home_page
from participants.filters import AWAITING_OUTCOME


def today() -> date:
    """The day the page is read for (a function, so tests can fix it)."""
    return timezone.localdate()


class HomeView(guards.ObjectPermissionMixin, TemplateView):
    """Each role's front page; a user without a role is told that they have none yet."""

    permission_required = "home.view_home"
    template_name = "home/home.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        day = today()
        home = home_page(self.request.user, today=day)
        return {
            **super().get_context_data(**kwargs),
            "today": day,
            "home": home,
            "money": money_home(self.request.user, today=day, standing=home.standing),
            "awaiting_outcome": AWAITING_OUTCOME,
        }
