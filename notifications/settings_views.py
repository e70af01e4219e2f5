"""The user's notification settings: the preferences page, and the unsubscribe link of e-mails.

The preferences page offers each event type the user's roles can receive (`events.offered_to`),
grouped as the rooms group them, whichever rooms have registered theirs. The unsubscribe page
needs no sign-in: the signed link names the user and the event type, and stands for them;
a mail program's one-click unsubscribe (RFC 8058) posts to it without a CSRF token, so the
page is exempt from CSRF, the signature being what authorises the change.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from accounts import guards, roles
from notifications import events, settings_services, wording
from notifications import unsubscribe as links
from notifications.mail import language_of
from notifications.models import Channel
from notifications.preferences import channel_for, channels_of

FIELD_PREFIX = "event_"


@dataclass(frozen=True)
class Group:
    name: str
    fields: list[forms.BoundField]


class PreferencesForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language of e-mails"),
        choices=settings.LANGUAGES,
        help_text=_("The pages follow the language you choose on them; e-mails use this one."),
    )

    def __init__(self, *args: Any, kinds: list[events.EventType], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kinds = kinds
        for kind in kinds:
            # Not required: a type registered since the page was drawn keeps its channel.
            self.fields[FIELD_PREFIX + kind.code] = forms.ChoiceField(
                label=str(kind.label), choices=Channel.choices, required=False
            )

    def groups(self) -> list[Group]:
        grouped: dict[str, list[forms.BoundField]] = {}
        for kind in self.kinds:
            grouped.setdefault(str(kind.group), []).append(self[FIELD_PREFIX + kind.code])
        return [Group(name, fields) for name, fields in grouped.items()]

    def channels(self) -> dict[str, str]:
        chosen = {kind.code: self.cleaned_data.get(FIELD_PREFIX + kind.code) for kind in self.kinds}
        return {code: channel for code, channel in chosen.items() if channel}


@require_http_methods(["GET", "HEAD", "POST"])
@guards.permission_required("notifications.change_preference")
def preferences(request: HttpRequest) -> HttpResponse:
    """Each event type's channel for the signed-in user, and the language of their e-mails."""
    user = guards.author(request)
    kinds = events.offered_to(frozenset(roles.group_names(user)))
    if request.method == "POST":
        form = PreferencesForm(request.POST, kinds=kinds)
        if form.is_valid():
            settings_services.save_preferences(
                user, form.channels(), language=form.cleaned_data["language"], by=user
            )
            messages.success(request, gettext("Your notification settings are saved."))
            return HttpResponseRedirect(reverse("notifications:preferences"))
    else:
        initial: dict[str, str] = {"language": language_of(user)}
        for code, channel in channels_of(user, kinds).items():
            initial[FIELD_PREFIX + code] = channel
        form = PreferencesForm(initial=initial, kinds=kinds)
    return render(request, "notifications/preferences.html", {"form": form})


@csrf_exempt
@login_not_required
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET: what the link stops, and a button, or that it is stopped. POST: that event type
    reaches its user in the app only from now on; the button's POST goes back to the page, a
    mail program's one-click POST (RFC 8058, "List-Unsubscribe=One-Click") gets 200 at once."""
    found = links.read(token)
    user = None
    if found is not None:
        user = get_user_model().objects.filter(pk=found[0], is_active=True).first()
    if found is None or user is None:
        return render(request, "notifications/unsubscribe_invalid.html", status=400)
    event = found[1]
    if request.method == "POST":
        settings_services.unsubscribe(user, event)
        if request.POST.get("List-Unsubscribe") != "One-Click":
            return HttpResponseRedirect(reverse("notifications:unsubscribe", args=[token]))
    stopped = channel_for(user, event) in (Channel.APP, Channel.OFF)
    context = {"label": wording.label(event), "token": token, "done": stopped}
    return render(request, "notifications/unsubscribe.html", context)
