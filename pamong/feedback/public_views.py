"""The public survey pages (issue #14; PermenPANRB 14/2017): the page a service point's QR code opens, for anyone,
without an account — the only anonymous surface of Pamong besides sign-in (STYLE.md §4.8).

Kept apart from the staff surface:
- rendered without the request's context processors (no user, no session, no CSRF cookie: nothing of a signed-in
  visitor reaches the page), and its own base template without the staff navigation;
- a strict Content-Security-Policy of its own: scripts and styles from Pamong only, ``connect-src 'none'`` (a script
  on the page, even an injected one, cannot call any endpoint), forms posted to Pamong only, never framed;
- no CSRF token: nothing here acts for a signed-in user, and every submission carries a one-time signed challenge
  (proof_of_work) bound to its service point instead;
- the one cookie is the device's random key (one questionnaire per device, point and day; device_keys).

Abuse limits (reliability-security.md G30): per client address and hour (429 beyond), a request size cap (413),
a honeypot field, and the proof of work.
"""

import secrets

from csp.constants import NONE, SELF
from csp.decorators import csp
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from pamong.accounts import throttle
from pamong.core.client_ip import client_ip

from . import errors, proof_of_work
from .device_keys import normalised_device_key
from .errors import FeedbackError
from .public_forms import SurveyForm
from .selectors import device_answered_today, local_day, open_period_on, public_service_point
from .services import response_submit

DEVICE_COOKIE = "pamong_skm_device"
DEVICE_COOKIE_AGE = 2 * 365 * 24 * 60 * 60
MAX_BODY_BYTES = 16 * 1024
PUBLIC_CSP = {
    "default-src": [NONE],
    "script-src": [SELF],
    "style-src": [SELF],
    "img-src": [SELF, "data:"],
    "font-src": [SELF],
    "connect-src": [NONE],
    "form-action": [SELF],
    "base-uri": [NONE],
    "frame-ancestors": [NONE],
    "object-src": [NONE],
}


def public_view(view):
    """The public surface's decorators: anonymous, no CSRF (see the module), its own CSP, never cached."""
    return login_not_required(csrf_exempt(csp(PUBLIC_CSP)(never_cache(view))))


def over_limit(request: HttpRequest, name: str, *, limit: int) -> bool:
    """Count one public submission (or lookup) of kind *name* from the client's address; True once *limit* in the
    hour is passed (the page answers 429). The pages and the API share the count."""
    return throttle.hit(f"{name}:address:{client_ip(request) or '-'}", limit=limit, window=3600)


def submissions_per_hour() -> int:
    return int(getattr(settings, "PAMONG_SKM_SUBMISSIONS_PER_ADDRESS_HOUR", 120))


def public_page(template: str, context: dict, *, status: int = 200) -> HttpResponse:
    context = {"LANGUAGE_CODE": get_language(), **context}
    return HttpResponse(render_to_string(template, context), status=status)


def _device_key(request: HttpRequest) -> tuple[str, bool]:
    """The device's key from its cookie, or a new one (True: to be set on the response)."""
    key = normalised_device_key(request.COOKIES.get(DEVICE_COOKIE))
    return (key, False) if key is not None else (secrets.token_urlsafe(24), True)


def _with_device_cookie(response: HttpResponse, key: str, new: bool) -> HttpResponse:
    if new:
        response.set_cookie(DEVICE_COOKIE, key, max_age=DEVICE_COOKIE_AGE, httponly=True, samesite="Lax",
                            secure=settings.SESSION_COOKIE_SECURE, path="/skm/")
    return response


def _not_found() -> HttpResponse:
    return public_page("feedback/public/not_found.html", {}, status=404)


def _purpose(point) -> str:
    return f"survey:{point.code}"


@public_view
@require_http_methods(["GET", "POST"])
def survey(request: HttpRequest, code: str) -> HttpResponse:
    point = public_service_point(code)
    if point is None:
        return _not_found()
    key, new = _device_key(request)
    context = {"point": point, "unit": point.org_unit.name, "pow_bits": proof_of_work.difficulty()}
    if request.method == "POST":
        response = _submit(request, point, key, context)
    elif device_answered_today(point=point, device_key=key):
        response = public_page("feedback/public/answered.html", context)
    elif open_period_on(point.pemda_id, local_day(point.pemda, timezone.now())) is None:
        response = public_page("feedback/public/closed.html", context)
    else:
        form = SurveyForm(initial={"pow_token": proof_of_work.challenge(_purpose(point))})
        response = public_page("feedback/public/survey.html", {**context, "form": form})
    return _with_device_cookie(response, key, new)


def _submit(request: HttpRequest, point, key: str, context: dict) -> HttpResponse:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = MAX_BODY_BYTES + 1
    if length > MAX_BODY_BYTES:
        return public_page("feedback/public/refused.html", {**context, "reason": "too_large"}, status=413)
    if over_limit(request, "skm", limit=submissions_per_hour()):
        return public_page("feedback/public/refused.html", {**context, "reason": "too_many"}, status=429)
    form = SurveyForm(request.POST)
    if form.is_robot:
        return public_page("feedback/public/refused.html", {**context, "reason": "robot"}, status=400)
    if not form.is_valid():
        return public_page("feedback/public/survey.html", {**context, "form": renewed_with_challenge(form, _purpose(point))}, status=422)
    try:
        proof_of_work.verify(form.cleaned_data["pow_token"], form.cleaned_data["pow_counter"],
                             purpose=_purpose(point))
        response_submit(point_code=point.code, answers=form.answers(), profile=form.profile(),
                        comment=form.cleaned_data["comment"], device_key=key)
    except FeedbackError as error:
        if error.code == errors.ALREADY_ANSWERED_TODAY:
            return public_page("feedback/public/answered.html", context, status=409)
        if error.code == errors.NO_OPEN_PERIOD:
            return public_page("feedback/public/closed.html", context, status=422)
        if error.code == errors.POINT_NOT_FOUND:
            return _not_found()
        form.add_error(None, error.message)
        for field, messages in error.field_errors.items():
            for message in messages:
                form.add_error(field if field in form.fields else None, message)
        return public_page("feedback/public/survey.html", {**context, "form": renewed_with_challenge(form, _purpose(point))},
                     status=error.http_status if error.http_status < 500 else 422)
    return HttpResponseRedirect(reverse("feedback-public:thanks", args=[point.code]))


def renewed_with_challenge(form, purpose: str):
    """The bound public *form* again with a new challenge for *purpose* (the old one may have been spent), its
    input and its errors kept. A form built with keyword arguments keeps them in ``_init_kwargs``."""
    data = form.data.copy()
    data.update({"pow_token": proof_of_work.challenge(purpose), "pow_counter": ""})
    renewed = type(form)(data, **getattr(form, "_init_kwargs", {}))
    renewed.is_valid()
    for field, messages in form.errors.items():
        if field not in renewed.errors:
            for message in messages:
                renewed.add_error(None if field == "__all__" else field, message)
    return renewed


@public_view
@require_http_methods(["GET"])
def thanks(request: HttpRequest, code: str) -> HttpResponse:
    point = public_service_point(code)
    if point is None:
        return _not_found()
    return public_page("feedback/public/thanks.html", {"point": point, "unit": point.org_unit.name})
