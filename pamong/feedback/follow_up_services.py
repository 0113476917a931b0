"""Writes of the survey's follow-up actions (rules.md §4, item 4; PermenPANRB 14/2017: results are followed up and
published). Each in one transaction: permission → input → state → write → audit.

Who: whoever manages the service points of the action's unit (permissions.can_manage_service_points: HR admin of
the agency, or the head — holder, Plt or Plh — of the unit or of a unit above it).

- ``follow_up_create``: an action of one service point (its unit is the point's) or a unit-wide one, for a period
  of the same agency; planned at first.
- ``follow_up_set_status``: forward only, planned → in progress → done (or planned → done at once); done records
  the agency-local day (``done_on``). A done action is published as done and stays so.
- ``follow_up_delete``: only while planned; once work has started, the action is part of the published record.

Every change is audited with its before and after.
"""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pamong.audit.services import audit_record
from pamong.core.text import text_problem
from pamong.people.models import OrgUnit

from . import follow_up_errors as errors
from . import rules
from .follow_up_audit import FollowUpAudit
from .follow_up_errors import FollowUpError
from .follow_up_models import ACTION_MAX_LENGTH, FollowUpAction, FollowUpStatus
from .models import ServicePoint, SurveyPeriod
from .permissions import can_manage_service_points
from .selectors import local_day

# Forward only: a started action is not planned again, a done one is final (it is published as done).
TRANSITIONS: dict[str, frozenset[str]] = {
    FollowUpStatus.PLANNED: frozenset({FollowUpStatus.IN_PROGRESS, FollowUpStatus.DONE}),
    FollowUpStatus.IN_PROGRESS: frozenset({FollowUpStatus.DONE}),
    FollowUpStatus.DONE: frozenset(),
}

_FIELDS = ("period_id", "service_point_id", "org_unit_id", "unsur", "action", "status", "target_date", "done_on")


def _follow_up_error(field: str, message: str, code: str) -> FollowUpError:
    """A refusal about one input field (as errors.field_error, of the follow-up class)."""
    return FollowUpError(message, code=code, extra={"fields": {field: [message]}})


def _clean_text(action: str | None) -> str:
    # Plain text, published as typed and always rendered escaped (G13).
    text = (action or "").strip()
    if not text or len(text) > ACTION_MAX_LENGTH:
        raise _follow_up_error("action", _("Describe the action in at most 1,000 characters."),
                               errors.INVALID_TEXT)
    if problem := text_problem(text, multiline=True):
        raise _follow_up_error("action", problem, errors.INVALID_TEXT)
    return text


@transaction.atomic
def follow_up_create(*, actor, period: SurveyPeriod, action: str, point: ServicePoint | None = None,
                     org_unit: OrgUnit | None = None, unsur: str = "",
                     target_date: date | None = None) -> FollowUpAction:
    """Add a planned follow-up action for *period*: of *point* (its unit is the point's) or, unit-wide, of
    *org_unit* — exactly one of the two.

    *unsur* is the code of the element it improves (rules.UNSUR_CODES) or "" for none. Raises PermissionDenied unless
    *actor* manages the service points of the unit; FollowUpError, with nothing written:
    ``feedback.follow_up_invalid_target`` (neither or both of a point and a unit),
    ``feedback.follow_up_invalid_period`` (another agency's period), ``feedback.follow_up_invalid_unit`` (a
    unit-wide action of an inactive unit), ``feedback.follow_up_invalid_unsur``, ``feedback.follow_up_invalid_text``
    (empty, over 1,000 characters, control characters), ``feedback.follow_up_invalid_date`` (a target date before
    the period's first day). Audited as ``feedback.follow_up_created``.
    """
    if (point is None) == (org_unit is None):
        raise FollowUpError(_("Choose a service point or a unit for the action."), code=errors.INVALID_TARGET)
    unit = point.org_unit if point is not None else org_unit
    if not can_manage_service_points(actor, unit):
        raise PermissionDenied
    if period.pemda_id != unit.pemda_id or (point is not None and point.pemda_id != unit.pemda_id):
        raise _follow_up_error("period", _("Unknown or inaccessible object."), errors.INVALID_PERIOD)
    if point is None and not unit.is_active:
        raise _follow_up_error("unit", _("The unit is no longer active."), errors.INVALID_UNIT)
    unsur = (unsur or "").strip().upper()
    if unsur and unsur not in rules.UNSUR_BY_CODE:
        raise _follow_up_error("unsur", _("Unknown survey element."), errors.INVALID_UNSUR)
    text = _clean_text(action)
    if target_date is not None and target_date < period.start_date:
        raise _follow_up_error("target_date", _("The target date cannot be before the survey period."),
                               errors.INVALID_DATE)
    follow_up = FollowUpAction.objects.create(
        pemda_id=unit.pemda_id, period=period, service_point=point, org_unit=unit, unsur=unsur, action=text,
        target_date=target_date, created_by=actor)
    audit_record(actor=actor, action=FollowUpAudit.CREATED, target=follow_up, pemda_id=follow_up.pemda_id,
                 changes={field: [None, getattr(follow_up, field)] for field in _FIELDS
                          if getattr(follow_up, field) not in (None, "")})
    return follow_up


def _locked(follow_up: FollowUpAction) -> FollowUpAction:
    # Re-read under lock: of two concurrent changes the second sees the first's status.
    return FollowUpAction.objects.select_for_update(of=("self",)).select_related("pemda").get(pk=follow_up.pk)


def _wrong_status() -> FollowUpError:
    return FollowUpError(_("This follow-up action cannot take this step in its current status."),
                         code=errors.WRONG_STATUS, http_status=409)


@transaction.atomic
def follow_up_set_status(*, actor, follow_up: FollowUpAction, status: str,
                         now: datetime | None = None) -> FollowUpAction:
    """Move *follow_up* to *status*: planned → in progress → done, or planned → done at once.

    Done records the agency-local day of *now* (default: the current time) as ``done_on``. Raises PermissionDenied
    unless *actor* manages the service points of the action's unit; FollowUpError
    ``feedback.follow_up_invalid_status`` (not a status) or ``feedback.follow_up_wrong_status`` (409: backwards, the
    same status again, or a done action). Audited as ``feedback.follow_up_status_changed`` with the status (and
    ``done_on``) before and after.
    """
    if not can_manage_service_points(actor, follow_up.org_unit):
        raise PermissionDenied
    if status not in FollowUpStatus.values:
        raise _follow_up_error("status", _("Choose one of the options."), errors.INVALID_STATUS)
    locked = _locked(follow_up)
    if status not in TRANSITIONS[locked.status]:
        raise _wrong_status()
    changes: dict[str, list] = {"status": [locked.status, status]}
    locked.status = status
    if status == FollowUpStatus.DONE:
        locked.done_on = local_day(locked.pemda, now or timezone.now())
        changes["done_on"] = [None, locked.done_on]
    locked.save(update_fields=["status", "done_on", "updated_at"])
    audit_record(actor=actor, action=FollowUpAudit.STATUS_CHANGED, target=locked, pemda_id=locked.pemda_id,
                 changes=changes)
    return locked


@transaction.atomic
def follow_up_delete(*, actor, follow_up: FollowUpAction) -> None:
    """Delete *follow_up* while it is still planned (a started or done action is part of the published record).

    Raises PermissionDenied unless *actor* manages the service points of the action's unit; FollowUpError
    ``feedback.follow_up_wrong_status`` (409) once it has left "planned". Audited as ``feedback.follow_up_deleted``
    with every field before (after: none).
    """
    if not can_manage_service_points(actor, follow_up.org_unit):
        raise PermissionDenied
    locked = _locked(follow_up)
    if locked.status != FollowUpStatus.PLANNED:
        raise _wrong_status()
    audit_record(actor=actor, action=FollowUpAudit.DELETED, target=locked, pemda_id=locked.pemda_id,
                 changes={field: [getattr(locked, field), None] for field in _FIELDS
                          if getattr(locked, field) not in (None, "")})
    locked.delete()
