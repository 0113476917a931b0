"""HTML views of the training catalogue: list and detail, HR's activity form and participants (completion),
enrolment detail (decision, withdrawal), "My enrolments", certificate download and the public verification.

Thin views: parse → scoped selector → one service → respond.
"""

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pamong.accounts import throttle
from pamong.approvals.permissions import can_act_on_step
from pamong.approvals.selectors import steps_awaiting
from pamong.approvals.services import step_act
from pamong.core.client_ip import client_ip
from pamong.core.errors import DomainError
from pamong.core.htmx import notify, partial_template
from pamong.core.http import AuthedRequest
from pamong.core.pagination import paginate
from pamong.people.selectors import actor_employee

from . import rules
from .certificates import certificate_pdf
from .choices import ActivityStatus, EnrolmentStatus
from .models import Enrolment, LearningActivity
from .permissions import can_manage, is_self
from .selectors.training import (
    activities_visible_to,
    catalogue,
    certificate_by_code,
    enrolments_visible_to,
    my_enrolments,
    participants,
)
from .services.training import (
    FLOW,
    activity_save,
    can_download_certificate,
    certificate_record_download,
    enrolment_complete,
    enrolment_mark_not_completed,
    enrolment_request,
    enrolment_withdraw,
)
from .training_forms import (
    CatalogueFilterForm,
    CompletionForm,
    EnrolmentDecisionForm,
    EnrolmentRequestForm,
    LearningActivityForm,
    WithdrawForm,
)

VERIFY_PER_MINUTE = 30


def _activity(request, public_id: UUID) -> LearningActivity:
    return get_object_or_404(activities_visible_to(request.user).select_related("pemda"), public_id=public_id)


def _enrolment(request, public_id: UUID) -> Enrolment:
    return get_object_or_404(enrolments_visible_to(request.user).select_related("activity", "employee"),
                             public_id=public_id)


# --- The catalogue -------------------------------------------------------------------------------------------


@require_GET
def activity_list(request: AuthedRequest) -> HttpResponse:
    form = CatalogueFilterForm(request.GET or None, pemda_id=request.user.pemda_id)
    filters = form.cleaned_data if form.is_valid() else {}
    activities = catalogue(request.user, form=filters.get("form") or "", mode=filters.get("mode") or "",
                           competency=filters.get("competency"), search=(filters.get("q") or "").strip())
    page = paginate(request, activities)
    context = {"filter_form": form, "page": page, "manage": can_manage(request.user, request.user.pemda_id)}
    return TemplateResponse(request, partial_template(request, "development/training/activity_list.html", "results"),
                            context)


def _detail_context(request, activity: LearningActivity, *, enrol_form=None) -> dict:
    me = actor_employee(request.user)
    mine = None
    if me is not None:
        mine = (Enrolment.objects.filter(activity=activity, employee=me).order_by("-created_at", "-pk").first())
    taken = Enrolment.objects.filter(activity=activity, status__in=(
        EnrolmentStatus.REQUESTED, EnrolmentStatus.APPROVED, EnrolmentStatus.COMPLETED)).count()
    manage = can_manage(request.user, activity.pemda_id)
    can_enrol = (me is not None and activity.status == ActivityStatus.OPEN and me.pemda_id == activity.pemda_id
                 and (mine is None or mine.status not in (EnrolmentStatus.REQUESTED, EnrolmentStatus.APPROVED,
                                                         EnrolmentStatus.COMPLETED)))
    return {"activity": activity, "mine": mine, "taken": taken, "manage": manage, "can_enrol": can_enrol,
            "enrol_form": enrol_form or EnrolmentRequestForm(),
            "competencies": activity.competencies.select_related("competency").order_by("competency__code")}


@require_GET
def activity_detail(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    activity = _activity(request, public_id)
    return TemplateResponse(request, "development/training/activity_detail.html", _detail_context(request, activity))


@require_POST
def activity_enrol(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    activity = _activity(request, public_id)
    me = actor_employee(request.user)
    if me is None or me.pemda_id != activity.pemda_id:
        raise PermissionDenied
    form = EnrolmentRequestForm(request.POST)
    status = 422
    if form.is_valid():
        try:
            result = enrolment_request(actor=request.user, activity=activity, employee=me,
                                       reason=form.cleaned_data["reason"])
        except DomainError as exc:
            form.apply_errors(exc)
            status = exc.http_status
        else:
            messages.success(request, _("Enrolment requested: it now awaits approval."))
            if result.warning:
                messages.warning(request, result.warning)
            return redirect("development:enrolment-detail", public_id=result.enrolment.public_id)
    return TemplateResponse(request, "development/training/activity_detail.html",
                            _detail_context(request, activity, enrol_form=form), status=status)


def _activity_initial(activity: LearningActivity) -> dict:
    initial = {field: getattr(activity, field) for field in (
        "title", "form", "jp", "provider", "location", "start_date", "end_date", "enrolment_deadline", "quota",
        "cost", "status", "description")}
    initial["competencies"] = "\n".join(f"{row.competency.code}:{row.level}"
                                        for row in activity.competencies.select_related("competency"))
    return initial


@require_http_methods(["GET", "POST"])
def activity_edit(request: AuthedRequest, public_id: UUID | None = None) -> HttpResponse:
    """HR of the agency creates (no *public_id*) or changes a catalogue entry."""
    activity = _activity(request, public_id) if public_id else None
    pemda = activity.pemda if activity else request.user.pemda
    if pemda is None or not can_manage(request.user, pemda.pk):
        raise PermissionDenied
    status = 200
    if request.method == "POST":
        form = LearningActivityForm(request.POST, pemda_id=pemda.pk)
        if form.is_valid():
            data = dict(form.cleaned_data)
            competencies = data.pop("competencies")
            try:
                saved = activity_save(actor=request.user, pemda=pemda, activity=activity, data=data,
                                      competencies=competencies)
            except DomainError as exc:
                form.apply_errors(exc)
                status = exc.http_status
            else:
                messages.success(request, _("Activity saved."))
                return redirect("development:activity-detail", public_id=saved.public_id)
        else:
            status = 422
    else:
        form = LearningActivityForm(initial=_activity_initial(activity) if activity else None, pemda_id=pemda.pk)
    return TemplateResponse(request, "development/training/activity_form.html",
                            {"form": form, "activity": activity}, status=status)


# --- Participants and completion (HR) ------------------------------------------------------------------------


def _row_context(enrolment: Enrolment, form=None) -> dict:
    return {"enrolment": enrolment, "form": form or CompletionForm(prefix=str(enrolment.public_id)),
            "jp": rules.jp_for(minutes=enrolment.minutes, certificate_jp=enrolment.certificate_jp)}


@require_GET
def activity_participants(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    activity = _activity(request, public_id)
    if not can_manage(request.user, activity.pemda_id):
        raise PermissionDenied
    me = actor_employee(request.user)
    rows = [_row_context(e) for e in participants(activity)]
    return TemplateResponse(request, "development/training/participants.html",
                            {"activity": activity, "rows": rows, "me": me})


@require_POST
def enrolment_record(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    """HR records a participant's completion (or non-completion); htmx swaps the participant's row."""
    enrolment = _enrolment(request, public_id)
    if not can_manage(request.user, enrolment.pemda_id):
        raise PermissionDenied
    form = CompletionForm(request.POST, request.FILES, prefix=str(enrolment.public_id))
    status = 422
    if form.is_valid():
        data = form.cleaned_data
        try:
            if data["result"] == CompletionForm.NOT_COMPLETED:
                enrolment_mark_not_completed(actor=request.user, enrolment=enrolment, reason=data.get("reason") or "")
                text = _("Recorded as not completed.")
            else:
                upload = None
                if data.get("certificate"):
                    file = data["certificate"]
                    upload = (file.name, file.read())
                record = enrolment_complete(
                    actor=request.user, enrolment=enrolment, completed_on=data["completed_on"],
                    minutes=data["minutes"], certificate_jp=data.get("certificate_jp"),
                    certificate_number=data.get("certificate_number") or "", upload=upload,
                    issue_certificate=bool(data.get("issue_certificate")))
                text = _("Completion recorded: %(jp)d JP.") % {"jp": record.jp}
        except DomainError as exc:
            form.apply_errors(exc)
            status = exc.http_status
        else:
            enrolment.refresh_from_db()
            if not request.htmx:
                messages.success(request, text)
                return redirect("development:activity-participants", public_id=enrolment.activity.public_id)
            response = TemplateResponse(request, "development/training/participants.html#row",
                                        {**_row_context(enrolment), "me": actor_employee(request.user)})
            return notify(request, response, level="success", text=text)
    if request.htmx:
        return TemplateResponse(request, "development/training/participants.html#row",
                                {**_row_context(enrolment, form), "me": actor_employee(request.user)}, status=status)
    rows = [_row_context(e, form if e.pk == enrolment.pk else None) for e in participants(enrolment.activity)]
    return TemplateResponse(request, "development/training/participants.html",
                            {"activity": enrolment.activity, "rows": rows, "me": actor_employee(request.user)},
                            status=status)


# --- One enrolment: decision, withdrawal ---------------------------------------------------------------------


def _awaiting_step(request, enrolment: Enrolment):
    step = (steps_awaiting(request.user).filter(process__flow=FLOW, process__target_id=enrolment.pk)
            .order_by("order").first())
    return step if step is not None and can_act_on_step(request.user, step) else None


def _enrolment_context(request, enrolment: Enrolment, *, decision_form=None, withdraw_form=None) -> dict:
    step = _awaiting_step(request, enrolment)
    own = is_self(request.user, enrolment.employee)
    return {
        "enrolment": enrolment, "activity": enrolment.activity, "step": step, "own": own,
        "decision_form": decision_form or EnrolmentDecisionForm(),
        "withdraw_form": withdraw_form or WithdrawForm(prefix="withdraw"),
        "can_withdraw": own and enrolment.status in (EnrolmentStatus.REQUESTED, EnrolmentStatus.APPROVED),
        "can_download": can_download_certificate(request.user, enrolment)
        and bool(enrolment.certificate or enrolment.verification_code),
        "jp": rules.jp_for(minutes=enrolment.minutes, certificate_jp=enrolment.certificate_jp),
        "manage": can_manage(request.user, enrolment.pemda_id),
    }


@require_GET
def enrolment_detail(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    enrolment = _enrolment(request, public_id)
    return TemplateResponse(request, "development/training/enrolment_detail.html",
                            _enrolment_context(request, enrolment))


@require_POST
def enrolment_decide(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    """The supervisor (or HR, for a paid activity) approves or rejects the enrolment (approvals.step_act)."""
    enrolment = _enrolment(request, public_id)
    step = _awaiting_step(request, enrolment)
    if step is None:
        raise PermissionDenied
    form = EnrolmentDecisionForm(request.POST)
    status = 422
    if form.is_valid():
        try:
            step_act(actor=request.user, step=step, outcome=form.cleaned_data["outcome"],
                     reason=form.cleaned_data.get("reason") or "")
        except DomainError as exc:
            form.apply_errors(exc)
            status = exc.http_status
        else:
            messages.success(request, _("Your answer was recorded."))
            return redirect("development:enrolment-detail", public_id=enrolment.public_id)
    return TemplateResponse(request, "development/training/enrolment_detail.html",
                            _enrolment_context(request, enrolment, decision_form=form), status=status)


@require_POST
def enrolment_withdraw_view(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    enrolment = _enrolment(request, public_id)
    if not is_self(request.user, enrolment.employee):
        raise PermissionDenied
    form = WithdrawForm(request.POST, prefix="withdraw")
    status = 422
    if form.is_valid():
        try:
            enrolment_withdraw(actor=request.user, enrolment=enrolment, reason=form.cleaned_data.get("reason") or "")
        except DomainError as exc:
            form.apply_errors(exc)
            status = exc.http_status
        else:
            messages.success(request, _("Enrolment withdrawn."))
            return redirect("development:my-enrolments")
    return TemplateResponse(request, "development/training/enrolment_detail.html",
                            _enrolment_context(request, enrolment, withdraw_form=form), status=status)


@require_GET
def enrolment_mine(request: AuthedRequest) -> HttpResponse:
    page = paginate(request, my_enrolments(request.user))
    return TemplateResponse(request, "development/training/my_enrolments.html", {"page": page})


@require_GET
def certificate_download(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    enrolment = _enrolment(request, public_id)
    if not can_download_certificate(request.user, enrolment):
        raise PermissionDenied
    if enrolment.certificate:
        content = enrolment.certificate.open("rb").read()
        name = enrolment.certificate_name or enrolment.certificate.name.rsplit("/", 1)[-1]
        content_type = {"pdf": "application/pdf", "png": "image/png"}.get(
            enrolment.certificate.name.rsplit(".", 1)[-1].lower(), "image/jpeg")
    elif enrolment.verification_code:
        enrolment = Enrolment.objects.select_related("activity__pemda", "employee").get(pk=enrolment.pk)
        content, name, content_type = certificate_pdf(enrolment, request=request), "sertifikat.pdf", "application/pdf"
    else:
        raise Http404
    certificate_record_download(actor=request.user, enrolment=enrolment)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name.replace(chr(34), "")}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- Public verification -------------------------------------------------------------------------------------


@login_not_required
@require_GET
@never_cache
def certificate_verify(request, code: str) -> HttpResponse:
    """What the QR code on Pamong's certificate opens: name, activity, JP and date — nothing else."""
    if throttle.hit(f"development-verify:ip:{client_ip(request) or '-'}", limit=VERIFY_PER_MINUTE, window=60):
        response = TemplateResponse(request, "development/training/certificate_verify.html", {"throttled": True},
                                    status=429)
        response["Retry-After"] = "60"
        return response
    enrolment = certificate_by_code(code)
    context = {"unknown": enrolment is None}
    if enrolment is not None:
        context.update({"name": enrolment.employee.full_name, "title": enrolment.activity.title,
                        "jp": rules.jp_for(minutes=enrolment.minutes, certificate_jp=enrolment.certificate_jp),
                        "completed_on": enrolment.completed_on})
    response = TemplateResponse(request, "development/training/certificate_verify.html", context,
                                status=200 if enrolment else 404)
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response
