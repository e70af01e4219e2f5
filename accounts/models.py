"""The accounts room keeps no tables of its own but the audit history of the users.

Who holds which role (a user's groups) and who may sign in are access decisions: their changes
are kept with who made them and when, like every other change (django-simple-history). The
password hash and the last sign-in are left out of the history: the one is a secret, the other
is no decision.
"""

from django.contrib.auth.models import User
from django.utils import timezone
from simple_history import register

register(
    User,
    app="accounts",
    excluded_fields=["password", "last_login"],
    m2m_fields=[User.groups.field, User.user_permissions.field],
)


def record_sign_in(sender: type[User], user: User, **kwargs: object) -> None:
    """Django's `update_last_login`, without a historical record per sign-in.

    Django saves the user to note the time of each sign-in, which would add a record to the
    user's history every time; an UPDATE of the one column sends no signal.
    """
    user.last_login = timezone.now()
    User.objects.filter(pk=user.pk).update(last_login=user.last_login)
