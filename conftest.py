"""Root pytest configuration: shared fixtures live in quadrant/core/testing/fixtures.py."""

pytest_plugins = ["quadrant.core.testing.fixtures", "quadrant.core.testing.browser"]
