"""Onboarding: whoever takes up a position gets the activities that position requires (issue #11).

HR marks catalogue activities as onboarding for positions (LearningActivity.onboarding_positions). People tells
this module, after commit, when an employee's current position changes (pamong.people.placement), whatever made
it change: a placement recorded by HR, a mutation applied, a future TMT reached by the nightly refresh. Each
onboarding activity of the new position that is open or closed to requests (not a draft, finished or cancelled)
gets an approved enrolment assigned by the system (origin "onboarding"), unless the employee already has an
active or completed one; the employee is notified. Onboarding is required, so the quota does not apply.
"""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from pamong.approvals.services import notice_language, notify_user
from pamong.audit.services import audit_record
from pamong.people.models import Employee

from .audit import DevelopmentAudit
from .choices import ActivityStatus, EnrolmentOrigin, EnrolmentStatus
from .models import ACTIVE_ENROLMENT, Enrolment, LearningActivity

ASSIGNABLE = (ActivityStatus.OPEN, ActivityStatus.CLOSED)


def onboarding_assign(employee_id: int, position_id: int, previous_position_id: int | None) -> list[Enrolment]:
    """Assign the onboarding activities of *position_id* to the employee; returns the new enrolments."""
    with transaction.atomic():
        employee = (Employee.objects.select_for_update(no_key=True, of=("self",)).select_related("user", "current_position")
                    .filter(pk=employee_id, is_active=True).first())
        if employee is None or employee.current_position_id != position_id:
            return []  # left, or moved on again before this ran
        activities = list(
            LearningActivity.objects.filter(pemda_id=employee.pemda_id, onboarding_positions=position_id,
                                            status__in=ASSIGNABLE)
            .exclude(enrolments__employee=employee, enrolments__status__in=ACTIVE_ENROLMENT)
            .order_by("start_date", "pk")
        )
        now = timezone.now()
        created = []
        for activity in activities:
            with notice_language():
                reason = _("Onboarding for the new position %(position)s") % {
                    "position": employee.current_position.name}
            enrolment = Enrolment.objects.create(
                pemda_id=employee.pemda_id, activity=activity, employee=employee, status=EnrolmentStatus.APPROVED,
                origin=EnrolmentOrigin.ONBOARDING, reason=reason, requested_by=None, decided_at=now)
            audit_record(actor=None, action=DevelopmentAudit.ENROLMENT_REQUESTED, target=enrolment,
                         pemda_id=employee.pemda_id,
                         changes={"activity": [None, activity.title], "status": [None, enrolment.status],
                                  "origin": [None, enrolment.origin], "employee": [None, employee.nip]})
            created.append(enrolment)
        if created:
            with notice_language():
                text = _("You have been enrolled in the onboarding of your new position: %(titles)s.") % {
                    "titles": "; ".join(enrolment.activity.title for enrolment in created)}
            notify_user(user=employee.user, kind="development.onboarding", pemda_id=employee.pemda_id, text=text,
                        url=reverse("development:home"))
    return created
