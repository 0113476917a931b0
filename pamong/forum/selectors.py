"""Reads of the forum. Every read starts from a ``*_visible_to(actor)`` scope.

Who sees what (issue text):

- published topics of the actor's agency: the agency-wide ones and those of the actor's OPD tree (the top unit
  the actor works in and every unit below it); the agency's moderators (HR) and pemda-wide leaders (Sekda) see
  every unit's;
- a topic awaiting moderation or not published: its author and its moderators (HR; the head of its unit or of a
  unit above it) only;
- nobody of another agency (404). The platform superadmin is not a member of any agency's forum and sees none.

Anonymous topics and comments name their author to the author and to the topic's moderators only; everyone else
reads "Anonymous" (author_label). Leaders who are not moderators (the Sekda) read "Anonymous" too.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from pamong.people.models import Employee, OrgUnit, path_within
from pamong.people.selectors import actor_employee

from .capabilities import ForumPerm
from .choices import AnswerStatus, ModerationStatus, SupportPeriod, TopicKind, TopicSort
from .models import Comment, ForumSettings, Poll, PollOption, Support, Topic, TownHall
from .rules import median_days, poll_is_closed, quarter_bounds

EVERY_ROW = Q(pk__isnull=False)
SEGMENT = 8  # one materialised-path segment: 7 digits and "/" (people.models.tree_segment)


def ancestor_ids(path: str) -> list[int]:
    """The pks of a unit's chain, top first, read from its materialised path (no query)."""
    return [int(path[i:i + SEGMENT - 1]) for i in range(0, len(path), SEGMENT)]


@dataclass(frozen=True, slots=True)
class ForumActor:
    """What the forum needs to know about an actor, read once per request (cached on the user)."""

    pemda_id: int | None
    employee: Employee | None
    moderates_agency: bool  # HR: moderates every unit's forum and the agency-wide one
    leads_agency: bool  # the Sekda / pemda-wide leaders: answer every proposal, read every recap
    head_path: str | None  # the unit the actor heads (its subtree), if a unit head
    own_path: str | None  # the actor's own unit
    root_path: str | None  # the OPD tree the actor belongs to

    @property
    def employee_id(self) -> int | None:
        return self.employee.pk if self.employee is not None else None


_NOBODY = ForumActor(None, None, False, False, None, None, None)


def forum_actor(actor) -> ForumActor:
    cached = getattr(actor, "_forum_actor", None)
    if cached is not None:
        return cached
    if not actor.is_authenticated or actor.is_superuser or not actor.pemda_id:
        found = _NOBODY
    else:
        me = actor_employee(actor)
        unit = me.current_unit if me is not None else None
        position = me.current_position if me is not None else None
        is_head = position is not None and position.is_unit_head and unit is not None
        found = ForumActor(
            pemda_id=actor.pemda_id,
            employee=me if me is not None and me.pemda_id == actor.pemda_id else None,
            moderates_agency=actor.has_perm(ForumPerm.MODERATE),
            leads_agency=actor.has_perm(ForumPerm.LEAD),
            head_path=unit.path if is_head else None,
            own_path=unit.path if unit is not None else None,
            root_path=unit.path[:SEGMENT] if unit is not None else None,
        )
    actor._forum_actor = found
    return found


def covers(path: str | None, unit_path: str | None) -> bool:
    """Whether the subtree at *path* holds the unit at *unit_path* (agency-wide topics are in no subtree)."""
    return bool(path) and bool(unit_path) and unit_path.startswith(path)


# --- Scopes -------------------------------------------------------------------------------------------------


def _reach(fa: ForumActor, field_prefix: str = "") -> Q:
    """Q for the forums *fa* reads: agency-wide, their OPD tree, or every unit for moderators and leaders."""
    unit_field = f"{field_prefix}unit"
    if fa.moderates_agency or fa.leads_agency:
        return EVERY_ROW
    reach = Q(**{f"{unit_field}__isnull": True})
    if fa.root_path:
        reach |= path_within(f"{unit_field}__path", fa.root_path)
    return reach


def _moderated(fa: ForumActor, field_prefix: str = "") -> Q | None:
    """Q for the rows *fa* moderates, or None."""
    if fa.moderates_agency:
        return EVERY_ROW  # not Q(): OR-ed with an empty Q(), Django drops it instead of admitting every row
    if fa.head_path:
        return path_within(f"{field_prefix}unit__path", fa.head_path)
    return None


def topics_visible_to(actor) -> QuerySet[Topic]:
    """Return the topics *actor* may open: published ones in reach, their own, and those they moderate."""
    fa = forum_actor(actor)
    if fa.pemda_id is None:
        return Topic.objects.none()
    scope = Q(moderation_status=ModerationStatus.PUBLISHED) & _reach(fa)
    if fa.employee is not None:
        scope |= Q(author_id=fa.employee.pk)
    moderated = _moderated(fa)
    if moderated is not None:
        scope |= moderated
    return Topic.objects.filter(pemda_id=fa.pemda_id).filter(scope)


def is_topic_moderator(actor, topic: Topic) -> bool:
    """Whether *actor* moderates *topic*'s forum (HR of its agency, or the head of its unit or one above it).

    No query for a topic loaded with its unit. Says nothing about whose topic it is (see permissions).
    """
    fa = forum_actor(actor)
    if fa.pemda_id is None or fa.pemda_id != topic.pemda_id:
        return False
    if fa.moderates_agency:
        return True
    return topic.unit_id is not None and covers(fa.head_path, topic.unit.path)


def author_label(actor, item: Topic | Comment, topic: Topic | None = None) -> str:
    """The author's name as *actor* may read it: "Anonymous" for an anonymous *item* unless *actor* wrote it or
    moderates its topic. *item* must be loaded with its author (and a comment's *topic* passed, with its unit)."""
    topic = topic if topic is not None else item
    fa = forum_actor(actor)
    if not item.is_anonymous or (fa.employee is not None and item.author_id == fa.employee.pk) \
            or is_topic_moderator(actor, topic):
        return item.author.full_name
    return _("Anonymous")


def label_authors(actor, items, topic: Topic | None = None) -> list:
    """Set ``author_label`` on each of *items* (topics, or the comments of *topic*); returns them as a list."""
    items = list(items)
    for item in items:
        item.author_label = author_label(actor, item, topic)
    return items


# --- Topic list -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TopicFilters:
    unit: OrgUnit | None = None  # a unit's forum and the forums below it
    agency_wide_only: bool = False
    kind: str = ""
    answer_status: str = ""
    q: str = ""
    sort: str = TopicSort.SUPPORT


def topic_list(*, actor, filters: TopicFilters | None = None) -> QuerySet[Topic]:
    """The topics of the list page: published ones in reach and the actor's own (pending or not published),
    with their unit, author, the count of published comments and whether the actor supports each.

    A constant number of queries whatever the number of rows.
    """
    filters = filters or TopicFilters()
    fa = forum_actor(actor)
    topics = topics_visible_to(actor)
    own = Q(author_id=fa.employee_id) if fa.employee is not None else Q(pk__in=[])
    topics = topics.filter(Q(moderation_status=ModerationStatus.PUBLISHED) | own)
    if filters.agency_wide_only:
        topics = topics.filter(unit__isnull=True)
    elif filters.unit is not None:
        topics = topics.filter(path_within("unit__path", filters.unit.path))
    if filters.kind:
        topics = topics.filter(kind=filters.kind)
    if filters.answer_status:
        topics = topics.filter(answer_status=filters.answer_status)
    if filters.q:
        topics = topics.filter(Q(title__icontains=filters.q) | Q(body__icontains=filters.q))
    comments = (Comment.objects.filter(topic=OuterRef("pk"), moderation_status=ModerationStatus.PUBLISHED)
                .order_by().values("topic").annotate(n=Count("pk")).values("n"))
    topics = topics.select_related("unit", "author").annotate(
        comment_count=Coalesce(Subquery(comments, output_field=IntegerField()), Value(0)))
    if fa.employee is not None:
        topics = topics.annotate(supported=Exists(Support.objects.filter(topic=OuterRef("pk"),
                                                                         employee_id=fa.employee.pk)))
    else:
        topics = topics.annotate(supported=Value(False))
    if filters.sort == TopicSort.NEWEST:
        return topics.order_by("-created_at", "-id")
    return topics.order_by("-support_count", "-created_at", "-id")


def topic_detail_queryset(actor) -> QuerySet[Topic]:
    fa = forum_actor(actor)
    topics = topics_visible_to(actor).select_related("unit", "author", "answered_by")
    if fa.employee is not None:
        return topics.annotate(supported=Exists(Support.objects.filter(topic=OuterRef("pk"),
                                                                       employee_id=fa.employee.pk)))
    return topics.annotate(supported=Value(False))


def comments_visible_to(actor, topic: Topic) -> QuerySet[Comment]:
    """The comments of *topic* *actor* may read: published ones, their own, and all of them for its moderators."""
    fa = forum_actor(actor)
    comments = Comment.objects.filter(topic=topic).select_related("author")
    if is_topic_moderator(actor, topic):
        return comments
    scope = Q(moderation_status=ModerationStatus.PUBLISHED)
    if fa.employee is not None:
        scope |= Q(author_id=fa.employee.pk)
    return comments.filter(scope)


def moderation_queue(actor) -> tuple[QuerySet[Topic], QuerySet[Comment]]:
    """Topics and comments awaiting moderation that *actor* moderates (their own left out: nobody moderates
    their own writing)."""
    fa = forum_actor(actor)
    moderated = _moderated(fa)
    if fa.pemda_id is None or moderated is None:
        return Topic.objects.none(), Comment.objects.none()
    topics = (Topic.objects.filter(pemda_id=fa.pemda_id, moderation_status=ModerationStatus.PENDING)
              .filter(moderated).select_related("unit", "author").order_by("created_at", "id"))
    comments = (Comment.objects.filter(topic__pemda_id=fa.pemda_id, moderation_status=ModerationStatus.PENDING)
                .filter(_moderated(fa, "topic__")).select_related("topic", "topic__unit", "author")
                .order_by("created_at", "id"))
    if fa.employee is not None:
        topics = topics.exclude(author_id=fa.employee.pk)
        comments = comments.exclude(author_id=fa.employee.pk)
    return topics, comments


def units_for_posting(actor) -> QuerySet[OrgUnit]:
    """The forums *actor* may post to besides the agency-wide one: their own unit and the units above it."""
    fa = forum_actor(actor)
    if fa.own_path is None:
        return OrgUnit.objects.none()
    return OrgUnit.objects.filter(pemda_id=fa.pemda_id, pk__in=ancestor_ids(fa.own_path)).order_by("path")


def units_in_reach(actor) -> QuerySet[OrgUnit]:
    """The unit forums *actor* reads (the filter of the list page)."""
    fa = forum_actor(actor)
    if fa.pemda_id is None:
        return OrgUnit.objects.none()
    units = OrgUnit.objects.filter(pemda_id=fa.pemda_id, is_active=True)
    if fa.moderates_agency or fa.leads_agency:
        return units.order_by("path")
    if fa.root_path is None:
        return units.none()
    return units.filter(path_within("path", fa.root_path)).order_by("path")


# --- Settings -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EffectiveSettings:
    moderate_before_publication: bool = False
    support_limit: int | None = None
    support_period: str = SupportPeriod.QUARTER
    source: ForumSettings | None = None


def settings_for_unit(pemda_id: int, unit: OrgUnit | None) -> EffectiveSettings:
    """The settings that govern *unit*'s forum: its own, else the nearest unit above with some, else the agency's,
    else the defaults (published at once, no support limit). One query."""
    chain = ancestor_ids(unit.path) if unit is not None else []
    rows = {row.unit_id: row for row in ForumSettings.objects.filter(pemda_id=pemda_id).filter(
        Q(unit__isnull=True) | Q(unit_id__in=chain))}
    for unit_id in [*reversed(chain), None]:
        row = rows.get(unit_id)
        if row is not None:
            return EffectiveSettings(row.moderate_before_publication, row.support_limit, row.support_period, row)
    return EffectiveSettings()


def supports_given_between(employee: Employee, start: date, end: date) -> int:
    """How many supports *employee* has given (and not withdrawn) in [start, end) of the current time zone."""
    return Support.objects.filter(employee=employee, created_at__gte=_instant(start),
                                  created_at__lt=_instant(end)).count()


def _instant(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


# --- Polls --------------------------------------------------------------------------------------------------


def polls_visible_to(actor) -> QuerySet[Poll]:
    """Polls on a topic *actor* may open, and standalone polls of the forums in their reach."""
    fa = forum_actor(actor)
    if fa.pemda_id is None:
        return Poll.objects.none()
    on_topic = Q(topic__isnull=False, topic__in=topics_visible_to(actor).filter(
        moderation_status=ModerationStatus.PUBLISHED))
    standalone = Q(topic__isnull=True) & _reach(fa)
    return Poll.objects.filter(pemda_id=fa.pemda_id).filter(on_topic | standalone)


@dataclass(frozen=True)
class OptionResult:
    option: PollOption
    votes: int
    percent: int


@dataclass(frozen=True)
class PollState:
    poll: Poll
    is_closed: bool
    my_option_id: int | None
    total: int
    results: list[OptionResult] = field(default_factory=list)


def poll_state(actor, poll: Poll, *, now: datetime | None = None) -> PollState:
    """The poll as *actor* sees it: closed or not (by the clock, rules.poll_is_closed), their vote, and the
    counts per option. Two queries."""
    fa = forum_actor(actor)
    options = list(poll.options.annotate(n=Count("votes")).order_by("position", "id"))
    total = sum(option.n for option in options)
    mine = None
    if fa.employee is not None:
        mine = poll.votes.filter(employee_id=fa.employee.pk).values_list("option_id", flat=True).first()
    results = [OptionResult(option, option.n, round(100 * option.n / total) if total else 0) for option in options]
    return PollState(poll, poll_is_closed(poll.closes_at, now or timezone.now()), mine, total, results)


# --- Town halls ---------------------------------------------------------------------------------------------


def townhalls_visible_to(actor) -> QuerySet[TownHall]:
    fa = forum_actor(actor)
    if fa.pemda_id is None:
        return TownHall.objects.none()
    return TownHall.objects.filter(pemda_id=fa.pemda_id).filter(_reach(fa)).select_related("unit")


def agenda_candidates(pemda_id: int, unit: OrgUnit | None) -> QuerySet[Topic]:
    """The topics a town hall of *unit* (or the agency) may discuss, most supported first: published, still open
    or under study, in the unit's subtree (every forum of the agency for an agency town hall)."""
    from .rules import AGENDA_ANSWERS

    topics = Topic.objects.filter(pemda_id=pemda_id, moderation_status=ModerationStatus.PUBLISHED,
                                  answer_status__in=AGENDA_ANSWERS)
    if unit is not None:
        topics = topics.filter(path_within("unit__path", unit.path))
    return topics.select_related("unit").order_by("-support_count", "created_at", "id")


# --- Quarterly recap ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RecapRow:
    label: str
    unit: OrgUnit | None
    topics: int = 0
    proposals: int = 0
    supports: int = 0
    answered: int = 0
    median_days_to_answer: float | None = None
    by_status: dict[str, int] = field(default_factory=dict)

    @property
    def answered_share(self) -> int | None:
        """Percent of the quarter's proposals that have had an answer (None without proposals)."""
        return round(100 * self.answered / self.proposals) if self.proposals else None


@dataclass(frozen=True)
class ForumRecap:
    year: int
    quarter: int
    start: date
    end: date  # exclusive
    total: RecapRow
    rows: list[RecapRow]  # per unit directly below (or per OPD for the agency); agency-wide topics on their own


def quarterly_recap(*, pemda_id: int, unit: OrgUnit | None, year: int, quarter: int) -> ForumRecap:
    """The quarter's forum activity in *unit*'s subtree (the whole agency when None): published topics created
    in the quarter, supports given in it, the share of its proposals answered and the median days to a first
    answer, proposals by answer status; per unit one level down. Three queries whatever the number of topics."""
    start, end = quarter_bounds(year, quarter)
    topics = Topic.objects.filter(pemda_id=pemda_id, moderation_status=ModerationStatus.PUBLISHED,
                                  created_at__gte=_instant(start), created_at__lt=_instant(end))
    supports = Support.objects.filter(topic__pemda_id=pemda_id, created_at__gte=_instant(start),
                                      created_at__lt=_instant(end))
    if unit is not None:
        topics = topics.filter(path_within("unit__path", unit.path))
        supports = supports.filter(path_within("topic__unit__path", unit.path))
    children = OrgUnit.objects.filter(pemda_id=pemda_id, is_active=True)
    children = children.filter(parent=unit) if unit is not None else children.filter(parent__isnull=True)
    groups = {child.path: child for child in children.order_by("path")}
    depth_len = len(unit.path) + SEGMENT if unit is not None else SEGMENT

    def group_of(path: str | None) -> str:
        if path is None:
            return ""
        return path[:depth_len] if len(path) >= depth_len else (unit.path if unit is not None else "")

    facts: dict[str, dict] = {}

    def bucket(key: str) -> dict:
        return facts.setdefault(key, {"topics": 0, "proposals": 0, "supports": 0, "answered": 0, "days": [],
                                      "by_status": dict.fromkeys(AnswerStatus.values, 0)})

    for kind, status, created_at, answered_at, path in topics.values_list(
            "kind", "answer_status", "created_at", "first_answered_at", "unit__path"):
        for key in ("*", group_of(path)):
            b = bucket(key)
            b["topics"] += 1
            if kind == TopicKind.PROPOSAL:
                b["proposals"] += 1
                b["by_status"][status] += 1
                if answered_at is not None:
                    b["answered"] += 1
                    b["days"].append((answered_at - created_at).total_seconds() / 86400)
    for path, n in supports.values("topic__unit__path").annotate(n=Count("pk")).values_list("topic__unit__path",
                                                                                              "n"):
        bucket("*")["supports"] += n
        bucket(group_of(path))["supports"] += n

    def row(key: str, label: str, row_unit: OrgUnit | None) -> RecapRow:
        b = facts.get(key) or bucket(key)
        return RecapRow(label=label, unit=row_unit, topics=b["topics"], proposals=b["proposals"],
                        supports=b["supports"], answered=b["answered"], median_days_to_answer=median_days(b["days"]),
                        by_status=b["by_status"])

    rows = [row(path, child.name, child) for path, child in groups.items()]
    if unit is None:
        rows.append(row("", _("Agency-wide"), None))
    elif unit.path in facts:
        rows.insert(0, row(unit.path, unit.name, unit))
    return ForumRecap(year, quarter, start, end, row("*", unit.name if unit else _("Whole agency"), unit), rows)


def units_led(actor, *, include_moderated: bool = False) -> QuerySet[OrgUnit]:
    """The unit forums *actor* leads (the town hall and recap pages): every unit for a pemda-wide leader, the
    subtree of the unit they head otherwise; with *include_moderated*, every unit for HR as well."""
    fa = forum_actor(actor)
    if fa.pemda_id is None:
        return OrgUnit.objects.none()
    units = OrgUnit.objects.filter(pemda_id=fa.pemda_id, is_active=True).order_by("path")
    if fa.leads_agency or (include_moderated and fa.moderates_agency):
        return units
    if fa.head_path:
        return units.filter(path_within("path", fa.head_path))
    return units.none()


def units_moderated(actor) -> QuerySet[OrgUnit]:
    """The unit forums *actor* moderates (the settings page): every unit for HR, the headed subtree otherwise."""
    fa = forum_actor(actor)
    if fa.pemda_id is None:
        return OrgUnit.objects.none()
    units = OrgUnit.objects.filter(pemda_id=fa.pemda_id, is_active=True).order_by("path")
    if fa.moderates_agency:
        return units
    if fa.head_path:
        return units.filter(path_within("path", fa.head_path))
    return units.none()
