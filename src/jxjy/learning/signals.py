"""Billing's order signals, as they concern in-person session registrations.

An order of kind SESSION names a registration by `reference_id`: paid confirms the place,
closed (refunded, cancelled, expired) frees it, and a refund is refused once the session began.
"""

from __future__ import annotations

from typing import Any

SESSION = "SESSION"


def _registration_id(order: Any) -> int | None:
    if getattr(order, "kind", None) != SESSION:
        return None
    return getattr(order, "reference_id", None)


def on_order_paid(sender: Any, order: Any = None, **kwargs: Any) -> None:
    from .services import registration_confirm

    registration_id = _registration_id(order)
    if registration_id is not None:
        registration_confirm(registration_id=registration_id)


def on_order_closed(sender: Any, order: Any = None, **kwargs: Any) -> None:
    from .services import registration_cancel

    registration_id = _registration_id(order)
    if registration_id is not None:
        registration_cancel(registration_id=registration_id)


def on_order_refund_check(sender: Any, order: Any = None, **kwargs: Any) -> None:
    from .services import registration_refund_check

    registration_id = _registration_id(order)
    if registration_id is not None:
        registration_refund_check(registration_id=registration_id)


def connect() -> None:
    try:
        from jxjy.billing import signals
    except ImportError:  # billing not installed: sessions then cannot be paid, nothing to hear
        return
    signals.order_paid.connect(on_order_paid, dispatch_uid="learning.order_paid")
    signals.order_closed.connect(on_order_closed, dispatch_uid="learning.order_closed")
    refund_check = getattr(signals, "order_refund_check", None)
    if refund_check is not None:
        refund_check.connect(on_order_refund_check, dispatch_uid="learning.order_refund_check")
