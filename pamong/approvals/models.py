"""The shared approval engine: configured routes, running processes, their steps, acting officials, notices.

A process belongs to one object of another context (a leave application, an
SKP, a mutation proposal …), named by ``flow`` and ``target_id``; the owning
context registers a handler (approvals.registry) that turns step results
into its own state. Approvers are resolved from the position hierarchy when
the process starts and stored on each step, so a later reorganisation does
not move pending work silently.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from pamong.core.models import PublicIdModel

from .choices import ActingKind, ApproverRole, Outcome, ProcessStatus, StepState

PROTECT = models.PROTECT


class ApprovalRouteStep(PublicIdModel):
    """One configured step of a flow for a Pemda (optionally for a request kind, a unit subtree, a condition).

    The steps of the most specific matching configuration are used: a unit
    subtree beats the whole agency, a request kind beats every kind. Without
    configuration the owning context's default steps apply.
    """

    pemda = models.ForeignKey("people.Pemda", on_delete=PROTECT, related_name="+")
    flow = models.CharField(_("flow"), max_length=32)
    request_kind = models.CharField(_("request kind"), max_length=32, blank=True)
    org_unit = models.ForeignKey(
        "people.OrgUnit", null=True, blank=True, on_delete=PROTECT, related_name="+", verbose_name=_("unit subtree")
    )
    condition = models.JSONField(
        _("condition"), default=dict, blank=True,
        help_text="Equality on the request's context, e.g. {\"abroad\": true}; empty matches every request.",
    )
    order = models.PositiveSmallIntegerField(_("order"))
    role = models.CharField(_("approver"), max_length=16, choices=ApproverRole.choices)
    position = models.ForeignKey(
        "people.Position", null=True, blank=True, on_delete=PROTECT, related_name="+", verbose_name=_("position")
    )
    label = models.CharField(_("label"), max_length=120)
    is_binding = models.BooleanField(_("decides (not only considers)"), default=True)
    remind_after_days = models.PositiveSmallIntegerField(_("remind after (working days)"), default=3)
    escalate = models.BooleanField(_("also tell the approver's supervisor when overdue"), default=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["pemda", "flow", "request_kind", "order"]
        verbose_name = _("approval route step")
        constraints = [
            models.CheckConstraint(
                condition=~Q(role=ApproverRole.POSITION) | Q(position__isnull=False), name="route_position_role_has_position"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.flow}/{self.request_kind or '*'} #{self.order} {self.label}"


class ActingAssignmentQuerySet(models.QuerySet["ActingAssignment"]):
    def on(self, day):
        return self.filter(start_date__lte=day, end_date__gte=day, is_revoked=False)


class ActingAssignment(PublicIdModel):
    """An acting official (Plt/Plh) for a position over a date range, set by HR."""

    pemda = models.ForeignKey("people.Pemda", on_delete=PROTECT, related_name="+")
    position = models.ForeignKey("people.Position", on_delete=PROTECT, related_name="acting_assignments",
                                 verbose_name=_("position covered"))
    acting = models.ForeignKey("people.Employee", on_delete=PROTECT, related_name="acting_assignments",
                               verbose_name=_("acting official"))
    kind = models.CharField(_("kind"), max_length=4, choices=ActingKind.choices)
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"))
    # Required on new appointments (approvals.services.acting_assignment_create); older rows may lack them.
    decree_number = models.CharField(_("decree number"), max_length=100, blank=True)
    decree_date = models.DateField(_("decree date"), null=True, blank=True)
    is_revoked = models.BooleanField(default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=PROTECT, related_name="+")

    objects = ActingAssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "-pk"]
        verbose_name = _("acting assignment")
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="acting_ends_after_start"),
        ]
        permissions = [("manage_acting", "Can appoint acting officials (Plt/Plh)")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.position} ({self.start_date}–{self.end_date})"


class ApprovalProcess(PublicIdModel):
    """One object's way through its approval steps."""

    pemda = models.ForeignKey("people.Pemda", on_delete=PROTECT, related_name="+")
    flow = models.CharField(max_length=32)
    request_kind = models.CharField(max_length=32, blank=True)
    target_id = models.PositiveBigIntegerField()
    requester = models.ForeignKey("people.Employee", on_delete=PROTECT, related_name="+")
    status = models.CharField(max_length=16, choices=ProcessStatus.choices, default=ProcessStatus.PENDING)
    context = models.JSONField(default=dict, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-pk"]
        constraints = [
            # A target may go through approval again (an SKP sent back for changes), one process at a time.
            models.UniqueConstraint(fields=["flow", "target_id"], condition=Q(status="pending"),
                                    name="one_pending_process_per_target"),
        ]

    def __str__(self) -> str:
        return f"{self.flow}#{self.target_id} {self.status}"


class ApprovalStepQuerySet(models.QuerySet["ApprovalStep"]):
    def active(self):
        return self.filter(state=StepState.ACTIVE)


class ApprovalStep(PublicIdModel):
    """One approver's turn in a process.

    ``approver`` never equals ``requester``: the resolver skips the
    requester, and the database refuses such a row (self-approval is
    impossible by construction).
    """

    process = models.ForeignKey(ApprovalProcess, on_delete=PROTECT, related_name="steps")
    order = models.PositiveSmallIntegerField()
    label = models.CharField(max_length=200)
    role = models.CharField(max_length=16, choices=ApproverRole.choices)
    is_binding = models.BooleanField(default=True)
    requester = models.ForeignKey("people.Employee", on_delete=PROTECT, related_name="+")
    approver = models.ForeignKey("people.Employee", on_delete=PROTECT, related_name="approval_steps")
    approver_position = models.ForeignKey("people.Position", null=True, blank=True, on_delete=PROTECT, related_name="+")
    # A pooled step (role PERMISSION): any active holder of this right in the agency may act, never the requester;
    # ``approver`` is then only who was notified first.
    approver_permission = models.CharField(max_length=100, blank=True)
    state = models.CharField(max_length=16, choices=StepState.choices, default=StepState.WAITING)
    activated_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=16, choices=Outcome.choices, blank=True)
    reason = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    acted_by = models.ForeignKey("people.Employee", null=True, blank=True, on_delete=PROTECT, related_name="+")
    acting_as = models.ForeignKey(ActingAssignment, null=True, blank=True, on_delete=PROTECT, related_name="+")
    acted_at = models.DateTimeField(null=True, blank=True)
    remind_after_days = models.PositiveSmallIntegerField(default=3)
    escalate = models.BooleanField(default=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    objects = ApprovalStepQuerySet.as_manager()

    class Meta:
        ordering = ["process", "order"]
        constraints = [
            models.UniqueConstraint(fields=["process", "order"], name="approval_step_order_unique"),
            models.CheckConstraint(condition=~Q(approver=F("requester")), name="approval_step_not_self"),
            models.CheckConstraint(
                condition=Q(acted_by__isnull=True) | ~Q(acted_by=F("requester")), name="approval_step_not_acted_by_self"
            ),
        ]
        indexes = [
            models.Index(fields=["approver", "state"], name="approval_step_queue"),
            # The few active steps among every step ever taken: the task inbox's counts and the pooled steps (no
            # approver index applies to "any HR admin of the agency") read them without scanning the history.
            models.Index(fields=["state"], condition=Q(state=StepState.ACTIVE), name="approval_step_active"),
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.state})"


class Notification(models.Model):
    """An in-app notice for one user (also e-mailed when configured)."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    pemda = models.ForeignKey("people.Pemda", null=True, blank=True, on_delete=PROTECT, related_name="+")
    kind = models.CharField(max_length=40)
    text = models.CharField(max_length=300)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_inbox")]

    def __str__(self) -> str:
        return self.text
