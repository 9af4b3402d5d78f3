"""The project's URLs plus the bare DRF baselines under /bench/ (mounted only by bench/http/settings.py)."""

from django.urls import include, path

from bench.http import baseline

urlpatterns = [
    path("bench/constant/", baseline.Constant.as_view()),
    path("bench/sessions-20/", baseline.SessionRows.as_view(rows=20)),
    path("bench/sessions-100/", baseline.SessionRows.as_view(rows=100)),
    path("bench/one-row/", baseline.OneRowPost.as_view()),
    path("bench/registration-floor/<int:pk>/", baseline.RegistrationFloor.as_view()),
    path("", include("jobfair.urls")),
]

handler500 = "jobfair.error_pages.server_error"  # as the project's URLs say
