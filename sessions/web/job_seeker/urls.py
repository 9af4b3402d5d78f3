from django.urls import path

from sessions.web.job_seeker import views

urlpatterns = [
    path("sessions/<int:pk>/register/", views.register, name="register"),
    path("sessions/<int:pk>/tell-me/", views.registration_alert, name="registration_alert"),
    path("rebook/<str:token>/", views.rebook, name="rebook"),
    path("my/registrations/", views.my_registrations, name="my_registrations"),
    path("my/registrations/<int:pk>/", views.registration_detail, name="registration_detail"),
    path("my/registrations/<int:pk>/qr.png", views.registration_qr, name="registration_qr"),
    path("my/registrations/<int:pk>/calendar.ics", views.registration_ics, name="registration_ics"),
    path("my/registrations/<int:pk>/cancel/", views.registration_cancel, name="registration_cancel"),
    path("my/results/", views.my_results, name="my_results"),
    path("my/next-steps/", views.next_step_add, name="next_step_add"),
    path("my/matches/", views.my_matches, name="my_matches"),
    path("my/data/", views.my_data, name="my_data"),
    path("my/data/export.json", views.my_data_export, name="my_data_export"),
    path("my/data/delete/", views.delete_account, name="delete_account"),
]
