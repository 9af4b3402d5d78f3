"""Venues API: anyone reads (active venues; staff also see retired ones), staff write through the services."""

from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response

from accounts.models import AdministrativeUnit
from accounts.permissions import IsStaffOrReadOnly
from sessions import selectors, services
from sessions.api.serializers import CodeRelatedField
from sessions.models import Venue


class VenueOutputSerializer(serializers.ModelSerializer):
    ward = serializers.CharField(source="ward_id", read_only=True)

    class Meta:
        model = Venue
        fields = [
            "id",
            "name",
            "kind",
            "address",
            "ward",
            "booth_count",
            "seat_capacity",
            "accessible",
            "accessibility_notes",
            "is_active",
        ]
        read_only_fields = fields


class VenueInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=Venue.Kind.choices)
    address = serializers.CharField(max_length=255)
    ward = CodeRelatedField(queryset=AdministrativeUnit.objects.filter(level="ward"))
    booth_count = serializers.IntegerField(min_value=0, max_value=10_000, required=False)
    seat_capacity = serializers.IntegerField(min_value=0, max_value=1_000_000, required=False)
    accessible = serializers.BooleanField(required=False)
    accessibility_notes = serializers.CharField(max_length=2_000, required=False, allow_blank=True)
    is_active = serializers.BooleanField(required=False)


class VenueFilter(filters.FilterSet):
    kind = filters.ChoiceFilter(choices=Venue.Kind.choices)
    ward = filters.CharFilter(field_name="ward_id")
    province = filters.CharFilter(field_name="ward__province_id")
    accessible = filters.BooleanFilter()

    class Meta:
        model = Venue
        fields = []


class VenueViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    permission_classes = [IsStaffOrReadOnly]
    serializer_class = VenueOutputSerializer
    filterset_class = VenueFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return selectors.venues_visible_to(self.request.user)

    @extend_schema(request=VenueInputSerializer, responses={201: VenueOutputSerializer})
    def create(self, request):
        data = VenueInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        venue = services.venue_create(actor=request.user, **data.validated_data)
        return Response(VenueOutputSerializer(venue).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=VenueInputSerializer(partial=True), responses={200: VenueOutputSerializer})
    def partial_update(self, request, pk=None):
        venue = self.get_object()
        data = VenueInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        venue = services.venue_update(venue=venue, actor=request.user, **data.validated_data)
        return Response(VenueOutputSerializer(venue).data)
