"""Refusals of the forum context: a stable ``code`` each (clients and tests match on it, never on the text)."""

from pamong.core.errors import DomainError


class ForumError(DomainError):
    default_code = "forum.invalid"


TEXT_INVALID = "forum.text_invalid"  # empty, too long, or carrying control characters
UNIT_NOT_ALLOWED = "forum.unit_not_allowed"  # posting to a unit outside the author's own chain
NOT_PUBLISHED = "forum.not_published"
ALREADY_MODERATED = "forum.already_moderated"
OWN_CONTENT = "forum.own_content"  # nobody supports, moderates or answers their own topic
REASON_REQUIRED = "forum.reason_required"
SUPPORT_CLOSED = "forum.support_closed"  # the proposal has a final answer
SUPPORT_LIMIT = "forum.support_limit"  # the per-period limit of supports is used up
NOT_A_PROPOSAL = "forum.not_a_proposal"
TRANSITION_NOT_ALLOWED = "forum.transition_not_allowed"
POLL_CLOSED = "forum.poll_closed"
POLL_OPTIONS = "forum.poll_options"
ALREADY_VOTED = "forum.already_voted"
CLOSES_IN_PAST = "forum.closes_in_past"
NO_EMPLOYEE_RECORD = "forum.no_employee_record"
UNKNOWN_TOPIC = "forum.unknown_topic"  # an API body naming a topic the caller cannot open (422, not 404)
