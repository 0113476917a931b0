from enum import StrEnum


class FeedbackPerm(StrEnum):
    VIEW_ANY = "feedback.view_any_feedback"  # every service point's survey results of the agency (HR, executive, Inspektorat)
    MANAGE = "feedback.manage_feedback"  # service points of any unit, survey periods, paper questionnaires (HR)
