from enum import StrEnum


class ForumPerm(StrEnum):
    # Moderate every topic and comment of the agency, and see who wrote anonymous ones (HR).
    MODERATE = "forum.moderate_forum"
    # Answer every proposal of the agency and read its recap: the Sekda and the pemda-wide leaders.
    LEAD = "forum.lead_forum"
