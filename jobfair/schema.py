"""The OpenAPI schema generator of the API (drf-spectacular's, with one correction).

A module of its own: jobfair.api holds the pagination class, which DRF imports while it is still loading its own
generics, before drf-spectacular's generator can be imported.
"""

import drf_spectacular.openapi
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from rest_framework.relations import ManyRelatedField


class AutoSchema(drf_spectacular.openapi.AutoSchema):
    """The schema of a read-only field says what the model can hold: DRF drops `allow_blank` from read-only
    ModelSerializer fields, so a blank choice ("" = not stated) or a blank URL would be documented as impossible,
    and a read-only relation declared by hand says nothing of NULL. Only the schema changes, not the answers."""

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
