"""Django admin writes as audit events (issue #8 §5).

The admin bypasses the services, so it would otherwise change rows (a user's
groups, permissions, ``is_staff``/``is_superuser``, any registered model)
without an AuditEvent. At start-up every ModelAdmin of the default site gets
:class:`AuditedAdminMixin` in front of its class; the mixin hooks the admin's
own logging points, which every admin write passes:

* ``save_model`` keeps a snapshot of the stored row before the change;
* ``log_addition`` / ``log_change`` (called after the row *and* its
  many-to-many fields are saved, inside the admin's transaction) record
  ``admin.object_added`` / ``admin.object_changed`` with ``{field: [before,
  after]}`` for the fields the form changed, many-to-many fields (groups,
  permissions) as sorted name lists;
* ``log_deletions`` (called before the delete, for the delete view and the
  "delete selected" action) records ``admin.object_deleted`` per object.
  Deleted rows' values are not copied into the trail;
* ``response_action`` records any other admin action as ``admin.action_run``
  per selected object, with the action's name.

Changed form fields that are not model fields (the password form's
``password1``) are listed by label under ``fields``, never with values.
"""

from __future__ import annotations

import datetime
import decimal
import uuid
from enum import StrEnum

from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import FieldDoesNotExist
from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext_lazy

from .registry import register_action_labels
from .services import PendingEvent, audit_record, audit_record_many

_SNAPSHOTS = "_pamong_admin_audit_before"


class AdminAudit(StrEnum):
    OBJECT_ADDED = "admin.object_added"
    OBJECT_CHANGED = "admin.object_changed"
    OBJECT_DELETED = "admin.object_deleted"
    ACTION_RUN = "admin.action_run"


register_action_labels(
    {
        AdminAudit.OBJECT_ADDED: gettext_lazy("Added in the Django admin"),
        AdminAudit.OBJECT_CHANGED: gettext_lazy("Changed in the Django admin"),
        AdminAudit.OBJECT_DELETED: gettext_lazy("Deleted in the Django admin"),
        AdminAudit.ACTION_RUN: gettext_lazy("Django admin action run"),
    }
)


def _jsonable(value):
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime.date | datetime.time | decimal.Decimal | uuid.UUID):
        return value
    if isinstance(value, FieldFile):
        return value.name or None
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(item) for item in value]
    return str(value)


def _field_names(obj: models.Model, form) -> tuple[list[str], list[str]]:
    """Split the form's changed fields into model fields and other form fields."""
    model_fields, others = [], []
    for name in getattr(form, "changed_data", None) or []:
        try:
            field = obj._meta.get_field(name)
        except FieldDoesNotExist:
            others.append(name)
            continue
        if field.concrete or field.many_to_many:
            model_fields.append(name)
        else:
            others.append(name)
    return model_fields, others


def _snapshot(obj: models.Model, names: list[str]) -> dict[str, object]:
    data = {}
    for name in names:
        field = obj._meta.get_field(name)
        if field.many_to_many:
            data[name] = sorted(str(item) for item in getattr(obj, name).all()) if obj.pk else []
        elif field.is_relation:
            data[name] = _jsonable(getattr(obj, name, None))
        else:
            data[name] = _jsonable(field.value_from_object(obj))
    return data


def _stored(obj: models.Model) -> models.Model | None:
    if obj.pk is None:
        return None
    return type(obj)._default_manager.filter(pk=obj.pk).first()


def _labels_of(form, names: list[str]) -> list[str]:
    labels = []
    for name in names:
        field = getattr(form, "fields", {}).get(name)
        labels.append(str(field.label) if field is not None and field.label else name)
    return labels


class AuditedAdminMixin:
    """Record every admin add, change and delete as an AuditEvent (see the module docstring)."""

    def save_model(self, request, obj, form, change):
        names, _others = _field_names(obj, form)
        before = None
        if change:
            stored = _stored(obj)
            before = _snapshot(stored, names) if stored is not None else None
        snapshots = getattr(request, _SNAPSHOTS, None)
        if snapshots is None:
            snapshots = {}
            setattr(request, _SNAPSHOTS, snapshots)
        snapshots[id(obj)] = (form, before)
        return super().save_model(request, obj, form, change)

    def _audit_write(self, request, obj, action: AdminAudit) -> None:
        form, before = getattr(request, _SNAPSHOTS, {}).pop(id(obj), (None, None))
        changes: dict[str, list[object]] = {}
        if form is not None:
            names, others = _field_names(obj, form)
            after = _snapshot(obj, names)
            for name in names:
                old = (before or {}).get(name)
                if old != after[name] or action == AdminAudit.OBJECT_ADDED:
                    changes[name] = [old, after[name]]
            if others:
                changes["fields"] = _labels_of(form, others)
        with transaction.atomic():
            audit_record(actor=request.user, action=action, target=obj, changes=changes)

    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        self._audit_write(request, obj, AdminAudit.OBJECT_ADDED)
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        if id(obj) not in getattr(request, _SNAPSHOTS, {}):
            # A change without save_model(), e.g. the user admin's password form.
            form_fields = _changed_labels(message)
            with transaction.atomic():
                audit_record(
                    actor=request.user,
                    action=AdminAudit.OBJECT_CHANGED,
                    target=obj,
                    changes={"fields": form_fields} if form_fields else {},
                )
            return entry
        self._audit_write(request, obj, AdminAudit.OBJECT_CHANGED)
        return entry

    def log_deletions(self, request, queryset):
        entries = super().log_deletions(request, queryset)
        with transaction.atomic():
            audit_record_many(
                actor=request.user,
                events=[PendingEvent(action=AdminAudit.OBJECT_DELETED, target=obj) for obj in queryset],
            )
        return entries

    def response_action(self, request, queryset):
        """Record a custom admin action per selected object ("delete selected" is recorded by log_deletions)."""
        name = request.POST.get("action", "")
        selected = request.POST.getlist(ACTION_CHECKBOX_NAME)
        response = super().response_action(request, queryset)
        if name and name != "delete_selected" and selected and name in self.get_actions(request):
            with transaction.atomic():
                audit_record_many(
                    actor=request.user,
                    events=[
                        PendingEvent(action=AdminAudit.ACTION_RUN, target=obj, changes={"action": [None, name]})
                        for obj in queryset.model._default_manager.filter(pk__in=selected)
                    ],
                )
        return response

    def delete_queryset(self, request, queryset):
        # The "delete selected" action is not atomic by itself.
        with transaction.atomic():
            return super().delete_queryset(request, queryset)


def _changed_labels(message) -> list[str]:
    labels: list[str] = []
    if isinstance(message, list):
        for part in message:
            if isinstance(part, dict):
                labels.extend(str(name) for name in part.get("changed", {}).get("fields", []))
    return labels


def install(site: admin.AdminSite | None = None) -> None:
    """Put AuditedAdminMixin in front of every ModelAdmin registered on *site* (idempotent)."""
    site = site or admin.site
    for model_admin in site._registry.values():
        cls = type(model_admin)
        if issubclass(cls, AuditedAdminMixin):
            continue
        model_admin.__class__ = type(f"Audited{cls.__name__}", (AuditedAdminMixin, cls), {})
