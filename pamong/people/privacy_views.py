"""HTML pages of personal data protection: "Data saya" (export, corrections), HR's correction desk, the notice.

Out-of-scope objects are 404 (fetched through corrections_visible_to);
refusals by a service are PermissionDenied (403) or PeopleError (422/409).
"""

from uuid import UUID

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pamong.core.htmx import notify
from pamong.core.http import AuthedRequest

from . import corrections, personal_data, privacy
from .errors import PeopleError
from .models import CorrectionRequest
from .privacy_forms import CorrectionDecisionForm, CorrectionRequestForm
from .selectors import actor_employee, employee_detail_queryset

GET_POST = require_http_methods(["GET", "POST"])


def _apply_errors(form, exc: PeopleError) -> None:
    for name, messages in (exc.field_errors or {None: [exc.message]}).items():
        for message in messages:
            form.add_error(name if name in form.fields else None, message)


def _me_or_403(request):
    me = actor_employee(request.user)
    if me is None:
        raise PermissionDenied  # a login without an employee record holds no personal data in Pamong
    return employee_detail_queryset(request.user).get(pk=me.pk)


def _with_labels(items):
    for item in items:
        item.field_label = str(corrections.CORRECTABLE_FIELDS.get(item.field, item.field)).capitalize()
        item.current_display = corrections.display_value(item.field, item.current_value)
        item.requested_display = corrections.display_value(item.field, item.requested_value)
    return items


@require_GET
def my_data(request: AuthedRequest) -> HttpResponse:
    me = _me_or_403(request)
    requests = _with_labels(list(me.correction_requests.select_related("decided_by")))
    sources = [source.name for source in personal_data.personal_data_sources()]
    return TemplateResponse(request, "people/my_data.html", {
        "employee": me, "corrections": requests, "sources": sources, "form": CorrectionRequestForm(),
    })


@require_POST
def my_data_export(request: AuthedRequest) -> HttpResponse:
    me = _me_or_403(request)
    archive = personal_data.personal_data_export(actor=request.user, employee=me)
    response = HttpResponse(archive, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{personal_data.archive_filename(me)}"'
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@GET_POST
def correction_create(request: AuthedRequest) -> HttpResponse:
    me = _me_or_403(request)
    form = CorrectionRequestForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            corrections.correction_request_create(actor=request.user, employee=me, **form.to_kwargs())
        except PeopleError as exc:
            _apply_errors(form, exc)
        else:
            response = redirect("people:my-data")
            return notify(request, response, level="success", text=_("Your request was sent to HR."))
    return TemplateResponse(request, "people/form_page.html", {
        "form": form, "title": _("Ask for a correction of your data"), "action": request.path,
        "cancel_url": reverse("people:my-data"), "submit": _("Send request"), "multipart": True, "employee": me,
    }, status=422 if form.is_bound else 200)


@require_GET
def correction_list(request: AuthedRequest) -> HttpResponse:
    if not corrections.is_hr_of(request.user, request.user.pemda_id) and not request.user.is_superuser:
        raise PermissionDenied
    items = corrections.corrections_visible_to(request.user)
    status = request.GET.get("status", CorrectionRequest.Status.PENDING)
    if status in CorrectionRequest.Status.values:
        items = items.filter(status=status)
    return TemplateResponse(request, "people/correction_list.html", {
        "corrections": _with_labels(list(items[:200])), "status": status, "statuses": CorrectionRequest.Status.choices,
    })


def _correction_or_404(request, public_id: UUID) -> CorrectionRequest:
    return get_object_or_404(corrections.corrections_visible_to(request.user), public_id=public_id)


def _detail(request, correction, form, status: int = 200) -> HttpResponse:
    _with_labels([correction])
    return TemplateResponse(request, "people/correction_detail.html", {
        "correction": correction, "form": form,
        "may_decide": correction.status == CorrectionRequest.Status.PENDING
        and corrections.can_decide_correction(request.user, correction),
    }, status=status)


@require_GET
def correction_detail(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    correction = _correction_or_404(request, public_id)
    return _detail(request, correction, CorrectionDecisionForm())


@require_POST
def correction_decide(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    correction = _correction_or_404(request, public_id)
    if not corrections.can_decide_correction(request.user, correction):
        raise PermissionDenied
    form = CorrectionDecisionForm(request.POST)
    if form.is_valid():
        accept = form.cleaned_data["decision"] == "accept"
        try:
            corrections.correction_request_decide(actor=request.user, correction=correction, accept=accept,
                                                  reason=form.cleaned_data["reason"])
        except PeopleError as exc:
            _apply_errors(form, exc)
            return _detail(request, correction, form, status=exc.http_status)
        text = _("The correction was applied.") if accept else _("The request was rejected.")
        return notify(request, redirect("people:correction-detail", public_id=correction.public_id),
                      level="success", text=text)
    return _detail(request, correction, form, status=422)


@require_GET
def correction_attachment(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    correction = _correction_or_404(request, public_id)
    if not correction.attachment:
        raise Http404
    # A supporting document (a birth certificate, a marriage book) is personal data: HR's reads are logged.
    privacy.sensitive_read_record(actor=request.user, target=correction.employee, what=["correction_attachment"],
                                  employee=correction.employee)
    response = FileResponse(correction.attachment.open("rb"), as_attachment=True,
                            filename=correction.attachment_name or "lampiran", content_type=correction.attachment_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_not_required
@require_GET
def privacy_notice(request) -> HttpResponse:
    """The public privacy notice (UU 27/2022 Pasal 6, 16): configured text, or the built-in one, and the DPO."""
    text = getattr(settings, "PAMONG_PRIVACY_NOTICE", "") or ""
    paragraphs = [part.strip() for part in text.replace("\r\n", "\n").split("\n\n") if part.strip()]
    return TemplateResponse(request, "people/privacy_notice.html", {
        "paragraphs": paragraphs,
        "dpo_name": getattr(settings, "PAMONG_DPO_NAME", ""),
        "dpo_email": getattr(settings, "PAMONG_DPO_EMAIL", ""),
        "retention_years": getattr(settings, "PAMONG_RETENTION_YEARS_AFTER_SERVICE", 5),
    })
