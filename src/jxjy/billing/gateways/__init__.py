"""Payment gateways by name. A new adapter subclasses `Gateway` and is added to GATEWAYS."""

from __future__ import annotations

from django.utils.translation import gettext as _

from jxjy.billing import conf
from jxjy.core.errors import NotFound

from .base import Gateway
from .sandbox import SandboxGateway

GATEWAYS: dict[str, type[Gateway]] = {"sandbox": SandboxGateway}


def is_active(name: str) -> bool:
    if name == "sandbox":
        return conf.sandbox_active()
    return name in GATEWAYS


def get_gateway(name: str) -> Gateway:
    """The named gateway, if it exists and is switched on here."""
    if name not in GATEWAYS or not is_active(name):
        raise NotFound(_("Unknown payment gateway"), code="gateway_not_found", detail={"gateway": name})
    return GATEWAYS[name]()
