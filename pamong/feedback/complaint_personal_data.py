"""Complaints' part of an employee's personal-data archive (UU 27/2022 Pasal 7): the complaints linked to them as
the employee concerned, by reference only — the date, class, status, unit and subject. Not the description nor the
complainant's contact (another person's data, which the employee concerned must never see) nor the tracking number
(the complainant's key to the tracking page).

Registered when the models load (complaint_models imports this module): the feedback app config is not this
module's to edit; moving the call into FeedbackConfig.ready() changes nothing else.
"""

from pamong.people.personal_data import register_personal_data_source


def _complaints(employee) -> list[dict]:
    from .complaint_models import Complaint

    rows = (Complaint.objects.filter(employee_concerned=employee).select_related("org_unit")
            .order_by("received_on", "pk"))
    return [{"complaint": str(row.public_id), "received_on": row.received_on, "class": row.complaint_class,
             "status": row.status, "unit": row.org_unit.name if row.org_unit else None, "subject": row.subject,
             "discipline_case": row.discipline_case_id is not None}
            for row in rows]


register_personal_data_source("complaints", build=_complaints, models=("feedback.complaint",))
