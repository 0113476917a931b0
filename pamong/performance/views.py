"""HTML views of the employee's performance pages: home (with the team panel), the plan (SKP) with its results,
indicators, behaviour expectations, feedback, dialogues and versions; realisation with evidence; the cascade
tree; the year view.

Thin: parse (form) → fetch through a scoped selector → call one service → render. Plans are fetched through
skps_visible_to(), so one outside the actor's scope is 404 like one that does not exist; a visible plan the
actor may not change is 403 (the predicates of permissions.py, which the services enforce too).
"""

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pamong.approvals.selectors import steps_awaiting
from pamong.core.errors import DomainError
from pamong.core.htmx import notify
from pamong.core.http import AuthedRequest
from pamong.people.models import OrgUnit, path_within
from pamong.people.selectors import actor_employee, employees_visible_to, units_visible_to

from . import rules, services
from .capabilities import PerformancePerm
from .choices import PlanStatus
from .forms import (
    DialogueForm,
    EvidenceForm,
    ExpectationForm,
    FeedbackForm,
    IndicatorForm,
    OrganisationTargetForm,
    PlanCreateForm,
    RealisationForm,
    RealisationImportForm,
    ResultForm,
    ReviewForm,
    ReviseForm,
    clean_period,
    template_groups,
)
from .models import Evaluation, Evidence, OrganisationTarget, Realisation, Skp, SkpIndicator, SkpResult
from .permissions import can_add_organisation_target, can_comment_plan, can_edit_plan, can_rate
from .selectors import (
    current_skp,
    evaluations_visible_to,
    indicator_library,
    progress,
    settings_for,
    skps_visible_to,
    team_progress,
)

PLAN_TEMPLATE = "performance/plan_detail.html"
REALISE_TEMPLATE = "performance/realise.html"
FLOW = services.FLOW
EDITABLE = services.EDITABLE
FEED_LIMIT = 50


# --- Shared helpers (review_views uses them too) ----------------------------------------------------------------


def current_period(pemda_id: int, year: int, today=None) -> str:
    """The agency's period (monthly by default) of *year* that contains today; the first or last outside it."""
    today = today or timezone.localdate()
    periods = rules.periods_of(settings_for(pemda_id).period_kind, year)
    if today.year != year:
        return periods[0] if today.year < year else periods[-1]
    for code in periods:
        first, last = rules.period_bounds(code)
        if first <= today <= last:
            return code
    return periods[-1]


def previous_period(pemda_id: int, year: int, today=None) -> str:
    """The latest period of *year* that has ended (the one being rated now); the first before any has."""
    today = today or timezone.localdate()
    ended = [code for code in rules.periods_of(settings_for(pemda_id).period_kind, year)
             if rules.period_bounds(code)[1] < today]
    return ended[-1] if ended else rules.periods_of(settings_for(pemda_id).period_kind, year)[0]


def period_choices(pemda_id: int, year: int, *, annual: bool = True) -> list[str]:
    codes = rules.periods_of(settings_for(pemda_id).period_kind, year)
    return [*codes, str(year)] if annual else codes


def period_of_year(value: str | None, year: int, default: str) -> str:
    period = clean_period(value, default)
    return period if period[:4] == str(year) else default


_PLAN_RELATED = ("employee", "employee__current_position", "employee__current_unit", "appraiser", "position",
                 "org_unit")


def plan_or_404(request: AuthedRequest, public_id: UUID) -> Skp:
    """The plan if the actor may see it, or if its agreement awaits the actor (e.g. as Plt of the appraiser's post).

    Out of scope reads as "not found": do not reveal that the plan exists.
    """
    found = skps_visible_to(request.user).select_related(*_PLAN_RELATED).filter(public_id=public_id).first()
    if found is not None:
        return found
    found = Skp.objects.select_related(*_PLAN_RELATED).filter(public_id=public_id).first()
    if found is None or not steps_awaiting(request.user).filter(process__flow=FLOW, process__target_id=found.pk).exists():
        raise Http404
    return found


def sees_reports(actor) -> bool:
    """Unit heads (for their unit tree) and holders of VIEW_ANY (HR, executives, auditors) see the unit reports."""
    if actor.is_superuser or actor.has_perm(PerformancePerm.VIEW_ANY):
        return True
    me = actor_employee(actor)
    return me is not None and me.current_position is not None and me.current_position.is_unit_head


def report_unit(request: AuthedRequest) -> OrgUnit | None:
    """The unit a report is about (``?unit=``), within what the actor may report on; None = the whole agency.

    Raises PermissionDenied for actors without reports, Http404 for a unit outside their reach.
    """
    return report_unit_for(request.user, request.GET.get("unit") or "")


def report_unit_for(actor, raw: str) -> OrgUnit | None:
    """report_unit() for *actor* and the unit's public id *raw* ("": their own unit, or the agency for HR)."""
    if not sees_reports(actor):
        raise PermissionDenied
    agency_wide = actor.is_superuser or actor.has_perm(PerformancePerm.VIEW_ANY)
    me = actor_employee(actor)
    own = me.current_unit if me is not None and not agency_wide else None
    if not raw:
        return own
    try:
        unit = units_visible_to(actor).get(public_id=UUID(raw))
    except (ValueError, OrgUnit.DoesNotExist):
        raise Http404 from None
    if own is not None and not unit.path.startswith(own.path):
        raise Http404  # A unit head reports on their own unit tree only.
    return unit


def _respond_done(request: AuthedRequest, response_or_url, text: str) -> HttpResponse:
    if isinstance(response_or_url, str):
        messages.success(request, text)
        return redirect(response_or_url)
    return notify(request, response_or_url, level="success", text=text)


# --- Home --------------------------------------------------------------------------------------------------------


def _direct_reports(request: AuthedRequest, me):
    """The actor's direct reports: holders of the positions their own position supervises."""
    if me.current_position_id is None:
        return []
    return list(
        employees_visible_to(request.user)
        .filter(is_active=True, current_position__supervisor_position_id=me.current_position_id)
        .exclude(pk=me.pk)
        .select_related("current_position", "current_unit")
        .order_by("name", "pk")
    )


@require_GET
def home(request: AuthedRequest) -> HttpResponse:
    return TemplateResponse(request, "performance/home.html", _home_context(request))


def _home_context(request: AuthedRequest, create_form=None) -> dict:
    actor = request.user
    today = timezone.localdate()
    year = today.year
    me = actor_employee(actor)
    context = {"year": year, "create_form": create_form or PlanCreateForm(), "skp": None, "team": [],
               "leader": sees_reports(actor), "awaiting_reviews": 0, "agency_wide": actor.has_perm(
                   PerformancePerm.VIEW_ANY)}
    if me is None:
        return context
    period = current_period(me.pemda_id, year, today)
    rated_period = previous_period(me.pemda_id, year, today)
    skp = current_skp(me, year)
    team = _direct_reports(request, me)
    rows = team_progress(actor, employees=team, year=year, period=period) if team else []
    rated = dict(evaluations_visible_to(actor).filter(employee_id__in=[e.pk for e in team], period=rated_period)
                 .values_list("employee_id", "predikat")) if team else {}
    for row in rows:
        row["rated_predikat"] = rated.get(row["employee"].pk)
    context.update(
        me=me, skp=skp, period=period, rated_period=rated_period, team=rows,
        progress=progress(skp, period) if skp is not None else [],
        awaiting_reviews=steps_awaiting(actor).filter(process__flow=FLOW).count(),
    )
    return context


@require_POST
def plan_create(request: AuthedRequest) -> HttpResponse:
    me = actor_employee(request.user)
    if me is None:
        raise PermissionDenied  # Only an employee drafts an SKP, their own.
    form = PlanCreateForm(request.POST)
    if not form.is_valid():
        return TemplateResponse(request, "performance/home.html", _home_context(request, form), status=422)
    try:
        skp = services.skp_create(actor=request.user, employee=me, year=form.cleaned_data["year"])
    except DomainError as exc:
        existing = current_skp(me, form.cleaned_data["year"])
        if existing is not None:
            messages.info(request, exc.message)
            return redirect("performance:plan-detail", public_id=existing.public_id)
        form.apply_errors(exc)
        return TemplateResponse(request, "performance/home.html", _home_context(request, form),
                                status=exc.http_status)
    messages.success(request, _("Your SKP %(year)d is started: add your work results.") % {"year": skp.year})
    return redirect("performance:plan-detail", public_id=skp.public_id)


# --- The plan page -----------------------------------------------------------------------------------------------


def _appraiser_results(skp: Skp):
    """The appraiser's current results for the year: the ones this plan's results may support.

    Read outside the actor's scope on purpose: cascading (PermenPANRB 6/2022,
    "RHK atasan yang diintervensi") needs the employee to see the results of
    their appraiser that they choose from, and nothing else of that plan.
    """
    if not skp.appraiser_id:
        return SkpResult.objects.none()
    plan = current_skp(skp.appraiser, skp.year)
    if plan is None:
        return SkpResult.objects.none()
    return SkpResult.objects.filter(skp=plan).order_by("order", "pk")


def _is_jpt(skp: Skp) -> bool:
    return skp.position is not None and skp.position.kind == "jpt"


def _result_form(skp: Skp, data=None) -> ResultForm:
    targets = OrganisationTarget.objects.filter(pemda_id=skp.pemda_id, year=skp.year)
    if skp.org_unit_id:
        targets = targets.filter(org_unit_id=skp.org_unit_id)
    return ResultForm(data, parents=_appraiser_results(skp), targets=targets, is_jpt=_is_jpt(skp),
                      prefix="result")


def _indicator_form(request: AuthedRequest, skp: Skp, data=None) -> IndicatorForm:
    return IndicatorForm(data, results=skp.results.all(), library=indicator_library(request.user),
                         prefix="indicator")


def plan_context(request: AuthedRequest, skp: Skp, **forms) -> dict:
    actor = request.user
    period = period_of_year(request.GET.get("period"), skp.year, current_period(skp.pemda_id, skp.year))
    results = list(skp.results.select_related("parent__skp__employee", "organisation_target")
                   .prefetch_related("indicators"))
    achieved = {row["indicator"].pk: row for row in progress(skp, period)}
    editable = skp.status in EDITABLE
    owner = can_edit_plan(actor, skp)
    commenter = can_comment_plan(actor, skp)
    step = None
    if skp.status == PlanStatus.SUBMITTED:
        step = steps_awaiting(actor).filter(process__flow=FLOW, process__target_id=skp.pk).first()
    context = {
        "skp": skp, "period": period, "periods": period_choices(skp.pemda_id, skp.year),
        "results": results, "achieved": achieved, "editable": editable,
        "can_edit": owner and editable, "is_owner": owner, "can_comment": commenter,
        "expectations_open": commenter and skp.status in services.EXPECTATIONS_OPEN,
        "can_rate": can_rate(actor, skp) and skp.status in (PlanStatus.APPROVED, PlanStatus.SUPERSEDED),
        "behaviours": list(skp.behaviours.all()),
        "feedback": list(skp.feedback.select_related("result", "author")[:FEED_LIMIT]),
        "dialogues": list(skp.dialogues.select_related("recorded_by")[:FEED_LIMIT]),
        "versions": list(skps_visible_to(actor).filter(employee_id=skp.employee_id, year=skp.year)
                         .order_by("-version")),
        "evaluations": list(evaluations_visible_to(actor).filter(employee_id=skp.employee_id,
                                                                 period__startswith=str(skp.year))
                            .order_by("period")),
        "review_step": step, "is_jpt": _is_jpt(skp),
    }
    if context["can_edit"]:
        context["result_form"] = forms.get("result_form") or _result_form(skp)
        context["indicator_form"] = forms.get("indicator_form") or _indicator_form(request, skp)
        context["needs_parent"] = not context["is_jpt"] and _appraiser_results(skp).exists()
    if owner and skp.status == PlanStatus.APPROVED:
        context["revise_form"] = forms.get("revise_form") or ReviseForm(prefix="revise")
    if commenter:
        context["feedback_form"] = forms.get("feedback_form") or FeedbackForm(
            skp=skp, results=results, prefix="feedback", initial={"period": period})
    if commenter or owner:
        context["dialogue_form"] = forms.get("dialogue_form") or DialogueForm(
            prefix="dialogue", initial={"held_on": timezone.localdate()})
    if step is not None:
        context["review_form"] = forms.get("review_form") or ReviewForm(prefix="review")
    context["expectation_errors"] = forms.get("expectation_errors") or {}
    return context


@require_GET
def plan_detail(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    skp = plan_or_404(request, public_id)
    return TemplateResponse(request, PLAN_TEMPLATE, plan_context(request, skp))


def _plan_section(request: AuthedRequest, skp: Skp, section: str, *, ok: bool, text: str = "", status: int = 200,
                  **forms) -> HttpResponse:
    """Answer a plan form: on success a redirect (full page) or the refreshed section (htmx); else the section
    (htmx) or the page with the form's errors, at the refusal's status."""
    if ok and not request.htmx:
        messages.success(request, text)
        return redirect("performance:plan-detail", public_id=skp.public_id)
    context = plan_context(request, skp, **({} if ok else forms))
    template = f"{PLAN_TEMPLATE}#{section}" if request.htmx else PLAN_TEMPLATE
    response = TemplateResponse(request, template, context, status=status)
    if ok:
        return notify(request, response, level="success", text=text)
    return response


def _owner_only(request: AuthedRequest, skp: Skp) -> None:
    if not can_edit_plan(request.user, skp):
        raise PermissionDenied  # Only the employee drafts and reports their own SKP.


@require_POST
def result_add(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    skp = plan_or_404(request, public_id)
    _owner_only(request, skp)
    form = _result_form(skp, request.POST)
    status = 422
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.skp_result_add(
                actor=request.user, skp=skp, text=data["text"], kind=data["kind"], parent=data.get("parent"),
                perspective=data.get("perspective") or "", organisation_target=data.get("organisation_target"))
        except DomainError as exc:
            form.apply_errors(exc)
            status = exc.http_status
        else:
            return _plan_section(request, skp, "results", ok=True, text=_("Work result added."))
    return _plan_section(request, skp, "results", ok=False, status=status, result_form=form)


@require_POST
def indicator_add(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    skp = plan_or_404(request, public_id)
    _owner_only(request, skp)
    form = _indicator_form(request, skp, request.POST)
    status = 422
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.skp_indicator_add(
                actor=request.user, result=data["result"], name=data.get("name") or "", aspect=data.get("aspect") or "",
                target_value=data["target_value"], unit=data.get("unit") or "", direction=data["direction"],
                template=data["template"])
        except DomainError as exc:
            form.apply_errors(exc)
            status = exc.http_status
        else:
            return _plan_section(request, skp, "results", ok=True, text=_("Indicator added."))
    return _plan_section(request, skp, "results", ok=False, status=status, indicator_form=form)


@require_GET
def indicator_library_options(request: AuthedRequest) -> HttpResponse:
    """The library's indicators of one sector as the ``<select>`` of the indicator form (htmx)."""
    sector = request.GET.get("indicator-sector") or request.GET.get("sector") or ""
    templates = indicator_library(request.user, sector)
    return TemplateResponse(request, "performance/_library_select.html",
                            {"groups": template_groups(templates), "sector": sector})


@require_POST
def expectation_set(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    skp = plan_or_404(request, public_id)
    if not can_comment_plan(request.user, skp):
        raise PermissionDenied  # The appraiser (or someone above the employee) sets the expectations.
    form = ExpectationForm(request.POST)
    if not form.is_valid():
        return _plan_section(request, skp, "behaviours", ok=False, status=422,
                             expectation_errors={request.POST.get("value", ""): form.errors})
    try:
        services.skp_expectation_set(actor=request.user, skp=skp, value=form.cleaned_data["value"],
                                     expectation=form.cleaned_data["expectation"])
    except DomainError as exc:
        return _plan_section(request, skp, "behaviours", ok=False, status=exc.http_status,
                             expectation_errors={form.cleaned_data["value"]: {"expectation": [exc.message]}})
    return _plan_section(request, skp, "behaviours", ok=True, text=_("Expectation saved."))


@require_POST
def plan_submit(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    skp = plan_or_404(request, public_id)
    _owner_only(request, skp)
    try:
        services.skp_submit(actor=request.user, skp=skp)
    except DomainError as exc:
        messages.error(request, exc.message)
        return TemplateResponse(request, PLAN_TEMPLATE, plan_context(request, skp), status=exc.http_status)
    messages.success(request, _("Sent to your appraiser for agreement."))
    return redirect("performance:plan-detail", public_id=skp.public_id)


@require_POST
def plan_revise(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    skp = plan_or_404(request, public_id)
    _owner_only(request, skp)
    form = ReviseForm(request.POST, prefix="revise")
    status = 422
    if form.is_valid():
        try:
            new = services.skp_revise(actor=request.user, skp=skp, reason=form.cleaned_data["reason"])
        except DomainError as exc:
            form.apply_errors(exc)
            status = exc.http_status
        else:
            messages.success(request, _("Version %(version)d opened: change it and send it again.")
                             % {"version": new.version})
            return redirect("performance:plan-detail", public_id=new.public_id)
    return TemplateResponse(request, PLAN_TEMPLATE, plan_context(request, skp, revise_form=form), status=status)


@require_POST
def feedback_give(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    skp = plan_or_404(request, public_id)
    if not can_comment_plan(request.user, skp):
        raise PermissionDenied  # Feedback comes from the appraiser or someone above the employee.
    form = FeedbackForm(request.POST, skp=skp, results=skp.results.all(), prefix="feedback")
    status = 422
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.feedback_give(actor=request.user, skp=skp, period=data["period"], text=data["text"],
                                   result=data["result"], value=data["value"])
        except DomainError as exc:
            form.apply_errors(exc)
            status = exc.http_status
        else:
            return _plan_section(request, skp, "feedback", ok=True, text=_("Feedback recorded."))
    return _plan_section(request, skp, "feedback", ok=False, status=status, feedback_form=form)


@require_POST
def dialogue_record(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    skp = plan_or_404(request, public_id)
    if not (can_comment_plan(request.user, skp) or can_edit_plan(request.user, skp)):
        raise PermissionDenied
    form = DialogueForm(request.POST, prefix="dialogue")
    status = 422
    if form.is_valid():
        try:
            services.dialogue_record(actor=request.user, skp=skp, **form.cleaned_data)
        except DomainError as exc:
            form.apply_errors(exc)
            status = exc.http_status
        else:
            return _plan_section(request, skp, "dialogues", ok=True, text=_("Dialogue recorded."))
    return _plan_section(request, skp, "dialogues", ok=False, status=status, dialogue_form=form)


# --- Realisation and evidence ------------------------------------------------------------------------------------


def realisation_rows(skp: Skp, period: str) -> list[dict]:
    """progress() rows with the evidence of each realisation (one more query)."""
    rows = progress(skp, period)
    ids = [row["realisation"].pk for row in rows if row["realisation"] is not None]
    evidence: dict[int, list[Evidence]] = {}
    for item in Evidence.objects.filter(realisation_id__in=ids).order_by("pk"):
        evidence.setdefault(item.realisation_id, []).append(item)
    for row in rows:
        row["evidence"] = evidence.get(row["realisation"].pk, []) if row["realisation"] else []
    return rows


def rating_covering(skp: Skp, period: str):
    """The rating whose period covers *period* ("2026-02" is covered by "2026-02", "2026-Q1" and "2026")."""
    start, end = rules.period_bounds(period)
    for evaluation in Evaluation.objects.filter(employee_id=skp.employee_id, period__startswith=period[:4]):
        first, last = rules.period_bounds(evaluation.period)
        if first <= start and end <= last:
            return evaluation
    return None


def _realise_context(request: AuthedRequest, skp: Skp, period: str, *, failed: dict | None = None) -> dict:
    rated = rating_covering(skp, period)
    rows = realisation_rows(skp, period)
    failed = failed or {}
    for row in rows:
        row["errors"] = failed.get(row["indicator"].pk)
    return {
        "skp": skp, "period": period, "periods": period_choices(skp.pemda_id, skp.year), "rows": rows,
        "rated": rated, "open": skp.status == PlanStatus.APPROVED and rated is None,
        "import_form": RealisationImportForm(),
    }


def _realise_row(request: AuthedRequest, skp: Skp, period: str, indicator: SkpIndicator, *, status: int = 200,
                 failed: dict | None = None) -> TemplateResponse:
    context = _realise_context(request, skp, period, failed=failed)
    context["row"] = next(row for row in context["rows"] if row["indicator"].pk == indicator.pk)
    return TemplateResponse(request, "performance/_realisation_row.html", context, status=status)


@require_http_methods(["GET", "POST"])
def realise(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    """Report the realisation of each indicator for a period (owner only; agreed SKP; not once rated)."""
    skp = plan_or_404(request, public_id)
    _owner_only(request, skp)
    default = current_period(skp.pemda_id, skp.year)
    period = period_of_year(request.POST.get("period") or request.GET.get("period"), skp.year, default)
    if request.method == "GET":
        return TemplateResponse(request, REALISE_TEMPLATE, _realise_context(request, skp, period))
    if request.POST.get("from_source"):
        return _realise_from_source(request, skp, period)
    form = RealisationForm(request.POST, indicators=SkpIndicator.objects.filter(result__skp=skp))
    if not form.is_valid():
        indicator = form.cleaned_data.get("indicator")
        errors = {indicator.pk: form.errors} if indicator else {}
        if request.htmx and indicator:
            return _realise_row(request, skp, period, indicator, status=422, failed=errors)
        context = _realise_context(request, skp, period, failed=errors)
        context["form_errors"] = form.errors
        return TemplateResponse(request, REALISE_TEMPLATE, context, status=422)
    data = form.cleaned_data
    try:
        services.realisation_report(actor=request.user, indicator=data["indicator"], period=period,
                                    value=data["value"], note=data.get("note") or "")
    except DomainError as exc:
        errors = {data["indicator"].pk: {"value": [exc.message]}}
        if request.htmx:
            return _realise_row(request, skp, period, data["indicator"], status=exc.http_status, failed=errors)
        return TemplateResponse(request, REALISE_TEMPLATE, _realise_context(request, skp, period, failed=errors),
                                status=exc.http_status)
    text = _("Realisation saved.")
    if request.htmx:
        return notify(request, _realise_row(request, skp, period, data["indicator"]), level="success", text=text)
    return _respond_done(request, f"{reverse('performance:realise', args=[skp.public_id])}?period={period}", text)


def _realise_from_source(request: AuthedRequest, skp: Skp, period: str) -> HttpResponse:
    """The realisation of an indicator whose source is another context (e.g. the attendance rate of the verified
    months), taken from that source's figure (performance.services.sources)."""
    from .services.sources import fill_from_source

    try:
        indicator = SkpIndicator.objects.get(result__skp=skp, public_id=UUID(request.POST["from_source"]))
    except (ValueError, SkpIndicator.DoesNotExist):
        raise Http404 from None
    try:
        fill_from_source(actor=request.user, indicator=indicator, period=period)
    except DomainError as exc:
        errors = {indicator.pk: {"value": [exc.message]}}
        if request.htmx:
            return _realise_row(request, skp, period, indicator, status=exc.http_status, failed=errors)
        return TemplateResponse(request, REALISE_TEMPLATE, _realise_context(request, skp, period, failed=errors),
                                status=exc.http_status)
    text = _("Realisation taken from its source.")
    if request.htmx:
        return notify(request, _realise_row(request, skp, period, indicator), level="success", text=text)
    return _respond_done(request, f"{reverse('performance:realise', args=[skp.public_id])}?period={period}", text)


@require_POST
def realisation_import(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    """Import realisations of the plan from a sheet: checked row by row, then every row or none written."""
    skp = plan_or_404(request, public_id)
    _owner_only(request, skp)
    period = period_of_year(request.POST.get("period"), skp.year, current_period(skp.pemda_id, skp.year))
    form = RealisationImportForm(request.POST, request.FILES)
    context = _realise_context(request, skp, period)
    status = 422
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            summary = services.realisations_import(actor=request.user, skp=skp, file_name=upload.name,
                                                   content=upload.read(), dry_run=form.cleaned_data["dry_run"])
        except DomainError as exc:
            form.apply_errors(exc)
            status = exc.http_status
        else:
            if summary["written"]:
                messages.success(request, _("Sheet imported: %(created)d realisations added, %(updated)d corrected.")
                                 % {"created": summary["created"], "updated": summary["updated"]})
                return redirect(f"{reverse('performance:realise', args=[skp.public_id])}?period={period}")
            context["import_summary"] = summary
            status = 422 if summary["errors"] else 200
    context["import_form"] = form
    return TemplateResponse(request, REALISE_TEMPLATE, context, status=status)


def _realisation_or_404(request: AuthedRequest, public_id: UUID) -> Realisation:
    return get_object_or_404(
        Realisation.objects.filter(indicator__result__skp__in=skps_visible_to(request.user))
        .select_related("indicator__result__skp__employee"),
        public_id=public_id,
    )


@require_POST
def evidence_add(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    """Attach evidence (bukti dukung) to a realisation: a PDF/JPG/PNG file, a link or a figure."""
    realisation = _realisation_or_404(request, public_id)
    skp = realisation.indicator.result.skp
    _owner_only(request, skp)
    form = EvidenceForm(request.POST, request.FILES)
    period = realisation.period
    errors, status = None, 422
    if form.is_valid():
        try:
            services.evidence_add(actor=request.user, realisation=realisation, **form.to_kwargs())
        except DomainError as exc:
            messages_by_field = {("file" if k == "upload" else k): v for k, v in exc.field_errors.items()}
            errors, status = {"evidence": messages_by_field or {"__all__": [exc.message]}}, exc.http_status
        else:
            text = _("Evidence attached.")
            if request.htmx:
                return notify(request, _realise_row(request, skp, period, realisation.indicator), level="success",
                              text=text)
            url = f"{reverse('performance:realise', args=[skp.public_id])}?period={period}"
            return _respond_done(request, url, text)
    if errors is None:
        errors = {"evidence": form.errors}
    failed = {realisation.indicator_id: errors}
    if request.htmx:
        return _realise_row(request, skp, period, realisation.indicator, status=status, failed=failed)
    return TemplateResponse(request, REALISE_TEMPLATE, _realise_context(request, skp, period, failed=failed),
                            status=status)


@require_GET
def evidence_download(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    evidence = get_object_or_404(
        Evidence.objects.filter(realisation__indicator__result__skp__in=skps_visible_to(request.user)),
        public_id=public_id,
    )
    if not evidence.file:
        raise Http404
    return FileResponse(evidence.file.open("rb"), as_attachment=True,
                        filename=evidence.original_name or evidence.file.name.rsplit("/", 1)[-1],
                        content_type=evidence.content_type or "application/octet-stream")


# --- The cascade tree --------------------------------------------------------------------------------------------


def _cascade_unit(request: AuthedRequest) -> OrgUnit | None:
    raw = request.GET.get("unit") or ""
    units = units_visible_to(request.user)
    if raw:
        try:
            return units.get(public_id=UUID(raw))
        except (ValueError, OrgUnit.DoesNotExist):
            raise Http404 from None
    me = actor_employee(request.user)
    if me is not None and me.current_unit is not None:
        root_id = int(me.current_unit.path.split("/")[0])
        return units.filter(pk=root_id).first() or me.current_unit
    return None


def build_cascade(results: list[SkpResult], targets: list[OrganisationTarget]) -> list[dict]:
    """Arrange the year's results as a forest: each node is ``{"result"|"target", "children"}``.

    A result hangs under the result it supports (its ``parent``). When the
    supported result belongs to a version since replaced, it is matched to the
    same result (same order and text) of the current version. Results whose
    supported result is outside the tree are roots (the page names what they
    support); organisation targets head the results linked to them.
    """
    current = {r.pk: r for r in results if r.skp.status != PlanStatus.SUPERSEDED}
    successor = {r.skp.supersedes_id: r.skp_id for r in results if r.skp.supersedes_id}
    by_key = {(r.skp_id, r.order, r.text): r for r in current.values()}

    def resolve(parent: SkpResult | None) -> SkpResult | None:
        if parent is None:
            return None
        if parent.pk in current:
            return current[parent.pk]
        skp_id, seen = parent.skp_id, set()
        while skp_id in successor and skp_id not in seen:
            seen.add(skp_id)
            skp_id = successor[skp_id]
        return by_key.get((skp_id, parent.order, parent.text))

    nodes = {pk: {"result": r, "children": [], "attached": False} for pk, r in current.items()}
    target_nodes = {t.pk: {"target": t, "children": []} for t in targets}
    roots: list[dict] = []
    for pk, result in current.items():
        parent = resolve(result.parent)
        if parent is not None and parent.pk != pk:
            nodes[parent.pk]["children"].append(nodes[pk])
            nodes[pk]["attached"] = True
        elif result.parent_id is None and result.organisation_target_id in target_nodes:
            target_nodes[result.organisation_target_id]["children"].append(nodes[pk])
        else:
            roots.append(nodes[pk])

    def depth(node: dict) -> tuple:
        skp = node["result"].skp
        return (len(skp.position.path) if skp.position_id else 999, skp.employee.name, node["result"].order)

    roots.sort(key=depth)
    return [*target_nodes.values(), *roots]


@require_GET
def cascade(request: AuthedRequest) -> HttpResponse:
    """The cascade of work results in a unit tree for a year, from its head down."""
    year = _year_param(request)
    unit = _cascade_unit(request)
    forest, units = [], list(units_visible_to(request.user).filter(parent__isnull=True).order_by("name"))
    if unit is not None:
        # One query for every result of the year in the unit tree (all versions, to follow replaced ones).
        results = list(
            SkpResult.objects.filter(skp__in=skps_visible_to(request.user).filter(year=year))
            .filter(path_within("skp__org_unit__path", unit.path))
            .select_related("skp__employee", "skp__position", "parent__skp__employee", "organisation_target")
            .order_by("skp__employee__name", "order", "pk")
        )
        targets = list(OrganisationTarget.objects.filter(year=year, pemda_id=unit.pemda_id)
                       .filter(path_within("org_unit__path", unit.path)).select_related("org_unit"))
        forest = build_cascade(results, targets)
    return _cascade_response(request, unit, year, forest, units)


def _cascade_response(request: AuthedRequest, unit, year: int, forest, units, *, target_form=None,
                      status: int = 200) -> TemplateResponse:
    me = actor_employee(request.user)
    if me is not None and me.current_unit is not None and me.current_unit not in units:
        units = [*units, me.current_unit]  # their own unit too, where a unit head sets its targets
    context = {"year": year, "unit": unit, "units": units, "forest": forest,
               "years": range(timezone.localdate().year + 1, timezone.localdate().year - 4, -1)}
    if unit is not None and can_add_organisation_target(request.user, unit):
        context["target_form"] = target_form or OrganisationTargetForm(initial={"year": year})
    template = "performance/cascade.html#tree" if request.htmx else "performance/cascade.html"
    return TemplateResponse(request, template, context, status=status)


@require_POST
def organisation_target_add(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    """The unit head (or HR) sets a yearly target of the unit: the top of the cascade."""
    unit = get_object_or_404(units_visible_to(request.user), public_id=public_id)
    if not can_add_organisation_target(request.user, unit):
        raise PermissionDenied  # The holder of the unit's head position sets its targets, or HR.
    form = OrganisationTargetForm(request.POST)
    status = 422
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.organisation_target_add(actor=request.user, unit=unit, year=data["year"], text=data["text"],
                                             indicator=data.get("indicator") or "",
                                             target_value=data.get("target_value"),
                                             unit_label=data.get("unit_label") or "")
        except DomainError as exc:
            form.apply_errors(exc)
            status = exc.http_status
        else:
            messages.success(request, _("Organisation target added."))
            return redirect(f"{reverse('performance:cascade')}?unit={unit.public_id}&year={data['year']}")
    year = form.cleaned_data.get("year") or timezone.localdate().year
    units = list(units_visible_to(request.user).filter(parent__isnull=True).order_by("name"))
    return _cascade_response(request, unit, year, [], units, target_form=form, status=status)


def _year_param(request: AuthedRequest) -> int:
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        return timezone.localdate().year
    return year if services.YEARS[0] <= year <= services.YEARS[-1] else timezone.localdate().year


# --- The year view -----------------------------------------------------------------------------------------------


@require_GET
def history(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    """An employee's performance history: the SKP versions, the predikat of each period and of each year."""
    employee = get_object_or_404(employees_visible_to(request.user).select_related("current_position",
                                                                                   "current_unit"),
                                 public_id=public_id)
    plans = list(skps_visible_to(request.user).filter(employee=employee).order_by("-year", "-version"))
    evaluations = list(evaluations_visible_to(request.user).filter(employee=employee).select_related("evaluator")
                       .order_by("period"))
    years = sorted({p.year for p in plans} | {int(e.period[:4]) for e in evaluations}, reverse=True)
    by_year = []
    for year in years:
        rated = [e for e in evaluations if e.period[:4] == str(year)]
        by_year.append({
            "year": year, "plans": [p for p in plans if p.year == year],
            "periodic": [e for e in rated if len(e.period) > 4],
            "annual": next((e for e in rated if len(e.period) == 4), None),
        })
    return TemplateResponse(request, "performance/history.html", {"employee": employee, "years": by_year})
