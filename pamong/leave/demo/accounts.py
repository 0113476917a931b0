"""The demo accounts of the leave demo (the Plt included) and the event that marks the demo as seeded."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy

from pamong.approvals.models import ActingAssignment
from pamong.audit.models import AuditEvent
from pamong.people.demo import DEMO_PASSWORD, PEMDA_NAME, demo_accounts
from pamong.people.models import Employee, Pemda

LEAVE_DEMO_ACTION = "leave.demo_seeded"


@dataclass
class _Accounts:
    users: dict[str, object]
    employees: dict[str, Employee]


def _demo_people(pemda: Pemda) -> _Accounts:
    names = {a["role"]: a["username"] for a in demo_accounts(pemda)}
    users = {u.username: u for u in get_user_model().objects.filter(username__in=names.values())}
    by_user = {e.user_id: e for e in Employee.objects.filter(user__username__in=names.values())
               .select_related("current_position", "current_unit")}
    people = _Accounts(users={}, employees={})
    for role, username in names.items():
        user = users.get(username)
        if user is None:
            continue
        people.users[role] = user
        if user.pk in by_user:
            people.employees[role] = by_user[user.pk]
    return people


_ROLE_LABELS = {
    "employee": gettext_lazy("Employee (teacher)"),
    "supervisor": gettext_lazy("Supervisor"),
    "unit_head": gettext_lazy("Unit head"),
    "hr_admin": gettext_lazy("HR administrator (BKPSDM)"),
    "hr_admin_2": gettext_lazy("Second HR administrator"),
    "executive": gettext_lazy("Executive (Sekda)"),
    "auditor": gettext_lazy("Auditor (Inspektorat)"),
    "attendance_officer": gettext_lazy("Attendance officer (BKPSDM)"),
    "superadmin": gettext_lazy("Superadmin"),
    "plt": gettext_lazy("Plt (acting head)"),
}
_ROLE_HINTS = {
    "employee": gettext_lazy("apply for leave, report SKP realisations"),
    "supervisor": gettext_lazy("consider subordinates' leave, agree SKPs, rate"),
    "unit_head": gettext_lazy("decide leave, objections, organisation ratings"),
    "hr_admin": gettext_lazy("employees, import, leave register, letter numbering"),
    "hr_admin_2": gettext_lazy("decides the first HR administrator's own changes"),
    "executive": gettext_lazy("cockpit, calibration, leave abroad"),
    "auditor": gettext_lazy("audit trail, read-only"),
    "attendance_officer": gettext_lazy("import machine punches, record days and duties, verify months"),
    "superadmin": gettext_lazy("every agency, Django admin"),
    "plt": gettext_lazy("decides leave for the post they act in"),
}


def demo_account_rows() -> list[dict]:
    """Every demo account, the Plt included, in the order of the README's table; [] without the demo agency."""
    pemda = Pemda.objects.filter(name=PEMDA_NAME).first()
    if pemda is None:
        return []
    rows = [{**account, "role_label": str(_ROLE_LABELS.get(account["role"], account["role"])),
             "hint": str(_ROLE_HINTS.get(account["role"], ""))} for account in demo_accounts(pemda)]
    event = AuditEvent.objects.filter(action=LEAVE_DEMO_ACTION, pemda_id=pemda.pk).order_by("-pk").first()
    plt_username = (event.changes.get("plt") or [None, ""])[1] if event else ""
    if plt_username:
        acting = ActingAssignment.objects.filter(pemda=pemda, is_revoked=False, acting__user__username=plt_username) \
            .select_related("position").first()
        hint = str(_ROLE_HINTS["plt"])
        if acting is not None:
            hint = f"Plt {acting.position.name}: {hint}"
        # The Plt is a supervisor-level employee account: no TOTP, same password.
        rows.insert(3, {"role": "plt", "role_label": str(_ROLE_LABELS["plt"]), "username": plt_username,
                        "password": DEMO_PASSWORD, "totp_secret": "", "hint": hint})
    return rows
