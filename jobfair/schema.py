"""The OpenAPI schema generator of the API (drf-spectacular's, with two corrections).

A module of its own: jobfair.api holds the pagination class, which DRF imports while it is still loading its own
generics, before drf-spectacular's generator can be imported.
"""

import drf_spectacular.openapi
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from drf_spectacular.utils import OpenApiResponse
from rest_framework.permissions import SAFE_METHODS, AllowAny, IsAuthenticatedOrReadOnly
from rest_framework.relations import ManyRelatedField

from accounts.permissions import IsStaffOrReadOnly
from jobfair.api import DetailSerializer, ErrorSerializer

# A 400's body: DRF's field errors ({"field": ["message", …]}, "non_field_errors" for the input as a whole, nested
# for nested input) or {"detail": "…"} for input it cannot read at all (not JSON, a NUL byte the database refuses).
FIELD_ERRORS = {
    "type": "object",
    "additionalProperties": {},
    "description": "Each field refused, with its messages in the request's language; `non_field_errors` for the "
    "input as a whole; `detail` for input that cannot be read.",
}
RETRY_AFTER = {"schema": {"type": "integer"}, "description": "Seconds to wait before trying again."}


class AutoSchema(drf_spectacular.openapi.AutoSchema):
    """Two corrections, to the schema only, not to the answers.

    The schema of a read-only field says what the model can hold: DRF drops `allow_blank` from read-only
    ModelSerializer fields, so a blank choice ("" = not stated) or a blank URL would be documented as impossible,
    and a read-only relation declared by hand says nothing of NULL.

    Each operation lists the refusals it can give (jobfair.api.exception_handler), as a client generator needs them:
    drf-spectacular documents only the answers a view names, and the views name their business refusals (409)."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code, answer in self._refusals().items():
            if code not in responses:
                responses[code] = self._get_response_for_code(answer, code, direction=direction)
                if code in ("429", "503"):
                    responses[code]["headers"] = {"Retry-After": RETRY_AFTER}
        return responses

    def _refusals(self) -> dict[str, OpenApiResponse]:
        """What the exception handler may answer for this operation besides its own answers, by what the view
        does: it reads input, authenticates, checks permissions, names an object in its path, throttles."""
        view, refusals = self.view, {}
        if self.method not in SAFE_METHODS or any(parameter["in"] == "query" for parameter in self._get_parameters()):
            refusals["400"] = OpenApiResponse(FIELD_ERRORS, description="The input refused.")
        if view.get_authenticators():  # a bearer token given but expired or forged is refused, wherever it goes
            refusals["401"] = OpenApiResponse(DetailSerializer, description="Not signed in, or the token is invalid.")
        if self._may_forbid():
            refusals["403"] = OpenApiResponse(DetailSerializer, description="Not allowed for this user.")
        if "{" in self.path:
            refusals["404"] = OpenApiResponse(DetailSerializer, description="No such object, or not visible to you.")
        if view.get_throttles():
            refusals["429"] = OpenApiResponse(DetailSerializer, description="Too many requests: see Retry-After.")
        refusals["503"] = OpenApiResponse(
            ErrorSerializer, description="The database is out of reach for a moment: see Retry-After."
        )
        return refusals

    def _may_forbid(self) -> bool:
        if self.method not in SAFE_METHODS:
            return True  # a signed-in browser's write without its CSRF token, and every permission below
        lenient = (AllowAny, IsAuthenticatedOrReadOnly, IsStaffOrReadOnly)  # none of them refuses a read
        return not all(isinstance(permission, lenient) for permission in self.view.get_permissions())

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        model_field = _model_field_of(field) if field.read_only else None
        if model_field is not None:
            if model_field.blank and hasattr(field, "allow_blank") and not field.allow_blank:
                field.allow_blank = True
            if model_field.null and not field.allow_null:
                field.allow_null = True
        return super()._map_serializer_field(field, direction, bypass_extensions)


def _model_field_of(field):
    """The model field a serializer field reads directly (`ward` or `ward_id`), or None."""
    parent = getattr(field, "parent", None)
    model = getattr(getattr(parent, "Meta", None), "model", None)
    source = getattr(field, "source", "")
    if model is None or not source or source == "*" or "." in source or isinstance(field, ManyRelatedField):
        return None
    try:
        model_field = model._meta.get_field(source)
    except FieldDoesNotExist:
        return None
    return model_field if isinstance(model_field, models.Field) and not model_field.many_to_many else None
