"""HTML views of the letters context: the public verification page, HR's numbering schemes and the register.

Thin views: parse → scoped selector → one service → respond.
"""

from uuid import UUID

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from pamong.accounts import throttle
from pamong.core.client_ip import client_ip
from pamong.core.errors import DomainError
from pamong.core.htmx import notify
from pamong.core.pagination import paginate

from .forms import RegisterFilterForm, SchemeForm
from .models import LetterKind
from .patterns import pattern_problem
from .permissions import can_manage_letter_schemes, can_view_letter_register
from .selectors import letter_by_token, letters_visible_to, next_number_preview, schemes_visible_to
from .services import DEFAULT_PATTERNS, letter_scheme_create, letter_scheme_update

# Verification look-ups per client address and minute: plenty for a desk checking letters, too few to guess tokens
# (192 random bits are not guessed anyway; the limit keeps the page cheap).
VERIFY_PER_MINUTE = 30


# --- Public verification -------------------------------------------------------------------------


@login_not_required
@require_GET
@never_cache
def verify(request, token: str) -> HttpResponse:
    """What the QR code on a letter opens: number, date, subject, issuer and state — never personal data."""
    if throttle.hit(f"letters-verify:ip:{client_ip(request) or '-'}", limit=VERIFY_PER_MINUTE, window=60):
        response = TemplateResponse(request, "letters/verify.html", {"throttled": True}, status=429)
        response["Retry-After"] = "60"
        return response
    letter = letter_by_token(token) if len(token) <= 64 else None
    context = {"letter": letter, "token_unknown": letter is None}
    response = TemplateResponse(request, "letters/verify.html", context, status=200 if letter else 404)
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


# --- HR: numbering schemes -----------------------------------------------------------------------


def _require_manager(request) -> None:
    if not can_manage_letter_schemes(request.user, getattr(request.user, "pemda_id", None)):
        raise PermissionDenied


@require_GET
def scheme_list(request) -> HttpResponse:
    _require_manager(request)
    schemes = list(schemes_visible_to(request.user).order_by("kind", "-active", "pk"))
    today = timezone.localdate()
    for scheme in schemes:
        scheme.next_number = next_number_preview(scheme.pattern, scheme=scheme, on=today)
    configured = {s.kind for s in schemes if s.active}
    defaults = [
        {"kind": kind, "label": kind.label, "pattern": DEFAULT_PATTERNS[kind],
         "next_number": next_number_preview(DEFAULT_PATTERNS[kind], scheme=None, on=today)}
        for kind in LetterKind if kind not in configured
    ]
    return TemplateResponse(request, "letters/scheme_list.html", {"schemes": schemes, "defaults": defaults})


def _save_error(form: SchemeForm, exc: DomainError) -> None:
    fields = exc.field_errors
    for name, messages in fields.items():
        for message in messages:
            form.add_error(name if name in form.fields else None, message)
    if not fields:
        form.add_error(None, exc.message)


@require_http_methods(["GET", "POST"])
def scheme_create(request) -> HttpResponse:
    _require_manager(request)
    kind = request.GET.get("kind", "")
    initial = {"kind": kind, "pattern": DEFAULT_PATTERNS.get(kind, "")} if kind in LetterKind.values else {}
    form = SchemeForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            data = form.cleaned_data
            try:
                letter_scheme_create(actor=request.user, pemda=request.user.pemda, kind=data["kind"],
                                     pattern=data["pattern"], issuer=data["issuer"], name=data["name"])
            except DomainError as exc:
                _save_error(form, exc)
            else:
                return notify(request, redirect("letters:scheme-list"), level="success",
                              text=_("The numbering scheme was saved."))
    return TemplateResponse(request, "letters/scheme_form.html", {"form": form, "scheme": None}, status=status)


@require_http_methods(["GET", "POST"])
def scheme_edit(request, public_id: UUID) -> HttpResponse:
    _require_manager(request)
    scheme = get_object_or_404(schemes_visible_to(request.user), public_id=public_id)
    initial = {"name": scheme.name, "pattern": scheme.pattern, "issuer": scheme.issuer, "active": scheme.active}
    form = SchemeForm(request.POST or None, initial=initial, editing=True)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            data = form.cleaned_data
            try:
                letter_scheme_update(actor=request.user, scheme=scheme, pattern=data["pattern"],
                                     issuer=data["issuer"], name=data["name"], active=data["active"])
            except DomainError as exc:
                _save_error(form, exc)
            else:
                return notify(request, redirect("letters:scheme-list"), level="success",
                              text=_("The numbering scheme was saved."))
    return TemplateResponse(request, "letters/scheme_form.html", {"form": form, "scheme": scheme}, status=status)


@require_GET
def scheme_preview(request) -> HttpResponse:
    """The live preview under the pattern field (htmx): the number the next letter would get today."""
    _require_manager(request)
    pattern = (request.GET.get("pattern") or "").strip()
    scheme = None
    if request.GET.get("scheme"):
        try:
            scheme = schemes_visible_to(request.user).filter(public_id=UUID(request.GET["scheme"])).first()
        except ValueError:
            scheme = None
    problem = pattern_problem(pattern)
    preview = "" if problem else next_number_preview(pattern, scheme=scheme, on=timezone.localdate())
    return TemplateResponse(request, "letters/_preview.html", {"problem": problem, "preview": preview})


# --- The register of issued letters --------------------------------------------------------------


@require_GET
def letter_register(request) -> HttpResponse:
    if not can_view_letter_register(request.user, getattr(request.user, "pemda_id", None)):
        raise PermissionDenied
    form = RegisterFilterForm(request.GET or None)
    rows = letters_visible_to(request.user)
    if form.is_valid():
        if form.cleaned_data.get("year"):
            rows = rows.filter(year=form.cleaned_data["year"])
        if form.cleaned_data.get("kind"):
            rows = rows.filter(kind=form.cleaned_data["kind"])
    page = paginate(request, rows)
    return TemplateResponse(request, "letters/register.html", {"form": form, "page": page,
                                                               "can_manage": can_manage_letter_schemes(
                                                                   request.user, request.user.pemda_id)})
