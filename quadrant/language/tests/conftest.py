"""Language tests start from what Quadrant ships (a transactional test elsewhere may have
flushed the rows the data migration wrote)."""

import pytest

from quadrant.language.defaults import install_defaults


@pytest.fixture(autouse=True)
def shipped_language(db):
    install_defaults()
