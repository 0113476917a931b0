"""HTML pages of attendance corrections: the list (mine, to decide, all for HR), the request form (prefilled from
the employee's month with ?date=), the detail with the supervisor's decision (approvals.services.step_act through
services.corrections.correction_decide), the withdrawal and the supporting document."""

from datetime import date
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pamong.approvals.choices import Outcome
from pamong.approvals.permissions import can_act_on_step
from pamong.audit.services import audit_record
from pamong.core.errors import DomainError
from pamong.core.http import AuthedRequest
from pamong.core.pagination import paginate
from pamong.people.selectors import actor_employee

from .correction_forms import CorrectionFilterForm, CorrectionForm, DecisionForm, WithdrawForm
from .models import AttendanceDay, DayCorrection
from .selectors.corrections import correction_detail_queryset, correction_list
from .services import corrections as services

DETAIL = "attendance/corrections/detail.html"


def correction_or_404(request: AuthedRequest, public_id: UUID) -> DayCorrection:
    found = correction_detail_queryset(request.user).filter(public_id=public_id).first()
    if found is None:
        raise Http404
    return found


def _detail_context(request: AuthedRequest, correction: DayCorrection, **forms) -> dict:
    actor = request.user
    step = services.awaiting_step(actor, correction)
    step = step if step is not None and can_act_on_step(actor, step) else None
    days = AttendanceDay.objects.filter(employee_id=correction.employee_id,
                                        date__range=(correction.start, correction.end)).order_by("date")
    context = {"correction": correction, "days": days, "step": step,
               "can_withdraw": services.can_withdraw(actor, correction),
               "history": correction.process.steps.select_related("acted_by").order_by("order")
               if correction.process_id else []}
    if step is not None:
        context["decision_form"] = forms.get("decision_form") or DecisionForm()
    if context["can_withdraw"]:
        context["withdraw_form"] = forms.get("withdraw_form") or WithdrawForm()
    return context


@require_GET
def correction_list_view(request: AuthedRequest) -> HttpResponse:
    form = CorrectionFilterForm(request.GET or None)
    scope = status = ""
    if form.is_bound and form.is_valid():
        scope, status = form.cleaned_data.get("scope") or "", form.cleaned_data.get("status") or ""
    page = paginate(request, correction_list(request.user, scope=scope, status=status))
    context = {"page": page, "filter_form": form if form.is_bound else CorrectionFilterForm(),
               "is_employee": actor_employee(request.user) is not None}
    template = "attendance/corrections/list.html#results" if request.htmx else "attendance/corrections/list.html"
    return TemplateResponse(request, template, context)


def _initial_day(value: str | None) -> date:
    try:
        found = date.fromisoformat(value or "")
    except ValueError:
        return services.default_day()
    return found if found < timezone.localdate() else services.default_day()


@require_http_methods(["GET", "POST"])
def correction_create(request: AuthedRequest) -> HttpResponse:
    """The employee asks for their own days (the form has no employee: it is always the actor)."""
    me = actor_employee(request.user)
    if me is None:
        raise PermissionDenied
    if request.method == "GET":
        day = _initial_day(request.GET.get("date"))
        form = CorrectionForm(initial={"start": day, "end": day})
        return TemplateResponse(request, "attendance/corrections/form.html", {"form": form})
    form = CorrectionForm(request.POST, request.FILES)
    status = 422
    if form.is_valid():
        upload = form.cleaned_data["document"]
        try:
            correction = services.correction_request(
                actor=request.user, employee=me, start=form.cleaned_data["start"], end=form.cleaned_data["end"],
                reason=form.cleaned_data["reason"], explanation=form.cleaned_data["explanation"],
                document=(upload.name, upload.read()))
        except DomainError as exc:
            form.apply_errors(exc)
            status = exc.http_status
        else:
            messages.success(request, _("Your request was sent to your supervisor."))
            return redirect("attendance:correction-detail", public_id=correction.public_id)
    return TemplateResponse(request, "attendance/corrections/form.html", {"form": form}, status=status)


@require_GET
def correction_detail(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    correction = correction_or_404(request, public_id)
    return TemplateResponse(request, DETAIL, _detail_context(request, correction))


@require_POST
def correction_decide(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    correction = correction_or_404(request, public_id)
    form = DecisionForm(request.POST)
    status = 422
    if form.is_valid():
        approve = form.cleaned_data["outcome"] == Outcome.APPROVE
        try:
            services.correction_decide(actor=request.user, correction=correction, approve=approve,
                                       reason=form.cleaned_data.get("reason") or "")
        except DomainError as exc:
            messages.error(request, exc.message)
            form.apply_errors(exc)
            status = exc.http_status
        else:
            messages.success(request, _("Correction approved: the days count as excused.") if approve
                             else _("Correction rejected."))
            return redirect("attendance:correction-detail", public_id=correction.public_id)
    correction = correction_or_404(request, public_id)
    return TemplateResponse(request, DETAIL, _detail_context(request, correction, decision_form=form), status=status)


@require_POST
def correction_withdraw(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    correction = correction_or_404(request, public_id)
    form = WithdrawForm(request.POST)
    status = 422
    if form.is_valid():
        try:
            services.correction_withdraw(actor=request.user, correction=correction,
                                         reason=form.cleaned_data.get("reason") or "")
        except DomainError as exc:
            messages.error(request, exc.message)
            status = exc.http_status
        else:
            messages.success(request, _("Request withdrawn."))
            return redirect("attendance:correction-detail", public_id=correction.public_id)
    correction = correction_or_404(request, public_id)
    return TemplateResponse(request, DETAIL, _detail_context(request, correction, withdraw_form=form), status=status)


@require_GET
def correction_document(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    """The supporting document (a doctor's note is health data: every read is audited)."""
    correction = correction_or_404(request, public_id)
    if not correction.document:
        raise Http404
    content = correction.document.open("rb").read()
    with transaction.atomic():
        audit_record(actor=request.user, action=services.CorrectionAudit.DOCUMENT_VIEWED, target=correction, pemda_id=correction.pemda_id,
                     changes={"document": [None, correction.document_name]})
    response = HttpResponse(content, content_type=correction.document_type or "application/octet-stream")
    name = (correction.document_name or "dokumen").replace('"', "")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
