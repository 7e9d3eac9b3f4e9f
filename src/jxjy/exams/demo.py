"""Demo data: a full question bank for the demo course and an open enrolment for 李雁塔.

Idempotent: a second run finds the bank complete and the enrolment there, and adds nothing.
The questions are generated from a small glossary of software project management, so that
stems never repeat and every answer is right by construction.
"""

from __future__ import annotations

import random
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from jxjy.catalog.models import Course
from jxjy.core import clock
from jxjy.learning.models import Enrolment
from jxjy.plans.selectors import current_rules

from . import banks
from .selectors import bank_report
from .services import question_bank_store

DEMO_COURSE_TITLE = "软件工程项目管理实务"

# (knowledge area, term, definition)
GLOSSARY: tuple[tuple[str, str, str], ...] = (
    ("整合管理", "项目章程", "正式批准项目成立并授权项目经理动用组织资源的文件"),
    ("整合管理", "变更控制委员会", "负责审查、批准或否决项目变更请求的正式组织"),
    ("整合管理", "项目管理计划", "描述如何执行、监督和控制项目的综合性文件"),
    ("整合管理", "经验教训登记册", "记录项目中所获知识以供当前和未来项目借鉴的文件"),
    ("范围管理", "工作分解结构", "把项目可交付成果和工作逐层分解为较小、更易管理的组成部分的层级结构"),
    ("范围管理", "范围蔓延", "未经控制地扩大产品或项目范围，而未相应调整时间、成本和资源"),
    ("范围管理", "需求跟踪矩阵", "把产品需求从来源连接到满足需求的可交付成果的表格"),
    ("范围管理", "范围基准", "经批准的范围说明书、工作分解结构及其词典"),
    ("进度管理", "关键路径", "项目网络图中总持续时间最长、决定项目最短工期的活动序列"),
    ("进度管理", "总浮动时间", "在不延误项目完成日期的前提下，活动可以推迟的时间"),
    ("进度管理", "快速跟进", "把正常情况下按顺序进行的活动改为部分并行开展的进度压缩技术"),
    ("进度管理", "赶工", "通过增加资源、以最小成本代价压缩进度的技术"),
    ("成本管理", "挣值", "已完成工作的经批准预算"),
    ("成本管理", "成本绩效指数", "挣值与实际成本之比，用来衡量成本效率"),
    ("成本管理", "应急储备", "为已识别风险预留、包含在成本基准内的预算"),
    ("成本管理", "类比估算", "以过去类似项目的参数为基础估算当前项目的技术"),
    ("质量管理", "质量成本", "为预防不合格、评价是否合格以及处理不合格而付出的全部成本"),
    ("质量管理", "控制图", "用来判断过程是否稳定、绩效是否可预测的图形工具"),
    ("质量管理", "帕累托图", "按发生频率排序、用于找出造成大多数问题的少数原因的直方图"),
    ("质量管理", "代码评审", "由同行检查源代码以发现缺陷、改进设计的质量活动"),
    ("资源管理", "责任分配矩阵", "展示项目资源在各工作包中所承担职责的表格"),
    ("资源管理", "资源平衡", "根据资源限制调整活动开始和结束日期的技术"),
    ("资源管理", "塔克曼阶梯理论", "描述团队经历形成、震荡、规范、成熟和解散五个阶段的模型"),
    ("资源管理", "集中办公", "把团队成员安排在同一物理地点以增强协作的做法"),
    ("沟通管理", "沟通渠道数", "n 个相关方之间潜在沟通渠道的数量，即 n(n-1)/2"),
    ("沟通管理", "拉式沟通", "信息接收者自行访问信息库获取所需内容的沟通方式"),
    ("沟通管理", "推式沟通", "向需要信息的特定接收方主动发送信息的沟通方式"),
    ("沟通管理", "每日站会", "敏捷团队每天举行、同步进展和障碍的简短会议"),
    ("风险管理", "风险登记册", "记录已识别风险及其分析结果和应对措施的文件"),
    ("风险管理", "风险规避", "改变计划以消除威胁或使项目免受其影响的应对策略"),
    ("风险管理", "风险转移", "把威胁的影响和应对责任转给第三方的应对策略"),
    ("风险管理", "概率影响矩阵", "把风险发生概率与影响组合起来排列优先级的网格"),
    ("采购管理", "工作说明书", "对所需采购的产品、服务或成果的叙述性说明"),
    ("采购管理", "总价合同", "为明确定义的产品或服务设定固定总价的合同类型"),
    ("采购管理", "成本补偿合同", "向卖方支付实际成本外加一笔费用作为利润的合同类型"),
    ("采购管理", "自制或外购分析", "判断某项工作由团队自行完成还是从外部采购的分析"),
    ("相关方管理", "相关方登记册", "记录已识别相关方的身份、评估信息和分类的文件"),
    ("相关方管理", "权力利益方格", "按权力大小和利益高低对相关方进行分类的工具"),
    ("相关方管理", "相关方参与度评估矩阵", "比较相关方当前与期望参与程度的工具"),
    ("相关方管理", "产品负责人", "在 Scrum 中负责最大化产品价值并管理产品待办列表的角色"),
)
AREAS = tuple(dict.fromkeys(area for area, _, _ in GLOSSARY))


def _single(rng: random.Random) -> list[banks.QuestionData]:
    out = []
    for area, term, definition in GLOSSARY:
        others = [g for g in GLOSSARY if g[1] != term]
        lecture = AREAS.index(area) + 1
        picks = rng.sample(others, 3)
        for stem, right, wrong in (
            (f"“{definition}”，描述的是下列哪一个概念？", term, [g[1] for g in picks]),
            (f"下列关于“{term}”的说法，正确的是？", f"它是指{definition}", [f"它是指{g[2]}" for g in picks]),
            (f"“{term}”属于项目管理的哪个知识领域？", area, rng.sample([a for a in AREAS if a != area], 3)),
        ):
            options = [right, *wrong]
            rng.shuffle(options)
            keys = banks.OPTION_KEYS[:len(options)]
            out.append(banks.QuestionData(
                type=banks.SINGLE, stem=stem, options=tuple(zip(keys, options, strict=True)),
                answer=(keys[options.index(right)],), explanation=f"“{term}”是指{definition}。", lecture=lecture))
    return out


def _multiple(rng: random.Random) -> list[banks.QuestionData]:
    out = []
    templates = ("下列哪些属于“{area}”知识领域的概念？", "以下哪几项是“{area}”中使用的工具、文件或技术？",
                 "在软件项目中开展“{area}”时，会涉及下列哪些内容？")
    for template in templates:
        for lecture, area in enumerate(AREAS, start=1):
            members = [g[1] for g in GLOSSARY if g[0] == area]
            right = rng.sample(members, rng.choice((2, 3)))
            wrong = rng.sample([g[1] for g in GLOSSARY if g[0] != area], 5 - len(right))
            options = right + wrong
            rng.shuffle(options)
            keys = banks.OPTION_KEYS[:len(options)]
            answer = tuple(sorted(k for k, o in zip(keys, options, strict=True) if o in right))
            out.append(banks.QuestionData(
                type=banks.MULTIPLE, stem=template.format(area=area), options=tuple(zip(keys, options, strict=True)),
                answer=answer, explanation="、".join(right) + f"均属于{area}。", lecture=lecture))
    return out


def _true_false(rng: random.Random) -> list[banks.QuestionData]:
    out = []
    for area, term, definition in GLOSSARY:
        lecture = AREAS.index(area) + 1
        other = rng.choice([g for g in GLOSSARY if g[0] != area])
        out.append(banks.QuestionData(type=banks.TRUE_FALSE, stem=f"“{term}”是指{definition}。",
                                      options=(("T", "对"), ("F", "错")), answer=("T",), lecture=lecture))
        out.append(banks.QuestionData(type=banks.TRUE_FALSE, stem=f"“{term}”是指{other[2]}。",
                                      options=(("T", "对"), ("F", "错")), answer=("F",),
                                      explanation=f"这是“{other[1]}”的含义。", lecture=lecture))
    return out


def generate(wanted: dict[str, int]) -> list[banks.QuestionData]:
    """`wanted[type]` questions of each type, the same ones on every run; numbered repeats of
    the glossary questions make up any number beyond what it yields."""
    rng = random.Random(2020)
    pools = {banks.SINGLE: _single(rng), banks.MULTIPLE: _multiple(rng), banks.TRUE_FALSE: _true_false(rng)}
    out = []
    for qtype, pool in pools.items():
        for i in range(wanted.get(qtype, 0)):
            q = pool[i % len(pool)]
            round_ = i // len(pool)
            if round_:
                q = banks.QuestionData(type=q.type, stem=f"{q.stem}（练习{round_ + 1}）", options=q.options,
                                       answer=q.answer, explanation=q.explanation, lecture=q.lecture)
            out.append(q)
    return out


def seed(cast: Any, stdout: Any) -> None:
    course = Course.objects.filter(title=DEMO_COURSE_TITLE, base=cast.provincial_base).first()
    if course is None:
        stdout.write(_("Exams: the demo course “%(title)s” is not there yet; no question bank seeded") % {
            "title": DEMO_COURSE_TITLE})
        return
    rules = current_rules()
    report = bank_report(course=course, exam_rules=rules.exam)
    if not report["ok"]:
        wanted = {t: report["counts"][t] + report["required"][t] for t in banks.TYPES}
        result = question_bank_store(actor=None, course=course, questions=generate(wanted), mode="extend")
        stdout.write(_("Exams: %(total)s questions added to “%(title)s”") % {
            "total": result["imported"]["total"], "title": course.title})
    _enrol(cast, course, rules.year, stdout)


def _enrol(cast: Any, course: Course, year: int, stdout: Any) -> None:
    from jxjy.learning.services import enrolment_activate, enrolment_create

    learner = cast.learner_yanta.learner
    if Enrolment.objects.filter(learner=learner, course=course, year=year).exclude(
            status=Enrolment.Status.CANCELLED).exists():
        return
    with transaction.atomic():
        if course.is_published:
            enrolment = enrolment_activate(enrolment=enrolment_create(learner=learner, course=course, year=year))
        else:
            # The course is still in production in this demo; the learner is enrolled all the same
            # so that the exam can be shown.
            enrolment = Enrolment.objects.create(learner=learner, course=course, year=year,
                                                 status=Enrolment.Status.ACTIVE, activated_at=clock.now())
    stdout.write(_("Exams: %(name)s enrolled in “%(title)s” (%(year)s)") % {
        "name": learner.name, "title": course.title, "year": enrolment.year})
