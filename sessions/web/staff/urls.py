"""The staff console (signed-in centre staff only), included at "staff/" with the namespace "staff"."""

from django.urls import path

from sessions.web.staff import booths, dashboard, desk, no_shows, outcomes, paper, people, planner, results

app_name = "staff"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("notifications/<int:pk>/retry/", dashboard.notification_retry, name="notification_retry"),
    path("booths/<int:pk>/decide/", dashboard.booth_decide, name="booth_decide"),
    path("sessions/", planner.planner, name="planner"),
    path("sessions/new/", planner.session_new, name="session_new"),
    path("sessions/series/", planner.series_new, name="series_new"),
    path("sessions/series/preview/", planner.series_preview, name="series_preview"),
    path("sessions/clash/", planner.clash_check, name="clash_check"),
    path("sessions/<int:pk>/", planner.session_manage, name="session"),
    path("sessions/<int:pk>/edit/", planner.session_edit, name="session_edit"),
    path("sessions/<int:pk>/booths/", booths.booths, name="booths"),
    path("sessions/<int:pk>/desk/", desk.desk, name="desk"),
    path("sessions/<int:pk>/desk/counts/", desk.desk_counts, name="desk_counts"),
    path("sessions/<int:pk>/desk/check-in/", desk.desk_check_in, name="desk_check_in"),
    path("sessions/<int:pk>/desk/walk-in/", desk.desk_walk_in, name="desk_walk_in"),
    path("sessions/<int:pk>/interviews/", outcomes.interviews, name="interviews"),
    path("sessions/<int:pk>/results/", results.result_sheet, name="result_sheet"),
    path("sessions/<int:pk>/no-shows/", no_shows.session_no_shows, name="session_no_shows"),
    path("sessions/<int:pk>/attendance/", paper.attendance_list, name="attendance_list"),
    path("sessions/<int:pk>/booth-signs/", paper.booth_signs, name="booth_signs"),
    path("sessions/<int:pk>/booth-signs/<int:booth_pk>/", paper.booth_signs, name="booth_sign"),
    path("follow-up/", outcomes.follow_up, name="follow_up"),
    path("people/", people.people, name="people"),
    path("people/<int:pk>/", people.person, name="person"),
    path("people/<int:pk>/referrals/", people.referral_add, name="referral_add"),
    path("referrals/<int:pk>/status/", people.referral_status, name="referral_status"),
    path("employers/", dashboard.employers, name="employers"),
    path("citizen-id-claims/", dashboard.citizen_id_claims, name="citizen_id_claims"),
    path("plan/", results.plan, name="plan"),
    path("reports/", results.summary, name="summary"),
]
