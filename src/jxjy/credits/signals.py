"""What credits tells other apps. Sent at the end of the service, after its transaction.

- `claim_decided`: sender=EquivalentHoursClaim, claim=claim. An employer approved or rejected an
  equivalent-hours claim (`claim.status` says which). Receivers defer their work to the commit.
"""

from django.dispatch import Signal

claim_decided = Signal()
