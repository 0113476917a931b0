"""What audit codes mean to a reader: labels of actions and target types.

The audit context is a low layer and cannot import the contexts whose events
it stores, so each context registers its labels here from its own
``audit.py`` (AuditConfig.ready() imports every app's ``audit`` module)::

    register_action_labels({PeopleAudit.UNIT_CREATED: gettext_lazy("Unit created"), ...})

Target types and field names need no registration: their labels are the
models' verbose names. ``register_target_type_labels`` covers targets that
are not models (e.g. ``auth.username``), ``register_field_labels`` keys of
``changes`` that are not model fields (e.g. the data groups of a read).
"""

from collections.abc import Mapping

from django.apps import apps
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy

_action_labels: dict[str, str | Promise] = {}
_target_type_labels: dict[str, str | Promise] = {
    "auth.username": gettext_lazy("Username (no account)"),
}


_field_labels: dict[str, str | Promise] = {}


def register_field_labels(labels: Mapping[str, str | Promise]) -> None:
    """Register labels of ``changes`` keys that are not model fields (e.g. a read's data groups)."""
    for name, label in labels.items():
        _field_labels[str(name)] = label


def registered_field_label(name: str) -> str | None:
    label = _field_labels.get(name)
    return str(label) if label is not None else None


def register_action_labels(labels: Mapping[str, str | Promise]) -> None:
    """Register ``{action code: label}``; a code registered twice keeps the last label."""
    for code, label in labels.items():
        _action_labels[str(code)] = label


def register_target_type_labels(labels: Mapping[str, str | Promise]) -> None:
    for code, label in labels.items():
        _target_type_labels[str(code)] = label


def action_label(action: str) -> str:
    """The reader's label of *action* in the active language; the code itself if none is registered."""
    label = _action_labels.get(action)
    return str(label) if label is not None else action


def action_choices() -> list[tuple[str, str]]:
    """``(code, label)`` of every registered action, sorted by label."""
    return sorted(((code, str(label)) for code, label in _action_labels.items()), key=lambda item: item[1])


def model_of(target_type: str):
    """The model class named by an ``app_label.model_name`` target type, or None."""
    if "." not in target_type:
        return None
    try:
        return apps.get_model(target_type)
    except (LookupError, ValueError):
        return None


def target_type_label(target_type: str) -> str:
    """The verbose name of the target's model (capitalised); the code itself if it names none."""
    label = _target_type_labels.get(target_type)
    if label is not None:
        return str(label)
    model = model_of(target_type)
    return capfirst(str(model._meta.verbose_name)) if model is not None else target_type


def target_type_choices() -> list[tuple[str, str]]:
    """``(code, label)`` of the target types, for a filter: every project model plus the registered ones."""
    choices = {
        model._meta.label_lower: capfirst(str(model._meta.verbose_name))
        for model in apps.get_models()
        if model.__module__.startswith("pamong.") or model._meta.app_label in {"auth", "accounts"}
    }
    choices.update({code: str(label) for code, label in _target_type_labels.items()})
    return sorted(choices.items(), key=lambda item: item[1])
