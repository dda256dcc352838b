"""`quadrant history verify|checkpoint`: the old name of `quadrant history`, kept for one release
so that scripts written against it go on working."""

from quadrant.core.management.commands.history import Command as HistoryCommand


class Command(HistoryCommand):
    help = "Old name of `quadrant history verify|checkpoint`; use that instead."
