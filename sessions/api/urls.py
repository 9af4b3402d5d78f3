from django.urls import path
from rest_framework.routers import SimpleRouter

from sessions.api import views

router = SimpleRouter()
router.register("sessions", views.SessionViewSet, basename="session")
router.register("registrations", views.RegistrationViewSet, basename="registration")

urlpatterns = [
    path("check-ins/", views.CheckInView.as_view(), name="check-in"),
    *router.urls,
]
