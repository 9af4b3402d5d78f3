"""Bare DRF endpoints: what the framework costs on this server with nothing of the project's own in the view.

The project's settings apply to them as to every API view (authentication classes, JSON renderer and parser); the
views themselves are DRF's generic ones with a plain ModelSerializer, no pagination, no filters, no throttle; the
registration's floor (RegistrationFloor) is a plain APIView over the ORM and the project's own writers."""

from django.db import transaction
from django.utils import timezone
from rest_framework import generics, serializers, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import AuditEvent
from accounts.services import audit_log
from sessions.models import JobSession, Notification, Registration
from sessions.notifications import outbox

SESSION_COLUMNS = [
    field.name
    for field in JobSession._meta.concrete_fields  # the row's own columns (foreign keys as ids)
]


class Constant(APIView):
    permission_classes = [AllowAny]

    def get(self, request):
        return Response({"status": "ok", "answer": 42})


class PlainSessionSerializer(serializers.ModelSerializer):
    class Meta:
        model = JobSession
        fields = SESSION_COLUMNS


class SessionRows(generics.ListAPIView):
    """The first `rows` sessions by id, every column, one query."""

    permission_classes = [AllowAny]
    serializer_class = PlainSessionSerializer
    pagination_class = None
    filter_backends = []
    rows = 20

    def get_queryset(self):
        return JobSession.objects.order_by("id")[: self.rows]


class AuditRowSerializer(serializers.ModelSerializer):
    class Meta:
        model = AuditEvent
        fields = ["id", "action", "object_type", "object_id", "data", "created_at"]
        read_only_fields = ["id", "created_at"]


class OneRowPost(generics.CreateAPIView):
    """One INSERT of a plain row by an authenticated user (the same bearer tokens as the registration burst)."""

    permission_classes = [IsAuthenticated]
    serializer_class = AuditRowSerializer

    def perform_create(self, serializer):
        serializer.save(actor=self.request.user)


class RegistrationFloor(APIView):
    """The least a registration does while it keeps its guarantees: in one transaction the session row locked and
    its seat counters read (`has_free_seat`), the registration inserted (a seat while one is free, else the
    waitlist), its audit event (`audit_log`) and one outbox row of fixed text, written by the project's own writer
    (`outbox.write_new_registration_notices`, which asks for a sweep on commit). Nothing else: no read of the session
    before the lock, no throttle, no checks, no rendering, no answer serializer.

    The project's registration against this shows what the project adds to the floor; this against the one-row
    POST shows what the guarantees themselves cost on this server."""

    permission_classes = [IsAuthenticated]

    def post(self, request, pk):
        job_seeker = request.user.job_seeker
        with transaction.atomic():
            session = JobSession.objects.select_for_update().only("job_seeker_capacity", "seats_taken").get(pk=pk)
            confirmed = session.has_free_seat
            registration = Registration.objects.create(
                session=session,
                job_seeker=job_seeker,
                status=Registration.Status.CONFIRMED if confirmed else Registration.Status.WAITLISTED,
                confirmed_at=timezone.now() if confirmed else None,
                registered_by=request.user,
            )
            audit_log(
                actor=request.user, action="bench.registration_floor", obj=registration, status=registration.status
            )
            notice = Notification(
                channel=Notification.Channel.SMS,
                address=request.user.phone or "+84900000000",
                kind=Notification.Kind.REGISTRATION_CONFIRMED
                if confirmed
                else Notification.Kind.REGISTRATION_WAITLISTED,
                body_text="bench",
                dedup_key=f"bench-floor:{registration.pk}",
                send_after=timezone.now(),
                job_seeker=job_seeker,
                session=session,
            )
            outbox.write_new_registration_notices(registration, [notice])  # inserted; a sweep asked for on commit
        return Response({"id": registration.pk, "status": registration.status}, status=status.HTTP_201_CREATED)
