"""Objections (keberatan) to a rating and their decision (PP 30/2019 Pasal 59)."""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pamong.approvals.services import notice_language, notify_user
from pamong.audit.services import audit_record
from pamong.people.selectors import actor_employee, supervisor_of

from .. import errors, rules
from ..audit import PerformanceAudit
from ..choices import ObjectionStatus
from ..errors import PerformanceError
from ..models import Evaluation, Objection
from ..permissions import can_decide_objection
from ..selectors import settings_for
from ..wording import period_text
from ._common import _field_error, _url
from .evaluations import _organisation_work_result_kept, _ratings_valid, _rerate


@transaction.atomic
def objection_submit(*, actor, evaluation: Evaluation, text: str, today: date | None = None) -> Objection:
    """The employee objects within the window (PP 30/2019 Pasal 59: 14 days)."""
    me = actor_employee(actor)
    if me is None or me.pk != evaluation.employee_id:
        raise PermissionDenied
    today = today or timezone.localdate()
    deadline = rules.objection_deadline(evaluation.rated_on, settings_for(evaluation.pemda_id).objection_window_days)
    if today > deadline:
        raise _field_error("text", _("The objection window closed on %(date)s (PP 30/2019 Pasal 59).")
                           % {"date": deadline.isoformat()}, errors.OBJECTION_WINDOW_CLOSED)
    text = (text or "").strip()
    if not text:
        raise _field_error("text", _("Give the reasons for the objection."), errors.REASON_REQUIRED)
    try:
        with transaction.atomic():
            objection = Objection.objects.create(evaluation=evaluation, text=text)
    except IntegrityError:
        raise PerformanceError(_("An objection to this rating was already made."), code=errors.OBJECTION_EXISTS,
                               http_status=409) from None
    audit_record(actor=actor, action=PerformanceAudit.OBJECTION_SUBMITTED, target=evaluation,
                 pemda_id=evaluation.pemda_id, changes={"objection": [None, text[:300]]})
    boss = supervisor_of(evaluation.evaluator)
    if boss is not None:
        with notice_language():
            text = _("%(name)s objects to the rating for %(period)s given by %(evaluator)s: the decision is yours.") % {
                "name": evaluation.employee.full_name, "period": period_text(evaluation.period),
                "evaluator": evaluation.evaluator.full_name}
        notify_user(user=boss.user, kind="performance.objection", pemda_id=evaluation.pemda_id, text=text,
                    url=_url("performance:evaluation-detail", evaluation.public_id))
    return objection


@transaction.atomic
def objection_decide(*, actor, objection: Objection, upheld: bool, decision: str, work_result: str = "",
                     behaviour: str = "") -> Objection:
    """The appraiser's supervisor decides; an upheld objection re-rates (the predikat re-derived); final."""
    if not can_decide_objection(actor, objection):
        raise PermissionDenied
    decision = (decision or "").strip()
    if not decision:
        raise _field_error("decision", _("Give the reasons for the decision."), errors.REASON_REQUIRED)
    evaluation = objection.evaluation
    if upheld:
        _ratings_valid(work_result, behaviour)
        _organisation_work_result_kept(evaluation, work_result)
    status = ObjectionStatus.UPHELD if upheld else ObjectionStatus.REJECTED
    if Objection.objects.filter(pk=objection.pk, status=ObjectionStatus.PENDING).update(
        status=status, decided_by=actor_employee(actor), decision=decision, decided_at=timezone.now()
    ) != 1:
        raise PerformanceError(_("This objection was already decided."), code=errors.OBJECTION_DECIDED,
                               http_status=409)
    changes = {"objection": [ObjectionStatus.PENDING, status], "decision": [None, decision]}
    if upheld:
        evaluation = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
        before = _rerate(evaluation, work_result, behaviour)
        changes["predikat"] = [before[2], evaluation.predikat]
        changes["ratings"] = [list(before[:2]), [work_result, behaviour]]
    audit_record(actor=actor, action=PerformanceAudit.OBJECTION_DECIDED, target=evaluation,
                 pemda_id=evaluation.pemda_id, changes=changes)
    objection.refresh_from_db()
    return objection
