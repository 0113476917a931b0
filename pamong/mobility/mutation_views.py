"""Mutation pages (issue #13; rules.md §8): the proposals, a new proposal with its checklist previewed live (htmx),
a proposal with its checklist, approval steps, decision and decree, and proposals drafted from a placement run."""

from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pamong.core.htmx import notify
from pamong.core.http import AuthedRequest
from pamong.core.pagination import paginate
from pamong.people.selectors import actor_employee

from .mutation_audit import MutationError
from .mutation_documents import decree_pdf
from .mutation_forms import CancelForm, DecisionForm, MutationFilterForm, MutationForm
from .mutation_models import MutationKind, MutationStatus, ProposerRole
from .selectors.mutation import (
    MutationFilters,
    approval_steps_of,
    awaiting_step,
    eligibility,
    proposal_detail_queryset,
    proposal_list,
)
from .selectors.placement import runs_visible_to
from .services import mutation as services


def _refuse_403(exc: MutationError) -> None:
    if exc.http_status == 403:
        raise PermissionDenied(exc.message)


@require_GET
def mutation_index(request: AuthedRequest) -> HttpResponse:
    form = MutationFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    filters = MutationFilters(status=data.get("status", ""), kind=data.get("kind", ""), q=data.get("q", ""))
    page = paginate(request, proposal_list(request.user, filters))
    return TemplateResponse(request, "mobility/mutation_list.html", {
        "page": page, "form": form, "can_propose": services.can_propose_any(request.user)})


def _preview(request: AuthedRequest, form: MutationForm) -> list[dict] | None:
    """The checklist of the form's current values (no write), or None while the employee or TMT is missing."""
    form.is_valid()
    data = form.cleaned_data
    employee, on = data.get("employee"), data.get("effective_date")
    kind = data.get("kind") or MutationKind.INTRA
    if employee is None or on is None:
        return None
    role = services.can_propose(request.user, employee)
    if role is None:
        form.add_error("employee", _("You may propose a mutation only for yourself, for an employee of your unit "
                                     "tree (unit head) or as HR of the agency."))
        return None
    return eligibility(request.user, employee, kind=kind,
                       position=data.get("position") if kind == MutationKind.INTRA else None,
                       is_own_request=role == ProposerRole.OWN_REQUEST, reference=on)


@require_http_methods(["GET", "POST"])
def mutation_create(request: AuthedRequest) -> HttpResponse:
    if not services.can_propose_any(request.user):
        raise PermissionDenied
    me = actor_employee(request.user)
    initial = {}
    if me is not None and not request.user.has_perm(services.MobilityPerm.MANAGE):
        initial["employee"] = me.nip
    if request.GET.get("employee"):
        initial["employee"] = request.GET["employee"]
    bound = request.POST if request.method == "POST" else (request.GET if "preview" in request.GET else None)
    form = MutationForm(bound, pemda_id=request.user.pemda_id, initial=initial)
    status = 200
    checks = _preview(request, form) if request.method == "GET" and bound is not None else None
    if request.htmx and request.method == "GET":
        return TemplateResponse(request, "mobility/mutation_form.html#checklist", {"checks": checks, "form": form})
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            intra = data["kind"] == MutationKind.INTRA
            try:
                proposal = services.mutation_create(
                    actor=request.user, employee=data["employee"], kind=data["kind"],
                    position=data["position"] if intra else None,
                    destination_agency="" if intra else data["destination_agency"],
                    destination_position="" if intra else data["destination_position"],
                    effective_date=data["effective_date"], reason=data["reason"],
                    override_reason=data["override_reason"], submit=not data["draft"])
            except MutationError as exc:
                if exc.field_errors:
                    form.apply_errors(exc)
                else:  # a refusal of the person chosen (not authorised, an open proposal) or a failed check
                    form.add_error("employee" if exc.http_status in (403, 409) else None, exc.message)
                checks = exc.extra.get("checks")
            else:
                text = (_("Mutation proposal saved as a draft.") if data["draft"]
                        else _("Mutation proposal submitted for approval."))
                return notify(request, redirect("mobility:mutation-detail", proposal.public_id), level="success",
                              text=text)
        status = 422
    return TemplateResponse(request, "mobility/mutation_form.html", {"form": form, "checks": checks},
                            status=status)


def _detail_context(request: AuthedRequest, proposal, decision_form=None) -> dict:
    step = awaiting_step(proposal) if proposal.status == MutationStatus.PENDING else None
    return {
        "proposal": proposal, "steps": approval_steps_of(proposal), "active_step": step,
        "can_decide": step is not None and services.can_decide(request.user, proposal, step),
        "can_submit": services.can_submit(request.user, proposal),
        "can_cancel": services.can_cancel(request.user, proposal), "cancel_form": CancelForm(),
        "decision_form": decision_form or DecisionForm(),
    }


@require_GET
def mutation_detail(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    proposal = get_object_or_404(proposal_detail_queryset(request.user), public_id=public_id)
    return TemplateResponse(request, "mobility/mutation_detail.html", _detail_context(request, proposal))


@require_POST
def mutation_submit(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    proposal = get_object_or_404(proposal_detail_queryset(request.user), public_id=public_id)
    try:
        services.mutation_submit(actor=request.user, proposal=proposal)
    except MutationError as exc:
        _refuse_403(exc)
        return notify(request, redirect("mobility:mutation-detail", proposal.public_id), level="error",
                      text=exc.message)
    return notify(request, redirect("mobility:mutation-detail", proposal.public_id), level="success",
                  text=_("Mutation proposal submitted for approval."))


@require_POST
def mutation_decide(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    proposal = get_object_or_404(proposal_detail_queryset(request.user), public_id=public_id)
    if not services.can_decide(request.user, proposal):
        raise PermissionDenied
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            decided = services.mutation_decide(actor=request.user, proposal=proposal,
                                               outcome=form.cleaned_data["outcome"],
                                               reason=form.cleaned_data["reason"])
        except MutationError as exc:
            _refuse_403(exc)
            for name, messages in exc.field_errors.items():
                form.add_error(name if name in form.fields else None, messages)
            if not exc.field_errors:
                form.add_error(None, exc.message)
        else:
            text = {MutationStatus.APPROVED: _("Mutation approved: decree %(decree)s issued."),
                    MutationStatus.REJECTED: _("Mutation not approved.")}.get(
                decided.status, _("Your answer was recorded; the proposal goes to the next step.")) % {
                "decree": decided.decree_number}
            return notify(request, redirect("mobility:mutation-detail", proposal.public_id), level="success",
                          text=text)
    proposal.refresh_from_db()
    return TemplateResponse(request, "mobility/mutation_detail.html", _detail_context(request, proposal, form),
                            status=422)


@require_POST
def mutation_cancel(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    proposal = get_object_or_404(proposal_detail_queryset(request.user), public_id=public_id)
    if not services.can_cancel(request.user, proposal):
        raise PermissionDenied
    form = CancelForm(request.POST)
    if form.is_valid():
        try:
            services.mutation_cancel(actor=request.user, proposal=proposal, reason=form.cleaned_data["reason"])
        except MutationError as exc:
            _refuse_403(exc)
            form.apply_errors(exc)
        else:
            return notify(request, redirect("mobility:mutation-detail", proposal.public_id), level="success",
                          text=_("Mutation proposal withdrawn."))
    return TemplateResponse(request, "mobility/mutation_detail.html",
                            {**_detail_context(request, proposal), "cancel_form": form}, status=422)


@require_GET
def mutation_decree(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    proposal = get_object_or_404(proposal_detail_queryset(request.user).select_related("pemda"),
                                 public_id=public_id, status=MutationStatus.APPROVED)
    response = HttpResponse(decree_pdf(proposal), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="sk-mutasi-{proposal.employee.nip}.pdf"'
    return response


@require_POST
def placement_propose(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    """Draft proposals from a run's assignment (or the pairs ticked), skipping ineligible ones with a report."""
    run = get_object_or_404(runs_visible_to(request.user), public_id=public_id)
    if not services.is_hr(request.user, run.pemda_id):
        raise PermissionDenied
    on = parse_date(request.POST.get("effective_date") or "")
    chosen = [item.split("|", 1) for item in request.POST.getlist("pair") if "|" in item]
    try:
        report = services.mutations_from_placement(actor=request.user, run=run, effective_date=on,
                                                   pairs=chosen or None)
    except MutationError as exc:
        _refuse_403(exc)
        return notify(request, redirect("mobility:placement-detail", run.public_id), level="error",
                      text=exc.message)
    return TemplateResponse(request, "mobility/mutation_placement_report.html", {"run": run, "report": report,
                                                                                  "effective_date": on})

