"""How an audit event reads: labels instead of codes, formatted values (issue #8 §5).

The stored row keeps the codes and raw JSON values (they are what the chain
hashes); this module turns them into what an auditor reads: the action's
registered label, the target model's verbose name, field verbose names and
values formatted by field type (dates, booleans, choices, lists).
"""

import datetime
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import formats, timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .registry import action_label, model_of, registered_field_label, target_type_label

EMPTY = "—"
_DEFAULT_STR = re.compile(r"^\w+ object \((?P<pk>[^)]*)\)$")

# Keys of ``changes`` that are not model fields.
_SPECIAL_FIELDS = {
    "fields": gettext_lazy("Fields"),
    "username": gettext_lazy("Username"),
    "count": gettext_lazy("Count"),
    "reason": gettext_lazy("Reason"),
    "action": gettext_lazy("Action"),
}


@dataclass(frozen=True, slots=True)
class ChangeRow:
    field: str  # the code, as stored
    label: str
    old: str
    new: str


def _field(model, name: str):
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def field_label(target_type: str, name: str) -> str:
    field = _field(model_of(target_type), name)
    if field is not None and getattr(field, "verbose_name", None):
        return capfirst(str(field.verbose_name))
    registered = registered_field_label(name)
    if registered is not None:
        return registered
    special = _SPECIAL_FIELDS.get(name)
    if special is not None:
        return str(special)
    return capfirst(name.replace("_", " "))


def _yes_no(value: bool) -> str:
    return _("Yes") if value else _("No")


def format_value(target_type: str, name: str, value: object, *, zone: ZoneInfo | None = None) -> str:
    """A stored value as a reader sees it: choice labels, local dates, Yes/No, joined lists."""
    if value is None or value == "" or value == []:
        return EMPTY
    if name == "fields" and isinstance(value, list):
        return ", ".join(field_label(target_type, str(item)) for item in value)
    field = _field(model_of(target_type), name)
    if isinstance(value, list):
        return ", ".join(format_value(target_type, name, item, zone=zone) for item in value)
    if field is not None and getattr(field, "flatchoices", None):
        choices = {str(key): label for key, label in field.flatchoices}
        if str(value) in choices:
            return str(choices[str(value)])
    if isinstance(value, bool):
        return _yes_no(value)
    if isinstance(field, models.BooleanField) and isinstance(value, int | str):
        return _yes_no(str(value).lower() in {"1", "true"})
    if isinstance(value, str):
        if isinstance(field, models.DateTimeField):
            moment = parse_datetime(value)
            if moment is not None:
                if timezone.is_aware(moment):
                    moment = timezone.localtime(moment, zone) if zone else moment
                return formats.date_format(moment, "DATETIME_FORMAT")
        elif isinstance(field, models.DateField):
            day = parse_date(value)
            if day is not None:
                return formats.date_format(day, "DATE_FORMAT")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "DATE_FORMAT")
    if isinstance(value, dict):
        return ", ".join(f"{key}: {item}" for key, item in value.items())
    return str(value)


def change_rows(event, *, zone: ZoneInfo | None = None) -> list[ChangeRow]:
    """``{field: [old, new]}`` of *event* as labelled, formatted rows."""
    changes = event.changes
    if not isinstance(changes, dict):
        return []
    rows = []
    for name, values in changes.items():
        name = str(name)
        label = field_label(event.target_type, name)
        if isinstance(values, list | tuple) and len(values) == 2 and name != "fields":
            old = format_value(event.target_type, name, values[0], zone=zone)
            new = format_value(event.target_type, name, values[1], zone=zone)
            rows.append(ChangeRow(name, label, old, new))
        else:
            rows.append(ChangeRow(name, label, "", format_value(event.target_type, name, values, zone=zone)))
    return rows


def target_display(event) -> str:
    """The target as a reader names it: never "Evaluation object (3522)"."""
    kind = target_type_label(event.target_type)
    label = event.target_label or ""
    if not label or _DEFAULT_STR.match(label):
        return f"{kind} {event.target_id}"
    return label


_ACTORS_WITHOUT_ACCOUNT = {
    "system": gettext_lazy("System"),
    "anonymous": gettext_lazy("Anonymous (not signed in)"),
}


def actor_display(event) -> str:
    """The actor's username, or what acted without an account (the system, an anonymous visitor)."""
    if event.actor_id is None and event.actor_label in _ACTORS_WITHOUT_ACCOUNT:
        return str(_ACTORS_WITHOUT_ACCOUNT[event.actor_label])
    return event.actor_label


def describe(event, *, zone: ZoneInfo | None = None):
    """Attach reader-facing attributes to *event* (for templates)."""
    event.actor_display = actor_display(event)
    event.action_label = action_label(event.action)
    event.target_type_label = target_type_label(event.target_type)
    event.target_display = target_display(event)
    event.change_rows = change_rows(event, zone=zone)
    return event
