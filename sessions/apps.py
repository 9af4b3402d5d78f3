from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobSessionsConfig(AppConfig):
    # The label keeps this app apart from django.contrib.sessions ("sessions").
    name = "sessions"
    label = "jobsessions"
    verbose_name = _("Job-exchange sessions")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from accounts.signals import message_to_person
        from sessions.notifications import outbox

        message_to_person.connect(outbox.person_message, dispatch_uid="sessions.outbox.person_message")
