"""What every API view shares: the error shape of DESIGN §5, pagination, and the request's language."""

from django.core.exceptions import ObjectDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, ParseError, ValidationError
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from jobfair.error_pages import DATABASE_UNAVAILABLE, RETRY_AFTER_SECONDS, UNHOLDABLE_INPUT, unavailable_api_body
from jobfair.errors import BusinessRuleError


class BoundedJSONParser(JSONParser):
    """DRF's JSON parser, with a body nested too deeply to read (2 KB of brackets is enough) answered as a 400
    like any other JSON it cannot read, not as a RecursionError."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(_("JSON parse error - the JSON is nested too deeply.")) from None


class PageNumberPaginationWithSize(PageNumberPagination):
    """`?page=` and `?page_size=` (at most 100), answering {count, next, previous, results}."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100


class FilterWhenAsked(DjangoFilterBackend):
    """django-filter's backend, building and validating the view's FilterSet only when the request names one of its
    parameters: a filter given no value changes nothing, so a plain list skips a millisecond of work on every page."""

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is None:
            return queryset
        names = tuple(filterset_class.base_filters)  # a range filter's parameters are its name plus a suffix
        if not any(parameter.startswith(names) for parameter in request.query_params):
            return queryset
        return super().filter_queryset(request, queryset, view)


class FormatIsAFilter(DefaultContentNegotiation):
    """Content negotiation for views whose `?format=` is a filter of their own (a session's format: in_person,
    online, hybrid). DRF would read it as the renderer override and answer 404 for `?format=online`."""

    class settings:  # stands in for api_settings, of which only this is read
        URL_FORMAT_OVERRIDE = None


class ErrorSerializer(serializers.Serializer):
    """The body of a business-rule refusal (HTTP 409), and of a database out of reach for a moment (HTTP 503)."""

    code = serializers.CharField(help_text="Machine code, e.g. registration_closed")
    detail = serializers.CharField(help_text="Message in the request's language")


class DetailSerializer(serializers.Serializer):
    """The body of DRF's own refusals (HTTP 401, 403, 404, 429)."""

    detail = serializers.CharField(help_text="Message in the request's language")


def _django_validation_detail(exc: DjangoValidationError):
    if hasattr(exc, "error_dict"):
        return {field: [str(message) for message in messages] for field, messages in exc.message_dict.items()}
    return {"non_field_errors": [str(message) for message in exc.messages]}


def exception_handler(exc, context):
    """Business refusals are 409 {code, detail}; a model-level ValidationError is a 400 with field errors;
    a missing object is a 404, never a 500; a database out of reach for a moment is a 503 with Retry-After."""
    if isinstance(exc, DATABASE_UNAVAILABLE):  # for a moment (a restart, a failover): try again, see error_pages
        response = Response(unavailable_api_body(), status=status.HTTP_503_SERVICE_UNAVAILABLE)
        response["Retry-After"] = RETRY_AFTER_SECONDS
        return response
    if isinstance(exc, DataError):  # input the database cannot hold or compare, e.g. a NUL byte in a text
        return Response({"detail": UNHOLDABLE_INPUT}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, BusinessRuleError):
        return Response({"code": exc.code, "detail": exc.detail}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, DjangoValidationError):
        exc = ValidationError(_django_validation_detail(exc))
    elif isinstance(exc, ObjectDoesNotExist | Http404):
        exc = NotFound()  # "Not found." in the request's language (Django's 404 names the model, in English)
    return drf_exception_handler(exc, context)
