"""Staff's assessment of a request: the checklist's answers and the messages exchanged."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from applications.models.calls import ChecklistQuestion
from applications.models.requests import Request


class ChecklistAnswer(models.Model):
    class Answer(models.TextChoices):
        YES = "yes", _("yes")
        NO = "no", _("no")
        NOT_RELEVANT = "not_relevant", _("not relevant")

    request = models.ForeignKey(
        Request, on_delete=models.CASCADE, related_name="answers", verbose_name=_("request")
    )
    question = models.ForeignKey(
        ChecklistQuestion,
        on_delete=models.PROTECT,
        related_name="answers",
        verbose_name=_("question"),
    )
    answer = models.CharField(_("answer"), max_length=20, choices=Answer.choices)
    note = models.TextField(_("note"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    answered_at = models.DateTimeField(_("answered"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["request", "question__order", "question__pk"]
        verbose_name = _("checklist answer")
        verbose_name_plural = _("checklist answers")
        constraints = [
            models.UniqueConstraint(
                fields=["request", "question"], name="checklist_answer_one_per_question"
            ),
            models.CheckConstraint(
                condition=Q(answer__in=["yes", "no", "not_relevant"]),
                name="checklist_answer_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question}: {self.get_answer_display()}"


class RequestMessage(models.Model):
    """A comment among staff, a question to the applicant, or the applicant's answer."""

    class Kind(models.TextChoices):
        COMMENT = "comment", _("internal comment")
        QUESTION = "question", _("questions to the applicant")
        ANSWER = "answer", _("answer from the applicant")

    request = models.ForeignKey(
        Request, on_delete=models.CASCADE, related_name="messages", verbose_name=_("request")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    text = models.TextField(_("text"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["request", "created_at", "pk"]
        verbose_name = _("message on a request")
        verbose_name_plural = _("messages on a request")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["comment", "question", "answer"]),
                name="request_message_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:40]}"

    @property
    def seen_by_applicant(self) -> bool:
        return self.kind != self.Kind.COMMENT
