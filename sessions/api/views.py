"""Sessions API: thin views over sessions.services and sessions.selectors."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import IsJobSeeker, IsStaff, IsStaffOrReadOnly, is_job_seeker_user, is_staff_user
from jobfair.api import ErrorSerializer, FormatIsAFilter
from jobfair.errors import InvalidCheckInCode
from jobfair.limits import RegistrationRateThrottle
from sessions import selectors, services
from sessions.api.serializers import (
    CheckInInputSerializer,
    RegistrationAlertSerializer,
    RegistrationInputSerializer,
    RegistrationOutputSerializer,
    SessionCancelInputSerializer,
    SessionInputSerializer,
    SessionOutputSerializer,
    SessionScheduleInputSerializer,
    session_row_columns,
    session_rows_data,
)
from sessions.filters import RegistrationFilter, SessionFilter
from sessions.models import Registration

REFUSAL = OpenApiResponse(ErrorSerializer, description="Refused by a business rule: {code, detail}")


class SessionViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    permission_classes = [IsStaffOrReadOnly]
    content_negotiation_class = FormatIsAFilter  # `?format=online` filters sessions, it does not pick a renderer
    filterset_class = SessionFilter
    serializer_class = SessionOutputSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        sessions = selectors.sessions_visible_to(self.request.user)
        return selectors.session_with_counts(sessions).order_by("starts_at", "id")

    def list(self, request, *args, **kwargs):
        """The page as values() rows with their counts, and the codes of its cohorts and provinces in two queries:
        the same answer as SessionOutputSerializer, without building a session, its venue and ward, and the related
        rows of each (selectors.session_codes, serializers.session_rows_data)."""
        sessions = self.filter_queryset(self.get_queryset().select_related(None).prefetch_related(None))
        page = self.paginate_queryset(sessions.values(*session_row_columns()))
        cohorts, provinces = selectors.session_codes(row["id"] for row in page)
        return self.get_paginated_response(session_rows_data(page, cohorts, provinces))

    def _output(self, session, status_code=status.HTTP_200_OK):
        session = self.get_queryset().get(pk=session.pk)
        return Response(SessionOutputSerializer(session).data, status=status_code)

    @extend_schema(request=SessionInputSerializer, responses={201: SessionOutputSerializer, 409: REFUSAL})
    def create(self, request):
        data = SessionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        session = services.session_create(actor=request.user, **data.validated_data)
        return self._output(session, status.HTTP_201_CREATED)

    @extend_schema(request=SessionInputSerializer(partial=True), responses={200: SessionOutputSerializer, 409: REFUSAL})
    def partial_update(self, request, pk=None):
        session = self.get_object()
        data = SessionInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        session = services.session_update(session=session, actor=request.user, **data.validated_data)
        return self._output(session)

    @extend_schema(request=None, responses={200: SessionOutputSerializer, 409: REFUSAL})
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        return self._output(services.session_publish(session=self.get_object(), actor=request.user))

    @extend_schema(request=SessionCancelInputSerializer, responses={200: SessionOutputSerializer, 409: REFUSAL})
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        session = self.get_object()
        data = SessionCancelInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._output(services.session_cancel(session=session, actor=request.user, **data.validated_data))

    @extend_schema(request=None, responses={200: SessionOutputSerializer, 409: REFUSAL})
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        return self._output(services.session_complete(session=self.get_object(), actor=request.user))

    @extend_schema(
        request=SessionScheduleInputSerializer,
        responses={201: SessionOutputSerializer(many=True), 409: REFUSAL},
    )
    @action(detail=False, methods=["post"])
    def schedule(self, request):
        data = SessionScheduleInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        series, _sessions = services.session_series_create(actor=request.user, **data.validated_data)
        created = self.get_queryset().filter(series=series)
        return Response(SessionOutputSerializer(created, many=True).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=RegistrationInputSerializer,
        responses={200: RegistrationOutputSerializer, 201: RegistrationOutputSerializer, 409: REFUSAL},
    )
    @action(
        detail=True,
        methods=["post"],
        permission_classes=[IsAuthenticated],
        throttle_classes=[RegistrationRateThrottle],
    )
    def registrations(self, request, pk=None):
        # the service locks and reads the session again: here whether the user may see it, with what the notices
        # say (its venue) and the seats then taken, so that a confirmation is rendered before the lock
        session = selectors.session_to_register_for(request.user, pk)
        if session is None:
            raise Http404
        data = RegistrationInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        if is_staff_user(request.user):
            job_seeker = data.validated_data.get("job_seeker")
            if job_seeker is None:
                raise ValidationError({"job_seeker": [_("Choose the job seeker to register.")]})
            source = Registration.Source.STAFF
        elif is_job_seeker_user(request.user):
            job_seeker, source = request.user.job_seeker, Registration.Source.ONLINE
        else:
            raise PermissionDenied(_("Only job seekers and centre staff can register for a session."))
        registration, created = services.registration_create(
            session=session,
            job_seeker=job_seeker,
            actor=request.user,
            source=source,
            vacancies=data.validated_data.get("vacancies", []),
        )
        context = {}
        if created:
            # the place in the queue of a new registration is known (none for a seat holder); its vacancies came
            # back with it (no query for either)
            place = registration.waitlist_place
            context["waitlist_positions"] = {registration.pk: place} if place else {}
        return Response(
            RegistrationOutputSerializer(registration, context=context).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


class RegistrationAlertView(APIView):
    """`sessions/{id}/registration-alert/`: "tell me when registration opens", for a session whose registration is
    still to open (else 409). Asking again changes nothing (200); the notice is sent when it opens."""

    permission_classes = [IsJobSeeker]

    @extend_schema(
        request=None,
        responses={200: RegistrationAlertSerializer, 201: RegistrationAlertSerializer, 409: REFUSAL},
    )
    def post(self, request, pk):
        session = get_object_or_404(selectors.sessions_visible_to(request.user), pk=pk)
        alert, created = services.registration_alert_request(
            session=session, job_seeker=request.user.job_seeker, actor=request.user
        )
        return Response(
            RegistrationAlertSerializer(alert).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK
        )


class RegistrationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """A job seeker sees their own registrations; staff see all."""

    permission_classes = [IsAuthenticated]
    serializer_class = RegistrationOutputSerializer
    filterset_class = RegistrationFilter

    def get_queryset(self):
        return selectors.registrations_visible_to(self.request.user).order_by("-created_at", "-id")

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        serializer = self.get_serializer(
            page,
            many=True,
            context={
                "waitlist_positions": selectors.waitlist_positions(page),
                "online_rooms": selectors.online_rooms_for(page),
            },
        )
        return self.get_paginated_response(serializer.data)

    @extend_schema(request=None, responses={200: RegistrationOutputSerializer, 409: REFUSAL})
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        registration = services.registration_cancel(registration=self.get_object(), actor=request.user)
        return Response(RegistrationOutputSerializer(registration).data)


class CheckInView(APIView):
    """Check a person in by the code of their QR (`code`), or by the desk code they read out (`short_code`, any
    case, with its `session`)."""

    permission_classes = [IsStaff]

    @extend_schema(request=CheckInInputSerializer, responses={200: RegistrationOutputSerializer, 409: REFUSAL})
    def post(self, request):
        data = CheckInInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        code, session = data.validated_data.get("code"), data.validated_data.get("session")
        if not code:
            found = selectors.registration_by_short_code(session=session, short_code=data.validated_data["short_code"])
            if found is None:
                raise InvalidCheckInCode()
            code = found.check_in_code
        registration, _newly = services.registration_check_in(code=code, actor=request.user, session=session)
        return Response(RegistrationOutputSerializer(registration).data)
