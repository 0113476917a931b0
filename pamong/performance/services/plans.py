"""Planning: the SKP (work results, indicators, behaviour expectations), its submission and new versions.

SKP approval goes through the shared approval engine (flow "skp": one binding step, the appraiser).
"""

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from pamong.approvals.choices import ApproverRole, Outcome
from pamong.approvals.registry import StepSpec, register_flow
from pamong.approvals.services import notice_language, notify_user, person_name, process_start
from pamong.audit.services import audit_record
from pamong.people.models import Employee
from pamong.people.selectors import actor_employee, supervisor_of

from .. import errors
from ..audit import PerformanceAudit
from ..choices import Aspect, CoreValue, Direction, IndicatorSource, PlanStatus, ResultKind
from ..errors import PerformanceError
from ..models import BehaviourExpectation, Evidence, Realisation, Skp, SkpIndicator, SkpResult
from ..permissions import can_comment_plan, can_edit_plan
from ..selectors import current_skp
from ._common import EDITABLE, YEARS, _choice, _decimal, _editable, _field_error

FLOW = "skp"
# The appraiser sets the behaviour expectations while reviewing the submitted draft (PermenPANRB 6/2022:
# "ekspektasi khusus pimpinan" are set at planning, before the SKP is agreed).
EXPECTATIONS_OPEN = (*EDITABLE, PlanStatus.SUBMITTED)


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


def register() -> None:
    register_flow(SkpFlow())
