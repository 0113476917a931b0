"""Succession plan pages (issue #13, rules.md §6): the agency's plans, a new plan for a key position, a plan with
its candidates (readiness, fit and its components, box, development action) and the suggestions from the talent
pool ranked by fit. The agency's HR, executive and auditor read; HR writes."""

from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pamong.core.errors import DomainError
from pamong.core.htmx import notify
from pamong.core.http import AuthedRequest
from pamong.people.models import Employee, Pemda

from .capabilities import MobilityPerm
from .models import SuccessionCandidate
from .placement.scoring import COMPONENTS
from .placement_forms import COMPONENT_LABELS
from .selectors import talent as reads
from .services import talent as services
from .talent_forms import CandidateForm, ReadinessForm, SuccessionPlanForm


def _viewer(request: AuthedRequest) -> None:
    if not request.user.pemda_id or not request.user.has_perm(MobilityPerm.VIEW_ANY):
        raise PermissionDenied


def _manager(request: AuthedRequest) -> None:
    if not services.can_manage_talent(request.user, request.user.pemda_id):
        raise PermissionDenied


def _components(values: dict) -> list[tuple[str, float]]:
    return [(COMPONENT_LABELS[name], values.get(name, 0)) for name in COMPONENTS]


@require_GET
def plan_index(request: AuthedRequest) -> HttpResponse:
    _viewer(request)
    plans = list(reads.plan_list(request.user))
    holders = reads.holders_of([plan.position_id for plan in plans])
    for plan in plans:
        plan.holders = holders.get(plan.position_id, [])
    return TemplateResponse(request, "mobility/succession_list.html", {
        "plans": plans, "can_manage": services.can_manage_talent(request.user, request.user.pemda_id)})


@require_http_methods(["GET", "POST"])
def plan_create(request: AuthedRequest) -> HttpResponse:
    _manager(request)
    pemda = get_object_or_404(Pemda, pk=request.user.pemda_id)
    form = SuccessionPlanForm(request.POST or None, pemda_id=pemda.pk)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                plan = services.succession_plan_create(actor=request.user, pemda=pemda,
                                                       position=form.cleaned_data["position"],
                                                       note=form.cleaned_data["note"])
            except DomainError as exc:
                form.apply_errors(exc)
            else:
                return notify(request, redirect("mobility:succession-detail", plan.public_id), level="success",
                              text=_("Succession plan created: add candidates from the talent pool."))
        status = 422
    return TemplateResponse(request, "mobility/succession_form.html", {"form": form}, status=status)


def _plan(request: AuthedRequest, public_id: UUID):
    return get_object_or_404(reads.plans_visible_to(request.user).select_related("position", "position__org_unit"),
                             public_id=public_id)


def _detail(request: AuthedRequest, plan, *, candidate_form=None, status: int = 200) -> HttpResponse:
    can_manage = services.can_manage_talent(request.user, plan.pemda_id)
    candidates = reads.candidates_of(plan)
    for candidate in candidates:
        candidate.component_rows = _components(candidate.components)
    suggestions = services.succession_suggestions(request.user, plan) if can_manage else []
    for row in suggestions:
        row["component_rows"] = _components(row["components"])
    return TemplateResponse(request, "mobility/succession_detail.html", {
        "plan": plan, "candidates": candidates, "suggestions": suggestions, "can_manage": can_manage,
        "holders": reads.holders_of([plan.position_id]).get(plan.position_id, []),
        "candidate_form": candidate_form or CandidateForm(), "readiness_choices": ReadinessForm.base_fields[
            "readiness"].choices}, status=status)


@require_GET
def plan_detail(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    _viewer(request)
    return _detail(request, _plan(request, public_id))


@require_POST
def candidate_add(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    _viewer(request)
    plan = _plan(request, public_id)
    _manager(request)
    form = CandidateForm(request.POST)
    if form.is_valid():
        employee = Employee.objects.filter(pemda_id=plan.pemda_id, nip=form.cleaned_data["nip"]).first()
        try:
            if employee is None:
                raise DomainError(_("No employee of the agency has this NIP."), extra={"fields": {"nip": [
                    _("No employee of the agency has this NIP.")]}})
            services.succession_candidate_add(actor=request.user, plan=plan, employee=employee,
                                              readiness=form.cleaned_data["readiness"])
        except DomainError as exc:
            form.apply_errors(exc)
        else:
            return notify(request, redirect("mobility:succession-detail", plan.public_id), level="success",
                          text=_("%(name)s added as a candidate.") % {"name": employee.full_name})
    return _detail(request, plan, candidate_form=form, status=422)


def _candidate(request: AuthedRequest, public_id: UUID, candidate_id: UUID) -> SuccessionCandidate:
    _viewer(request)
    plan = _plan(request, public_id)
    _manager(request)
    return get_object_or_404(plan.candidates.select_related("employee", "plan", "plan__position"),
                             public_id=candidate_id)


@require_POST
def candidate_update(request: AuthedRequest, public_id: UUID, candidate_id: UUID) -> HttpResponse:
    candidate = _candidate(request, public_id, candidate_id)
    form = ReadinessForm(request.POST)
    if not form.is_valid():
        return notify(request, redirect("mobility:succession-detail", public_id), level="error",
                      text=_("Choose the readiness: ready now, in 1–2 years, or later."))
    services.succession_candidate_update(actor=request.user, candidate=candidate,
                                         readiness=form.cleaned_data["readiness"])
    return notify(request, redirect("mobility:succession-detail", public_id), level="success",
                  text=_("Readiness of %(name)s saved.") % {"name": candidate.employee.full_name})


@require_POST
def candidate_remove(request: AuthedRequest, public_id: UUID, candidate_id: UUID) -> HttpResponse:
    candidate = _candidate(request, public_id, candidate_id)
    name = candidate.employee.full_name
    services.succession_candidate_remove(actor=request.user, candidate=candidate)
    return notify(request, redirect("mobility:succession-detail", public_id), level="success",
                  text=_("%(name)s removed from the plan.") % {"name": name})


@require_POST
def candidate_develop(request: AuthedRequest, public_id: UUID, candidate_id: UUID) -> HttpResponse:
    candidate = _candidate(request, public_id, candidate_id)
    try:
        services.succession_candidate_develop(actor=request.user, candidate=candidate)
    except DomainError as exc:
        return notify(request, redirect("mobility:succession-detail", public_id), level="error", text=exc.message)
    return notify(request, redirect("mobility:succession-detail", public_id), level="success",
                  text=_("A development action for %(name)s was added to their development plan.")
                  % {"name": candidate.employee.full_name})
