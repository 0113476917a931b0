"""Writes of performance management: plans (SKP), realisations, feedback, dialogues, ratings, objections,
organisation ratings and calibration. Each: permission → state → write → audit, in one transaction.

SKP approval goes through the shared approval engine (flow "skp": one binding step, the appraiser).
"""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from pamong.approvals.choices import ApproverRole, Outcome
from pamong.approvals.registry import StepSpec, register_flow
from pamong.approvals.services import notice_language, notify_user, person_name, process_start
from pamong.audit.services import PendingEvent, audit_record, audit_record_many
from pamong.core.dateranges import day_text
from pamong.people.documents import check_document, safe_filename
from pamong.people.errors import PeopleError
from pamong.people.models import Employee, OrgUnit, Pemda
from pamong.people.selectors import actor_employee, supervisor_of

from . import errors, rules, sheets
from .audit import PerformanceAudit
from .choices import (
    Aspect,
    CoreValue,
    Direction,
    EvidenceKind,
    IndicatorSource,
    ObjectionStatus,
    OrganisationRating,
    PeriodKind,
    PlanStatus,
    Predikat,
    Rating,
    ResultKind,
)
from .errors import PerformanceError
from .models import (
    BehaviourExpectation,
    Calibration,
    ConversionRow,
    Dialogue,
    Evaluation,
    Evidence,
    Feedback,
    Objection,
    OrganisationRatingRecord,
    OrganisationTarget,
    Realisation,
    Skp,
    SkpIndicator,
    SkpResult,
)
from .permissions import (
    can_add_organisation_target,
    can_calibrate,
    can_comment_plan,
    can_decide_objection,
    can_edit_plan,
    can_manage_performance,
    can_rate,
    can_set_organisation_rating,
)
from .selectors import conversion_table, current_skp, organisation_rating, settings_for
from .wording import period_text

FLOW = "skp"
EDITABLE = (PlanStatus.DRAFT, PlanStatus.CHANGES_REQUESTED)
# The appraiser sets the behaviour expectations while reviewing the submitted draft (PermenPANRB 6/2022:
# "ekspektasi khusus pimpinan" are set at planning, before the SKP is agreed).
EXPECTATIONS_OPEN = (*EDITABLE, PlanStatus.SUBMITTED)
YEARS = range(2020, 2101)
MAX_EVIDENCE_PER_REALISATION = 20


def _field_error(field: str, message: str, code: str, http_status: int | None = None) -> PerformanceError:
    return PerformanceError(message, code=code, http_status=http_status, extra={"fields": {field: [message]}})


def _editable(skp: Skp) -> None:
    if skp.status not in EDITABLE:
        raise PerformanceError(_("This SKP is locked; propose a new version with a reason to change it."),
                               code=errors.PLAN_LOCKED, http_status=409)


def _decimal(value, field: str, *, minimum: Decimal | None = None, maximum: Decimal = Decimal("1e12")) -> Decimal:
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError, TypeError):
        raise _field_error(field, _("Enter a number."), "performance.invalid_number") from None
    # copy_abs(), not abs(): abs() rounds to the context and overflows on "1E+1000000".
    if not number.is_finite() or number.copy_abs() >= maximum:
        raise _field_error(field, _("Enter a number."), "performance.invalid_number")
    if minimum is not None and number < minimum:
        raise _field_error(field, _("Enter a number of at least %(min)s.") % {"min": minimum},
                           "performance.invalid_number")
    return number.quantize(Decimal("0.01"))


def _choice(value, choices, field: str, message: str) -> str:
    if value not in choices.values:
        raise _field_error(field, message, f"performance.invalid_{field}")
    return value


# --- Planning ---------------------------------------------------------------------------------------------


@transaction.atomic
def skp_create(*, actor, employee: Employee, year: int) -> Skp:
    """Start the employee's SKP for *year* (draft), with the seven BerAKHLAK values ready for expectations."""
    me = actor_employee(actor)
    if me is None or me.pk != employee.pk:
        raise PermissionDenied  # The employee drafts their own SKP.
    if not isinstance(year, int) or year not in YEARS:
        raise _field_error("year", _("Choose a year between %(first)d and %(last)d.")
                           % {"first": YEARS[0], "last": YEARS[-1]}, "performance.invalid_year")
    exists = _field_error("year", _("There is already an SKP for %(year)d.") % {"year": year}, errors.PLAN_EXISTS,
                          409)
    if current_skp(employee, year) is not None:
        raise exists
    appraiser = supervisor_of(employee)
    try:
        with transaction.atomic():
            skp = Skp.objects.create(pemda_id=employee.pemda_id, employee=employee, year=year,
                                     position=employee.current_position, org_unit=employee.current_unit,
                                     appraiser=appraiser)
    except IntegrityError:  # a concurrent first draft (double click)
        raise exists from None
    BehaviourExpectation.objects.bulk_create([BehaviourExpectation(skp=skp, value=v) for v in CoreValue.values])
    audit_record(actor=actor, action=PerformanceAudit.PLAN_CREATED, target=skp, pemda_id=skp.pemda_id,
                 changes={"year": [None, year], "appraiser": [None, appraiser.full_name if appraiser else None]})
    return skp


@transaction.atomic
def skp_result_add(*, actor, skp: Skp, text: str, kind: str = "utama", parent: SkpResult | None = None,
                   perspective: str = "", organisation_target=None) -> SkpResult:
    """Add a work result (RHK). A JA/JF result supports one of the appraiser's results when they have any."""
    if not can_edit_plan(actor, skp):
        raise PermissionDenied
    _editable(skp)
    text = (text or "").strip()
    perspective = (perspective or "").strip()
    if not text:
        raise _field_error("text", _("Describe the work result."), "performance.text_required")
    _choice(kind, ResultKind, "kind", _("Choose a main (utama) or additional (tambahan) work result."))
    if organisation_target is not None and (organisation_target.pemda_id != skp.pemda_id
                                            or organisation_target.year != skp.year):
        raise _field_error("organisation_target", _("Choose a target of your agency for %(year)d.")
                           % {"year": skp.year}, errors.INVALID_TARGET)
    if parent is not None:
        if (parent.skp.employee_id != skp.appraiser_id or parent.skp.year != skp.year
                or parent.skp.status == PlanStatus.SUPERSEDED):
            raise _field_error("parent", _("Choose one of your appraiser's work results for %(year)d "
                                           "(RHK atasan yang diintervensi, PermenPANRB 6/2022).")
                               % {"year": skp.year}, errors.INVALID_PARENT)
    else:
        is_jpt = skp.position is not None and skp.position.kind == "jpt"
        appraiser_plan = current_skp(skp.appraiser, skp.year) if skp.appraiser_id else None
        if not is_jpt and appraiser_plan is not None and appraiser_plan.results.exists():
            raise _field_error("parent", _("Choose which of your appraiser's work results this one supports "
                                           "(RHK atasan yang diintervensi, PermenPANRB 6/2022)."),
                               errors.PARENT_REQUIRED)
    result = SkpResult.objects.create(skp=skp, text=text[:500], kind=kind, parent=parent, perspective=perspective[:40],
                                      organisation_target=organisation_target, order=skp.results.count())
    audit_record(actor=actor, action=PerformanceAudit.PLAN_CHANGED, target=skp, pemda_id=skp.pemda_id,
                 changes={"result_added": [None, result.text]})
    return result


@transaction.atomic
def skp_indicator_add(*, actor, result: SkpResult, name: str, aspect: str, target_value, unit: str,
                      direction: str = "higher", source: str = "manual", template=None) -> SkpIndicator:
    skp = result.skp
    if not can_edit_plan(actor, skp):
        raise PermissionDenied
    _editable(skp)
    if template is not None:
        name = name or template.name
        unit = unit or template.unit
        aspect = aspect or template.aspect
        direction, source = template.direction, template.source
    if not (name or "").strip():
        raise _field_error("name", _("Name the indicator."), "performance.name_required")
    _choice(aspect, Aspect, "aspect", _("Choose quantity, quality, time or cost."))
    _choice(direction, Direction, "direction", _("Choose whether higher or lower is better."))
    _choice(source, IndicatorSource, "source", _("Choose where the realisation comes from."))
    indicator = SkpIndicator.objects.create(
        result=result, template=template, name=name.strip()[:300], aspect=aspect,
        target_value=_decimal(target_value, "target_value", minimum=Decimal(0)), unit=(unit or "").strip()[:40],
        direction=direction, source=source)
    audit_record(actor=actor, action=PerformanceAudit.PLAN_CHANGED, target=skp, pemda_id=skp.pemda_id,
                 changes={"indicator_added": [None, str(indicator)]})
    return indicator


@transaction.atomic
def skp_expectation_set(*, actor, skp: Skp, value: str, expectation: str) -> BehaviourExpectation:
    """The appraiser's specific expectation (ekspektasi khusus pimpinan) for a BerAKHLAK value."""
    if not can_comment_plan(actor, skp):
        raise PermissionDenied
    if skp.status not in EXPECTATIONS_OPEN:
        _editable(skp)
    _choice(value, CoreValue, "value", _("Choose a BerAKHLAK value."))
    row, _created = BehaviourExpectation.objects.get_or_create(skp=skp, value=value)
    before = row.expectation
    row.expectation = (expectation or "").strip()
    row.save(update_fields=["expectation"])
    audit_record(actor=actor, action=PerformanceAudit.PLAN_CHANGED, target=skp, pemda_id=skp.pemda_id,
                 changes={f"expectation.{value}": [before, row.expectation]})
    return row


@transaction.atomic
def skp_submit(*, actor, skp: Skp) -> Skp:
    """Send the draft to the appraiser for agreement (through the approval engine)."""
    if not can_edit_plan(actor, skp):
        raise PermissionDenied
    _editable(skp)
    if not SkpIndicator.objects.filter(result__skp=skp).exists():
        raise PerformanceError(_("Add at least one work result with a measurable indicator before submitting."),
                               code=errors.PLAN_INCOMPLETE)
    if Skp.objects.filter(pk=skp.pk, status__in=EDITABLE).update(status=PlanStatus.SUBMITTED,
                                                                  submitted_at=timezone.now()) != 1:
        raise PerformanceError(_("This SKP was already submitted."), code=errors.PLAN_LOCKED, http_status=409)
    process = process_start(actor=actor, flow=FLOW, target=skp, requester=skp.employee, request_kind="skp")
    Skp.objects.filter(pk=skp.pk).update(process=process)
    audit_record(actor=actor, action=PerformanceAudit.PLAN_SUBMITTED, target=skp, pemda_id=skp.pemda_id,
                 changes={"status": [skp.status, PlanStatus.SUBMITTED]})
    skp.refresh_from_db()
    return skp


@transaction.atomic
def skp_revise(*, actor, skp: Skp, reason: str) -> Skp:
    """Open a new version of an agreed SKP (changes during the year), copying its content; the old one is kept."""
    if not can_edit_plan(actor, skp):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise _field_error("reason", _("Give the reason for the new version."), errors.REASON_REQUIRED)
    if Skp.objects.filter(pk=skp.pk, status=PlanStatus.APPROVED).update(status=PlanStatus.SUPERSEDED) != 1:
        raise PerformanceError(_("Only an agreed SKP gets a new version."), code=errors.NOT_APPROVED, http_status=409)
    new = Skp.objects.create(pemda_id=skp.pemda_id, employee=skp.employee, year=skp.year, version=skp.version + 1,
                             position=skp.employee.current_position, org_unit=skp.employee.current_unit,
                             appraiser=supervisor_of(skp.employee) or skp.appraiser, supersedes=skp,
                             revision_reason=reason)
    _copy_content(skp, new)
    audit_record(actor=actor, action=PerformanceAudit.PLAN_REVISED, target=new, pemda_id=new.pemda_id,
                 changes={"version": [skp.version, new.version], "reason": [None, reason]})
    return new


def _copy_content(old: Skp, new: Skp) -> None:
    """Copy expectations, results, indicators, realisations and their evidence (files are shared, not copied)."""
    BehaviourExpectation.objects.bulk_create([
        BehaviourExpectation(skp=new, value=b.value, expectation=b.expectation) for b in old.behaviours.all()])
    for result in old.results.prefetch_related("indicators__realisations__evidence"):
        copy = SkpResult.objects.create(skp=new, text=result.text, kind=result.kind, parent=result.parent,
                                        perspective=result.perspective, organisation_target=result.organisation_target,
                                        order=result.order)
        for indicator in result.indicators.all():
            new_indicator = SkpIndicator.objects.create(
                result=copy, template=indicator.template, name=indicator.name, aspect=indicator.aspect,
                target_value=indicator.target_value, unit=indicator.unit, direction=indicator.direction,
                source=indicator.source)
            for r in indicator.realisations.all():
                realisation = Realisation.objects.create(indicator=new_indicator, period=r.period, value=r.value,
                                                         note=r.note, reported_by_id=r.reported_by_id, source=r.source)
                Evidence.objects.bulk_create([
                    Evidence(realisation=realisation, kind=e.kind, description=e.description, url=e.url,
                             number=e.number, file=e.file.name, original_name=e.original_name,
                             content_type=e.content_type, sha256=e.sha256, uploaded_by_id=e.uploaded_by_id)
                    for e in r.evidence.all()])


def _url(name: str, public_id) -> str:
    """The link of a notice (empty when the HTML pages are not mounted, as in API-only deployments)."""
    try:
        return reverse(name, args=[public_id])
    except NoReverseMatch:
        return ""


class SkpFlow:
    """SKP agreement through the approval engine: the appraiser agrees, or asks for changes."""

    flow = FLOW

    def default_route(self, *, request_kind: str, context: dict):
        return [StepSpec(role=ApproverRole.SUPERVISOR, label="pejabat penilai kinerja", is_binding=True)]

    def on_step_done(self, *, process, step, actor) -> None:
        if step.reason:
            Skp.objects.filter(pk=process.target_id).update(supervisor_comment=step.reason)

    def on_finished(self, *, process, step, outcome: str, actor) -> None:
        skp = Skp.objects.select_related("employee__user").get(pk=process.target_id)
        approved = outcome in (Outcome.APPROVE,)
        status = PlanStatus.APPROVED if approved else PlanStatus.CHANGES_REQUESTED
        Skp.objects.filter(pk=skp.pk).update(status=status, approved_at=timezone.now() if approved else None)
        audit_record(actor=actor, action=PerformanceAudit.PLAN_DECIDED, target=skp, pemda_id=skp.pemda_id,
                     changes={"status": [PlanStatus.SUBMITTED, status], "comment": [None, step.reason]})
        with notice_language():
            values = {"year": skp.year, "name": person_name(actor), "reason": (step.reason or "").rstrip(". ")}
            text = (_("Your SKP %(year)d was agreed by %(name)s and is now locked.") % values if approved
                    else _("%(name)s asked for changes to your SKP %(year)d: %(reason)s.") % values)
        notify_user(user=skp.employee.user, kind="performance.plan", pemda_id=skp.pemda_id, url=self.url(process),
                    text=text)

    def describe(self, process) -> str:
        """"SKP 2026 Budi Santoso" (in the active language)."""
        skp = Skp.objects.select_related("employee").get(pk=process.target_id)
        return _("SKP %(year)d of %(name)s") % {"year": skp.year, "name": skp.employee.full_name}

    def url(self, process) -> str:
        public_id = Skp.objects.filter(pk=process.target_id).values_list("public_id", flat=True).first()
        try:
            return reverse("performance:plan-detail", args=[public_id]) if public_id else ""
        except NoReverseMatch:
            return ""


# --- Realisation, feedback, dialogue ------------------------------------------------------------------------------


def _period_in_year(period: str, year: int) -> None:
    if not rules.is_valid_period(period) or int(period[:4]) != year:
        raise _field_error("period", _("Choose a period of %(year)d.") % {"year": year}, errors.INVALID_PERIOD)


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


@transaction.atomic
def feedback_give(*, actor, skp: Skp, period: str, text: str, result: SkpResult | None = None,
                  value: str = "") -> Feedback:
    """Written feedback on a work result or a behaviour value (umpan balik berkelanjutan)."""
    if not can_comment_plan(actor, skp):
        raise PermissionDenied
    _period_in_year(period, skp.year)
    text = (text or "").strip()
    if not text:
        raise _field_error("text", _("Write the feedback."), "performance.text_required")
    if result is not None and result.skp_id != skp.pk:
        raise _field_error("result", _("Choose a result of this SKP."), "performance.invalid_result")
    if value and value not in CoreValue.values:
        raise _field_error("value", _("Choose a BerAKHLAK value."), "performance.invalid_value")
    feedback = Feedback.objects.create(skp=skp, result=result, value=value, period=period, text=text,
                                       author=actor_employee(actor))
    audit_record(actor=actor, action=PerformanceAudit.FEEDBACK_GIVEN, target=skp, pemda_id=skp.pemda_id,
                 changes={"feedback": [None, text[:200]], "period": [None, period]})
    with notice_language():
        text = _("%(name)s gave feedback on your SKP %(year)d for %(period)s.") % {
            "name": person_name(actor), "year": skp.year, "period": period_text(period)}
    notify_user(user=skp.employee.user, kind="performance.feedback", pemda_id=skp.pemda_id, text=text,
                url=_url("performance:plan-detail", skp.public_id))
    return feedback


@transaction.atomic
def dialogue_record(*, actor, skp: Skp, held_on: date, notes: str, agreed_actions: str = "") -> Dialogue:
    if not (can_comment_plan(actor, skp) or can_edit_plan(actor, skp)):
        raise PermissionDenied
    if not (notes or "").strip():
        raise _field_error("notes", _("Write what was discussed."), "performance.text_required")
    if not isinstance(held_on, date) or held_on > timezone.localdate():
        raise _field_error("held_on", _("Record a dialogue that has taken place (today or earlier)."),
                           "performance.invalid_date")
    dialogue = Dialogue.objects.create(skp=skp, held_on=held_on, notes=notes.strip(),
                                       agreed_actions=(agreed_actions or "").strip(), recorded_by=actor_employee(actor))
    audit_record(actor=actor, action=PerformanceAudit.DIALOGUE_RECORDED, target=skp, pemda_id=skp.pemda_id,
                 changes={"held_on": [None, held_on], "agreed_actions": [None, dialogue.agreed_actions[:200]]})
    return dialogue


# --- Rating --------------------------------------------------------------------------------------------------------


@transaction.atomic
def evaluation_record(*, actor, skp: Skp, period: str, work_result: str, behaviour: str, note: str = "",
                      today: date | None = None) -> Evaluation:
    """Rate a period on the two official scales; the predikat is derived from the matrix.

    A unit head's work-result rating is their unit's organisation rating
    (SE 3/2023). Raises PermissionDenied outside the line or for oneself;
    PerformanceError when the window is closed, the period is already rated,
    or a unit head's unit has no organisation rating yet.
    """
    if not can_rate(actor, skp):
        raise PermissionDenied
    today = today or timezone.localdate()
    if skp.status not in (PlanStatus.APPROVED, PlanStatus.SUPERSEDED):
        raise PerformanceError(_("Only an agreed SKP can be rated."), code=errors.NOT_APPROVED, http_status=409)
    _period_in_year(period, skp.year)
    _ratings_valid(work_result, behaviour)
    agency = settings_for(skp.pemda_id)
    if period_kind(period) not in ("annual", agency.period_kind):
        raise _field_error("period", _("Your agency rates %(kind)s periods and the year (PermenPANRB 6/2022: the "
                                       "periodic evaluation follows the agency's needs).")
                           % {"kind": PeriodKind(agency.period_kind).label.lower()}, errors.INVALID_PERIOD)
    opens, closes = rules.evaluation_window(period, agency.evaluation_window_days)
    if today < opens:
        raise _field_error("period", _("%(period)s can be rated from %(date)s, its last day (PermenPANRB 6/2022).")
                           % {"period": period, "date": opens.isoformat()}, errors.EVALUATION_NOT_OPEN)
    if today > closes:
        raise _field_error("period", str(rules.WINDOW_CLOSED_MESSAGE) % {"period": period, "date": closes.isoformat()},
                           errors.WINDOW_CLOSED)
    employee = skp.employee
    from_organisation = False
    position = employee.current_position
    if position is not None and position.is_unit_head and employee.current_unit is not None:
        record = organisation_rating(employee.current_unit, period)
        if record is None or record.org_unit_id != employee.current_unit_id:
            raise PerformanceError(
                _("%(unit)s has no organisation rating for %(period)s yet: a unit head's work result follows it "
                  "(SE MenPANRB 3/2023).") % {"unit": employee.current_unit.name, "period": period},
                code=errors.ORGANISATION_RATING_MISSING)
        work_result = rules.UNIT_HEAD_WORK_RESULT[OrganisationRating(record.rating)]
        from_organisation = True
    predikat = rules.predikat_for(work_result, behaviour)
    try:
        with transaction.atomic():
            evaluation = Evaluation.objects.create(
                pemda_id=skp.pemda_id, skp=skp, employee=employee, org_unit=employee.current_unit, period=period,
                work_result=work_result, behaviour=behaviour, predikat=predikat,
                work_result_from_organisation=from_organisation, evaluator=actor_employee(actor), rated_on=today,
                note=(note or "").strip())
    except IntegrityError:
        raise PerformanceError(_("%(period)s is already rated.") % {"period": period}, code=errors.ALREADY_RATED,
                               http_status=409) from None
    audit_record(actor=actor, action=PerformanceAudit.EVALUATION_RECORDED, target=evaluation, pemda_id=skp.pemda_id,
                 changes={"period": [None, period], "work_result": [None, work_result], "behaviour": [None, behaviour],
                          "predikat": [None, predikat], "work_result_from_organisation": [None, from_organisation]})
    with notice_language():
        text = _("%(name)s rated your performance for %(period)s: %(predikat)s. You may object until %(date)s.") % {
            "name": person_name(actor), "period": period_text(period), "predikat": evaluation.get_predikat_display(),
            "date": day_text(rules.objection_deadline(today, agency.objection_window_days))}
    notify_user(user=employee.user, kind="performance.rated", pemda_id=skp.pemda_id, text=text,
                url=_url("performance:evaluation-detail", evaluation.public_id))
    return evaluation


def period_kind(code: str) -> str:
    """"annual", or the PeriodKind of a period code."""
    if len(code) == 4:
        return "annual"
    part = code[5:6]
    return {"Q": PeriodKind.QUARTERLY, "S": PeriodKind.SEMESTER}.get(part, PeriodKind.MONTHLY)


def _ratings_valid(work_result: str, behaviour: str) -> None:
    for name, rating in (("work_result", work_result), ("behaviour", behaviour)):
        if rating not in Rating.values:
            raise _field_error(name, _("Choose above, meets or below expectations."), "performance.invalid_rating")


def _organisation_work_result_kept(evaluation: Evaluation, work_result: str) -> None:
    """A unit head's work result is the unit's organisation rating (SE MenPANRB 3/2023): not re-rated by hand."""
    if evaluation.work_result_from_organisation and work_result != evaluation.work_result:
        raise _field_error("work_result", _("A unit head's work result follows the unit's organisation rating "
                                            "(SE MenPANRB 3/2023); correct the organisation rating instead."),
                           errors.ORGANISATION_WORK_RESULT)


def _rerate(evaluation: Evaluation, work_result: str, behaviour: str) -> tuple[str, str, str]:
    before = (evaluation.work_result, evaluation.behaviour, evaluation.predikat)
    evaluation.work_result, evaluation.behaviour = work_result, behaviour
    evaluation.predikat = rules.predikat_for(work_result, behaviour)
    evaluation.save(update_fields=["work_result", "behaviour", "predikat", "updated_at"])
    return before


@transaction.atomic
def objection_submit(*, actor, evaluation: Evaluation, text: str, today: date | None = None) -> Objection:
    """The employee objects within the window (PP 30/2019 Pasal 59: 14 days)."""
    me = actor_employee(actor)
    if me is None or me.pk != evaluation.employee_id:
        raise PermissionDenied
    today = today or timezone.localdate()
    deadline = rules.objection_deadline(evaluation.rated_on, settings_for(evaluation.pemda_id).objection_window_days)
    if today > deadline:
        raise _field_error("text", _("The objection window closed on %(date)s (PP 30/2019 Pasal 59).")
                           % {"date": deadline.isoformat()}, errors.OBJECTION_WINDOW_CLOSED)
    text = (text or "").strip()
    if not text:
        raise _field_error("text", _("Give the reasons for the objection."), errors.REASON_REQUIRED)
    try:
        with transaction.atomic():
            objection = Objection.objects.create(evaluation=evaluation, text=text)
    except IntegrityError:
        raise PerformanceError(_("An objection to this rating was already made."), code=errors.OBJECTION_EXISTS,
                               http_status=409) from None
    audit_record(actor=actor, action=PerformanceAudit.OBJECTION_SUBMITTED, target=evaluation,
                 pemda_id=evaluation.pemda_id, changes={"objection": [None, text[:300]]})
    boss = supervisor_of(evaluation.evaluator)
    if boss is not None:
        with notice_language():
            text = _("%(name)s objects to the rating for %(period)s given by %(evaluator)s: the decision is yours.") % {
                "name": evaluation.employee.full_name, "period": period_text(evaluation.period),
                "evaluator": evaluation.evaluator.full_name}
        notify_user(user=boss.user, kind="performance.objection", pemda_id=evaluation.pemda_id, text=text,
                    url=_url("performance:evaluation-detail", evaluation.public_id))
    return objection


@transaction.atomic
def objection_decide(*, actor, objection: Objection, upheld: bool, decision: str, work_result: str = "",
                     behaviour: str = "") -> Objection:
    """The appraiser's supervisor decides; an upheld objection re-rates (the predikat re-derived); final."""
    if not can_decide_objection(actor, objection):
        raise PermissionDenied
    decision = (decision or "").strip()
    if not decision:
        raise _field_error("decision", _("Give the reasons for the decision."), errors.REASON_REQUIRED)
    evaluation = objection.evaluation
    if upheld:
        _ratings_valid(work_result, behaviour)
        _organisation_work_result_kept(evaluation, work_result)
    status = ObjectionStatus.UPHELD if upheld else ObjectionStatus.REJECTED
    if Objection.objects.filter(pk=objection.pk, status=ObjectionStatus.PENDING).update(
        status=status, decided_by=actor_employee(actor), decision=decision, decided_at=timezone.now()
    ) != 1:
        raise PerformanceError(_("This objection was already decided."), code=errors.OBJECTION_DECIDED,
                               http_status=409)
    changes = {"objection": [ObjectionStatus.PENDING, status], "decision": [None, decision]}
    if upheld:
        evaluation = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
        before = _rerate(evaluation, work_result, behaviour)
        changes["predikat"] = [before[2], evaluation.predikat]
        changes["ratings"] = [list(before[:2]), [work_result, behaviour]]
    audit_record(actor=actor, action=PerformanceAudit.OBJECTION_DECIDED, target=evaluation,
                 pemda_id=evaluation.pemda_id, changes=changes)
    objection.refresh_from_db()
    return objection


@transaction.atomic
def organisation_rating_set(*, actor, unit: OrgUnit, period: str, rating: str, reason: str = "") -> OrganisationRatingRecord:
    """Set (or correct, audited before → after) a unit's capaian kinerja organisasi for a period.

    SE MenPANRB 3/2023 step 1: by the head one level up, or the agency's
    authorised official. A correction re-derives the unit head's rating for
    that period, whose work result follows the organisation rating.
    """
    if not can_set_organisation_rating(actor, unit):
        raise PermissionDenied
    if not rules.is_valid_period(period):
        raise _field_error("period", _("Unknown period."), errors.INVALID_PERIOD)
    if rating not in OrganisationRating.values:
        raise _field_error("rating", _("Choose istimewa, baik, butuh perbaikan, kurang or sangat kurang."),
                           "performance.invalid_rating")
    reason = (reason or "").strip()
    record = OrganisationRatingRecord.objects.select_for_update().filter(org_unit=unit, period=period).first()
    before = record.rating if record else None
    if record is None:
        try:
            with transaction.atomic():
                record = OrganisationRatingRecord.objects.create(pemda_id=unit.pemda_id, org_unit=unit, period=period,
                                                                 rating=rating, reason=reason, set_by=actor)
        except IntegrityError:
            raise PerformanceError(_("This unit was rated for %(period)s a moment ago; reload to correct it.")
                                   % {"period": period}, code="performance.organisation_rating_exists",
                                   http_status=409) from None
    else:
        record.rating, record.reason, record.set_by = rating, reason, actor
        record.save(update_fields=["rating", "reason", "set_by", "updated_at"])
    audit_record(actor=actor, action=PerformanceAudit.ORGANISATION_RATED, target=record, pemda_id=unit.pemda_id,
                 changes={"unit": [None, unit.name], "period": [None, period], "rating": [before, rating],
                          "reason": [None, reason]})
    if before is not None and before != rating:
        _rederive_unit_heads(actor, record)
    return record


def _rederive_unit_heads(actor, record: OrganisationRatingRecord) -> None:
    work_result = rules.UNIT_HEAD_WORK_RESULT[OrganisationRating(record.rating)]
    evaluations = Evaluation.objects.select_for_update().filter(
        org_unit_id=record.org_unit_id, period=record.period, work_result_from_organisation=True)
    for evaluation in evaluations:
        if evaluation.work_result == work_result:
            continue
        before = _rerate(evaluation, work_result, evaluation.behaviour)
        audit_record(actor=actor, action=PerformanceAudit.EVALUATION_REDERIVED, target=evaluation,
                     pemda_id=evaluation.pemda_id,
                     changes={"work_result": [before[0], work_result], "predikat": [before[2], evaluation.predikat],
                              "organisation_rating": [None, record.rating]})


@transaction.atomic
def evaluation_calibrate(*, actor, evaluation: Evaluation, work_result: str, behaviour: str,
                         reason: str) -> Calibration:
    """Calibrate a rating against the distribution, with a recorded reason; never silent."""
    if not can_calibrate(actor, evaluation):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise _field_error("reason", _("Give the reason for the calibration."), errors.REASON_REQUIRED)
    _ratings_valid(work_result, behaviour)
    evaluation = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    _organisation_work_result_kept(evaluation, work_result)
    if (evaluation.work_result, evaluation.behaviour) == (work_result, behaviour):
        raise _field_error("behaviour", _("The calibration changes nothing: choose different ratings."),
                           errors.CALIBRATION_UNCHANGED)
    old = _rerate(evaluation, work_result, behaviour)
    calibration = Calibration.objects.create(
        evaluation=evaluation, old_work_result=old[0], old_behaviour=old[1], old_predikat=old[2],
        new_work_result=work_result, new_behaviour=behaviour, new_predikat=evaluation.predikat, reason=reason,
        calibrated_by=actor)
    audit_record(actor=actor, action=PerformanceAudit.CALIBRATED, target=evaluation, pemda_id=evaluation.pemda_id,
                 changes={"predikat": [old[2], evaluation.predikat], "ratings": [list(old[:2]), [work_result, behaviour]],
                          "reason": [None, reason]})
    with notice_language():
        text = _("%(name)s calibrated your rating for %(period)s from %(old)s to %(new)s: %(reason)s.") % {
            "name": person_name(actor), "period": period_text(evaluation.period), "old": Predikat(old[2]).label,
            "new": Predikat(evaluation.predikat).label, "reason": reason.rstrip(". ")}
    notify_user(user=evaluation.employee.user, kind="performance.calibrated", pemda_id=evaluation.pemda_id,
                text=text, url=_url("performance:evaluation-detail", evaluation.public_id))
    return calibration


# --- Organisation targets and conversion tables -------------------------------------------------------------


@transaction.atomic
def organisation_target_add(*, actor, unit: OrgUnit, year: int, text: str, indicator: str = "", target_value=None,
                            unit_label: str = "") -> OrganisationTarget:
    """A unit's yearly target, the top of the cascade (PermenPANRB 6/2022: Perjanjian Kinerja → SKP).

    Set by the holder of the unit's head position, or by HR (manage
    performance). Raises PermissionDenied otherwise.
    """
    if not can_add_organisation_target(actor, unit):
        raise PermissionDenied
    if not isinstance(year, int) or year not in YEARS:
        raise _field_error("year", _("Choose a year between %(first)d and %(last)d.")
                           % {"first": YEARS[0], "last": YEARS[-1]}, "performance.invalid_year")
    text = (text or "").strip()
    if not text:
        raise _field_error("text", _("Describe the target."), "performance.text_required")
    if len(text) > 500:
        raise _field_error("text", _("Keep the target under 500 characters."), "performance.text_too_long")
    value = None
    if target_value is not None and str(target_value).strip() != "":
        value = _decimal(target_value, "target_value", minimum=Decimal(0))
    target = OrganisationTarget.objects.create(
        pemda_id=unit.pemda_id, org_unit=unit, year=year, text=text, indicator=(indicator or "").strip()[:300],
        target_value=value, unit=(unit_label or "").strip()[:40], created_by=actor)
    audit_record(actor=actor, action=PerformanceAudit.TARGET_SET, target=target, pemda_id=unit.pemda_id,
                 changes={"unit": [None, unit.name], "year": [None, year], "text": [None, text],
                          "indicator": [None, target.indicator], "target_value": [None, value]})
    return target


# The keys each table accepts, and the range of its values.
CONVERSION_KEYS = {
    ConversionRow.Table.ANGKA_KREDIT_PERCENT: tuple(Predikat.values),
    ConversionRow.Table.TPP_PERCENT: tuple(Predikat.values),
    ConversionRow.Table.AK_COEFFICIENT: tuple(rules.CREDIT_COEFFICIENTS),
}
CONVERSION_MAXIMUM = {
    ConversionRow.Table.ANGKA_KREDIT_PERCENT: Decimal("200"),
    ConversionRow.Table.TPP_PERCENT: Decimal("200"),
    ConversionRow.Table.AK_COEFFICIENT: Decimal("1000"),
}


@transaction.atomic
def conversion_row_set(*, actor, pemda: Pemda, table: str, key: str, value) -> ConversionRow:
    """Set one value of a Pemda's conversion table (AK %, AK coefficient, TPP %), audited before → after.

    The seeded defaults (rules.md §1.7; TPP % is the Pemda's Perkada) apply
    until HR changes them. Raises PermissionDenied without manage performance
    in *pemda*; PerformanceError (``performance.invalid_conversion``) for an
    unknown table or key, or a value out of range.
    """
    if not can_manage_performance(actor, pemda.pk):
        raise PermissionDenied
    if table not in ConversionRow.Table.values:
        raise _field_error("table", _("Unknown conversion table."), errors.INVALID_CONVERSION)
    if key not in CONVERSION_KEYS[table]:
        raise _field_error("key", _("Choose one of: %(keys)s.") % {"keys": ", ".join(CONVERSION_KEYS[table])},
                           errors.INVALID_CONVERSION)
    maximum = CONVERSION_MAXIMUM[table]
    number = _decimal(value, "value", minimum=Decimal(0))
    if number > maximum:
        raise _field_error("value", _("Enter a value between 0 and %(max)s.") % {"max": maximum},
                           errors.INVALID_CONVERSION)
    before = conversion_table(pemda.pk, table).get(key)
    row, _created = ConversionRow.objects.select_for_update().get_or_create(
        pemda=pemda, table=table, key=key, defaults={"value": number})
    if not _created:
        row.value = number
        row.save(update_fields=["value"])
    audit_record(actor=actor, action=PerformanceAudit.CONVERSION_CHANGED, target=row, pemda_id=pemda.pk,
                 changes={"table": [None, table], "key": [None, key],
                          "value": [str(before) if before is not None else None, str(number)]})
    return row


def register() -> None:
    register_flow(SkpFlow())
