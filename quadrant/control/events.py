"""Events of the control component that other parts of Quadrant listen to."""

from django.dispatch import Signal

# Sent after a commit that inserted or changed observations: measure_ids, actor, route.
observations_changed = Signal()
