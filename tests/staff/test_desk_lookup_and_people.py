"""Issue 12 item 4, the desk for a big day: the desk code, the desk's lookup (QR, desk code, phone, citizen ID,
several matches to choose from), the staff's search of people, their profile and booking by phone."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import PersonalDataAccess
from sessions import selectors
from sessions.models import SHORT_CODE_ALPHABET, Registration
from tests import factories
from tests.helpers import on_session_day, register

pytestmark = pytest.mark.django_db

Kind = PersonalDataAccess.Kind


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def session():
    return factories.JobSessionFactory(job_seeker_capacity=50)


def dashed(code: str) -> str:
    return f"{code[:3]}-{code[3:]}"


# --- the desk code --------------------------------------------------------------------------------------------


def test_every_registration_gets_a_desk_code_without_look_alikes(session):
    registrations = [register(session) for _n in range(30)]

    codes = [r.short_code for r in registrations]
    assert len(set(codes)) == 30
    for code in codes:
        assert len(code) == 6 and code == code.upper() and set(code) <= set(SHORT_CODE_ALPHABET)
        assert not set(code) & set("01OIL")


# --- the desk's lookup ----------------------------------------------------------------------------------------


def test_lookup_by_the_qr_code_and_by_the_desk_code_in_lower_case_with_a_dash(session):
    registration = register(session)
    typed = dashed(registration.short_code).lower()

    assert selectors.desk_lookup(session, registration.check_in_code).matches == [registration]
    by_short = selectors.desk_lookup(session, f" {typed} ")
    assert (by_short.by, by_short.matches) == ("short_code", [registration])
    assert selectors.desk_lookup(session, registration.short_code[:3] + " " + registration.short_code[3:]).exact


def test_lookup_by_phone_in_any_vietnamese_form_finds_everyone_sharing_it(session):
    mother = register(session, factories.JobSeekerFactory(phone="+84912345678", full_name="Lê Thị Hoa"))
    son = register(session, factories.JobSeekerFactory(phone="+84912345678", full_name="Lê Văn Nam"))
    register(session)

    for typed in ("0912345678", "+84912345678", "0912 345 678", "84 912 345 678"):
        lookup = selectors.desk_lookup(session, typed)
        assert lookup.by == "phone" and lookup.matches == [mother, son], typed


def test_lookup_by_citizen_id(session):
    person = factories.JobSeekerFactory()
    registration = register(session, person)

    assert selectors.desk_lookup(session, person.citizen_id).matches == [registration]


def test_lookup_stays_within_the_session(session):
    elsewhere = register(factories.JobSessionFactory())

    for typed in (elsewhere.check_in_code, elsewhere.short_code, elsewhere.job_seeker.phone):
        assert selectors.desk_lookup(session, typed).matches == [], typed


def test_partial_lookup_by_a_name_without_accents_lists_and_never_counts_as_exact(session):
    registration = register(session, factories.JobSeekerFactory(full_name="Nguyễn Thị Đào"))
    register(session, factories.JobSeekerFactory(full_name="Trần Văn An"))

    lookup = selectors.desk_lookup(session, "nguyen thi dao")
    assert (lookup.by, lookup.matches, lookup.exact) == ("partial", [registration], False)
    assert selectors.desk_lookup(session, "x").by == ""  # too little to search by


# --- the desk page --------------------------------------------------------------------------------------------


def test_desk_checks_in_by_the_desk_code_typed_in_lower_case(staff_client, session):
    registration = register(session)
    with on_session_day(session):
        response = staff_client.post(
            reverse("staff:desk_check_in", args=[session.pk]),
            {"code": dashed(registration.short_code).lower()},
            HTTP_HX_REQUEST="true",
        )
    assert 'data-result="ok"' in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == Registration.Status.ATTENDED


def test_desk_lists_the_people_sharing_a_phone_and_checks_in_the_one_chosen(staff_client, session):
    mother = register(session, factories.JobSeekerFactory(phone="+84912345678", full_name="Lê Thị Hoa"))
    son = register(
        session,
        factories.JobSeekerFactory(phone="+84912345678", full_name="Lê Văn Nam", date_of_birth=date(2004, 1, 2)),
    )
    url = reverse("staff:desk_check_in", args=[session.pk])
    with on_session_day(session):
        listed = staff_client.post(url, {"code": "0912 345 678"}, HTTP_HX_REQUEST="true").content.decode()
        assert 'data-result="choose"' in listed
        assert "Lê Thị Hoa" in listed and "Lê Văn Nam" in listed and "2004" in listed
        assert "0912 ••• 678" in listed and "345" not in listed.split("Lê Văn Nam")[1].split("</li>")[0]
        assert Registration.objects.filter(status=Registration.Status.ATTENDED).count() == 0  # nobody yet
        chosen = staff_client.post(url, {"registration": son.pk}, HTTP_HX_REQUEST="true").content.decode()
    assert 'data-result="ok"' in chosen and "Lê Văn Nam" in chosen
    son.refresh_from_db()
    mother.refresh_from_db()
    assert (son.status, mother.status) == (Registration.Status.ATTENDED, Registration.Status.CONFIRMED)


def test_desk_without_javascript_shows_the_list_on_the_page(staff_client, session):
    for name in ("Lê Thị Hoa", "Lê Văn Nam"):
        register(session, factories.JobSeekerFactory(phone="+84912345678", full_name=name))
    with on_session_day(session):
        response = staff_client.post(reverse("staff:desk_check_in", args=[session.pk]), {"code": "0912345678"})
    assert response.status_code == 200
    assert 'data-result="choose"' in response.content.decode()


def test_desk_says_clearly_when_nobody_matches(staff_client, session):
    register(session)
    with on_session_day(session):
        response = staff_client.post(
            reverse("staff:desk_check_in", args=[session.pk]), {"code": "0987654321"}, HTTP_HX_REQUEST="true"
        )
    body = response.content.decode()
    assert 'data-result="refused"' in body and "Không ai đăng ký phiên này" in body


def test_a_choice_from_another_session_is_refused(staff_client, session):
    elsewhere = register(factories.JobSessionFactory())
    with on_session_day(session):
        response = staff_client.post(
            reverse("staff:desk_check_in", args=[session.pk]), {"registration": elsewhere.pk}, HTTP_HX_REQUEST="true"
        )
    assert 'data-result="refused"' in response.content.decode()
    elsewhere.refresh_from_db()
    assert elsewhere.status == Registration.Status.CONFIRMED


def test_a_desk_search_is_recorded_without_the_code(staff_client, session):
    registration = register(session)
    with on_session_day(session):
        staff_client.post(reverse("staff:desk_check_in", args=[session.pk]), {"code": registration.short_code.lower()})
    read = PersonalDataAccess.objects.get(kind=Kind.SEARCH)
    assert read.job_seeker_id == registration.job_seeker_id and read.detail["by"] == "short_code"
    assert registration.short_code not in str(read.detail)


# --- the person's pages ---------------------------------------------------------------------------------------


def test_confirmation_page_shows_the_desk_code(client, session):
    registration = register(session)
    client.force_login(registration.job_seeker.user)
    html = client.get(reverse("web:registration_detail", args=[registration.pk])).content.decode()
    assert dashed(registration.short_code) in html


# --- staff find people, open their profile, book them by phone ------------------------------------------------


def test_staff_find_a_person_by_a_name_typed_without_accents(staff_client):
    wanted = factories.JobSeekerFactory(full_name="Đặng Thị Ngọc Ánh")
    factories.JobSeekerFactory(full_name="Trần Văn An")

    html = staff_client.get(reverse("staff:people"), {"q": "dang thi ngoc anh"}).content.decode()

    assert reverse("staff:person", args=[wanted.pk]) in html and "Trần Văn An" not in html
    read = PersonalDataAccess.objects.get(kind=Kind.SEARCH)
    assert read.job_seeker_id == wanted.pk


@pytest.mark.parametrize("typed", ["0912 000 111", "+84912000111", "DIGITS"])
def test_staff_find_a_person_by_phone_or_citizen_id(staff_client, typed):
    wanted = factories.JobSeekerFactory(phone="+84912000111")
    factories.JobSeekerFactory()
    typed = wanted.citizen_id if typed == "DIGITS" else typed

    found = selectors.job_seeker_search(typed)

    assert list(found) == [wanted]
    assert (
        reverse("staff:person", args=[wanted.pk])
        in staff_client.get(reverse("staff:people"), {"q": typed}).content.decode()
    )


def test_the_search_with_nothing_to_search_by_asks_for_more(staff_client):
    response = staff_client.get(reverse("staff:people"), {"q": "a"})
    assert response.status_code == 200 and 'id="people-none"' in response.content.decode()


def test_profile_shows_the_history_and_its_reading_is_recorded(staff_client, session):
    interview = factories.InterviewFactory(registration__job_seeker__full_name="Phạm Văn Đức")
    person = interview.registration.job_seeker
    register(session, person)

    html = staff_client.get(reverse("staff:person", args=[person.pk])).content.decode()

    assert interview.registration.session.code in html and session.code in html
    assert interview.vacancy.title in html and person.citizen_id in html
    assert PersonalDataAccess.objects.filter(kind=Kind.CONTACT, job_seeker=person).count() == 1


def test_staff_book_a_person_by_phone(staff_client, session):
    person = factories.JobSeekerFactory(email="an@example.vn")

    response = staff_client.post(reverse("staff:person", args=[person.pk]), {"session": session.pk}, follow=True)

    registration = Registration.objects.get(session=session, job_seeker=person)
    assert registration.source == Registration.Source.STAFF and registration.registered_by is not None
    assert "will get no notice" not in response.content.decode()
    assert registration.notifications.exists()


def test_booking_a_person_with_no_reachable_channel_warns_staff_with_the_desk_code(staff_client, session):
    person = factories.JobSeekerFactory(notify_by_sms=False, email="")

    response = staff_client.post(reverse("staff:person", args=[person.pk]), {"session": session.pk}, follow=True)

    registration = Registration.objects.get(session=session, job_seeker=person)
    html = response.content.decode()
    assert "Người này sẽ không nhận được thông báo nào" in html
    assert dashed(registration.short_code) in html
    assert not registration.notifications.exists()


def test_booking_into_a_session_closed_to_registration_is_refused_next_to_the_form(staff_client):
    person = factories.JobSeekerFactory()
    now = timezone.now()
    past = factories.JobSessionFactory(
        starts_at=now - timedelta(days=3),
        ends_at=now - timedelta(days=3, hours=-4),
        registration_opens_at=now - timedelta(days=9),
    )
    response = staff_client.post(reverse("staff:person", args=[person.pk]), {"session": past.pk})
    assert response.status_code == 400
    assert not Registration.objects.filter(job_seeker=person).exists()


def test_an_erased_person_has_no_profile_page(staff_client):
    person = factories.JobSeekerFactory(anonymised_at=timezone.now())
    assert staff_client.get(reverse("staff:person", args=[person.pk])).status_code == 404


def test_people_pages_are_for_staff_only(client):
    person = factories.JobSeekerFactory()
    client.force_login(factories.EmployerUserFactory())
    assert client.get(reverse("staff:people")).status_code == 403
    assert client.get(reverse("staff:person", args=[person.pk])).status_code == 403


def _queries(client, url, params) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params).status_code == 200
    return len(queries)


def test_the_people_search_costs_the_same_queries_for_1_and_30_people(staff_client):
    factories.JobSeekerFactory(full_name="Hoàng Văn Minh 0")
    one = _queries(staff_client, reverse("staff:people"), {"q": "hoang van minh"})
    for n in range(1, 30):
        factories.JobSeekerFactory(full_name=f"Hoàng Văn Minh {n}")
    assert _queries(staff_client, reverse("staff:people"), {"q": "hoang van minh"}) == one


def test_the_profile_costs_the_same_queries_for_1_and_10_registrations(staff_client):
    person = factories.JobSeekerFactory()
    factories.InterviewFactory(registration__job_seeker=person)
    one = _queries(staff_client, reverse("staff:person", args=[person.pk]), {})
    for _n in range(9):
        factories.InterviewFactory(registration__job_seeker=person)
    assert _queries(staff_client, reverse("staff:person", args=[person.pk]), {}) == one
