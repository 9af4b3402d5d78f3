"""The Celery app. With REDIS_URL set a real worker and beat deliver; without it tasks run inline (embedded
mode) and `manage.py run_scheduler` plays beat inside the `make run` process group."""

import os

from celery import Celery
from celery.signals import beat_init, worker_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobfair.settings")

app = Celery("jobfair")
app.config_from_object("django.conf:settings", namespace="CELERY")


@worker_init.connect
@beat_init.connect
def _refuse_insecure_start(**kwargs):
    from django.core.exceptions import ImproperlyConfigured

    from jobfair.production import refuse_insecure_start

    try:
        refuse_insecure_start()
    except ImproperlyConfigured as exc:
        raise SystemExit(str(exc)) from None  # Celery logs and swallows an Exception from a signal, not this
