"""Development services: the awards register (issue #11).

HR of the agency records awards (Satyalancana Karya Satya X/XX/XXX, employee of the month, agency and other awards)
and removes a wrong entry with a reason. Nobody records or removes their own award.

Other contexts may forbid an award without this one importing them: ``register_award_restriction(check)`` adds a
check called with the employee, the kind and the award date that returns a reason (the award is refused with it)
or None. The Satyalancana also asks ``people.restrictions`` (Blocks.AWARD): the discipline context (#12) fills it with
"no medium or heavy sanction".
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pamong.audit.registry import register_action_labels
from pamong.audit.services import audit_record
from pamong.people.choices import EmploymentStatus
from pamong.people.models import Employee, OrgUnit, path_within, tree_segment

from .. import award_rules
from ..audit import DevelopmentAudit
from ..choices import SATYALANCANA_YEARS, AwardKind
from ..errors import AWARD_EXISTS, AWARD_NOT_ELIGIBLE, SELF_DECISION, DevelopmentError, field_error
from ..models import Award
from ..permissions import can_manage, is_self

INVALID_PERIOD = "development.invalid_period"
INVALID_AWARD = "development.invalid_award"
REASON_REQUIRED = "development.reason_required"
OPD_PATH_WIDTH = len(tree_segment(1))
AWARDS_EXPORTED = "development.awards_exported"

register_action_labels({AWARDS_EXPORTED: gettext_lazy("Awards register exported")})

AwardRestriction = Callable[..., str | None]
"""``check(employee, *, kind, awarded_on) -> reason | None``; a reason refuses the award."""

_RESTRICTIONS: dict[str, AwardRestriction] = {}


def register_award_restriction(name: str, check: AwardRestriction) -> None:
    """Add (or replace) the restriction *name*; called from the AppConfig.ready() of the context that owns it.

    Satyalancana Karya Satya is never given to a PNS with a medium or heavy disciplinary sanction (PP 35/2010
    Pasal 32 [U]); the discipline context (#12) registers that check here. A check must not write.
    """
    _RESTRICTIONS[name] = check


def unregister_award_restriction(name: str) -> None:
    _RESTRICTIONS.pop(name, None)


def award_restriction(employee: Employee, *, kind: str, awarded_on: date) -> str | None:
    """The first reason a registered restriction gives against this award, or None."""
    for name in sorted(_RESTRICTIONS):
        reason = _RESTRICTIONS[name](employee, kind=kind, awarded_on=awarded_on)
        if reason:
            return str(reason)
    return None


@dataclass(frozen=True, slots=True)
class AwardInput:
    kind: str
    awarded_on: date
    title: str = ""
    period: str = ""
    decree_number: str = ""
    issuer: str = ""
    note: str = ""


def satyalancana_refusal(employee: Employee, kind: str, awarded_on: date) -> str | None:
    """Why *employee* may not receive the Satyalancana class *kind* on *awarded_on*, or None when eligible.

    PNS only, at least 10/20/30 full years from the TMT CPNS on the award date, one award per class (a higher class
    does not need the lower ones), and no registered restriction.
    """
    years = SATYALANCANA_YEARS[AwardKind(kind)]
    if employee.status != EmploymentStatus.PNS:
        return _("The Satyalancana Karya Satya is given to PNS only (UU 20/2009 Pasal 28).")
    served = award_rules.full_years(employee.first_appointment_date, awarded_on)
    if served < years:
        return _("%(name)s has served %(served)s full years on %(date)s (TMT CPNS %(start)s); the Satyalancana "
                 "Karya Satya %(years)s years needs %(years)s (PP 35/2010). Eligible from %(from)s.") % {
            "name": employee.full_name, "served": served, "date": awarded_on.strftime("%d-%m-%Y"),
            "start": employee.first_appointment_date.strftime("%d-%m-%Y"), "years": years,
            "from": award_rules.anniversary(employee.first_appointment_date, years).strftime("%d-%m-%Y")}
    from pamong.people.restrictions import Blocks, blocking

    # A sedang or berat disciplinary sanction ever in effect (people.restrictions, filled by discipline, issue #12).
    for restriction in blocking(employee, Blocks.AWARD, on=awarded_on):
        return _("%(name)s may not receive the Satyalancana Karya Satya: %(reason)s (%(rule)s).") % {
            "name": employee.full_name, "reason": restriction.reason, "rule": restriction.rule}
    return award_restriction(employee, kind=kind, awarded_on=awarded_on)


def opd_of(unit: OrgUnit | None) -> str | None:
    """The path of the OPD (top-level unit) *unit* belongs to, or None."""
    return unit.path[:OPD_PATH_WIDTH] if unit is not None and unit.path else None


def _check_employee_of_month(employee: Employee, period: str) -> None:
    if not award_rules.is_month_period(period):
        raise field_error("period", _("Give the month of the award as YYYY-MM, e.g. 2026-05."), INVALID_PERIOD)
    opd_path = opd_of(employee.current_unit)
    if opd_path is None:
        raise field_error("employee", _("%(name)s is not placed in a unit; the employee of the month is chosen per "
                                        "OPD.") % {"name": employee.full_name}, AWARD_NOT_ELIGIBLE)
    # One per OPD and month: lock the OPD's row so two HR admins cannot both record one (PostgreSQL; SQLite
    # serialises writers anyway).
    opd = OrgUnit.objects.select_for_update().filter(pemda_id=employee.pemda_id, path=opd_path).first()
    taken = (Award.objects.filter(pemda_id=employee.pemda_id, kind=AwardKind.EMPLOYEE_OF_MONTH, period=period)
             .filter(path_within("employee__current_unit__path", opd_path)).select_related("employee").first())
    if taken is not None:
        raise DevelopmentError(
            _("%(unit)s already has an employee of the month for %(period)s: %(name)s.") % {
                "unit": opd.name if opd else _("This OPD"), "period": period, "name": taken.employee.full_name},
            code=AWARD_EXISTS, http_status=409, extra={"fields": {"period": [_("Already awarded for this month.")]}})


def _check_input(employee: Employee, data: AwardInput) -> None:
    if data.kind not in AwardKind.values:
        raise field_error("kind", _("Choose the kind of award."), INVALID_AWARD)
    if data.awarded_on > timezone.localdate():
        raise field_error("awarded_on", _("The award date cannot be in the future."), INVALID_AWARD)
    if data.kind in (AwardKind.AGENCY, AwardKind.OTHER) and not data.title.strip():
        raise field_error("title", _("Give the name of the award."), INVALID_AWARD)
    if data.kind in SATYALANCANA_YEARS:
        if Award.objects.filter(employee=employee, kind=data.kind).exists():
            raise _already_held(employee, data.kind)
        reason = satyalancana_refusal(employee, data.kind, data.awarded_on)
        if reason:
            raise DevelopmentError(reason, code=AWARD_NOT_ELIGIBLE, extra={"fields": {"kind": [reason]}})
    elif data.kind == AwardKind.EMPLOYEE_OF_MONTH:
        _check_employee_of_month(employee, data.period)
    else:
        reason = award_restriction(employee, kind=data.kind, awarded_on=data.awarded_on)
        if reason:
            raise DevelopmentError(reason, code=AWARD_NOT_ELIGIBLE, extra={"fields": {"kind": [reason]}})


def _already_held(employee: Employee, kind: str) -> DevelopmentError:
    message = _("%(name)s already holds the %(award)s.") % {"name": employee.full_name,
                                                           "award": AwardKind(kind).label}
    return DevelopmentError(message, code=AWARD_EXISTS, http_status=409, extra={"fields": {"kind": [message]}})


def _values(award: Award) -> dict[str, object]:
    return {"employee": award.employee.nip, "kind": award.kind, "title": award.title, "period": award.period,
            "awarded_on": award.awarded_on, "decree_number": award.decree_number, "issuer": award.issuer,
            "note": award.note}


@transaction.atomic
def award_record(*, actor, employee: Employee, data: AwardInput) -> Award:
    """Enter an award of *employee* in the register (HR of the agency); never one's own.

    Raise DevelopmentError SELF_DECISION for one's own award, AWARD_NOT_ELIGIBLE (with the reason) for a
    Satyalancana class not yet earned or restricted, AWARD_EXISTS (409) for a class already held or an OPD's
    employee of the month already chosen, and a field error for a bad kind, date, title or period;
    PermissionDenied for anyone but HR of the employee's agency.
    """
    if is_self(actor, employee):
        raise DevelopmentError(_("Nobody records an award for themselves."), code=SELF_DECISION, http_status=403)
    if not can_manage(actor, employee.pemda_id):
        raise PermissionDenied
    data = AwardInput(kind=data.kind, awarded_on=data.awarded_on, title=(data.title or "").strip()[:200],
                      period=(data.period or "").strip(), decree_number=(data.decree_number or "").strip()[:100],
                      issuer=(data.issuer or "").strip()[:200], note=(data.note or "").strip()[:2000])
    _check_input(employee, data)
    title = data.title or str(AwardKind(data.kind).label)
    period = data.period if data.kind == AwardKind.EMPLOYEE_OF_MONTH else ""
    try:
        with transaction.atomic():  # the class constraint backs the check above against a concurrent entry
            award = Award.objects.create(
                pemda_id=employee.pemda_id, employee=employee, kind=data.kind, title=title, period=period,
                awarded_on=data.awarded_on, decree_number=data.decree_number, issuer=data.issuer, note=data.note,
                recorded_by=actor)
    except IntegrityError:
        raise _already_held(employee, data.kind) from None
    audit_record(actor=actor, action=DevelopmentAudit.AWARD_RECORDED, target=award, pemda_id=employee.pemda_id,
                 changes={field: [None, value] for field, value in _values(award).items()})
    return award


@transaction.atomic
def award_remove(*, actor, award: Award, reason: str) -> None:
    """Delete a wrong entry of the register (HR of the agency), with a reason; never one's own.

    The audit event keeps every value of the removed entry and the reason. Raise PermissionDenied for anyone but
    HR of the agency, DevelopmentError SELF_DECISION for one's own award and REASON_REQUIRED without a reason.
    """
    if is_self(actor, award.employee):
        raise DevelopmentError(_("Nobody removes an award of their own."), code=SELF_DECISION, http_status=403)
    if not can_manage(actor, award.pemda_id):
        raise PermissionDenied
    reason = " ".join(str(reason or "").split())[:500]
    if not reason:
        raise field_error("reason", _("Say why the award is removed."), REASON_REQUIRED)
    changes = {field: [value, None] for field, value in _values(award).items()}
    changes["reason"] = [None, reason]
    audit_record(actor=actor, action=DevelopmentAudit.AWARD_REMOVED, target=award, pemda_id=award.pemda_id,
                 changes=changes)
    award.delete()


def register() -> None:
    """Fill the lower contexts' registries for this sub-domain: the awards in the personal-data archive."""
    from .. import personal_data

    personal_data.register()
