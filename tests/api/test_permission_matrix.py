"""Every route under /api/v1/ × every role × every method the route allows answers exactly what EXPECTED says.

The routes are read from the URL conf, not listed by hand: a route (or a method of one) without a row in EXPECTED
fails the test, so an endpoint added later cannot ship without deciding who may call it. Objects belong to the A
parties (employer A, job seeker A); the B parties get 404 for them. Write requests carry a small valid body and
each request runs in its own savepoint, rolled back afterwards, so every case starts from the same world.

Methods a route does not allow are checked too: never a success, only 401/403/405.
"""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import transaction
from django.urls import URLResolver, get_resolver
from django.utils import timezone
from rest_framework_simplejwt.tokens import RefreshToken

from accounts.validators import build_citizen_id, build_tax_code
from tests import factories
from tests.api.world import PASSWORD, ROLES, build_world

pytestmark = pytest.mark.django_db

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")

# Role order of every row: staff, employer A, employer B, job seeker A, job seeker B, anonymous.
PUBLIC = (200, 200, 200, 200, 200, 200)
SIGNED_IN = (200, 200, 200, 200, 200, 401)
STAFF_ONLY = (200, 403, 403, 403, 403, 401)
STAFF_WRITES = (201, 403, 403, 403, 403, 401)
STAFF_CHANGES = (200, 403, 403, 403, 403, 401)
STAFF_AND_EMPLOYERS = (200, 200, 200, 403, 403, 401)
OWN_EMPLOYER_A = (200, 200, 404, 403, 403, 401)  # staff and employer A; B: not found; job seekers: refused

EXPECTED = {
    # accounts
    ("POST", "auth/token/"): PUBLIC,  # no authentication on this view: the body's credentials decide
    ("POST", "auth/token/refresh/"): PUBLIC,
    ("POST", "auth/logout/"): (204,) * 6,  # no authentication on this view: holding the refresh token decides
    ("POST", "auth/signup/job-seeker/"): (202,) * 6,  # anyone, bearer or not: the view ignores authentication
    ("POST", "auth/signup/employer/"): (202,) * 6,
    ("POST", "auth/signup/confirm/"): (400,) * 6,  # anyone; the code of the body is not the one sent
    ("POST", "auth/password-reset/phone/"): (202,) * 6,  # anyone, and the same answer with or without an account
    ("POST", "auth/password-reset/phone/confirm/"): (400,) * 6,
    ("POST", "me/phone-verification/"): (400, 400, 400, 400, 400, 401),  # signed in; these accounts have no phone
    ("POST", "me/phone-verification/confirm/"): (400, 400, 400, 400, 400, 401),  # signed in; a wrong code
    ("POST", "me/email-verification/"): (202, 202, 202, 202, 202, 401),
    ("GET", "me/"): SIGNED_IN,
    ("PATCH", "me/"): SIGNED_IN,
    ("GET", "cohorts/"): PUBLIC,
    ("GET", "cohorts/{code}/"): PUBLIC,
    ("GET", "administrative-units/"): PUBLIC,
    ("GET", "administrative-units/{code}/"): PUBLIC,
    ("GET", "employers/"): SIGNED_IN,  # job seekers get an empty list
    ("GET", "employers/{pk}/"): (200, 200, 404, 404, 404, 401),
    ("PATCH", "employers/{pk}/"): (200, 200, 404, 404, 404, 401),
    ("POST", "employers/{pk}/verify/"): STAFF_ONLY,
    # me: a job seeker's own data
    ("GET", "me/data-export/"): (403, 403, 403, 200, 200, 401),
    ("GET", "me/cohorts/"): (403, 403, 403, 200, 200, 401),
    ("GET", "me/interviews/"): (403, 403, 403, 200, 200, 401),
    ("POST", "sessions/{pk}/registration-alert/"): (403, 403, 403, 409, 409, 401),  # its registration is open
    ("POST", "me/cohorts/"): (403, 403, 403, 201, 201, 401),
    ("POST", "me/cohorts/{pk}/stop-sharing/"): (403, 403, 403, 200, 404, 401),  # seeker A's group
    ("POST", "me/erasure-request/"): (403, 403, 403, 202, 202, 401),
    ("GET", "me/matches/"): (403, 403, 403, 200, 200, 401),
    ("GET", "me/referrals/"): (403, 403, 403, 200, 200, 401),
    ("POST", "me/referrals/"): (403, 403, 403, 201, 201, 401),  # a next step they took themselves
    # referrals: staff record and move on anyone's
    ("GET", "referrals/"): STAFF_ONLY,
    ("POST", "referrals/"): STAFF_WRITES,
    ("GET", "referrals/{pk}/"): STAFF_ONLY,
    ("POST", "referrals/{pk}/status/"): STAFF_CHANGES,
    # a vacancy's fitting candidates: staff and its own employer (A); B: not found
    ("GET", "vacancies/{pk}/candidates/"): OWN_EMPLOYER_A,
    # sessions
    ("GET", "sessions/"): PUBLIC,
    ("POST", "sessions/"): STAFF_WRITES,
    ("POST", "sessions/schedule/"): STAFF_WRITES,
    ("GET", "sessions/{pk}/"): PUBLIC,
    ("PATCH", "sessions/{pk}/"): STAFF_CHANGES,
    ("POST", "sessions/{pk}/publish/"): STAFF_CHANGES,  # a draft
    ("POST", "sessions/{pk}/cancel/"): STAFF_CHANGES,
    ("POST", "sessions/{pk}/complete/"): STAFF_CHANGES,  # an ended session
    # registering job seeker B: staff create it (201), A already holds one (200), B registers themself (201)
    ("POST", "sessions/{pk}/registrations/"): (201, 403, 403, 200, 201, 401),
    # booth request with vacancy A: A already holds an approved booth (200); B may not bring A's vacancy (400)
    ("POST", "sessions/{pk}/participations/"): (403, 200, 400, 403, 403, 401),
    # candidates: only employers with an approved booth (A); B has none: 403
    ("GET", "sessions/{pk}/candidates/"): (200, 200, 403, 403, 403, 401),
    ("GET", "sessions/{pk}/no-shows/"): STAFF_ONLY,  # issue 15 item 3: staff follow no-shows up
    ("GET", "registrations/"): SIGNED_IN,  # employers get an empty list
    ("GET", "registrations/{pk}/"): (200, 404, 404, 200, 404, 401),
    ("POST", "registrations/{pk}/cancel/"): (200, 404, 404, 200, 404, 401),
    ("POST", "check-ins/"): STAFF_CHANGES,
    # venues
    ("GET", "venues/"): PUBLIC,
    ("POST", "venues/"): STAFF_WRITES,
    ("GET", "venues/{pk}/"): PUBLIC,
    ("PATCH", "venues/{pk}/"): STAFF_CHANGES,
    # vacancies: anyone reads open ones; employers post for themselves, staff for the employer named
    ("GET", "vacancies/"): PUBLIC,
    ("POST", "vacancies/"): (201, 201, 201, 403, 403, 401),
    ("GET", "vacancies/{pk}/"): PUBLIC,
    ("PATCH", "vacancies/{pk}/"): OWN_EMPLOYER_A,
    # booths
    ("GET", "participations/"): STAFF_AND_EMPLOYERS,
    ("GET", "participations/{pk}/"): OWN_EMPLOYER_A,
    ("POST", "participations/{pk}/approve/"): STAFF_CHANGES,  # a pending request
    ("POST", "participations/{pk}/reject/"): STAFF_CHANGES,
    ("POST", "participations/{pk}/withdraw/"): OWN_EMPLOYER_A,
    ("POST", "participations/{pk}/online-room/"): OWN_EMPLOYER_A,
    # booth number and staff notes: staff only; employer A is refused its own booth, B does not see it
    ("PATCH", "participations/{pk}/"): (200, 403, 404, 403, 403, 401),
    # interviews: recording again the interview A already has answers 200; B may not use A's vacancy (400)
    ("GET", "interviews/"): STAFF_AND_EMPLOYERS,
    ("POST", "interviews/"): (200, 200, 400, 403, 403, 401),
    ("GET", "interviews/{pk}/"): OWN_EMPLOYER_A,
    ("PATCH", "interviews/{pk}/"): OWN_EMPLOYER_A,
    ("PUT", "interviews/{pk}/outcome/"): (201, 201, 404, 403, 403, 401),
    # notifications: the one to job seeker A
    ("GET", "notifications/"): SIGNED_IN,
    ("GET", "notifications/{pk}/"): (200, 404, 404, 200, 404, 401),
    ("POST", "notifications/{pk}/retry/"): STAFF_CHANGES,
    # reports and the plan
    ("GET", "reports/sessions/{pk}/"): STAFF_ONLY,
    ("GET", "reports/summary/"): STAFF_ONLY,
    ("GET", "plan-targets/"): STAFF_ONLY,
    # the question after the session: staff read a session's answers; the link's token answers (anyone holding it;
    # each case runs in its own rolled-back savepoint, so every role answers the same fresh invitation)
    ("GET", "sessions/{pk}/survey-answers/"): STAFF_ONLY,
    ("POST", "survey-answers/"): (201,) * 6,
    ("POST", "plan-targets/"): STAFF_WRITES,
}

# Which object a route's path parameter names (by route name); every parameterised route must be here.
PATH_OBJECTS = {
    "cohort-detail": lambda w: {"code": "disabled"},
    "administrative-unit-detail": lambda w: {"code": "00070"},
    "employer-detail": lambda w: {"pk": w.employer_a.pk},
    "employer-verify": lambda w: {"pk": w.employer_a.pk},
    "session-detail": lambda w: {"pk": w.session.pk},
    "session-publish": lambda w: {"pk": w.draft.pk},
    "session-cancel": lambda w: {"pk": w.session.pk},
    "session-complete": lambda w: {"pk": w.ended.pk},
    "session-registrations": lambda w: {"pk": w.session.pk},
    "session-participations": lambda w: {"pk": w.session.pk},
    "session-candidates": lambda w: {"pk": w.session.pk},
    "session-no-shows": lambda w: {"pk": w.ended.pk},
    "registration-detail": lambda w: {"pk": w.registration_a.pk},
    "registration-cancel": lambda w: {"pk": w.registration_a.pk},
    "venue-detail": lambda w: {"pk": w.venue.pk},
    "vacancy-detail": lambda w: {"pk": w.vacancy_a.pk},
    "vacancy-candidates": lambda w: {"pk": w.vacancy_a.pk},
    "participation-detail": lambda w: {"pk": w.booth_a.pk},
    "participation-approve": lambda w: {"pk": w.booth_request_a.pk},
    "participation-reject": lambda w: {"pk": w.booth_request_a.pk},
    "participation-withdraw": lambda w: {"pk": w.booth_a.pk},
    "participation-online-room": lambda w: {"pk": w.booth_a.pk},
    "interview-detail": lambda w: {"pk": w.interview_a.pk},
    "interview-outcome": lambda w: {"pk": w.interview_a.pk},
    "notification-detail": lambda w: {"pk": w.notification_a.pk},
    "notification-retry": lambda w: {"pk": w.notification_a.pk},
    "report-session": lambda w: {"pk": w.session.pk},
    "referral-detail": lambda w: {"pk": w.referral_a.pk},
    "referral-set-status": lambda w: {"pk": w.referral_a.pk},
    "session-survey-answers": lambda w: {"pk": w.ended.pk},
    "me-cohort-stop-sharing": lambda w: {"pk": w.cohort_membership_a.pk},
    "session-registration-alert": lambda w: {"pk": w.session.pk},
}

QUERY = {"reports/summary/": "?date_from=2026-01-01&date_to=2026-12-31"}


def _local(days: int, hour: int) -> str:
    return (
        (timezone.localtime() + timedelta(days=days)).replace(hour=hour, minute=0, second=0, microsecond=0).isoformat()
    )


BODIES = {
    ("POST", "auth/token/"): lambda w: {"username": w.seeker_a.user.email, "password": PASSWORD},
    ("POST", "auth/token/refresh/"): lambda w: {"refresh": w.refresh_a},
    ("POST", "auth/logout/"): lambda w: {"refresh": w.refresh_a},
    ("POST", "auth/signup/job-seeker/"): lambda w: {
        "password": "Mat-khau-moi-2026",
        "full_name": "Lê Thị Hồng",
        "phone": "0987000111",
        "citizen_id": build_citizen_id(province_code="001", sex="female", birth_year=2001, serial=777),
        "date_of_birth": "2001-02-03",
        "sex": "female",
        "accept_terms": True,
    },
    ("POST", "auth/signup/employer/"): lambda w: {
        "password": "Mat-khau-moi-2026",
        "email": "hr@moi.example.vn",
        "phone": "0912000222",
        "name": "Công ty TNHH Mới",
        "tax_code": build_tax_code("010999888"),
        "ward": "00070",
        "vsic_section": "C",
        "ownership": "non_state",
        "contact_name": "Đỗ Văn Nam",
    },
    ("POST", "auth/signup/confirm/"): lambda w: {"phone": w.seeker_a.phone, "code": "000000"},
    ("POST", "auth/password-reset/phone/"): lambda w: {"phone": w.seeker_a.phone},
    ("POST", "auth/password-reset/phone/confirm/"): lambda w: {
        "phone": w.seeker_a.phone,
        "code": "000000",
        "new_password": "Mat-khau-moi-2026",
    },
    ("POST", "me/phone-verification/"): lambda w: {},
    ("POST", "me/phone-verification/confirm/"): lambda w: {"code": "000000"},
    ("POST", "me/email-verification/"): lambda w: {},
    ("PATCH", "me/"): lambda w: {"language": "en"},
    ("PATCH", "employers/{pk}/"): lambda w: {"contact_name": "Lê Văn Tám"},
    ("POST", "employers/{pk}/verify/"): lambda w: {"decision": "rejected", "note": "Sai ĐKKD"},
    ("POST", "me/erasure-request/"): lambda w: {},
    ("POST", "me/cohorts/"): lambda w: {"cohort": "disabled", "consent": True},
    ("POST", "me/cohorts/{pk}/stop-sharing/"): lambda w: {},
    ("POST", "sessions/{pk}/registration-alert/"): lambda w: {},
    ("POST", "sessions/"): lambda w: {
        "title": "Phiên định kỳ mới",
        "kind": "periodic",
        "format": "in_person",
        "venue": w.venue.pk,
        "starts_at": _local(40, 8),
        "ends_at": _local(40, 11),
    },
    ("POST", "sessions/schedule/"): lambda w: {
        "title": "Phiên định kỳ thứ Ba",
        "venue": w.venue.pk,
        "weekdays": [1],
        "start_time": "08:00",
        "end_time": "11:30",
        "date_from": "2027-03-01",
        "date_to": "2027-03-31",
    },
    ("PATCH", "sessions/{pk}/"): lambda w: {"title": "Phiên định kỳ (đổi tên)"},
    ("POST", "sessions/{pk}/publish/"): lambda w: {},
    ("POST", "sessions/{pk}/cancel/"): lambda w: {"reason": "Bão"},
    ("POST", "sessions/{pk}/complete/"): lambda w: {},
    ("POST", "sessions/{pk}/registrations/"): lambda w: {"job_seeker": w.seeker_b.pk},
    ("POST", "sessions/{pk}/participations/"): lambda w: {"vacancies": [w.vacancy_a.pk]},
    ("POST", "registrations/{pk}/cancel/"): lambda w: {},
    ("POST", "check-ins/"): lambda w: {"code": w.registration_a.check_in_code},
    ("POST", "venues/"): lambda w: {
        "name": "Sàn vệ tinh Đông Anh",
        "kind": "satellite_floor",
        "address": "68 Cao Lỗ",
        "ward": "00070",
    },
    ("PATCH", "venues/{pk}/"): lambda w: {"seat_capacity": 200},
    ("POST", "vacancies/"): lambda w: {
        "employer": w.employer_a.pk,  # staff name it; for employers it is ignored
        "title": "Nhân viên kho",
        "occupation": "4321",
        "ward": "00070",
    },
    ("PATCH", "vacancies/{pk}/"): lambda w: {"quantity": 7},
    ("POST", "participations/{pk}/approve/"): lambda w: {},
    ("PATCH", "participations/{pk}/"): lambda w: {"staff_notes": "Gần cửa"},
    ("POST", "participations/{pk}/reject/"): lambda w: {"note": "Hết gian"},
    ("POST", "participations/{pk}/withdraw/"): lambda w: {},
    ("POST", "participations/{pk}/online-room/"): lambda w: {"online_room_url": ""},
    ("POST", "interviews/"): lambda w: {"registration": w.registration_a.pk, "vacancy": w.vacancy_a.pk},
    ("PATCH", "interviews/{pk}/"): lambda w: {"notes": "Ứng viên tốt"},
    ("PUT", "interviews/{pk}/outcome/"): lambda w: {"status": "offered"},
    ("POST", "notifications/{pk}/retry/"): lambda w: {},
    ("POST", "plan-targets/"): lambda w: {"year": 2026, "metric": "sessions_held", "target": 200},
    ("POST", "me/referrals/"): lambda w: {"kind": "training", "training_provider": "Trường Cao đẳng nghề Hà Nội"},
    ("POST", "referrals/"): lambda w: {"job_seeker": w.seeker_a.pk, "kind": "insurance"},
    ("POST", "referrals/{pk}/status/"): lambda w: {"status": "attended"},
    ("POST", "survey-answers/"): lambda w: {"token": w.survey_token, "rating": 4, "comment": "Tốt"},
}


def _template(parts) -> str:
    """`^sessions/(?P<pk>[^/.]+)/$` and `sessions/<int:pk>/` both become `sessions/{pk}/`."""
    text = "".join(str(part) for part in parts)
    text = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"{\1}", text)
    text = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", text)
    return text.replace("^", "").replace("$", "")


def api_routes() -> list[tuple[str, str, list[str]]]:
    """(route name, template under /api/v1/, allowed methods) of every route of the URL conf under /api/v1/."""

    def walk(patterns, prefix):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, [*prefix, pattern.pattern])
            else:
                yield [*prefix, pattern.pattern], pattern

    routes = []
    for parts, pattern in walk(get_resolver().url_patterns, []):
        template = _template(parts)
        if not template.startswith("api/v1/"):
            continue
        callback = pattern.callback
        view_class = getattr(callback, "cls", None) or callback.view_class
        actions = getattr(callback, "actions", None)
        if actions is not None:  # a viewset route: the methods it maps
            allowed = [m for m in METHODS if m.lower() in actions]
        else:
            allowed = [
                m for m in METHODS if m.lower() in view_class.http_method_names and hasattr(view_class, m.lower())
            ]
        routes.append((pattern.name, template.removeprefix("api/v1/"), allowed))
    return routes


def request(world, role, method, path, body):
    cache.clear()  # throttle counters: each case starts from zero (throttling has tests of its own)
    client = world.client(role)
    return getattr(client, method.lower())(path, body, format="json") if body is not None else client.get(path)


def test_every_route_every_role_every_method(capsys):
    world = build_world()
    world.objects["refresh_a"] = str(RefreshToken.for_user(world.users["seeker_a"]))
    routes = api_routes()
    assert len(routes) >= 40, routes  # the walk found the API

    seen, problems, checked, refused_methods = set(), [], 0, 0
    for name, template, allowed in routes:
        params = template.count("{")
        if params and name not in PATH_OBJECTS:
            problems.append(f"{template}: no object chosen for its path parameters (PATH_OBJECTS[{name!r}])")
            continue
        path = "/api/v1/" + template.format(**(PATH_OBJECTS[name](world) if params else {}))
        path += QUERY.get(template, "")
        for method in METHODS:
            key = (method, template)
            if method not in allowed:
                if key in EXPECTED:
                    problems.append(f"{method} {template}: in EXPECTED but the route does not allow it")
                for role in ("staff", "anonymous"):
                    with transaction.atomic():
                        response = request(world, role, method, path, {} if method != "GET" else None)
                        transaction.set_rollback(True)
                    refused_methods += 1
                    if response.status_code not in (401, 403, 405):
                        problems.append(f"{method} {template} as {role}: {response.status_code}, not refused")
                continue
            seen.add(key)
            if key not in EXPECTED:
                problems.append(f"{method} {template}: no row in EXPECTED (route {name!r})")
                continue
            body = BODIES[key](world) if method != "GET" else None
            if method != "GET" and key not in BODIES:
                problems.append(f"{method} {template}: no body in BODIES")
                continue
            for role, expected in zip(ROLES, EXPECTED[key], strict=True):
                with transaction.atomic():
                    response = request(world, role, method, path, body)
                    transaction.set_rollback(True)
                checked += 1
                if response.status_code != expected:
                    problems.append(
                        f"{method} {path} as {role}: expected {expected}, got {response.status_code} "
                        f"{response.content[:200]!r}"
                    )
    stale = set(EXPECTED) - seen
    problems += [f"{method} {template}: row in EXPECTED for a route that does not exist" for method, template in stale]

    allowed_pairs = sum(len(allowed) for _name, _template, allowed in routes)
    with capsys.disabled():
        print(
            f"\npermission matrix: {len(routes)} routes, {allowed_pairs} route×method pairs × {len(ROLES)} roles"
            f" = {checked} checks; {refused_methods} checks of methods the routes do not allow"
        )
    assert not problems, "\n".join(problems)
    assert checked == allowed_pairs * len(ROLES)


def test_an_interview_for_another_employers_candidate_answers_as_an_unknown_id():
    """Employer B, with its own approved booth at the session, may not record an interview for job seeker A, who
    chose only employer A's vacancy (issue 11 item 1): the answer is the one an id that does not exist gets."""
    world = build_world()
    o = world.objects
    factories.ParticipationFactory(session=o["session"], employer=o["vacancy_b"].employer, vacancies=[o["vacancy_b"]])
    client = world.client("employer_b")
    missing = max(o["registration_a"].pk, 10**6) + 1

    stranger = client.post(
        "/api/v1/interviews/", {"registration": o["registration_a"].pk, "vacancy": o["vacancy_b"].pk}, format="json"
    )
    unknown = client.post("/api/v1/interviews/", {"registration": missing, "vacancy": o["vacancy_b"].pk}, format="json")

    assert stranger.status_code == unknown.status_code == 400
    assert stranger.json() == {"registration": [f'Invalid pk "{o["registration_a"].pk}" - object does not exist.']}
    assert unknown.json() == {"registration": [f'Invalid pk "{missing}" - object does not exist.']}
