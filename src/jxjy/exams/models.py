from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jxjy.catalog.models import Course
from jxjy.learning.models import Enrolment

from . import banks


class QuestionType(models.TextChoices):
    SINGLE = banks.SINGLE, _("Single choice")
    MULTIPLE = banks.MULTIPLE, _("Multiple choice")
    TRUE_FALSE = banks.TRUE_FALSE, _("True or false")


class QuestionBank(models.Model):
    """A course's pool of questions (题库), with live counts per type.

    The counts are kept by the import service under the bank's row lock; they also bound the
    slot numbers a paper draws from.
    """

    course = models.OneToOneField(Course, on_delete=models.CASCADE, related_name="question_bank",
                                  verbose_name=_("Course"))
    # Bumped when the bank is replaced: slots restart at 0, so earlier papers' slots mean other
    # questions and no longer count as "seen".
    generation = models.PositiveIntegerField(_("Generation"), default=1)
    single_count = models.PositiveIntegerField(_("Single-choice questions"), default=0)
    multiple_count = models.PositiveIntegerField(_("Multiple-choice questions"), default=0)
    true_false_count = models.PositiveIntegerField(_("True-or-false questions"), default=0)
    updated_at = models.DateTimeField(_("Updated at"), null=True, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("Updated by"))

    class Meta:
        verbose_name = _("Question bank")
        verbose_name_plural = _("Question banks")

    def __str__(self) -> str:
        return str(self.course)

    @property
    def counts(self) -> dict[str, int]:
        return {t: getattr(self, f"{t}_count") for t in banks.TYPES}


class Question(models.Model):
    """One question. Stems and options are plain text: pages escape them, exports guard them.

    A replaced bank's questions are retired, not deleted, so that earlier attempts keep their
    papers; a retired question has no slot.
    """

    bank = models.ForeignKey(QuestionBank, on_delete=models.CASCADE, related_name="questions",
                             verbose_name=_("Question bank"))
    type = models.CharField(_("Type"), max_length=10, choices=QuestionType.choices)
    stem = models.TextField(_("Stem"))
    options = models.JSONField(_("Options"), default=list)  # [{"key", "text"}]
    # Keys run A, B, C... (T, F for true/false), so the count is all a paper needs to shuffle
    # them: the draw then reads no text at all.
    option_count = models.PositiveSmallIntegerField(_("Number of options"))
    answer = models.JSONField(_("Answer"), default=list)  # stored keys, sorted
    explanation = models.TextField(_("Explanation"), blank=True)
    lecture_number = models.PositiveIntegerField(_("Lecture number"), null=True, blank=True)
    slot = models.PositiveIntegerField(_("Slot"), null=True, blank=True)
    retired = models.BooleanField(_("Retired"), default=False)
    created_at = models.DateTimeField(_("Created at"))

    class Meta:
        verbose_name = _("Question")
        verbose_name_plural = _("Questions")
        ordering = ["bank", "type", "slot", "id"]
        constraints = [
            # Also the index the paper draw reads by: (bank, type, slot IN (...)).
            models.UniqueConstraint(fields=["bank", "type", "slot"], name="question_slot_unique"),
        ]

    def __str__(self) -> str:
        return self.stem[:60]


class ExamAttempt(models.Model):
    """One sitting of a paper by an enrolled learner.

    The paper is stored with the attempt: `[{"q": question id, "t": type, "s": slot, "o": stored
    option keys in shown order}]`. The rules that scored it (points, pass mark, deadline) are
    copied at the start so that a plan published mid-attempt does not change its outcome.
    """

    class Status(models.TextChoices):
        OPEN = "OPEN", _("In progress")
        SUBMITTED = "SUBMITTED", pgettext_lazy("exams", "Submitted")
        EXPIRED = "EXPIRED", _("Timed out")

    enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT, related_name="exam_attempts",
                                  verbose_name=_("Enrolment"))
    number = models.PositiveSmallIntegerField(_("Attempt number"))
    bank = models.ForeignKey(QuestionBank, on_delete=models.PROTECT, related_name="attempts",
                             verbose_name=_("Question bank"))
    generation = models.PositiveIntegerField(_("Bank generation"))
    status = models.CharField(_("Status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    started_at = models.DateTimeField(_("Started at"))
    deadline = models.DateTimeField(_("Deadline"))
    submitted_at = models.DateTimeField(pgettext_lazy("exams", "Submitted at"), null=True, blank=True)
    paper = models.JSONField(_("Paper"), default=list)
    answers = models.JSONField(_("Answers"), null=True, blank=True)
    wrong = models.JSONField(_("Wrong questions"), default=list)
    score = models.PositiveIntegerField(_("Score"), null=True, blank=True)
    passed = models.BooleanField(pgettext_lazy("exams", "Passed"), default=False, db_index=True)
    points_per_question = models.PositiveIntegerField(_("Points per question"))
    pass_mark = models.PositiveIntegerField(_("Pass mark"))
    total_points = models.PositiveIntegerField(_("Total points"))

    class Meta:
        verbose_name = _("Exam attempt")
        verbose_name_plural = _("Exam attempts")
        ordering = ["-started_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "number"], name="exam_attempt_number_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.enrolment} #{self.number}"

    @property
    def question_ids(self) -> list[int]:
        return [item["q"] for item in self.paper]
