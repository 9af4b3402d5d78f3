from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts and reference data")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from jobfair import production  # noqa: F401 - registers the deploy check of the SECRET_KEY
