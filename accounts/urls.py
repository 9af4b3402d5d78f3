from django.urls import path

from accounts import two_factor, verification, views

app_name = "accounts"

urlpatterns = [
    path("signup/", views.signup_choice, name="signup"),
    path("signup/job-seeker/", views.signup_job_seeker, name="signup_job_seeker"),
    path("signup/job-seeker/<int:step>/", views.signup_job_seeker, name="signup_job_seeker_step"),
    path("signup/employer/", views.signup_employer, name="signup_employer"),
    path("signup/confirm/", verification.signup_confirm, name="signup_confirm"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("password-reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("password-reset/sent/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("reset/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path("reset/done/", views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("two-factor/", two_factor.verify, name="two_factor"),
    path("two-factor/setup/", two_factor.setup, name="two_factor_setup"),
    path("two-factor/recovery-codes/", two_factor.recovery_codes, name="two_factor_recovery"),
    path("verify/phone/", verification.phone_verify, name="verify_phone"),
    path("verify/email/", verification.email_link_request, name="verify_email_request"),
    path("verify/email/<str:token>/", verification.email_verify, name="verify_email"),
    path("password-reset/phone/", verification.password_reset_phone, name="password_reset_phone"),
    path("password-reset/phone/code/", verification.password_reset_phone_code, name="password_reset_phone_code"),
    path("invitation/<str:token>/", verification.invitation_accept, name="invitation_accept"),
    path("profile/", views.profile, name="profile"),
    path("profile/groups/", views.cohort_declare, name="cohort_declare"),
    path("profile/groups/<int:pk>/stop-sharing/", views.cohort_share_withdraw, name="cohort_share_withdraw"),
    path("wards/", views.ward_options, name="ward_options"),
]
