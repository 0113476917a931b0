"""HR screens of the account life-cycle: activation codes (one employee, a unit, an import), reset codes and the
two-administrator MFA reset. Thin: scope checks here, the rules in people/activation.py and accounts/lifecycle.py.
"""

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from pamong.accounts import lifecycle
from pamong.accounts.errors import AccountsError
from pamong.accounts.mail import site_url
from pamong.accounts.models import CodePurpose, MfaResetRequest, MfaResetStatus
from pamong.core.errors import DomainError
from pamong.core.http import AuthedRequest

from .activation import activation_issue, employees_of_import, employees_of_unit
from .activation_sheet import activation_sheet_pdf
from .models import Employee, ImportJob, ImportStatus, OrgUnit
from .permissions import can_manage_employee
from .selectors import employee_detail_queryset

TEMPLATES = "people/activation/"


def _require_agency_hr(request: AuthedRequest) -> None:
    """Agency-wide screens: an HR admin of the actor's own agency (the tenant-less superadmin has none)."""
    if request.user.pemda_id is None or not can_manage_employee(request.user, pemda_id=request.user.pemda_id):
        raise PermissionDenied


def _employee_for_hr(request: AuthedRequest, public_id: UUID) -> Employee:
    employee = get_object_or_404(employee_detail_queryset(request.user).select_related("user"), public_id=public_id)
    if not can_manage_employee(request.user, employee) or employee.user is None:
        raise PermissionDenied
    return employee


def _pending_resets(request: AuthedRequest):
    requests = MfaResetRequest.objects.filter(status=MfaResetStatus.PENDING).select_related("user", "requested_by")
    if not request.user.is_superuser:
        requests = requests.filter(user__pemda_id=request.user.pemda_id)
    return requests.order_by("created_at")[:200]


def _home(request: AuthedRequest, *, status: int = 200, error: str = "") -> TemplateResponse:
    pemda_id = request.user.pemda_id
    accounts = Employee.objects.filter(pemda_id=pemda_id, is_active=True, user__isnull=False).aggregate(
        total=Count("pk"), waiting=Count("pk", filter=Q(user__password__startswith="!"))
    )
    context = {
        "units": OrgUnit.objects.filter(pemda_id=pemda_id, is_active=True).order_by("path"),
        "jobs": ImportJob.objects.filter(pemda_id=pemda_id, status=ImportStatus.APPLIED).order_by("-applied_at")[:20],
        "accounts": accounts,
        "pending_resets": _pending_resets(request),
        "error": error,
    }
    return TemplateResponse(request, TEMPLATES + "home.html", context, status=status)


@require_GET
def activation_home(request: AuthedRequest) -> HttpResponse:
    _require_agency_hr(request)
    return _home(request)


@require_POST
def activation_sheet(request: AuthedRequest) -> HttpResponse:
    """Issue codes to a unit subtree or an import batch and answer with the printable sheet (the only copy)."""
    _require_agency_hr(request)
    pemda_id = request.user.pemda_id
    only_new = request.POST.get("only_new") == "on"
    scope_kind, scope_id = request.POST.get("scope", ""), request.POST.get("target", "")
    try:
        UUID(scope_id)
    except ValueError:
        return _home(request, status=422, error=_("Choose a unit or an import."))
    try:
        if scope_kind == "unit":
            unit = get_object_or_404(OrgUnit, pemda_id=pemda_id, public_id=scope_id)
            employees = employees_of_unit(actor=request.user, unit=unit, only_new=only_new)
            scope = f"unit:{unit.public_id} {unit.name}"
        elif scope_kind == "import":
            job = get_object_or_404(ImportJob, pemda_id=pemda_id, public_id=scope_id)
            employees = employees_of_import(actor=request.user, job=job, only_new=only_new)
            scope = f"import:{job.public_id} {job.original_name}"
        else:
            return _home(request, status=422, error=_("Choose a unit or an import."))
        # The sheet is the only copy of the codes: if it cannot be built, no code is issued (nor mailed).
        with transaction.atomic():
            rows = activation_issue(actor=request.user, employees=employees, scope=scope, request=request)
            pdf = activation_sheet_pdf(
                pemda=request.user.pemda, rows=rows, activate_url=site_url(reverse("accounts:activate"), request)
            )
    except DomainError as exc:
        return _home(request, status=exc.http_status, error=exc.message)
    response = HttpResponse(pdf, content_type="application/pdf")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="kode-aktivasi-{stamp}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


def _refused(request: AuthedRequest, employee: Employee, exc: DomainError) -> TemplateResponse:
    """A refusal with its reason and its status (403 acting on oneself, 409/422 otherwise)."""
    context = {"employee": employee, "error": exc.message, "code": exc.code}
    return TemplateResponse(request, TEMPLATES + "refused.html", context, status=exc.http_status)


def _issue_one(request: AuthedRequest, public_id: UUID, purpose: str) -> HttpResponse:
    employee = _employee_for_hr(request, public_id)
    try:
        rows = activation_issue(actor=request.user, employees=[employee], purpose=purpose, request=request)
    except DomainError as exc:
        return _refused(request, employee, exc)
    context = {
        "employee": employee,
        "row": rows[0],
        "purpose": purpose,
        "activate_url": site_url(reverse("accounts:activate"), request),
    }
    response = TemplateResponse(request, TEMPLATES + "code_issued.html", context)
    response["Cache-Control"] = "no-store"
    return response


@require_POST
def employee_activation(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    return _issue_one(request, public_id, CodePurpose.ACTIVATION)


@require_POST
def employee_reset_code(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    return _issue_one(request, public_id, CodePurpose.RESET)


@require_POST
def employee_mfa_reset_request(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    employee = _employee_for_hr(request, public_id)
    try:
        lifecycle.mfa_reset_request(actor=request.user, user=employee.user, reason=request.POST.get("reason", ""))
    except AccountsError as exc:
        return _refused(request, employee, exc)
    messages.success(request, _("The reset is requested. A second administrator must confirm it."))
    return redirect("people:employee-detail", public_id=employee.public_id)


def _reset_request_for(request: AuthedRequest, public_id: UUID) -> MfaResetRequest:
    requests = MfaResetRequest.objects.select_related("user", "requested_by")
    if not request.user.is_superuser:
        requests = requests.filter(user__pemda_id=request.user.pemda_id)
    found = get_object_or_404(requests, public_id=public_id)
    if not lifecycle.is_account_admin_for(request.user, found.user):
        raise PermissionDenied
    return found


@require_POST
def mfa_reset_confirm(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    reset = _reset_request_for(request, public_id)
    try:
        lifecycle.mfa_reset_confirm(actor=request.user, request=reset)
    except AccountsError as exc:
        if exc.http_status == 403:
            raise PermissionDenied(exc.message) from None
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The second factor is reset. The user sets it up again at the next sign-in."))
    return redirect("people:activation-home")


@require_POST
def mfa_reset_cancel(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    reset = _reset_request_for(request, public_id)
    try:
        lifecycle.mfa_reset_cancel(actor=request.user, request=reset)
    except AccountsError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The reset request is withdrawn."))
    return redirect("people:activation-home")
