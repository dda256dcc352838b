"""What the control component adds to the shell."""

from typing import Any

from quadrant.control.measures.models import Measure
from quadrant.control.signals import watch  # noqa: F401  (recalculation, signals, digest)
from quadrant.core.registry import (
    HomeSection,
    NavItem,
    SearchProvider,
    register_home_section,
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


def failed_feeds(user: object) -> dict[str, Any] | None:
    """Data feeds that failed, for their owner and the owners of their measures."""
    from quadrant.control.intake.feeds import failed_feeds_for

    feeds = list(failed_feeds_for(user)[:10])
    return {"feeds": feeds} if feeds else None


register_home_section(
    HomeSection("Data feeds that failed", "control/includes/home_feeds.html", 15, failed_feeds)
)
