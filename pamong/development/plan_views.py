"""HTML pages of individual development plans: my plan, a plan's detail (items, agreement history), its items,
the supervisor's review (through the approval engine), and the overview of the agency's plans."""

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pamong.approvals.permissions import can_act_on_step
from pamong.approvals.services import step_act
from pamong.core.errors import DomainError
from pamong.core.http import AuthedRequest
from pamong.core.pagination import paginate
from pamong.people.selectors import actor_employee, employees_visible_to, has_subordinates, units_visible_to
from pamong.performance.choices import Predikat

from .capabilities import DevelopmentPerm
from .choices import PlanOrigin, PlanStatus
from .models import Competency, DevelopmentPlan, DevelopmentPlanItem, LearningActivity
from .permissions import can_manage, is_self
from .plan_forms import CancelForm, DraftForm, GoalForm, ItemForm, ReviewForm
from .selectors.competencies import employee_gaps
from .selectors.plans import (
    ACTIVITIES_LISTED,
    approval_history,
    approval_steps_of,
    awaiting_step,
    decorate_items,
    open_activities,
    overview,
    plan_detail_queryset,
    plan_of,
    plans_visible_to,
    with_detail,
)
from .services import plans as services

DETAIL = "development/plans/plan_detail.html"
ITEM_FORM = "development/plans/item_form.html"


def plan_or_404(request: AuthedRequest, public_id: UUID) -> DevelopmentPlan:
    """The plan if the actor may see it, or if its agreement awaits the actor (e.g. as Plt of the supervisor's
    post). Out of scope reads as "not found"."""
    found = plan_detail_queryset(request.user).filter(public_id=public_id).first()
    if found is not None:
        return found
    plan = get_object_or_404(DevelopmentPlan.objects.select_related("employee"), public_id=public_id)
    if awaiting_step(request.user, plan) is None:
        raise Http404
    return with_detail(DevelopmentPlan.objects.filter(pk=plan.pk)).get()


def _detail_context(request: AuthedRequest, plan: DevelopmentPlan, **forms) -> dict:
    actor = request.user
    items = decorate_items(plan)
    editable = plan.status in services.EDITABLE and services.can_edit_plan(actor, plan)
    step = awaiting_step(actor, plan)
    context = {
        "plan": plan, "items": items, "history": approval_history(plan), "can_edit": editable,
        "can_submit": editable and is_self(actor, plan.employee),
        "can_cancel": plan.status != PlanStatus.CANCELLED and can_manage(actor, plan.pemda_id),
        "review_step": step if step is not None and can_act_on_step(actor, step) else None,
        "today": timezone.localdate(),
        "predikat_label": Predikat(plan.predikat).label if plan.predikat in Predikat.values else plan.predikat,
    }
    if editable:
        context["goal_form"] = forms.get("goal_form") or GoalForm(initial={"goal": plan.goal})
    if context["review_step"] is not None:
        context["review_form"] = forms.get("review_form") or ReviewForm()
    if context["can_cancel"]:
        context["cancel_form"] = forms.get("cancel_form") or CancelForm()
    return context


def _refused(request: AuthedRequest, plan: DevelopmentPlan, exc: DomainError) -> HttpResponse:
    messages.error(request, exc.message)
    fresh = plan_or_404(request, plan.public_id)
    return TemplateResponse(request, DETAIL, _detail_context(request, fresh), status=exc.http_status)


# --- My plan, drafting ----------------------------------------------------------------------------------------


@require_GET
def plan_mine(request: AuthedRequest) -> HttpResponse:
    """The actor's plan of the year, or the gaps it would be drafted from and a "Draft my plan" button."""
    me = actor_employee(request.user)
    year = timezone.localdate().year
    plan = plan_of(me, year) if me is not None else None
    if plan is not None:
        return redirect("development:plan-detail", public_id=plan.public_id)
    gaps = [g for g in employee_gaps(me) if g.gap > 0] if me is not None else []
    return TemplateResponse(request, "development/plans/plan_mine.html",
                            {"me": me, "year": year, "gaps": gaps, "draft_form": DraftForm(initial={"year": year})})


@require_POST
def plan_draft(request: AuthedRequest) -> HttpResponse:
    """Draft a plan from the gaps: one's own, or (supervisor, HR) an employee's given by public id."""
    form = DraftForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a valid year."))
        return redirect("development:plan-mine")
    employee = actor_employee(request.user)
    if form.cleaned_data.get("employee"):
        employee = get_object_or_404(employees_visible_to(request.user), public_id=form.cleaned_data["employee"])
    if employee is None:
        raise PermissionDenied
    try:
        plan = services.plan_draft(actor=request.user, employee=employee, year=form.cleaned_data["year"])
    except DomainError as exc:
        messages.error(request, exc.message)
        existing = plan_of(employee, form.cleaned_data["year"])
        if existing is not None and plans_visible_to(request.user).filter(pk=existing.pk).exists():
            return redirect("development:plan-detail", public_id=existing.public_id)
        return redirect("development:plan-mine")
    messages.success(request, _("Development plan drafted from the competency gaps: check the items."))
    return redirect("development:plan-detail", public_id=plan.public_id)


# --- Detail, goal, items --------------------------------------------------------------------------------------


@require_GET
def plan_detail(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    plan = plan_or_404(request, public_id)
    return TemplateResponse(request, DETAIL, _detail_context(request, plan))


@require_POST
def plan_goal(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    plan = plan_or_404(request, public_id)
    form = GoalForm(request.POST)
    if form.is_valid():
        try:
            services.plan_goal_set(actor=request.user, plan=plan, goal=form.cleaned_data["goal"])
        except DomainError as exc:
            return _refused(request, plan, exc)
        messages.success(request, _("Goal saved."))
        return redirect("development:plan-detail", public_id=plan.public_id)
    return TemplateResponse(request, DETAIL, _detail_context(request, plan, goal_form=form), status=422)


def _item_form(request: AuthedRequest, plan: DevelopmentPlan, item: DevelopmentPlanItem | None, data=None):
    """The item form; its activity choices are the agency's open activities (plus the one already linked)."""
    activities = LearningActivity.objects.filter(pk__in=open_activities(request.user).values("pk"))
    if item is not None and item.activity_id:
        activities = LearningActivity.objects.filter(Q(pk__in=open_activities(request.user).values("pk"))
                                                     | Q(pk=item.activity_id))
    competencies = Competency.objects.filter(pemda_id=plan.pemda_id, is_active=True)
    initial = None
    if item is not None:
        initial = {"description": item.description, "competency": item.competency.public_id if item.competency_id
                   else None, "target_level": item.target_level, "form": item.form, "target_date": item.target_date,
                   "planned_jp": item.planned_jp,
                   "activity": item.activity.public_id if item.activity_id else None}
    if data is None and request.GET.get("_search"):
        data = request.GET  # the search without JavaScript: the form comes back as it was typed
        return ItemForm(initial=dict(data.items()), competencies=competencies, activities=activities)
    return ItemForm(data, initial=initial, competencies=competencies, activities=activities)


def _item_page(request: AuthedRequest, plan: DevelopmentPlan, item, form, status: int = 200) -> HttpResponse:
    term = request.GET.get("q") or request.POST.get("q") or ""
    selected = form["activity"].value()
    listed = list(open_activities(request.user, term)[:ACTIVITIES_LISTED])
    if item is not None and item.activity_id and item.activity not in listed:
        listed.insert(0, item.activity)
    return TemplateResponse(request, ITEM_FORM, {
        "plan": plan, "item": item, "form": form, "term": term, "activities": listed,
        "selected": str(selected) if selected else ""}, status=status)


def _editable_or_403(request: AuthedRequest, plan: DevelopmentPlan) -> None:
    if not services.can_edit_plan(request.user, plan):
        raise PermissionDenied


@require_http_methods(["GET", "POST"])
def plan_item_add(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    plan = plan_or_404(request, public_id)
    _editable_or_403(request, plan)
    if request.method == "GET":
        return _item_page(request, plan, None, _item_form(request, plan, None))
    form = _item_form(request, plan, None, request.POST)
    status = 422
    if form.is_valid():
        try:
            services.plan_item_add(actor=request.user, plan=plan, **_item_data(form))
        except DomainError as exc:
            form.apply_errors(exc)
            status = exc.http_status
        else:
            messages.success(request, _("Item added."))
            return redirect("development:plan-detail", public_id=plan.public_id)
    return _item_page(request, plan, None, form, status)


def _item_data(form: ItemForm) -> dict:
    data = form.cleaned_data
    return {"description": data["description"], "competency": data.get("competency"),
            "target_level": data.get("target_level"), "activity": data.get("activity"), "form": data.get("form") or "",
            "target_date": data.get("target_date"), "planned_jp": data.get("planned_jp")}


def _item_or_404(plan: DevelopmentPlan, item_id: UUID) -> DevelopmentPlanItem:
    return get_object_or_404(DevelopmentPlanItem.objects.select_related("competency", "activity", "plan__employee"),
                             plan=plan, public_id=item_id)


@require_http_methods(["GET", "POST"])
def plan_item_edit(request: AuthedRequest, public_id: UUID, item_id: UUID) -> HttpResponse:
    plan = plan_or_404(request, public_id)
    _editable_or_403(request, plan)
    item = _item_or_404(plan, item_id)
    if request.method == "GET":
        return _item_page(request, plan, item, _item_form(request, plan, item))
    form = _item_form(request, plan, item, request.POST)
    status = 422
    if form.is_valid():
        try:
            services.plan_item_update(actor=request.user, item=item, **_item_data(form))
        except DomainError as exc:
            form.apply_errors(exc)
            status = exc.http_status
        else:
            messages.success(request, _("Item saved."))
            return redirect("development:plan-detail", public_id=plan.public_id)
    return _item_page(request, plan, item, form, status)


@require_POST
def plan_item_remove(request: AuthedRequest, public_id: UUID, item_id: UUID) -> HttpResponse:
    plan = plan_or_404(request, public_id)
    _editable_or_403(request, plan)
    item = _item_or_404(plan, item_id)
    try:
        services.plan_item_remove(actor=request.user, item=item)
    except DomainError as exc:
        return _refused(request, plan, exc)
    messages.success(request, _("Item removed."))
    return redirect("development:plan-detail", public_id=plan.public_id)


@require_GET
def plan_activity_options(request: AuthedRequest) -> HttpResponse:
    """The open activities matching the search, as the radio list of the item form (htmx)."""
    term = request.GET.get("q") or ""
    return TemplateResponse(request, "development/plans/_activity_options.html", {
        "activities": list(open_activities(request.user, term)[:ACTIVITIES_LISTED]), "term": term,
        "selected": request.GET.get("activity") or ""})


# --- Submission, agreement, cancellation ----------------------------------------------------------------------


@require_POST
def plan_submit(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    plan = plan_or_404(request, public_id)
    try:
        services.plan_submit(actor=request.user, plan=plan)
    except DomainError as exc:
        return _refused(request, plan, exc)
    messages.success(request, _("Sent to your supervisor for agreement."))
    return redirect("development:plan-detail", public_id=plan.public_id)


@require_http_methods(["GET", "POST"])
def plan_review(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    """The supervisor agrees to the plan or sends it back with a reason (approvals.services.step_act)."""
    plan = plan_or_404(request, public_id)
    step = awaiting_step(request.user, plan)
    if step is None or not can_act_on_step(request.user, step):
        me = actor_employee(request.user)
        answered = me is not None and approval_steps_of(plan).filter(acted_by=me).exists()
        if request.method == "POST" or not answered:
            raise PermissionDenied  # Only the supervisor (or their Plt/Plh) answers, and only while submitted.
        return redirect("development:plan-detail", public_id=plan.public_id)  # answered already (an old link)
    if request.method == "GET":
        return TemplateResponse(request, DETAIL, _detail_context(request, plan))
    form = ReviewForm(request.POST)
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
            messages.success(request, _("Development plan agreed.") if agreed else _("Sent back for changes."))
            return redirect("development:plan-detail", public_id=plan.public_id)
    return TemplateResponse(request, DETAIL, _detail_context(request, plan, review_form=form), status=status)


@require_POST
def plan_cancel(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    plan = plan_or_404(request, public_id)
    if not can_manage(request.user, plan.pemda_id):
        raise PermissionDenied
    form = CancelForm(request.POST)
    if not form.is_valid():
        return TemplateResponse(request, DETAIL, _detail_context(request, plan, cancel_form=form), status=422)
    try:
        services.plan_cancel(actor=request.user, plan=plan, reason=form.cleaned_data["reason"])
    except DomainError as exc:
        return _refused(request, plan, exc)
    messages.success(request, _("Development plan cancelled."))
    return redirect("development:plan-detail", public_id=plan.public_id)


# --- Overview -------------------------------------------------------------------------------------------------


def _may_overview(actor) -> bool:
    return actor.is_superuser or actor.has_perm(DevelopmentPerm.VIEW_ANY) or has_subordinates(actor)


@require_GET
def plan_overview(request: AuthedRequest) -> HttpResponse:
    """Plans of the agency (HR, executive, auditor) or of the actor's line (supervisor) by status and origin."""
    if not _may_overview(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year") or today.year)
    except ValueError:
        year = today.year
    year = min(max(year, 2000), 2100)
    unit = None
    if request.GET.get("unit"):
        try:
            unit = units_visible_to(request.user).filter(public_id=UUID(request.GET["unit"])).first()
        except ValueError:
            unit = None
    status, origin = request.GET.get("status") or "", request.GET.get("origin") or ""
    figures = overview(request.user, year=year, unit=unit, status=status, origin=origin, today=today)
    context = {**figures, "page": paginate(request, figures["plans"]), "year": year, "unit": unit,
               "status": status, "origin": origin, "today": today, "statuses": PlanStatus.choices,
               "origins": PlanOrigin.choices, "units": units_visible_to(request.user).order_by("path"),
               "can_run": can_manage(request.user, request.user.pemda_id) and request.user.pemda_id is not None}
    template = "development/plans/overview.html#results" if request.htmx else "development/plans/overview.html"
    return TemplateResponse(request, template, context)


@require_POST
def plan_follow_up_run(request: AuthedRequest) -> HttpResponse:
    """HR drafts the follow-up plans of its agency now (the daily job does it too)."""
    if request.user.pemda_id is None or not can_manage(request.user, request.user.pemda_id):
        raise PermissionDenied
    year = timezone.localdate().year
    drafted = services.follow_up_plans_draft(actor=request.user, year=year, pemda_id=request.user.pemda_id)
    messages.success(request, _("%(n)d follow-up plan(s) drafted.") % {"n": drafted})
    return redirect("development:plan-overview")
