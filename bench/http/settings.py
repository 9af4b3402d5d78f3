"""The project's settings, served with the bench's baselines next to its own URLs (bench/http/urls.py).

Nothing else changes: the server runs the project as production does (DEBUG off, Redis, whitenoise's manifest)."""

from jobfair.settings import *  # noqa: F403 - the project's settings, every one

ROOT_URLCONF = "bench.http.urls"
