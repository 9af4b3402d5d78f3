from django.urls import path

from sessions.web.public import surveys, views

urlpatterns = [
    path("", views.home, name="home"),
    path("sessions/<int:pk>/", views.session_detail, name="session_detail"),
    path("vacancies/", views.vacancy_list, name="vacancy_list"),
    path("vacancies/<int:pk>/", views.vacancy_detail, name="vacancy_detail"),
    path("privacy/", views.privacy, name="privacy"),
    path("invitations/stop/<str:token>/", views.invitations_stop, name="invitations_stop"),
    path("survey/<str:token>/", surveys.survey, name="survey"),
]
