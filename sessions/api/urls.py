from django.urls import path
from rest_framework.routers import SimpleRouter

from sessions.api import (
    booths,
    interviews,
    matching,
    me,
    no_shows,
    notifications,
    referrals,
    reports,
    surveys,
    vacancies,
    venues,
    views,
)

router = SimpleRouter()
router.register("sessions", views.SessionViewSet, basename="session")
router.register("registrations", views.RegistrationViewSet, basename="registration")
router.register("venues", venues.VenueViewSet, basename="venue")
router.register("vacancies", vacancies.VacancyViewSet, basename="vacancy")
router.register("participations", booths.ParticipationViewSet, basename="participation")
router.register("interviews", interviews.InterviewViewSet, basename="interview")
router.register("notifications", notifications.NotificationViewSet, basename="notification")
router.register("plan-targets", reports.PlanTargetViewSet, basename="plan-target")
router.register("referrals", referrals.ReferralViewSet, basename="referral")

urlpatterns = [
    path("check-ins/", views.CheckInView.as_view(), name="check-in"),
    path(
        "sessions/<int:pk>/registration-alert/",
        views.RegistrationAlertView.as_view(),
        name="session-registration-alert",
    ),
    path(
        "sessions/<int:pk>/participations/",
        booths.SessionParticipationApplyView.as_view(),
        name="session-participations",
    ),
    path("sessions/<int:pk>/candidates/", booths.SessionCandidatesView.as_view(), name="session-candidates"),
    path("sessions/<int:pk>/no-shows/", no_shows.SessionNoShowsView.as_view(), name="session-no-shows"),
    path("me/matches/", matching.MyMatchesView.as_view(), name="me-matches"),
    path("me/referrals/", referrals.MyReferralsView.as_view(), name="me-referrals"),
    path("me/interviews/", interviews.MyInterviewsView.as_view(), name="me-interviews"),
    path("vacancies/<int:pk>/candidates/", matching.VacancyCandidatesView.as_view(), name="vacancy-candidates"),
    path(
        "sessions/<int:pk>/survey-answers/",
        surveys.SessionSurveyAnswersView.as_view(),
        name="session-survey-answers",
    ),
    path("survey-answers/", surveys.SurveyAnswerSubmitView.as_view(), name="survey-answer-submit"),
    path("me/data-export/", me.DataExportView.as_view(), name="me-data-export"),
    path("me/erasure-request/", me.ErasureRequestView.as_view(), name="me-erasure-request"),
    path("reports/sessions/<int:pk>/", reports.SessionReportView.as_view(), name="report-session"),
    path("reports/summary/", reports.SummaryReportView.as_view(), name="report-summary"),
    *router.urls,
]
