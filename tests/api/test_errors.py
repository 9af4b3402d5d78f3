"""Bad requests get 400/404/415 with a useful body, never a 500: malformed JSON, wrong types, oversized strings,
unknown or non-numeric ids, silly page numbers, invalid dates. A 409's `detail` is in the request's language."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests import factories
from tests.api.world import build_world

pytestmark = pytest.mark.django_db

HUGE_ID = 10**30
LONG = "ă" * 10_000


@pytest.fixture
def world():
    return build_world()


def send(world, role, method, path, body=None, **extra):
    client = world.client(role)
    if method == "get":
        return client.get(path, body, **extra)
    return getattr(client, method)(path, body, format="json", **extra)


# --- malformed bodies -----------------------------------------------------------------------------------------

WRITES = [
    ("anonymous", "post", "/api/v1/auth/token/"),
    ("anonymous", "post", "/api/v1/auth/signup/job-seeker/"),
    ("anonymous", "post", "/api/v1/auth/signup/employer/"),
    ("seeker_a", "patch", "/api/v1/me/"),
    ("staff", "post", "/api/v1/sessions/"),
    ("staff", "post", "/api/v1/sessions/schedule/"),
    ("staff", "post", "/api/v1/check-ins/"),
    ("staff", "post", "/api/v1/venues/"),
    ("employer_a", "post", "/api/v1/vacancies/"),
    ("employer_a", "post", "/api/v1/interviews/"),
    ("staff", "post", "/api/v1/plan-targets/"),
]


MALFORMED = ["{bad json", '{"title": "x",}', "\xff\xfe", "[1, 2", '"just a string"', "null", "[]", "", "1e999999"]


@pytest.mark.parametrize(("role", "method", "path"), WRITES)
def test_malformed_or_non_object_json_is_a_400(world, role, method, path):
    client = world.client(role)
    wrong = {}
    for raw in MALFORMED:
        if raw == "" and method == "patch":
            continue  # an empty PATCH changes nothing: 200 is right
        response = getattr(client, method)(
            path, raw.encode("utf-8", "surrogateescape"), content_type="application/json"
        )
        if response.status_code != 400 or not response.json():
            wrong[raw] = (response.status_code, response.content[:120])

    assert not wrong


def test_a_body_that_is_not_json_is_a_415(world):
    response = world.client("staff").post("/api/v1/check-ins/", "code=abc", content_type="text/plain")

    assert response.status_code == 415


def test_form_encoded_bodies_are_refused_too(world):
    response = world.client("staff").post(
        "/api/v1/check-ins/", "code=abc", content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 415


def test_path_ids_in_nested_bodies_malformed(world):
    response = world.client("staff").patch(
        f"/api/v1/sessions/{world.session.pk}/", {"target_cohorts": {"a": 1}}, format="json"
    )

    assert response.status_code == 400


# --- wrong types ------------------------------------------------------------------------------------------------


def session_body(w, **change):
    body = {
        "title": "Phiên định kỳ",
        "kind": "periodic",
        "format": "in_person",
        "venue": w.venue.pk,
        "starts_at": "2027-06-01T08:00:00+07:00",
        "ends_at": "2027-06-01T11:00:00+07:00",
    }
    return {**body, **change}


WRONG_TYPES = [
    ("staff", "post", "/api/v1/sessions/", lambda w: session_body(w, employer_capacity="nhiều"), "employer_capacity"),
    ("staff", "post", "/api/v1/sessions/", lambda w: session_body(w, title=["a", "b"]), "title"),
    ("staff", "post", "/api/v1/sessions/", lambda w: session_body(w, title={"vi": "x"}), "title"),
    ("staff", "post", "/api/v1/sessions/", lambda w: session_body(w, venue="abc"), "venue"),
    ("staff", "post", "/api/v1/sessions/", lambda w: session_body(w, venue=[1]), "venue"),
    ("staff", "post", "/api/v1/sessions/", lambda w: session_body(w, cohort_only="maybe"), "cohort_only"),
    ("staff", "post", "/api/v1/sessions/", lambda w: session_body(w, target_cohorts="disabled"), "target_cohorts"),
    ("staff", "post", "/api/v1/sessions/", lambda w: session_body(w, starts_at=1_800_000_000), "starts_at"),
    ("staff", "post", "/api/v1/sessions/", lambda w: session_body(w, starts_at="2027-02-30T08:00"), "starts_at"),
    ("staff", "post", "/api/v1/sessions/", lambda w: session_body(w, job_seeker_capacity=1.5), "job_seeker_capacity"),
    ("staff", "post", "/api/v1/sessions/", lambda w: session_body(w, employer_capacity=10**40), "employer_capacity"),
    (
        "staff",
        "post",
        "/api/v1/sessions/schedule/",
        lambda w: {
            "title": "x",
            "venue": w.venue.pk,
            "weekdays": "1,2",
            "start_time": "8h",
            "end_time": "11:00",
            "date_from": "2027-01-01",
            "date_to": "2027-01-31",
        },
        "weekdays",
    ),
    ("employer_a", "post", "/api/v1/vacancies/", lambda w: {"title": "x", "occupation": 2411, "ward": 70}, "ward"),
    (
        "employer_a",
        "post",
        "/api/v1/vacancies/",
        lambda w: {"title": "x", "occupation": "2411", "ward": "00070", "quantity": "three"},
        "quantity",
    ),
    (
        "employer_a",
        "post",
        "/api/v1/vacancies/",
        lambda w: {"title": "x", "occupation": "2411", "ward": "00070", "salary_min": "9tr"},
        "salary_min",
    ),
    (
        "employer_a",
        "post",
        "/api/v1/vacancies/",
        lambda w: {"title": "x", "occupation": "2411", "ward": "00070", "benefits": "meals"},
        "benefits",
    ),
    ("seeker_b", "post", "/api/v1/sessions/{session}/registrations/", lambda w: {"vacancies": "1"}, "vacancies"),
    ("staff", "post", "/api/v1/sessions/{session}/registrations/", lambda w: {"job_seeker": "abc"}, "job_seeker"),
    ("staff", "post", "/api/v1/sessions/{session}/registrations/", lambda w: {"job_seeker": True}, "job_seeker"),
    ("staff", "post", "/api/v1/check-ins/", lambda w: {"code": ["a"]}, "code"),
    ("staff", "post", "/api/v1/check-ins/", lambda w: {"code": {"a": 1}}, "code"),
    ("staff", "post", "/api/v1/employers/{employer_a}/verify/", lambda w: {"decision": ["verified"]}, "decision"),
    ("anonymous", "post", "/api/v1/auth/signup/job-seeker/", lambda w: {"accept_terms": "có"}, "accept_terms"),
    ("anonymous", "post", "/api/v1/auth/signup/job-seeker/", lambda w: {"cohorts": "disabled"}, "cohorts"),
    ("anonymous", "post", "/api/v1/auth/token/", lambda w: {"username": ["x"], "password": "y"}, "username"),
    ("seeker_a", "patch", "/api/v1/me/", lambda w: {"wanted_salary": "mười triệu"}, "wanted_salary"),
    ("employer_a", "put", "/api/v1/interviews/{interview_a}/outcome/", lambda w: {"status": 1}, "status"),
    ("staff", "post", "/api/v1/plan-targets/", lambda w: {"year": "năm nay", "metric": "x", "target": 1}, "year"),
]


def fill(path: str, w) -> str:
    return path.format(session=w.session.pk, employer_a=w.employer_a.pk, interview_a=w.interview_a.pk, venue=w.venue.pk)


@pytest.mark.parametrize(("role", "method", "path", "body", "field"), WRONG_TYPES)
def test_wrong_types_are_a_400_naming_the_field(world, role, method, path, body, field):
    response = send(world, role, method, fill(path, world), body(world))

    assert response.status_code == 400, response.content
    assert field in response.json(), response.json()


# --- oversized input --------------------------------------------------------------------------------------------

OVERSIZED = [
    ("staff", "post", "/api/v1/sessions/", lambda w: session_body(w, title=LONG), "title"),
    ("staff", "patch", "/api/v1/sessions/{session}/", lambda w: {"description": LONG * 2}, "description"),
    ("staff", "post", "/api/v1/sessions/{session}/cancel/", lambda w: {"reason": LONG}, "reason"),
    ("staff", "post", "/api/v1/venues/", lambda w: {"name": LONG, "kind": "external", "address": "x"}, "name"),
    (
        "employer_a",
        "post",
        "/api/v1/vacancies/",
        lambda w: {"title": LONG, "occupation": "1", "ward": "00070"},
        "title",
    ),
    ("employer_a", "patch", "/api/v1/employers/{employer_a}/", lambda w: {"name": LONG}, "name"),
    ("employer_a", "patch", "/api/v1/interviews/{interview_a}/", lambda w: {"notes": LONG}, "notes"),
    ("seeker_a", "patch", "/api/v1/me/", lambda w: {"skills": LONG}, "skills"),
    ("staff", "post", "/api/v1/check-ins/", lambda w: {"code": LONG}, "code"),
    ("anonymous", "post", "/api/v1/auth/signup/job-seeker/", lambda w: {"password": LONG}, "password"),
    ("anonymous", "post", "/api/v1/auth/signup/employer/", lambda w: {"tax_code": LONG}, "tax_code"),
]


@pytest.mark.parametrize(("role", "method", "path", "body", "field"), OVERSIZED)
def test_oversized_strings_are_a_400(world, role, method, path, body, field):
    response = send(world, role, method, fill(path, world), body(world))

    assert response.status_code == 400, response.content
    assert field in response.json()


@pytest.mark.parametrize("path", ["sessions", "vacancies", "employers", "administrative-units"])
def test_an_oversized_q_is_a_400(world, path):
    response = world.client("staff").get(f"/api/v1/{path}/", {"q": "kế toán " * 1_250})

    assert response.status_code == 400
    assert "q" in response.json()


def test_a_very_large_body_is_refused_not_crashed(world):
    response = world.client("staff").post(
        "/api/v1/check-ins/", b'{"code": "' + b"x" * 3_000_000 + b'"}', content_type="application/json"
    )

    assert response.status_code in (400, 413)


# --- ids in bodies and paths ------------------------------------------------------------------------------------

UNKNOWN_IN_BODY = [
    ("staff", "post", "/api/v1/sessions/", lambda w: session_body(w, venue=987654321), "venue"),
    ("staff", "post", "/api/v1/sessions/", lambda w: session_body(w, venue=HUGE_ID), "venue"),
    ("staff", "post", "/api/v1/sessions/", lambda w: session_body(w, venue=-1), "venue"),
    ("staff", "post", "/api/v1/sessions/", lambda w: session_body(w, ward="99999"), "ward"),
    ("staff", "post", "/api/v1/sessions/{session}/registrations/", lambda w: {"job_seeker": HUGE_ID}, "job_seeker"),
    ("seeker_b", "post", "/api/v1/sessions/{session}/registrations/", lambda w: {"vacancies": [HUGE_ID]}, "vacancies"),
    ("employer_a", "post", "/api/v1/sessions/{session}/participations/", lambda w: {"vacancies": [0]}, "vacancies"),
    (
        "employer_a",
        "post",
        "/api/v1/interviews/",
        lambda w: {"registration": HUGE_ID, "vacancy": w.vacancy_a.pk},
        "registration",
    ),
    (
        "staff",
        "post",
        "/api/v1/vacancies/",
        lambda w: {"employer": HUGE_ID, "title": "x", "occupation": "1"},
        "employer",
    ),
    ("anonymous", "post", "/api/v1/auth/signup/employer/", lambda w: {"ward": "0" * 500}, "ward"),
]


@pytest.mark.parametrize(("role", "method", "path", "body", "field"), UNKNOWN_IN_BODY)
def test_unknown_ids_in_bodies_are_a_400(world, role, method, path, body, field):
    response = send(world, role, method, fill(path, world), body(world))

    assert response.status_code == 400, response.content
    assert field in response.json()


PATHS_WITH_IDS = [
    ("get", "sessions/{}/"),
    ("patch", "sessions/{}/"),
    ("post", "sessions/{}/publish/"),
    ("post", "sessions/{}/cancel/"),
    ("post", "sessions/{}/complete/"),
    ("post", "sessions/{}/registrations/"),
    ("post", "sessions/{}/participations/"),
    ("get", "sessions/{}/candidates/"),
    ("get", "registrations/{}/"),
    ("post", "registrations/{}/cancel/"),
    ("get", "venues/{}/"),
    ("patch", "venues/{}/"),
    ("get", "vacancies/{}/"),
    ("patch", "vacancies/{}/"),
    ("get", "employers/{}/"),
    ("patch", "employers/{}/"),
    ("post", "employers/{}/verify/"),
    ("get", "participations/{}/"),
    ("post", "participations/{}/approve/"),
    ("post", "participations/{}/reject/"),
    ("post", "participations/{}/withdraw/"),
    ("get", "interviews/{}/"),
    ("patch", "interviews/{}/"),
    ("put", "interviews/{}/outcome/"),
    ("get", "notifications/{}/"),
    ("post", "notifications/{}/retry/"),
    ("get", "reports/sessions/{}/"),
    ("get", "cohorts/{}/"),
    ("get", "administrative-units/{}/"),
]
BAD_IDS = ["987654321", "abc", "-1", "0", str(HUGE_ID), "1e3", "1.0", "%E1%BA%A1", "1%20", "%00", "null"]
# The role that passes the route's permission, so that the lookup itself answers.
ROLE_FOR = {"sessions/{}/participations/": "employer_a"}


@pytest.mark.parametrize(("method", "template"), PATHS_WITH_IDS)
def test_unknown_or_malformed_ids_in_paths_are_a_404(world, method, template):
    """Paths declared `<int:pk>` do not even match a non-numeric id (404 from the URL conf); router paths take
    anything without a slash or a dot, and the lookup must answer 404 for all of it."""
    body = {"status": "offered"} if template.endswith("outcome/") else ({} if method != "get" else None)
    role = ROLE_FOR.get(template, "staff")

    answers = {bad_id: send(world, role, method, "/api/v1/" + template.format(bad_id), body) for bad_id in BAD_IDS}

    wrong = {bad_id: (r.status_code, r.content[:120]) for bad_id, r in answers.items() if r.status_code != 404}
    assert not wrong


@pytest.mark.parametrize("role", ["employer_a", "seeker_b"])
def test_a_non_numeric_session_id_is_a_404_when_registering(world, role):
    response = send(world, role, "post", "/api/v1/sessions/abc/registrations/", {})

    assert response.status_code in (403, 404)


# --- query parameters -------------------------------------------------------------------------------------------


def test_page_size_is_capped_at_100(world):
    response = world.client("anonymous").get("/api/v1/administrative-units/", {"page_size": 1000})

    assert response.status_code == 200
    assert len(response.json()["results"]) == 100
    assert response.json()["count"] > 3_000


@pytest.mark.parametrize("page_size", ["-1", "0", "abc", "1e9", str(HUGE_ID)])
def test_odd_page_sizes_fall_back_to_the_default(world, page_size):
    response = world.client("anonymous").get("/api/v1/administrative-units/", {"page_size": page_size})

    assert response.status_code == 200
    assert len(response.json()["results"]) in (20, 100)


@pytest.mark.parametrize("page", ["999999", str(HUGE_ID), "0", "-1", "abc", "last2"])
def test_pages_that_do_not_exist_are_a_404(world, page):
    response = world.client("anonymous").get("/api/v1/administrative-units/", {"page": page})

    assert response.status_code == 404
    assert response.json()["detail"]


def test_the_last_page_by_name(world):
    response = world.client("anonymous").get("/api/v1/administrative-units/", {"page": "last"})

    assert response.status_code == 200
    assert response.json()["next"] is None


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("sessions", {"date_from": "2026-13-45"}),
        ("sessions", {"date_to": "hôm qua"}),
        ("sessions", {"date_from": "2026-02-30"}),
        ("sessions", {"venue": "abc"}),
        ("sessions", {"kind": "festival"}),
        ("sessions", {"format": "json"}),
        ("sessions", {"status": ["draft", "x"]}),
        ("vacancies", {"salary_min": "mười"}),
        ("vacancies", {"salary_min": "NaN"}),
        ("vacancies", {"salary_min": "Infinity"}),
        ("vacancies", {"session": "abc"}),
        ("vacancies", {"employer": "1.5.3"}),
        ("vacancies", {"education": "phd"}),
        ("registrations", {"session": "abc"}),
        ("registrations", {"status": "nope"}),
        ("participations", {"session": "x"}),
        ("interviews", {"vacancy": "x"}),
        ("notifications", {"status": "lost"}),
        ("employers", {"verification": "maybe"}),
        ("administrative-units", {"level": "district"}),
        ("plan-targets", {"year": "năm"}),
        ("reports/summary", {"date_from": "2026-00-01", "date_to": "2026-12-31"}),
    ],
)
def test_bad_filters_are_a_400(world, path, params):
    response = world.client("staff").get(f"/api/v1/{path}/", params)

    assert response.status_code == 400, response.content
    assert response.json()


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("sessions", {"venue": str(HUGE_ID)}),
        ("sessions", {"venue": "-5"}),
        ("sessions", {"ward": "x" * 300}),
        ("sessions", {"cohort": "x" * 300}),
        ("sessions", {"date_from": "9999-12-31"}),
        ("sessions", {"date_to": "0001-01-01"}),
        ("vacancies", {"salary_min": "1e400"}),
        ("vacancies", {"salary_min": str(HUGE_ID)}),
        ("vacancies", {"session": str(HUGE_ID)}),
        ("vacancies", {"employer": str(HUGE_ID)}),
        ("vacancies", {"occupation": "99999"}),
        ("vacancies", {"province": "x" * 300}),
        ("registrations", {"session": str(HUGE_ID)}),
        ("participations", {"session": str(HUGE_ID)}),
        ("interviews", {"session": str(HUGE_ID)}),
        ("notifications", {"session": str(HUGE_ID)}),
        ("plan-targets", {"year": str(HUGE_ID)}),
        ("employers", {"ward": "\x00"}),
    ],
)
def test_extreme_but_well_formed_filters_answer_without_crashing(world, path, params):
    response = world.client("staff").get(f"/api/v1/{path}/", params)

    assert response.status_code in (200, 400), response.content
    if response.status_code == 200:
        assert response.json()["count"] == 0 or path == "sessions"


def test_nul_characters_in_q_are_not_a_crash(world):
    response = world.client("staff").get("/api/v1/vacancies/", {"q": "ke\x00toan"})

    assert response.status_code in (200, 400)


def test_nul_characters_in_bodies_are_a_400(world):
    response = world.client("staff").patch(
        f"/api/v1/sessions/{world.session.pk}/", {"title": "Phiên\x00"}, format="json"
    )

    assert response.status_code == 400
    assert "title" in response.json()


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/api/v1/vacancies/", {"occupation": "\x00"}),
        ("/api/v1/vacancies/", {"ward": "00\x0070"}),
        ("/api/v1/sessions/", {"cohort": "\x00"}),
    ],
)
def test_nul_characters_in_filters_are_a_400_not_a_crash(world, path, params):
    response = world.client("anonymous").get(path, params)

    assert response.status_code in (200, 400)


def test_nul_characters_in_a_reference_code_are_a_400(world):
    response = world.client("anonymous").post(
        "/api/v1/auth/signup/job-seeker/",
        {
            "password": "Mat-khau-2026!",
            "full_name": "Nguyễn Văn Nam",
            "phone": "0912000111",
            "accept_terms": True,
            "ward": "\x00",
        },
        format="json",
    )

    assert response.status_code == 400


# --- 409 in the request's language ------------------------------------------------------------------------------


@pytest.fixture
def closed_session(db):
    now = timezone.now()
    session = factories.JobSessionFactory(registration_opens_at=now - timedelta(days=5))
    session.registration_closes_at = now - timedelta(hours=1)
    session.save(update_fields=["registration_closes_at"])
    return session


def test_a_409_speaks_vietnamese_by_default_and_english_on_request(settings, seeker_a_client, closed_session):
    settings.LANGUAGE_CODE = "vi"  # the project's default (the API tests' fixture sets English)
    url = f"/api/v1/sessions/{closed_session.pk}/registrations/"

    default = seeker_a_client.post(url, {}, format="json")
    vietnamese = seeker_a_client.post(url, {}, format="json", HTTP_ACCEPT_LANGUAGE="vi")
    english = seeker_a_client.post(url, {}, format="json", HTTP_ACCEPT_LANGUAGE="en")
    english_first = seeker_a_client.post(url, {}, format="json", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9,vi;q=0.5")

    assert default.status_code == vietnamese.status_code == english.status_code == 409
    closed = f"{timezone.localtime(closed_session.registration_closes_at):%H:%M %d/%m/%Y}"
    assert default.json() == {"code": "registration_closed", "detail": f"Phiên này đã đóng đăng ký lúc {closed}."}
    assert vietnamese.json() == default.json()
    assert english.json() == {
        "code": "registration_closed",
        "detail": f"Registration for this session closed at {closed}.",
    }
    assert english_first.json() == english.json()
    assert english["Content-Language"] == "en" and default["Content-Language"] == "vi"


def test_field_errors_follow_the_language_too(settings, staff_client):
    settings.LANGUAGE_CODE = "vi"

    english = staff_client.post("/api/v1/check-ins/", {}, format="json", HTTP_ACCEPT_LANGUAGE="en")
    vietnamese = staff_client.post("/api/v1/check-ins/", {}, format="json")

    assert english.json() == {"code": ["This field is required."]}
    assert vietnamese.json()["code"] != english.json()["code"]


def test_an_address_the_api_does_not_have_answers_json_and_a_page_stays_a_page(client):
    api = client.get("/api/v1/reports/sessions/abc/", HTTP_ACCEPT_LANGUAGE="vi")
    english = client.get("/api/v1/reports/sessions/abc/", HTTP_ACCEPT_LANGUAGE="en")
    page = client.get("/no-such-page/")

    assert api.status_code == 404 and api.json() == {"detail": "Không tìm thấy."}
    assert english.json() == {"detail": "Not found."}
    assert page.status_code == 404 and page["Content-Type"].startswith("text/html")
