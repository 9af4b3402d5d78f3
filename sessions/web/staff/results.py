"""The plan's targets and the reports: a session's result sheet and the period summary with its files."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.decorators import staff_required
from jobfair.errors import BusinessRuleError
from jobfair.forms import parse_whole_number, refusal_text
from sessions import services
from sessions.models import PlanMetric, PlanTarget
from sessions.reports import exports, figures
from sessions.web.staff import paper
from sessions.web.staff.common import chart_rows, session_or_404
from sessions.web.staff.forms import SummaryForm

PLAN_PERIODS = ("year", 1, 2, 3, 4)


def _quarter(period) -> int | None:
    return None if period == "year" else period


def _plan_save(request, year: int, targets: dict, typed: dict) -> tuple[int, list[str]]:
    """The targets typed on the page, all of them or none: (how many changed, what was refused, each named by its
    cell). What was typed is kept in `typed`, to be shown again."""
    changed, errors = 0, []
    with transaction.atomic():
        for metric, label in PlanMetric.choices:
            for period in PLAN_PERIODS:
                raw = typed[f"{metric}-{period}"] = (request.POST.get(f"{metric}-{period}") or "").strip()
                value = parse_whole_number(raw)
                cell = f"{label}, " + (_("Year") if period == "year" else _("Quarter %(q)s") % {"q": period})
                if not raw:
                    continue
                if value is None:
                    errors.append(f"{cell}: " + _("%(value)s is not a whole number.") % {"value": raw})
                    continue
                if targets.get((metric, _quarter(period))) == value:
                    continue
                try:
                    services.plan_target_set(
                        year=year, quarter=_quarter(period), metric=metric, target=value, actor=request.user
                    )
                    changed += 1
                except (BusinessRuleError, ValidationError) as exc:
                    errors.append(f"{cell}: {refusal_text(exc)}")
        if errors:
            transaction.set_rollback(True)
    return changed, errors


@staff_required
def plan(request):
    try:
        year = int(request.GET.get("year") or request.POST.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    targets = {(t.metric, t.quarter): t.target for t in PlanTarget.objects.filter(year=year)}
    errors: list[str] = []
    typed: dict[str, str] = {}
    if request.method == "POST":
        changed, errors = _plan_save(request, year, targets, typed)
        if not errors:
            messages.success(request, _("%(count)d targets were saved.") % {"count": changed})
            return redirect(f"{reverse('staff:plan')}?year={year}")
    rows = [
        {
            "metric": metric,
            "label": label,
            "cells": [
                {
                    "name": f"{metric}-{p}",
                    "value": typed.get(f"{metric}-{p}") or targets.get((metric, _quarter(p))),
                    "period": p,
                }
                for p in PLAN_PERIODS
            ],
        }
        for metric, label in PlanMetric.choices
    ]
    return render(
        request,
        "sessions/staff/plan.html",
        {"year": year, "rows": rows, "errors": errors},
        status=400 if errors else 200,
    )


@staff_required
@require_GET
def result_sheet(request, pk):
    session = session_or_404(pk)
    if request.GET.get("format") in exports.FORMATS:
        return exports.sheet_file(session, request.GET["format"])
    if request.GET.get("format") == "pdf":
        return paper.result_sheet_pdf(request, session)
    sheet = figures.session_result_sheet(session)
    return render(request, "sessions/staff/result_sheet.html", {"session": session, "sheet": sheet})


@staff_required
@require_GET
def summary(request):
    data = request.GET.copy()
    if "period" not in data:
        data.update({"period": "year", "year": str(timezone.localdate().year)})
    form = SummaryForm(data)
    report = None
    if form.is_valid():
        start, end, group_by = form.cleaned_data["start"], form.cleaned_data["end"], form.cleaned_data["group_by"]
        if request.GET.get("format") in exports.FORMATS:
            return exports.summary_file(start, end, group_by, request.GET["format"])
        report = figures.summary(start, end, group_by)
    query = data.copy()
    query.pop("format", None)
    breakdowns = []
    if report:
        for dimension in report["group_by"]:
            metrics = report["breakdown_metrics"][dimension]
            breakdowns.append(
                {
                    "dimension": dimension,
                    "label": figures.dimension_label(dimension),
                    "chart_id": f"chart-{dimension}",
                    "headers": [report["metrics"][m]["label"] for m in metrics],
                    "rows": [
                        {"key": row["key"], "label": row["label"], "values": [row["metrics"][m] for m in metrics]}
                        for row in report["breakdowns"][dimension]
                    ],
                    "chart": {
                        "labels": [row["label"] for row in report["breakdowns"][dimension]],
                        "series": [
                            {
                                "label": str(report["metrics"][m]["label"]),
                                "data": [r["metrics"][m] for r in report["breakdowns"][dimension]],
                            }
                            for m in metrics
                        ],
                    },
                }
            )
    return render(
        request,
        "sessions/staff/summary.html",
        {
            "form": form,
            "report": report,
            "chart": chart_rows(report["metrics"]) if report else [],
            "breakdowns": breakdowns,
            "query": query.urlencode(),
        },
        status=200 if report else 400,
    )
