"""Applying a service's keyword changes to a model instance: one way for every update service."""

from __future__ import annotations

from collections.abc import Callable


def assign_changes(
    obj,
    changes: dict,
    *,
    m2m_fields=frozenset(),
    clean: Callable[[str, object], object] | None = None,
) -> tuple[list[str], list[str]]:
    """Set the fields whose value differs (`clean(field, value)` first, when given); many-to-many fields are saved
    at once. Returns (changed fields, changed relations), so the caller saves only what changed and audits it."""
    changed, changed_relations = [], []
    for field, value in changes.items():
        if field in m2m_fields:
            if set(getattr(obj, field).values_list("pk", flat=True)) != {item.pk for item in value}:
                getattr(obj, field).set(value)
                changed_relations.append(field)
            continue
        if clean is not None:
            value = clean(field, value)
        if getattr(obj, field) != value:
            setattr(obj, field, value)
            changed.append(field)
    return changed, changed_relations
