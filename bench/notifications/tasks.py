"""The no-op task the benchmark compares delivery with. The benchmark's worker imports this module
(`celery -A jobfair worker --include bench.notifications.tasks`); the project's own workers never do."""

from jobfair.celery import app


@app.task(name="bench.notifications.noop")
def noop() -> None:
    """Nothing: what remains is Celery's own cost per task (publish, Redis, prefetch, pool, ack)."""
