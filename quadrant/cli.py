"""The `quadrant` command: set-up and operations.

`quadrant spc ...` runs the statistics engine without Django or a database; every other
subcommand is the Django management command of that name (`quadrant demo`, `quadrant migrate`).
"""

from __future__ import annotations

import os
import sys

NO_DATABASE_COMMANDS = {"spc"}


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv if argv is None else argv)
    command = args[1] if len(args) > 1 else "help"
    if command in NO_DATABASE_COMMANDS:
        from quadrant.spc.cli import main as spc_main

        return spc_main(args[2:])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quadrant.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["quadrant", *args[1:]])
    return 0


if __name__ == "__main__":
    sys.exit(main())
