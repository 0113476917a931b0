"""Writes of the workload analysis (ABK, Analisis Beban Kerja; rules.md §5, PermenPANRB 1/2020).

Only the agency's HR admin writes (MobilityPerm.MANAGE and the same Pemda as the position; a superadmin without an
agency is refused like everybody else: ABK is the agency's own planning). Every write runs in one transaction,
recomputes the figures with pamong.mobility.workload and stores them on the row (lists and exports read them as
stored), and records an audit event with the changed values.

Staff (bezetting) is counted when the analysis is saved: the position's active holders (PNS, CPNS, PPPK).
Placements change it later; ``analyses_refresh_staff`` recounts (command ``mobility_workload_refresh``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from pamong.audit.services import PendingEvent, audit_record, audit_record_many, diff
from pamong.core.text import text_problem
from pamong.people.models import Employee, Pemda, Position

from .. import workload as arithmetic
from ..capabilities import MobilityPerm
from ..choices import Rounding
from ..models import DEFAULT_WKE_MINUTES, WorkloadAnalysis, WorkloadSettings, WorkloadTask, default_bands
from ..workload_audit import WorkloadAudit, WorkloadError, fields_error

MAX_TASKS = 200
MIN_YEAR, MAX_YEAR = 2000, 2100
MAX_WKE = 525_600  # minutes in a year: a WKE above it is not a working time
MAX_VOLUME = Decimal("9999999999.99")  # WorkloadTask.volume: 12 digits, 2 places
MAX_NORM = Decimal("99999999.99")  # WorkloadTask.norm_minutes: 10 digits, 2 places
MAX_WORKLOAD = Decimal("99999999999999.99")  # WorkloadAnalysis.workload_minutes: 16 digits, 2 places
MAX_NEED = Decimal("999999.9999")  # WorkloadAnalysis.need / ej: 10 digits, 4 places
FIGURE_FIELDS = ("wke_minutes", "rounding", "workload_minutes", "need", "need_rounded", "staff", "ej", "band")


# --- who ---------------------------------------------------------------------------------------------------------


def can_manage_workload(actor, pemda_id: int | None) -> bool:
    """The agency's HR admin (MobilityPerm.MANAGE, same Pemda). Nobody else writes an ABK."""
    return bool(actor is not None and actor.is_authenticated and actor.pemda_id is not None
                and pemda_id is not None and actor.pemda_id == pemda_id and actor.has_perm(MobilityPerm.MANAGE))


def _require_manager(actor, pemda_id: int | None) -> None:
    if not can_manage_workload(actor, pemda_id):
        raise PermissionDenied(_("Only the agency's HR administrator may change its workload analyses."))


# --- settings ----------------------------------------------------------------------------------------------------


def settings_for(pemda_id: int) -> WorkloadSettings:
    """The Pemda's ABK parameters, or unsaved defaults (WKE 75,000 min, rounding up, the default bands)."""
    return WorkloadSettings.objects.filter(pemda_id=pemda_id).first() or WorkloadSettings(
        pemda_id=pemda_id, wke_minutes=DEFAULT_WKE_MINUTES, rounding=Rounding.CEIL, bands=default_bands())


def _clean_wke(value, field: str = "wke_minutes") -> int:
    wke = None
    if isinstance(value, int) and not isinstance(value, bool):
        wke = value
    elif isinstance(value, str) and value.strip().isdigit():
        wke = int(value.strip())
    elif isinstance(value, Decimal | float) and value == value and value == int(value):  # noqa: PLR0124 - NaN
        wke = int(value)
    if wke is None or not 1 <= wke <= MAX_WKE:
        raise fields_error({field: [_("The effective working time must be a whole number of minutes from 1 to "
                                      "%(max)s (75,000 = 1,250 hours).") % {"max": f"{MAX_WKE:,}"}]})
    return wke


_BAND_MESSAGES = {
    "empty": _lazy("Give at least one band."),
    "too_many": _lazy("Give at most 10 bands."),
    "shape": _lazy("Each band needs a lower bound, a code and a label."),
    "bound": _lazy("A lower bound must be a number from 0 to 100."),
    "code": _lazy("Each band needs its own code (at most 4 characters) and a label (at most 60)."),
    "order": _lazy("The lower bounds must go down from the first band to the last."),
    "last_zero": _lazy("The last band's lower bound must be 0, so every EJ has a band."),
}


def _clean_bands(bands) -> list:
    problem = arithmetic.bands_problem(bands)
    if problem is not None:
        raise fields_error({"bands": [str(_BAND_MESSAGES[problem])]})
    return [[float(Decimal(str(row[0]))), str(row[1]).strip(), str(row[2]).strip()] for row in bands]


@transaction.atomic
def workload_settings_update(*, actor, pemda: Pemda, wke_minutes, rounding: str, bands) -> WorkloadSettings:
    """Set the Pemda's WKE (for analyses saved from now on), rounding rule and EJ bands.

    The rounding and the bands apply to every stored analysis of the Pemda at once (their figures are recomputed
    with their own WKE). Raises PermissionDenied, or WorkloadError (mobility.invalid_workload) per field.
    """
    _require_manager(actor, pemda.pk)
    errors: dict[str, list[str]] = {}
    try:
        wke = _clean_wke(wke_minutes)
    except WorkloadError as exc:  # gather every field's message
        errors.update(exc.field_errors)
    if rounding not in Rounding.values:
        errors["rounding"] = [_("Choose how the employees needed are rounded.")]
    try:
        clean_bands = _clean_bands(bands)
    except WorkloadError as exc:
        errors.update(exc.field_errors)
    if errors:
        raise fields_error(errors)
    current = WorkloadSettings.objects.select_for_update().filter(pemda=pemda).first()
    record = current or WorkloadSettings(pemda=pemda)
    before = {"wke_minutes": record.wke_minutes, "rounding": record.rounding, "bands": record.bands}
    record.wke_minutes, record.rounding, record.bands, record.updated_by = wke, rounding, clean_bands, actor
    after = {"wke_minutes": wke, "rounding": rounding, "bands": clean_bands}
    changes = diff(before, after) if current else {name: [None, value] for name, value in after.items()}
    if current and not changes:
        return record
    record.save()
    audit_record(actor=actor, action=WorkloadAudit.SETTINGS_CHANGED, target=pemda, pemda_id=pemda.pk,
                 changes=changes)
    if "rounding" in changes or "bands" in changes:
        _refresh(WorkloadAnalysis.objects.filter(pemda=pemda), record, actor=actor)
    return record


# --- tasks -------------------------------------------------------------------------------------------------------


def _decimal(value, *, maximum: Decimal) -> Decimal | None:
    """A positive amount with at most 2 places within *maximum*, or None."""
    if value is None or isinstance(value, bool) or value == "":
        return None
    try:
        number = Decimal(str(value).strip().replace(",", ".")) if isinstance(value, str) else Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    if not number.is_finite() or number <= 0 or number > maximum or number != number.quantize(Decimal("0.01")):
        return None
    return number.quantize(Decimal("0.01"))


def clean_tasks(tasks: Sequence[Mapping], *, numbered: bool = True) -> list[dict]:
    """The task rows as stored, or WorkloadError with one message per bad cell, keyed ``tasks.<i>.<field>``.

    A row needs a name (≤ 300 characters), a volume > 0 and a norm time > 0 (minutes, at most 2 decimals);
    the output unit is optional (≤ 60). At most 200 rows. *numbered*: messages start with "Task <n>:".
    """
    if len(tasks) > MAX_TASKS:
        raise fields_error({"tasks": [_("An analysis has at most %(max)s tasks.") % {"max": MAX_TASKS}]})
    errors: dict[str, list[str]] = {}
    cleaned = []
    for index, row in enumerate(tasks):
        problems: dict[str, str] = {}
        name = str(row.get("name") or "").strip()
        unit = str(row.get("output_unit") or "").strip()
        if not name:
            problems["name"] = _("Give the task's name.")
        elif len(name) > 300 or text_problem(name):
            problems["name"] = _("The task's name must be plain text of at most 300 characters.")
        if len(unit) > 60 or (unit and text_problem(unit)):
            problems["output_unit"] = _("The output unit must be plain text of at most 60 characters.")
        volume = _decimal(row.get("volume"), maximum=MAX_VOLUME)
        if volume is None:
            problems["volume"] = _("The volume must be a number above 0 (at most 2 decimals).")
        norm = _decimal(row.get("norm_minutes"), maximum=MAX_NORM)
        if norm is None:
            problems["norm_minutes"] = _("The norm time must be a number of minutes above 0 (at most 2 decimals).")
        for name_of_field, problem in problems.items():
            message = _("Task %(n)s: %(problem)s") % {"n": index + 1, "problem": problem} if numbered else problem
            errors[f"tasks.{index}.{name_of_field}"] = [message]
        cleaned.append({"name": name, "output_unit": unit, "volume": volume, "norm_minutes": norm})
    if errors:
        raise fields_error(errors)
    return cleaned


def _clean_year(year) -> int:
    try:
        value = int(year)
    except (TypeError, ValueError):
        value = 0
    if isinstance(year, bool) or not MIN_YEAR <= value <= MAX_YEAR:
        raise fields_error({"year": [_("The year must be between %(min)s and %(max)s.")
                                     % {"min": MIN_YEAR, "max": MAX_YEAR}]})
    return value


# --- figures -----------------------------------------------------------------------------------------------------


def staff_counts(position_ids: Iterable[int]) -> dict[int, int]:
    """Active holders per position (one query)."""
    ids = list(position_ids)
    if not ids:
        return {}
    rows = (Employee.objects.filter(current_position_id__in=ids, is_active=True).values("current_position_id")
            .annotate(n=Count("pk")).values_list("current_position_id", "n"))
    return dict.fromkeys(ids, 0) | dict(rows)


def _apply(analysis: WorkloadAnalysis, pairs: list[tuple[Decimal, Decimal]], staff: int, bands) -> None:
    figures = arithmetic.compute(pairs, staff=staff, wke_minutes=analysis.wke_minutes, rounding=analysis.rounding,
                                 bands=bands)
    if figures.workload_minutes > MAX_WORKLOAD or figures.need > MAX_NEED:
        raise fields_error({"tasks": [_("The total workload is too large for the effective working time.")]})
    analysis.workload_minutes, analysis.need, analysis.need_rounded = (figures.workload_minutes, figures.need,
                                                                       figures.need_rounded)
    analysis.staff, analysis.ej, analysis.band = staff, figures.ej, figures.band


def _snapshot(analysis: WorkloadAnalysis | None, tasks: list[dict] | None = None) -> dict:
    if analysis is None:
        return {}
    values = {name: getattr(analysis, name) for name in FIGURE_FIELDS}
    values["note"] = analysis.note
    if tasks is not None:
        values["tasks"] = [[t["name"], str(t["volume"]), str(t["norm_minutes"]), t["output_unit"]] for t in tasks]
    return {key: (str(value) if isinstance(value, Decimal) else value) for key, value in values.items()}


def _stored_tasks(analysis: WorkloadAnalysis) -> list[dict]:
    return [{"name": t.name, "volume": t.volume, "norm_minutes": t.norm_minutes, "output_unit": t.output_unit}
            for t in analysis.tasks.all()]


# --- analyses ----------------------------------------------------------------------------------------------------


def _save_one(*, actor, position: Position, year: int, tasks: list[dict], wke: int | None, note: str,
              settings: WorkloadSettings, staff: int) -> tuple[WorkloadAnalysis, bool]:
    analysis = (WorkloadAnalysis.objects.select_for_update().filter(position=position, year=year).first())
    created = analysis is None
    before = {} if created else _snapshot(analysis, _stored_tasks(analysis))
    if created:
        analysis = WorkloadAnalysis(pemda_id=position.pemda_id, position=position, year=year, created_by=actor)
    analysis.org_unit_id = position.org_unit_id
    analysis.wke_minutes = wke if wke is not None else (analysis.wke_minutes if not created else settings.wke_minutes)
    analysis.rounding = settings.rounding
    analysis.note = note
    analysis.updated_by = actor
    _apply(analysis, [(t["volume"], t["norm_minutes"]) for t in tasks], staff, settings.bands)
    analysis.save()
    if not created:
        analysis.tasks.all().delete()
    WorkloadTask.objects.bulk_create([
        WorkloadTask(analysis=analysis, order=index, name=t["name"], output_unit=t["output_unit"], volume=t["volume"],
                     norm_minutes=t["norm_minutes"]) for index, t in enumerate(tasks)])
    after = _snapshot(analysis, tasks)
    changes = {name: [None, value] for name, value in after.items()} if created else diff(before, after)
    if created or changes:
        audit_record(actor=actor, action=WorkloadAudit.ANALYSIS_CREATED if created else WorkloadAudit.ANALYSIS_UPDATED,
                     target=analysis, pemda_id=analysis.pemda_id, changes=changes)
    return analysis, created


def _clean_note(note) -> str:
    note = str(note or "").strip()
    if len(note) > 500 or (note and text_problem(note)):
        raise fields_error({"note": [_("The note must be plain text of at most 500 characters.")]})
    return note


@transaction.atomic
def analysis_save(*, actor, position: Position, year, tasks: Sequence[Mapping], wke_minutes=None,
                  note: str = "") -> tuple[WorkloadAnalysis, bool]:
    """Create or replace the analysis of *position* for *year*: its tasks are replaced, the figures recomputed with
    the Pemda's rounding and bands (and *wke_minutes* or, when None, the analysis' own WKE or the Pemda's) and the
    staff counted now. Returns (analysis, created).

    Raises PermissionDenied (not the agency's HR admin, or another agency's position) or WorkloadError
    (mobility.invalid_workload, 422) with the field errors of every bad cell.
    """
    _require_manager(actor, position.pemda_id)
    errors: dict[str, list[str]] = {}
    cleaned_tasks: list[dict] = []
    year_value = wke = None
    note_value = ""
    for check in ("year", "wke", "note", "tasks", "position"):
        try:
            if check == "year":
                year_value = _clean_year(year)
            elif check == "wke" and wke_minutes not in (None, ""):
                wke = _clean_wke(wke_minutes)
            elif check == "note":
                note_value = _clean_note(note)
            elif check == "tasks":
                cleaned_tasks = clean_tasks(list(tasks))
            elif check == "position" and not position.is_active:
                errors["position"] = [_("The position is no longer active.")]
        except WorkloadError as exc:  # every field's messages at once
            errors.update(exc.field_errors)
    if errors:
        raise fields_error(errors)
    settings = settings_for(position.pemda_id)
    staff = staff_counts([position.pk])[position.pk]
    return _save_one(actor=actor, position=position, year=year_value, tasks=cleaned_tasks, wke=wke, note=note_value,
                     settings=settings, staff=staff)


@transaction.atomic
def analyses_import(*, actor, pemda: Pemda, analyses: Sequence[Mapping]) -> list[WorkloadAnalysis]:
    """Save several analyses at once, all or nothing (the sheet import): each item is {position, year, tasks}.

    The items are already checked by the sheet reader; this re-checks them through the same rules.
    """
    _require_manager(actor, pemda.pk)
    settings = settings_for(pemda.pk)
    positions = [item["position"] for item in analyses]
    if any(position.pemda_id != pemda.pk for position in positions):
        raise PermissionDenied(_("Only the agency's HR administrator may change its workload analyses."))
    counts = staff_counts(position.pk for position in positions)
    saved = []
    for item in analyses:
        analysis, _created = _save_one(actor=actor, position=item["position"], year=_clean_year(item["year"]),
                                       tasks=clean_tasks(item["tasks"]), wke=None, note=item.get("note", ""),
                                       settings=settings, staff=counts[item["position"].pk])
        saved.append(analysis)
    audit_record(actor=actor, action=WorkloadAudit.IMPORTED, target=pemda, pemda_id=pemda.pk,
                 changes={"analyses": [None, len(saved)]})
    return saved


@transaction.atomic
def analysis_delete(*, actor, analysis: WorkloadAnalysis) -> None:
    """Delete an analysis and its tasks (audited with what it held). Raises PermissionDenied."""
    _require_manager(actor, analysis.pemda_id)
    locked = WorkloadAnalysis.objects.select_for_update().get(pk=analysis.pk)
    before = _snapshot(locked, _stored_tasks(locked))
    audit_record(actor=actor, action=WorkloadAudit.ANALYSIS_DELETED, target=locked, pemda_id=locked.pemda_id,
                 changes={name: [value, None] for name, value in before.items()})
    locked.tasks.all().delete()
    locked.delete()


def _refresh(analyses, settings: WorkloadSettings, *, actor=None) -> int:
    """Recount staff and recompute the figures of *analyses* (rounding and bands of *settings*); audited per row
    that changed. Returns how many changed."""
    rows = list(analyses.select_for_update().prefetch_related("tasks"))
    counts = staff_counts({row.position_id for row in rows})
    changed, events = [], []
    for row in rows:
        before = _snapshot(row)
        row.rounding = settings.rounding
        _apply(row, [(t.volume, t.norm_minutes) for t in row.tasks.all()], counts[row.position_id], settings.bands)
        changes = diff(before, _snapshot(row))
        if changes:
            changed.append(row)
            events.append(PendingEvent(action=WorkloadAudit.STAFF_REFRESHED, target=row, changes=changes,
                                       pemda_id=row.pemda_id))
    if changed:
        WorkloadAnalysis.objects.bulk_update(changed, ["rounding", "workload_minutes", "need", "need_rounded",
                                                       "staff", "ej", "band"], batch_size=500)
        audit_record_many(actor=actor, events=events)
    return len(changed)


@transaction.atomic
def analyses_refresh_staff(*, pemda: Pemda, year: int | None = None) -> int:
    """Recount the staff of the Pemda's analyses (of *year*, or all) and recompute their figures after placements
    changed; a system task (no actor: the management command, a placement's after-commit hook). Returns how many
    analyses changed."""
    analyses = WorkloadAnalysis.objects.filter(pemda=pemda)
    if year is not None:
        analyses = analyses.filter(year=year)
    return _refresh(analyses, settings_for(pemda.pk))
