"""`GET sessions/{id}/no-shows/` (issue 15 item 3): for staff, the people who held a seat at a session and did not
come, each with their phone, their no-shows of the last 12 months, whether staff should call them, and whether the
follow-up message went out. Nobody is blocked from registering by any of it."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import generics, serializers
from rest_framework.generics import get_object_or_404

from accounts.access import Kind, record_access
from accounts.permissions import IsStaff
from sessions import selectors
from sessions.models import Registration

SESSION_PK = OpenApiParameter("pk", int, OpenApiParameter.PATH, description="The session's id")


class NoShowSerializer(serializers.Serializer):
    registration = serializers.IntegerField(source="pk", read_only=True)
    job_seeker = serializers.IntegerField(source="job_seeker_id", read_only=True)
    full_name = serializers.CharField(source="job_seeker.full_name", read_only=True)
    phone = serializers.CharField(source="job_seeker.phone", read_only=True)
    email = serializers.CharField(source="job_seeker.email", read_only=True)
    recent_no_shows = serializers.IntegerField(read_only=True, help_text="No-shows in the last 12 months.")
    call_suggested = serializers.SerializerMethodField(help_text="Repeated no-shows: staff should call the person.")
    message = serializers.SerializerMethodField(help_text="Whether the follow-up message went out.")
    followed_up_at = serializers.DateTimeField(source="no_show_followed_up_at", read_only=True, allow_null=True)

    def get_call_suggested(self, registration) -> bool:
        return selectors.is_flagged_for_a_call(registration.recent_no_shows)

    @extend_schema_field(serializers.ChoiceField(choices=selectors.FollowUpState.choices))
    def get_message(self, registration) -> str:
        return selectors.follow_up_message_state(registration)


class SessionNoShowsView(generics.ListAPIView):
    permission_classes = [IsStaff]
    serializer_class = NoShowSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Registration.objects.none()
        session = get_object_or_404(selectors.session_lookup(include_drafts=True), pk=self.kwargs["pk"])
        return selectors.no_shows_of_session(session)

    @extend_schema(parameters=[SESSION_PK], responses={200: NoShowSerializer(many=True)})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        record_access(request, Kind.CONTACT, job_seeker_ids=[r.job_seeker_id for r in page])  # phones are shown
        return self.get_paginated_response(self.get_serializer(page, many=True).data)
