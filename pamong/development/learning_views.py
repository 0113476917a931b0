"""Pages of the JP ledger: "My JP" (and an employee's ledger), HR's verification queue, the training evaluation
forms (reaction, tests, follow-up, competency gain), the unit/agency JP recap with its .xlsx, and HR's settings.

Thin views: parse → scoped selector → one service → respond. Out of scope is 404; a refused action 403; a broken
rule shows its message on the page (status 422/409)."""

from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pamong.core.errors import DomainError
from pamong.core.htmx import notify
from pamong.core.http import AuthedRequest
from pamong.core.pagination import paginate
from pamong.people.models import Employee
from pamong.people.selectors import actor_employee, units_visible_to
from pamong.people.unit_options import unit_options_selected

from . import learning_exports
from .learning_forms import FollowUpForm, LearningRecordForm, ReactionForm, RejectForm, SettingsForm, TestsForm
from .models import LearningActivity
from .permissions import can_manage, can_view_development, is_direct_supervisor, is_self
from .rules import normalised_gain, score_gain
from .selectors.learning import (
    enrolments_visible_to,
    evaluation_of,
    jp_ledger,
    jp_recap,
    learning_records_visible_to,
    recap_root,
    settings_for,
    verification_queue,
)
from .services import learning as services

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
RECAP_STATUSES = ("behind", "met", "over_cap")


def _year(request: AuthedRequest) -> int:
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year") or today.year)
    except ValueError:
        return today.year
    return year if 2000 <= year <= today.year + 1 else today.year


# --- The ledger ------------------------------------------------------------------------------------------------


def _ledger_page(request: AuthedRequest, employee: Employee, *, form=None, status: int = 200) -> TemplateResponse:
    year = _year(request)
    own = is_self(request.user, employee)
    context = {"ledger": jp_ledger(employee, year), "year": year, "own": own,
               "years": list(range(timezone.localdate().year, timezone.localdate().year - 5, -1)),
               "form": form or (LearningRecordForm() if own else None)}
    return TemplateResponse(request, "development/learning/jp_ledger.html", context, status=status)


@require_GET
def jp_mine(request: AuthedRequest) -> HttpResponse:
    me = actor_employee(request.user)
    if me is None:
        raise Http404
    return _ledger_page(request, me)


@require_GET
def jp_employee(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    employee = get_object_or_404(Employee.objects.select_related("current_unit"), public_id=public_id)
    if not can_view_development(request.user, employee):
        raise Http404
    return _ledger_page(request, employee)


@require_POST
def learning_record_add(request: AuthedRequest) -> HttpResponse:
    me = actor_employee(request.user)
    if me is None:
        raise Http404
    form = LearningRecordForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            record = services.learning_record_add(
                actor=request.user, employee=me, title=data["title"], form=data["form"],
                completed_on=data["completed_on"], minutes=data["minutes"], certificate_jp=data["certificate_jp"])
        except DomainError as exc:
            form.apply_errors(exc)
        else:
            response = redirect(f"{reverse('development:jp-mine')}?year={record.year}")
            return notify(request, response, level="success",
                          text=_("Recorded: %(jp)d JP, counted once HR verifies it.") % {"jp": record.jp})
    return _ledger_page(request, me, form=form, status=422)


# --- Verification ---------------------------------------------------------------------------------------------


@require_GET
def verification(request: AuthedRequest) -> HttpResponse:
    page = paginate(request, verification_queue(request.user))
    return TemplateResponse(request, "development/learning/verification.html",
                            {"page": page, "reject_form": RejectForm()})


def _queued(request: AuthedRequest, public_id: UUID):
    return get_object_or_404(learning_records_visible_to(request.user).select_related("employee"),
                             public_id=public_id)


@require_POST
def learning_record_verify(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    record = _queued(request, public_id)
    response = redirect("development:jp-verification")
    try:
        services.learning_record_verify(actor=request.user, record=record)
    except DomainError as exc:
        return notify(request, response, level="error", text=exc.message)
    return notify(request, response, level="success",
                  text=_("Verified: %(jp)d JP for %(name)s.") % {"jp": record.jp, "name": record.employee.full_name})


@require_POST
def learning_record_reject(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    record = _queued(request, public_id)
    response = redirect("development:jp-verification")
    form = RejectForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.learning_record_reject(actor=request.user, record=record, reason=reason)
    except DomainError as exc:
        return notify(request, response, level="error", text=exc.message)
    return notify(request, response, level="success", text=_("The entry was refused and the employee told why."))


# --- Evaluation -----------------------------------------------------------------------------------------------


def _enrolment(request: AuthedRequest, public_id: UUID):
    enrolments = enrolments_visible_to(request.user).select_related("employee", "activity")
    return get_object_or_404(enrolments, public_id=public_id)


def _evaluation_page(request: AuthedRequest, enrolment, *, forms: dict | None = None,
                     status: int = 200) -> TemplateResponse:
    actor, evaluation = request.user, evaluation_of(enrolment)
    activity: LearningActivity = enrolment.activity
    gain = norm = None
    if evaluation is not None and evaluation.pre_test is not None and evaluation.post_test is not None:
        gain, norm = score_gain(evaluation.pre_test, evaluation.post_test), normalised_gain(
            evaluation.pre_test, evaluation.post_test)
    forms = forms or {}
    participant, hr = is_self(actor, enrolment.employee), can_manage(actor, enrolment.pemda_id)
    context = {
        "enrolment": enrolment, "activity": activity, "evaluation": evaluation, "gain": gain, "normalised": norm,
        "passes": services.evaluation_passes(evaluation, activity),
        "competencies": list(activity.competencies.select_related("competency")),
        "reaction_form": forms.get("reaction") or (ReactionForm() if participant else None),
        "tests_form": forms.get("tests") or (TestsForm(initial={
            "pre_test": evaluation.pre_test if evaluation else None,
            "post_test": evaluation.post_test if evaluation else None})
            if hr and not participant and activity.has_tests else None),
        "follow_up_form": forms.get("follow_up") or (FollowUpForm() if is_direct_supervisor(
            actor, enrolment.employee) and not participant else None),
        "can_apply": hr and not participant,
        "completed": enrolment.status == "completed",
        "follow_up_due": evaluation.follow_up_due if evaluation else (
            services.follow_up_due(enrolment.completed_on) if enrolment.completed_on else None),
    }
    return TemplateResponse(request, "development/learning/evaluation.html", context, status=status)


@require_GET
def evaluation(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    return _evaluation_page(request, _enrolment(request, public_id))


def _after(request, enrolment, text: str) -> HttpResponse:
    return notify(request, redirect("development:enrolment-evaluation", public_id=enrolment.public_id), level="success",
                  text=text)


@require_POST
def evaluation_reaction(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    enrolment = _enrolment(request, public_id)
    if not is_self(request.user, enrolment.employee):
        raise PermissionDenied
    return _evaluation_post(request, enrolment, "reaction", ReactionForm(request.POST), lambda form: (
        services.evaluation_record_reaction(actor=request.user, enrolment=enrolment,
                                            reaction=form.cleaned_data["reaction"], answers=form.answers(),
                                            comment=form.cleaned_data["comment"])), _("Thank you: your reaction is recorded."))


def _evaluation_post(request: AuthedRequest, enrolment, key: str, form, save, done: str) -> HttpResponse:
    """One evaluation form's POST: valid input through *save(form)*, then back with *done*; refusals on the form."""
    status = 422
    if form.is_valid():
        try:
            save(form)
        except DomainError as exc:
            form.apply_errors(exc)
            status = exc.http_status
        else:
            return _after(request, enrolment, done)
    return _evaluation_page(request, enrolment, forms={key: form}, status=status)


@require_POST
def evaluation_tests(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    enrolment = _enrolment(request, public_id)
    if not can_manage(request.user, enrolment.pemda_id) or is_self(request.user, enrolment.employee):
        raise PermissionDenied
    return _evaluation_post(request, enrolment, "tests", TestsForm(request.POST), lambda form: (
        services.evaluation_record_tests(actor=request.user, enrolment=enrolment,
                                         pre_test=form.cleaned_data["pre_test"],
                                         post_test=form.cleaned_data["post_test"])), _("Test scores saved."))


@require_POST
def evaluation_follow_up(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    enrolment = _enrolment(request, public_id)
    if not is_direct_supervisor(request.user, enrolment.employee) or is_self(request.user, enrolment.employee):
        raise PermissionDenied
    return _evaluation_post(request, enrolment, "follow_up", FollowUpForm(request.POST), lambda form: (
        services.evaluation_follow_up(actor=request.user, enrolment=enrolment,
                                      applied_rating=form.cleaned_data["applied_rating"],
                                      note=form.cleaned_data["note"])), _("Follow-up recorded."))


@require_POST
def evaluation_apply(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    enrolment = _enrolment(request, public_id)
    if not can_manage(request.user, enrolment.pemda_id):
        raise PermissionDenied
    response = redirect("development:enrolment-evaluation", public_id=enrolment.public_id)
    try:
        created = services.evaluation_apply_competency(actor=request.user, enrolment=enrolment)
    except DomainError as exc:
        return notify(request, response, level="error", text=exc.message)
    text = (_("%(n)d competency level(s) raised.") % {"n": len(created)} if created
            else _("No level to raise: each competency is already at or above the activity's level."))
    return notify(request, response, level="success", text=text)


# --- Recap ----------------------------------------------------------------------------------------------------


def _recap(request: AuthedRequest):
    unit = None
    if request.GET.get("unit"):
        try:
            unit = units_visible_to(request.user).filter(public_id=UUID(request.GET["unit"])).first()
        except ValueError:
            unit = None
    status = request.GET.get("status") if request.GET.get("status") in RECAP_STATUSES else ""
    return jp_recap(request.user, unit, _year(request), status=status), status


@require_GET
def recap(request: AuthedRequest) -> HttpResponse:
    result, status = _recap(request)
    page = paginate(request, result.employees)
    context = {"recap": result, "page": page, "rows": result.rows_of(page.object_list), "year": result.year,
               "status": status,
               "unit_options": unit_options_selected(request.user, result.unit.public_id if result.unit else None,
                                                     within=recap_root(request.user)),
               "years": list(range(timezone.localdate().year, timezone.localdate().year - 5, -1)),
               "row_cap": learning_exports.ROW_CAP}
    return TemplateResponse(request, "development/learning/recap.html", context)


@require_GET
def recap_xlsx(request: AuthedRequest) -> HttpResponse:
    result, _status = _recap(request)
    count = result.employees.count()
    if count > learning_exports.ROW_CAP:
        response = redirect(f"{reverse('development:jp-recap')}?{request.GET.urlencode()}")
        return notify(request, response, level="error", text=_(
            "The recap has %(n)d employees, more than the %(cap)d one export holds: choose a unit.")
            % {"n": count, "cap": learning_exports.ROW_CAP})
    scope = result.unit.name if result.unit else request.user.pemda.name
    content = learning_exports.recap_xlsx(result, title=_("JP recap — %(scope)s — %(year)d") % {
        "scope": scope, "year": result.year})
    learning_exports.recap_export_record(actor=request.user, recap=result, rows=count)
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="rekap-jp-{slugify(scope)[:60]}-{result.year}.xlsx"'
    return response


# --- Settings -------------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def settings_page(request: AuthedRequest) -> HttpResponse:
    actor = request.user
    if not actor.pemda_id or not can_manage(actor, actor.pemda_id):
        raise PermissionDenied
    current = settings_for(actor.pemda_id)
    fields = ("pns_target_jp", "pppk_cap_jp", "pppk_cap_mode", "alert_from_month")
    form = SettingsForm(request.POST or None, initial={name: getattr(current, name) for name in fields})
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                services.development_settings_set(actor=actor, pemda=actor.pemda, **form.cleaned_data)
            except DomainError as exc:
                form.apply_errors(exc)
                status = exc.http_status
            else:
                return notify(request, redirect("development:development-settings"), level="success",
                              text=_("Settings saved."))
    return TemplateResponse(request, "development/learning/settings.html", {"form": form}, status=status)
