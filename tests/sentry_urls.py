"""A URL that raises, for the Sentry test only (tests/test_sentry.py): every real view answers without a 500."""

from django.urls import path


def boom(request):
    raise RuntimeError("sentry loopback test")


urlpatterns = [path("boom/", boom)]
