"""The plan's equivalent-hours claim types (同等学时认证) as data: checking what an administrator
enters, and reading it back as `EquivalentRules`.

Stored on `AnnualPlan.equivalent_claims` as
`{"note": "...", "yearly_cap": 56, "types": [{"code", "name", "category", "max_hours_per_claim",
"yearly_cap"}, ...]}`; `{}` means the year takes no claims. Hours are numbers with at most one
decimal, like the ledger's.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from .rules import ClaimType, EquivalentRules

CATEGORIES = ("PUBLIC", "PROFESSIONAL")
_CODE = re.compile(r"^[A-Z][A-Z0-9_]{0,29}$")


def _number(value: Any) -> Decimal | None:
    if isinstance(value, bool) or value is None or value == "":
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    if not number.is_finite() or number <= 0 or number != number.quantize(Decimal("0.1")) or number >= 10000:
        return None
    return number


def _json_number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def claim_types_clean(data: Any) -> tuple[dict[str, Any], list[str]]:
    """Checks the claim-type data; returns it normalised and every problem found (Chinese)."""
    if data in (None, "", {}, []):
        return {}, []
    if not isinstance(data, dict):
        return {}, [_('Equivalent-hours claims must be an object {"yearly_cap", "types": [...]}')]
    problems: list[str] = []
    out: dict[str, Any] = {}
    if data.get("note"):
        out["note"] = str(data["note"])[:1000]
    overall = data.get("yearly_cap")
    if overall not in (None, ""):
        cap = _number(overall)
        if cap is None:
            problems.append(_("The overall yearly cap must be a number of hours above 0, with at most one decimal"))
        else:
            out["yearly_cap"] = _json_number(cap)
    types = data.get("types") or []
    if not isinstance(types, list):
        return out, [*problems, _("The claim types must be a list")]
    seen: set[str] = set()
    cleaned = []
    for index, item in enumerate(types, start=1):
        if not isinstance(item, dict):
            problems.append(_("Claim type %(n)s must be an object") % {"n": index})
            continue
        code = str(item.get("code") or "").strip()
        label = code or str(index)
        if not _CODE.match(code):
            problems.append(_("Claim type %(n)s: the code must be capital letters, digits or _ (at most 30)")
                            % {"n": label})
        elif code in seen:
            problems.append(_("Claim type %(n)s appears twice") % {"n": label})
        seen.add(code)
        name = str(item.get("name") or "").strip()
        if not name:
            problems.append(_("Claim type %(n)s: give its name") % {"n": label})
        category = str(item.get("category") or "")
        if category not in CATEGORIES:
            problems.append(_("Claim type %(n)s: the category must be PUBLIC or PROFESSIONAL") % {"n": label})
        per_claim = _number(item.get("max_hours_per_claim"))
        yearly = _number(item.get("yearly_cap"))
        if per_claim is None:
            problems.append(_("Claim type %(n)s: the hours per claim must be a number above 0, with at most one "
                              "decimal") % {"n": label})
        if yearly is None:
            problems.append(_("Claim type %(n)s: the yearly cap must be a number above 0, with at most one "
                              "decimal") % {"n": label})
        if per_claim is not None and yearly is not None and per_claim > yearly:
            problems.append(_("Claim type %(n)s: the hours per claim may not exceed the yearly cap") % {"n": label})
        if per_claim is not None and yearly is not None:
            cleaned.append({"code": code, "name": name[:100], "category": category,
                            "max_hours_per_claim": _json_number(per_claim), "yearly_cap": _json_number(yearly)})
    out["types"] = cleaned
    return out, problems


def equivalent_rules(data: Any) -> EquivalentRules:
    """The stored (already checked) data as the plain value the claim core reads."""
    if not isinstance(data, dict):
        return EquivalentRules()
    overall = data.get("yearly_cap")
    return EquivalentRules(
        types=tuple(ClaimType(code=t["code"], name=t["name"], category=t["category"],
                              max_hours_per_claim=Decimal(str(t["max_hours_per_claim"])),
                              yearly_cap=Decimal(str(t["yearly_cap"])))
                    for t in data.get("types") or []),
        yearly_cap=None if overall in (None, "") else Decimal(str(overall)))
