"""Web pages: the employer's area (namespace "employer")."""

from django.urls import path

from sessions.web.employer import views

app_name = "employer"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("company/", views.company, name="company"),
    path("colleagues/", views.colleagues, name="colleagues"),
    path("colleagues/<int:pk>/remove/", views.colleague_remove, name="colleague_remove"),
    path("vacancies/", views.vacancies, name="vacancies"),
    path("vacancies/new/", views.vacancy_create, name="vacancy_create"),
    path("vacancies/<int:pk>/edit/", views.vacancy_edit, name="vacancy_edit"),
    path("vacancies/<int:pk>/status/", views.vacancy_status, name="vacancy_status"),
    path("sessions/<int:session_pk>/booth/", views.booth_request, name="booth_request"),
    path("booths/<int:pk>/withdraw/", views.booth_withdraw, name="booth_withdraw"),
    path("booths/<int:pk>/room/", views.booth_room, name="booth_room"),
    path("sessions/<int:session_pk>/candidates/", views.candidates, name="candidates"),
    path(
        "sessions/<int:session_pk>/candidates/<int:registration_pk>/interview/",
        views.interview_record,
        name="interview_record",
    ),
    path("interviews/", views.interviews, name="interviews"),
    path("interviews/<int:pk>/outcome/", views.outcome, name="outcome"),
]
