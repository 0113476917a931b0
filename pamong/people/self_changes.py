"""HR changes to their own record go through a second HR admin (segregation of duties, issue #8 §2).

The services refuse such a change with ``people.self_change_requires_second_admin``
(see services._refuse_self_change). The pending path lives in a context above
the approval engine (pamong.personnel_changes), which people may not import:
it registers a *proposer* here at start-up. People keeps what only it knows:
which changes are protected, how their arguments are stored as JSON, and how
an approved change is applied through the normal service.
"""

from collections.abc import Callable
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from pamong.core.errors import DomainError

from . import errors
from .errors import SELF_CHANGE, PeopleError
from .models import Employee, Golongan, Position

RANK = "rank"
POSITION = "position"
EMPLOYEE = "employee"
KINDS = (RANK, POSITION, EMPLOYEE)
SELF_CHANGE_KINDS = KINDS
__all__ = ["SELF_CHANGE", "SELF_CHANGE_KINDS", "apply", "describe", "propose_self_change", "register_proposer"]

# Fields of the employee row that decide rank, seniority, pension or status (issue #8 §2: "status or service
# dates"); NIP and birth date carry the TMT CPNS and the BUP.
PROTECTED_EMPLOYEE_FIELDS = frozenset({
    "nip", "birth_date", "status", "first_appointment_date", "pns_appointment_date", "contract_end_date",
})

Proposer = Callable[..., Any]
_proposer: list[Proposer] = []


def register_proposer(proposer: Proposer) -> None:
    """Called once by the context that runs the pending path: proposer(*, actor, employee, kind, params)."""
    _proposer[:] = [proposer]


def propose_self_change(*, actor, employee: Employee, kind: str, params: dict) -> Any:
    """Send *actor*'s change of their own record to a second HR admin; returns the pending request."""
    if kind not in KINDS:
        raise ValueError(f"unknown self-change kind {kind!r}")
    if not _proposer:
        raise PeopleError(_("Another HR admin must make this change to your own record."), code=errors.SELF_CHANGE,
                          http_status=403)
    try:
        return _proposer[0](actor=actor, employee=employee, kind=kind, params=to_json(kind, params))
    except DomainError as exc:  # e.g. approvals.no_second_admin: shown on the form like any people refusal
        if isinstance(exc, PeopleError):
            raise
        raise PeopleError(exc.message, code=exc.code, http_status=exc.http_status, extra=exc.extra) from exc


def _iso(value):
    return value.isoformat() if isinstance(value, date) else value


def to_json(kind: str, params: dict) -> dict:
    """The service's keyword arguments as JSON (models by public id, dates as ISO strings)."""
    out: dict[str, Any] = {}
    for name, value in params.items():
        if isinstance(value, Golongan):
            out[name] = value.code
        elif isinstance(value, Position):
            out[name] = str(value.public_id)
        else:
            out[name] = _iso(value)
    return out


_DATE_FIELDS = {"effective_date", "decree_date", "birth_date", "first_appointment_date", "pns_appointment_date",
                "contract_end_date"}


def from_json(kind: str, employee: Employee, params: dict) -> dict:
    """The inverse of to_json(); a model that no longer exists is refused."""
    out: dict[str, Any] = {}
    for name, value in params.items():
        if name == "golongan":
            found = Golongan.objects.filter(code=value).first()
            if found is None:
                raise PeopleError(_("The golongan no longer exists."), code=errors.INVALID_EMPLOYEE)
            out[name] = found
        elif name == "position":
            found = Position.objects.filter(public_id=value, pemda_id=employee.pemda_id).first()
            if found is None:
                raise PeopleError(_("The position no longer exists."), code=errors.INVALID_EMPLOYEE)
            out[name] = found
        elif name in _DATE_FIELDS and isinstance(value, str) and value:
            out[name] = date.fromisoformat(value)
        else:
            out[name] = value
    return out


def apply(*, actor, employee: Employee, kind: str, params: dict):
    """Apply an approved change through the normal service, as *actor* (the second HR admin)."""
    from . import services  # services imports this module

    kwargs = from_json(kind, employee, params)
    if kind == RANK:
        return services.rank_record(actor=actor, employee=employee, **kwargs)
    if kind == POSITION:
        return services.position_assign(actor=actor, employee=employee, **kwargs)
    if kind == EMPLOYEE:
        return services.employee_update(actor=actor, employee=employee, data=kwargs)
    raise ValueError(f"unknown self-change kind {kind!r}")


def describe(kind: str, params: dict) -> str:
    """A short line for lists and notices."""
    if kind == RANK:
        return _("Rank %(golongan)s from %(date)s") % {"golongan": params.get("golongan"),
                                                       "date": params.get("effective_date")}
    if kind == POSITION:
        position = Position.objects.filter(public_id=params.get("position")).first()
        return _("Position %(position)s from %(date)s") % {"position": position.name if position else "?",
                                                           "date": params.get("effective_date")}
    labels = [f"{Employee._meta.get_field(name).verbose_name}: {value}" for name, value in sorted(params.items())]
    return _("Employee data: %(fields)s") % {"fields": "; ".join(labels)}
