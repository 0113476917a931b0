"""HTML views of mentoring and coaching: the pairs list, pairing a mentor (with suggestions), the pair with its
sessions (record, confirm) and ending a pair.

Thin: parse (form) → fetch through pairs_visible_to() (a pair outside the actor's scope is 404 like one that does not
exist) → one service → render. A visible pair the actor may not act on is 403 (the predicates the services enforce).
"""

from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pamong.core.errors import DomainError
from pamong.core.htmx import notify, partial_template
from pamong.core.http import AuthedRequest
from pamong.core.pagination import paginate
from pamong.people.models import Employee
from pamong.people.selectors import actor_employee, employees_visible_to

from .capabilities import DevelopmentPerm
from .choices import PairStatus
from .mentoring_forms import FindMentorForm, PairForm, SessionForm
from .models import Competency, MentoringPair, MentoringSession
from .permissions import can_manage
from .selectors.competencies import employee_gaps
from .selectors.mentoring import mentor_suggestions, pair_list, pair_sessions, pairs_visible_to
from .services import mentoring as services

CREATE_TEMPLATE = "development/mentoring/pair_create.html"
DETAIL_TEMPLATE = "development/mentoring/pair_detail.html"


def can_pair_anyone(actor) -> bool:
    """Whether *actor* may open the pairing page: HR of the agency or the head of a unit."""
    if can_manage(actor, actor.pemda_id):
        return True
    me = actor_employee(actor)
    return me is not None and me.current_position is not None and me.current_position.is_unit_head


@require_GET
def pair_list_view(request: AuthedRequest) -> HttpResponse:
    role = request.GET.get("role", "")
    role = role if role in ("mentor", "mentee") else ""
    page = paginate(request, pair_list(actor=request.user, role=role))
    context = {"page": page, "role": role, "can_pair": can_pair_anyone(request.user),
               "agency_wide": request.user.has_perm(DevelopmentPerm.VIEW_ANY)}
    return TemplateResponse(request, partial_template(request, "development/mentoring/pair_list.html", "results"),
                            context)


def _competencies(actor):
    return Competency.objects.filter(pemda_id=actor.pemda_id, is_active=True).order_by("kind", "code")


def _find_mentee(request: AuthedRequest, form: FindMentorForm) -> Employee | None:
    """The mentee the find form names, in the actor's scope and pairable by them (else a field error)."""
    if not form.is_valid():
        return None
    mentee = (employees_visible_to(request.user).filter(nip=form.cleaned_data["mentee"], is_active=True)
              .select_related("current_position", "current_unit", "current_golongan").first())
    if mentee is None:
        form.add_error("mentee", _("No active employee with this NIP among those you may see."))
        return None
    if not services.can_pair(request.user, mentee):
        form.add_error("mentee", _("You cannot choose a mentor for this employee: HR, or the head of the "
                                   "employee's unit, does."))
        return None
    return mentee


def _mentor_of(request: AuthedRequest, form: PairForm, pemda_id: int) -> Employee | None:
    data = form.cleaned_data
    mentors = Employee.objects.filter(pemda_id=pemda_id).select_related("current_position", "current_golongan")
    if data.get("mentor"):
        try:
            mentor = mentors.filter(public_id=UUID(data["mentor"])).first()
        except ValueError:
            mentor = None
    else:
        mentor = mentors.filter(nip="".join(data["mentor_nip"].split())).first()
    if mentor is None:
        form.add_error("mentor_nip" if data.get("mentor_nip") else "mentor",
                       _("No employee with this NIP in the agency."))
    return mentor


@require_http_methods(["GET", "POST"])
def pair_create_view(request: AuthedRequest) -> HttpResponse:
    """GET: the mentee and competency chosen, the mentee's gaps and the suggested mentors. POST: the pair."""
    if not can_pair_anyone(request.user):
        raise PermissionDenied
    data = request.POST if request.method == "POST" else request.GET
    competencies = _competencies(request.user)
    find = FindMentorForm(data if "mentee" in data else None, competencies=competencies)
    mentee = _find_mentee(request, find) if find.is_bound else None
    competency = find.cleaned_data.get("competency") if mentee is not None else None
    suggestions = mentor_suggestions(mentee, competency) if mentee is not None else []
    form = PairForm(request.POST if request.method == "POST" else None, suggestions=suggestions, prefix="pair")
    status = 200
    if request.method == "POST":
        status = 422
        if mentee is not None and form.is_valid():
            mentor = _mentor_of(request, form, mentee.pemda_id)
            if mentor is not None:
                values = form.cleaned_data
                try:
                    pair = services.pair_create(actor=request.user, mentor=mentor, mentee=mentee,
                                                competency=competency, kind=values["kind"], goal=values["goal"],
                                                started_on=values["started_on"])
                except DomainError as exc:
                    form.apply_errors(exc)
                    status = exc.http_status
                else:
                    return notify(request, redirect("development:mentoring-pair", pair.public_id), level="success",
                                  text=_("%(mentor)s now mentors %(mentee)s.")
                                  % {"mentor": mentor.full_name, "mentee": mentee.full_name})
    context = {"find": find, "form": form, "mentee": mentee, "competency": competency, "suggestions": suggestions,
               "gaps": employee_gaps(mentee) if mentee is not None else []}
    return TemplateResponse(request, partial_template(request, CREATE_TEMPLATE, "suggestions"), context,
                            status=status)


def _pair_or_404(request: AuthedRequest, public_id: UUID) -> MentoringPair:
    return get_object_or_404(pairs_visible_to(request.user).select_related(
        "mentor__current_position", "mentee__current_position", "mentee__current_unit", "competency"),
        public_id=public_id)


def _detail(request: AuthedRequest, pair: MentoringPair, *, session_form: SessionForm | None = None,
            status: int = 200) -> HttpResponse:
    party = services.party_of(request.user, pair)
    sessions = pair_sessions(pair)
    for session in sessions:
        mine = f"{party}_confirmed_at" if party else None
        session.can_confirm = mine is not None and getattr(session, mine) is None
    context = {"pair": pair, "party": party, "sessions": sessions,
               "can_record": party is not None and pair.status == PairStatus.ACTIVE,
               "can_end": pair.status == PairStatus.ACTIVE and services.can_end_pair(request.user, pair),
               "session_form": session_form or SessionForm(prefix="session"),
               "total_jp": sum(s.jp or 0 for s in sessions)}
    return TemplateResponse(request, DETAIL_TEMPLATE, context, status=status)


@require_GET
def pair_detail_view(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    return _detail(request, _pair_or_404(request, public_id))


@require_POST
def session_record_view(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    pair = _pair_or_404(request, public_id)
    if services.party_of(request.user, pair) is None:
        raise PermissionDenied  # only the mentor or the mentee records a session
    form = SessionForm(request.POST, prefix="session")
    status = 422
    if form.is_valid():
        try:
            services.session_record(actor=request.user, pair=pair, **form.cleaned_data)
        except DomainError as exc:
            form.apply_errors(exc)
            status = exc.http_status
        else:
            return notify(request, redirect("development:mentoring-pair", pair.public_id), level="success",
                          text=_("Session recorded; the other party is asked to confirm it."))
    return _detail(request, pair, session_form=form, status=status)


@require_POST
def session_confirm_view(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    session = get_object_or_404(MentoringSession.objects.filter(pair__in=pairs_visible_to(request.user))
                                .select_related("pair"), public_id=public_id)
    if services.party_of(request.user, session.pair) is None:
        raise PermissionDenied  # nobody confirms for the mentor or the mentee
    target = redirect("development:mentoring-pair", session.pair.public_id)
    try:
        session = services.session_confirm(actor=request.user, session=session)
    except DomainError as exc:
        return notify(request, target, level="error", text=exc.message)
    text = _("Session confirmed by both: its hours count toward the mentee's JP.") \
        if session.mentor_confirmed_at and session.mentee_confirmed_at else _("Session confirmed.")
    return notify(request, target, level="success", text=text)


@require_POST
def pair_end_view(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    pair = _pair_or_404(request, public_id)
    if not services.can_end_pair(request.user, pair):
        raise PermissionDenied
    target = redirect("development:mentoring-pair", pair.public_id)
    try:
        services.pair_end(actor=request.user, pair=pair)
    except DomainError as exc:
        return notify(request, target, level="error", text=exc.message)
    return notify(request, target, level="success", text=_("The pair has ended."))
