"""`q` on sessions, vacancies and employers: accent- and case-insensitive, đ = d, every word must appear; on
PostgreSQL a trigram GIN index over the folded text serves the LIKE (migration jobsessions 0004)."""

import unicodedata

import pytest
from django.db import connection

from sessions.filters import VacancyFilter
from sessions.models import Vacancy
from tests import factories

pytestmark = pytest.mark.django_db

INDEXES = {
    "session_search_trgm": ("jobsessions_jobsession", "search_text"),
    "vacancy_search_trgm": ("jobsessions_vacancy", "search_text"),
    "employer_search_trgm": ("accounts_employer", "search_text"),
    "adminunit_search_trgm": ("accounts_administrativeunit", "search_name"),
}

QUERIES = {
    "ke toan": "accounting",
    "KẾ TOÁN": "accounting",
    "Kế Toán Tổng Hợp": "accounting",
    unicodedata.normalize("NFD", "kế toán"): "accounting",  # decomposed input, as some keyboards type it
    "toan ke": "accounting",  # word order does not matter
    "dong da": "dong_da",
    "ĐỐNG ĐA": "dong_da",
    "da nang": "da_nang",
    "Đà Nẵng": "da_nang",
}


@pytest.fixture
def texts(employer_a):
    """One row per text in each searchable list, plus a row that matches none of the queries."""
    other = factories.EmployerFactory(name="Công ty TNHH Thực phẩm Hà Đông")
    return {
        "vacancies": {
            "accounting": factories.VacancyFactory(employer=employer_a, title="Kế toán tổng hợp").pk,
            "dong_da": factories.VacancyFactory(employer=employer_a, title="Nhân viên bán hàng tại Đống Đa").pk,
            "da_nang": factories.VacancyFactory(employer=employer_a, title="Lễ tân khách sạn Đà Nẵng").pk,
            "none": factories.VacancyFactory(employer=other, title="Thợ hàn").pk,
        },
        "sessions": {
            "accounting": factories.JobSessionFactory(title="Phiên chuyên đề Kế toán tổng hợp").pk,
            "dong_da": factories.JobSessionFactory(title="Phiên lưu động phường Đống Đa").pk,
            "da_nang": factories.JobSessionFactory(title="Phiên trực tuyến kết nối Đà Nẵng").pk,
            "none": factories.JobSessionFactory(title="Phiên định kỳ").pk,
        },
        "employers": {
            "accounting": factories.EmployerFactory(name="Công ty Dịch vụ Kế toán Tổng hợp An Phát").pk,
            "dong_da": factories.EmployerFactory(name="Công ty Cổ phần May Đống Đa").pk,
            "da_nang": factories.EmployerFactory(name="Công ty TNHH Du lịch Đà Nẵng Xanh").pk,
            "none": other.pk,
        },
    }


@pytest.mark.parametrize("endpoint", ["vacancies", "sessions", "employers"])
@pytest.mark.parametrize("q", list(QUERIES))
def test_q_ignores_accents_case_and_d(staff_client, texts, endpoint, q):
    response = staff_client.get(f"/api/v1/{endpoint}/", {"q": q})

    assert response.status_code == 200, response.content
    assert [row["id"] for row in response.json()["results"]] == [texts[endpoint][QUERIES[q]]]


@pytest.mark.parametrize("endpoint", ["vacancies", "sessions"])
def test_the_public_searches_too(anon_client, texts, endpoint):
    response = anon_client.get(f"/api/v1/{endpoint}/", {"q": "ke toan"})

    assert [row["id"] for row in response.json()["results"]] == [texts[endpoint]["accounting"]]


def test_every_word_must_appear(anon_client, texts):
    assert anon_client.get("/api/v1/vacancies/", {"q": "ke toan da nang"}).json()["count"] == 0


def test_like_wildcards_in_q_are_literal(anon_client, texts):
    assert anon_client.get("/api/v1/vacancies/", {"q": "%"}).json()["count"] == 0
    assert anon_client.get("/api/v1/vacancies/", {"q": "_"}).json()["count"] == 0


def test_search_text_follows_a_change_of_title(employer_a_client, texts):
    vacancy_id = texts["vacancies"]["none"]
    vacancy = Vacancy.objects.get(pk=vacancy_id)
    vacancy.title = "Kỹ sư điện Đông Anh"
    vacancy.save(update_fields=["title"])

    response = employer_a_client.get("/api/v1/vacancies/", {"q": "ky su dien dong anh"})

    assert [row["id"] for row in response.json()["results"]] == [vacancy_id]


# --- the indexes ----------------------------------------------------------------------------------------------


def test_trigram_indexes_exist():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, tablename, indexdef FROM pg_indexes WHERE indexname = ANY(%s)", [list(INDEXES)]
        )
        found = {name: (table, definition) for name, table, definition in cursor.fetchall()}

    assert set(found) == set(INDEXES)
    for name, (table, column) in INDEXES.items():
        assert found[name][0] == table
        assert f"USING gin ({column} gin_trgm_ops)" in found[name][1]


def vacancy_q_plan(q: str) -> str:
    queryset = VacancyFilter({"q": q}, queryset=Vacancy.objects.all()).qs
    return queryset.explain()


def test_the_vacancy_search_uses_the_trigram_index_when_a_scan_is_dearer(employer_a):
    factories.VacancyFactory(employer=employer_a, title="Kế toán tổng hợp")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # until the end of the test's transaction

    plan = vacancy_q_plan("ke toan tong hop")

    assert "Bitmap Index Scan on vacancy_search_trgm" in plan, plan


def test_the_vacancy_search_uses_the_trigram_index_on_a_large_table(employer_a):
    """With enough rows (and fresh statistics) the planner picks the index by itself for a selective word."""
    titles = ["Công nhân may", "Nhân viên bán hàng", "Thợ hàn", "Lái xe tải", "Bảo vệ", "Phụ bếp"]
    Vacancy.objects.bulk_create(
        [
            Vacancy(
                employer=employer_a,
                title=f"{titles[n % len(titles)]} {n}",
                occupation="9329",
                ward_id="00070",
                search_text=f"{titles[n % len(titles)]} {n}".lower(),
            )
            for n in range(10_000)
        ],
        batch_size=5_000,
    )
    factories.VacancyFactory(employer=employer_a, title="Kế toán tổng hợp")
    with connection.cursor() as cursor:
        # Rows inserted since the last vacuum wait in the GIN index's pending list, which the planner prices as a
        # scan; autovacuum merges it in production, here it is merged by hand before refreshing the statistics.
        cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", ["vacancy_search_trgm"])
        cursor.execute("ANALYZE jobsessions_vacancy")

    plan = vacancy_q_plan("ke toan tong hop")

    assert "Bitmap Index Scan on vacancy_search_trgm" in plan, plan
    assert "Seq Scan" not in plan, plan
