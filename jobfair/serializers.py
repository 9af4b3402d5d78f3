"""What the API's serializers share."""

import copy


class FieldsBuiltOnce:
    """For a ModelSerializer on a hot path: the fields it derives from the model are built once per class (DRF builds
    them again for every instance) and copied for each instance, as DRF copies a plain Serializer's declared fields.
    The copies are bound to their instance, so method fields and the context work as ever."""

    def get_fields(self):
        built = type(self).__dict__.get("_fields_built_once")
        if built is None:
            built = super().get_fields()  # never bound itself: only its copies are
            type(self)._fields_built_once = built
        return copy.deepcopy(built)
