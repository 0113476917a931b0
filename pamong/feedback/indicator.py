"""The survey feeds performance: the SKP indicator source ``public_satisfaction`` (performance.indicator_sources).

A unit performance indicator taken from this source (e.g. the library's "Indeks Kepuasan Masyarakat (SKM) unit
layanan", in "indeks (0-100)") gets as its realisation the **NIK** (IKM unit pelayanan, 25–100; PermenPANRB
14/2017, rules.md §4) of the unit the SKP was made in — the questionnaires of every service point of that unit's
tree — over the agency's survey periods that overlap the SKP period, pooled: a semester SKP reads its semester's
survey; a yearly SKP both semesters' questionnaires together; a month or a quarter the survey period it falls in
(the survey's own unit of time; a questionnaire carries no reliable day when typed in from paper).

No figure (None) when the SKP has no unit, no survey period overlaps, or some unsur was answered by nobody (the
index is defined over all nine). The figure is final (``complete``) once every period it reads is closed.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from pamong.performance.choices import IndicatorSource


def unit_ikm_figure(employee_id: int, unit_id: int | None, start, end):
    """The reader of the ``public_satisfaction`` indicator source (see the module docstring); None without a figure."""
    from pamong.performance.indicator_sources import SourceFigure

    from .selectors import unit_results_over

    if unit_id is None:
        return None
    pooled = unit_results_over(unit_id=unit_id, start=start, end=end)
    if pooled is None or pooled.results.nik is None:
        return None
    found = pooled.results
    note = _("IKM %(nik)s (%(letter)s, %(label)s) from %(n)d questionnaires, %(periods)s") % {
        "nik": found.nik, "letter": found.category.letter, "label": found.category.label,
        "n": found.respondents, "periods": ", ".join(period.name for period in pooled.periods)}
    if not pooled.complete:
        note += " — " + _("survey period still open")
    return SourceFigure(value=found.nik, note=note, complete=pooled.complete)


def unit_complaints_figure(employee_id: int, unit_id: int | None, start, end):
    """The reader of the ``complaints_in_time`` source: the share (%) of the complaints of the SKP unit's tree,
    received in the SKP period and answered, that were answered by their resolution deadline (the class's SLA,
    rules.md §4.1). None without a unit or an answered complaint; final once the period is over and none of its
    complaints is still open."""
    from django.utils import timezone

    from pamong.people.models import OrgUnit
    from pamong.performance.indicator_sources import SourceFigure

    from .complaint_selectors import unit_open_count, unit_sla_share

    unit = OrgUnit.objects.filter(pk=unit_id).first() if unit_id is not None else None
    if unit is None:
        return None
    within, answered = unit_sla_share(unit=unit, start=start, end=end)
    if not answered:
        return None
    share = (Decimal(100) * within / answered).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    note = _("%(within)d of %(answered)d answered complaints within their deadline") % {
        "within": within, "answered": answered}
    complete = end < timezone.localdate() and not unit_open_count(unit=unit, start=start, end=end)
    return SourceFigure(value=share, note=note, complete=complete)


def register() -> None:
    """Wire the survey and the complaints into performance's indicator sources (called from FeedbackConfig.ready)."""
    from pamong.performance.indicator_sources import register_indicator_source

    register_indicator_source(IndicatorSource.PUBLIC_SATISFACTION, unit_ikm_figure)
    register_indicator_source(IndicatorSource.COMPLAINTS_IN_TIME, unit_complaints_figure)
