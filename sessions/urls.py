"""Web pages: the public site and the job seeker's area (namespace "web")."""

from django.urls import path

from sessions import views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("sessions/<int:pk>/", views.session_detail, name="session_detail"),
    path("sessions/<int:pk>/register/", views.register, name="register"),
    path("vacancies/", views.vacancy_list, name="vacancy_list"),
    path("vacancies/<int:pk>/", views.vacancy_detail, name="vacancy_detail"),
    path("privacy/", views.privacy, name="privacy"),
    path("my/registrations/", views.my_registrations, name="my_registrations"),
    path("my/registrations/<int:pk>/", views.registration_detail, name="registration_detail"),
    path("my/registrations/<int:pk>/qr.png", views.registration_qr, name="registration_qr"),
    path("my/registrations/<int:pk>/calendar.ics", views.registration_ics, name="registration_ics"),
    path("my/registrations/<int:pk>/cancel/", views.registration_cancel, name="registration_cancel"),
    path("my/results/", views.my_results, name="my_results"),
    path("my/data/", views.my_data, name="my_data"),
    path("my/data/export.json", views.my_data_export, name="my_data_export"),
    path("my/data/delete/", views.delete_account, name="delete_account"),
]
