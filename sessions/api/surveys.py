"""The question after the session (issue 15 item 5) in the API: staff read a session's answers; anyone holding a
survey link's token answers through it (no account: the token is the credential), once."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.generics import get_object_or_404
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import IsStaff
from sessions import selectors, services
from sessions.api.views import REFUSAL
from sessions.models import JobSession, SurveyInvitation
from sessions.services.surveys import SURVEY_COMMENT_MAX_LENGTH


class SurveyAnswerSerializer(serializers.ModelSerializer):
    """An answer as staff read it: an employer's names the employer; a job seeker's names nobody."""

    employer = serializers.IntegerField(
        source="participation.employer_id", read_only=True, allow_null=True, default=None
    )
    employer_name = serializers.CharField(
        source="participation.employer.name", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = SurveyInvitation
        fields = ["id", "session", "respondent", "employer", "employer_name", "rating", "comment", "answered_at"]
        read_only_fields = fields


class SurveyAnswerInputSerializer(serializers.Serializer):
    token = serializers.CharField(max_length=100, help_text="The token of the personal link (…/survey/<token>/).")
    rating = serializers.IntegerField(min_value=1, max_value=5, help_text="1 = very dissatisfied … 5 = very satisfied")
    comment = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=SURVEY_COMMENT_MAX_LENGTH, trim_whitespace=True
    )


class SurveyReceiptSerializer(serializers.ModelSerializer):
    session_code = serializers.CharField(source="session.code", read_only=True)

    class Meta:
        model = SurveyInvitation
        fields = ["session", "session_code", "respondent", "rating", "comment", "answered_at"]
        read_only_fields = fields


class SessionSurveyAnswersView(generics.ListAPIView):
    """`GET sessions/{id}/survey-answers/`: the answers to a session's survey, newest first (staff). The figures
    (counts, average, distribution) are in the session's result sheet, `GET reports/sessions/{id}/`."""

    permission_classes = [IsStaff]
    serializer_class = SurveyAnswerSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular reading the view for the schema
            return SurveyInvitation.objects.none()
        session = get_object_or_404(JobSession.objects.all(), pk=self.kwargs["pk"])
        return selectors.session_survey_answers(session)


class SurveyAnswerSubmitView(APIView):
    """`POST survey-answers/` `{token, rating, comment}`: answer a session's survey with the token of the personal
    link. 201 with the answer; 404 for a token no invitation holds; 409 `survey_answered` for a link already
    answered (the first answer stands), `survey_closed` once the survey has closed."""

    authentication_classes = []  # the token is the credential; a bearer header changes nothing
    permission_classes = [AllowAny]

    @extend_schema(
        request=SurveyAnswerInputSerializer,
        responses={
            201: SurveyReceiptSerializer,
            400: OpenApiResponse(description="Bad input: field errors."),
            404: OpenApiResponse(description="The link is not valid."),
            409: REFUSAL,
        },
    )
    def post(self, request):
        data = SurveyAnswerInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        invitation = selectors.survey_invitation_for_token(data.validated_data["token"])
        if invitation is None:
            raise NotFound(_("This survey link is not valid."))
        invitation = services.survey_answer(
            invitation=invitation, rating=data.validated_data["rating"], comment=data.validated_data["comment"]
        )
        return Response(SurveyReceiptSerializer(invitation).data, status=status.HTTP_201_CREATED)
