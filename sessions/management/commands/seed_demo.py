"""`manage.py seed_demo`: demo data. The small demo is in sessions/demo/; the Hanoi-scale generator, which only
the benchmarks and the --scale/--profile options use, in bench/hanoi_scale.py. The demo logins are always printed."""

from django.core.management.base import BaseCommand, CommandError

from bench import hanoi_scale
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
            choices=tuple(hanoi_scale.PROFILES),
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

    def handle(self, *args, scale, seed, profile, fraction, year, if_empty, **options):
        scale = profile or scale
        try:
            if scale == "small":
                builder = demo.SmallDemo(seed=seed, out=self.stdout.write)
            else:
                builder = hanoi_scale.HanoiYear(
                    seed=seed,
                    fraction=fraction,
                    year=year,
                    out=self.stdout.write,
                    profile=hanoi_scale.PROFILES.get(scale, hanoi_scale.HANOI_YEAR),
                )
            demo.write(builder, scale=scale, seed=seed, if_empty=if_empty, out=self.stdout.write)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        finally:
            for line in demo.login_lines():
                self.stdout.write(line)
