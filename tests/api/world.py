"""A small, complete world for the API-wide tests (permission matrix, fuzzing): one object of each kind, owned by
the "A" parties (employer A, job seeker A); the "B" parties own nothing of it.

Roles: staff, employer_a, employer_b, seeker_a, seeker_b, anonymous — each with a JWT bearer header, so that the
real authentication layer answers."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.utils import timezone
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken

from accounts.models import CohortMembership
from sessions.models import (
    Interview,
    Notification,
    Participation,
    Referral,
    Registration,
    SurveyInvitation,
    new_survey_token,
    survey_token_hash,
)
from tests import factories

ROLES = ("staff", "employer_a", "employer_b", "seeker_a", "seeker_b", "anonymous")
PASSWORD = "Mat-khau-2026"  # the factories' password


@dataclass
class World:
    users: dict = field(default_factory=dict)
    tokens: dict = field(default_factory=dict)
    objects: dict = field(default_factory=dict)

    def __getattr__(self, name):
        try:
            return self.objects[name]
        except KeyError:
            raise AttributeError(name) from None

    def headers(self, role: str) -> dict:
        """Request headers of a role: a bearer access token, none for the anonymous."""
        token = self.tokens.get(role)
        return {"Authorization": f"Bearer {token}"} if token else {}

    def client(self, role: str) -> APIClient:
        client = APIClient()
        if role in self.tokens:
            client.credentials(HTTP_AUTHORIZATION=f"Bearer {self.tokens[role]}")
        return client


def build_world() -> World:
    now = timezone.now()
    world = World()
    employer_a = factories.EmployerFactory(verification="verified", name="Công ty TNHH Kế toán An Phát")
    employer_b = factories.EmployerFactory(verification="verified", name="Công ty Cổ phần Cơ khí Bình Minh")
    seeker_a = factories.JobSeekerFactory(email="an.tran@example.vn")
    seeker_b = factories.JobSeekerFactory()
    world.users = {
        "staff": factories.StaffFactory(),
        "employer_a": factories.EmployerUserFactory(employer=employer_a),
        "employer_b": factories.EmployerUserFactory(employer=employer_b),
        "seeker_a": seeker_a.user,
        "seeker_b": seeker_b.user,
    }
    world.tokens = {role: str(RefreshToken.for_user(user).access_token) for role, user in world.users.items()}

    venue = factories.VenueFactory(name="Sàn giao dịch việc làm Trung Kính")
    # Under way (half an hour in): the desk checks people in and booths record interviews only on the day.
    session = factories.JobSessionFactory(
        venue=venue,
        title="Phiên định kỳ Kế toán",
        job_seeker_capacity=10,
        employer_capacity=5,
        starts_at=now - timedelta(minutes=30),
        ends_at=now + timedelta(hours=3, minutes=30),
        registration_opens_at=now - timedelta(days=7),
    )
    other_session = factories.JobSessionFactory(job_seeker_capacity=10, employer_capacity=5)
    draft = factories.JobSessionFactory(status="draft")
    ended_at = now - timedelta(hours=1)
    ended = factories.JobSessionFactory(
        starts_at=ended_at - timedelta(hours=4), ends_at=ended_at, registration_opens_at=ended_at - timedelta(days=7)
    )
    vacancy_a = factories.VacancyFactory(employer=employer_a, title="Kế toán tổng hợp", occupation="2411")
    vacancy_b = factories.VacancyFactory(employer=employer_b, title="Thợ hàn", occupation="7212")
    booth_a = factories.ParticipationFactory(session=session, employer=employer_a, vacancies=[vacancy_a])
    booth_request_a = factories.ParticipationFactory(
        session=other_session, employer=employer_a, status=Participation.Status.APPLIED, vacancies=[vacancy_a]
    )
    registration_a = factories.RegistrationFactory(session=session, job_seeker=seeker_a)
    registration_a.vacancies.set([vacancy_a])
    interview_a = Interview.objects.create(registration=registration_a, vacancy=vacancy_a)
    notification_a = Notification.objects.create(
        job_seeker=seeker_a,
        session=session,
        registration=registration_a,
        channel=Notification.Channel.EMAIL,
        address=seeker_a.email,
        kind=Notification.Kind.REGISTRATION_CONFIRMED,
        subject="Xác nhận đăng ký",
        body_text="Nội dung",
        dedup_key="world:notification_a",
        send_after=now,
        status=Notification.Status.FAILED,
        last_error="SMTP 550",
    )
    cohort_membership_a = CohortMembership.objects.create(
        job_seeker=seeker_a, cohort_id="part_time_worker", share_with_employers=True
    )
    referral_a = Referral.objects.create(job_seeker=seeker_a, kind=Referral.Kind.INSURANCE, interview=interview_a)
    # The ended session's survey: an attendee's invitation, its token the one the link carries.
    survey_token = new_survey_token()
    SurveyInvitation.objects.create(
        session=ended,
        respondent=SurveyInvitation.Respondent.JOB_SEEKER,
        registration=factories.RegistrationFactory(session=ended, status=Registration.Status.ATTENDED),
        token_hash=survey_token_hash(survey_token),
        closes_at=now + timedelta(days=30),
    )
    world.objects = {
        "employer_a": employer_a,
        "employer_b": employer_b,
        "seeker_a": seeker_a,
        "seeker_b": seeker_b,
        "venue": venue,
        "session": session,
        "other_session": other_session,
        "draft": draft,
        "ended": ended,
        "vacancy_a": vacancy_a,
        "vacancy_b": vacancy_b,
        "booth_a": booth_a,
        "booth_request_a": booth_request_a,
        "registration_a": registration_a,
        "interview_a": interview_a,
        "notification_a": notification_a,
        "referral_a": referral_a,
        "cohort_membership_a": cohort_membership_a,
        "survey_token": survey_token,
    }
    assert registration_a.status == Registration.Status.CONFIRMED
    return world
