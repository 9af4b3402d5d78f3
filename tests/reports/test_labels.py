"""Report labels come from gettext with a context ("report metric", "report dimension", "report bucket"): every
one is translated into Vietnamese, reads in English under English, and keeps the report's own wording where the
same English words mean something else elsewhere."""

import pytest
from django.utils.functional import Promise
from django.utils.translation import gettext, override
from rest_framework.test import APIClient

from sessions.reports import figures
from tests.reports import world as w

LABELS = {
    **{f"metric {key}": label for key, label in figures.METRIC_LABELS.items()},
    **{f"dimension {key}": label for key, label in figures.DIMENSION_LABELS.items()},
    **{f"sex {key}": label for key, label in figures.SEX_LABELS.items()},
    **{f"qualification {key}": label for key, label in figures.QUALIFICATION_LABELS.items()},
    "unknown": figures.UNKNOWN_LABEL,
    "no cohort": figures.NO_COHORT_LABEL,
}


@pytest.mark.parametrize("name", LABELS)
def test_every_label_is_a_translation_with_a_vietnamese_text(name):
    label = LABELS[name]
    assert isinstance(label, Promise)  # a lazy gettext, not a hand-made (vi, en) pair
    with override("en"):
        english = str(label)
    with override("vi"):
        vietnamese = str(label)
    assert vietnamese and vietnamese != english


def test_the_context_keeps_the_report_wording():
    with override("vi"):
        assert str(figures.METRIC_LABELS["sessions_held"]) == "Số phiên giao dịch việc làm đã tổ chức"
        assert gettext("Sessions held") == "Số phiên đã tổ chức"  # the plan page's shorter word


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "started_work", "female"),
    [("vi", "Số người nhận việc", "Nữ"), ("en", "Started work", "Female")],
)
def test_the_summary_api_speaks_the_request_language(staff, language, started_work, female):
    w.build_world()
    api = APIClient()
    api.force_authenticate(staff)

    response = api.get(
        "/api/v1/reports/summary/",
        {"date_from": "2025-01-01", "date_to": "2025-12-31", "group_by": "sex"},
        HTTP_ACCEPT_LANGUAGE=language,
    )

    body = response.json()
    assert body["metrics"]["started_work"]["label"] == started_work
    assert [row["label"] for row in body["breakdowns"]["sex"]][1] == female
