"""One question after the session (issue 15 item 5): attendees and attending employers of a completed session are
asked once each, by their channels, with a personal link; the link's page takes one answer without signing in; the
figures reach the result sheet and the period summary; the export holds the answers and erasure unlinks them while
the figures stay. On a frozen clock in Hà Nội time."""

import io
import re
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook
from rest_framework.test import APIClient

from jobfair import errors
from sessions import services
from sessions.models import Notification, Participation, Registration, SurveyInvitation, survey_token_hash
from sessions.notifications.content import email_html
from sessions.reports import exports, figures
from sessions.services.surveys import survey_invitations_send
from tests import factories
from tests.staff.pdf_text import pdf_text
from tests.web.conftest import client_for

pytestmark = pytest.mark.django_db

VN = ZoneInfo("Asia/Ho_Chi_Minh")
D = date(2026, 3, 11)  # a Wednesday
STARTS = datetime.combine(D, time(8), tzinfo=VN)
ENDS = datetime.combine(D, time(11, 30), tzinfo=VN)
Kind = Notification.Kind


@pytest.fixture
def clock():
    """Frozen five minutes after the session ended."""
    with time_machine.travel(ENDS + timedelta(minutes=5), tick=False) as traveller:
        yield traveller


def ended_session(starts=STARTS, ends=ENDS, **kwargs):
    return factories.JobSessionFactory(
        title="Phiên giao dịch việc làm định kỳ",
        starts_at=starts,
        ends_at=ends,
        registration_opens_at=starts - timedelta(days=7),
        **kwargs,
    )


@pytest.fixture
def held(clock):
    """A session that ended: one person came (e-mail and SMS), one did not; one booth attended (it interviewed),
    one booth never showed anything."""
    session = ended_session()
    came = factories.JobSeekerFactory(email="lan@example.vn", full_name="Nguyễn Thị Lan")
    came_registration = factories.RegistrationFactory(session=session, job_seeker=came, status="attended")
    factories.RegistrationFactory(session=session, status="confirmed")  # becomes a no-show
    booth = factories.ParticipationFactory(session=session)
    factories.InterviewFactory(registration=came_registration, vacancy=booth.vacancies.get())
    factories.ParticipationFactory(session=session)  # approved, no interview, not marked attended
    return session


def survey_notices(**filters):
    return list(Notification.objects.filter(kind=Kind.SURVEY_INVITATION, **filters).order_by("channel", "id"))


def complete(session):
    return services.session_complete(session=session, actor=None)


def invite_and_get_token(session, registration=None, participation=None) -> str:
    """The token of the link sent to one registration's person (or one booth's employer), read from the notice."""
    survey_invitations_send()
    link = {"registration": registration} if registration is not None else {"participation": participation}
    body = Notification.objects.filter(kind=Kind.SURVEY_INVITATION, **link).latest("id").body_text
    return re.search(r"/survey/([\w-]+)/", body).group(1)


def attendee(session) -> Registration:
    return session.registrations.get(status="attended")


def attending_booth(session) -> Participation:
    return session.participations.filter(vacancies__interviews__isnull=False).distinct().get()


def answer(token, rating, comment=""):
    invitation = SurveyInvitation.objects.get(token_hash=survey_token_hash(token))
    return services.survey_answer(invitation=invitation, rating=rating, comment=comment)


# --- the invitations ----------------------------------------------------------------------------------------------


def test_each_attendee_and_attending_employer_is_invited_once_by_their_channels(held):
    complete(held)

    assert survey_invitations_send() == 3  # the person by e-mail and SMS, the employer by e-mail
    assert survey_invitations_send() == 0  # beat again: nobody twice

    came, booth = attendee(held), attending_booth(held)
    assert SurveyInvitation.objects.filter(session=held).count() == 2
    assert [(n.channel, n.address) for n in survey_notices(registration=came)] == [
        ("email", "lan@example.vn"),
        ("sms", came.job_seeker.phone),
    ]
    [to_employer] = survey_notices(participation=booth)
    assert to_employer.address == booth.employer.email and to_employer.employer_id == booth.employer_id
    email = survey_notices(registration=came)[0]
    assert email.subject == f"Một câu hỏi sau phiên {held.code}"
    assert "Xin chào Nguyễn Thị Lan" in email.body_text and "/survey/" in email.body_text
    assert email.expires_at == SurveyInvitation.objects.get(registration=came).closes_at
    sms = survey_notices(registration=came)[1].body_text
    assert sms.isascii() and "/survey/" in sms
    # the no-show and the booth that showed no sign of attending are not asked
    assert not SurveyInvitation.objects.filter(registration__status="no_show").exists()
    assert SurveyInvitation.objects.filter(participation__isnull=False).get().participation == booth


def test_the_link_holds_a_token_the_database_keeps_only_hashed(held):
    complete(held)
    token = invite_and_get_token(held, registration=attendee(held))
    invitation = SurveyInvitation.objects.get(registration=attendee(held))
    assert len(token) >= 20 and token not in invitation.token_hash and len(invitation.token_hash) == 64


def test_completing_twice_invites_nobody_again(held):
    assert [s.pk for s in services.sessions_complete_ended()] == [held.pk]
    survey_invitations_send()
    written = Notification.objects.filter(kind=Kind.SURVEY_INVITATION).count()

    assert services.sessions_complete_ended() == []  # the scheduler again: already completed
    with pytest.raises(errors.SessionCompleted):
        complete(held)  # staff press "complete" once more
    assert survey_invitations_send() == 0
    assert Notification.objects.filter(kind=Kind.SURVEY_INVITATION).count() == written
    assert SurveyInvitation.objects.count() == 2


def test_someone_no_channel_reaches_is_considered_once_and_not_counted_as_invited(held):
    unreachable = factories.JobSeekerFactory(phone="", notify_by_email=False)
    factories.RegistrationFactory(session=held, job_seeker=unreachable, status="attended")
    complete(held)

    survey_invitations_send()
    assert survey_invitations_send() == 0  # not taken up again

    invitation = SurveyInvitation.objects.get(registration__job_seeker=unreachable)
    assert invitation.notices == 0 and not survey_notices(job_seeker=unreachable)
    assert figures.session_result_sheet(held)["survey"]["figures"]["job_seeker"]["invited"] == 1  # Lan only


def test_an_sms_waits_out_the_quiet_hours_and_the_email_goes_at_once(clock):
    evening = ended_session(
        starts=datetime.combine(D, time(18), tzinfo=VN), ends=datetime.combine(D, time(21, 30), tzinfo=VN)
    )
    factories.RegistrationFactory(
        session=evening, job_seeker=factories.JobSeekerFactory(email="minh@example.vn"), status="attended"
    )
    clock.move_to(datetime.combine(D, time(21, 35), tzinfo=VN))
    complete(evening)
    survey_invitations_send()
    by_channel = {n.channel: n.send_after for n in survey_notices()}
    assert by_channel["email"] == datetime.combine(D, time(21, 35), tzinfo=VN)
    assert by_channel["sms"] == datetime.combine(D + timedelta(days=1), time(7), tzinfo=VN)


def test_a_session_completed_long_ago_or_not_completed_asks_nobody(clock, held):
    still_published = ended_session(
        starts=STARTS - timedelta(days=1), ends=ENDS - timedelta(days=1), venue=factories.VenueFactory()
    )
    factories.RegistrationFactory(session=still_published, status="attended")
    complete(held)
    clock.move_to(ENDS + timedelta(days=4))  # beat was down for four days
    assert survey_invitations_send() == 0
    assert not SurveyInvitation.objects.exists()


# --- the page of the link -----------------------------------------------------------------------------------------


def test_the_page_asks_one_question_in_vietnamese_with_labelled_radio_buttons(held):
    complete(held)
    token = invite_and_get_token(held, registration=attendee(held))

    page = client_for().get(reverse("web:survey", args=[token]))

    assert page.status_code == 200
    html = page.content.decode()
    assert '<html lang="vi"' in html and "Bạn hài lòng với phiên ở mức nào?" in html
    assert html.count('type="radio" name="rating"') == 5
    assert [f'id="id_rating_{n}"' in html for n in range(5)] == [True] * 5  # each choice its own id and label
    assert "5 – Rất hài lòng" in html and "1 – Rất không hài lòng" in html
    assert "<legend" in html and 'name="comment"' in html
    assert page["X-Robots-Tag"] == "noindex, nofollow"


def test_sending_without_a_rating_shows_an_error_summary_linking_to_the_question(held):
    complete(held)
    token = invite_and_get_token(held, registration=attendee(held))

    response = client_for().post(reverse("web:survey", args=[token]), {"comment": "Đông quá"})

    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="error-summary"' in html and 'href="#id_rating_0"' in html
    assert "Hãy chọn mức độ hài lòng, từ 1 đến 5." in html
    assert not SurveyInvitation.objects.filter(answered_at__isnull=False).exists()


def test_an_answer_is_recorded_once_and_a_second_one_is_told_it_was_already_answered(held):
    complete(held)
    token = invite_and_get_token(held, registration=attendee(held))
    client, url = client_for(), reverse("web:survey", args=[token])

    sent = client.post(url, {"rating": "4", "comment": "  Cán bộ hướng dẫn nhiệt tình  "})
    assert sent.status_code == 302 and sent["Location"] == url
    thanks = client.get(url)
    assert thanks.status_code == 200 and 'id="survey-thanks"' in thanks.content.decode()

    again = client.post(url, {"rating": "1"})
    assert again.status_code == 409 and 'id="survey-answered"' in again.content.decode()
    invitation = SurveyInvitation.objects.get(registration=attendee(held))
    assert (invitation.rating, invitation.comment) == (4, "Cán bộ hướng dẫn nhiệt tình")  # the first answer stands
    with pytest.raises(errors.SurveyAnswered):
        services.survey_answer(invitation=invitation, rating=2)


def test_an_unknown_link_gets_a_clear_page_not_an_error(db):
    for token in ("khong-co-ma-nay", "x" * 300, "%00"):
        response = client_for().get(f"/survey/{token}/")
        assert response.status_code == 404
        assert 'id="survey-invalid"' in response.content.decode()
    assert client_for().post("/survey/khong-co/", {"rating": "5"}).status_code == 404


def test_the_survey_closes_after_the_configured_days(clock, held, settings):
    settings.SURVEY_OPEN_DAYS = 10
    complete(held)
    token = invite_and_get_token(held, registration=attendee(held))
    assert SurveyInvitation.objects.get(registration=attendee(held)).closes_at == ENDS + timedelta(days=10, minutes=5)

    clock.move_to(ENDS + timedelta(days=10, minutes=5))
    response = client_for().post(reverse("web:survey", args=[token]), {"rating": "5"})

    assert response.status_code == 410 and 'id="survey-closed"' in response.content.decode()
    assert not SurveyInvitation.objects.filter(answered_at__isnull=False).exists()


# --- the figures ----------------------------------------------------------------------------------------------------


@pytest.fixture
def answered(clock):
    """A completed session with three people and two employers invited: people answered 5 and 4 (with a comment),
    one did not answer; one employer answered 2 with a comment."""
    session = ended_session()
    people = [
        factories.RegistrationFactory(session=session, job_seeker=factories.JobSeekerFactory(), status="attended")
        for _ in range(3)
    ]
    booths = [factories.ParticipationFactory(session=session, attended=True) for _ in range(2)]
    complete(session)
    survey_invitations_send()
    tokens = {}
    for link in (*people, *booths):
        field = "registration" if isinstance(link, Registration) else "participation"
        body = Notification.objects.filter(kind=Kind.SURVEY_INVITATION, **{field: link}).latest("id").body_text
        tokens[link] = re.search(r"/survey/([\w-]+)/", body).group(1)
    answer(tokens[people[0]], 5)
    answer(tokens[people[1]], 4, "Nhiều việc phù hợp")
    answer(tokens[booths[0]], 2, "Thiếu bàn ghế cho nhà tuyển dụng")
    return session, people, booths, tokens


def test_the_result_sheet_counts_answers_averages_and_lists_comments_apart_for_people_and_employers(answered):
    session, _people, booths, _tokens = answered

    survey = figures.session_result_sheet(session)["survey"]

    people, employers = survey["figures"]["job_seeker"], survey["figures"]["employer"]
    assert (people["invited"], people["answers"], people["average"]) == (3, 2, Decimal("4.5"))
    assert people["distribution"] == {"1": 0, "2": 0, "3": 0, "4": 1, "5": 1}
    assert (employers["invited"], employers["answers"], employers["average"]) == (2, 1, Decimal("2.0"))
    assert [(c["respondent"], c["employer"], c["rating"], c["comment"]) for c in survey["comments"]] == [
        ("employer", booths[0].employer.name, 2, "Thiếu bàn ghế cho nhà tuyển dụng"),
        ("job_seeker", None, 4, "Nhiều việc phù hợp"),
    ]


def test_the_staff_result_sheet_page_shows_the_survey_and_its_comments(answered):
    session = answered[0]
    page = client_for(factories.StaffFactory()).get(reverse("staff:result_sheet", args=[session.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'id="sheet-survey"' in html and "Khảo sát mức độ hài lòng" in html
    row = re.search(r'<tr data-respondent="job_seeker">(.*?)</tr>', html).group(1)
    assert re.search(r"data-answers>2<", row) and re.search(r"data-average>4,5<", row)
    assert "Nhiều việc phù hợp" in html and "Thiếu bàn ghế cho nhà tuyển dụng" in html


def test_the_result_sheet_pdf_carries_the_survey_and_its_comments(answered):
    session = answered[0]
    response = client_for(factories.StaffFactory()).get(
        reverse("staff:result_sheet", args=[session.pk]), {"format": "pdf"}
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = " ".join(pdf_text(response.content).split())
    assert "Khảo sát mức độ hài lòng" in text and "Thiếu bàn ghế cho nhà tuyển dụng" in text


def test_the_result_sheet_workbook_has_the_survey_and_its_comments(answered):
    session = answered[0]
    response = client_for(factories.StaffFactory()).get(
        reverse("staff:result_sheet", args=[session.pk]), {"format": "xlsx"}
    )
    book = load_workbook(io.BytesIO(response.content))
    rows = list(book["Khảo sát hài lòng"].iter_rows(min_row=exports.HEADER_ROW, values_only=True))
    assert rows[0] == exports.SURVEY_HEADERS
    assert rows[0][:4] == ("Người trả lời", "Được mời", "Số trả lời", "Điểm trung bình")
    assert rows[1:] == [
        ("Người lao động", 3, 2, 4.5, 0, 0, 0, 1, 1),
        ("Doanh nghiệp", 2, 1, 2, 0, 1, 0, 0, 0),
    ]
    comments = [row[-1] for row in book["Góp ý sau phiên"].iter_rows(min_row=exports.HEADER_ROW + 1, values_only=True)]
    assert comments == ["Thiếu bàn ghế cho nhà tuyển dụng", "Nhiều việc phù hợp"]


def test_the_period_summary_gives_average_and_counts_across_its_sessions(answered, clock):
    other = ended_session(
        starts=STARTS + timedelta(days=1), ends=ENDS + timedelta(days=1), venue=factories.VenueFactory()
    )
    person = factories.RegistrationFactory(session=other, status="attended")
    clock.move_to(ENDS + timedelta(days=1, minutes=5))
    complete(other)
    token = invite_and_get_token(other, registration=person)
    answer(token, 3)

    survey = figures.summary(date(2026, 3, 1), date(2026, 3, 31))["survey"]
    assert (survey["job_seeker"]["answers"], survey["job_seeker"]["invited"]) == (3, 4)
    assert survey["job_seeker"]["average"] == Decimal("4.0")  # (5 + 4 + 3) / 3
    assert (survey["employer"]["answers"], survey["employer"]["average"]) == (1, Decimal("2.0"))
    assert figures.summary(date(2026, 4, 1), date(2026, 4, 30))["survey"]["job_seeker"]["answers"] == 0

    page = client_for(factories.StaffFactory()).get(
        reverse("staff:summary"), {"period": "month", "year": "2026", "month": "3"}
    )
    assert page.status_code == 200 and 'id="summary-survey"' in page.content.decode()


# --- data protection ------------------------------------------------------------------------------------------------


def test_the_data_export_holds_the_persons_survey_answer(answered):
    session, people, _booths, _tokens = answered
    api = APIClient()
    api.force_authenticate(people[1].job_seeker.user)

    data = api.get("/api/v1/me/data-export/").json()

    assert [(a["session_code"], a["rating"], a["comment"]) for a in data["survey_answers"]] == [
        (session.code, 4, "Nhiều việc phù hợp")
    ]


def test_erasure_unlinks_the_answer_and_its_comment_and_the_figures_stay_true(answered):
    session, people, _booths, tokens = answered
    before = figures.session_result_sheet(session)["survey"]["figures"]

    services.job_seeker_erase(job_seeker=people[1].job_seeker, actor=None)

    after = figures.session_result_sheet(session)["survey"]
    assert after["figures"] == before
    assert "Nhiều việc phù hợp" not in [c["comment"] for c in after["comments"]]
    assert not SurveyInvitation.objects.filter(registration=people[1]).exists()
    assert client_for().get(reverse("web:survey", args=[tokens[people[1]]])).status_code == 404
    assert survey_invitations_send() == 0  # an erased person is never asked again


def test_a_session_for_a_sensitive_cohort_is_named_by_its_code_only(clock):
    session = ended_session()
    session.title = "Phiên giao dịch việc làm cho người sau cai nghiện"
    session.save(update_fields=["title"])
    session.target_cohorts.set([factories.cohort("rehab", sensitive=True)])
    person = factories.JobSeekerFactory(email="minh@example.vn", notify_by_sms=False)
    factories.RegistrationFactory(session=session, job_seeker=person, status="attended")
    complete(session)
    survey_invitations_send()
    [notice] = survey_notices(job_seeker=person)
    text = f"{notice.subject} {notice.body_text} {email_html(notice)}"
    assert "cai nghiện" not in text and f"phiên giao dịch việc làm {session.code}" in notice.body_text
