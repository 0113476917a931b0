"""The approval engine's cockpit panel: overdue approval steps per OPD (found by PeopleConfig.ready()).

A step is overdue when it has waited at least its ``remind_after_days``
working days after the day it arrived, the rule approval_reminders_send()
reminds by; here it is counted in SQL (one cut-off date per distinct limit),
not by walking the steps, so the cost does not grow with them.
"""

from datetime import datetime, time, timedelta
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.db.models.functions import Substr
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from pamong.people.cockpit import Figure, Panel, PanelTable, register_panel
from pamong.people.models import OrgUnit, tree_segment
from pamong.workcalendar.rules import is_working_day
from pamong.workcalendar.selectors import non_working_days

from .choices import StepState
from .models import ApprovalStep

OPD_PATH_WIDTH = len(tree_segment(1))


def overdue_cutoff(today, limit: int, days_off) -> datetime:
    """Steps activated before the returned instant have waited ≥ *limit* working days after their arrival day."""
    day, counted = today, 0
    while counted < limit:
        counted += is_working_day(day, days_off)
        day -= timedelta(days=1)
    # *day* is the latest arrival day that is overdue: arrivals before the next midnight.
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def overdue_q(pemda_id: int, today) -> Q | None:
    """Q for the agency's overdue active steps; None when none can be. Two queries (the limits, the days off)."""
    active = ApprovalStep.objects.filter(state=StepState.ACTIVE, process__pemda_id=pemda_id)
    limits = sorted(set(active.order_by().values_list("remind_after_days", flat=True).distinct()))
    if not limits:
        return None
    window_start = today - timedelta(days=max(limits) * 2 + 40)
    days_off = non_working_days(pemda_id, window_start, today)
    condition = Q()
    for limit in limits:
        limit_q = Q(remind_after_days=limit)
        if limit > 0:  # a limit of 0 makes every active step overdue at once
            limit_q &= Q(activated_at__lt=overdue_cutoff(today, limit, days_off))
        condition |= limit_q
    return condition


def overdue_by_opd(pemda_id: int, today) -> tuple[list[tuple[OrgUnit, int]], int]:
    """(rows of (OPD, overdue steps of requests from it), total). At most four queries."""
    condition = overdue_q(pemda_id, today)
    opds = list(OrgUnit.objects.filter(pemda_id=pemda_id, parent__isnull=True, is_active=True).order_by("name"))
    if condition is None:
        return [(opd, 0) for opd in opds], 0
    counts = dict(
        ApprovalStep.objects.filter(condition, state=StepState.ACTIVE, process__pemda_id=pemda_id).order_by()
        .annotate(branch=Substr("requester__current_unit__path", 1, OPD_PATH_WIDTH))
        .values_list("branch").annotate(n=Count("pk"))
    )
    return [(opd, counts.get(opd.path, 0)) for opd in opds], sum(counts.values())


def overdue_panel(actor, pemda) -> Panel:
    rows, total = overdue_by_opd(pemda.pk, timezone.localdate())
    # The leave register is the actor's own agency's; a superadmin looking at an agency gets the numbers only.
    register_url = reverse("leave:register") if actor.pemda_id == pemda.pk else ""
    figures = (Figure(_("Overdue approvals"), total, register_url, key="approvals-overdue"),)
    table = PanelTable(
        headers=(_("OPD"), _("Overdue approvals")),
        rows=tuple(
            (opd.name, (Figure(_("Overdue approvals"), n,
                               f"{register_url}?{urlencode({'unit': str(opd.public_id)})}" if register_url else ""),))
            for opd, n in rows if n
        ),
    )
    return Panel("approvals", _("Overdue approvals"), figures, table=table,
                 note=_("Steps waiting longer than their route allows, by the OPD of the request; the list shows the "
                        "OPD's leave applications."))


def register() -> None:
    register_panel("approvals", 40, overdue_panel)
