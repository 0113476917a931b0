"""Account activation seen from personnel data: whom to activate (one employee, a unit subtree, an import batch).

The codes themselves, their hashing, expiry and audit live in
pamong.accounts.lifecycle; this module picks the employees, checks that the
actor manages them, and hands their logins over. Activation codes go by
e-mail to employees who have an address (when PAMONG_ACCOUNT_EMAIL is on) and
always onto the printable sheet (activation_sheet.py).
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from pamong.accounts import lifecycle, mail
from pamong.accounts.models import CodePurpose

from .errors import PeopleError
from .models import Employee, ImportJob, ImportStatus, OrgUnit
from .permissions import can_manage_employee

_CHUNK = 500
NOTHING_TO_ACTIVATE = "people.activation_nothing_to_issue"
IMPORT_NOT_APPLIED = "people.activation_import_not_applied"


@dataclass(frozen=True)
class ActivationRow:
    employee: Employee
    code: str
    expires_at: object
    emailed: bool


def _candidates(pemda_id: int) -> QuerySet[Employee]:
    return (
        Employee.objects.filter(pemda_id=pemda_id, is_active=True, user__isnull=False, user__is_active=True)
        .select_related("user", "current_unit")
        .order_by("current_unit__path", "name", "pk")
    )


def not_yet_activated(employees: QuerySet[Employee]) -> QuerySet[Employee]:
    """Employees whose login still has no usable password (Django marks those with a leading "!")."""
    return employees.filter(user__password__startswith="!")


def employees_of_unit(*, actor, unit: OrgUnit, only_new: bool = True) -> QuerySet[Employee]:
    if not can_manage_employee(actor, pemda_id=unit.pemda_id):
        raise PermissionDenied
    employees = _candidates(unit.pemda_id).filter(current_unit__path__startswith=unit.path)
    return not_yet_activated(employees) if only_new else employees


def employees_of_import(*, actor, job: ImportJob, only_new: bool = True) -> list[Employee]:
    if not can_manage_employee(actor, pemda_id=job.pemda_id):
        raise PermissionDenied
    if job.status != ImportStatus.APPLIED:
        raise PeopleError(_("Only an applied import can be activated."), code=IMPORT_NOT_APPLIED, http_status=409)
    nips = sorted({str(row["nip"]) for row in job.report if isinstance(row, dict) and row.get("nip")})
    found: list[Employee] = []
    for start in range(0, len(nips), _CHUNK):  # a batch may hold 50,000 rows; SQLite takes ~999 parameters
        employees = _candidates(job.pemda_id).filter(nip__in=nips[start : start + _CHUNK])
        found += not_yet_activated(employees) if only_new else employees
    return found


def activation_issue(*, actor, employees, scope: str = "", purpose: str = CodePurpose.ACTIVATION,
                     request=None) -> list[ActivationRow]:
    """Issue activation (or reset) codes to *employees*' logins; e-mail them where possible.

    Every employee must be managed by *actor*; in a bulk issue the actor's own
    record is left out (nobody issues a code for themself), a single issue for
    oneself is refused by accounts (``accounts.self_not_allowed``). One
    transaction: all codes or none.
    """
    employees = list(employees)
    for employee in employees:
        if not can_manage_employee(actor, employee):
            raise PermissionDenied
    if len(employees) > 1 or scope:
        employees = [e for e in employees if e.user_id != actor.pk]
    employees = [e for e in employees if e.user_id is not None]
    if not employees:
        raise PeopleError(_("There is nobody to issue a code to."), code=NOTHING_TO_ACTIVATE, http_status=409)
    by_user = {e.user_id: e for e in employees}
    issued = lifecycle.account_codes_issue(actor=actor, users=[e.user for e in employees], purpose=purpose,
                                           scope=scope)
    rows, outgoing = [], []
    for item in issued:
        employee = by_user[item.user.pk]
        email = employee.email or item.user.email
        emailed = purpose == CodePurpose.ACTIVATION and bool(email)
        if emailed:
            outgoing.append((email, employee.full_name, employee.nip, item.code, item.expires_at))
        rows.append(ActivationRow(employee=employee, code=item.code, expires_at=item.expires_at, emailed=emailed))
    sent = mail.send_activation_codes(outgoing, request)
    if not sent:
        rows = [ActivationRow(r.employee, r.code, r.expires_at, False) for r in rows]
    return rows
