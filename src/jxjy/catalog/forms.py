"""Page forms of the catalog. They only turn what a person typed into the services' data; the
rules are the services'."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jxjy.org.models import Specialty

from .models import Category, CourseApplication, Level

_SEP = re.compile(r"\s*[|｜]\s*")
_TEACHER_SEP = re.compile(r"\s*[,，|｜]\s*")
_NO = {"", "否", "no", "n", "0", "false", "-"}


def teachers_from_text(text: str) -> list[dict[str, str]]:
    """One teacher a line: 「姓名，职称，单位职务、头衔」."""
    rows: list[dict[str, str]] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        parts = _TEACHER_SEP.split(line.strip(), maxsplit=2)
        parts += [""] * (3 - len(parts))
        rows.append({"name": parts[0], "title": parts[1], "post": parts[2]})
    return rows


def teachers_to_text(application: CourseApplication) -> str:
    return "\n".join("，".join(p for p in (t.name, t.title, t.post) if p) for t in application.teachers.all())


def lectures_from_text(text: str) -> list[dict[str, Any]]:
    """One lecture a line, numbered in order: 「标题 | 主讲教师 | 爱国」 (the last two optional)."""
    rows: list[dict[str, Any]] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        parts = _SEP.split(line.strip(), maxsplit=2)
        parts += [""] * (3 - len(parts))
        rows.append({"number": len(rows) + 1, "title": parts[0], "teacher": parts[1],
                     "patriotic": parts[2].strip().lower() not in _NO})
    return rows


def lectures_to_text(application: CourseApplication) -> str:
    lines = []
    for lecture in application.course.lectures.all():
        line = f"{lecture.title} | {lecture.teacher}"
        if lecture.patriotic:
            line += " | " + str(_("patriotic"))
        lines.append(line)
    return "\n".join(lines)


class ApplicationForm(forms.Form):
    category = forms.ChoiceField(label=_("Course category"), choices=Category.choices)
    title = forms.CharField(label=_("Subject name"), max_length=200)
    specialty = forms.ChoiceField(label=_("Specialty"), required=False,
                                  help_text=_("Professional courses only; inside the base's accredited scope"))
    level = forms.ChoiceField(label=_("Course level"), required=False,
                              choices=[("", "—"), *Level.choices])
    hours = forms.IntegerField(label=_("Credit hours"), min_value=1)
    description = forms.CharField(label=_("Course introduction"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    teachers = forms.CharField(label=_("Teachers"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
                               help_text=_("One a line: name, title, post"))
    aspects = forms.CharField(label=_("Aspects covered"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    aspect_count = forms.IntegerField(label=_("Number of aspects"), required=False, min_value=1)
    content_summary = forms.CharField(label=_("Content introduced"), required=False,
                                      widget=forms.Textarea(attrs={"rows": 2}))
    outcomes = forms.CharField(label=_("What learners master"), required=False,
                               widget=forms.Textarea(attrs={"rows": 2}))
    lectures = forms.CharField(label=_("Lectures"), widget=forms.Textarea(attrs={"rows": 8}), required=False,
                               help_text=_("One a line, in order: title | lecturer | patriotic (mark lectures on "
                                           "patriotic content). Videos belong to lecture numbers."))
    pledge_accepted = forms.BooleanField(label=_("We accept the compliance pledge"), required=False)
    contact_name = forms.CharField(label=_("Contact person"), max_length=50, required=False)
    contact_phone = forms.CharField(label=_("Contact telephone"), max_length=30, required=False)
    contact_email = forms.EmailField(label=_("Contact e-mail"), required=False)
    applicant_opinion = forms.CharField(label=_("Applicant opinion"), required=False,
                                        widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, base: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        specialties = base.specialty_scope.all() if base is not None else Specialty.objects.all()
        self.fields["specialty"].choices = [  # type: ignore[attr-defined]
            ("", "—"), *((s.code, s.name) for s in specialties)]

    @classmethod
    def initial_from(cls, application: CourseApplication) -> dict[str, Any]:
        course = application.course
        return {
            "category": course.category, "title": course.title,
            "specialty": course.specialty.code if course.specialty_id else "", "level": course.level,
            "hours": course.hours, "description": course.description, "teachers": teachers_to_text(application),
            "aspects": application.aspects, "aspect_count": application.aspect_count,
            "content_summary": application.content_summary, "outcomes": application.outcomes,
            "lectures": lectures_to_text(application), "pledge_accepted": application.pledge_accepted,
            "contact_name": application.contact_name, "contact_phone": application.contact_phone,
            "contact_email": application.contact_email, "applicant_opinion": application.applicant_opinion,
        }

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["teachers"] = teachers_from_text(data.get("teachers") or "")
        data["lectures"] = lectures_from_text(data.get("lectures") or "")
        return data

    def add_service_errors(self, errors: list[dict[str, str]]) -> None:
        for error in errors:
            name = str(error.get("field", "")).split(".")[0]
            self.add_error(name if name in self.fields else None, error.get("reason", ""))


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect, choices=[
        ("approve", _("Agree")), ("return", _("Return for changes")), ("reject", _("Reject"))])
    opinion = forms.CharField(label=_("Opinion"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("Required when returning or rejecting; printed on the form"))


class CatalogFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    category = forms.ChoiceField(label=_("Course category"), required=False,
                                 choices=[("", _("All")), *Category.choices])
    specialty = forms.ChoiceField(label=_("Specialty"), required=False)
    level = forms.ChoiceField(label=_("Course level"), required=False, choices=[("", _("All")), *Level.choices])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["specialty"].choices = [  # type: ignore[attr-defined]
            ("", _("All")), *((s.code, s.name) for s in Specialty.objects.all())]
