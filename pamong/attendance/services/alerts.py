"""Early warnings of unexcused absence (rules.md §3.2): each employee with verified unexcused days this year, and
their direct supervisor, are told once per threshold when they come within ``warn_days_before`` days of the next
rung ("approaching"), when a rung is reached, and when 10 working days in a row are reached (PDH and the salary
stop). ``AbsenceAlert`` rows (unique per employee, year, kind and threshold) make a rerun send nothing twice."""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from pamong.approvals.services import notice_language, notify_user
from pamong.people.models import Employee, Pemda
from pamong.people.selectors import supervisors_of_many

from .. import absence_rules as rules
from ..choices import AlertKind, DayStatus
from ..models import AbsenceAlert, AttendanceDay
from ..selectors.absence import AbsenceSummary, absence_summaries

NOTICE_KIND = "attendance.absence_alert"


@dataclass(frozen=True)
class AlertResult:
    alerts: int
    notices: int


def due_alerts(summary: AbsenceSummary) -> list[tuple[str, int]]:
    """(kind, threshold) of every alert *summary* calls for, sent or not."""
    due = []
    if "consecutive_10" in summary.flags:
        due.append((AlertKind.CONSECUTIVE, rules.CONSECUTIVE_DAYS))
    if summary.rung_from:
        due.append((AlertKind.REACHED, summary.rung_from))
    if "approaching" in summary.flags and summary.next_threshold is not None:
        due.append((AlertKind.APPROACHING, summary.next_threshold["days"]))
    return due


def _text(kind: str, threshold: int, summary: AbsenceSummary, *, name: str | None = None) -> str:
    who = name or _("You")
    if kind == AlertKind.CONSECUTIVE:
        return _("%(who)s: %(n)d working days in a row absent without a valid reason (PP 94/2021 Pasal 11): "
                 "dismissal (PDH) applies and the salary stops from %(stop)s.") % {
            "who": who, "n": summary.longest_consecutive,
            "stop": summary.salary_stop_from.strftime("%d-%m-%Y") if summary.salary_stop_from else "—"}
    if kind == AlertKind.REACHED:
        return _("%(who)s: %(n)d verified days absent without a valid reason in %(year)d — the threshold of "
                 "%(threshold)d days (PP 94/2021) is reached.") % {
            "who": who, "n": summary.counted_days, "year": summary.year, "threshold": threshold}
    return _("%(who)s: %(n)d verified days absent without a valid reason in %(year)d — %(left)d more reach the "
             "threshold of %(threshold)d days (PP 94/2021).") % {
        "who": who, "n": summary.counted_days, "year": summary.year, "left": threshold - summary.counted_days,
        "threshold": threshold}


@transaction.atomic
def absence_alerts_send(*, today: date | None = None) -> AlertResult:
    """Send the alerts due today (idempotent: each once per employee, year, kind and threshold)."""
    today = today or timezone.localdate()
    year = today.year
    alerts = notices = 0
    for pemda in Pemda.objects.filter(is_active=True).order_by("pk"):
        ids = list(AttendanceDay.objects.filter(pemda=pemda, date__gte=date(year, 1, 1), date__lte=today,
                                                status=DayStatus.UNEXCUSED, verified=True)
                   .values("employee_id").annotate(n=Count("id")).values_list("employee_id", flat=True))
        if not ids:
            continue
        summaries = absence_summaries(ids, year)
        sent = set(AbsenceAlert.objects.filter(employee_id__in=ids, year=year)
                   .values_list("employee_id", "kind", "threshold"))
        wanted: list[tuple[int, str, int]] = []
        for employee_id, summary in summaries.items():
            for kind, threshold in due_alerts(summary):
                if threshold and (employee_id, kind, threshold) not in sent:
                    wanted.append((employee_id, kind, threshold))
        if not wanted:
            continue
        employees = {e.pk: e for e in Employee.objects.filter(pk__in={w[0] for w in wanted}, is_active=True)
                     .select_related("user", "current_position")}
        bosses = supervisors_of_many(list(employees.values()))
        with notice_language():
            for employee_id, kind, threshold in wanted:
                employee = employees.get(employee_id)
                if employee is None:
                    continue
                summary = summaries[employee_id]
                AbsenceAlert.objects.create(pemda=pemda, employee=employee, year=year, kind=kind,
                                            threshold=threshold, days=summary.counted_days)
                alerts += 1
                url = f"{reverse('attendance:employee-absence', args=[employee.public_id])}?year={year}"
                if notify_user(user=employee.user, kind=NOTICE_KIND, text=_text(kind, threshold, summary), url=url,
                               pemda_id=pemda.pk):
                    notices += 1
                boss = bosses.get(employee_id)
                if boss is not None and notify_user(user=boss.user, kind=NOTICE_KIND, url=url, pemda_id=pemda.pk,
                                                    text=_text(kind, threshold, summary, name=employee.full_name)):
                    notices += 1
    return AlertResult(alerts=alerts, notices=notices)
