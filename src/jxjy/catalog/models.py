from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from jxjy.org.models import Specialty, TrainingBase


class Category(models.TextChoices):
    PUBLIC = "PUBLIC", _("Public course")
    PROFESSIONAL = "PROFESSIONAL", _("Professional course")


class Level(models.TextChoices):
    JUNIOR = "JUNIOR", _("Junior level")
    INTERMEDIATE = "INTERMEDIATE", _("Intermediate level")
    SENIOR = "SENIOR", _("Senior level")


class Mode(models.TextChoices):
    ONLINE = "ONLINE", _("Online study")
    IN_PERSON = "IN_PERSON", _("In-person study")


class CheckStatus(models.TextChoices):
    """Where the spec check of one uploaded file stands."""

    NONE = "", _("No file")
    PENDING = "PENDING", _("Waiting for check")
    RUNNING = "RUNNING", _("Checking")
    PASS = "PASS", _("Passed")
    WARN = "WARN", _("Passed with warnings")
    FAIL = "FAIL", _("Failed")

    @classmethod
    def settled(cls) -> tuple[str, ...]:
        return (cls.PASS, cls.WARN, cls.FAIL)

    @classmethod
    def in_progress(cls) -> tuple[str, ...]:
        return (cls.PENDING, cls.RUNNING)


class Course(models.Model):
    """An online course of a base. Learners see it once the province has published it."""

    class Status(models.TextChoices):
        DRAFT = "DRAFT", _("In production")
        PUBLISHED = "PUBLISHED", _("On the platform")
        WITHDRAWN = "WITHDRAWN", _("Taken off the platform")

    base = models.ForeignKey(TrainingBase, on_delete=models.PROTECT, related_name="courses",
                             verbose_name=_("Training base"))
    category = models.CharField(_("Course category"), max_length=12, choices=Category.choices)
    title = models.CharField(_("Subject name"), max_length=200)
    specialty = models.ForeignKey(Specialty, null=True, blank=True, on_delete=models.PROTECT, related_name="courses",
                                  verbose_name=_("Specialty"))
    level = models.CharField(_("Course level"), max_length=12, choices=Level.choices, blank=True)
    hours = models.PositiveIntegerField(_("Credit hours"))
    description = models.TextField(_("Course introduction"), blank=True)
    preview_video = models.FileField(_("Preview video"), upload_to="courseware/previews/", blank=True,
                                     max_length=255)
    preview_duration = models.FloatField(_("Preview length (s)"), default=0)
    preview_check_status = models.CharField(_("Preview check"), max_length=8, choices=CheckStatus.choices,
                                            blank=True, default=CheckStatus.NONE)
    preview_check_progress = models.PositiveSmallIntegerField(_("Preview check progress (%)"), default=0)
    preview_check_report = models.JSONField(_("Preview check report"), null=True, blank=True)
    preview_checked_at = models.DateTimeField(_("Preview checked at"), null=True, blank=True)
    status = models.CharField(_("Course status"), max_length=10, choices=Status.choices, default=Status.DRAFT,
                              db_index=True)
    created_at = models.DateTimeField(_("Created at"), auto_now_add=True)
    published_at = models.DateTimeField(_("On the platform since"), null=True, blank=True)

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("Course")
        verbose_name_plural = _("Courses")

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class Lecture(models.Model):
    """One lecture video (讲) of a course, about an hour long."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="lectures", verbose_name=_("Course"))
    number = models.PositiveIntegerField(_("Lecture number"))
    title = models.CharField(_("Lecture title"), max_length=200)
    teacher = models.CharField(_("Lecturer"), max_length=100, blank=True)
    duration = models.FloatField(_("Length (s)"), default=0)
    video = models.FileField(_("Video"), upload_to="courseware/lectures/", blank=True, max_length=255)
    patriotic = models.BooleanField(_("Patriotic-education content"), default=False)
    check_status = models.CharField(_("Spec check"), max_length=8, choices=CheckStatus.choices, blank=True,
                                    default=CheckStatus.NONE)
    check_progress = models.PositiveSmallIntegerField(_("Spec check progress (%)"), default=0)
    check_report = models.JSONField(_("Spec check report"), null=True, blank=True)
    checked_at = models.DateTimeField(_("Checked at"), null=True, blank=True)

    class Meta:
        ordering = ["course", "number"]
        verbose_name = _("Lecture")
        verbose_name_plural = _("Lectures")
        constraints = [models.UniqueConstraint(fields=["course", "number"], name="lecture_number_unique")]

    def __str__(self) -> str:
        return gettext("%(course)s, lecture %(n)s: %(title)s") % {
            "course": self.course.title, "n": self.number, "title": self.title}


class CourseApplication(models.Model):
    """A base's application to put one online course on the platform: Form 1 (public) or Form 2
    (professional) of the yearly notice, with the course it describes and its approval chain.

    A provincial base's application goes to the province; a city base's to its city bureau, which
    forwards it to the province. Returned applications are edited and submitted again.
    """

    class Status(models.TextChoices):
        DRAFT = "DRAFT", _("Draft")
        # Submitted while the spec check of an attachment is still running; it moves on to the
        # first authority by itself once the checks have settled (or comes back if one fails).
        SUBMITTED = "SUBMITTED", _("Submitted, checks running")
        CITY_REVIEW = "CITY_REVIEW", _("With the city bureau")
        PROVINCE_REVIEW = "PROVINCE_REVIEW", _("With the province")
        APPROVED = "APPROVED", _("Approved")
        RETURNED = "RETURNED", _("Returned for changes")
        REJECTED = "REJECTED", _("Rejected")

        @classmethod
        def editable(cls) -> tuple[str, ...]:
            return (cls.DRAFT, cls.RETURNED)

        @classmethod
        def under_review(cls) -> tuple[str, ...]:
            return (cls.CITY_REVIEW, cls.PROVINCE_REVIEW)

    course = models.OneToOneField(Course, on_delete=models.CASCADE, related_name="application",
                                  verbose_name=_("Course"))
    base = models.ForeignKey(TrainingBase, on_delete=models.PROTECT, related_name="course_applications",
                             verbose_name=_("Applicant base"))
    year = models.PositiveIntegerField(_("Plan year"))
    status = models.CharField(_("Application status"), max_length=16, choices=Status.choices,
                              default=Status.DRAFT, db_index=True)
    # 课程体系: "该课程共**讲, 其中包含…等*个方面, 通过对…等内容介绍, 使专业技术人员较好掌握…等知识"
    aspects = models.TextField(_("Aspects covered"), blank=True)
    aspect_count = models.PositiveIntegerField(_("Number of aspects"), null=True, blank=True)
    content_summary = models.TextField(_("Content introduced"), blank=True)
    outcomes = models.TextField(_("What learners master"), blank=True)
    pledge_accepted = models.BooleanField(_("Compliance pledge accepted"), default=False)
    contact_name = models.CharField(_("Contact person"), max_length=50, blank=True)
    contact_phone = models.CharField(_("Contact telephone"), max_length=30, blank=True)
    contact_email = models.EmailField(_("Contact e-mail"), blank=True)
    applicant_opinion = models.TextField(_("Applicant opinion"), blank=True)
    round = models.PositiveIntegerField(_("Submission round"), default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("Created by"))
    created_at = models.DateTimeField(_("Created at"))
    updated_at = models.DateTimeField(_("Updated at"))
    submitted_at = models.DateTimeField(_("Submitted at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("Decided at"), null=True, blank=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("Course application")
        verbose_name_plural = _("Course applications")

    def __str__(self) -> str:
        return f"{self.base.name} · {self.course.title}"

    @property
    def is_editable(self) -> bool:
        return self.status in self.Status.editable()

    @property
    def form_number(self) -> int:
        """1 for a public course (Form 1), 2 for a professional one (Form 2)."""
        return 1 if self.course.category == Category.PUBLIC else 2

    @property
    def goes_through_city(self) -> bool:
        return self.base.level == TrainingBase.Level.CITY


class ApplicationTeacher(models.Model):
    """One teacher of the course as listed on the form: name, professional title, post."""

    application = models.ForeignKey(CourseApplication, on_delete=models.CASCADE, related_name="teachers",
                                    verbose_name=_("Course application"))
    position = models.PositiveIntegerField(_("Order"), default=0)
    name = models.CharField(_("Teacher name"), max_length=50)
    title = models.CharField(_("Professional title"), max_length=50, blank=True)
    post = models.CharField(_("Post and honours"), max_length=200, blank=True)

    class Meta:
        ordering = ["application", "position", "id"]
        verbose_name = _("Teacher")
        verbose_name_plural = _("Teachers")

    def __str__(self) -> str:
        return self.name


class ApplicationStep(models.Model):
    """One step of an application's way: who did what, in which role, with which opinion, when.
    The printed form shows the opinions of the latest round."""

    class Action(models.TextChoices):
        SUBMIT = "SUBMIT", _("Submitted")
        CHECKS_PASSED = "CHECKS_PASSED", _("Checks passed, sent on")
        CHECKS_FAILED = "CHECKS_FAILED", _("Checks failed, sent back")
        FORWARD = "FORWARD", _("Agreed and forwarded to the province")
        APPROVE = "APPROVE", _("Approved")
        RETURN = "RETURN", _("Returned for changes")
        REJECT = "REJECT", _("Rejected")

    class Authority(models.TextChoices):
        BASE = "BASE", _("Applicant base")
        SYSTEM = "SYSTEM", _("Platform")
        CITY = "CITY", _("City HR bureau")
        PROVINCE = "PROVINCE", _("Provincial HR department")

    application = models.ForeignKey(CourseApplication, on_delete=models.CASCADE, related_name="steps",
                                    verbose_name=_("Course application"))
    round = models.PositiveIntegerField(_("Submission round"))
    action = models.CharField(_("Step"), max_length=16, choices=Action.choices)
    authority = models.CharField(_("Authority"), max_length=10, choices=Authority.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+", verbose_name=_("Done by"))
    actor_name = models.CharField(_("Done by (name)"), max_length=100, blank=True)
    role = models.CharField(_("Role"), max_length=20, blank=True)
    opinion = models.TextField(_("Opinion"), blank=True)
    from_status = models.CharField(_("From"), max_length=16, choices=CourseApplication.Status.choices)
    to_status = models.CharField(_("To"), max_length=16, choices=CourseApplication.Status.choices)
    at = models.DateTimeField(_("Date"))

    class Meta:
        ordering = ["application", "at", "id"]
        verbose_name = _("Application step")
        verbose_name_plural = _("Application steps")

    def __str__(self) -> str:
        return f"{self.get_action_display()} · {self.actor_name}"
