"""HTML views of official duties (dinas luar / surat tugas): the list, recording one with its letter, cancelling,
and the letter file. Read by those who see the employee's attendance; written by the agency's attendance officer
or HR."""

from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pamong.core.errors import DomainError
from pamong.core.htmx import notify
from pamong.core.http import AuthedRequest
from pamong.core.pagination import paginate

from .day_access import can_manage_attendance
from .day_forms import DutyCancelForm, DutyForm
from .selectors import days as selectors
from .services.duties import duty_cancel, duty_record


@require_GET
def duty_list(request: AuthedRequest) -> HttpResponse:
    """Duties of the employees the actor may see, latest first (?employee=<public id> for one)."""
    duties = selectors.duties_visible_to(request.user).select_related("employee", "employee__current_unit")
    employee = None
    if chosen := request.GET.get("employee"):
        try:
            employee = selectors.attendance_employees_visible_to(request.user).filter(public_id=UUID(chosen)).first()
        except ValueError:
            employee = None
        duties = duties.filter(employee=employee) if employee is not None else duties.none()
    context = {"page": paginate(request, duties.order_by("-start", "-pk")), "employee": employee,
               "can_record": can_manage_attendance(request.user, request.user.pemda_id), "cancel_form": DutyCancelForm()}
    return TemplateResponse(request, "attendance/days/duty_list.html", context)


@require_http_methods(["GET", "POST"])
def duty_create(request: AuthedRequest) -> HttpResponse:
    if not request.user.pemda_id or not can_manage_attendance(request.user, request.user.pemda_id):
        raise PermissionDenied
    employees = selectors.attendance_employees_visible_to(request.user).filter(pemda_id=request.user.pemda_id)
    status = 200
    if request.method == "POST":
        form = DutyForm(request.POST, request.FILES, employees=employees)
        if form.is_valid():
            employee = form.cleaned_data["nip"]
            try:
                duty = duty_record(actor=request.user, employee=employee, **form.to_input())
            except DomainError as exc:
                form.apply_errors(exc)
            else:
                url = reverse("attendance:employee-month", args=[employee.public_id])
                return notify(request, redirect(f"{url}?month={duty.start:%Y-%m}"), level="success",
                              text=_("Official duty of %(name)s recorded.") % {"name": employee.full_name})
        status = 422
    else:
        initial = {"start": timezone.localdate(), "end": timezone.localdate(), "letter_date": timezone.localdate()}
        try:
            chosen = employees.filter(public_id=UUID(request.GET.get("employee", ""))).first()
        except ValueError:
            chosen = None
        if chosen is not None:
            initial["nip"] = chosen.nip
        form = DutyForm(initial=initial, employees=employees)
    return TemplateResponse(request, "attendance/days/duty_create.html", {"form": form}, status=status)


@require_POST
def duty_cancel_view(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    duty = get_object_or_404(selectors.duties_visible_to(request.user).select_related("employee",
                                                                                     "employee__current_unit"),
                             public_id=public_id)
    if not can_manage_attendance(request.user, duty.pemda_id):
        raise PermissionDenied
    back = reverse("attendance:duty-list")
    form = DutyCancelForm(request.POST)
    if not form.is_valid():
        return notify(request, redirect(back), level="error", text=_("Say why the duty is cancelled."))
    try:
        duty_cancel(actor=request.user, duty=duty, reason=form.cleaned_data["reason"])
    except DomainError as exc:
        return notify(request, redirect(back), level="error", text=exc.message)
    return notify(request, redirect(back), level="success", text=_("The official duty was cancelled."))


@require_GET
def duty_document(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    """The duty's letter, for those who see the employee's attendance."""
    duty = get_object_or_404(selectors.duties_visible_to(request.user), public_id=public_id)
    if not duty.document:
        raise Http404
    response = FileResponse(duty.document.open("rb"), content_type=duty.document_type or "application/octet-stream",
                            as_attachment=True, filename=duty.document_name or "surat-tugas")
    response["X-Content-Type-Options"] = "nosniff"
    return response
