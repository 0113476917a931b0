"""Refusal codes of complaints (FeedbackError carries them; the pages show the message, tests match the code)."""

INVALID_SUBJECT = "feedback.complaint_invalid_subject"
INVALID_DESCRIPTION = "feedback.complaint_invalid_description"
INVALID_CONTACT = "feedback.complaint_invalid_contact"
INVALID_UNIT = "feedback.complaint_invalid_unit"
INVALID_CHANNEL = "feedback.complaint_invalid_channel"
LAPOR_TICKET_REQUIRED = "feedback.complaint_lapor_ticket_required"
INVALID_DATE = "feedback.complaint_invalid_date"
INVALID_CLASS = "feedback.complaint_invalid_class"
INVALID_EMPLOYEE = "feedback.complaint_invalid_employee"
INVALID_TEXT = "feedback.complaint_invalid_text"
INVALID_SLA = "feedback.complaint_invalid_sla"
WRONG_STATUS = "feedback.complaint_wrong_status"  # 409: the step does not fit the complaint's status
SELF_CONCERNED = "feedback.complaint_self_concerned"  # 403: nobody handles a complaint about themselves
REOPEN_EXPIRED = "feedback.complaint_reopen_expired"
NO_EMPLOYEE_CONCERNED = "feedback.complaint_no_employee_concerned"
DISCIPLINE_ALREADY_OPENED = "feedback.complaint_discipline_already_opened"  # 409
AGENCY_NOT_FOUND = "feedback.complaint_agency_not_found"  # 404
