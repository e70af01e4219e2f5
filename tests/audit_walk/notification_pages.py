"""Scenarios of the notification settings: the preferences page, an e-mail's unsubscribe link,
and the admin's cases of the settings' models (a role's default, a user's own choices)."""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Model
from django.urls import reverse

from core import audit
from notifications import unsubscribe
from notifications.models import Channel, MailSettings, Preference, RoleDefault
from tests.audit_walk.harness import Walk, scenario
from tests.matrix.notifications import EVENT

STAFF = "regional"


@scenario(
    actor=STAFF,
    posts=["notifications:preferences"],
    writes=["notifications.Preference", "notifications.MailSettings"],
)
def preferences_saved(w: Walk) -> None:
    url = reverse("notifications:preferences")
    data = w.form(url)
    data[f"event_{EVENT}"] = Channel.DIGEST
    data["language"] = "en"
    w.post(url, data)
    assert Preference.objects.get(user=w.actor, event=EVENT).channel == Channel.DIGEST
    assert MailSettings.objects.get(user=w.actor).language == "en"


def _mails_at_once(w: Walk) -> None:
    actor = w.user(STAFF)
    audit.save(Preference(user=actor, event=EVENT, channel=Channel.EMAIL), by=actor)


@scenario(
    actor=STAFF,
    posts=["notifications:unsubscribe"],
    writes=["notifications.Preference"],
    given=_mails_at_once,
)
def unsubscribed_from_an_e_mail(w: Walk) -> None:
    w.act(reverse("notifications:unsubscribe", args=[unsubscribe.token(w.actor, EVENT)]))
    assert Preference.objects.get(user=w.actor, event=EVENT).channel == Channel.APP


# --- The admin's cases (tests/audit_walk/admin_walk.py) -----------------------------------


def settings_made(w: Walk) -> None:
    """A role's default, a user's preference and language: the rows the admin's pages copy."""
    admin, forum = w.user("administrator"), w.user("forum")
    default = RoleDefault(role="regional_staff", event=EVENT, channel=Channel.EMAIL)
    w.ids["role_default"] = audit.save(default, by=admin).pk
    preference = Preference(user=forum, event=EVENT, channel=Channel.OFF)
    w.ids["preference"] = audit.save(preference, by=admin).pk
    w.ids["mail_settings"] = audit.save(MailSettings(user=forum, language="en"), by=admin).pk


def made(model: type[Model], key: str) -> Callable[[Walk], Model]:
    return lambda w: model._default_manager.get(pk=w.ids[key])
