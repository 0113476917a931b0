"""The internal participation forum (issue text): topics (proposals and discussions) per unit or agency-wide,
comments, supports, polls, town-hall agendas and the per-unit forum settings.

Forum rows are never deleted by the application, except supports (a support is withdrawn by deleting it) and the
items of a town-hall agenda (rebuilt as a whole). Everything pointing at personnel is PROTECT.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pamong.core.models import PublicIdModel, TimeStampedModel

from .choices import AnswerStatus, ModerationStatus, SupportPeriod, TopicKind
from .rules import OPTION_MAX_LENGTH, QUESTION_MAX_LENGTH, TITLE_MAX_LENGTH

PROTECT = models.PROTECT


class ForumSettings(TimeStampedModel):
    """How a unit runs its forum; ``unit`` empty = the agency-wide default.

    A topic follows the settings of its unit, else of the nearest ancestor unit that has some, else the agency's
    (selectors.settings_for_unit); without any row: published at once, no support limit.
    """

    pemda = models.ForeignKey("people.Pemda", on_delete=PROTECT, related_name="+")
    unit = models.ForeignKey("people.OrgUnit", null=True, blank=True, on_delete=PROTECT, related_name="+")
    moderate_before_publication = models.BooleanField(_("moderate topics and comments before publication"),
                                                      default=False)
    support_limit = models.PositiveSmallIntegerField(
        _("supports per person"), null=True, blank=True, help_text=_("Leave empty for no limit."))
    support_period = models.CharField(_("period of the limit"), max_length=8, choices=SupportPeriod.choices,
                                      default=SupportPeriod.QUARTER)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=PROTECT,
                                   related_name="+")

    class Meta:
        ordering = ["pemda", "unit"]
        verbose_name = _("forum settings")
        verbose_name_plural = _("forum settings")
        constraints = [
            models.UniqueConstraint(fields=["pemda"], condition=Q(unit__isnull=True), name="forum_settings_one_agency"),
            models.UniqueConstraint(fields=["unit"], condition=Q(unit__isnull=False), name="forum_settings_one_unit"),
        ]

    def __str__(self) -> str:
        return f"forum settings {self.pemda_id}/{self.unit_id or '-'}"


class Topic(PublicIdModel):
    """A proposal or a discussion, in a unit's forum or agency-wide (``unit`` empty)."""

    pemda = models.ForeignKey("people.Pemda", on_delete=PROTECT, related_name="+")
    unit = models.ForeignKey("people.OrgUnit", null=True, blank=True, on_delete=PROTECT, related_name="+",
                             verbose_name=_("forum"))
    author = models.ForeignKey("people.Employee", on_delete=PROTECT, related_name="forum_topics")
    kind = models.CharField(_("kind"), max_length=12, choices=TopicKind.choices, default=TopicKind.PROPOSAL)
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    body = models.TextField(_("text"))  # plain text; its length is checked by the service (rules.BODY_MAX_LENGTH)
    is_anonymous = models.BooleanField(_("anonymous toward colleagues"), default=False)
    moderation_status = models.CharField(max_length=10, choices=ModerationStatus.choices,
                                         default=ModerationStatus.PUBLISHED)
    moderation_reason = models.CharField(max_length=500, blank=True)
    moderated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=PROTECT,
                                     related_name="+")
    moderated_at = models.DateTimeField(null=True, blank=True)
    answer_status = models.CharField(_("answer"), max_length=12, choices=AnswerStatus.choices,
                                     default=AnswerStatus.OPEN)
    answer_text = models.TextField(blank=True)
    answered_by = models.ForeignKey("people.Employee", null=True, blank=True, on_delete=PROTECT, related_name="+")
    answered_by_user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=PROTECT,
                                         related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)
    first_answered_at = models.DateTimeField(null=True, blank=True)  # the recap's "days to answer"
    # Denormalised count of Support rows, kept by services.support_toggle with F() in the same transaction: the
    # list sorts by it through an index instead of counting supports per topic.
    support_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("forum topic")
        verbose_name_plural = _("forum topics")
        indexes = [
            # The list of a unit's forum by support and by date; agency-wide topics are unit NULL in the same index.
            models.Index(fields=["pemda", "unit", "moderation_status", "-support_count", "-created_at"],
                         name="forum_topic_by_support"),
            models.Index(fields=["pemda", "unit", "moderation_status", "-created_at"], name="forum_topic_by_date"),
            # The moderation queue and the quarterly recap read a range of dates of the agency.
            models.Index(fields=["pemda", "moderation_status", "created_at"], name="forum_topic_queue"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(moderation_status="rejected") | ~Q(moderation_reason=""),
                                   name="forum_topic_rejection_has_reason"),
            models.CheckConstraint(condition=~Q(answer_status="rejected") | ~Q(answer_text=""),
                                   name="forum_topic_answer_rejection_has_reason"),
        ]
        permissions = [
            ("moderate_forum", "Moderate every forum topic of the agency"),
            ("lead_forum", "Answer every forum proposal of the agency"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.moderation_status == ModerationStatus.PUBLISHED

    @property
    def is_proposal(self) -> bool:
        return self.kind == TopicKind.PROPOSAL


class Comment(PublicIdModel):
    topic = models.ForeignKey(Topic, on_delete=PROTECT, related_name="comments")
    author = models.ForeignKey("people.Employee", on_delete=PROTECT, related_name="forum_comments")
    body = models.TextField(_("comment"))
    is_anonymous = models.BooleanField(_("anonymous toward colleagues"), default=False)
    moderation_status = models.CharField(max_length=10, choices=ModerationStatus.choices,
                                         default=ModerationStatus.PUBLISHED)
    moderation_reason = models.CharField(max_length=500, blank=True)
    moderated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=PROTECT,
                                     related_name="+")
    moderated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("forum comment")
        verbose_name_plural = _("forum comments")
        indexes = [models.Index(fields=["topic", "moderation_status", "created_at"], name="forum_comment_by_topic")]
        constraints = [
            models.CheckConstraint(condition=~Q(moderation_status="rejected") | ~Q(moderation_reason=""),
                                   name="forum_comment_rejection_has_reason"),
        ]

    def __str__(self) -> str:
        return f"comment {self.public_id}"


class Support(models.Model):
    """One employee's support of one topic (withdrawn by deleting the row)."""

    topic = models.ForeignKey(Topic, on_delete=PROTECT, related_name="supports")
    employee = models.ForeignKey("people.Employee", on_delete=PROTECT, related_name="forum_supports")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("forum support")
        constraints = [models.UniqueConstraint(fields=["topic", "employee"], name="forum_support_once")]
        # The per-period limit counts one person's supports in a date range.
        indexes = [models.Index(fields=["employee", "created_at"], name="forum_support_by_employee")]

    def __str__(self) -> str:
        return f"support {self.topic_id}/{self.employee_id}"


class Poll(PublicIdModel):
    """A question with options, on a topic or standalone in a unit's forum (or agency-wide).

    Closed from ``closes_at`` on (rules.poll_is_closed): no job flips a flag, every read and vote compares.
    """

    pemda = models.ForeignKey("people.Pemda", on_delete=PROTECT, related_name="+")
    unit = models.ForeignKey("people.OrgUnit", null=True, blank=True, on_delete=PROTECT, related_name="+",
                             verbose_name=_("forum"))
    topic = models.ForeignKey(Topic, null=True, blank=True, on_delete=PROTECT, related_name="polls")
    question = models.CharField(_("question"), max_length=QUESTION_MAX_LENGTH)
    closes_at = models.DateTimeField(_("closes at"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=PROTECT, related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("forum poll")
        indexes = [models.Index(fields=["pemda", "unit", "closes_at"], name="forum_poll_by_unit")]

    def __str__(self) -> str:
        return self.question


class PollOption(models.Model):
    poll = models.ForeignKey(Poll, on_delete=PROTECT, related_name="options")
    label = models.CharField(_("option"), max_length=OPTION_MAX_LENGTH)
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["poll", "position"], name="forum_poll_option_position")]

    def __str__(self) -> str:
        return self.label


class PollVote(models.Model):
    poll = models.ForeignKey(Poll, on_delete=PROTECT, related_name="votes")
    option = models.ForeignKey(PollOption, on_delete=PROTECT, related_name="votes")
    employee = models.ForeignKey("people.Employee", on_delete=PROTECT, related_name="forum_poll_votes")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["poll", "employee"], name="forum_poll_vote_once")]

    def __str__(self) -> str:
        return f"vote {self.poll_id}/{self.employee_id}"


class TownHall(PublicIdModel):
    """A town-hall meeting's agenda: the most supported open topics of a unit (or the agency) on a date."""

    pemda = models.ForeignKey("people.Pemda", on_delete=PROTECT, related_name="+")
    unit = models.ForeignKey("people.OrgUnit", null=True, blank=True, on_delete=PROTECT, related_name="+",
                             verbose_name=_("forum"))
    held_on = models.DateField(_("date"))
    built_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=PROTECT, related_name="+")
    topics = models.ManyToManyField(Topic, through="TownHallItem", related_name="+")

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("town hall")
        constraints = [
            models.UniqueConstraint(fields=["pemda", "held_on"], condition=Q(unit__isnull=True),
                                    name="forum_townhall_one_agency_per_day"),
            models.UniqueConstraint(fields=["unit", "held_on"], condition=Q(unit__isnull=False),
                                    name="forum_townhall_one_unit_per_day"),
        ]

    def __str__(self) -> str:
        return f"town hall {self.held_on}"


class TownHallItem(models.Model):
    # CASCADE: the items are the agenda's own parts, rebuilt as a whole by services.townhall_build.
    townhall = models.ForeignKey(TownHall, on_delete=models.CASCADE, related_name="items")
    topic = models.ForeignKey(Topic, on_delete=PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField()
    support_count = models.PositiveIntegerField(default=0)  # at the time the agenda was built

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["townhall", "position"], name="forum_townhall_item_position"),
            models.UniqueConstraint(fields=["townhall", "topic"], name="forum_townhall_item_once"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.topic_id}"
