"""The admin's autocomplete widgets, safe against a value that cannot be a key. A form sent back with `venue=abc`
(or a NUL byte in a ward's code) is refused by its field, but Django's AutocompleteSelect then renders it again by
looking the typed value up (`pk__in=['abc']`): a ValueError or a DataError, a 500 instead of the form's error. These
widgets look up only the values that can be keys; the field still says the choice is not valid."""

from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError


class _KeysOnlyMixin:
    def _can_be_a_key(self, value) -> bool:
        target = self.field.remote_field.model._meta.pk if self.field.many_to_many else self.field.target_field
        if "\x00" in str(value):
            return False
        try:
            target.to_python(value)
        except ValidationError:
            return False
        return True

    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, [v for v in value if self._can_be_a_key(v)], attr)


class KeysOnlyAutocompleteSelect(_KeysOnlyMixin, AutocompleteSelect):
    pass


class KeysOnlyAutocompleteSelectMultiple(_KeysOnlyMixin, AutocompleteSelectMultiple):
    pass


class SafeAutocompleteMixin:
    """For a ModelAdmin with `autocomplete_fields`: its autocomplete widgets are the ones above."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = KeysOnlyAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = KeysOnlyAutocompleteSelectMultiple(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_manytomany(db_field, request, **kwargs)
