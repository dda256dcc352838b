"""`quadrant demo`: migrate, seed the demo organisation once, and serve it with its worker."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from quadrant.demo.generator import SCALES, current_seed, seed_demo
from quadrant.demo.people import NAMED_ACCOUNTS


class Command(BaseCommand):
    help = "Seed the demo organisation (once) and serve it with its background worker."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--port", type=int, default=8000, help="port to serve on (8000)")
        parser.add_argument("--host", default="127.0.0.1", help="address to serve on")
        parser.add_argument(
            "--reset", action="store_true", help="rebuild the whole database, then seed it"
        )
        parser.add_argument("--scale", choices=sorted(SCALES), default="demo")
        parser.add_argument("--no-serve", action="store_true", help="only migrate and seed")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["reset"]:
            from quadrant.demo.database import wipe_database

            self.say(wipe_database())
        call_command("migrate", interactive=False, verbosity=0)
        seeded = current_seed()
        if seeded is None:
            self.say(f"Seeding the demo organisation ({options['scale']} scale)…")
            seed_demo(options["scale"], log=self.say)
        elif seeded.scale != options["scale"]:
            self.say(
                f"The database already holds the {seeded.scale} demo organisation; "
                f"run with --reset --scale {options['scale']} to rebuild it."
            )
        else:
            self.say(f"Already seeded: {seeded}.")
        if options["no_serve"]:
            return
        call_command("collectstatic", interactive=False, verbosity=0)
        self.banner(options["host"], options["port"])
        from quadrant.demo.serve import serve

        status = serve(options["host"], options["port"], log=self.say)
        if status:
            raise CommandError(f"The demo stopped with exit status {status}.")

    def say(self, message: str) -> None:
        self.stdout.write(message)

    def banner(self, host: str, port: int) -> None:
        url = f"http://{host}:{port}/"
        usernames = ", ".join(NAMED_ACCOUNTS)
        lines = [
            "",
            f"  Quadrant demo: {url}",
            f"  Log in as {usernames}",
            f"  with the password {settings.QUADRANT_DEMO_PASSWORD}",
            "  Press Ctrl-C to stop.",
            "",
        ]
        self.stdout.write(self.style.SUCCESS("\n".join(lines)))
