"""The approval engine's task sources for 'Tugas saya' (pamong.people.inbox).

Two sources: the active approval steps waiting for the actor in flows whose
context does not list them itself (a context that does — leave, SKP,
self-changes — claims its flow with claim_flow() so a step is listed once),
and the actor's unread notices (counted on the "Notices" menu item, not in the
task total). Every flow's source shares one grouped count of the actor's
active steps per flow (read once per inbox call); a flow with steps waiting
costs one more query for its rows, a flow with none costs nothing.
"""

from django.db.models import Count, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from pamong.people.inbox import Task, call_cache, register_task_source

from .models import ActingAssignment, ApprovalProcess, ApprovalStep, Notification
from .registry import handler_for
from .selectors import steps_awaiting

# Steps of these flows are listed by their own context's task source.
_claimed_flows: set[str] = set()
STEPS_LISTED = 50
NOTICES_LISTED = 10
# Flows nobody claimed describe their object through the handler: one query per step, so few are listed.
UNCLAIMED_LISTED = 20


def claim_flow(flow: str) -> None:
    """The calling context lists the steps of *flow* in its own task source (with its own wording)."""
    _claimed_flows.add(flow)


def awaiting_steps_listed(user, *, flow: str) -> list[ApprovalStep]:
    """The first STEPS_LISTED steps of *flow* waiting for *user*; no query for a flow with none (the grouped count).

    Within one inbox call, when all the actor's waiting steps are few (at most BULK_LISTED), one query reads them
    for every flow and each flow's source takes its own: the same rows as a query per flow, one query instead of
    one per flow (each of which rebuilt the whole "who may act" condition).
    """
    if not awaiting_count(user, flow=flow):
        return []
    bulk = _listed_by_flow(user)
    if bulk is not None:
        return bulk.get(flow, [])[:STEPS_LISTED]
    return list(awaiting_steps(user, flow=flow)[:STEPS_LISTED])


BULK_LISTED = 200


def _listed_by_flow(user) -> dict[str, list[ApprovalStep]] | None:
    """Every waiting step of the actor by flow, read at most once per inbox call; None when there are too many."""
    scratch = call_cache(user)
    if "approvals.listed" not in scratch:
        counts = _counts_by_flow(user)
        listed: dict[str, list[ApprovalStep]] | None = None
        if sum(counts.values()) <= BULK_LISTED:
            listed = {}
            for step in awaiting_steps(user):
                listed.setdefault(step.process.flow, []).append(step)
        scratch["approvals.listed"] = listed
    return scratch["approvals.listed"]


def awaiting_steps(user, *, flow: str | None = None) -> QuerySet[ApprovalStep]:
    """Active steps *user* may act on (as approver, Plt/Plh, or holder of a pooled right), oldest first."""
    steps = steps_awaiting(user)
    if flow is not None:
        steps = steps.filter(process__flow=flow)
    return steps.select_related("process", "requester").order_by("activated_at", "pk")


def awaiting_count(user, *, flow: str) -> int:
    """How many steps of *flow* wait for *user*: one grouped query per inbox call, shared by every flow's source."""
    return _counts_by_flow(user).get(flow, 0)


def _counts_by_flow(user) -> dict[str, int]:
    cache = call_cache(user)
    if "approvals.by_flow" not in cache:
        rows = steps_awaiting(user).order_by().values("process__flow").annotate(n=Count("pk"))
        cache["approvals.by_flow"] = {row["process__flow"]: row["n"] for row in rows}
    return cache["approvals.by_flow"]


def action_word(step: ApprovalStep) -> str:
    """"decision" for a binding step, "consideration" for an advisory one (translated)."""
    return _("decision") if step.is_binding else _("consideration")


def _unclaimed(user) -> QuerySet[ApprovalStep]:
    return awaiting_steps(user).exclude(process__flow__in=sorted(_claimed_flows))


def _step_tasks(user) -> list[Task]:
    tasks = []
    if not _step_count(user):
        return tasks
    for step in _unclaimed(user)[:UNCLAIMED_LISTED]:
        handler = handler_for(step.process.flow)
        tasks.append(Task(
            kind=f"approvals.{step.process.flow}",
            title=_("%(what)s awaits your %(action)s as %(step)s.") % {
                "what": handler.describe(step.process), "action": action_word(step), "step": step.label},
            url=handler.url(step.process), source=_("Approvals"), since=step.activated_at,
        ))
    return tasks


def _step_count(user) -> int:
    return sum(n for flow, n in _counts_by_flow(user).items() if flow not in _claimed_flows)


def unread_notices(user) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True)


def _notice_tasks(user) -> list[Task]:
    tasks = [
        Task(kind=f"notice.{notice.kind}", title=notice.text, url=reverse("leave:notice-open", args=[notice.pk]),
             source=_("Notice"), since=notice.created_at)
        for notice in unread_notices(user).order_by("-created_at", "-pk")[:NOTICES_LISTED]
    ]
    call_cache(user)["approvals.notice_rows"] = len(tasks)
    return tasks


def _notice_count(user) -> int:
    """Counted from the listed notices when they were read and not cut off (the home page), else one COUNT."""
    listed = call_cache(user).get("approvals.notice_rows", NOTICES_LISTED)
    return listed if listed < NOTICES_LISTED else unread_notices(user).count()


def register() -> None:
    register_task_source("approvals", tasks=_step_tasks, count=_step_count, order=10,
                         depends_on=(ApprovalStep, ApprovalProcess, ActingAssignment))
    register_task_source("notices", tasks=_notice_tasks, count=_notice_count, in_total=False, order=90,
                         depends_on=(Notification,))
