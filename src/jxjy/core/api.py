from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from jxjy.accounts.access import require_role
from jxjy.accounts.models import User

from .models import AuditEntry

router = Router(tags=["audit"])


def audit_out(e: AuditEntry) -> dict:
    return {"id": e.pk, "at": e.at, "actor": e.actor_name, "role": e.role, "action": e.action,
            "object_type": e.object_type, "object_id": e.object_id, "object": e.object_repr,
            "before": e.before, "after": e.after, "ip": e.ip}


@router.get("/audit")
def audit_list(request: HttpRequest, object_type: str = "", object_id: str = "", action: str = "",
               actor: str = "", limit: int = 50, offset: int = 0) -> dict:
    """The audit log, newest first; province administrators only."""
    require_role(request.auth, User.Role.PROVINCE_ADMIN)  # type: ignore[attr-defined]
    qs = AuditEntry.objects.all()
    if object_type:
        qs = qs.filter(object_type=object_type)
    if object_id:
        qs = qs.filter(object_id=object_id)
    if action:
        qs = qs.filter(action__startswith=action)
    if actor:
        qs = qs.filter(actor_name=actor)
    limit = max(1, min(limit, 200))
    return {"count": qs.count(), "items": [audit_out(e) for e in qs[offset:offset + limit]]}
