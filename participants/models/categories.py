"""The lists a participant is described by (target groups, ESF results, ...)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Category(models.Model):
    """An entry of one of the lists a participant is described by: data, not code."""

    class Kind(models.TextChoices):
        TARGET_GROUP = "target_group", _("target group")
        EMPLOYMENT_STATUS = "employment_status", _("employment status on entry")
        EDUCATION = "education", _("education level (ISCED)")
        RESULT_ON_LEAVING = "result_on_leaving", _("result on leaving")
        RESULT_SIX_MONTHS = "result_six_months", _("result six months after leaving")

    kind = models.CharField(_("list"), max_length=30, choices=Kind.choices)
    code = models.SlugField(_("code"), max_length=50)
    label = models.CharField(_("label"), max_length=200)
    label_en = models.CharField(_("label in English"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    regulation = models.CharField(
        _("regulation and annex"),
        max_length=200,
        blank=True,
        help_text=_("Where the indicator is defined, e.g. Regulation (EU) No 1304/2013, Annex I."),
    )
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["kind", "order", "pk"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        constraints = [
            models.UniqueConstraint(fields=["kind", "code"], name="category_unique_code"),
            models.CheckConstraint(
                condition=Q(
                    kind__in=[
                        "target_group",
                        "employment_status",
                        "education",
                        "result_on_leaving",
                        "result_six_months",
                    ]
                ),
                name="category_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        if get_language() == "en" and self.label_en:
            return self.label_en
        return self.label
