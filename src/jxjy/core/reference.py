"""Reference data shipped with the code: divisions, specialties, the published plans and the
privacy policy's first version.

Loaded after every migrate (and after a test database is flushed), idempotently, so a fresh
database is never without the province's divisions or the year's rules.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.db import transaction

ORG_DATA = Path(__file__).resolve().parent.parent / "org" / "data"
SHIPPED_PLAN_YEARS = [2020]


def reference_data_load(**_: Any) -> None:
    from jxjy.accounts.privacy import policy_load_shipped
    from jxjy.org.models import Division, DivisionAlias, Specialty
    from jxjy.plans.services import plan_load_shipped

    with transaction.atomic():
        doc = json.loads((ORG_DATA / "divisions_61.json").read_text(encoding="utf-8"))
        by_code = {d.code: d for d in Division.objects.all()}
        for item in doc["divisions"]:
            division = by_code.get(item["code"])
            parent = by_code.get(item["parent"]) if item["parent"] else None
            if division is None:
                division = Division.objects.create(code=item["code"], name=item["name"], kind=item["kind"],
                                                   parent=parent)
                by_code[division.code] = division
            for alias in item["aliases"]:
                DivisionAlias.objects.get_or_create(code=alias["code"],
                                                    defaults={"name": alias["name"], "division": division})
        specialties = json.loads((ORG_DATA / "specialties.json").read_text(encoding="utf-8"))["specialties"]
        existing = set(Specialty.objects.values_list("code", flat=True))
        Specialty.objects.bulk_create([Specialty(code=c, name=n) for c, n in specialties if c not in existing])
        for year in SHIPPED_PLAN_YEARS:
            plan_load_shipped(year=year)
        policy_load_shipped()
