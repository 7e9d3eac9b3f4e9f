"""What billing tells other apps. Sent after the transaction that made the change commits.

- `order_paid`: sender=Order, order=order. Sent once per order, when its payment is recorded
  (or at once for a free order).
- `order_closed`: sender=Order, order=order, status="REFUNDED"|"CANCELLED"|"EXPIRED".
- `order_refund_check`: sender=Order, order=order. Sent before a refund, inside its
  transaction; a receiver raises a DomainError (e.g. Conflict) to refuse it, as learning does
  for a session already attended. Enrolment orders are checked by billing itself.
"""

from django.dispatch import Signal

order_paid = Signal()
order_closed = Signal()
order_refund_check = Signal()
