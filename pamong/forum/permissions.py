"""Who may act in the forum: plain predicates, enforced by the services and reused by the templates.

They answer "who", not "when" (the services check the topic's state), and issue no query for topics loaded
through the selectors (with their unit). Segregation of duties: nobody supports, moderates or answers their own
topic, and nobody moderates their own comment.
"""

from pamong.people.models import OrgUnit

from .models import Comment, Topic
from .selectors import covers, forum_actor, is_topic_moderator


def _is_author(actor, item: Topic | Comment) -> bool:
    fa = forum_actor(actor)
    return fa.employee is not None and item.author_id == fa.employee.pk


def leads_unit(actor, unit: OrgUnit | None) -> bool:
    """Whether *actor* leads *unit*'s forum: the head of it or of a unit above it, or a pemda-wide leader (Sekda).
    The agency-wide forum (None) is led by the pemda-wide leaders only."""
    fa = forum_actor(actor)
    if fa.pemda_id is None or (unit is not None and unit.pemda_id != fa.pemda_id):
        return False
    if fa.leads_agency:
        return True
    return unit is not None and covers(fa.head_path, unit.path)


def moderates_unit(actor, unit: OrgUnit | None) -> bool:
    """Whether *actor* moderates *unit*'s forum (HR for every forum; a unit head for their subtree)."""
    fa = forum_actor(actor)
    if fa.pemda_id is None or (unit is not None and unit.pemda_id != fa.pemda_id):
        return False
    return fa.moderates_agency or (unit is not None and covers(fa.head_path, unit.path))


def can_post(actor) -> bool:
    return forum_actor(actor).employee is not None


def can_moderate_topic(actor, topic: Topic) -> bool:
    return is_topic_moderator(actor, topic) and not _is_author(actor, topic)


def can_moderate_comment(actor, comment: Comment, topic: Topic) -> bool:
    return is_topic_moderator(actor, topic) and not _is_author(actor, comment)


def can_support_topic(actor, topic: Topic) -> bool:
    fa = forum_actor(actor)
    return fa.employee is not None and fa.pemda_id == topic.pemda_id and not _is_author(actor, topic)


def can_comment_topic(actor, topic: Topic) -> bool:
    fa = forum_actor(actor)
    return fa.employee is not None and fa.pemda_id == topic.pemda_id


def can_answer_topic(actor, topic: Topic) -> bool:
    """The head of the topic's unit or of a unit above it, or a pemda-wide leader; never the author."""
    return leads_unit(actor, topic.unit if topic.unit_id else None) and not _is_author(actor, topic)


def can_create_poll(actor, unit: OrgUnit | None) -> bool:
    """Leaders and moderators of a forum open its polls (standalone or on one of its topics)."""
    return leads_unit(actor, unit) or moderates_unit(actor, unit)


def can_build_townhall(actor, unit: OrgUnit | None) -> bool:
    return leads_unit(actor, unit)


def can_view_recap(actor, unit: OrgUnit | None) -> bool:
    """The leaders of the unit, and HR (who moderates every forum) for the agency's figures."""
    return leads_unit(actor, unit) or forum_actor(actor).moderates_agency


def can_change_settings(actor, unit: OrgUnit | None) -> bool:
    """HR for every forum and the agency default; a unit head for the units they head."""
    return moderates_unit(actor, unit)
