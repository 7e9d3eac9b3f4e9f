"""What the public service tells other apps. Sent at the end of the service, after its transaction.

- `complaint_filed`, `complaint_accepted`, `complaint_resolved`: sender=Complaint,
  complaint=complaint. Receivers defer their work to the commit.
"""

from django.dispatch import Signal

complaint_filed = Signal()
complaint_accepted = Signal()
complaint_resolved = Signal()
