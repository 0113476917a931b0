"""HTML views of discipline cases (issue #12; rules.md §3.3–3.4): the case list, opening a case (also from an
employee's absence summary), the case page with its timeline and the form of the next step for whoever may take
it, the step POSTs, the case file's PDFs and the authority lookup.

Thin: parse → scoped selector → service → render. Cases outside the actor's scope are 404; a visible case whose
step the actor may not take is 403 (the service decides). Reads by anyone but HR are audited.
"""

from collections.abc import Callable
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pamong.audit.services import audit_read
from pamong.core.errors import DomainError
from pamong.core.htmx import notify
from pamong.core.http import AuthedRequest
from pamong.core.pagination import paginate
from pamong.people.selectors import actor_employee, employees_visible_to

from . import authority, documents
from .audit import DisciplineAudit
from .case_forms import (
    AbsenceOpenForm,
    AuthorityForm,
    CaseFilterForm,
    CaseOpenForm,
    CloseForm,
    DecisionForm,
    DeliveryForm,
    ExaminationForm,
    ObjectionDecideForm,
    ObjectionForm,
    OutcomeForm,
    ReleaseForm,
    SummonsForm,
    examination_input,
)
from .choices import CaseStatus, Level, SummonsOutcome
from .models import Case, Summons
from .rules import level_of
from .selectors.cases import case_list, cases_visible_to, is_hr, next_deadline, sees_agency
from .services import cases as services

PDF = "application/pdf"


def _agency_employees(request: AuthedRequest):
    return employees_visible_to(request.user).filter(pemda_id=request.user.pemda_id)


def _case(request: AuthedRequest, public_id: UUID) -> Case:
    rows = cases_visible_to(request.user).select_related(
        "employee", "employee__current_position", "employee__current_golongan", "employee__pemda", "org_unit",
        "position", "pemda", "decided_by", "plh").prefetch_related(
        Prefetch("summonses", queryset=Summons.objects.order_by("sequence")), "examiners", "objections")
    return get_object_or_404(rows, public_id=public_id)


@require_GET
def home(request: AuthedRequest) -> HttpResponse:
    """The cases the actor may see, filtered, each with its stage and its next deadline (days left / overdue)."""
    form = CaseFilterForm(request.GET or {})
    context = {"form": form, "page": None, "can_open": _may_open_any(request)}
    if not form.is_valid():
        return TemplateResponse(request, "discipline/case_list.html", context, status=422)
    rows = case_list(request.user, form.to_filters()).prefetch_related(
        Prefetch("summonses", queryset=Summons.objects.order_by("sequence")))
    page = paginate(request, rows)
    today = timezone.localdate()
    for case in page.object_list:
        case.deadline = next_deadline(case, today=today, summonses=list(case.summonses.all()))
    query = request.GET.copy()
    query.pop("page", None)
    context.update(page=page, query=query.urlencode())
    return TemplateResponse(request, "discipline/case_list.html", context)


def _may_open_any(request: AuthedRequest) -> bool:
    from pamong.people.selectors import has_subordinates

    return is_hr(request.user, request.user.pemda_id) or has_subordinates(request.user)


@require_http_methods(["GET", "POST"])
def case_create(request: AuthedRequest) -> HttpResponse:
    """Open a case (HR, or the direct supervisor). ?employee=<id>&from=absence opens it from the attendance summary."""
    if not _may_open_any(request):
        raise PermissionDenied
    employees = _agency_employees(request)
    chosen = None
    if request.GET.get("employee"):
        try:
            chosen = employees.filter(public_id=UUID(request.GET["employee"])).first()
        except ValueError:
            chosen = None
    from_absence = request.GET.get("from") == "absence" and chosen is not None
    form_class = AbsenceOpenForm if from_absence else CaseOpenForm
    kwargs = {} if from_absence else {"employees": employees}
    status = 200
    if request.method == "POST":
        form = form_class(request.POST, **kwargs)
        if form.is_valid():
            try:
                if from_absence:
                    case = services.case_open_from_absence(actor=request.user, employee=chosen,
                                                           year=form.cleaned_data["year"])
                else:
                    case = services.case_open(actor=request.user, employee=form.cleaned_data["nip"],
                                              data=form.to_input())
            except DomainError as exc:
                form.apply_errors(exc)
            except ImportError:
                form.add_error(None, _("The attendance summary is not available yet."))
            else:
                return notify(request, redirect("discipline:case-detail", case.public_id), level="success",
                              text=_("The case of %(name)s is open.") % {"name": case.employee.full_name})
        status = 422
    else:
        today = timezone.localdate()
        initial = {"year": today.year} if from_absence else {"nip": chosen.nip if chosen else "",
                                                              "occurred_from": today, "occurred_to": today}
        form = form_class(initial=initial, **kwargs)
    context = {"form": form, "chosen": chosen, "from_absence": from_absence}
    return TemplateResponse(request, "discipline/case_create.html", context, status=status)


def _officials_by_level(case: Case) -> dict[str, list]:
    return {level: authority.authorised_officials(case.employee, level) for level in Level.values}


def _may_decide(request: AuthedRequest, case: Case, officials: dict[str, list]) -> bool:
    me = actor_employee(request.user)
    if me is not None and me.pk == case.employee_id:
        return False
    hr = is_hr(request.user, case.pemda_id)
    return any((o.employee is not None and me is not None and o.employee.pk == me.pk) or (o.external and hr)
               for found in officials.values() for o in found)


def _next_step_forms(request: AuthedRequest, case: Case, officials: dict[str, list]) -> dict:
    """The forms of the steps the actor may take now (only those)."""
    user, today, status = request.user, timezone.localdate(), case.status
    summonses = list(case.summonses.all())
    pending = [s for s in summonses if s.outcome == SummonsOutcome.PENDING]
    forms: dict = {}
    if services.can_examine(user, case):
        if status == CaseStatus.REPORTED or (status == CaseStatus.SUMMONED and not pending and len(summonses) < 2
                                             and summonses[-1].outcome == SummonsOutcome.ABSENT):
            start = summonses[-1].examination_on if summonses else today
            forms["summons"] = SummonsForm(initial={"issued_on": max(start, today), "examination_on":
                                                    services.summons_deadline(case, start)})
            forms["summons_limit"] = services.summons_deadline(case, start)
        if status == CaseStatus.SUMMONED and pending:
            forms["outcome"] = OutcomeForm()
            forms["examination"] = ExaminationForm(initial={"held_on": pending[-1].examination_on},
                                                   employees=_agency_employees(request))
    if services.can_manage_case(user, case):
        if status in (CaseStatus.SUMMONED, CaseStatus.EXAMINED) and not case.released_from_duty:
            forms["release"] = ReleaseForm(initial={"release_from": today}, employees=_agency_employees(request))
        if status == CaseStatus.DECIDED:
            forms["delivery"] = DeliveryForm(initial={"delivered_on": today})
        if status == CaseStatus.OBJECTED:
            forms["objection_decide"] = ObjectionDecideForm(sanctions=services.sanction_choices(case))
        if status in (CaseStatus.REPORTED, CaseStatus.SUMMONED, CaseStatus.EXAMINED):
            forms["close"] = CloseForm()
    ready = status == CaseStatus.EXAMINED or (status == CaseStatus.SUMMONED and services.decided_on_evidence(case))
    if ready and _may_decide(request, case, officials):
        forms["decision"] = DecisionForm(sanctions=services.sanction_choices(case))
    mine = actor_employee(user) is not None and actor_employee(user).pk == case.employee_id
    if status in (CaseStatus.DELIVERED, CaseStatus.EFFECTIVE) and (mine or is_hr(user, case.pemda_id)):
        limit = services.objection_deadline(case)
        if limit is not None and today <= limit:
            forms["objection"] = ObjectionForm(initial={"filed_on": today})
            forms["objection_limit"] = limit
    return forms


def _timeline(case: Case) -> list[dict]:
    settings = services.settings_for(case.pemda)
    steps = [{"label": _("Reported"), "date": case.reported_on, "rule": services.RULE_REPORT}]
    for s in case.summonses.all():
        steps.append({"label": _("Summons %(n)d (examination on %(date)s): %(outcome)s") % {
            "n": s.sequence, "date": s.examination_on.isoformat(), "outcome": s.get_outcome_display()},
            "date": s.issued_on, "due": s.examination_on,
            "rule": services.RULE_SUMMONS.format(n=settings.summons_working_days)})
    exam = getattr(case, "_exam", None)
    if exam is not None:
        steps.append({"label": _("Examined (%(mode)s)") % {"mode": exam.get_mode_display()}, "date": exam.held_on,
                      "rule": services.RULE_TEAM if case.examiners.all() else ""})
    if case.released_from_duty:
        steps.append({"label": _("Released from duty, Plh %(name)s") % {"name": case.plh.full_name if case.plh else ""},
                      "date": case.release_from, "rule": "rules.md §3.4"})
    if case.decided_on:
        steps.append({"label": _("Decided: %(sanction)s") % {"sanction": case.get_sanction_display()},
                      "date": case.decided_on, "due": case.delivery_due,
                      "rule": services.RULE_DELIVERY.format(n=settings.delivery_days,
                                                            unit=services._unit_text(settings.delivery_unit))})
    if case.delivered_on:
        steps.append({"label": _("Delivered"), "date": case.delivered_on, "due": case.effective_on,
                      "rule": services.RULE_EFFECTIVE.format(n=settings.effective_after_days)})
    for objection in case.objections.all():
        steps.append({"label": _("Objection: %(status)s") % {"status": objection.get_status_display()},
                      "date": objection.filed_on, "rule": services.RULE_OBJECTION.format(
                          n=settings.objection_days, unit=services._unit_text(settings.objection_unit))})
    if case.closed_on:
        steps.append({"label": _("Closed: %(reason)s") % {"reason": case.close_reason}, "date": case.closed_on})
    return steps


def _detail_page(request: AuthedRequest, case: Case, *, error: str = "", status: int = 200) -> TemplateResponse:
    case._exam = case.examination if _has_exam(case) else None
    officials = _officials_by_level(case)
    today = timezone.localdate()
    context = {
        "case": case, "exam": case._exam, "timeline": _timeline(case), "officials": officials,
        "forms": _next_step_forms(request, case, officials), "documents": documents.available(case),
        "deadline": next_deadline(case, today=today, summonses=list(case.summonses.all())),
        "pppk_without_catalogue": services.is_pppk(case.employee) and not services.sanction_choices(case),
        "sees_agency": sees_agency(request.user, case.pemda_id), "error": error,
    }
    return TemplateResponse(request, "discipline/case_detail.html", context, status=status)


@require_GET
def case_detail(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    case = _case(request, public_id)
    services.case_viewed(actor=request.user, case=case)
    return _detail_page(request, case)


def _has_exam(case: Case) -> bool:
    from .models import Examination

    return Examination.objects.filter(case=case).exists()


def _step(request: AuthedRequest, public_id: UUID, build: Callable, run: Callable, done: str, *,
          manages: bool = False) -> HttpResponse:
    """One step POST: the form → the service. A step the actor may not take (discipline.self_decision,
    discipline.not_authorised) answers 403 with the case page and the refusal, which names who may take it; any
    other refusal (a deadline passed, the wrong stage, a field) goes back to the case page with its message.
    *manages*: the step is HR's case management, checked before the form (whose fields name agency employees)."""
    case = _case(request, public_id)
    if manages and not services.can_manage_case(request.user, case):
        try:
            services.check_not_self(request.user, case)
        except DomainError as exc:
            return _detail_page(request, case, error=exc.message, status=exc.http_status)
        raise PermissionDenied
    form = build(case)
    back = redirect("discipline:case-detail", case.public_id)
    if not form.is_valid():
        errors = "; ".join(f"{form.fields[name].label if name in form.fields else ''}: {' '.join(msgs)}".lstrip(": ")
                           for name, msgs in form.errors.items())
        return notify(request, back, level="error", text=errors)
    try:
        run(case, form.cleaned_data)
    except DomainError as exc:
        if exc.http_status == 403:
            return _detail_page(request, _case(request, public_id), error=exc.message, status=403)
        return notify(request, back, level="error", text=exc.message)
    return notify(request, back, level="success", text=done)


@require_POST
def case_summons(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    return _step(request, public_id, lambda case: SummonsForm(request.POST), lambda case, d: services.summons_issue(
        actor=request.user, case=case, issued_on=d["issued_on"], examination_on=d["examination_on"],
        place=d["place"]), _("The summons was issued."))


@require_POST
def case_summons_outcome(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    return _step(request, public_id, lambda case: OutcomeForm(request.POST), lambda case, d: services.summons_outcome(
        actor=request.user, case=case, outcome=d["outcome"]), _("The outcome was recorded."))


@require_POST
def case_examination(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    return _step(request, public_id,
                 lambda case: ExaminationForm(request.POST, employees=_agency_employees(request)),
                 lambda case, d: services.examination_record(
                     actor=request.user, case=case, data=examination_input(d)),
                 _("The examination and its BAP were recorded."))


@require_POST
def case_release(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    return _step(request, public_id, lambda case: ReleaseForm(request.POST, employees=_agency_employees(request)),
                 lambda case, d: services.release_from_duty(actor=request.user, case=case,
                                                            release_from=d["release_from"], plh=d["plh"]),
                 _("The employee is released from duty until the decision."), manages=True)


@require_POST
def case_decision(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    return _step(request, public_id,
                 lambda case: DecisionForm(request.POST, sanctions=services.sanction_choices(case)),
                 lambda case, d: services.case_decide(actor=request.user, case=case, sanction=d["sanction"],
                                                      reason=d["reason"], decided_on=d["decided_on"]),
                 _("The decision was recorded."))


@require_POST
def case_delivery(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    return _step(request, public_id, lambda case: DeliveryForm(request.POST),
                 lambda case, d: services.case_deliver(actor=request.user, case=case,
                                                       delivered_on=d["delivered_on"], in_absence=d["in_absence"]),
                 _("The delivery was recorded."))


@require_POST
def case_objection(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    return _step(request, public_id, lambda case: ObjectionForm(request.POST),
                 lambda case, d: services.objection_file(actor=request.user, case=case, text=d["text"],
                                                         filed_on=d["filed_on"]),
                 _("The objection was filed: the sanction is suspended until it is decided."))


@require_POST
def case_objection_decide(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    return _step(request, public_id,
                 lambda case: ObjectionDecideForm(request.POST, sanctions=services.sanction_choices(case)),
                 lambda case, d: services.objection_decide(actor=request.user, case=case, outcome=d["outcome"],
                                                           reason=d["reason"],
                                                           new_sanction=d.get("new_sanction") or ""),
                 _("The decision on the objection was recorded."))


@require_POST
def case_close(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    return _step(request, public_id, lambda case: CloseForm(request.POST),
                 lambda case, d: services.case_close(actor=request.user, case=case, reason=d["reason"]),
                 _("The case was closed without sanction."))


@require_GET
def case_document(request: AuthedRequest, public_id: UUID, kind: str) -> HttpResponse:
    """A PDF of the case file (summons, BAP, decision); each download is audited."""
    case = _case(request, public_id)
    if kind not in documents.KINDS:
        raise Http404
    pdf = documents.render(case, kind)
    if pdf is None:
        raise Http404
    audit_read(actor=request.user, action=DisciplineAudit.DOCUMENT_DOWNLOADED, target=case, fields=[kind],
               pemda_id=case.pemda_id)
    response = HttpResponse(pdf, content_type=PDF)
    response["Content-Disposition"] = f'attachment; filename="disiplin-{kind}-{case.employee.nip}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
def authority_lookup(request: AuthedRequest) -> HttpResponse:
    """Who may impose a sanction on an employee (rules.md §3.3): for those who see the agency's cases."""
    if not sees_agency(request.user, request.user.pemda_id):
        raise PermissionDenied
    form = AuthorityForm(request.GET or None, employees=_agency_employees(request))
    context = {"form": form, "officials": None}
    if request.GET and not form.is_valid():
        return TemplateResponse(request, "discipline/authority.html", context, status=422)
    if form.is_bound:
        employee, sanction = form.cleaned_data["nip"], form.cleaned_data["sanction"]
        context.update(employee=employee, level=level_of(sanction), officials=authority.authorised_officials(
            employee, level_of(sanction), sanction=sanction))
    return TemplateResponse(request, "discipline/authority.html", context)
