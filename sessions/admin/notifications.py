"""Admin for the notification outbox: failed notices listed and sent again."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from accounts.admin import (
    ReadOnlyAdminMixin,
    is_centre_staff,
)
from sessions.models import (
    Notification,
)
from sessions.notifications import delivery


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The outbox, for staff to see what was sent, what waits and what failed. Rows are written and sent by
    the services and tasks only."""

    list_display = ("kind", "channel", "address", "status", "send_after", "sent_at", "attempts")
    list_filter = ("status", "channel", "kind", "language")
    search_fields = ("address", "subject", "dedup_key")
    date_hierarchy = "send_after"
    show_full_result_count = False
    raw_id_fields = ("job_seeker", "employer", "session", "registration", "participation")
    actions = ("retry_failed",)

    def has_retry_permission(self, request):
        return is_centre_staff(request) and self.has_view_permission(request)

    @admin.action(description=_("Send the selected failed notices again"), permissions=["retry"])
    def retry_failed(self, request, queryset):
        for notification in queryset:
            if delivery.notification_retry(notification=notification, actor=request.user):
                self.message_user(request, _("%(object)s: sent again.") % {"object": notification}, messages.SUCCESS)
            else:
                self.message_user(
                    request,
                    _("%(object)s: only a failed notice is sent again.") % {"object": notification},
                    messages.ERROR,
                )
