"""The public pages: home with filters, session page, vacancy search, error pages, language switch."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from sessions.models import SessionKind, SessionStatus
from tests import factories

pytestmark = pytest.mark.django_db


def test_home_lists_upcoming_sessions_in_vietnamese_by_default(anon, fair, booth):
    response = anon.get(reverse("web:home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="vi">' in html
    assert fair.title in html
    assert "Trung tâm Dịch vụ việc làm Hà Nội" in html  # the footer
    assert "215 Trung Kính" in html
    assert 'href="tel:' in html and 'href="mailto:' in html
    assert "cdn" not in html.lower()  # everything is served from our own static files


def test_home_hides_drafts_cancelled_and_past_sessions(anon, fair):
    draft = factories.JobSessionFactory(title="Bản nháp ẩn", status=SessionStatus.DRAFT)
    cancelled = factories.JobSessionFactory(title="Phiên đã hủy", status=SessionStatus.CANCELLED)
    past = factories.JobSessionFactory(
        title="Phiên đã qua",
        starts_at=timezone.now() - timezone.timedelta(days=3),
        registration_opens_at=timezone.now() - timezone.timedelta(days=9),
    )
    html = anon.get(reverse("web:home")).content.decode()
    assert fair.title in html
    for hidden in (draft, cancelled, past):
        assert hidden.title not in html


def test_home_search_ignores_accents(anon, fair):
    other = factories.JobSessionFactory(title="Ngày hội việc làm thanh niên", kind=SessionKind.JOB_DAY)
    html = anon.get(reverse("web:home"), {"q": "dinh ky thang 3"}).content.decode()
    assert fair.title in html and other.title not in html
    html = anon.get(reverse("web:home"), {"kind": "job_day"}).content.decode()
    assert other.title in html and fair.title not in html


def test_home_filters_by_cohort_ward_and_dates(anon, fair):
    disabled = factories.cohort()
    themed = factories.JobSessionFactory(title="Phiên chuyên đề người khuyết tật", kind=SessionKind.THEMATIC)
    themed.target_cohorts.set([disabled])
    html = anon.get(reverse("web:home"), {"cohort": "disabled"}).content.decode()
    assert themed.title in html and fair.title not in html
    html = anon.get(reverse("web:home"), {"ward": fair.ward_id or fair.venue.ward_id}).content.decode()
    assert fair.title in html
    day = timezone.localtime(fair.starts_at).date()
    html = anon.get(reverse("web:home"), {"date_from": day.isoformat(), "date_to": day.isoformat()}).content.decode()
    assert fair.title in html
    html = anon.get(reverse("web:home"), {"date_from": (day + timezone.timedelta(days=1)).isoformat()}).content.decode()
    assert fair.title not in html


@pytest.mark.parametrize(
    "params",
    [
        {"date_from": "not-a-date"},
        {"kind": "nonsense", "cohort": "nope", "ward": "99999"},
        {"page": "abc"},
        {"page": "99999"},
        {"q": "x" * 500},
        {"date_from": "2026-05-10", "date_to": "2026-05-01"},
        {"q": "\x00'; drop table --"},
    ],
)
def test_home_survives_garbage_and_shows_the_error_next_to_the_field(anon, fair, params):
    response = anon.get(reverse("web:home"), params)
    assert response.status_code == 200


def test_home_date_error_is_shown_inline_in_vietnamese(anon, fair):
    response = anon.get(reverse("web:home"), {"date_from": "2026-05-10", "date_to": "2026-05-01"})
    html = response.content.decode()
    assert 'id="id_date_to_error"' in html
    assert 'aria-invalid="true"' in html
    assert "Ngày này không được trước" in html


def test_home_htmx_request_returns_only_the_results(anon, fair):
    response = anon.get(reverse("web:home"), {"q": "dinh ky"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert fair.title in html
    assert 'hx-swap-oob="innerHTML"' in html  # the live result count is updated out of band


def test_session_page_shows_when_where_accessibility_employers_and_seats(anon, fair, booth, vacancy, employer):
    response = anon.get(reverse("web:session_detail", args=[fair.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert fair.venue.address in html
    assert "Có lối đi cho xe lăn" in html
    assert employer.name in html
    assert vacancy.title in html
    assert "Còn 2 chỗ" in html
    assert reverse("accounts:login") + "?next=" + reverse("web:register", args=[fair.pk]) in html


def test_session_page_shows_waitlist_when_full(anon, fair):
    factories.RegistrationFactory.create_batch(2, session=fair)
    html = anon.get(reverse("web:session_detail", args=[fair.pk])).content.decode()
    assert "danh sách chờ" in html


def test_online_session_shows_its_link_but_not_the_employers_rooms(anon, employer, vacancy):
    session = factories.JobSessionFactory(
        kind=SessionKind.ONLINE, format="online", venue=None, online_url="https://meet.example.vn/pgd"
    )
    factories.ParticipationFactory(
        session=session, employer=employer, vacancies=[vacancy], online_room_url="https://meet.example.vn/room-1"
    )
    html = anon.get(reverse("web:session_detail", args=[session.pk])).content.decode()
    assert "https://meet.example.vn/pgd" in html
    assert "https://meet.example.vn/room-1" not in html  # for the people registered for its vacancies only


def test_a_job_days_booth_list_is_rendered_once_and_again_whenever_what_it_shows_changes(
    anon, django_assert_num_queries
):
    """The list of booths (100+ on a job day) is a cached fragment keyed on what it shows (issue 14 item 7)."""
    job_day = factories.JobSessionFactory(kind=SessionKind.JOB_DAY, employer_capacity=200)
    booths = factories.ParticipationFactory.create_batch(30, session=job_day)
    url = reverse("web:session_detail", args=[job_day.pk])
    with django_assert_num_queries(
        6
    ) as first:  # the session, its cohorts, provinces, the booths' stamp, booths, vacancies
        html = anon.get(url).content.decode()
    assert booths[0].employer.name in html and booths[29].vacancies.get().title in html
    with django_assert_num_queries(len(first) - 2):  # neither the booths nor their vacancies read again
        again = anon.get(url).content.decode()

    def booth_list(page):
        return page[page.index('class="vacancy-card"') : page.rindex("</section>")]

    assert booth_list(again) == booth_list(html)

    vacancy = booths[3].vacancies.get()
    vacancy.title = "Thợ hàn điện bậc 3"
    vacancy.save()
    assert "Thợ hàn điện bậc 3" in anon.get(url).content.decode()
    employer = booths[4].employer
    employer.name = "Công ty TNHH Mới Đổi Tên"
    employer.save()
    assert "Công ty TNHH Mới Đổi Tên" in anon.get(url).content.decode()
    late = factories.ParticipationFactory(session=job_day)  # a booth approved since
    assert late.employer.name in anon.get(url).content.decode()
    booths[5].vacancies.add(extra := factories.VacancyFactory(employer=booths[5].employer, title="Lái xe nâng"))
    assert extra.title in anon.get(url).content.decode()
    booths[5].vacancies.remove(extra)
    assert extra.title not in anon.get(url).content.decode()
    booths[6].status = "withdrawn"
    booths[6].save()
    assert booths[6].employer.name not in anon.get(url).content.decode()
    vietnamese = anon.get(url).content.decode()
    english = anon.get(url, HTTP_COOKIE="django_language=en").content.decode()  # each language its own copy
    assert " chỉ tiêu" in vietnamese and " chỉ tiêu" not in english
    assert " places" in english and " places" not in vietnamese


def test_draft_or_missing_session_is_a_friendly_404(anon):
    draft = factories.JobSessionFactory(status=SessionStatus.DRAFT)
    for url in (reverse("web:session_detail", args=[draft.pk]), "/sessions/999999/", "/khong-co-trang-nay/"):
        response = anon.get(url)
        assert response.status_code == 404
        assert "Không tìm thấy trang này" in response.content.decode()


def test_vacancy_search_is_accent_insensitive_and_shows_only_open_vacancies_of_verified_employers(anon, vacancy):
    closed = factories.VacancyFactory(title="Kế toán kho đã đóng", status="closed")
    pending = factories.VacancyFactory(
        title="Kế toán chờ xác minh", employer=factories.EmployerFactory(verification="pending")
    )
    response = anon.get(reverse("web:vacancy_list"), {"q": "ke toan"})
    html = response.content.decode()
    assert response.status_code == 200
    assert vacancy.title in html
    assert closed.title not in html and pending.title not in html
    assert anon.get(reverse("web:vacancy_detail", args=[vacancy.pk])).status_code == 200
    assert anon.get(reverse("web:vacancy_detail", args=[closed.pk])).status_code == 404
    assert anon.get(reverse("web:vacancy_detail", args=[pending.pk])).status_code == 404


def test_vacancy_search_filters(anon, vacancy, fair, booth):
    other = factories.VacancyFactory(title="Thợ hàn", occupation="7212", salary_min=5_000_000, salary_max=6_000_000)
    html = anon.get(reverse("web:vacancy_list"), {"salary_min": 10_000_000}).content.decode()
    assert vacancy.title in html and other.title not in html
    html = anon.get(reverse("web:vacancy_list"), {"session": fair.pk}).content.decode()
    assert vacancy.title in html and other.title not in html
    html = anon.get(reverse("web:vacancy_list"), {"province": "01"}).content.decode()
    assert vacancy.title in html


@pytest.mark.parametrize(
    "params", [{"salary_min": "abc"}, {"session": "abc"}, {"province": "zz"}, {"education": "x"}, {"salary_min": "-5"}]
)
def test_vacancy_search_survives_garbage(anon, vacancy, params):
    response = anon.get(reverse("web:vacancy_list"), params)
    assert response.status_code == 200


def test_language_switch_is_remembered(anon, fair):
    response = anon.post(reverse("set_language"), {"language": "en", "next": reverse("web:home")})
    assert response.status_code == 302
    assert response.cookies["django_language"]["max-age"] >= 60 * 60 * 24 * 300
    html = anon.get(reverse("web:home")).content.decode()
    assert '<html lang="en">' in html
    assert "Upcoming job-exchange sessions" in html
    html = anon.get(reverse("web:vacancy_list")).content.decode()
    assert '<html lang="en">' in html


def test_500_page_renders_without_any_context():
    html = render_to_string("500.html")
    assert "Xin lỗi" in html and "Sorry" in html


def test_privacy_page(anon):
    assert anon.get(reverse("web:privacy")).status_code == 200


def test_ward_options_for_htmx(anon):
    factories.ward()
    response = anon.get(reverse("accounts:ward_options"), {"province": "01"})
    assert response.status_code == 200
    assert '<option value="00070">' in response.content.decode()
    assert anon.get(reverse("accounts:ward_options"), {"province": "<script>"}).status_code == 400  # not a code


def test_web_pages_are_vietnamese_first_whatever_the_browser_language(anon, fair):
    html = anon.get(reverse("web:home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="vi">' in html
    # The API keeps answering in the request's language (DESIGN §5).
    response = anon.post("/api/v1/registrations/1/cancel/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code in (401, 403)
    assert response.headers.get("Content-Language") == "en"


BIG = "99999999999999999999999"


@pytest.mark.parametrize(
    "url",
    [f"/sessions/{BIG}/", f"/vacancies/{BIG}/", f"/vacancies/?session={BIG}", f"/?page={BIG}", "/?q=a%00b"],
)
def test_out_of_range_ids_and_null_bytes_never_fail(anon, fair, url):
    anon.raise_request_exception = False
    assert anon.get(url).status_code in (200, 404)
