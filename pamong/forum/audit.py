from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from pamong.audit.registry import register_action_labels


class ForumAudit(StrEnum):
    # Only the acts of leaders and moderators are audited. Posting, supporting and voting are not: an audit row
    # names its actor, and would unmask anonymous authors to every reader of the audit trail.
    TOPIC_MODERATED = "forum.topic_moderated"
    COMMENT_MODERATED = "forum.comment_moderated"
    TOPIC_ANSWERED = "forum.topic_answered"
    POLL_CREATED = "forum.poll_created"
    TOWNHALL_BUILT = "forum.townhall_built"
    SETTINGS_CHANGED = "forum.settings_changed"


register_action_labels(
    {
        ForumAudit.TOPIC_MODERATED: _("Forum topic moderated"),
        ForumAudit.COMMENT_MODERATED: _("Forum comment moderated"),
        ForumAudit.TOPIC_ANSWERED: _("Forum proposal answered"),
        ForumAudit.POLL_CREATED: _("Forum poll created"),
        ForumAudit.TOWNHALL_BUILT: _("Town-hall agenda built"),
        ForumAudit.SETTINGS_CHANGED: _("Forum settings changed"),
    }
)
