"""Issue 15 item 4: the period summary counts referrals by kind and where they stand, next to the hiring figures —
in the API, on the staff page and in the files."""

from datetime import date, datetime, time

import pytest
from django.urls import reverse
from django.utils import timezone

from sessions import services
from sessions.models import Referral
from sessions.reports import figures
from tests.factories import JobSeekerFactory, JobSessionFactory, StaffFactory
from tests.web.conftest import client_for

pytestmark = pytest.mark.django_db

YEAR = (date(2025, 1, 1), date(2025, 12, 31))


def made_on(referral: Referral, day: date, hour: int = 10) -> Referral:
    """Put the referral back on the day it was made (the service stamps now), at a Hanoi hour."""
    at = timezone.make_aware(datetime.combine(day, time(hour)))
    Referral.objects.filter(pk=referral.pk).update(created_at=at)
    return referral


def refer(staff, kind: str, day: date, *, status: str | None = None, hour: int = 10) -> Referral:
    extra = {
        "training": {"training_provider": "Trường Cao đẳng nghề Hà Nội"},
        "session": {"session": JobSessionFactory()},
        "insurance": {},
    }[kind]
    referral = services.referral_create(job_seeker=JobSeekerFactory(), kind=kind, actor=staff, **extra)
    for step in {"attended": ["attended"], "completed": ["attended", "completed"], "dropped": ["dropped"]}.get(
        status, []
    ):
        referral = services.referral_set_status(referral=referral, status=step, actor=staff)
    return made_on(referral, day, hour)


@pytest.fixture
def staff_client():
    return client_for(StaffFactory())


@pytest.fixture
def referrals(staff):
    refer(staff, "training", date(2025, 3, 2))
    refer(staff, "training", date(2025, 4, 9), status="completed")
    refer(staff, "training", date(2025, 6, 1), status="dropped")
    refer(staff, "insurance", date(2025, 12, 31), status="attended", hour=23)  # 23:00 in Hanoi: still 2025
    refer(staff, "session", date(2024, 12, 31), hour=23)  # the year before
    refer(staff, "session", date(2026, 1, 1), hour=0)  # 00:00 in Hanoi on New Year's Day: the year after


def test_the_summary_counts_referrals_made_in_the_period_by_kind_and_status(referrals):
    rows = {row["kind"]: row for row in figures.summary(*YEAR)["referrals"]}

    assert list(rows) == ["training", "insurance", "session", "vacancy"]  # every kind, in the model's order
    assert {k: rows["training"][k] for k in ("referred", "attended", "completed", "dropped", "total")} == {
        "referred": 1,
        "attended": 0,
        "completed": 1,
        "dropped": 1,
        "total": 3,
    }
    assert (rows["insurance"]["attended"], rows["insurance"]["total"]) == (1, 1)
    assert rows["session"]["total"] == rows["vacancy"]["total"] == 0


def test_the_api_gives_the_same_counts_with_labels_in_the_requests_language(referrals, staff_client):
    response = staff_client.get(
        "/api/v1/reports/summary/", {"date_from": "2025-01-01", "date_to": "2025-12-31"}, HTTP_ACCEPT_LANGUAGE="vi"
    )

    assert response.status_code == 200
    training = next(row for row in response.json()["referrals"] if row["kind"] == "training")
    assert (training["label"], training["completed"], training["total"]) == ("Đào tạo nghề", 1, 3)


def test_the_staff_page_and_the_files_show_the_referrals(referrals, staff_client):
    query = {"period": "year", "year": "2025"}
    page = staff_client.get(reverse("staff:summary"), query).content.decode()
    csv = staff_client.get(reverse("staff:summary"), {**query, "format": "csv"}).content.decode("utf-8-sig")

    assert 'id="summary-referrals"' in page and 'data-kind="training"' in page
    assert "Giới thiệu bước tiếp theo" in csv
    training_line = next(line for line in csv.splitlines() if line.startswith("Đào tạo nghề"))
    assert training_line.split(",")[1:] == ["1", "0", "1", "1", "3"]
