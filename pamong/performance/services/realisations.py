"""Realisations of the SKP's indicators, their evidence (bukti dukung) and the sheet import."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from pamong.audit.services import PendingEvent, audit_record, audit_record_many
from pamong.people.documents import check_document, safe_filename
from pamong.people.errors import PeopleError

from .. import errors, rules, sheets
from ..audit import PerformanceAudit
from ..choices import EvidenceKind, IndicatorSource, PlanStatus
from ..errors import PerformanceError
from ..models import Evaluation, Evidence, Realisation, Skp, SkpIndicator
from ..permissions import can_edit_plan
from ._common import _choice, _decimal, _field_error, _period_in_year

MAX_EVIDENCE_PER_REALISATION = 20


def _rated_over(employee_id: int, period: str) -> Evaluation | None:
    """The rating whose period covers *period* ("2026-02" is covered by "2026-02", "2026-Q1" and "2026")."""
    start, end = rules.period_bounds(period)
    for evaluation in Evaluation.objects.filter(employee_id=employee_id, period__startswith=period[:4]):
        first, last = rules.period_bounds(evaluation.period)
        if first <= start and end <= last:
            return evaluation
    return None


def _realisation_open(skp: Skp, period: str, *, field: str = "period") -> None:
    """Realisations are reported against an agreed SKP, for a period of its year that has not been rated."""
    if skp.status != PlanStatus.APPROVED:
        raise PerformanceError(_("Report realisations against an agreed SKP."), code=errors.NOT_APPROVED,
                               http_status=409)
    _period_in_year(period, skp.year)
    rated = _rated_over(skp.employee_id, period)
    if rated is not None:
        raise _field_error(field, _("%(period)s has been rated (%(rated)s); its realisations and evidence can no "
                                    "longer change.") % {"period": period, "rated": rated.period},
                           errors.ALREADY_RATED, 409)


def _realisation_write(*, actor, skp: Skp, indicator: SkpIndicator, period: str, number: Decimal, note: str,
                       source: str) -> tuple[Realisation, PendingEvent]:
    """Create or correct one realisation; return it with its audit event (before → after)."""
    existing = Realisation.objects.filter(indicator=indicator, period=period).first()
    if existing is None:
        before = None
        try:
            with transaction.atomic():
                realisation = Realisation.objects.create(indicator=indicator, period=period, value=number,
                                                         note=note, reported_by=actor, source=source)
        except IntegrityError:  # reported a moment ago by a concurrent request
            raise PerformanceError(_("This realisation was just reported; reload and correct it."),
                                   code="performance.realisation_exists", http_status=409) from None
    else:
        before = str(existing.value)
        existing.value, existing.note, existing.reported_by, existing.source = number, note, actor, source
        existing.save(update_fields=["value", "note", "reported_by", "source", "updated_at"])
        realisation = existing
    event = PendingEvent(action=PerformanceAudit.REALISATION_REPORTED, target=realisation,
                         pemda_id=skp.pemda_id,
                         changes={"indicator": [None, indicator.name], "period": [None, period],
                                  "value": [before, str(number)]})
    return realisation, event


@transaction.atomic
def realisation_report(*, actor, indicator: SkpIndicator, period: str, value, note: str = "",
                       source: str = "manual") -> Realisation:
    """Report (or correct) the realisation of an indicator for a period; the correction is audited before → after.

    Only the SKP's owner, against an agreed SKP, for a period of its year.
    Refused (``performance.already_rated``, 409) once a rating covers the
    period. Nothing is written when it raises.
    """
    skp = indicator.result.skp
    if not can_edit_plan(actor, skp):
        raise PermissionDenied
    _realisation_open(skp, period)
    number = _decimal(value, "value")
    _choice(source, IndicatorSource, "source", _("Choose where the realisation comes from."))
    realisation, event = _realisation_write(actor=actor, skp=skp, indicator=indicator, period=period, number=number,
                                            note=(note or "").strip(), source=source)
    audit_record(actor=actor, action=event.action, target=realisation, pemda_id=event.pemda_id,
                 changes=event.changes)
    return realisation


def _checked_url(url: str) -> str:
    url = (url or "").strip()
    message = _("Enter a web address starting with http:// or https://.")
    if not url or len(url) > 500:
        raise _field_error("url", message, errors.INVALID_URL)
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise _field_error("url", message, errors.INVALID_URL) from None
    return url


@transaction.atomic
def evidence_add(*, actor, realisation: Realisation, kind: str, description: str = "", url: str = "",
                 number=None, upload: tuple[str, bytes] | None = None) -> Evidence:
    """Attach evidence (bukti dukung, PermenPANRB 6/2022) to a realisation: a file, a link or a figure.

    *upload* is ``(filename, bytes)``, checked by content (PDF, JPG or PNG up
    to 5 MB, reliability-security.md G20); a link must be http(s). Only the
    SKP's owner, and not once a rating covers the period. Nothing is written
    (no file stored) when it raises.
    """
    indicator = realisation.indicator
    skp = indicator.result.skp
    if not can_edit_plan(actor, skp):
        raise PermissionDenied
    _realisation_open(skp, realisation.period, field="realisation")
    _choice(kind, EvidenceKind, "kind", _("Choose a file, a link or a figure."))
    if Evidence.objects.filter(realisation=realisation).count() >= MAX_EVIDENCE_PER_REALISATION:
        raise PerformanceError(_("A realisation has at most %(n)d pieces of evidence.")
                               % {"n": MAX_EVIDENCE_PER_REALISATION}, code=errors.TOO_MANY_EVIDENCE)
    evidence = Evidence(realisation=realisation, kind=kind, description=(description or "").strip()[:300],
                        uploaded_by=actor)
    checked = None
    if kind == EvidenceKind.FILE:
        if not upload or not isinstance(upload, tuple | list) or len(upload) != 2:
            raise _field_error("upload", _("Choose the file to attach."), errors.INVALID_EVIDENCE)
        try:
            checked = check_document(str(upload[0] or ""), bytes(upload[1] or b""))
        except PeopleError as exc:
            raise _field_error("upload", exc.message, errors.INVALID_DOCUMENT) from None
        evidence.original_name, evidence.content_type, evidence.sha256 = (
            checked.safe_name, checked.content_type, checked.sha256)
    elif kind == EvidenceKind.LINK:
        evidence.url = _checked_url(url)
    else:
        if number is None or str(number).strip() == "":
            raise _field_error("number", _("Enter the figure."), errors.INVALID_EVIDENCE)
        evidence.number = _decimal(number, "number")
    if checked is not None:
        evidence.file.save(f"x{checked.extension}", ContentFile(checked.content), save=False)
    evidence.save()
    audit_record(actor=actor, action=PerformanceAudit.EVIDENCE_ADDED, target=realisation, pemda_id=skp.pemda_id,
                 changes={"evidence": [None, evidence.original_name or evidence.url or str(evidence.number or "")],
                          "kind": [None, kind], "sha256": [None, evidence.sha256 or None]})
    return evidence


def _sheet_indicator(row: sheets.SheetRow, by_id: dict, by_name: dict) -> tuple[SkpIndicator | None, str]:
    key = row.indicator.strip()
    if not key:
        return None, _("Name the indicator (its name or id).")
    if key.lower() in by_id:
        return by_id[key.lower()], ""
    matches = by_name.get(" ".join(key.lower().split()), [])
    if len(matches) == 1:
        return matches[0], ""
    if matches:
        return None, _("Several indicators of this SKP have this name; use the indicator id.")
    return None, _("No indicator of this SKP has this name or id.")


def _sheet_plan(skp: Skp, rows: list[sheets.SheetRow]) -> tuple[list[dict], list[dict]]:
    """The dry check: every row resolved to (indicator, period, value, note) or refused with its reasons."""
    indicators = list(SkpIndicator.objects.filter(result__skp=skp).select_related("result"))
    by_id = {str(i.public_id).lower(): i for i in indicators}
    by_name: dict[str, list[SkpIndicator]] = {}
    for indicator in indicators:
        by_name.setdefault(" ".join(indicator.name.lower().split()), []).append(indicator)
    rated = [(rules.period_bounds(e.period), e.period) for e in
             Evaluation.objects.filter(employee_id=skp.employee_id, period__startswith=str(skp.year))]
    existing = set(Realisation.objects.filter(indicator__in=indicators).values_list("indicator_id", "period"))
    plan, problems, seen = [], [], {}
    for row in rows:
        row_errors: dict[str, str] = {}
        indicator, message = _sheet_indicator(row, by_id, by_name)
        if indicator is None:
            row_errors["indicator"] = message
        if not rules.is_valid_period(row.period) or row.period[:4] != str(skp.year):
            row_errors["period"] = _("Choose a period of %(year)d (e.g. %(year)d-03).") % {"year": skp.year}
        else:
            start, end = rules.period_bounds(row.period)
            covering = next((code for (first, last), code in rated if first <= start and end <= last), None)
            if covering:
                row_errors["period"] = _("%(period)s has been rated (%(rated)s).") % {"period": row.period,
                                                                                      "rated": covering}
        number = sheets.parse_number(row.value)
        if number is None or abs(number) >= Decimal("1e12"):
            row_errors["value"] = _("Enter a number.")
        if indicator is not None and "period" not in row_errors:
            first_row = seen.setdefault((indicator.pk, row.period), row.number)
            if first_row != row.number:
                row_errors["indicator"] = _("Row %(row)d already reports this indicator for %(period)s.") % {
                    "row": first_row, "period": row.period}
        if row_errors:
            problems.extend({"row": row.number, "field": field, "message": text} for field, text in row_errors.items())
            continue
        plan.append({"row": row.number, "indicator": indicator, "period": row.period,
                     "value": number.quantize(Decimal("0.01")), "note": row.note[:2000],
                     "action": "update" if (indicator.pk, row.period) in existing else "create"})
    return plan, problems


@transaction.atomic
def realisations_import(*, actor, skp: Skp, file_name: str, content: bytes, dry_run: bool = False) -> dict:
    """Import realisations of *skp* from an .xlsx or .csv sheet: every row or none.

    Columns: indicator (name or public id), period, value, note. A dry check
    of every row comes first; if any row is refused nothing is written and
    ``errors`` lists each problem as ``{"row", "field", "message"}``.
    Returns ``{"rows", "created", "updated", "errors", "written"}``
    (``dry_run`` checks without writing). Raises PermissionDenied unless
    *actor* owns the SKP, and PerformanceError (``performance.invalid_sheet``)
    for a file that is not a readable sheet, or when the SKP is not agreed.
    """
    if not can_edit_plan(actor, skp):
        raise PermissionDenied
    if skp.status != PlanStatus.APPROVED:
        raise PerformanceError(_("Report realisations against an agreed SKP."), code=errors.NOT_APPROVED,
                               http_status=409)
    try:
        rows = sheets.read_sheet(file_name, content or b"")
    except sheets.SheetError as exc:
        raise _field_error("file", str(exc), errors.INVALID_SHEET) from None
    plan, problems = _sheet_plan(skp, rows)
    summary = {"rows": len(rows), "created": sum(p["action"] == "create" for p in plan),
               "updated": sum(p["action"] == "update" for p in plan), "errors": problems, "written": False}
    if problems or dry_run:
        return summary
    events = []
    for item in plan:
        realisation, event = _realisation_write(actor=actor, skp=skp, indicator=item["indicator"], period=item["period"],
                                                number=item["value"], note=item["note"], source=IndicatorSource.SHEET)
        events.append(event)
    events.append(PendingEvent(action=PerformanceAudit.REALISATIONS_IMPORTED, target=skp, pemda_id=skp.pemda_id,
                               changes={"file": [None, safe_filename(file_name or "sheet")],
                                        "rows": [None, len(plan)], "created": [None, summary["created"]],
                                        "updated": [None, summary["updated"]]}))
    audit_record_many(actor=actor, events=events)
    summary["written"] = True
    return summary
