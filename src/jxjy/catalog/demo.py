"""Demo data of the catalog: a published professional course of the provincial base whose
lectures are short generated videos (seconds long, so a journey can be walked through quickly),
and two applications on their way so that the reviewers' queues are not empty: a 渭南 city-base
application waiting at the city bureau, and a provincial one waiting at the province.

Idempotent: courses are found by base and title; videos are generated once under MEDIA_ROOT.
The videos are seconds long, so their stored check reports fail the lecture-length rule: the
demo shows the check's report, and a real submission of such files would be refused.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import translation

from jxjy.core import clock
from jxjy.core.errors import NotFound
from jxjy.plans.selectors import current_plan

from . import integrations, services
from .models import ApplicationStep, CheckStatus, Course, CourseApplication

DEMO_COURSE_TITLE = "软件工程项目管理实务"
DEMO_CITY_APPLICATION_TITLE = "基层医疗机构护理质量与安全管理"
DEMO_PROVINCE_APPLICATION_TITLE = "建筑工程施工安全管理"
DEMO_VIDEO_SECONDS = 3

Status = CourseApplication.Status
Action = ApplicationStep.Action
Authority = ApplicationStep.Authority

_COMMON = {"pledge_accepted": True, "applicant_opinion": "经审核，课件内容真实合规，同意申报。"}

COURSES: list[dict[str, Any]] = [
    {
        "slug": "software-pm", "base": "provincial_base", "admin": "base_provincial", "stage": "published",
        "data": {
            "category": "PROFESSIONAL", "title": DEMO_COURSE_TITLE, "specialty": "GC-JSJ", "level": "INTERMEDIATE",
            "hours": 8, "description": "面向软件企业和信息化部门的项目经理、技术骨干，系统讲授软件项目从立项到收尾的"
                                       "管理方法，结合典型案例讲解进度、成本、质量与风险控制。",
            "teachers": [{"name": "陈立新", "title": "教授", "post": "软件学院副院长"},
                         {"name": "王敏", "title": "高级工程师", "post": "项目管理办公室主任"}],
            "aspects": "项目立项与范围、需求与变更、进度与成本、质量与测试、风险与沟通、敏捷实践", "aspect_count": 6,
            "content_summary": "典型软件项目案例、常用估算与控制工具", "outcomes": "软件项目全过程管理的方法和工具",
            "contact_name": "刘老师", "contact_phone": "029-85550001", "contact_email": "kc@example.com",
            "lectures": [
                {"number": 1, "title": "软件项目管理概述", "teacher": "陈立新"},
                {"number": 2, "title": "项目立项与范围管理", "teacher": "陈立新"},
                {"number": 3, "title": "需求分析与变更控制", "teacher": "王敏"},
                {"number": 4, "title": "进度计划与工作量估算", "teacher": "王敏"},
                {"number": 5, "title": "成本管理与资源配置", "teacher": "陈立新"},
                {"number": 6, "title": "质量管理与软件测试", "teacher": "王敏"},
                {"number": 7, "title": "风险管理与沟通协调", "teacher": "陈立新"},
                {"number": 8, "title": "敏捷开发与项目收尾", "teacher": "王敏"},
            ],
            **_COMMON,
        },
    },
    {
        "slug": "nursing-quality", "base": "weinan_base", "admin": "base_weinan", "stage": "city",
        "data": {
            "category": "PROFESSIONAL", "title": DEMO_CITY_APPLICATION_TITLE, "specialty": "WS-HL", "level": "JUNIOR",
            "hours": 8, "description": "面向基层医疗机构护理人员，讲授护理质量管理和患者安全的基本制度与方法。",
            "teachers": [{"name": "李慧", "title": "主任护师", "post": "护理部主任"}],
            "aspects": "护理核心制度、患者安全、风险评估、院感防控、持续改进", "aspect_count": 5,
            "content_summary": "基层常见护理风险案例", "outcomes": "护理质量与安全管理的基本方法",
            "contact_name": "张老师", "contact_phone": "0913-2120001",
            "lectures": [{"number": n + 1, "title": t, "teacher": "李慧"} for n, t in enumerate([
                "护理质量管理概述", "护理核心制度", "患者安全目标", "护理风险评估", "院感防控要点",
                "护理文书规范", "不良事件上报与分析", "持续质量改进"])],
            **_COMMON,
        },
    },
    {
        "slug": "construction-safety", "base": "provincial_base", "admin": "base_provincial", "stage": "province",
        "data": {
            "category": "PROFESSIONAL", "title": DEMO_PROVINCE_APPLICATION_TITLE, "specialty": "GC-JZ",
            "level": "INTERMEDIATE", "hours": 8,
            "description": "面向建筑施工企业技术和管理人员，讲授施工现场安全管理的法规、技术与应急处置。",
            "teachers": [{"name": "周建国", "title": "正高级工程师", "post": "安全总监"}],
            "aspects": "安全法规、现场管理、高处作业、起重吊装、临时用电、应急处置", "aspect_count": 6,
            "content_summary": "施工安全事故案例", "outcomes": "施工现场安全管理和事故预防的方法",
            "contact_name": "刘老师", "contact_phone": "029-85550001",
            "lectures": [{"number": n + 1, "title": t, "teacher": "周建国"} for n, t in enumerate([
                "安全生产法规概述", "施工现场安全管理", "高处作业安全", "起重吊装安全", "临时用电安全",
                "深基坑与模板工程", "应急预案与事故处理", "安全文化建设"])],
            **_COMMON,
        },
    },
]


def _video(name: str) -> str | None:
    """A generated video stored under MEDIA_ROOT, made on the first run only. One video is
    generated and copied: encoding is what costs, and every demo lecture looks alike anyway."""
    path = Path(default_storage.path(name))
    if path.exists():
        return name
    master = Path(default_storage.path("courseware/demo/generated.mp4"))
    if not master.exists():
        master.parent.mkdir(parents=True, exist_ok=True)
        if integrations.make_video(master, seconds=DEMO_VIDEO_SECONDS) is None:
            return None
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(master, path)
    return name


def _attach_videos(application: CourseApplication, slug: str) -> bool:
    course = application.course
    for lecture in course.lectures.all():
        name = _video(f"courseware/demo/{slug}/lecture-{lecture.number:02d}.mp4")
        if name is None:
            return False
        lecture.video.name = name
        lecture.check_status = CheckStatus.PENDING
        lecture.save(update_fields=["video", "check_status"])
        services.attachment_check_run(kind="lecture", object_id=lecture.pk, name=name)
    name = _video(f"courseware/demo/{slug}/preview.mp4")
    if name is not None:
        course.preview_video.name = name
        course.preview_check_status = CheckStatus.PENDING
        course.save(update_fields=["preview_video", "preview_check_status"])
        services.attachment_check_run(kind="preview", object_id=course.pk, name=name)
    return True


def _advance(application: CourseApplication, stage: str, cast: Any) -> None:
    """Walks the application along the chain as the demo's people would have."""
    with transaction.atomic():
        application.round = 1
        application.submitted_at = clock.now()
        application.save(update_fields=["round", "submitted_at"])
        base_admin = getattr(cast, "base_weinan" if stage == "city" else "base_provincial")
        first = Status.CITY_REVIEW if stage == "city" else Status.PROVINCE_REVIEW
        services._move(application, actor=base_admin, action=Action.SUBMIT, authority=Authority.BASE,
                       to_status=first, opinion=application.applicant_opinion)
        if stage == "published":
            services._move(application, actor=cast.province_admin, action=Action.APPROVE,
                           authority=Authority.PROVINCE, to_status=Status.APPROVED, opinion="同意上线。")
            services.course_publish(actor=cast.province_admin, course=application.course)


def seed(cast: Any, stdout: Any) -> None:
    # Stored check reports and step labels speak the platform's language, whatever the shell's.
    with translation.override(settings.LANGUAGE_CODE):
        _seed(cast, stdout)


def _seed(cast: Any, stdout: Any) -> None:
    try:
        current_plan()
    except NotFound:
        stdout.write("catalog: no published plan; no demo courses")
        return
    for spec in COURSES:
        base = getattr(cast, spec["base"])
        if Course.objects.filter(base=base, title=spec["data"]["title"]).exists():
            continue
        application = services.application_create(actor=getattr(cast, spec["admin"]), data=spec["data"])
        if not _attach_videos(application, spec["slug"]):
            stdout.write("catalog: the video generator is not installed; demo lectures have no videos")
        _advance(application, spec["stage"], cast)
        stdout.write(f"catalog: {spec['data']['title']} ({application.get_status_display()})")
