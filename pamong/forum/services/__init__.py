"""Writes of the forum, one service per state change (STYLE.md §4.6): permission → input rules → compare-and-set
→ audit (for the acts of leaders and moderators) → notices. Split by sub-domain; everything is re-exported here
so callers (views, the future API, the demo) import ``pamong.forum.services``."""

from .participation import (
    poll_create,
    poll_vote,
    townhall_build,
)
from .topics import (
    SupportResult,
    comment_add,
    comment_moderate,
    forum_settings_update,
    support_toggle,
    topic_answer,
    topic_create,
    topic_moderate,
)

__all__ = [
    "SupportResult",
    "comment_add",
    "comment_moderate",
    "forum_settings_update",
    "poll_create",
    "poll_vote",
    "support_toggle",
    "topic_answer",
    "topic_create",
    "topic_moderate",
    "townhall_build",
]
