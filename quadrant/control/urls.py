"""Routes of the control component (namespace `control`).

The measure chart, summary matrix and signal routes live in insight_urls.py (issue 6) and are
added here; measures, data entry and imports (issue 5) add their own patterns to this list.
"""

from quadrant.control import insight_urls

app_name = "control"

urlpatterns = [
    *insight_urls.urlpatterns,
]
