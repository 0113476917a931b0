"""Development services: the competency dictionary, job competency standards and assessed levels.

Suggested default standards by position grade (rules.md §7, PermenPANRB 38/2017, marked [U]: verify in the
regulation's annex) are ``default_required_level``: offered to HR as "fill from the default" for the managerial and
socio-cultural competencies of a position, never applied silently.
"""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from pamong.audit.services import PendingEvent, audit_record, audit_record_many
from pamong.core.uploads import safe_filename
from pamong.people.choices import PositionGrade, PositionKind
from pamong.people.models import Employee, Pemda, Position, path_within
from pamong.people.selectors import actor_employee

from .. import competency_imports as imports
from .. import rules
from ..audit import DevelopmentAudit
from ..choices import AssessmentSource, CompetencyKind
from ..errors import COMPETENCY_EXISTS, INVALID_LEVEL, INVALID_SHEET, SELF_ASSESSMENT, DevelopmentError, field_error
from ..models import (
    Competency,
    CompetencyAssessment,
    CompetencyLevel,
    CompetencyStandard,
    CurrentCompetency,
    Enrolment,
)
from ..permissions import can_assess, can_manage, is_self

INACTIVE_COMPETENCY = "development.competency_inactive"
INVALID_DESCRIPTOR = "development.invalid_descriptor"

# rules.md §7 [U — verify in the PermenPANRB 38/2017 annex]: the level a position's grade suggests for the
# managerial and socio-cultural competencies. JPT Madya is "5/4" there; Pamong suggests 5.
DEFAULT_LEVEL_BY_GRADE = {
    PositionGrade.JPT_UTAMA: 5,
    PositionGrade.JPT_MADYA: 5,
    PositionGrade.JPT_PRATAMA: 4,
    PositionGrade.AHLI_UTAMA: 4,
    PositionGrade.AHLI_MADYA: 3,
    PositionGrade.AHLI_MUDA: 2,
    PositionGrade.AHLI_PERTAMA: 1,
}
DEFAULT_LEVEL_BY_KIND = {
    PositionKind.JPT: 4,  # a JPT position without a grade: the Pemda's usual JPT Pratama
    PositionKind.ADMINISTRATOR: 3,
    PositionKind.PENGAWAS: 2,
    PositionKind.PELAKSANA: 1,
    PositionKind.FUNGSIONAL: 1,  # skill-track jenjang (pemula … penyelia) and ungraded functional positions
}
DEFAULT_KINDS = (CompetencyKind.MANAGERIAL, CompetencyKind.SOCIO_CULTURAL)


def default_required_level(kind: str, grade: str) -> int:
    """The suggested required level of a managerial or socio-cultural competency for a position (rules.md §7 [U])."""
    if grade in DEFAULT_LEVEL_BY_GRADE:
        return DEFAULT_LEVEL_BY_GRADE[grade]
    return DEFAULT_LEVEL_BY_KIND.get(kind, rules.LEVEL_MIN)


def is_up_the_line(actor, employee: Employee) -> bool:
    """*actor* holds a position above the employee's (or heads a unit over the employee's unit): the supervisors
    who may record a "supervisor" assessment. Holders of agency-wide read rights (executive, auditor) are not."""
    me = actor_employee(actor)
    if me is None or me.pk == employee.pk or me.pemda_id != employee.pemda_id or me.current_position is None:
        return False
    position = me.current_position
    scope = path_within("current_position__path", position.path) & ~Q(current_position_id=position.pk)
    if position.is_unit_head and me.current_unit is not None:
        scope |= path_within("current_unit__path", me.current_unit.path)
    return Employee.objects.filter(pk=employee.pk).filter(scope).exists()


def can_record_level(actor, employee: Employee) -> bool:
    """HR of the employee's Pemda (any source) or a supervisor up the line ("supervisor"); never oneself."""
    return can_assess(actor, employee) and (can_manage(actor, employee.pemda_id) or is_up_the_line(actor, employee))


def _refresh_current(employee: Employee, competency: Competency) -> None:
    """Keep CurrentCompetency = the latest assessment (by date, then by entry) of this employee and competency."""
    latest = (CompetencyAssessment.objects.filter(employee=employee, competency=competency)
              .order_by("-assessed_on", "-pk").first())
    if latest is None:
        CurrentCompetency.objects.filter(employee=employee, competency=competency).delete()
        return
    CurrentCompetency.objects.update_or_create(
        employee=employee, competency=competency,
        defaults={"pemda_id": employee.pemda_id, "level": latest.level, "assessment": latest,
                  "assessed_on": latest.assessed_on, "valid_until": latest.valid_until})


@transaction.atomic
def assessment_record(*, actor, employee: Employee, competency: Competency, level: int, source: str,
                      assessed_on: date, valid_until: date | None = None, reference: str = "", note: str = "",
                      enrolment: Enrolment | None = None) -> CompetencyAssessment:
    """Record a dated level (1–5) of one competency of one employee, with its source; never about oneself.

    HR of the agency may record any source; a supervisor up the line records "supervisor" assessments only.
    Training-proven levels (source "training") are recorded by the completion of an activity (HR).
    """
    if is_self(actor, employee):
        raise DevelopmentError(_("Nobody records a level of their own competency."), code=SELF_ASSESSMENT)
    if not can_record_level(actor, employee) or competency.pemda_id != employee.pemda_id:
        raise PermissionDenied
    if source not in AssessmentSource.values:
        raise field_error("source", _("Choose the source of the assessment."), "development.invalid_source")
    if source != AssessmentSource.SUPERVISOR and not can_manage(actor, employee.pemda_id):
        raise PermissionDenied
    if not isinstance(level, int) or not rules.LEVEL_MIN <= level <= rules.LEVEL_MAX:
        raise field_error("level", _("A level is a whole number from 1 to 5."), INVALID_LEVEL)
    if valid_until is not None and valid_until < assessed_on:
        raise field_error("valid_until", _("The validity ends before the assessment date."),
                          "development.invalid_date")
    assessment = CompetencyAssessment.objects.create(
        pemda_id=employee.pemda_id, employee=employee, competency=competency, level=level, source=source,
        assessed_on=assessed_on, valid_until=valid_until, reference=(reference or "").strip()[:200],
        note=(note or "").strip(), enrolment=enrolment, recorded_by=actor)
    previous = CurrentCompetency.objects.filter(employee=employee, competency=competency).values_list(
        "level", flat=True).first()
    _refresh_current(employee, competency)
    audit_record(actor=actor, action=DevelopmentAudit.ASSESSMENT_RECORDED, target=employee,
                 pemda_id=employee.pemda_id,
                 changes={"competency": [None, competency.code], "level": [previous, level],
                          "source": [None, source], "assessed_on": [None, assessed_on]})
    return assessment


# --- The dictionary ----------------------------------------------------------------------------------------------


def _competency_state(competency: Competency) -> dict:
    return {"code": competency.code, "name": competency.name, "kind": competency.kind, "field": competency.field,
            "description": competency.description, "is_active": competency.is_active}


@transaction.atomic
def competency_save(*, actor, pemda: Pemda, competency: Competency | None = None, code: str, name: str, kind: str,
                    field: str = "", description: str = "", descriptors: dict[int, str]) -> Competency:
    """Create (``competency`` None) or edit a dictionary entry with its five level descriptors, in one transaction.

    Raises PermissionDenied unless *actor* manages development of *pemda*; DevelopmentError with
    ``development.competency_exists`` for a code already used in the Pemda, ``development.invalid_descriptor``
    when a level 1–5 has no descriptor.
    """
    if not can_manage(actor, pemda.pk) or (competency is not None and competency.pemda_id != pemda.pk):
        raise PermissionDenied
    code, name = " ".join((code or "").split()).upper(), " ".join((name or "").split())
    if not code:
        raise field_error("code", _("Enter a code."), "development.invalid_code")
    if not name:
        raise field_error("name", _("Enter a name."), "development.invalid_name")
    if kind not in CompetencyKind.values:
        raise field_error("kind", _("Choose the type of competency."), "development.invalid_kind")
    texts = {level: (descriptors.get(level) or "").strip() for level in range(rules.LEVEL_MIN, rules.LEVEL_MAX + 1)}
    missing = [level for level, text in texts.items() if not text]
    if missing:
        raise field_error(f"level_{missing[0]}", _("Describe every level from 1 to 5."), INVALID_DESCRIPTOR)
    duplicate = Competency.objects.filter(pemda=pemda, code=code)
    if competency is not None:
        duplicate = duplicate.exclude(pk=competency.pk)
    if duplicate.exists():
        raise field_error("code", _("The code %(code)s is already used in the dictionary.") % {"code": code},
                          COMPETENCY_EXISTS)
    before = {}
    if competency is None:
        competency = Competency(pemda=pemda)
    else:
        competency = Competency.objects.select_for_update().get(pk=competency.pk)
        before = _competency_state(competency)
        before["levels"] = dict(competency.levels.values_list("level", "descriptor"))
    competency.code, competency.name, competency.kind = code, name[:200], kind
    competency.field = " ".join((field or "").split())[:100] if kind == CompetencyKind.TECHNICAL else ""
    competency.description = (description or "").strip()
    competency.save()
    existing = {row.level: row for row in competency.levels.all()}
    for level, text in texts.items():
        row = existing.get(level)
        if row is None:
            CompetencyLevel.objects.create(competency=competency, level=level, descriptor=text)
        elif row.descriptor != text:
            row.descriptor = text
            row.save(update_fields=["descriptor"])
    after = {**_competency_state(competency), "levels": texts}
    changes = {key: [before.get(key), value] for key, value in after.items() if before.get(key) != value}
    if changes:
        audit_record(actor=actor, action=DevelopmentAudit.COMPETENCY_SAVED, target=competency, pemda_id=pemda.pk,
                     changes=changes)
    return competency


@transaction.atomic
def competency_set_active(*, actor, competency: Competency, active: bool) -> Competency:
    """Deactivate (or reactivate) a dictionary entry: it leaves the gap maps and the choices, its history stays."""
    if not can_manage(actor, competency.pemda_id):
        raise PermissionDenied
    competency = Competency.objects.select_for_update().get(pk=competency.pk)
    if competency.is_active != active:
        audit_record(actor=actor, action=DevelopmentAudit.COMPETENCY_SAVED, target=competency,
                     pemda_id=competency.pemda_id, changes={"is_active": [competency.is_active, active]})
        competency.is_active = active
        competency.save(update_fields=["is_active", "updated_at"])
    return competency


@transaction.atomic
def dictionary_seed(*, pemda: Pemda, entries: list[dict]) -> int:
    """Add the starter entries (``code``, ``name``, ``kind``, ``field``, ``description``, ``levels`` 1–5) that the
    Pemda's dictionary lacks, by code; an existing entry and its descriptors are left as the agency edited them.
    A system action (management command), audited without an actor. Returns the number of entries added."""
    existing = set(Competency.objects.filter(pemda=pemda).values_list("code", flat=True))
    events = []
    for entry in entries:
        if entry["code"] in existing:
            continue
        competency = Competency.objects.create(pemda=pemda, code=entry["code"], name=entry["name"],
                                               kind=entry["kind"], field=entry.get("field", ""),
                                               description=entry.get("description", ""))
        CompetencyLevel.objects.bulk_create(CompetencyLevel(competency=competency, level=level, descriptor=text)
                                            for level, text in enumerate(entry["levels"], start=1))
        events.append(PendingEvent(action=DevelopmentAudit.COMPETENCY_SAVED, target=competency, pemda_id=pemda.pk,
                                   changes={"code": [None, competency.code], "source": [None, "starter dictionary"]}))
    if events:
        audit_record_many(actor=None, events=events, actor_label="seed_competency_dictionary")
    return len(events)


# --- Job competency standards ------------------------------------------------------------------------------------


def _check_level(level: object, field: str) -> int:
    if isinstance(level, bool) or not isinstance(level, int) or not rules.LEVEL_MIN <= level <= rules.LEVEL_MAX:
        raise field_error(field, _("A level is a whole number from 1 to 5."), INVALID_LEVEL)
    return level


@transaction.atomic
def standards_set(*, actor, position: Position, levels: dict[Competency, int | None]) -> dict[str, list]:
    """Set the required level of each given competency for *position* (None removes the requirement).

    Returns the audited changes ``{code: [before, after]}`` (empty when nothing changed). Raises PermissionDenied
    unless *actor* manages development of the position's Pemda; DevelopmentError for a level outside 1–5 or a
    competency that is inactive or of another Pemda.
    """
    if not can_manage(actor, position.pemda_id):
        raise PermissionDenied
    for competency, level in levels.items():
        if competency.pemda_id != position.pemda_id:
            raise PermissionDenied
        if level is not None:
            _check_level(level, f"level_{competency.public_id}")
            if not competency.is_active:
                raise field_error(f"level_{competency.public_id}",
                                  _("%(name)s is deactivated; reactivate it first.") % {"name": competency.name},
                                  INACTIVE_COMPETENCY)
    existing = {row.competency_id: row for row in
                CompetencyStandard.objects.select_for_update().filter(position=position,
                                                                       competency__in=list(levels))}
    changes = {}
    for competency, level in levels.items():
        row = existing.get(competency.pk)
        before = row.required_level if row else None
        if before == level:
            continue
        changes[competency.code] = [before, level]
        if level is None:
            row.delete()
        elif row is None:
            CompetencyStandard.objects.create(pemda_id=position.pemda_id, position=position, competency=competency,
                                              required_level=level)
        else:
            row.required_level = level
            row.save(update_fields=["required_level", "updated_at"])
    if changes:
        audit_record(actor=actor, action=DevelopmentAudit.STANDARD_SET, target=position,
                     pemda_id=position.pemda_id, changes=changes)
    return changes


def _sheet_refusal(exc: Exception) -> DevelopmentError:
    return field_error("file", str(getattr(exc, "message", exc)), INVALID_SHEET)


@transaction.atomic
def standards_import(*, actor, pemda: Pemda, file_name: str, content: bytes, dry_run: bool = False) -> dict:
    """Import job competency standards from an .xlsx sheet: every row or none.

    Columns: position (public id, or its exact name with the unit's name), competency code, required level. Returns
    ``{"rows", "created", "updated", "unchanged", "errors", "written"}``; ``errors`` lists ``{"row", "message"}`` in
    the user's language. Raises PermissionDenied unless *actor* manages development of *pemda*, DevelopmentError
    ``development.invalid_sheet`` for a file that is not a readable .xlsx standards sheet.
    """
    if not can_manage(actor, pemda.pk):
        raise PermissionDenied
    try:
        rows = imports.read_rows(file_name, content, imports.STANDARD_SHEET)
    except imports.SheetError as exc:
        raise _sheet_refusal(exc) from None
    plan, problems = imports.plan_standards(pemda, rows)
    summary = {"rows": len(rows), "created": sum(p.action == "create" for p in plan),
               "updated": sum(p.action == "update" for p in plan), "unchanged": sum(p.action == "same" for p in plan),
               "errors": problems, "written": False}
    if problems or dry_run:
        return summary
    events = []
    for item in plan:
        if item.action == "same":
            continue
        if item.standard is None:
            CompetencyStandard.objects.create(pemda=pemda, position=item.position, competency=item.competency,
                                              required_level=item.level)
        else:
            CompetencyStandard.objects.filter(pk=item.standard.pk).update(required_level=item.level)
        events.append(PendingEvent(action=DevelopmentAudit.STANDARD_SET, target=item.position, pemda_id=pemda.pk,
                                   changes={item.competency.code: [item.before, item.level]}))
    events.append(PendingEvent(action=DevelopmentAudit.STANDARDS_IMPORTED, target=pemda, pemda_id=pemda.pk,
                               changes={"file": [None, safe_filename(file_name or "sheet")],
                                        "rows": [None, len(rows)], "created": [None, summary["created"]],
                                        "updated": [None, summary["updated"]]}))
    audit_record_many(actor=actor, events=events)
    summary["written"] = True
    return summary


@transaction.atomic
def assessments_import(*, actor, pemda: Pemda, file_name: str, content: bytes, dry_run: bool = False) -> dict:
    """Import assessment-centre results from an .xlsx sheet: every row or none, each row by ``assessment_record``.

    Columns: NIP, competency code, level, assessment date, valid until (optional), reference. Returns
    ``{"rows", "recorded", "errors", "written"}``. A row about the importer themself, an unknown NIP or code, a
    level outside 1–5 or a bad date is a row error. Raises PermissionDenied unless *actor* manages development of
    *pemda*, DevelopmentError ``development.invalid_sheet`` for a file that is not a readable results sheet.
    """
    if not can_manage(actor, pemda.pk):
        raise PermissionDenied
    try:
        rows = imports.read_rows(file_name, content, imports.ASSESSMENT_SHEET)
    except imports.SheetError as exc:
        raise _sheet_refusal(exc) from None
    plan, problems = imports.plan_assessments(actor, pemda, rows)
    summary = {"rows": len(rows), "recorded": len(plan), "errors": problems, "written": False}
    if problems or dry_run:
        return summary
    for item in plan:
        assessment_record(actor=actor, employee=item.employee, competency=item.competency, level=item.level,
                          source=AssessmentSource.ASSESSMENT_CENTRE, assessed_on=item.assessed_on,
                          valid_until=item.valid_until, reference=item.reference)
    audit_record(actor=actor, action=DevelopmentAudit.ASSESSMENTS_IMPORTED, target=pemda, pemda_id=pemda.pk,
                 changes={"file": [None, safe_filename(file_name or "sheet")], "rows": [None, len(rows)],
                          "recorded": [None, len(plan)]})
    summary["written"] = True
    return summary


def register() -> None:
    """Fill the lower contexts' registries (approval flows, task sources…) for this sub-domain."""
