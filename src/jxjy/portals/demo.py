"""Portal sign-in's demo data: the people the sandbox portals know, so that a newcomer can sign
in through 「政务服务网登录」 as a demo learner (linked by ID number), register as a new person
with the name and ID number prefilled, or come from WeChat and link by password.
Idempotent: people are found by ID number."""

from __future__ import annotations

from typing import Any

from jxjy.accounts.validators import make_id_number
from jxjy.core.personas import Cast

from .models import SandboxPerson


def seed(cast: Cast, stdout: Any) -> None:
    people = [(u.learner.name, u.learner.id_number, u.learner.phone, "learner_yanta" if u == cast.learner_yanta
               else "learner_baishui") for u in (cast.learner_yanta, cast.learner_baishui)]
    people.append(("赵新人", make_id_number("610113", "19930101", "456"), "13700000003", "未注册"))
    created = 0
    for name, id_number, phone, note in people:
        _person, made = SandboxPerson.objects.get_or_create(id_number=id_number,
                                                            defaults={"name": name, "phone": phone, "note": note})
        created += made
    stdout.write(f"portals: {created} sandbox portal people added ({SandboxPerson.objects.count()} in all)")
