"""Everything Pamong holds about one employee, as a .zip of JSON plus their files (UU 27/2022 Pasal 7; G27).

People offers a registry: each context that stores rows about an employee
registers a *source* (a name, a builder returning JSON-ready data, and
optionally the stored files) from its AppConfig.ready(), so a lower context
never imports a higher one. ``models`` names the models a source covers;
a test checks that every model pointing at Employee is covered.
"""

import io
import json
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import get_valid_filename

from pamong.audit.models import AuditEvent, target_key
from pamong.audit.services import audit_record

from .audit import PeopleAudit
from .models import Employee
from .selectors import actor_employee

FileEntry = tuple[str, models.fields.files.FieldFile]


@dataclass(frozen=True)
class PersonalDataSource:
    name: str
    build: Callable[[Employee], object]
    files: Callable[[Employee], Iterable[FileEntry]] | None = None
    models: tuple[str, ...] = field(default_factory=tuple)
    """Model labels ("leave.leaveapplication") whose rows about the employee this source exports."""


_SOURCES: dict[str, PersonalDataSource] = {}


def register_personal_data_source(
    name: str, *, build: Callable[[Employee], object],
    files: Callable[[Employee], Iterable[FileEntry]] | None = None, models: Iterable[str] = (),
) -> None:
    """Add (or replace) the source *name*; called from AppConfig.ready() of the owning context."""
    _SOURCES[name] = PersonalDataSource(name=name, build=build, files=files, models=tuple(models))


def personal_data_sources() -> list[PersonalDataSource]:
    return [_SOURCES[name] for name in sorted(_SOURCES)]


def row(obj: models.Model, *, exclude: Iterable[str] = ()) -> dict:
    """One model row as a dict: concrete fields, related rows by their label, files by name, no internal keys."""
    skip = {"id", *exclude}
    data: dict[str, object] = {}
    for model_field in obj._meta.concrete_fields:
        if model_field.name in skip:
            continue
        if model_field.is_relation:
            related = getattr(obj, model_field.name)
            data[model_field.name] = str(related) if related is not None else None
        elif isinstance(model_field, models.FileField):
            value = getattr(obj, model_field.name)
            data[model_field.name] = bool(value)
        else:
            data[model_field.name] = getattr(obj, model_field.attname)
    return data


def rows(queryset, exclude: tuple[str, ...] = ()) -> list[dict]:
    return [row(obj, exclude=exclude) for obj in queryset]


def safe_name(prefix: str, name: str) -> str:
    return f"{prefix}-{get_valid_filename(name) or 'file'}"


# --- People's own parts -----------------------------------------------------------------------------------


# Sort keys the lists keep for themselves: not data about the person beyond what the other fields say.
_INTERNAL_KEYS = ("duk_key", "kgb_month", "kgb_phase")


def _profile(employee: Employee) -> dict:
    return row(employee, exclude=_INTERNAL_KEYS)


def _histories(employee: Employee) -> dict:
    return {
        "rank": rows(employee.rank_history.select_related("golongan")),
        "position": rows(employee.position_history.select_related("position", "org_unit")),
        "education": rows(employee.education_history.all()),
        "training": rows(employee.training_history.all()),
    }


def _family(employee: Employee) -> list[dict]:
    return rows(employee.family.all())


def _documents(employee: Employee) -> list[dict]:
    return [row(document, exclude=("file",)) | {"file_in_archive": bool(document.file) and not document.purged_at}
            for document in employee.documents.all()]


def _document_files(employee: Employee) -> Iterable[FileEntry]:
    for document in employee.documents.filter(purged_at__isnull=True):
        if document.file:
            yield safe_name(str(document.public_id), document.original_name), document.file


def _corrections(employee: Employee) -> list[dict]:
    return [row(item, exclude=("attachment",)) for item in employee.correction_requests.all()]


def _correction_files(employee: Employee) -> Iterable[FileEntry]:
    for item in employee.correction_requests.all():
        if item.attachment:
            yield safe_name(str(item.public_id), item.attachment_name), item.attachment


def _audit_events(employee: Employee) -> list[dict]:
    """The processing trail: every recorded change or read of the employee's record."""
    events = AuditEvent.objects.filter(target_type=employee._meta.label_lower, target_id=target_key(employee))
    return [
        {"occurred_at": event.occurred_at, "actor": event.actor_label, "action": event.action,
         "changes": event.changes}
        for event in events.order_by("occurred_at", "pk")
    ]


register_personal_data_source("profile", build=_profile, models=("people.employee",))
register_personal_data_source("histories", build=_histories, models=(
    "people.rankhistory", "people.positionhistory", "people.educationhistory", "people.traininghistory"))
register_personal_data_source("family", build=_family, models=("people.familymember",))
register_personal_data_source("documents", build=_documents, files=_document_files,
                              models=("people.employeedocument",))
register_personal_data_source("corrections", build=_corrections, files=_correction_files,
                              models=("people.correctionrequest",))
register_personal_data_source("audit_events", build=_audit_events)


# --- The archive -----------------------------------------------------------------------------------------


def can_export_personal_data(actor, employee: Employee) -> bool:
    """Only the person downloads everything about themselves."""
    me = actor_employee(actor)
    return me is not None and me.pk == employee.pk


def archive_filename(employee: Employee, now: datetime | None = None) -> str:
    now = now or timezone.now()
    return f"data-pribadi-{employee.nip}-{timezone.localtime(now):%Y%m%d}.zip"


@transaction.atomic
def personal_data_export(*, actor, employee: Employee) -> bytes:
    """Build the .zip of everything held about *employee* and record the export.

    Raises PermissionDenied unless *actor* is the employee. One JSON file per
    registered source plus the stored files; ``manifest.json`` lists them.
    Audited as ``people.personal_data_exported`` (sources and file count).
    """
    if not can_export_personal_data(actor, employee):
        raise PermissionDenied
    buffer = io.BytesIO()
    manifest: dict[str, object] = {"employee": employee.nip, "generated_at": timezone.now(), "sources": [], "files": []}
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for source in personal_data_sources():
            data = source.build(employee)
            archive.writestr(f"{source.name}.json", json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False,
                                                                indent=2))
            manifest["sources"].append(source.name)
            for name, stored in (source.files(employee) if source.files else ()):
                path = f"files/{source.name}/{name}"
                try:
                    with stored.open("rb") as handle:
                        archive.writestr(path, handle.read())
                except FileNotFoundError:
                    continue  # a file lost from storage: the metadata JSON still names it
                manifest["files"].append(path)
        archive.writestr("manifest.json", json.dumps(manifest, cls=DjangoJSONEncoder, indent=2))
    audit_record(actor=actor, action=PeopleAudit.PERSONAL_DATA_EXPORTED, target=employee,
                 changes={"sources": [None, manifest["sources"]], "files": [None, len(manifest["files"])]})
    return buffer.getvalue()
