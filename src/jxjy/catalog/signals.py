"""What catalog tells other apps. Sent at the end of the service, after its transaction.

- `application_moved`: sender=CourseApplication, application=application. A base submitted an
  application or an authority reviewed it (`application.status` says where it is now).
  Receivers defer their work to the commit.
"""

from django.dispatch import Signal

application_moved = Signal()
