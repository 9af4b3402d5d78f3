"""The project's settings, served with the bench's baselines next to its own URLs (bench/http/urls.py).

Nothing else changes: the server runs the project as production does (DEBUG off, Redis, whitenoise's manifest).
The bench's app switches parts of the registration off only when BENCH_WITHOUT names them (bench/http/without.py)."""

from jobfair.settings import *  # noqa: F403 - the project's settings, every one
from jobfair.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "bench.http.apps.BenchHttpConfig"]
ROOT_URLCONF = "bench.http.urls"
