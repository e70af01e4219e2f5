"""The decision bodies the region's staff keep: who decides a grant and holds the meetings
(Vækstforum, Danmarks Erhvervsfremmebestyrelse, a committee of the regional council, ...)."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

# The code of Vækstforum, the body the migration creates first and the demo's meetings use.
VAEKSTFORUM = "vaekstforum"


class DecisionBodyQuerySet(models.QuerySet["DecisionBody"]):
    def visible_to(self, user: AbstractBaseUser | AnonymousUser) -> DecisionBodyQuerySet:
        """Reference data: the rules decide who reads the region's list, never a project's scope."""
        return self.all()

    def offered(self, current_id: int | None = None) -> DecisionBodyQuerySet:
        """The bodies a new meeting or decision may name: those not retired, and the one
        already named (`current_id`) so editing never loses it."""
        condition = Q(retired=False)
        if current_id is not None:
            condition |= Q(pk=current_id)
        return self.filter(condition)


class DecisionBody(models.Model):
    """A body that decides grants and holds meetings (bevillingsgivende organ)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    code = models.CharField(
        _("short name"),
        max_length=30,
        blank=True,
        help_text=_("Optional: a short name or code, e.g. for exports."),
    )
    description = models.TextField(_("description"), blank=True)
    retired = models.BooleanField(
        _("retired"),
        default=False,
        help_text=_(
            "A retired body is not offered for new meetings and decisions; "
            "those that name it keep it."
        ),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = DecisionBodyQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name", "pk"]
        verbose_name = _("decision body")
        verbose_name_plural = _("decision bodies")
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=~Q(code=""), name="decision_body_code_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name
