from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _


def platform(request: HttpRequest) -> dict[str, Any]:
    return {"PLATFORM_NAME": _("Shaanxi Continuing Education Platform for Professional and Technical Personnel")}
