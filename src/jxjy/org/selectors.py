from __future__ import annotations

from django.utils.translation import gettext as _

from jxjy.core.errors import NotFound

from .models import Division, DivisionAlias


def division_by_code(code: str) -> Division:
    """A division by its current or former code (旬阳县 610928 and 旬阳市 610981 are one)."""
    code = (code or "").strip()
    division = Division.objects.filter(code=code).first()
    if division is None:
        alias = DivisionAlias.objects.select_related("division").filter(code=code).first()
        division = alias.division if alias else None
    if division is None:
        raise NotFound(_("Unknown division code: %(code)s") % {"code": code}, code="unknown_division", detail={"code": code})
    return division
