"""The append-only audit log of administrators' and reviewers' writes."""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from typing import Any

from django.db import models

from . import clock
from .middleware import current
from .models import AuditEntry

# Personal data never enters the log in clear.
_MASKED_FIELDS = {"id_number": "mask_id_number", "phone": "mask_phone"}


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    return value


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """The concrete field values of a model instance, masked, as JSON-ready data."""
    from . import masking

    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        if field.name in {"password"}:
            continue
        value = getattr(obj, field.attname)
        if field.name in _MASKED_FIELDS and value:
            value = getattr(masking, _MASKED_FIELDS[field.name])(value)
        data[field.name] = _jsonable(value)
    return data


def audit_record(*, actor: Any, action: str, obj: models.Model | None = None, object_type: str = "",
                 object_id: str = "", before: dict[str, Any] | None = None,
                 after: dict[str, Any] | None = None) -> AuditEntry:
    """Record one write. Call inside the same transaction as the write it describes."""
    if obj is not None:
        object_type = object_type or obj._meta.label
        object_id = object_id or str(obj.pk)
    return AuditEntry.objects.create(
        at=clock.now(),
        actor=actor if getattr(actor, "pk", None) else None,
        actor_name=getattr(actor, "username", "") or "",
        role=getattr(actor, "role", "") or "",
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=str(obj)[:200] if obj is not None else "",
        before=_jsonable(before) if before is not None else None,
        after=_jsonable(after) if after is not None else None,
        ip=current().ip,
    )
