"""Helpers shared by the staff console's pages."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from sessions.models import JobSession, Registration

RegStatus = Registration.Status


def session_or_404(pk: int) -> JobSession:
    return get_object_or_404(JobSession.objects.select_related("venue"), pk=pk)


def chart_rows(metrics: dict) -> list[dict]:
    """The plan chart's rows. The metrics differ by orders of magnitude (a year's sessions are counted in
    hundreds, its vacancies in hundred thousands), so with targets set the chart shows the share achieved in
    percent; without any target it shows the figures themselves."""
    return [
        {
            "metric": key,
            "label": str(item["label"]),
            "value": item["value"],
            "target": item["target"],
            "percent": None if item["achieved_percent"] is None else float(item["achieved_percent"]),
        }
        for key, item in metrics.items()
    ]
