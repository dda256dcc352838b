"""`quadrant history verify|checkpoint`: the change history's name for `quadrant audit`."""

from quadrant.core.management.commands.audit import Command as AuditCommand


class Command(AuditCommand):
    help = "Check and anchor the change history: `quadrant history verify|checkpoint`."
