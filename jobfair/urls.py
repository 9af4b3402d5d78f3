from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from jobfair import observability

admin.site.site_header = _("Employment service centre — administration")
admin.site.site_title = _("Job-exchange sessions administration")

api_v1 = [
    path("", include("accounts.api.urls")),
    path("", include("sessions.api.urls")),
]

urlpatterns = [
    path("healthz", observability.healthz, name="healthz"),
    path("readyz", observability.readyz, name="readyz"),
    path("metrics", observability.metrics, name="metrics"),
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="swagger-ui"),
    # Web pages (server-rendered): the language switch, accounts, the employer's area, the public site.
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("accounts.urls")),
    path("employer/", include("sessions.web.employer.urls")),
    path("staff/", include("sessions.web.staff.urls")),
    path("", include("sessions.web.urls")),
]

handler404 = "jobfair.error_pages.page_not_found"
handler500 = "jobfair.error_pages.server_error"
