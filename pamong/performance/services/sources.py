"""Realisations filled from an indicator source (issues #12, #14): an indicator whose ``source`` is not manual (e.g.
``attendance``: the attendance rate kept by the attendance context) takes its realisation from the reader that
context registered in ``pamong.performance.indicator_sources``; performance imports nothing from it.

The realisation is written by :func:`realisations.realisation_report` (same permission, period and rating checks,
same audit), with ``source`` = the indicator's source and the reader's note ("19 of 21 working days present or on
duty"); a figure of a period not yet verified is refused unless *allow_incomplete*."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from .. import rules
from ..choices import IndicatorSource
from ..indicator_sources import source_figure
from ..models import Realisation, SkpIndicator
from ..permissions import can_edit_plan
from ._common import _field_error, _period_in_year
from .realisations import realisation_report

NOT_FROM_SOURCE = "performance.indicator_not_from_source"
NO_SOURCE_FIGURE = "performance.no_source_figure"
SOURCE_INCOMPLETE = "performance.source_incomplete"


@transaction.atomic
def fill_from_source(*, actor, indicator: SkpIndicator, period: str, allow_incomplete: bool = False) -> Realisation:
    """Report the realisation of *indicator* for *period* from its source's figure.

    Refused (422) when the indicator is reported by hand, when the source has no figure for the period, or (unless
    *allow_incomplete*) when the period is not complete at the source (e.g. an attendance month not verified)."""
    if indicator.source == IndicatorSource.MANUAL:
        raise _field_error("source", _("This indicator is reported by hand, not taken from a source."),
                           NOT_FROM_SOURCE)
    skp = indicator.result.skp
    if not can_edit_plan(actor, skp):
        raise PermissionDenied
    _period_in_year(period, skp.year)
    start, end = rules.period_bounds(period)
    figure = source_figure(indicator.source, employee_id=skp.employee_id, unit_id=skp.org_unit_id, start=start,
                           end=end)
    if figure is None:
        raise _field_error("period", _("%(source)s has no figure for %(period)s yet.") % {
            "source": IndicatorSource(indicator.source).label, "period": period}, NO_SOURCE_FIGURE)
    if not figure.complete and not allow_incomplete:
        raise _field_error("period", _("The figure for %(period)s is not final yet (%(note)s).") % {
            "period": period, "note": figure.note}, SOURCE_INCOMPLETE)
    return realisation_report(actor=actor, indicator=indicator, period=period, value=figure.value, note=figure.note,
                              source=indicator.source)
