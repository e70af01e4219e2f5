"""An e-mail's words: one notification, or a day's digest, in the recipient's language.

No e-mail names a participant: events carry project, report, payment and meeting details, never
a person's data (tests read every e-mail sent for that). Each notification in an e-mail links to
its object (behind sign-in) and to the unsubscribe page of its event type.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from notifications import unsubscribe, wording
from notifications.models import Email, MailSettings, Notification


def language_of(user: AbstractBaseUser) -> str:
    chosen = MailSettings.objects.filter(user_id=user.pk).values_list("language", flat=True)
    return next(iter(chosen), settings.LANGUAGE_CODE)


@dataclass(frozen=True)
class Item:
    title: str
    label: str
    link: str
    unsubscribe: str


def _item(notification: Notification, user: AbstractBaseUser) -> Item:
    link = unsubscribe.absolute(reverse("notifications:open", args=[notification.pk]))
    return Item(
        title=wording.title(notification.event, notification.params),
        label=wording.label(notification.event),
        link=link,
        unsubscribe=unsubscribe.link(user, notification.event),
    )


def compose(email: Email) -> EmailMultiAlternatives:
    user = email.recipient
    notifications = list(email.notifications.order_by("created_at", "pk"))
    with translation.override(language_of(user)):
        items = [_item(notification, user) for notification in notifications]
        digest = email.kind == Email.Kind.DIGEST
        if digest:
            subject = ngettext(
                "Rummelig: %(count)d new notification",
                "Rummelig: %(count)d new notifications",
                len(items),
            ) % {"count": len(items)}
        else:
            subject = _("Rummelig: %(title)s") % {"title": items[0].title if items else ""}
        context = {
            "items": items,
            "digest": digest,
            "name": user.get_full_name() or user.get_username(),
            "preferences": unsubscribe.absolute(reverse("notifications:preferences")),
            "list": unsubscribe.absolute(reverse("notifications:list")),
            "language": translation.get_language(),
        }
        text = render_to_string("notifications/email/message.txt", context)
        html = render_to_string("notifications/email/message.html", context)
    headers = {"Auto-Submitted": "auto-generated"}
    if items and not digest:
        # One-click unsubscribe (RFC 8058) from the mail program, for this event type.
        headers["List-Unsubscribe"] = f"<{items[0].unsubscribe}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split())[:200],
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
        headers=headers,
    )
    message.attach_alternative(html, "text/html")
    return message
