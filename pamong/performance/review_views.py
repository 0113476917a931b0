"""HTML views of the appraisers', leaders' and HR's performance pages: the SKP review queue, rating (with the
live predikat preview), objections, organisation ratings and the distribution curve, calibration, follow-up and
the dashboard.

Nobody rates themselves or outside their line: the predicates of permissions.py decide, the services enforce
them again. The predikat is never an input: it is derived by rules.predikat_for, on the preview and in the
service. Every aggregate (distribution, completeness, achievement) is one grouped query, so the pages cost the
same number of queries for a unit of ten and an agency of fifty thousand.
"""

from collections import defaultdict
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import Avg, Case, Count, F, FloatField, Q, Value, When
from django.db.models.functions import Cast, Greatest, Least, Substr
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pamong.approvals.permissions import can_act_on_step
from pamong.approvals.selectors import steps_awaiting
from pamong.approvals.services import step_act
from pamong.core.errors import DomainError
from pamong.core.http import AuthedRequest
from pamong.core.pagination import paginate
from pamong.people.models import OrgUnit, path_within, tree_segment
from pamong.people.selectors import actor_employee, units_visible_to

from . import rules, services, statistics
from .choices import ObjectionStatus, OrganisationRating, PlanStatus, Predikat, Sector
from .forms import (
    CalibrationForm,
    ObjectionDecisionForm,
    ObjectionForm,
    OrganisationRatingForm,
    PredikatPreviewForm,
    RatingForm,
    ReviewForm,
    clean_period,
)
from .models import Objection, OrganisationRatingRecord, Realisation, Skp
from .permissions import can_calibrate, can_decide_objection, can_rate, can_set_organisation_rating
from .selectors import distribution as distribution_of
from .selectors import (
    evaluations_visible_to,
    organisation_rating,
    settings_for,
    skps_visible_to,
)
from .views import (
    FLOW,
    period_choices,
    period_of_year,
    plan_context,
    plan_or_404,
    previous_period,
    realisation_rows,
    report_unit,
)

SEGMENT = len(tree_segment(1))
MAX_OBJECTIONS_LISTED = 100


# --- The SKP review queue ----------------------------------------------------------------------------------------


def _objections_to_decide(request: AuthedRequest) -> list[Objection]:
    """Pending objections the actor decides: those against ratings given by someone they supervise directly."""
    me = actor_employee(request.user)
    if me is None or me.current_position_id is None:
        return []
    candidates = (
        Objection.objects.filter(status=ObjectionStatus.PENDING,
                                 evaluation__in=evaluations_visible_to(request.user),
                                 evaluation__evaluator__current_position__supervisor_position_id=me.current_position_id)
        .select_related("evaluation__employee", "evaluation__evaluator__current_position")
        .order_by("created_at")[:MAX_OBJECTIONS_LISTED]
    )
    return [o for o in candidates if can_decide_objection(request.user, o)]


@require_GET
def reviews(request: AuthedRequest) -> HttpResponse:
    """SKPs awaiting the actor's agreement (approval engine, flow "skp") and objections awaiting their decision."""
    steps = list(steps_awaiting(request.user).filter(process__flow=FLOW).order_by("activated_at", "pk"))
    # The steps are the scope: a plan whose agreement awaits the actor is theirs to read.
    plans = {
        plan.pk: plan for plan in Skp.objects.filter(pk__in=[s.process.target_id for s in steps])
        .select_related("employee", "position")
        .annotate(result_count=Count("results", distinct=True), indicator_count=Count("results__indicators"))
    }
    # One form per plan on the page: ids carry the plan, so every label selects its own plan's radio.
    rows = [{"step": step, "skp": plans[step.process.target_id],
             "form": ReviewForm(prefix="review", auto_id=f"id_{plans[step.process.target_id].public_id}_%s")}
            for step in steps if step.process.target_id in plans]
    return TemplateResponse(request, "performance/reviews.html",
                            {"rows": rows, "objections": _objections_to_decide(request)})


@require_POST
def plan_review(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    """The appraiser agrees to the SKP or sends it back with what to change (approvals.services.step_act)."""
    skp = plan_or_404(request, public_id)
    step = steps_awaiting(request.user).filter(process__flow=FLOW, process__target_id=skp.pk).first()
    if step is None or not can_act_on_step(request.user, step):
        if skp.status == PlanStatus.SUBMITTED or skp.appraiser_id != getattr(actor_employee(request.user), "pk", None):
            raise PermissionDenied  # Only the appraiser (or their Plt/Plh) answers.
        messages.error(request, _("This SKP is not awaiting your agreement."))
        return redirect("performance:plan-detail", public_id=skp.public_id)
    form = ReviewForm(request.POST, prefix="review")
    status = 422
    if form.is_valid():
        try:
            step_act(actor=request.user, step=step, outcome=form.cleaned_data["outcome"],
                     reason=form.cleaned_data.get("reason") or "")
        except DomainError as exc:
            form.apply_errors(exc)
            status = exc.http_status
        else:
            agreed = form.cleaned_data["outcome"] == ReviewForm.AGREE
            messages.success(request, _("SKP agreed and locked.") if agreed else _("Sent back for changes."))
            return redirect("performance:reviews")
    return TemplateResponse(request, "performance/plan_detail.html",
                            plan_context(request, skp, review_form=form), status=status)


# --- Rating ------------------------------------------------------------------------------------------------------


def _unit_head_rule(skp: Skp, period: str) -> dict | None:
    """For a unit head: their unit's organisation rating and the work-result rating it gives (SE MenPANRB 3/2023)."""
    employee = skp.employee
    position, unit = employee.current_position, employee.current_unit
    if position is None or not position.is_unit_head or unit is None:
        return None
    record = organisation_rating(unit, period)
    own = record if record is not None and record.org_unit_id == unit.pk else None
    return {"unit": unit, "record": own,
            "work_result": rules.UNIT_HEAD_WORK_RESULT[OrganisationRating(own.rating)] if own else None}


def _window(skp: Skp, period: str) -> dict:
    opens, closes = rules.evaluation_window(period, settings_for(skp.pemda_id).evaluation_window_days)
    today = timezone.localdate()
    state = "not_open" if today < opens else "closed" if today > closes else "open"
    closed_text = str(rules.WINDOW_CLOSED_MESSAGE) % {"period": period, "date": closes.isoformat()}
    return {"opens": opens, "closes": closes, "state": state, "closed_text": closed_text}


def _rate_context(request: AuthedRequest, skp: Skp, period: str, form=None) -> dict:
    rule = _unit_head_rule(skp, period)
    existing = evaluations_visible_to(request.user).filter(employee_id=skp.employee_id, period=period).first()
    fixed = rule["work_result"] if rule else None
    form = form or RatingForm(work_result_fixed=fixed)
    return {
        "skp": skp, "period": period, "periods": period_choices(skp.pemda_id, skp.year), "rows": realisation_rows(skp, period),
        "window": _window(skp, period), "rule": rule, "existing": existing, "form": form,
        "can_submit": existing is None and (rule is None or rule["record"] is not None),
        "preview": _preview(fixed or form.initial.get("work_result"), None),
    }


def _rated_or_403(request: AuthedRequest, public_id: UUID) -> Skp:
    skp = plan_or_404(request, public_id)
    if not can_rate(request.user, skp):
        raise PermissionDenied  # Nobody rates themselves or outside their line.
    return skp


@require_http_methods(["GET", "POST"])
def rate(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    """The appraiser rates a period: achievement and evidence beside the two ratings; the predikat is derived."""
    skp = _rated_or_403(request, public_id)
    default = previous_period(skp.pemda_id, skp.year)
    period = period_of_year(request.POST.get("period") or request.GET.get("period"), skp.year, default)
    if request.method == "GET":
        return TemplateResponse(request, "performance/rate.html", _rate_context(request, skp, period))
    rule = _unit_head_rule(skp, period)
    form = RatingForm(request.POST, work_result_fixed=rule["work_result"] if rule else None)
    status = 422
    if form.is_valid():
        data = form.cleaned_data
        try:
            evaluation = services.evaluation_record(
                actor=request.user, skp=skp, period=period, work_result=data["work_result"] or "meets",
                behaviour=data["behaviour"], note=data.get("note") or "")
        except DomainError as exc:
            form.apply_errors(exc)
            status = exc.http_status
        else:
            messages.success(request, _("%(period)s rated: %(predikat)s.")
                             % {"period": period, "predikat": evaluation.get_predikat_display()})
            return redirect("performance:evaluation-detail", public_id=evaluation.public_id)
    return TemplateResponse(request, "performance/rate.html", _rate_context(request, skp, period, form),
                            status=status)


def _preview(work_result: str | None, behaviour: str | None) -> dict:
    if not work_result or not behaviour:
        return {"predikat": None}
    return {"predikat": rules.predikat_for(work_result, behaviour)}


@require_GET
def rate_preview(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    """The predikat the two chosen ratings give (htmx); shown, never submitted."""
    skp = _rated_or_403(request, public_id)
    period = period_of_year(request.GET.get("period"), skp.year, previous_period(skp.pemda_id, skp.year))
    form = PredikatPreviewForm(request.GET)
    form.is_valid()
    rule = _unit_head_rule(skp, period)
    work_result = (rule["work_result"] if rule else None) or form.cleaned_data.get("work_result")
    return TemplateResponse(request, "performance/_predikat_preview.html",
                            {"preview": _preview(work_result, form.cleaned_data.get("behaviour"))})


# --- One rating: objection, decision, calibration ------------------------------------------------------------


def _evaluation_or_404(request: AuthedRequest, public_id: UUID):
    return get_object_or_404(
        evaluations_visible_to(request.user).select_related(
            "employee", "evaluator", "skp", "org_unit", "employee__current_position"),
        public_id=public_id,
    )


def _evaluation_context(request: AuthedRequest, evaluation, **forms) -> dict:
    actor = request.user
    me = actor_employee(actor)
    objection = evaluation.objections.select_related("decided_by").first()
    deadline = rules.objection_deadline(evaluation.rated_on, settings_for(evaluation.pemda_id).objection_window_days)
    is_owner = me is not None and me.pk == evaluation.employee_id
    context = {
        "evaluation": evaluation, "objection": objection, "deadline": deadline,
        "calibrations": list(evaluation.calibrations.select_related("calibrated_by")),
        "is_owner": is_owner, "window_open": timezone.localdate() <= deadline,
    }
    if is_owner and objection is None:
        context["objection_form"] = forms.get("objection_form") or ObjectionForm(prefix="objection")
    if objection is not None and objection.status == ObjectionStatus.PENDING and can_decide_objection(actor,
                                                                                                     objection):
        context["decision_form"] = forms.get("decision_form") or ObjectionDecisionForm(prefix="decision")
    if can_calibrate(actor, evaluation):
        context["calibration_form"] = forms.get("calibration_form") or CalibrationForm(
            prefix="calibration", initial={"work_result": evaluation.work_result, "behaviour": evaluation.behaviour})
    return context


@require_GET
def evaluation_detail(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    evaluation = _evaluation_or_404(request, public_id)
    return TemplateResponse(request, "performance/evaluation_detail.html", _evaluation_context(request, evaluation))


def _evaluation_refused(request, evaluation, status: int, **forms) -> HttpResponse:
    return TemplateResponse(request, "performance/evaluation_detail.html",
                            _evaluation_context(request, evaluation, **forms), status=status)


@require_POST
def objection_submit(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    """The employee objects to their rating within the window (PP 30/2019 Pasal 59)."""
    evaluation = _evaluation_or_404(request, public_id)
    me = actor_employee(request.user)
    if me is None or me.pk != evaluation.employee_id:
        raise PermissionDenied  # Only the rated employee objects.
    form = ObjectionForm(request.POST, prefix="objection")
    status = 422
    if form.is_valid():
        try:
            services.objection_submit(actor=request.user, evaluation=evaluation, text=form.cleaned_data["text"])
        except DomainError as exc:
            form.apply_errors(exc)
            status = exc.http_status
        else:
            messages.success(request, _("Objection sent to your appraiser's supervisor."))
            return redirect("performance:evaluation-detail", public_id=evaluation.public_id)
    return _evaluation_refused(request, evaluation, status, objection_form=form)


@require_POST
def objection_decide(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    """The appraiser's supervisor upholds (new ratings, the predikat re-derived) or rejects, with reasons."""
    objection = get_object_or_404(
        Objection.objects.filter(evaluation__in=evaluations_visible_to(request.user))
        .select_related("evaluation__employee", "evaluation__evaluator", "evaluation__org_unit"),
        public_id=public_id,
    )
    if not can_decide_objection(request.user, objection):
        raise PermissionDenied  # PP 30/2019 Pasal 59: the appraiser's own supervisor decides.
    evaluation = objection.evaluation
    form = ObjectionDecisionForm(request.POST, prefix="decision")
    status = 422
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.objection_decide(actor=request.user, objection=objection,
                                      upheld=data["decision_kind"] == ObjectionDecisionForm.UPHOLD,
                                      decision=data["decision"], work_result=data.get("work_result") or "",
                                      behaviour=data.get("behaviour") or "")
        except DomainError as exc:
            form.apply_errors(exc)
            status = exc.http_status
        else:
            messages.success(request, _("Decision on the objection recorded."))
            return redirect("performance:evaluation-detail", public_id=evaluation.public_id)
    return _evaluation_refused(request, evaluation, status, decision_form=form)


@require_POST
def evaluation_calibrate(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    """The authorised official changes a rating against the distribution, with a recorded reason."""
    evaluation = _evaluation_or_404(request, public_id)
    if not can_calibrate(request.user, evaluation):
        raise PermissionDenied
    form = CalibrationForm(request.POST, prefix="calibration")
    status = 422
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.evaluation_calibrate(actor=request.user, evaluation=evaluation, work_result=data["work_result"],
                                          behaviour=data["behaviour"], reason=data["reason"])
        except DomainError as exc:
            form.apply_errors(exc)
            status = exc.http_status
        else:
            messages.success(request, _("Rating calibrated; the reason is recorded."))
            return redirect("performance:evaluation-detail", public_id=evaluation.public_id)
    return _evaluation_refused(request, evaluation, status, calibration_form=form)


# --- Organisation ratings and the distribution -------------------------------------------------------------


def _report_period(request: AuthedRequest, pemda_id: int | None) -> tuple[int, str]:
    today = timezone.localdate()
    default = previous_period(pemda_id, today.year) if pemda_id else rules.periods_of("monthly", today.year)[0]
    period = clean_period(request.GET.get("period"), default)
    return int(period[:4]), period


def unit_rows(actor, parent: OrgUnit | None, period: str) -> list[dict]:
    """One row per unit under *parent* (the OPDs when None): counts per predikat, rating, allowed ranges.

    Three queries whatever the number of units and evaluations: the units,
    the counts grouped by unit branch and predikat, the organisation ratings.
    """
    units = units_visible_to(actor).filter(is_active=True)
    units = units.filter(parent=parent) if parent is not None else units.filter(parent__isnull=True)
    units = list(units.order_by("name"))
    width = (len(parent.path) if parent is not None else 0) + SEGMENT
    scope = evaluations_visible_to(actor).filter(period=period)
    if parent is not None:
        scope = scope.filter(path_within("org_unit__path", parent.path))
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    for row in (scope.annotate(branch=Substr("org_unit__path", 1, width)).values("branch", "predikat")
                .annotate(n=Count("pk"))):
        counts[row["branch"]][row["predikat"]] = row["n"]
    records = {r.org_unit_id: r for r in OrganisationRatingRecord.objects.filter(org_unit__in=units, period=period)}
    inherited = organisation_rating(parent, period) if parent is not None else None
    rows = []
    for unit in units:
        unit_counts = {p: counts.get(unit.path, {}).get(p, 0) for p in Predikat.values}
        record = records.get(unit.pk) or inherited
        ranges = rules.distribution_ranges(record.rating, unit_counts) if record else []
        rows.append({"unit": unit, "counts": unit_counts, "headcount": sum(unit_counts.values()), "record": record,
                     "own_record": unit.pk in records, "ranges": ranges,
                     "violations": [r for r in ranges if r.violated]})
    return rows


@require_GET
def distribution(request: AuthedRequest) -> HttpResponse:
    """A unit's predikat distribution against the range its organisation rating allows; or one row per OPD."""
    unit = report_unit(request)
    pemda_id = unit.pemda_id if unit is not None else request.user.pemda_id
    year, period = _report_period(request, pemda_id)
    context = {"unit": unit, "period": period, "year": year, "predikat": Predikat.choices,
               "periods": period_choices(pemda_id, year) if pemda_id else [str(year)]}
    if unit is not None:
        context["dist"] = distribution_of(request.user, unit=unit, period=period)
        context["record"] = organisation_rating(unit, period)
        context["chart"] = statistics.distribution_chart(
            context["dist"].counts, context["dist"].ranges,
            rating_label=context["record"].get_rating_display() if context["record"] else "")
        context["children"] = unit_rows(request.user, unit, period)
        if can_set_organisation_rating(request.user, unit):
            own = context["record"] if context["record"] and context["record"].org_unit_id == unit.pk else None
            context["rating_form"] = OrganisationRatingForm(initial={
                "period": period, "rating": own.rating if own else "", "reason": own.reason if own else ""})
        evaluations = (evaluations_visible_to(request.user).filter(period=period)
                       .filter(path_within("org_unit__path", unit.path))
                       .select_related("employee", "org_unit").order_by("employee__name", "pk"))
        context["page"] = paginate(request, evaluations)
    else:
        context["rows"] = unit_rows(request.user, None, period)
    template = "performance/distribution.html#report" if request.htmx else "performance/distribution.html"
    return TemplateResponse(request, template, context)


@require_POST
def organisation_rating_set(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    """Set a unit's capaian kinerja organisasi for a period (SE MenPANRB 3/2023, step 1)."""
    unit = get_object_or_404(units_visible_to(request.user), public_id=public_id)
    if not can_set_organisation_rating(request.user, unit):
        raise PermissionDenied  # Set by the head one level up, or the agency's authorised official.
    form = OrganisationRatingForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.organisation_rating_set(actor=request.user, unit=unit, period=data["period"],
                                             rating=data["rating"], reason=data.get("reason") or "")
        except DomainError as exc:
            messages.error(request, exc.message)
            status = exc.http_status
        else:
            messages.success(request, _("Organisation rating of %(unit)s for %(period)s set.")
                             % {"unit": unit.name, "period": data["period"]})
            return redirect(f"{reverse('performance:distribution')}?unit={unit.public_id}&period={data['period']}")
    else:
        status = 422
    period = form.cleaned_data.get("period") or _report_period(request, unit.pemda_id)[1]
    context = {"unit": unit, "period": period, "year": int(period[:4]), "predikat": Predikat.choices,
               "periods": period_choices(unit.pemda_id, int(period[:4])), "rating_form": form,
               "dist": distribution_of(request.user, unit=unit, period=period),
               "record": organisation_rating(unit, period), "children": unit_rows(request.user, unit, period),
               "page": paginate(request, evaluations_visible_to(request.user).filter(period=period).filter(
                   path_within("org_unit__path", unit.path)).select_related("employee", "org_unit")
                   .order_by("employee__name", "pk"))}
    return TemplateResponse(request, "performance/distribution.html", context, status=status)


# --- Follow-up ---------------------------------------------------------------------------------------------------

FOLLOW_UP_LISTS = {"reward": rules.FOLLOW_UP_REWARD, "development": rules.FOLLOW_UP_DEVELOPMENT}


@require_GET
def follow_up(request: AuthedRequest) -> HttpResponse:
    """Sangat Baik for rewards; Butuh Perbaikan, Kurang/Misconduct and Sangat Kurang for development."""
    unit = report_unit(request)
    pemda_id = unit.pemda_id if unit is not None else request.user.pemda_id
    year, period = _report_period(request, pemda_id)
    which = request.GET.get("list") if request.GET.get("list") in FOLLOW_UP_LISTS else "reward"
    scope = evaluations_visible_to(request.user).filter(period=period)
    if unit is not None:
        scope = scope.filter(path_within("org_unit__path", unit.path))
    totals = scope.aggregate(reward=Count("pk", filter=Q(predikat__in=rules.FOLLOW_UP_REWARD)),
                             development=Count("pk", filter=Q(predikat__in=rules.FOLLOW_UP_DEVELOPMENT)))
    listed = (scope.filter(predikat__in=FOLLOW_UP_LISTS[which]).select_related("employee", "org_unit")
              .order_by("predikat", "employee__name", "pk"))
    context = {"unit": unit, "period": period, "year": year, "which": which, "totals": totals,
               "page": paginate(request, listed),
               "periods": period_choices(pemda_id, year) if pemda_id else [str(year)]}
    template = "performance/follow_up.html#results" if request.htmx else "performance/follow_up.html"
    return TemplateResponse(request, template, context)


# --- Dashboard ---------------------------------------------------------------------------------------------------


def _achievement_expression():
    """rules.achievement() in SQL: realised / target × 100 (inverted when lower is better), within 0–200 %."""
    value = Cast(F("value"), FloatField())
    target = Cast(F("indicator__target_value"), FloatField())
    raw = Case(
        When(indicator__direction="lower", value__lte=0, then=Value(200.0)),
        When(indicator__direction="lower", then=target * 100.0 / value),
        When(indicator__target_value=0, then=Value(100.0)),
        default=value * 100.0 / target,
        output_field=FloatField(),
    )
    return Least(Value(200.0), Greatest(Value(0.0), raw))


def dashboard_figures(actor, unit: OrgUnit | None, year: int, period: str) -> dict:
    """The dashboard's figures in five grouped queries, whatever the size of the unit or agency."""
    evaluations = evaluations_visible_to(actor).filter(period=period)
    plans = skps_visible_to(actor).filter(year=year, status=PlanStatus.APPROVED)
    if unit is not None:
        evaluations = evaluations.filter(path_within("org_unit__path", unit.path))
        plans = plans.filter(path_within("org_unit__path", unit.path))
    counts = {p: 0 for p in Predikat.values}
    for row in evaluations.values("predikat").annotate(n=Count("pk")):
        counts[row["predikat"]] = row["n"]
    headcount = sum(counts.values())
    agreed = plans.count()
    realisations = Realisation.objects.filter(period=period, indicator__result__skp__in=plans)
    reported = realisations.values("indicator__result__skp_id").distinct().count()
    by_template = list(
        realisations.filter(indicator__template__isnull=False)
        .values("indicator__template_id", "indicator__template__name", "indicator__template__sector",
                "indicator__template__unit")
        .annotate(average=Avg(_achievement_expression()), reports=Count("pk"))
        .order_by("indicator__template__sector", "indicator__template__name")
    )
    for row in by_template:
        row["sector_label"] = Sector(row["indicator__template__sector"]).label
    return {
        "counts": counts, "headcount": headcount,
        "shares": {p: round(100 * n / headcount, 1) if headcount else 0 for p, n in counts.items()},
        "agreed": agreed, "reported": reported,
        "completeness": round(100 * reported / agreed, 1) if agreed else None,
        "by_template": by_template,
    }


def _period_label(code: str) -> str:
    """A short axis label: the month ("Mar") of a monthly period, "Q1"/"S2" otherwise."""
    part = code[5:]
    return date_format(rules.period_bounds(code)[0], "M") if part.isdigit() else part or code


def _completeness_rows(actor, unit: OrgUnit | None, year: int, pemda_id: int) -> list:
    plans = skps_visible_to(actor).filter(year=year, status=PlanStatus.APPROVED)
    if unit is not None:
        plans = plans.filter(path_within("org_unit__path", unit.path))
    return statistics.completeness_by_period(plans, rules.periods_of(settings_for(pemda_id).period_kind, year))


def _dashboard_data(actor, unit: OrgUnit | None, year: int, period: str, pemda_id: int | None) -> dict:
    """The dashboard's aggregates: from the cache when read in the last PAMONG_DASHBOARD_CACHE_SECONDS.

    At 50,000 employees they scan a year of SKPs and realisations (0.3–0.6 s); a leader's dashboard may be a few
    minutes old, and says from when ("figures as of …"). Cached per user, unit, year, period and language: what
    one actor may see is never served to another, and the view has checked the actor's rights before this.
    """
    ttl = settings.PAMONG_DASHBOARD_CACHE_SECONDS
    key = (f"performance:dashboard:{actor.pk}:{unit.pk if unit else 0}:{year}:{period}:{pemda_id or 0}:"
           f"{get_language()}")
    data = cache.get(key) if ttl else None
    if data is None:
        data = {"figures": dashboard_figures(actor, unit, year, period),
                "completeness": _completeness_rows(actor, unit, year, pemda_id) if pemda_id else None,
                "as_of": timezone.now()}
        for row in data["figures"]["by_template"]:
            row["sector_label"] = str(row["sector_label"])
        if ttl:
            cache.set(key, data, ttl)
    return data


def _dashboard_charts(year: int, pemda_id: int | None, unit: OrgUnit | None, context: dict,
                      completeness: list | None) -> list:
    """The distribution against its allowed ranges, and reporting completeness per period of the year."""
    record = context.get("record")
    found = [statistics.distribution_chart(
        context["figures"]["counts"], context.get("ranges") or [],
        rating_label=record.get_rating_display() if record else "", compare=unit is not None)]
    if pemda_id and completeness is not None:
        periods = rules.periods_of(settings_for(pemda_id).period_kind, year)
        found.append(statistics.completeness_chart(completeness, [_period_label(code) for code in periods]))
    return found


@require_GET
def dashboard(request: AuthedRequest) -> HttpResponse:
    """Unit head / agency leaders: predikat distribution, reporting completeness, achievement by sector indicator."""
    unit = report_unit(request)
    pemda_id = unit.pemda_id if unit is not None else request.user.pemda_id
    year, period = _report_period(request, pemda_id)
    data = _dashboard_data(request.user, unit, year, period, pemda_id)
    context = {"unit": unit, "period": period, "year": year, "predikat": Predikat.choices,
               "periods": period_choices(pemda_id, year) if pemda_id else [str(year)],
               "figures": data["figures"], "as_of": data["as_of"]}
    if unit is not None:
        record = organisation_rating(unit, period)
        context["record"] = record
        context["ranges"] = rules.distribution_ranges(record.rating, context["figures"]["counts"]) if record else []
    context["charts"] = _dashboard_charts(year, pemda_id, unit, context, data["completeness"])
    template = "performance/dashboard.html#figures" if request.htmx else "performance/dashboard.html"
    return TemplateResponse(request, template, context)
