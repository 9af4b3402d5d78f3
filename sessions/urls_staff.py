"""The staff console (signed-in centre staff only), included at "staff/" with the namespace "staff"."""

from django.urls import path

from sessions import views_staff as views

app_name = "staff"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("notifications/<int:pk>/retry/", views.notification_retry, name="notification_retry"),
    path("booths/<int:pk>/decide/", views.booth_decide, name="booth_decide"),
    path("sessions/", views.planner, name="planner"),
    path("sessions/new/", views.session_new, name="session_new"),
    path("sessions/series/", views.series_new, name="series_new"),
    path("sessions/clash/", views.clash_check, name="clash_check"),
    path("sessions/<int:pk>/", views.session_manage, name="session"),
    path("sessions/<int:pk>/desk/", views.desk, name="desk"),
    path("sessions/<int:pk>/desk/counts/", views.desk_counts, name="desk_counts"),
    path("sessions/<int:pk>/desk/check-in/", views.desk_check_in, name="desk_check_in"),
    path("sessions/<int:pk>/desk/walk-in/", views.desk_walk_in, name="desk_walk_in"),
    path("sessions/<int:pk>/interviews/", views.interviews, name="interviews"),
    path("sessions/<int:pk>/results/", views.result_sheet, name="result_sheet"),
    path("follow-up/", views.follow_up, name="follow_up"),
    path("employers/", views.employers, name="employers"),
    path("plan/", views.plan, name="plan"),
    path("reports/", views.summary, name="summary"),
]
