"""The Celery app. With REDIS_URL set a real worker and beat deliver; without it tasks run inline (embedded
mode) and `manage.py run_scheduler` plays beat inside the `make run` process group."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobfair.settings")

app = Celery("jobfair")
app.config_from_object("django.conf:settings", namespace="CELERY")
