"""Signals community sends for other apps (community imports none of them).

`consent_round_closed(sender=ConsentRound, round=<ConsentRound>, actor=<user>)` is sent inside
the closing transaction, so a listener's writes commit or roll back with the outcome
(knowledge marks an amendment rejected or withdrawn with it).
"""

from django.dispatch import Signal

consent_round_closed = Signal()
