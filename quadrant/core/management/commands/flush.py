"""Django's flush, aware of the append-only guards on the change history and the security log.

Outside the test suite this is exactly Django's flush, and the database refuses it: history rows
are never deleted (reset the demo or restore a backup by replacing the whole database).

Under QUADRANT_ENV=test, Django's TransactionTestCase (pytest-django's `transactional_db` and
`live_server`) empties every table after each test by calling this command. The test database
is throw-away, so here the guards are lifted and put back around the flush, all inside ONE
transaction: no other connection ever sees an unguarded table.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.commands import flush
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from quadrant.core.integrity.guards import guards_lifted_for_test_flush


class Command(flush.Command):
    def handle(self, **options: Any) -> None:
        if not settings.TESTING:
            super().handle(**options)
            return
        alias = options.get("database") or DEFAULT_DB_ALIAS
        connection = connections[alias]
        with transaction.atomic(using=alias), guards_lifted_for_test_flush(connection):
            super().handle(**options)
