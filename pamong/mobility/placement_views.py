"""Placement pages (issue #13): the runs of the agency, a new run (vacancies, pool, weights, threshold), a run's
result with its explanations, and the loss of an override (htmx, on demand per pair)."""

from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from pamong.core.errors import DomainError
from pamong.core.htmx import notify
from pamong.core.http import AuthedRequest
from pamong.core.pagination import paginate
from pamong.people.models import OrgUnit, Pemda
from pamong.people.selectors import actor_employee

from .capabilities import MobilityPerm
from .placement.scoring import COMPONENTS
from .placement_forms import COMPONENT_LABELS, PlacementForm, VacancyFilterForm
from .selectors.placement import loss_if_overridden, names_for, plan_comparison, run_list, runs_visible_to
from .services import placement as services


def _viewer(request: AuthedRequest) -> None:
    if not request.user.is_superuser and not request.user.has_perm(MobilityPerm.VIEW_ANY):
        raise PermissionDenied


@require_GET
def run_index(request: AuthedRequest) -> HttpResponse:
    _viewer(request)
    page = paginate(request, run_list(request.user))
    return TemplateResponse(request, "mobility/placement_list.html", {
        "page": page, "can_run": services.can_run_placements(request.user, request.user.pemda_id)})


@require_http_methods(["GET", "POST"])
def run_create(request: AuthedRequest) -> HttpResponse:
    if not services.can_run_placements(request.user, request.user.pemda_id):
        raise PermissionDenied
    pemda = get_object_or_404(Pemda, pk=request.user.pemda_id)
    unit_form = VacancyFilterForm(request.GET or None, pemda_id=pemda.pk)
    unit: OrgUnit | None = unit_form.cleaned_data.get("vacancy_unit") if unit_form.is_valid() else None
    form = PlacementForm(request.POST or None, pemda_id=pemda.pk, unit=unit)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                run = services.placement_run(request.user, pemda, **form.to_call())
            except DomainError as exc:
                form.apply_errors(exc)
            else:
                text = _("Placement solved: %(count)s posts filled.") % {"count": len(run.assignment)}
                if "self_excluded" in run.constraints.get("notices", []):
                    text += " " + _("You were left out of the candidates: nobody places themselves.")
                return notify(request, redirect("mobility:placement-detail", run.public_id), level="success",
                              text=text)
        status = 422
    me = actor_employee(request.user)
    return TemplateResponse(request, "mobility/placement_form.html", {
        "form": form, "unit_form": unit_form, "me": me}, status=status)


@require_GET
def run_detail(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    _viewer(request)
    run = get_object_or_404(runs_visible_to(request.user).select_related("created_by"), public_id=public_id)
    employees, positions = names_for(run)
    rows = []
    for pair in run.assignment:
        second = pair.get("runner_up")
        rows.append({
            "pair": pair, "employee": employees.get(pair["employee"]), "position": positions.get(pair["position"]),
            "components": [(COMPONENT_LABELS[name], pair["components"].get(name, 0)) for name in COMPONENTS],
            "runner_up": employees.get(second["employee"]) if second else None,
            "runner_up_score": second["score"] if second else None,
        })
    return TemplateResponse(request, "mobility/placement_detail.html", {
        "run": run, "rows": rows, "unfilled": [positions.get(item) for item in run.unfilled],
        "comparison": plan_comparison(run), "weights": [(COMPONENT_LABELS[n], run.weights.get(n)) for n in COMPONENTS],
        "excluded_counts": run.constraints.get("excluded_counts", {}),
    })


@require_GET
def run_loss(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    """The loss of total fit if HR overrides a pair (htmx fragment)."""
    _viewer(request)
    run = get_object_or_404(runs_visible_to(request.user), public_id=public_id)
    try:
        loss = loss_if_overridden(run, request.GET.get("employee", ""), request.GET.get("position", ""))
    except ValueError:
        return HttpResponse(status=404)
    return TemplateResponse(request, "mobility/placement_loss.html", {"loss": loss, "run": run})
