"""The leave context's cockpit panel: who is on leave today and this week (found by PeopleConfig.ready())."""

from datetime import timedelta

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from pamong.people.cockpit import Figure, Panel, register_panel

from .choices import HOLDING_STATUSES
from .models import LeaveApplication


def away_counts(pemda_id: int, today) -> dict[str, int]:
    """People on leave (approved, or applied for and not yet decided, as "who is away" lists them). One query.

    The week's overlap is the WHERE clause and the status only a filter of the
    counts: so SQLite walks the (pemda, start_date, end_date) index and looks up
    only the applications that touch the week, not every approved application
    the agency ever had (23 ms → 2 ms at 50,000 employees).
    """
    monday = today - timedelta(days=today.weekday())
    sunday = monday + timedelta(days=6)
    holding = Q(status__in=HOLDING_STATUSES)
    return LeaveApplication.objects.filter(pemda_id=pemda_id, start_date__lte=sunday, end_date__gte=monday).aggregate(
        today=Count("employee", distinct=True, filter=holding & Q(start_date__lte=today, end_date__gte=today)),
        week=Count("employee", distinct=True, filter=holding),
    )


def away_panel(actor, pemda) -> Panel:
    counts = away_counts(pemda.pk, timezone.localdate())
    # The away list shows the actor's own agency; a superadmin looking at an agency gets the numbers only.
    away = reverse("leave:away") if actor.pemda_id == pemda.pk else ""
    figures = (
        Figure(_("On leave today"), counts["today"] or 0, away, key="leave-today"),
        Figure(_("On leave this week"), counts["week"] or 0, f"{away}?period=week" if away else "", key="leave-week"),
    )
    return Panel("leave", _("Who is on leave"), figures,
                 note=_("Approved leave and applications still awaiting a decision."))


def register() -> None:
    register_panel("leave", 20, away_panel)
