"""The outbox as people see it: staff every notice (with the last delivery error, and a retry of failed ones),
a job seeker the notices to them, an employer user the notices to its company."""

from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from accounts.permissions import IsStaff, is_staff_user
from jobfair.errors import InvalidTransition
from sessions import selectors
from sessions.api.views import REFUSAL
from sessions.models import Notification
from sessions.notifications import delivery


class NotificationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Notification
        fields = [
            "id",
            "kind",
            "channel",
            "address",
            "status",
            "subject",
            "session",
            "send_after",
            "sent_at",
            "attempts",
            "created_at",
        ]
        read_only_fields = fields


@extend_schema_serializer(component_name="Notification")
class StaffNotificationSerializer(NotificationSerializer):
    # Output only, staff only; declared writable so that the schema does not mark it as always present.
    last_error = serializers.CharField(required=False, help_text="Staff only: why the last delivery failed")

    class Meta(NotificationSerializer.Meta):
        fields = [*NotificationSerializer.Meta.fields, "last_error"]
        read_only_fields = NotificationSerializer.Meta.fields


class NotificationFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=Notification.Status.choices)
    kind = filters.ChoiceFilter(choices=Notification.Kind.choices)
    channel = filters.ChoiceFilter(choices=Notification.Channel.choices)
    session = filters.NumberFilter(field_name="session_id")

    class Meta:
        model = Notification
        fields = []


class NotificationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    permission_classes = [IsAuthenticated]
    filterset_class = NotificationFilter

    def get_serializer_class(self):
        return StaffNotificationSerializer if is_staff_user(self.request.user) else NotificationSerializer

    def get_queryset(self):
        return selectors.notifications_visible_to(self.request.user)

    @extend_schema(responses={200: StaffNotificationSerializer(many=True)})
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(responses={200: StaffNotificationSerializer})
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(request=None, responses={200: StaffNotificationSerializer, 409: REFUSAL})
    @action(detail=True, methods=["post"], permission_classes=[IsStaff])
    def retry(self, request, pk=None):
        """Send a failed notice again (pending, attempts from zero); any other status is refused (409)."""
        notification = self.get_object()
        if not delivery.notification_retry(notification=notification, actor=request.user):
            raise InvalidTransition(_("Only a notice whose delivery failed can be sent again."))
        notification = self.get_queryset().get(pk=notification.pk)
        return Response(StaffNotificationSerializer(notification).data)
