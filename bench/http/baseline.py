"""Bare DRF endpoints: what the framework costs on this server with nothing of the project's own in the view.

The project's settings apply to them as to every API view (authentication classes, JSON renderer and parser); the
views themselves are DRF's generic ones with a plain ModelSerializer, no pagination, no filters, no throttle."""

from rest_framework import generics, serializers
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import AuditEvent
from sessions.models import JobSession

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
