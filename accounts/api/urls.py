from django.urls import path
from rest_framework.routers import SimpleRouter

from accounts.api import identity, tokens, views

router = SimpleRouter()
router.register("cohorts", views.CohortViewSet, basename="cohort")
router.register("administrative-units", views.AdministrativeUnitViewSet, basename="administrative-unit")
router.register("employers", views.EmployerViewSet, basename="employer")

urlpatterns = [
    path("auth/token/", tokens.TokenView.as_view(), name="token"),
    path("auth/token/refresh/", tokens.TokenRefresh.as_view(), name="token-refresh"),
    path("auth/logout/", tokens.LogoutView.as_view(), name="logout"),
    path("auth/signup/job-seeker/", views.JobSeekerSignupView.as_view(), name="signup-job-seeker"),
    path("auth/signup/employer/", views.EmployerSignupView.as_view(), name="signup-employer"),
    path("auth/signup/confirm/", identity.SignupConfirmView.as_view(), name="signup-confirm"),
    path("auth/password-reset/phone/", identity.PasswordResetByPhoneView.as_view(), name="password-reset-phone"),
    path(
        "auth/password-reset/phone/confirm/",
        identity.PasswordResetByPhoneConfirmView.as_view(),
        name="password-reset-phone-confirm",
    ),
    path("me/", views.MeView.as_view(), name="me"),
    path("me/phone-verification/", identity.PhoneVerificationView.as_view(), name="me-phone-verification"),
    path(
        "me/phone-verification/confirm/",
        identity.PhoneVerificationConfirmView.as_view(),
        name="me-phone-verification-confirm",
    ),
    path("me/email-verification/", identity.EmailVerificationView.as_view(), name="me-email-verification"),
    path("me/cohorts/", views.MyCohortsView.as_view(), name="me-cohorts"),
    path("me/cohorts/<int:pk>/stop-sharing/", views.MyCohortStopSharingView.as_view(), name="me-cohort-stop-sharing"),
    *router.urls,
]
