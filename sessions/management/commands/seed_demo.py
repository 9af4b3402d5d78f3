"""`manage.py seed_demo`: demo data (sessions/demo.py holds the logic); the demo logins are always printed."""

from django.core.management.base import BaseCommand, CommandError

from sessions import demo


class Command(BaseCommand):
    help = (
        "Seed realistic demo data: a small centre around today (default, through the services) or one past year "
        "at Hanoi's size (--scale hanoi-year, bulk), or a named profile meeting published figures exactly "
        "(--profile hanoi-2024-jan-sep: Hanoi, 1 January – 30 September 2024, bulk). "
        "Deterministic for a seed; a second run creates nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=demo.DEFAULT_SEED, help="random seed (default 2026)")
        parser.add_argument("--scale", choices=demo.SCALES, default="small")
        parser.add_argument(
            "--profile",
            choices=tuple(demo.PROFILES),
            help="bulk data meeting a profile's targets exactly over its period (replaces --scale)",
        )
        parser.add_argument(
            "--if-empty", action="store_true", help="do nothing (but print the logins) if any session exists"
        )
        parser.add_argument(
            "--fraction",
            type=float,
            default=1.0,
            help="hanoi-year or --profile: seed this fraction of the volume (e.g. 0.01 for a quick check)",
        )
        parser.add_argument("--year", type=int, help="hanoi-year only: the past calendar year (default: last year)")

    def handle(self, *args, **options):
        try:
            demo.run(
                scale=options["scale"],
                seed=options["seed"],
                fraction=options["fraction"],
                year=options["year"],
                profile=options["profile"],
                if_empty=options["if_empty"],
                out=self.stdout.write,
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        finally:
            for line in demo.login_lines():
                self.stdout.write(line)
