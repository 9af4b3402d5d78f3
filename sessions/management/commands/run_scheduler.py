"""The embedded scheduler: plays Celery beat in-process when there is no Redis (`make run`).

Each period it runs the same tasks beat would send to the worker; with no REDIS_URL, Celery runs tasks inline,
so due notifications are delivered here through the configured mail and SMS backends.
"""

import logging
import signal
import time

from django.conf import settings
from django.core.management.base import BaseCommand

from sessions.notifications.delivery import notifications_sweep_task
from sessions.notifications.invitations import session_invitations_write_task
from sessions.notifications.outbox import (
    no_shows_follow_up_task,
    outcome_requests_schedule_task,
    registration_openings_announce_task,
)
from sessions.services.scheduling import sessions_complete_ended_task
from sessions.services.surveys import survey_invitations_send_task

logger = logging.getLogger(__name__)

# (task, beat entry): the sweep runs every tick so notices go out within seconds; the others on beat's period.
JOBS = (
    (notifications_sweep_task, None),
    (sessions_complete_ended_task, "complete-ended-sessions"),
    (outcome_requests_schedule_task, "schedule-outcome-requests"),
    (registration_openings_announce_task, "announce-registration-openings"),
    (no_shows_follow_up_task, "follow-up-no-shows"),
    (session_invitations_write_task, "write-session-invitations"),
    (survey_invitations_send_task, "send-survey-invitations"),
)


class Command(BaseCommand):
    help = (
        "Run the periodic jobs (notification sweep, session completion, outcome requests, survey invitations) in "
        "this process."
    )

    def add_arguments(self, parser):
        parser.add_argument("--tick", type=float, default=10.0, help="Seconds between checks (default 10).")
        parser.add_argument("--once", action="store_true", help="Run every job once and exit.")

    def handle(self, *args, tick, once, **options):
        if settings.REDIS_URL and not once:
            self.stderr.write("REDIS_URL is set: run `celery -A jobfair beat` and a worker instead.")
            return
        stopping = []
        signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
        last_run = {}
        if options["verbosity"] > 0:  # `make run` passes 0 so the demo logins stay the last lines printed
            self.stdout.write(f"Embedded scheduler running (every {tick:g}s); Ctrl-C to stop.")
        while not stopping:
            now = time.monotonic()
            for task, beat_entry in JOBS:
                period = settings.CELERY_BEAT_SCHEDULE[beat_entry]["schedule"] if beat_entry else 0
                if task.name in last_run and now - last_run[task.name] < period:
                    continue
                last_run[task.name] = now
                try:
                    task.apply()
                except Exception:  # one failing job must not stop the others
                    logger.exception("scheduled job %s failed", task.name)
            if once:
                return
            try:
                time.sleep(tick)
            except KeyboardInterrupt:
                return
