from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobSessionsConfig(AppConfig):
    # The label keeps this app apart from django.contrib.sessions ("sessions").
    name = "sessions"
    label = "jobsessions"
    verbose_name = _("Job-exchange sessions")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from accounts.signals import employer_rejected, employer_verified, message_to_person
        from sessions.notifications import outbox
        from sessions.services import employers

        message_to_person.connect(outbox.person_message, dispatch_uid="sessions.outbox.person_message")
        # a rejection carries its consequences (booths, notices) in the transaction of the decision
        employer_rejected.connect(employers.employer_rejected_receiver, dispatch_uid="sessions.employer_rejected")
        employer_verified.connect(employers.employer_verified_receiver, dispatch_uid="sessions.employer_verified")
