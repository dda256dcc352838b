"""What the control component adds to the shell."""

from quadrant.control import watch  # noqa: F401  (issue 6: icons, signals, summary, digest)
from quadrant.control.models import Measure
from quadrant.core.registry import (
    NavItem,
    SearchProvider,
    register_nav,
    register_search,
)

register_nav(NavItem("Measures", "control:measures", order=20))
register_search(
    SearchProvider(
        "Measures",
        Measure,
        ("name", "code"),
        describe=lambda measure: f"{measure.code} · {measure.get_frequency_display()}",
    )
)
