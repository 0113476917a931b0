"""Staff pages of complaints (rules.md §4.1): the inbox, staff entry, a complaint's page with the steps its handler
may take, the complainant's contact (each showing logged), the overdue list, the recap per unit and the agency's
service levels.

Thin: parse → scoped selector → service → render. Someone with no complaint inbox (not the desk, not a unit head)
is refused (403); a complaint outside the actor's scope — another agency's, another unit tree's, or one about the
actor — is 404, like one that does not exist.
"""

from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pamong.core.errors import DomainError
from pamong.core.htmx import notify
from pamong.core.http import AuthedRequest
from pamong.core.pagination import paginate
from pamong.people.models import Pemda

from . import complaint_rules as rules
from . import complaint_selectors as selectors
from . import complaint_services as services
from .complaint_choices import ComplaintClass, ComplaintStatus
from .complaint_forms import (
    AnswerForm,
    ClassifyForm,
    ComplaintEntryForm,
    ComplaintFilterForm,
    DisciplineForm,
    RecapForm,
    ReopenForm,
    ReplyForm,
    SlaForm,
)
from .complaint_models import Complaint

PER_PAGE = 25


def _require_inbox(request: AuthedRequest) -> None:
    if not selectors.may_use_complaints(request.user):
        raise PermissionDenied


def _complaint(request: AuthedRequest, public_id: UUID) -> Complaint:
    _require_inbox(request)
    complaint = selectors.complaint_detail(request.user, public_id)
    if complaint is None:
        raise Http404
    return complaint


def _annotate(rows, today) -> None:
    for complaint in rows:
        complaint.overdue_stage = rules.overdue_stage(
            status=complaint.status, first_response_due=complaint.first_response_due,
            first_response_on=complaint.first_response_on, resolution_due=complaint.resolution_due, today=today)


@require_GET
def inbox(request: AuthedRequest) -> HttpResponse:
    """The complaints of the actor's units, newest first, filtered; each with its deadlines and whether it is late."""
    _require_inbox(request)
    form = ComplaintFilterForm(request.GET or {})
    context = {"form": form, "page": None, "is_desk": selectors.is_complaint_desk(request.user,
                                                                                   request.user.pemda_id)}
    if not form.is_valid():
        return TemplateResponse(request, "feedback/complaints/inbox.html", context, status=422)
    today = timezone.localdate()
    page = paginate(request, selectors.complaint_list(request.user, form.to_filters(), today=today), per_page=PER_PAGE)
    _annotate(page.object_list, today)
    context["page"] = page
    return TemplateResponse(request, "feedback/complaints/inbox.html", context)


@require_GET
def overdue(request: AuthedRequest) -> HttpResponse:
    _require_inbox(request)
    today = timezone.localdate()
    page = paginate(request, selectors.overdue_complaints(request.user, today=today), per_page=PER_PAGE)
    _annotate(page.object_list, today)
    return TemplateResponse(request, "feedback/complaints/overdue.html", {"page": page, "today": today})


@require_GET
def recap(request: AuthedRequest) -> HttpResponse:
    """Per unit and period: received, answered, the share answered within the deadline, overdue, median days to the
    first response."""
    if not selectors.may_see_recap(request.user):
        raise PermissionDenied
    form = RecapForm(request.GET or {})
    context = {"form": form, "rows": None}
    if not form.is_valid():
        return TemplateResponse(request, "feedback/complaints/recap.html", context, status=422)
    start, end = form.period()
    rows = selectors.complaint_recap(request.user, start=start, end=end)
    totals = {"received": sum(r.received for r in rows), "answered": sum(r.answered for r in rows),
              "within": sum(r.answered_within_sla for r in rows), "overdue": sum(r.overdue for r in rows)}
    totals["share"] = totals["within"] / totals["answered"] if totals["answered"] else None
    context.update(rows=rows, totals=totals, start=start, end=end)
    return TemplateResponse(request, "feedback/complaints/recap.html", context)


@require_http_methods(["GET", "POST"])
def enter(request: AuthedRequest) -> HttpResponse:
    """Staff entry of a complaint received by phone, letter, WhatsApp, in person or SP4N-LAPOR!."""
    _require_inbox(request)
    pemda = Pemda.objects.filter(pk=request.user.pemda_id).first()
    if pemda is None:
        raise PermissionDenied
    form = ComplaintEntryForm(request.POST or None, pemda_id=pemda.pk)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                complaint = services.complaint_enter(
                    actor=request.user, pemda=pemda, channel=data["channel"], subject=data["subject"],
                    description=data["description"], org_unit=data["org_unit"], received_on=data["received_on"],
                    lapor_ticket=data["lapor_ticket"], anonymous=data["is_anonymous"], contact=form.contact())
            except DomainError as exc:
                form.apply_errors(exc)
            else:
                response = redirect("complaints:detail", complaint.public_id)
                return notify(request, response, level="success", text=_(
                    "Complaint recorded. Its tracking number is %(number)s: give it to the complainant.")
                    % {"number": complaint.tracking_number})
        status = 422
    return TemplateResponse(request, "feedback/complaints/enter.html", {"form": form}, status=status)


def _detail_context(request: AuthedRequest, complaint: Complaint, **forms) -> dict:
    actor = request.user
    may_act = selectors.handles(actor, complaint)
    status = complaint.status
    open_ = status not in rules.DONE_STATUSES
    context = {
        "complaint": complaint,
        "replies": list(selectors.complaint_replies(complaint)),
        "may_act": may_act,
        "today": timezone.localdate(),
        "classify_form": None, "reply_form": None, "answer_form": None, "reopen_form": None,
        "discipline_form": None, "may_close": False,
    }
    if may_act:
        if open_:
            context["classify_form"] = forms.get("classify_form") or ClassifyForm(pemda_id=complaint.pemda_id, initial={
                "complaint_class": complaint.complaint_class or ComplaintClass.COMPLAINT,
                "org_unit": complaint.org_unit.public_id if complaint.org_unit else None,
                "employee_nip": complaint.employee_concerned.nip if complaint.employee_concerned else ""})
        if status != ComplaintStatus.CLOSED:
            context["reply_form"] = forms.get("reply_form") or ReplyForm()
        if status in (ComplaintStatus.ROUTED, ComplaintStatus.IN_PROGRESS):
            context["answer_form"] = forms.get("answer_form") or AnswerForm()
        if not open_:
            context["reopen_form"] = forms.get("reopen_form") or ReopenForm()
        context["may_close"] = status == ComplaintStatus.ANSWERED
        if complaint.employee_concerned_id and complaint.discipline_case_id is None:
            context["discipline_form"] = forms.get("discipline_form") or DisciplineForm(initial={
                "description": complaint.subject})
    complaint.overdue_stage = rules.overdue_stage(
        status=status, first_response_due=complaint.first_response_due, first_response_on=complaint.first_response_on,
        resolution_due=complaint.resolution_due, today=context["today"])
    return context


@require_GET
def detail(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    complaint = _complaint(request, public_id)
    return TemplateResponse(request, "feedback/complaints/detail.html", _detail_context(request, complaint))


@require_GET
def contact(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    """The complainant's contact, for a handler; every showing is logged (UU PDP Pasal 31). htmx: the fragment."""
    complaint = _complaint(request, public_id)
    shown = services.complaint_contact_read(actor=request.user, complaint=complaint)
    if getattr(request, "htmx", False):
        return TemplateResponse(request, "feedback/complaints/_contact.html", {"complaint": complaint, "shown": shown})
    context = _detail_context(request, complaint)
    context.update(contact_shown=shown, contact_requested=True)
    return TemplateResponse(request, "feedback/complaints/detail.html", context)


def _step(request: AuthedRequest, public_id: UUID, form_name: str, form, act, done_text: str) -> HttpResponse:
    """Run one step's service with *form*'s data; the page again with the form's errors when refused."""
    complaint = _complaint(request, public_id)
    status = 422
    if form.is_valid():
        try:
            act(complaint, form.cleaned_data)
        except DomainError as exc:
            form.apply_errors(exc)
            status = exc.http_status if exc.http_status < 500 else 422
        else:
            return notify(request, redirect("complaints:detail", complaint.public_id), level="success",
                          text=done_text)
    context = _detail_context(request, complaint, **{form_name: form})
    return TemplateResponse(request, "feedback/complaints/detail.html", context, status=status)


@require_POST
def classify(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    form = ClassifyForm(request.POST, pemda_id=request.user.pemda_id)
    return _step(request, public_id, "classify_form", form, lambda complaint, data: services.complaint_classify(
        actor=request.user, complaint=complaint, complaint_class=data["complaint_class"], org_unit=data["org_unit"],
        employee_concerned=data["employee_nip"]), _("The complaint was classified and routed."))


@require_POST
def reply(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    form = ReplyForm(request.POST)
    return _step(request, public_id, "reply_form", form, lambda complaint, data: services.complaint_reply(
        actor=request.user, complaint=complaint, text=data["text"], public=data["public"]), _("Saved."))


@require_POST
def answer(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    form = AnswerForm(request.POST)
    return _step(request, public_id, "answer_form", form, lambda complaint, data: services.complaint_answer(
        actor=request.user, complaint=complaint, text=data["text"]), _("The complaint was answered."))


@require_POST
def close(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    complaint = _complaint(request, public_id)
    try:
        services.complaint_close(actor=request.user, complaint=complaint)
    except DomainError as exc:
        return notify(request, redirect("complaints:detail", complaint.public_id), level="error", text=exc.message)
    return notify(request, redirect("complaints:detail", complaint.public_id), level="success",
                  text=_("The complaint was closed."))


@require_POST
def reopen(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    form = ReopenForm(request.POST)
    return _step(request, public_id, "reopen_form", form, lambda complaint, data: services.complaint_reopen(
        actor=request.user, complaint=complaint, reason=data["reason"]), _("The complaint was reopened."))


@require_POST
def discipline(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    form = DisciplineForm(request.POST)
    return _step(request, public_id, "discipline_form", form,
                 lambda complaint, data: services.complaint_open_discipline_case(
                     actor=request.user, complaint=complaint, kind=data["kind"], description=data["description"]),
                 _("A discipline case was opened about the employee concerned."))


@require_http_methods(["GET", "POST"])
def service_levels(request: AuthedRequest) -> HttpResponse:
    """The agency's deadlines per class (its SOP; rules.md §4.1 defaults otherwise): the desk changes them."""
    pemda = Pemda.objects.filter(pk=request.user.pemda_id).first()
    if pemda is None or not selectors.is_complaint_desk(request.user, pemda.pk):
        raise PermissionDenied
    status, failed = 200, None
    if request.method == "POST":
        failed = SlaForm(request.POST)
        if failed.is_valid():
            data = failed.cleaned_data
            try:
                services.complaint_sla_set(actor=request.user, pemda=pemda, complaint_class=data["complaint_class"],
                                           first_response_days=data["first_response_days"],
                                           resolution_days=data["resolution_days"], day_count=data["day_count"])
            except DomainError as exc:
                failed.apply_errors(exc)
            else:
                return notify(request, redirect("complaints:service-levels"), level="success", text=_("Saved."))
        status = 422
    table = selectors.sla_table(pemda.pk)
    rows = []
    for value, label in ComplaintClass.choices:
        terms = table[value]
        form = failed if failed is not None and failed.data.get("complaint_class") == value else SlaForm(
            initial={"complaint_class": value, "first_response_days": terms.first_response_days,
                     "resolution_days": terms.resolution_days, "day_count": terms.day_count})
        form.auto_id = f"id_{value}_%s"  # one form per class on the page: distinct ids
        rows.append({"value": value, "label": label, "form": form, "default": rules.DEFAULT_SLA[value]})
    return TemplateResponse(request, "feedback/complaints/service_levels.html", {"rows": rows}, status=status)
