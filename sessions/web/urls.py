"""The public site and the job seeker's area share one namespace, "web" (the employers' and the staff's areas have
their own: "employer", "staff")."""

from sessions.web.job_seeker import urls as job_seeker_urls
from sessions.web.public import urls as public_urls

app_name = "web"

urlpatterns = [*public_urls.urlpatterns, *job_seeker_urls.urlpatterns]
