"""The forum's rows of the HTML authorization matrix (tests/test_html_authz_matrix.py), for its owner to merge:
``POLICY.update(FORUM_POLICY)`` and ``targets.update(FORUM_TARGETS)`` in ``_lazy_targets``.

Not a test module: tests/ is outside this context. Every set below was derived from the predicates and scopes
(permissions.py, selectors.py) over the shared world: the target topic is a published proposal of the employee in
the Bidang under the Dinas Pendidikan; the poll and the town hall belong to that Dinas' tree.
"""

from datetime import date

from pamong.forum import services
from pamong.forum.models import ForumSettings

LOGGED_IN = frozenset({"employee", "peer", "supervisor", "unit_head", "outsider", "hr_admin", "executive", "auditor",
                       "other_pemda_admin", "superadmin", "attendance_officer"})
APPLICANTS = LOGGED_IN - {"superadmin"}
# Who reads the Dinas' forum: its members, HR (moderates every forum) and the Sekda (leads every forum).
SEES_TOPIC = frozenset({"employee", "peer", "supervisor", "unit_head", "hr_admin", "executive"})
ANSWERS = frozenset({"supervisor", "unit_head", "executive"})  # heads of the unit and above, the Sekda
MODERATES = frozenset({"supervisor", "unit_head", "hr_admin"})  # the topic's unit heads and HR
# Anyone who moderates some forum: HR of either agency and every unit head (the Sekda heads the Setda).
QUEUE = frozenset({"supervisor", "unit_head", "outsider", "executive", "hr_admin", "other_pemda_admin"})
POLL_OPENERS = QUEUE
TOWNHALL_BUILDERS = frozenset({"supervisor", "unit_head", "outsider", "executive"})
RECAP = frozenset({"supervisor", "unit_head", "outsider", "executive", "hr_admin", "other_pemda_admin"})
FORUM_HR = frozenset({"hr_admin", "other_pemda_admin"})

FORUM_POLICY = {
    "forum:topic-list": (None, {"GET": LOGGED_IN}),
    "forum:topic-create": (None, {"GET": APPLICANTS, "POST": APPLICANTS}),
    "forum:topic-detail": ("forum_topic", {"GET": SEES_TOPIC}),
    "forum:topic-support": ("forum_topic", {"POST": SEES_TOPIC}),  # the author is told no, by a notice (302)
    "forum:topic-comment": ("forum_topic", {"POST": SEES_TOPIC}),
    "forum:topic-answer": ("forum_topic", {"POST": ANSWERS}),
    "forum:topic-moderate": ("forum_topic", {"POST": MODERATES}),
    "forum:comment-moderate": ("forum_pending_comment", {"POST": MODERATES}),
    "forum:moderation-queue": (None, {"GET": QUEUE}),
    "forum:poll-list": (None, {"GET": LOGGED_IN}),
    "forum:poll-create": (None, {"GET": POLL_OPENERS, "POST": POLL_OPENERS}),
    "forum:poll-detail": ("forum_poll", {"GET": SEES_TOPIC}),
    "forum:poll-vote": ("forum_poll", {"POST": SEES_TOPIC}),
    "forum:townhall-list": (None, {"GET": LOGGED_IN, "POST": TOWNHALL_BUILDERS}),
    "forum:townhall-detail": ("forum_townhall", {"GET": SEES_TOPIC}),
    "forum:recap": (None, {"GET": RECAP}),
    "forum:settings": (None, {"GET": FORUM_HR, "POST": FORUM_HR}),
}


def _topic(world):
    return services.topic_create(actor=world.employee.user, kind="proposal", title="Usulan", body="Isi",
                                 unit=world.division)


def _pending_comment(world):
    topic = _topic(world)
    ForumSettings.objects.get_or_create(pemda=world.pemda, unit=world.division,
                                        defaults={"moderate_before_publication": True})
    return services.comment_add(actor=world.peer.user, topic=topic, body="Komentar")


def _poll(world):
    from datetime import timedelta

    from django.utils import timezone

    return services.poll_create(actor=world.supervisor.user, question="Setuju?", options=["Ya", "Tidak"],
                                closes_at=timezone.now() + timedelta(days=7), unit=world.division)


def _townhall(world):
    return services.townhall_build(actor=world.unit_head.user, unit=world.education, held_on=date(2026, 7, 6), n=3)


FORUM_TARGETS = {
    "forum_topic": lambda world: {"public_id": _topic(world).public_id},
    "forum_pending_comment": lambda world: {"public_id": _pending_comment(world).public_id},
    "forum_poll": lambda world: {"public_id": _poll(world).public_id},
    "forum_townhall": lambda world: {"public_id": _townhall(world).public_id},
}
