"""Helpers shared by the performance endpoints: scoped fetches and the errors of a bad reference."""

from uuid import UUID

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from .. import errors, rules
from ..errors import PerformanceError
from ..models import Evaluation, Objection, Skp
from ..selectors import skps_visible_to

UNKNOWN_REFERENCE = "performance.unknown_reference"


def _unknown(field: str) -> PerformanceError:
    message = _("Unknown or inaccessible object.")
    return PerformanceError(message, code=UNKNOWN_REFERENCE, extra={"fields": {field: [message]}})


def _evaluation_queryset() -> QuerySet[Evaluation]:
    objections = Objection.objects.select_related("decided_by")
    return (Evaluation.objects.select_related("skp", "employee", "evaluator")
            .prefetch_related(Prefetch("objections", queryset=objections)))


def _plan(request, plan_id: UUID) -> Skp:
    return get_object_or_404(skps_visible_to(request.user).select_related("employee", "appraiser"), public_id=plan_id)


def _evaluation(evaluation: Evaluation) -> Evaluation:
    return _evaluation_queryset().get(pk=evaluation.pk)


def _period_filter(period: str) -> str:
    if not rules.is_valid_period(period):
        message = _("Unknown period.")
        raise PerformanceError(message, code=errors.INVALID_PERIOD, extra={"fields": {"period": [message]}})
    return period
