"""The notifications in the admin: e-mails (and sending a failed one again), notifications,
the administrators' default channel of each role, and users' own preferences.

Notifications and e-mails are the system's record of what it told whom: read only here. A
role's default channel, a user's preference and language of e-mails are choices, kept with
their history; their event is chosen among the registered event types.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts import roles
from accounts.admin_site import AuthoredAdmin, HistoryAdmin
from notifications import delivery, events, wording
from notifications.models import Email, MailSettings, Notification, Preference, RoleDefault


class ReadOnlyAdmin(AuthoredAdmin):
    """A list and a page to read: nothing added, changed or deleted here."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


def event_choices() -> list[tuple[str, str]]:
    return [(kind.code, f"{kind.group}: {kind.label}") for kind in events.event_types()]


class EventChoiceForm(forms.ModelForm):  # type: ignore[type-arg]
    """The event among the registered types (and a role among the roles), not typed by hand."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = event_choices()
        current = getattr(self.instance, "event", "")
        if current and current not in dict(choices):
            choices.append((current, current))  # a type no longer registered stays readable
        self.fields["event"] = forms.ChoiceField(
            label=_("event"), choices=[("", "---------"), *choices]
        )
        if "role" in self.fields:
            self.fields["role"] = forms.ChoiceField(
                label=_("role"),
                choices=[
                    ("", "---------"),
                    *((code, str(label)) for code, label in roles.ROLE_LABELS.items()),
                ],
            )


@admin.display(description=_("event"))
def event_label(obj: Notification | Preference | RoleDefault) -> str:
    return wording.label(obj.event)


@admin.register(Email)
class EmailAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "recipient", "kind", "state", "attempts", "last_error", "sent_at"]
    list_filter = ["state", "kind"]
    search_fields = ["recipient__username", "recipient__email"]
    list_select_related = ["recipient"]
    actions = ["send_again"]
    date_hierarchy = "created_at"

    @admin.action(description=_("Send the chosen failed e-mails again"))
    def send_again(self, request: HttpRequest, queryset: QuerySet[Email]) -> None:
        failed = list(queryset.filter(state=Email.State.FAILED))
        for email in failed:
            delivery.retry(email)
        text = ngettext(
            "%(count)d failed e-mail is sent again.",
            "%(count)d failed e-mails are sent again.",
            len(failed),
        )
        self.message_user(request, text % {"count": len(failed)}, messages.SUCCESS)


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "recipient", event_label, "channel", "read_at", "settled_at"]
    list_filter = ["channel", "event"]
    search_fields = ["recipient__username", "event", "key"]
    list_select_related = ["recipient"]
    date_hierarchy = "created_at"


@admin.register(RoleDefault)
class RoleDefaultAdmin(HistoryAdmin):
    """The channel everyone holding a role gets of an event type, unless they choose another."""

    form = EventChoiceForm
    list_display = ["role", event_label, "channel"]
    list_filter = ["role", "channel"]


@admin.register(Preference)
class PreferenceAdmin(HistoryAdmin):
    form = EventChoiceForm
    list_display = ["user", event_label, "channel"]
    list_filter = ["channel", "event"]
    search_fields = ["user__username", "event"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]


@admin.register(MailSettings)
class MailSettingsAdmin(HistoryAdmin):
    list_display = ["user", "language"]
    list_filter = ["language"]
    search_fields = ["user__username"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]
