"""The survey's staff pages (SKM, PermenPANRB 14/2017; rules.md §4): service points with their QR posters, survey
periods, the paper questionnaire grid, and the results with their official report (.xlsx, PDF).

Who (permissions.py): HR admin of the agency manages everything; a unit head (holder, Plt or Plh) the points of
their unit tree and their paper questionnaires; the executive and the Inspektorat read the agency's results.
Thin views: parse → scoped selector (out of scope: 404) → predicate (visible but not allowed: 403) → one service →
render. The staff pages work inside the actor's own agency; a platform superadmin has none and is refused.
"""

from dataclasses import dataclass
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pamong.core import charts
from pamong.core.errors import DomainError
from pamong.core.htmx import notify, partial_template
from pamong.core.http import AuthedRequest
from pamong.core.pagination import paginate
from pamong.people.models import OrgUnit, path_within
from pamong.people.selectors import units_visible_to
from pamong.people.unit_options import UnitSelect

from . import errors, report_exports, rules
from .capabilities import FeedbackPerm
from .errors import FeedbackError
from .models import ServicePoint, SurveyPeriod
from .permissions import can_enter_paper_responses, can_manage_feedback, can_manage_service_points, can_view_results
from .posters import poster_pdf, survey_url
from .selectors import (
    SurveyResults,
    agency_results,
    agency_trend,
    headed_unit_paths,
    headed_units,
    questionnaire_count,
    results,
    service_points_visible_to,
    survey_comments,
    survey_periods_of,
    trend,
)
from .services import paper_responses_enter, period_close, period_create, service_point_create, service_point_update
from .staff_forms import (
    DEFAULT_PAPER_ROWS,
    MORE_PAPER_ROWS,
    PaperBatchForm,
    PeriodForm,
    ServicePointForm,
    paper_formset,
)

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TREND_PERIODS = 6  # the selected period and the five before it
COMMENTS_PER_PAGE = 10

# The service's per-row problem codes, as the grid shows them (the same wording as the service's messages).
ROW_PROBLEMS = {
    errors.INVALID_ANSWER: lambda: _("Choose an answer from 1 to 4."),
    errors.NO_ANSWER: lambda: _("Answer at least one question."),
    errors.INVALID_PROFILE: lambda: _("Choose one of the options."),
    errors.INVALID_COMMENT: lambda: _("The comment is at most 1,000 characters."),
    errors.INVALID_DATE: lambda: _("The date is outside the survey period."),
}


# --- Who --------------------------------------------------------------------------------------------------------


def _in_agency(actor) -> bool:
    return bool(actor.is_authenticated and actor.pemda_id)


def _reads_agency(actor) -> bool:
    """HR, executive, Inspektorat: every point of the agency."""
    return _in_agency(actor) and (actor.has_perm(FeedbackPerm.VIEW_ANY) or actor.has_perm(FeedbackPerm.MANAGE))


def _require_reader(request: AuthedRequest) -> None:
    """Anyone who reads some results: the agency's readers or a unit head. Everyone else: 403."""
    actor = request.user
    if not _in_agency(actor) or not (_reads_agency(actor) or headed_unit_paths(actor)):
        raise PermissionDenied


def _manages_some_points(actor) -> bool:
    return _in_agency(actor) and (can_manage_feedback(actor, actor.pemda_id) or bool(headed_unit_paths(actor)))


def _require_hr(request: AuthedRequest) -> None:
    if not _in_agency(request.user) or not can_manage_feedback(request.user, request.user.pemda_id):
        raise PermissionDenied


def _points(actor) -> QuerySet[ServicePoint]:
    """The points *actor* sees, in their own agency only."""
    return service_points_visible_to(actor).filter(pemda_id=actor.pemda_id).select_related("org_unit")


def _tree_filter(units: list[OrgUnit]) -> Q:
    scope = Q(pk__in=[])
    for unit in units:
        scope |= path_within("path", unit.path)
    return scope


def _manageable_units(actor) -> tuple[QuerySet[OrgUnit], OrgUnit | None]:
    """The active units *actor* may give a service point to, and the single tree a unit head heads (if one)."""
    units = units_visible_to(actor).filter(pemda_id=actor.pemda_id, is_active=True)
    if can_manage_feedback(actor, actor.pemda_id):
        return units, None
    headed = headed_units(actor)
    return units.filter(_tree_filter(headed)).order_by("path"), headed[0] if len(headed) == 1 else None


def _point_form(request: AuthedRequest, data=None, **kwargs) -> ServicePointForm:
    units, single_tree = _manageable_units(request.user)
    return ServicePointForm(data, actor=request.user, units=units, single_tree=single_tree, **kwargs)


# --- Service points ---------------------------------------------------------------------------------------------


@require_GET
def point_list(request: AuthedRequest) -> HttpResponse:
    """The service points in the actor's scope (HR and readers: the agency; a unit head: their tree)."""
    _require_reader(request)
    points = _points(request.user)
    term = (request.GET.get("q") or "").strip()[:100]
    status = request.GET.get("status", "")
    if term:
        points = points.filter(name__icontains=term)
    if status in ("active", "inactive"):
        points = points.filter(is_active=status == "active")
    page = paginate(request, points.order_by("name", "pk"))
    rows = [(point, can_manage_service_points(request.user, point.org_unit)) for point in page]
    context = {"page": page, "rows": rows, "term": term, "status": status,
               "can_create": _manages_some_points(request.user), "is_hr": _is_hr(request.user)}
    return TemplateResponse(request, partial_template(request, "feedback/staff/point_list.html", "results"), context)


def _is_hr(actor) -> bool:
    return _in_agency(actor) and can_manage_feedback(actor, actor.pemda_id)


@require_http_methods(["GET", "POST"])
def point_create(request: AuthedRequest) -> HttpResponse:
    """A new service point of a unit in the actor's scope; its public code is drawn by the service."""
    if not _manages_some_points(request.user):
        raise PermissionDenied
    status = 200
    if request.method == "POST":
        form = _point_form(request, request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                point = service_point_create(actor=request.user, org_unit=data["org_unit"], name=data["name"],
                                             description=data["description"], yearly_users=data["yearly_users"])
            except DomainError as exc:
                form.apply_errors(exc)
            else:
                return notify(request, redirect("feedback:point-detail", public_id=point.public_id),
                              level="success", text=_("Service point “%(name)s” created.") % {"name": point.name})
        status = 422
    else:
        form = _point_form(request)
    return TemplateResponse(request, "feedback/staff/point_form.html", {"form": form, "point": None}, status=status)


@require_GET
def point_detail(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    """One point: its public link (to copy), its poster, and what the actor may do with it."""
    _require_reader(request)
    point = get_object_or_404(_points(request.user), public_id=public_id)
    can_manage = can_manage_service_points(request.user, point.org_unit)
    context = {"point": point, "public_url": survey_url(point, request), "can_manage": can_manage,
               "can_enter_paper": can_enter_paper_responses(request.user, point)}
    return TemplateResponse(request, "feedback/staff/point_detail.html", context)


def _managed_point(request: AuthedRequest, public_id: UUID) -> ServicePoint:
    point = get_object_or_404(_points(request.user), public_id=public_id)
    if not can_manage_service_points(request.user, point.org_unit):
        raise PermissionDenied
    return point


@require_http_methods(["GET", "POST"])
def point_edit(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    """Change a point's unit, name, description or population estimate (its code never changes)."""
    point = _managed_point(request, public_id)
    status = 200
    if request.method == "POST":
        form = _point_form(request, request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                service_point_update(actor=request.user, point=point, name=data["name"],
                                     description=data["description"], yearly_users=data["yearly_users"],
                                     is_active=point.is_active, org_unit=data["org_unit"])
            except DomainError as exc:
                form.apply_errors(exc)
            else:
                return notify(request, redirect("feedback:point-detail", public_id=point.public_id),
                              level="success", text=_("Service point “%(name)s” saved.") % {"name": point.name})
        status = 422
    else:
        form = _point_form(request, initial={"org_unit": point.org_unit.public_id, "name": point.name,
                                             "description": point.description,
                                             "yearly_users": point.yearly_users})
    return TemplateResponse(request, "feedback/staff/point_form.html", {"form": form, "point": point},
                            status=status)


@require_POST
def point_activate(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    """Take a point out of the survey (its QR page then says it is not found) or back in: ``active`` = 1 or 0."""
    point = _managed_point(request, public_id)
    active = request.POST.get("active") == "1"
    back = redirect("feedback:point-detail", public_id=point.public_id)
    try:
        service_point_update(actor=request.user, point=point, name=point.name, description=point.description,
                             yearly_users=point.yearly_users, is_active=active)
    except DomainError as exc:
        return notify(request, back, level="error", text=exc.message)
    text = (_("“%(name)s” takes part in the survey again.") if active
            else _("“%(name)s” no longer takes part in the survey.")) % {"name": point.name}
    return notify(request, back, level="success", text=text)


@require_GET
def point_poster(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    """The A4 QR poster of the point (PDF), for whoever manages it."""
    point = _managed_point(request, public_id)
    response = HttpResponse(poster_pdf(point, request=request), content_type=PDF)
    name = slugify(point.name) or point.code
    response["Content-Disposition"] = f'attachment; filename="poster-skm-{name}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- Survey periods (HR) ----------------------------------------------------------------------------------------


@require_GET
def period_list(request: AuthedRequest) -> HttpResponse:
    """The agency's survey periods, latest first, with their questionnaire counts."""
    _require_hr(request)
    periods = (survey_periods_of(request.user.pemda).annotate(questionnaires=Count("responses"))
               .order_by("-start_date", "-pk"))
    return TemplateResponse(request, partial_template(request, "feedback/staff/period_list.html", "results"),
                            {"page": paginate(request, periods)})


@require_http_methods(["GET", "POST"])
def period_new(request: AuthedRequest) -> HttpResponse:
    """A new survey period of the agency (periods never overlap; at most a year)."""
    _require_hr(request)
    status = 200
    if request.method == "POST":
        form = PeriodForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                period = period_create(actor=request.user, pemda=request.user.pemda, name=data["name"],
                                       start_date=data["start_date"], end_date=data["end_date"])
            except DomainError as exc:
                form.apply_errors(exc)
            else:
                return notify(request, redirect("feedback:period-list"), level="success",
                              text=_("Survey period “%(name)s” created.") % {"name": period.name})
        status = 422
    else:
        form = PeriodForm()
    return TemplateResponse(request, "feedback/staff/period_form.html", {"form": form}, status=status)


@require_POST
def period_end(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    """Close a period: no more questionnaires, online or on paper."""
    if not _in_agency(request.user):
        raise PermissionDenied
    period = get_object_or_404(survey_periods_of(request.user.pemda), public_id=public_id)
    _require_hr(request)
    back = redirect("feedback:period-list")
    try:
        period_close(actor=request.user, period=period)
    except DomainError as exc:
        return notify(request, back, level="error", text=exc.message)
    return notify(request, back, level="success",
                  text=_("Survey period “%(name)s” closed.") % {"name": period.name})


# --- Paper questionnaires ---------------------------------------------------------------------------------------


def _default_period(periods: list[SurveyPeriod]) -> SurveyPeriod | None:
    today = timezone.localdate()
    current = [p for p in periods if p.start_date <= today <= p.end_date]
    return (current or periods or [None])[0]


def _apply_row_problems(formset, lines: list[int], exc: FeedbackError) -> None:
    """Show the service's per-row refusals (``extra["rows"]``, 1-based lines of the rows sent) on the grid's rows."""
    problems = (exc.extra or {}).get("rows") or []
    for problem in problems:
        index = problem.get("line", 0) - 1
        if not 0 <= index < len(lines):
            continue
        form = formset.forms[lines[index]]
        message = ROW_PROBLEMS.get(problem.get("problem"), lambda: exc.message)()
        field = problem.get("field", "")
        field = field.lower() if field in rules.UNSUR_CODES else field
        form.add_error(field if field in form.fields else None, message)


@require_http_methods(["GET", "POST"])
def paper_entry(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    """Type in a stack of paper questionnaires of one point and period: all saved, or none (errors per row).

    POST with ``more`` only redraws the grid with more empty rows (the typed rows kept); htmx swaps the grid."""
    point = get_object_or_404(_points(request.user), public_id=public_id)
    if not can_enter_paper_responses(request.user, point):
        raise PermissionDenied
    open_periods = survey_periods_of(request.user.pemda).filter(is_open=True)
    periods = list(open_periods)
    template = partial_template(request, "feedback/staff/paper_entry.html", "paper-grid")
    if request.method == "POST" and "more" in request.POST:
        batch = PaperBatchForm(request.POST, periods=open_periods)
        formset = paper_formset(request.POST, more=MORE_PAPER_ROWS)
        return TemplateResponse(request, template, _paper_context(point, batch, formset, periods))
    if request.method == "POST":
        batch = PaperBatchForm(request.POST, periods=open_periods)
        formset = paper_formset(request.POST)
        if batch.is_valid() and formset.is_valid():
            lines = [index for index, form in enumerate(formset.forms) if form.has_changed()]
            rows = [formset.forms[index].to_row() for index in lines]
            period = batch.cleaned_data["period"]
            try:
                saved = paper_responses_enter(actor=request.user, point=point, period=period, rows=rows)
            except FeedbackError as exc:
                if exc.code == errors.INVALID_ROWS:
                    _apply_row_problems(formset, lines, exc)
                batch.add_error(None, exc.message)
            else:
                text = ngettext("%(count)d paper questionnaire saved for %(period)s.",
                                "%(count)d paper questionnaires saved for %(period)s.",
                                len(saved)) % {"count": len(saved), "period": period.name}
                url = reverse("feedback:paper-entry", args=[point.public_id]) + f"?period={period.public_id}"
                return notify(request, redirect(url), level="success", text=text)
        return TemplateResponse(request, "feedback/staff/paper_entry.html",
                                _paper_context(point, batch, formset, periods), status=422)
    chosen = _period_from_query(request, periods) or _default_period(periods)
    batch = PaperBatchForm(initial={"period": chosen.public_id if chosen else None}, periods=open_periods)
    try:
        rows = int(request.GET.get("rows") or DEFAULT_PAPER_ROWS)
    except ValueError:
        rows = DEFAULT_PAPER_ROWS
    context = _paper_context(point, batch, paper_formset(rows=rows), periods)
    if chosen is not None:
        context["entered"] = questionnaire_count(point=point, period=chosen)
        context["chosen"] = chosen
    return TemplateResponse(request, "feedback/staff/paper_entry.html", context)


def _period_from_query(request: AuthedRequest, periods: list[SurveyPeriod]) -> SurveyPeriod | None:
    wanted = request.GET.get("period", "")
    return next((p for p in periods if str(p.public_id) == wanted), None)


def _paper_context(point, batch, formset, periods) -> dict:
    return {"point": point, "batch": batch, "formset": formset, "periods": periods, "unsur": rules.UNSUR,
            "more_rows": MORE_PAPER_ROWS}


# --- Results ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Scope:
    """What the results are about: one point, one unit's tree, or (both None) the whole agency."""

    period: SurveyPeriod | None
    periods: tuple[SurveyPeriod, ...]
    point: ServicePoint | None
    unit: OrgUnit | None

    @property
    def label(self) -> str:
        if self.point is not None:
            return self.point.name
        if self.unit is not None:
            return self.unit.name
        return _("Whole agency")

    @property
    def query(self) -> str:
        parts = [f"period={self.period.public_id}"] if self.period else []
        if self.point is not None:
            parts.append(f"point={self.point.public_id}")
        elif self.unit is not None:
            parts.append(f"unit={self.unit.public_id}")
        return "&".join(parts)


def _uuid_or_404(value: str) -> UUID:
    try:
        return UUID(value)
    except ValueError:
        raise Http404 from None


def _scope(request: AuthedRequest) -> Scope:
    """The period and the point/unit/agency of the request, each out of the actor's scope a 404."""
    _require_reader(request)
    actor = request.user
    periods = tuple(survey_periods_of(actor.pemda))
    wanted = request.GET.get("period", "")
    if wanted:
        period = next((p for p in periods if p.public_id == _uuid_or_404(wanted)), None)
        if period is None:
            raise Http404
    else:
        period = _default_period(list(periods))
    point = unit = None
    if request.GET.get("point"):
        point = get_object_or_404(_points(actor), public_id=_uuid_or_404(request.GET["point"]))
    elif request.GET.get("unit"):
        unit = get_object_or_404(units_visible_to(actor).filter(pemda_id=actor.pemda_id),
                                 public_id=_uuid_or_404(request.GET["unit"]))
        if not can_view_results(actor, unit):
            raise Http404
    elif not _reads_agency(actor):
        headed = headed_units(actor)
        if not headed:
            raise PermissionDenied
        unit = headed[0]
    return Scope(period=period, periods=periods, point=point, unit=unit)


def _results_of(request: AuthedRequest, scope: Scope) -> SurveyResults:
    pemda = request.user.pemda
    if scope.point is not None or scope.unit is not None:
        return results(pemda=pemda, period=scope.period, point=scope.point, unit=scope.unit)
    return agency_results(pemda=pemda, period=scope.period)


def _trend_of(request: AuthedRequest, scope: Scope):
    """The selected period and up to five before it, oldest first."""
    earlier = [p for p in scope.periods if p.start_date <= scope.period.start_date][:TREND_PERIODS]
    earlier.reverse()
    pemda = request.user.pemda
    if scope.point is not None or scope.unit is not None:
        return trend(pemda=pemda, periods=earlier, point=scope.point, unit=scope.unit)
    return agency_trend(pemda=pemda, periods=earlier)


def _trend_chart(points) -> charts.Chart:
    with_index = [item for item in points if item.nik is not None]
    if with_index:
        latest = with_index[-1]
        summary = _("Latest IKM %(nik)s (%(letter)s, %(label)s) in %(period)s.") % {
            "nik": number_format(latest.nik, 2), "letter": latest.category.letter, "label": latest.category.label,
            "period": latest.period.name}
    else:
        summary = _("No index in these periods yet.")
    return charts.column_chart(
        chart_id="skm-trend", title=_("IKM over the last periods"), summary=summary,
        categories=[item.period.name for item in points],
        series=[charts.Series(_("IKM"), tuple(float(item.nik or 0) for item in points))],
        maximum=100, whole=False,
        table_headers=(_("Period"), _("IKM"), _("Quality"), _("Respondents")),
        table_rows=[charts.TableRow(item.period.name,
                                    (item.nik if item.nik is not None else "—",
                                     f"{item.category.letter} ({item.category.label})" if item.category else "—",
                                     item.respondents))
                    for item in points],
    )


def _scope_widgets(request: AuthedRequest, scope: Scope) -> dict:
    actor = request.user
    headed = [] if _reads_agency(actor) else headed_units(actor)
    if _reads_agency(actor) or len(headed) == 1:
        unit_widget = UnitSelect(actor, within=headed[0] if headed else None,
                                 attrs={"class": "form-select", "id": "results-unit"})
        unit_select = unit_widget.render("unit", scope.unit.public_id if scope.unit else None)
    else:
        unit_select = None
    points = list(_points(actor).order_by("name", "pk").values_list("public_id", "name"))
    return {"unit_select": unit_select, "headed_units": headed if unit_select is None else [],
            "point_options": points}


@require_GET
def results_page(request: AuthedRequest) -> HttpResponse:
    """The SKM of a period for a point, a unit's tree or the agency: NRR per unsur, IKM, sample, trend, comments.

    A constant number of queries whatever the number of questionnaires (aggregates, one page of comments)."""
    scope = _scope(request)
    context = {"scope": scope, **_scope_widgets(request, scope)}
    if scope.period is not None:
        found = _results_of(request, scope)
        trend_points = _trend_of(request, scope)
        comments = survey_comments(pemda=request.user.pemda, period=scope.period, point=scope.point,
                                   unit=scope.unit)
        context.update(found=found, chart=_trend_chart(trend_points), weights=_weights(),
                       comments=paginate(request, comments, per_page=COMMENTS_PER_PAGE),
                       follow_up=[rules.UNSUR_BY_CODE[code] for code in rules.lowest_first(found.nrr)][:3])
    # htmx: the comments' pager swaps only the comments, the scope form the whole results.
    partial = "comments" if getattr(request, "htmx", None) and request.htmx.target == "results-comments" \
        else "results"
    return TemplateResponse(request, partial_template(request, "feedback/staff/results.html", partial), context)


def _weights() -> str:
    return f"1/{len(rules.UNSUR_CODES)}"


def _export_name(scope: Scope, extension: str) -> str:
    name = slugify(scope.label) or "skm"
    period = slugify(scope.period.name) if scope.period else ""
    return f"laporan-skm-{name}-{period}.{extension}"


def _export(request: AuthedRequest):
    scope = _scope(request)
    if scope.period is None:
        raise Http404
    found = _results_of(request, scope)
    return scope, found, _trend_of(request, scope)


@require_GET
def results_xlsx(request: AuthedRequest) -> HttpResponse:
    """The official SKM report of the scope as .xlsx: the recap and every questionnaire (values, never formulas)."""
    scope, found, trend_points = _export(request)
    responses = report_exports.responses_for_export(pemda=request.user.pemda, scope=scope)
    content = report_exports.report_xlsx(pemda=request.user.pemda, scope=scope, found=found,
                                         trend_points=trend_points, responses=responses)
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{_export_name(scope, "xlsx")}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
def results_pdf(request: AuthedRequest) -> HttpResponse:
    """The official SKM report of the scope as PDF: the recap, the trend and the latest comments."""
    scope, found, trend_points = _export(request)
    comments = survey_comments(pemda=request.user.pemda, period=scope.period, point=scope.point,
                               unit=scope.unit)[: report_exports.PDF_COMMENTS]
    content = report_exports.report_pdf(pemda=request.user.pemda, scope=scope, found=found,
                                        trend_points=trend_points, comments=comments)
    response = HttpResponse(content, content_type=PDF)
    response["Content-Disposition"] = f'attachment; filename="{_export_name(scope, "pdf")}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
