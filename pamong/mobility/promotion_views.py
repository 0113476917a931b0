"""KP/KGB proposal pages (issue #13; rules.md §8.1): the agency's proposals, one employee's eligibility with the
propose button, the bulk proposal from the KP/KGB list of a month, a proposal with its approval step and the
decision form.

Thin: parse → scoped selector → one service → render. Readers: HR, the executive and the auditor of the agency
(MobilityPerm.VIEW_ANY; 403 otherwise); proposers and deciders: the agency's HR (services.promotion). A refusal of
the service is shown on the form with its own status (403 self-decision, 409 already proposed/decided, 422 a
failing check).
"""

from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pamong.approvals.permissions import acting_capacity
from pamong.core.errors import DomainError
from pamong.core.htmx import notify
from pamong.core.http import AuthedRequest
from pamong.core.pagination import paginate
from pamong.people.selectors import actor_employee

from .promotion_forms import BulkForm, DecideForm, ProposalFilterForm, ProposeForm
from .promotion_models import ProposalStatus
from .selectors import lists
from .selectors import promotion as selectors
from .services import promotion as services

KINDS = (services.KP, services.KGB)


def _viewer(request: AuthedRequest) -> None:
    if not selectors.can_view_proposals(request.user):
        raise PermissionDenied


@require_GET
def proposal_index(request: AuthedRequest) -> HttpResponse:
    _viewer(request)
    form = ProposalFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return TemplateResponse(request, "mobility/promotion_list.html", {"form": form, "page": None}, status=422)
    filters = form.to_filters() if form.is_bound else selectors.ProposalFilters()
    page = paginate(request, selectors.proposal_list(request.user, filters))
    query = request.GET.copy()
    query.pop("page", None)
    return TemplateResponse(request, "mobility/promotion_list.html", {
        "form": form, "page": page, "query": query.urlencode(),
        "can_propose": services.can_propose(request.user)})


def _candidate(request: AuthedRequest, employee, kind: str) -> services.Candidate:
    today = timezone.localdate()
    if kind == services.KP:
        return services.kp_candidate(request.user, lists.eligibility(request.user, employee, today=today),
                                     strict=False)
    return services.kgb_candidate(employee, services.next_kgb(employee, today=today))


@require_http_methods(["GET", "POST"])
def propose(request: AuthedRequest, employee_id: UUID, kind: str) -> HttpResponse:
    """One employee's KP (or KGB) eligibility and the button that proposes it."""
    if kind not in KINDS:
        raise Http404
    if not services.can_propose(request.user):
        raise PermissionDenied
    employee = get_object_or_404(lists.list_scope(request.user).select_related(
        "current_golongan", "current_position", "current_unit"), public_id=employee_id)
    form = ProposeForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                proposal = services.promotion_propose(actor=request.user, employee=employee, kind=kind,
                                                      note=form.cleaned_data["note"])
            except DomainError as exc:
                form.apply_errors(exc)
                status = exc.http_status
            else:
                return notify(request, redirect("mobility:promotion-detail", proposal.public_id), level="success",
                              text=_("Proposed: %(what)s.") % {"what": services.describe(proposal)})
        else:
            status = 422
    candidate = _candidate(request, employee, kind)
    opened = selectors.open_proposals_by_employee([employee.pk], kp=kind == services.KP).get(employee.pk)
    return TemplateResponse(request, "mobility/promotion_propose.html", {
        "employee": employee, "kind": kind, "candidate": candidate, "form": form, "open_proposal": opened,
        "is_self": (me := actor_employee(request.user)) is not None and me.pk == employee.pk}, status=status)


@require_POST
def propose_bulk(request: AuthedRequest) -> HttpResponse:
    """Every eligible row of the KP/KGB list of a month; the page lists what was proposed and what was skipped."""
    if not services.can_propose(request.user):
        raise PermissionDenied
    form = BulkForm(request.POST)
    result, status = None, 200
    if form.is_valid():
        try:
            result = services.promotions_propose_bulk(actor=request.user, kind=form.cleaned_data["kind"],
                                                      period=form.cleaned_data["period"])
        except DomainError as exc:
            form.apply_errors(exc)
            status = exc.http_status
    else:
        status = 422
    return TemplateResponse(request, "mobility/promotion_bulk.html", {"form": form, "result": result},
                            status=status)


def _detail_context(request: AuthedRequest, proposal) -> dict:
    steps = selectors.proposal_steps(proposal)
    active = next((step for step in steps if step.state == "active"), None)
    me = actor_employee(request.user)
    own = proposal.proposed_by_id == request.user.pk or (me is not None and me.pk == proposal.employee_id)
    can_decide = bool(active is not None and proposal.status == ProposalStatus.PENDING and not own
                      and services.can_propose(request.user, proposal.pemda_id)
                      and acting_capacity(request.user, active)[0])
    return {"proposal": proposal, "steps": steps, "can_decide": can_decide, "own": own and active is not None}


def _proposal(request: AuthedRequest, public_id: UUID):
    return get_object_or_404(selectors.proposals_visible_to(request.user).select_related(
        "employee", "employee__current_unit", "from_golongan", "to_golongan", "proposed_by", "decided_by"),
        public_id=public_id)


@require_GET
def proposal_detail(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    _viewer(request)
    proposal = _proposal(request, public_id)
    context = _detail_context(request, proposal)
    context["form"] = DecideForm()
    return TemplateResponse(request, "mobility/promotion_detail.html", context)


@require_POST
def proposal_decide(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    _viewer(request)
    proposal = _proposal(request, public_id)
    if not services.can_propose(request.user, proposal.pemda_id):
        raise PermissionDenied
    form = DecideForm(request.POST)
    status = 422
    if form.is_valid():
        try:
            proposal = services.promotion_decide(actor=request.user, proposal=proposal,
                                                 outcome=form.cleaned_data["outcome"],
                                                 reason=form.cleaned_data["reason"])
        except DomainError as exc:
            form.apply_errors(exc)
            status = exc.http_status
        else:
            text = (_("Approved: %(what)s.") if proposal.status == ProposalStatus.APPROVED
                    else _("Not approved: %(what)s.")) % {"what": services.describe(proposal)}
            return notify(request, redirect("mobility:promotion-detail", proposal.public_id), level="success",
                          text=text)
    context = _detail_context(request, proposal)
    context["form"] = form
    return TemplateResponse(request, "mobility/promotion_detail.html", context, status=status)
