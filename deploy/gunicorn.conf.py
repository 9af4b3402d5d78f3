"""gunicorn for the web nodes (issue 14 item 1): `gunicorn -c deploy/gunicorn.conf.py jobfair.wsgi`.

Sync workers (DESIGN §8): 2 × cores + 1, at most MAX_WORKERS, or WEB_CONCURRENCY. Everything from the environment.
"""

import multiprocessing
import os
import shutil

MAX_WORKERS = 12

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY") or min(2 * multiprocessing.cpu_count() + 1, MAX_WORKERS))
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))  # a PDF of a job day's booths takes a few seconds
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))  # finish answers on a restart
keepalive = 5  # nginx keeps upstream connections open
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))  # bounds a slow leak
max_requests_jitter = 200  # the workers do not all restart at once
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
errorlog = "-"
# The request id nginx sends (and the app echoes) ties the access line to the app's JSON log lines.
access_log_format = (
    '{"time": "%(t)s", "request_id": "%({x-request-id}o)s", "remote": "%(h)s", "method": "%(m)s", '
    '"path": "%(U)s", "status": %(s)s, "bytes": "%(B)s", "duration_us": %(D)s, "agent": "%(a)s"}'
)


def on_starting(server):
    """prometheus-client's multiprocess mode: one fresh directory of metric files per start."""
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if directory:
        shutil.rmtree(directory, ignore_errors=True)
        os.makedirs(directory, exist_ok=True)


def child_exit(server, worker):
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
