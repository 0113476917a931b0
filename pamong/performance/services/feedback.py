"""Continuous feedback (umpan balik berkelanjutan) and recorded performance dialogues."""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pamong.approvals.services import notice_language, notify_user, person_name
from pamong.audit.services import audit_record
from pamong.people.selectors import actor_employee

from ..audit import PerformanceAudit
from ..choices import CoreValue
from ..models import Dialogue, Feedback, Skp, SkpResult
from ..permissions import can_comment_plan, can_edit_plan
from ..wording import period_text
from ._common import _field_error, _period_in_year, _url


@transaction.atomic
def feedback_give(*, actor, skp: Skp, period: str, text: str, result: SkpResult | None = None,
                  value: str = "") -> Feedback:
    """Written feedback on a work result or a behaviour value (umpan balik berkelanjutan)."""
    if not can_comment_plan(actor, skp):
        raise PermissionDenied
    _period_in_year(period, skp.year)
    text = (text or "").strip()
    if not text:
        raise _field_error("text", _("Write the feedback."), "performance.text_required")
    if result is not None and result.skp_id != skp.pk:
        raise _field_error("result", _("Choose a result of this SKP."), "performance.invalid_result")
    if value and value not in CoreValue.values:
        raise _field_error("value", _("Choose a BerAKHLAK value."), "performance.invalid_value")
    feedback = Feedback.objects.create(skp=skp, result=result, value=value, period=period, text=text,
                                       author=actor_employee(actor))
    audit_record(actor=actor, action=PerformanceAudit.FEEDBACK_GIVEN, target=skp, pemda_id=skp.pemda_id,
                 changes={"feedback": [None, text[:200]], "period": [None, period]})
    with notice_language():
        text = _("%(name)s gave feedback on your SKP %(year)d for %(period)s.") % {
            "name": person_name(actor), "year": skp.year, "period": period_text(period)}
    notify_user(user=skp.employee.user, kind="performance.feedback", pemda_id=skp.pemda_id, text=text,
                url=_url("performance:plan-detail", skp.public_id))
    return feedback


@transaction.atomic
def dialogue_record(*, actor, skp: Skp, held_on: date, notes: str, agreed_actions: str = "") -> Dialogue:
    if not (can_comment_plan(actor, skp) or can_edit_plan(actor, skp)):
        raise PermissionDenied
    if not (notes or "").strip():
        raise _field_error("notes", _("Write what was discussed."), "performance.text_required")
    if not isinstance(held_on, date) or held_on > timezone.localdate():
        raise _field_error("held_on", _("Record a dialogue that has taken place (today or earlier)."),
                           "performance.invalid_date")
    dialogue = Dialogue.objects.create(skp=skp, held_on=held_on, notes=notes.strip(),
                                       agreed_actions=(agreed_actions or "").strip(), recorded_by=actor_employee(actor))
    audit_record(actor=actor, action=PerformanceAudit.DIALOGUE_RECORDED, target=skp, pemda_id=skp.pemda_id,
                 changes={"held_on": [None, held_on], "agreed_actions": [None, dialogue.agreed_actions[:200]]})
    return dialogue
