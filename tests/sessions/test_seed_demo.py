"""`manage.py seed_demo`: the small demo obeys the rules and is idempotent; hanoi-year holds at a small fraction.

The small demo is seeded once for this module inside a transaction that is rolled back at the end; each test runs
in its own savepoint inside it. The full hanoi-year never runs here (it takes minutes): only --fraction 0.01.
"""

from datetime import date, datetime, timedelta
from io import StringIO

import pytest
from django.contrib import admin
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, Q
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent, Cohort, Employer, JobSeeker, Role
from accounts.roles import CENTRE_STAFF_PERMISSIONS
from accounts.validators import normalize_citizen_id, normalize_phone, normalize_tax_code
from bench import hanoi_scale
from sessions import demo, services
from sessions.models import (
    HiringOutcome,
    Interview,
    JobSession,
    Notification,
    Participation,
    Registration,
    SessionCodeCounter,
    SessionKind,
    SessionStatus,
)
from sessions.reports import figures
from tests.helpers import editable_admin_fields

RegStatus = Registration.Status


def _seed(*args) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def _with_counts(sessions):
    return sessions.annotate(
        seats=Count("registrations", filter=Q(registrations__status__in=Registration.SEAT_HOLDING), distinct=True),
        waitlisted=Count("registrations", filter=Q(registrations__status=RegStatus.WAITLISTED), distinct=True),
        booths=Count("participations", filter=Q(participations__status="approved"), distinct=True),
    )


# --- hanoi-year at a fraction (first: before the module's small demo exists) --------------------------------------

FRACTION = 0.01


def _year_fingerprint(year: int):
    sessions = JobSession.objects.filter(starts_at__year=year).order_by("code")
    return (
        list(sessions.values_list("code", "title", "starts_at", "venue__name")),
        list(JobSeeker.objects.order_by("citizen_id").values_list("citizen_id", "full_name", "phone")[:300]),
        list(Employer.objects.order_by("tax_code").values_list("tax_code", "name")),
        demo.model_counts(),
    )


@pytest.mark.django_db
def test_hanoi_year_at_a_fraction_meets_the_scaled_targets_and_keeps_the_invariants():
    year = timezone.localdate().year - 1
    output = _seed("--scale", "hanoi-year", "--fraction", str(FRACTION), "--year", str(year))
    targets = {key: round(value * FRACTION) for key, value in hanoi_scale.YEAR_TARGETS.items()}
    sessions = JobSession.objects.filter(starts_at__year=year)
    held = sessions.filter(status=SessionStatus.COMPLETED)
    assert set(held.values_list("kind", flat=True)) == set(SessionKind.values)
    booths = Participation.objects.filter(session__in=held, status=Participation.Status.APPROVED)
    assert booths.count() == pytest.approx(targets["participations"], rel=0.1)
    places = sum(
        Participation.vacancies.through.objects.filter(participation__in=booths).values_list(
            "vacancy__quantity", flat=True
        )
    )
    assert places == pytest.approx(targets["places"], rel=0.02)
    registrations = Registration.objects.filter(session__in=held)
    assert registrations.filter(status__in=Registration.SEAT_HOLDING).count() == targets["seats"]
    interviews = Interview.objects.filter(registration__session__in=held)
    assert interviews.values("registration__job_seeker").distinct().count() == targets["interviewed"]
    assert interviews.filter(result="passed").count() == targets["passed"]
    started = HiringOutcome.objects.filter(interview__in=interviews, status="started")
    assert started.count() == targets["started"]
    assert not started.filter(start_date__isnull=True).exists()
    # the rules: seats, booths, interviews only of people who came, cohort-only sessions only for members
    for session in _with_counts(sessions):
        assert session.job_seeker_capacity is None or session.seats <= session.job_seeker_capacity
        assert session.booths <= session.employer_capacity
        if session.cohort_only:
            outsiders = Registration.objects.filter(session=session).exclude(
                job_seeker__cohort_memberships__cohort__in=session.target_cohorts.all()
            )
            assert not outsiders.exists()
    assert not interviews.exclude(registration__status=RegStatus.ATTENDED).exists()
    assert registrations.values("check_in_code").distinct().count() == registrations.count()
    # the code counter continues after the bulk codes: a new session of that year gets the next number
    last = max(int(code.rsplit("-", 1)[1]) for code in sessions.values_list("code", flat=True))
    assert SessionCodeCounter.objects.get(year=year).last_number == last
    starts = timezone.make_aware(datetime(year, 12, 31, 14))
    new = services.session_create(
        actor=None,
        title="Phiên bổ sung",
        kind=SessionKind.ONLINE,
        format="online",
        online_url="https://truc-tuyen.example.vn/phien",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
    )
    assert new.code == f"PGD-{year}-{last + 1:04d}"
    assert "in report terms" in output and "Created demo data (hanoi-year" in output


@pytest.mark.django_db
def test_hanoi_year_is_deterministic_for_a_seed_and_runs_once():
    year = timezone.localdate().year - 1
    args = ("--scale", "hanoi-year", "--fraction", str(FRACTION), "--year", str(year), "--seed", "7")
    with transaction.atomic():
        _seed(*args)
        first = _year_fingerprint(year)
        transaction.set_rollback(True)
    _seed(*args)
    assert _year_fingerprint(year) == first
    output = _seed(*args)
    assert "nothing new was created" in output
    assert _year_fingerprint(year)[3] == first[3]


# --- the small demo, seeded once for the module ---------------------------------------------------------------


@pytest.fixture(scope="module")
def small_demo(django_db_setup, django_db_blocker):
    """The output of one small seed; the rows live until the end of the module, then are rolled back."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield _seed()
        transaction.set_rollback(True)


def test_small_demo_has_sessions_of_every_kind_and_status(small_demo, db):
    assert set(JobSession.objects.values_list("kind", flat=True)) == set(SessionKind.values)
    assert set(JobSession.objects.values_list("status", flat=True)) == set(SessionStatus.values)
    now = timezone.now()
    for kind in SessionKind.values:  # every kind both happened and is coming
        assert JobSession.objects.filter(kind=kind, status=SessionStatus.COMPLETED, ends_at__lt=now).exists(), kind
        assert JobSession.objects.filter(kind=kind, status=SessionStatus.PUBLISHED, starts_at__gt=now).exists(), kind


def test_small_demo_holds_a_themed_session_for_each_cohort_restricted_for_sensitive_ones(small_demo, db):
    themed = JobSession.objects.filter(kind=SessionKind.THEMATIC)
    for cohort in Cohort.objects.all():
        sessions = themed.filter(target_cohorts=cohort)
        assert sessions.exists(), cohort.code
        assert all(s.cohort_only == cohort.sensitive for s in sessions), cohort.code
    for session in themed.filter(cohort_only=True):
        registered = Registration.objects.filter(session=session)
        assert registered.exists()
        assert not registered.exclude(job_seeker__cohort_memberships__cohort__in=session.target_cohorts.all()).exists()


def test_small_demo_has_an_open_future_session_with_a_waitlist(small_demo, db):
    now = timezone.now()
    open_now = JobSession.objects.filter(
        status=SessionStatus.PUBLISHED, registration_opens_at__lte=now, registration_closes_at__gt=now
    )
    full = [s for s in _with_counts(open_now) if s.waitlisted and s.seats == s.job_seeker_capacity]
    assert full, "an open session that is full and has people waiting"
    # a cancellation gave the seat to the first person waiting, so the waitlist was promoted at least once
    assert Registration.objects.filter(session=full[0], promoted_at__isnull=False).exists()


def test_small_demo_never_seats_more_than_capacity_nor_gives_more_booths_than_it_has(small_demo, db):
    sessions = list(_with_counts(JobSession.objects.all()))
    assert any(s.seats for s in sessions)
    for session in sessions:
        assert session.job_seeker_capacity is None or session.seats <= session.job_seeker_capacity, session.code
        assert session.booths <= session.employer_capacity, session.code
        assert not session.waitlisted or session.seats == session.job_seeker_capacity, session.code


def test_small_demo_past_sessions_show_attendance_no_shows_interviews_and_outcomes(small_demo, db):
    past = Registration.objects.filter(session__status=SessionStatus.COMPLETED)
    assert past.filter(status=RegStatus.ATTENDED).exists()
    assert past.filter(status=RegStatus.NO_SHOW).exists()
    assert past.filter(source=Registration.Source.WALK_IN, status=RegStatus.ATTENDED).exists()
    assert not past.filter(session__format="in_person", status=RegStatus.CONFIRMED).exists()
    results = set(Interview.objects.values_list("result", flat=True))
    assert {"passed", "failed", "second_round"} <= results
    assert HiringOutcome.objects.filter(status=HiringOutcome.Status.STARTED, start_date__isnull=False).exists()
    completed = JobSession.objects.filter(status=SessionStatus.COMPLETED)
    assert all(s.completed_at >= s.ends_at for s in completed)


def test_small_demo_has_this_years_plan_so_the_reports_show_the_share_achieved(small_demo, db):
    year = timezone.localdate().year
    report = figures.summary(date(year, 1, 1), date(year, 12, 31))
    for metric, item in report["metrics"].items():
        assert item["target"] == demo.small.DEMO_PLAN[metric]
        assert item["achieved_percent"] == figures.achieved_percent(item["value"], item["target"])


def test_small_demo_future_sessions_have_registrations_pending_booth_requests_and_online_rooms(small_demo, db):
    future = JobSession.objects.filter(status=SessionStatus.PUBLISHED, starts_at__gt=timezone.now())
    assert Registration.objects.filter(session__in=future, status=RegStatus.CONFIRMED).count() >= 50
    assert Participation.objects.filter(session__in=future, status=Participation.Status.APPLIED).exists()
    assert Participation.objects.filter(session__in=future, status=Participation.Status.WAITLISTED).exists()
    online = future.get(kind=SessionKind.ONLINE)
    assert online.linked_provinces.count() >= 2
    assert all(p.level == "province" and p.code != "01" for p in online.linked_provinces.all())
    rooms = Participation.objects.filter(session=online, status=Participation.Status.APPROVED)
    assert rooms.exists() and not rooms.filter(online_room_url="").exists()


def test_small_demo_venues_and_employers_are_real_hanoi_places(small_demo, db):
    central = JobSession.objects.filter(venue__kind="central_floor").first().venue
    assert (central.address, central.ward.name, central.ward.province_id) == ("215 Trung Kính", "Phường Yên Hòa", "01")
    assert Employer.objects.count() == 30
    assert Employer.objects.filter(verification="pending").count() == 3
    assert Employer.objects.values("vsic_section").distinct().count() >= 15
    assert set(Employer.objects.values_list("ownership", flat=True)) == {"state", "non_state", "fdi"}
    assert not Employer.objects.exclude(ward__province_id="01").exists()
    assert JobSeeker.objects.count() == 200
    assert not JobSeeker.objects.exclude(ward__province_id="01").exists()


def test_small_demo_identifiers_are_valid(small_demo, db):
    for tax_code in Employer.objects.values_list("tax_code", flat=True):
        assert normalize_tax_code(tax_code) == tax_code
    for citizen_id, sex, born, phone in JobSeeker.objects.values_list("citizen_id", "sex", "date_of_birth", "phone"):
        assert normalize_citizen_id(citizen_id, sex=sex, birth_year=born.year) == citizen_id
        assert phone.startswith("+84") and normalize_phone(phone) == phone


def sign_in(username, password):
    return authenticate(RequestFactory().post("/"), username=username, password=password)


def test_demo_logins_work_and_the_staff_login_is_not_a_superuser(small_demo, db):
    staff = sign_in(*demo.STAFF_LOGIN)
    assert staff is not None
    assert (staff.is_staff, staff.is_superuser, staff.role) == (True, False, Role.STAFF)
    employer_user = sign_in(*demo.EMPLOYER_LOGIN)
    assert employer_user.role == Role.EMPLOYER and employer_user.employer.is_verified
    seeker_user = sign_in(*demo.JOB_SEEKER_LOGIN)
    assert seeker_user.role == Role.JOB_SEEKER
    assert seeker_user.job_seeker.registrations.filter(interviews__outcome__status="started").exists()
    for login, password in (demo.STAFF_LOGIN, demo.EMPLOYER_LOGIN, demo.JOB_SEEKER_LOGIN):
        assert f"{login} / {password}" in small_demo


def test_the_demo_staff_opens_the_admin_pages_they_are_sent_to(small_demo, db, client):
    """Issue 12 item 3: the staff role's group gives the demo staff (not a superuser) the admin they need."""
    client.force_login(sign_in(*demo.STAFF_LOGIN))
    booth = Participation.objects.filter(status="approved").exclude(online_room_url="").first()
    for url in (
        reverse("admin:index"),
        reverse("admin:accounts_auditevent_changelist"),
        reverse("admin:jobsessions_notification_changelist"),
        reverse("admin:jobsessions_participation_change", args=[booth.pk]),
    ):
        assert client.get(url).status_code == 200, url


def test_the_demo_staff_opens_every_admin_list_of_the_centre_staff_group(small_demo, db, client):
    """Issue 12 item 3: each admin list the group grants (reference data, sessions, booths, notifications, online
    rooms, the audit trail) answers 200 to the demo staff; the trail, users' passwords and roles stay out of reach."""
    staff_user = sign_in(*demo.STAFF_LOGIN)
    assert not staff_user.is_superuser
    client.force_login(staff_user)
    registered = {(model._meta.app_label, model._meta.model_name) for model in admin.site._registry}
    lists = [
        (app, model)
        for app, models in CENTRE_STAFF_PERMISSIONS.items()
        for model in models
        if (app, model) in registered
    ]
    assert ("accounts", "auditevent") in lists and ("jobsessions", "notification") in lists
    for app, model in lists:
        url = reverse(f"admin:{app}_{model}_changelist")
        assert client.get(url).status_code == 200, url
    event = AuditEvent.objects.latest("id")
    change_url = reverse("admin:accounts_auditevent_change", args=[event.pk])
    assert client.post(change_url, {"action": "forged", "reason": "forged"}).status_code == 403
    assert AuditEvent.objects.get(pk=event.pk).action == event.action
    person = sign_in(*demo.JOB_SEEKER_LOGIN)
    assert client.get(reverse("admin:auth_user_password_change", args=[person.pk])).status_code == 403
    page = client.get(reverse("admin:accounts_user_change", args=[person.pk]))
    editable = editable_admin_fields(page)
    assert "email" in editable
    assert not {"password", "is_superuser", "is_staff", "role", "user_permissions", "groups"} & editable


def test_second_run_creates_nothing_new_and_still_prints_the_logins(small_demo, db):
    before = demo.model_counts()
    output = _seed()
    assert demo.model_counts() == before
    assert "nothing new was created" in output
    assert f"{demo.STAFF_LOGIN[0]} / {demo.STAFF_LOGIN[1]}" in output


def test_small_demo_sends_nothing_for_its_history_and_keeps_the_future_reminders(small_demo, db):
    now = timezone.now()
    assert Notification.objects.filter(status=Notification.Status.SENT).exists()
    assert not Notification.objects.filter(status=Notification.Status.PENDING, send_after__lte=now).exists()
    reminders = Notification.objects.filter(
        status=Notification.Status.PENDING, send_after__gt=now, kind=Notification.Kind.REMINDER_DAY_BEFORE
    )
    assert reminders.exists()
    assert not Notification.objects.filter(channel=Notification.Channel.SMS).exists()  # made-up numbers: no SMS


def test_if_empty_does_nothing_but_print_the_logins_when_sessions_exist(small_demo, db):
    before = demo.model_counts()
    output = _seed("--if-empty", "--scale", "hanoi-year")
    assert demo.model_counts() == before
    assert "Sessions already exist" in output and demo.STAFF_LOGIN[0] in output


# --- a profile: the published Jan–Sep 2024 figures, met exactly in report terms ----------------------------------

PROFILE = "hanoi-2024-jan-sep"
PROFILE_FRACTION = 0.02
PROFILE_METRICS = {  # summary metric: profile target
    "sessions_held": "sessions",
    "employer_participations": "participations",
    "vacancies_total": "places",
    "job_seekers_registered": "seats",
    "interviewed": "interviewed",
    "passed_at_session": "passed",
    "started_work": "started",
}


def test_hanoi_2024_profile_targets_are_the_published_figures():
    targets = hanoi_scale.PROFILES[PROFILE].scaled(1.0)
    assert hanoi_scale.PROFILES[PROFILE].period(2024) == (date(2024, 1, 1), date(2024, 9, 30))
    assert (targets["sessions"], targets["participations"], targets["places"]) == (193, 5_707, 108_673)
    assert (targets["interviewed"], targets["passed"]) == (39_438, 13_571)
    assert 1.25 <= targets["seats"] / targets["interviewed"] <= 1.35
    assert 0.9 <= targets["started"] / targets["passed"] <= 1


@pytest.mark.django_db
def test_hanoi_2024_profile_at_a_fraction_gives_the_scaled_targets_in_the_report_summary():
    output = _seed("--profile", PROFILE, "--fraction", str(PROFILE_FRACTION))
    targets = hanoi_scale.PROFILES[PROFILE].scaled(PROFILE_FRACTION)
    date_from, date_to = date(2024, 1, 1), date(2024, 9, 30)
    metrics = {key: value["value"] for key, value in figures.summary(date_from, date_to)["metrics"].items()}
    assert {metric: metrics[metric] for metric in PROFILE_METRICS} == {
        metric: targets[key] for metric, key in PROFILE_METRICS.items()
    }
    assert targets["interviewed"] <= metrics["job_seekers_attended"] <= metrics["job_seekers_registered"]
    # every session of the period is held (completed), or cancelled and so out of every count
    in_period = JobSession.objects.filter(starts_at__date__gte=date_from, starts_at__date__lte=date_to)
    assert in_period.exclude(status=SessionStatus.CANCELLED).count() == targets["sessions"]
    assert set(in_period.values_list("status", flat=True)) <= {SessionStatus.COMPLETED, SessionStatus.CANCELLED}
    assert not JobSession.objects.filter(starts_at__year=2024).exclude(pk__in=in_period).exists()
    # 'interviewed' is distinct (session, job seeker) pairs, counted here independently of figures.py
    pairs = (
        Interview.objects.filter(registration__session__in=in_period)
        .values("registration__session", "registration__job_seeker")
        .distinct()
        .count()
    )
    assert pairs == targets["interviewed"]
    assert f"{PROFILE} (01/01/2024–30/09/2024)" in output
    assert "nothing new was created" in _seed("--profile", PROFILE, "--fraction", str(PROFILE_FRACTION))
