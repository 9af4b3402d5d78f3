"""The HTTP bench's app (bench/http/settings.py installs it): switches off the parts named in BENCH_WITHOUT."""

import os

from django.apps import AppConfig


class BenchHttpConfig(AppConfig):
    name = "bench.http"
    label = "bench_http"

    def ready(self):
        parts = [part for part in os.environ.get("BENCH_WITHOUT", "").split(",") if part]
        if parts:
            from bench.http.without import switch_off

            switch_off(parts)
