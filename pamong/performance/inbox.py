"""Performance's task source for 'Tugas saya' (pamong.people.inbox).

For the actor: SKPs waiting for their agreement (approval flow "skp", due by
the SKP deadline of 31 January, rules.SKP_DEADLINE); their own SKP of the
year still to draft or to correct; their realisations still unreported for a
period whose rating window is open (due when it closes); the ratings they
owe as appraiser in an open window; objections to ratings given by someone
they supervise directly (PP 30/2019 Pasal 59). A constant number of queries
whatever the team or agency size: the rows are limited, the counts grouped.
"""

from datetime import date

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from pamong.approvals.inbox import action_word, awaiting_count, awaiting_steps_listed, claim_flow
from pamong.core.dateranges import date_range_text, day_text
from pamong.people.inbox import Task, call_cache, register_task_source
from pamong.people.selectors import actor_employee

from . import rules
from .choices import ObjectionStatus, PlanStatus
from .models import Evaluation, Objection, PerformanceSettings, Realisation, Skp, SkpIndicator
from .selectors import settings_for
from .services import FLOW
from .wording import period_text

ROWS_LISTED = 50


def skp_deadline(year: int) -> date:
    month, day = rules.SKP_DEADLINE
    return date(year, month, day)


def open_windows(pemda_id: int, today: date) -> list[tuple[str, date, date]]:
    """The periods (of the agency's kind, and the year) whose rating window is open today: (code, opens, closes)."""
    agency = settings_for(pemda_id)
    found = []
    for year in (today.year - 1, today.year):
        for code in [*rules.periods_of(agency.period_kind, year), str(year)]:
            opens, closes = rules.evaluation_window(code, agency.evaluation_window_days)
            if opens <= today <= closes:
                found.append((code, opens, closes))
    return found


def _windows(user, me) -> list[tuple[str, date, date]]:
    cache = call_cache(user)
    if "performance.windows" not in cache:
        cache["performance.windows"] = open_windows(me.pemda_id, timezone.localdate())
    return cache["performance.windows"]


# --- SKPs awaiting the actor's agreement ------------------------------------------------------------------


def _agreement_tasks(user) -> list[Task]:
    steps = {step.process.target_id: step for step in awaiting_steps_listed(user, flow=FLOW)}
    if not steps:
        return []
    plans = Skp.objects.filter(pk__in=list(steps), status=PlanStatus.SUBMITTED).select_related("employee")
    return [
        Task(kind="performance.agree",
             title=_("%(name)s's SKP %(year)d awaits your %(action)s as %(step)s.")
             % {"name": skp.employee.full_name, "year": skp.year, "action": action_word(steps[skp.pk]),
                "step": steps[skp.pk].label},
             url=reverse("performance:plan-detail", args=[skp.public_id]), source=_("Performance"),
             due=skp_deadline(skp.year), since=steps[skp.pk].activated_at)
        for skp in plans
    ]


# --- The actor's own SKP and realisations -----------------------------------------------------------------


def _own_plan_task(me, today: date) -> Task | None:
    """Draft (or correct) this year's SKP: due by 31 January."""
    skp = Skp.objects.filter(employee=me, year=today.year).exclude(status=PlanStatus.SUPERSEDED).first()
    if skp is not None and skp.status not in (PlanStatus.DRAFT, PlanStatus.CHANGES_REQUESTED):
        return None
    due = skp_deadline(today.year)
    if skp is None:
        title = _("Draft your SKP %(year)d and submit it to your appraiser by %(date)s.") % {
            "year": today.year, "date": day_text(due)}
        url = reverse("performance:home")
    elif skp.status == PlanStatus.CHANGES_REQUESTED:
        title = _("Your appraiser asked for changes to your SKP %(year)d: correct it and submit it again.") % {
            "year": today.year}
        url = reverse("performance:plan-detail", args=[skp.public_id])
    else:
        title = _("Finish your SKP %(year)d and submit it to your appraiser by %(date)s.") % {
            "year": today.year, "date": day_text(due)}
        url = reverse("performance:plan-detail", args=[skp.public_id])
    return Task(kind="performance.plan", title=title, url=url, source=_("Performance"), due=due)


def _realisation_tasks(user, me) -> list[Task]:
    """Periods in an open rating window for which the actor's agreed SKP still has unreported indicators."""
    tasks = []
    windows = [w for w in _windows(user, me) if len(w[0]) > 4]
    if not windows:
        return tasks
    years = sorted({int(code[:4]) for code, _o, _c in windows})
    plans = {s.year: s for s in Skp.objects.filter(employee=me, year__in=years, status=PlanStatus.APPROVED)}
    rated = set(Evaluation.objects.filter(employee=me, period__in=[code for code, _o, _c in windows])
                .values_list("period", flat=True))
    for code, opens, closes in windows:
        skp = plans.get(int(code[:4]))
        if skp is None or code in rated:
            continue
        missing = SkpIndicator.objects.filter(result__skp=skp).exclude(
            Exists(Realisation.objects.filter(indicator=OuterRef("pk"), period=code))).count()
        if not missing:
            continue
        tasks.append(Task(
            kind="performance.realise",
            title=_("Report the realisation of %(n)d indicator(s) of your SKP for %(period)s before it is rated.")
            % {"n": missing, "period": period_text(code)},
            url=f"{reverse('performance:realise', args=[skp.public_id])}?period={code}", source=_("Performance"),
            due=closes, window=date_range_text(opens, closes)))
    return tasks


# --- Ratings the actor owes as appraiser ----------------------------------------------------------------


def _rating_due(me, code: str):
    return (Skp.objects.filter(appraiser=me, year=int(code[:4]), status=PlanStatus.APPROVED, employee__is_active=True)
            .exclude(employee=me)
            .exclude(Exists(Evaluation.objects.filter(employee=OuterRef("employee"), period=code))))


def _rating_tasks(user, me) -> list[Task]:
    tasks = []
    listed = call_cache(user).setdefault("performance.rating_rows", {})
    source = _("Performance")
    for code, opens, closes in _windows(user, me):
        rows = list(_rating_due(me, code).select_related("employee").order_by("employee__name", "pk")[:ROWS_LISTED])
        listed[code] = len(rows)
        # The same words, window and address pattern for every row of a period: built once, not per row.
        period, window = period_text(code), date_range_text(opens, closes)
        title = _("Rate the performance of %(name)s for %(period)s.")
        for skp in rows:
            tasks.append(Task(
                kind="performance.rate",
                title=title % {"name": skp.employee.full_name, "period": period},
                url=f"{reverse('performance:rate', args=[skp.public_id])}?period={code}", source=source,
                due=closes, window=window))
    return tasks


def _rating_count(user, me) -> int:
    """Counted from the listed rows when the list was read and not cut off (the home page), else one COUNT each."""
    listed = call_cache(user).get("performance.rating_rows", {})
    return sum(listed[code] if listed.get(code, ROWS_LISTED) < ROWS_LISTED else _rating_due(me, code).count()
               for code, _o, _c in _windows(user, me))


# --- Objections to decide -----------------------------------------------------------------------------------


def _objections(me):
    """Pending objections to ratings given by someone whose position the actor's own position supervises."""
    if me.current_position_id is None:
        return Objection.objects.none()
    return Objection.objects.filter(
        status=ObjectionStatus.PENDING, evaluation__pemda_id=me.pemda_id,
        evaluation__evaluator__current_position__supervisor_position_id=me.current_position_id,
    ).exclude(evaluation__employee=me).exclude(evaluation__evaluator=me)


def _objection_tasks(user, me) -> list[Task]:
    tasks = [
        Task(kind="performance.objection",
             title=_("%(name)s objects to the rating for %(period)s given by %(evaluator)s: awaiting your decision.")
             % {"name": o.evaluation.employee.full_name, "period": period_text(o.evaluation.period),
                "evaluator": o.evaluation.evaluator.full_name},
             url=reverse("performance:evaluation-detail", args=[o.evaluation.public_id]), source=_("Performance"),
             since=o.created_at)
        for o in _objections(me).select_related("evaluation__employee", "evaluation__evaluator")
        .order_by("-created_at")[:ROWS_LISTED]
    ]
    call_cache(user)["performance.objection_rows"] = len(tasks)
    return tasks


def _objection_count(user, me) -> int:
    listed = call_cache(user).get("performance.objection_rows", ROWS_LISTED)
    return listed if listed < ROWS_LISTED else _objections(me).count()


# --- The source -------------------------------------------------------------------------------------------


def _own(user, me) -> list[Task]:
    """The actor's own SKP and realisation tasks: a few rows, read once per inbox call for the list and the count."""
    cache = call_cache(user)
    if "performance.own" not in cache:
        own = _own_plan_task(me, timezone.localdate())
        cache["performance.own"] = ([own] if own is not None else []) + _realisation_tasks(user, me)
    return cache["performance.own"]


def _tasks(user) -> list[Task]:
    tasks = _agreement_tasks(user)
    me = actor_employee(user)
    if me is None:
        return tasks
    return tasks + _own(user, me) + _rating_tasks(user, me) + _objection_tasks(user, me)


def _count(user) -> int:
    total = awaiting_count(user, flow=FLOW)
    me = actor_employee(user)
    if me is None:
        return total
    return total + len(_own(user, me)) + _rating_count(user, me) + _objection_count(user, me)


def register() -> None:
    claim_flow(FLOW)
    register_task_source("performance", tasks=_tasks, count=_count, order=30,
                         depends_on=(Skp, SkpIndicator, Realisation, Evaluation, Objection, PerformanceSettings))

