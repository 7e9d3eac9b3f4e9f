"""What reviews tells other apps. Sent at the end of the service.

- `round_opened`: sender=ReviewRound, review_round=review_round. The province opened a base
  review round (its reviews exist). Receivers defer their work to the commit.
"""

from django.dispatch import Signal

round_opened = Signal()
