"""Signals other components listen to (the SPC summary and signal detection of issue 6)."""

from django.dispatch import Signal

# Sent after a commit that inserted or changed observations: measure_ids, actor, route.
observations_changed = Signal()
