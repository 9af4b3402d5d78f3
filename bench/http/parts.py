"""What each part of a registration costs, in-process (`python -m bench.http.parts`): the registration through the API
with one part switched off (bench/http/without.py: notices, throttle, answer) against the project's own,
request by request in turns, so that both halves see the same machine at the same moment.

The HTTP bench's figures move by a tenth from one run to the next on a shared 2-core machine; a part costing 5 % of
a registration is lost in that. Here each pair of requests is two job seekers registering, one with the part on and
one with it off, for two sessions of the same seats (a quarter of the attempts get one, as in the burst); the
processor time of this process (Python: Django, DRF, the project; not PostgreSQL or Redis) is taken for each
request. It prints the mean and median of each half and their difference, then the whole registration, the floor
(baseline.RegistrationFloor) and the one-row POST, taken in turns the same way, for scale.

Same database, settings and Redis as `python -m bench.http` (which seeds the database when it is missing):

    cd /work/main && .venv/bin/python -m bench.http.parts [--pairs 400]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

from bench.http import run

WARM_UP = 20  # requests per half not counted: the first of each kind builds what Django caches


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.http.parts", description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=int, default=400, help="counted pairs of requests per part (default 400)")
    return parser.parse_args(argv)


def _post(client, path: str, token: str, body: bytes = b"{}") -> float:
    started = time.process_time()
    response = client.post(path, body, content_type="application/json", secure=True, HTTP_AUTHORIZATION=token)
    spent = time.process_time() - started
    if response.status_code != 201:
        raise SystemExit(f"POST {path} answered {response.status_code}: {response.content[:300]!r}")
    return spent


def in_turns(client, paths: list[str], tokens: list[str], bodies: list[bytes], before=None) -> list[list[float]]:
    """Request the paths in turns, one token each, and return the processor seconds of each path's counted requests.
    `before(n)` runs ahead of each request to path n (switching a part on or off)."""
    spent: list[list[float]] = [[] for _ in paths]
    for number, token in enumerate(tokens):
        which = number % len(paths)
        if before is not None:
            before(which)
        seconds = _post(client, paths[which], token, bodies[which])
        if number >= WARM_UP * len(paths):
            spent[which].append(seconds)
    return spent


def ms(values: list[float], how) -> float:
    return how(values) * 1000


def spread_of_difference(first: list[float], second: list[float]) -> float:
    """Twice the standard error of the difference of the two means, in ms (about a 95 % interval)."""
    return 2000 * (statistics.variance(first) / len(first) + statistics.variance(second) / len(second)) ** 0.5


def main(argv=None) -> None:
    options = parse_args(argv)
    sys.stdout.reconfigure(line_buffering=True)
    bench_args = run.parse_args([])
    environment = run.server_environment(bench_args)
    run.prepare_database(bench_args.database_url, reseed=False)
    os.environ.update(environment)

    import django

    django.setup()
    import redis
    from django.test import Client

    from bench.http.without import PARTS, switch_off

    redis.Redis.from_url(bench_args.redis_url).flushdb()
    run.ensure_data()
    run.cleanup()
    count = 2 * (options.pairs + WARM_UP)
    tokens = [f"Bearer {token}" for token in run.people_with_tokens(max(count, 3 * (options.pairs + WARM_UP)))]
    client = Client(HTTP_HOST="127.0.0.1")
    seats = (options.pairs + WARM_UP) // 4
    print(f"What each part of a registration costs in this process (processor ms a request; {options.pairs} pairs)")
    print(f"{'part':<12} {'with (mean / median)':>22} {'without':>18} {'the part (mean, ± 2 SE)':>24}")
    try:
        for serial, part in enumerate(PARTS):
            sessions = [run.new_burst_session(seats, 10 + 2 * serial), run.new_burst_session(seats, 11 + 2 * serial)]
            switched_on = None

            def before(which, part=part):
                nonlocal switched_on
                if which == 0 and switched_on is not None:
                    switched_on()
                    switched_on = None
                elif which == 1 and switched_on is None:
                    switched_on = switch_off([part])

            paths = [f"/api/v1/sessions/{session.pk}/registrations/" for session in sessions]
            try:
                with_part, without_part = in_turns(client, paths, tokens[:count], [b"{}", b"{}"], before)
            finally:
                if switched_on is not None:
                    switched_on()
            print(
                f"{part:<12} {ms(with_part, statistics.mean):>10.2f} / {ms(with_part, statistics.median):<9.2f}"
                f" {ms(without_part, statistics.mean):>8.2f} / {ms(without_part, statistics.median):<7.2f}"
                f" {ms(with_part, statistics.mean) - ms(without_part, statistics.mean):>14.2f}"
                f" ± {spread_of_difference(with_part, without_part):.2f}"
            )
        registration_session, floor_session = run.new_burst_session(seats, 30), run.new_burst_session(seats, 31)
        one_row = b'{"action": "bench.one_row", "object_type": "bench", "object_id": "1", "data": {"n": 1}}'
        whole, floor, bare = in_turns(
            client,
            [
                f"/api/v1/sessions/{registration_session.pk}/registrations/",
                f"/bench/registration-floor/{floor_session.pk}/",
                "/bench/one-row/",
            ],
            tokens[: 3 * (options.pairs + WARM_UP)],
            [b"{}", b"{}", one_row],
        )
        print()
        print(f"{'for scale, in turns':<34} {'mean':>8} {'median':>8}")
        for label, values in (("the registration (all parts on)", whole), ("the floor", floor), ("one-row POST", bare)):
            print(f"{label:<34} {ms(values, statistics.mean):>8.2f} {ms(values, statistics.median):>8.2f}")
    finally:
        run.cleanup()
        redis.Redis.from_url(bench_args.redis_url).flushdb()


if __name__ == "__main__":
    main()
