from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts and reference data")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import post_migrate, post_save

        from accounts import roles
        from accounts.backends import forget_own_failures
        from accounts.sign_in_lifetime import start_sign_in_clock
        from jobfair import production  # noqa: F401 - registers the deploy check of the SECRET_KEY

        # The centre staff group follows the role (accounts/roles.py says why a hook, and why after migrate).
        post_save.connect(roles.sync_on_user_save, sender=self.get_model("User"), dispatch_uid="accounts.staff_group")
        post_migrate.connect(roles.grant_on_post_migrate, dispatch_uid="accounts.staff_group_permissions")
        user_logged_in.connect(forget_own_failures, dispatch_uid="accounts.forget_own_failures")
        user_logged_in.connect(start_sign_in_clock, dispatch_uid="accounts.start_sign_in_clock")
