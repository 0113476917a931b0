"""Complaints (pengaduan; rules.md §4.1): a citizen's complaint, its replies and notes, and the agency's service levels.

- ``Complaint``: received on the public form or entered by staff (phone, letter, WhatsApp, in person, SP4N-LAPOR!
  with its ticket number). Followed by the citizen with its ``tracking_number``, without an account. The
  complainant's contact (``complainant_*``) is personal data: empty when anonymous, shown only to the staff who
  handle the complaint and each showing is logged (complaint_views.complaint_contact).
- ``ComplaintReply``: a reply to the complainant (public: shown on the tracking page under the unit's name, never
  the author's), an internal note, or a message of the complainant (when reopening).
- ``ComplaintSla``: the agency's deadlines per class; a class without a row uses complaint_rules.DEFAULT_SLA.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pamong.core.models import PublicIdModel

from . import complaint_audit  # noqa: F401 (registers the audit labels)
from .complaint_choices import ComplaintChannel, ComplaintClass, ComplaintStatus, DayCount, ReplyKind
from .complaint_rules import MAX_SLA_DAYS, TRACKING_NUMBER_MAX_LENGTH

PROTECT = models.PROTECT

SUBJECT_MAX_LENGTH = 200
DESCRIPTION_MAX_LENGTH = 4000
REPLY_MAX_LENGTH = 4000
NAME_MAX_LENGTH = 150
PHONE_MAX_LENGTH = 32
LAPOR_TICKET_MAX_LENGTH = 40

#: The complainant's personal data: shown only to the complaint's handlers, each showing logged (audit_read).
PERSONAL_FIELDS = ("complainant_name", "complainant_phone", "complainant_email")


class Complaint(PublicIdModel):
    """A complaint to the agency and where its handling stands (rules.md §4.1)."""

    pemda = models.ForeignKey("people.Pemda", on_delete=PROTECT, related_name="+")
    # The key of the citizen's tracking page: random (complaint_rules.new_tracking_number), never shown in a URL.
    tracking_number = models.CharField(_("tracking number"), max_length=TRACKING_NUMBER_MAX_LENGTH, unique=True,
                                       editable=False)
    channel = models.CharField(_("channel"), max_length=16, choices=ComplaintChannel.choices)
    lapor_ticket = models.CharField(_("SP4N-LAPOR! ticket number"), max_length=LAPOR_TICKET_MAX_LENGTH, blank=True)
    subject = models.CharField(_("subject"), max_length=SUBJECT_MAX_LENGTH)
    # Plain text as typed; always rendered escaped (G13), never as HTML or markdown.
    description = models.TextField(_("description"), max_length=DESCRIPTION_MAX_LENGTH)
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    # The agency-local day of receipt: the service-level clocks count from it.
    received_on = models.DateField(_("received on"))
    # The day the current round's clocks count from: the day of receipt, or of the last reopening.
    clock_started_on = models.DateField(_("deadlines counted from"))
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=PROTECT,
                                   related_name="+", verbose_name=_("entered by"))
    # The unit responsible: the citizen's choice at first (may be none), then whoever routes it decides.
    org_unit = models.ForeignKey("people.OrgUnit", null=True, blank=True, on_delete=PROTECT, related_name="+",
                                 verbose_name=_("unit"))
    complaint_class = models.CharField(_("class"), max_length=24, choices=ComplaintClass.choices, blank=True)
    # The employee whose conduct the complaint is about, if staff link one: they never see nor handle it.
    employee_concerned = models.ForeignKey("people.Employee", null=True, blank=True, on_delete=PROTECT,
                                           related_name="+", verbose_name=_("employee concerned"))
    status = models.CharField(_("status"), max_length=16, choices=ComplaintStatus.choices,
                              default=ComplaintStatus.RECEIVED)
    classified_at = models.DateTimeField(_("classified at"), null=True, blank=True)
    first_response_due = models.DateField(_("first response due"), null=True, blank=True)
    resolution_due = models.DateField(_("resolution due"), null=True, blank=True)
    first_responded_at = models.DateTimeField(_("first response at"), null=True, blank=True)
    first_response_on = models.DateField(_("first response on"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # 0 none, 1 the first response was overdue, 2 the resolution was overdue (complaint_rules.overdue_stage): each
    # stage is escalated once per round; reopening starts a new round.
    escalation_stage = models.PositiveSmallIntegerField(_("escalation"), default=0)
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    reopen_count = models.PositiveSmallIntegerField(_("times reopened"), default=0)
    is_anonymous = models.BooleanField(_("anonymous"), default=False)
    complainant_name = models.CharField(_("complainant's name"), max_length=NAME_MAX_LENGTH, blank=True)
    complainant_phone = models.CharField(_("complainant's phone"), max_length=PHONE_MAX_LENGTH, blank=True)
    complainant_email = models.EmailField(_("complainant's e-mail"), blank=True)
    # PROTECT: a discipline case opened from a complaint keeps its origin.
    discipline_case = models.ForeignKey("discipline.Case", null=True, blank=True, on_delete=PROTECT,
                                        related_name="+", verbose_name=_("discipline case"))

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        constraints = [
            models.CheckConstraint(
                condition=Q(is_anonymous=False) | Q(complainant_name="", complainant_phone="", complainant_email=""),
                name="feedback_complaint_anonymous_no_contact"),
            models.CheckConstraint(condition=~Q(channel=ComplaintChannel.LAPOR) | ~Q(lapor_ticket=""),
                                   name="feedback_complaint_lapor_ticket"),
            models.CheckConstraint(condition=Q(status__in=ComplaintStatus.values), name="feedback_complaint_status"),
            models.CheckConstraint(condition=Q(status=ComplaintStatus.RECEIVED) | ~Q(complaint_class=""),
                                   name="feedback_complaint_classified"),
        ]
        indexes = [
            models.Index(fields=["pemda", "status", "received_on"], name="feedback_complaint_inbox"),
            models.Index(fields=["pemda", "org_unit", "received_on"], name="feedback_complaint_by_unit"),
        ]

    def __str__(self) -> str:
        return self.tracking_number

    @property
    def is_done(self) -> bool:
        return self.status in (ComplaintStatus.ANSWERED, ComplaintStatus.CLOSED)

    @property
    def has_contact(self) -> bool:
        return any(getattr(self, field) for field in PERSONAL_FIELDS)


class ComplaintReply(PublicIdModel):
    """A reply to the complainant, an internal note, or a message of the complainant; never edited."""

    complaint = models.ForeignKey(Complaint, on_delete=PROTECT, related_name="replies")
    kind = models.CharField(_("kind"), max_length=16, choices=ReplyKind.choices)
    text = models.TextField(_("text"), max_length=REPLY_MAX_LENGTH)
    # The unit that answered (the complaint's unit at the time): what the public page names instead of a person.
    org_unit = models.ForeignKey("people.OrgUnit", null=True, blank=True, on_delete=PROTECT, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=PROTECT, related_name="+")

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("complaint reply")
        verbose_name_plural = _("complaint replies")
        indexes = [models.Index(fields=["complaint", "kind", "created_at"], name="feedback_reply_by_complaint")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.public_id}"


class ComplaintSla(PublicIdModel):
    """The agency's deadlines for one class of complaint (rules.md §4.1: its SOP, or the defaults)."""

    pemda = models.ForeignKey("people.Pemda", on_delete=PROTECT, related_name="+")
    complaint_class = models.CharField(_("class"), max_length=24, choices=ComplaintClass.choices)
    first_response_days = models.PositiveSmallIntegerField(_("first response within"))
    resolution_days = models.PositiveSmallIntegerField(_("resolution within"))
    day_count = models.CharField(_("counted in"), max_length=16, choices=DayCount.choices, default=DayCount.WORKING)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=PROTECT,
                                   related_name="+")

    class Meta:
        ordering = ["pemda", "complaint_class"]
        verbose_name = _("complaint service level")
        verbose_name_plural = _("complaint service levels")
        constraints = [
            models.UniqueConstraint(fields=["pemda", "complaint_class"], name="feedback_sla_one_per_class"),
            models.CheckConstraint(
                condition=Q(first_response_days__gte=1, first_response_days__lte=MAX_SLA_DAYS,
                            resolution_days__gte=1, resolution_days__lte=MAX_SLA_DAYS)
                & Q(resolution_days__gte=models.F("first_response_days")),
                name="feedback_sla_days"),
        ]

    def __str__(self) -> str:
        return f"{self.pemda_id} {self.complaint_class}"


from . import complaint_personal_data  # noqa: E402, F401 (registers the personal-data source; needs the models)
