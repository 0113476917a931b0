"""The public complaint pages (/pengaduan/…): the complaint form of an agency, the tracking page a citizen opens with
the tracking number, and their reopening of an answered complaint — without an account.

The survey's public surface, reused (public_views): anonymous, no CSRF cookie (each submission carries a one-time
proof of work bound to its purpose instead), its own strict CSP, never cached, rendered without the request's
context processors. Abuse limits (reliability-security.md G30): per client address and hour for submissions and,
separately, for tracking-number lookups (enumeration; 429 beyond), a request size cap (413), a honeypot.

The tracking number travels only in POST bodies, never in a URL (access logs, browser history, Referer). The tracking
page shows the status, the dates, the unit, and the replies to the complainant — never internal notes, staff names or
the complainant's contact. An unknown number and a malformed one get the same 404 page.
"""

from uuid import UUID

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_http_methods, require_POST

from . import complaint_rules as rules
from . import proof_of_work
from .complaint_public_forms import LookupForm, PublicComplaintForm, PublicReopenForm
from .complaint_selectors import agency_public_units, local_today, public_agency, public_complaint, public_replies
from .complaint_services import complaint_reopen_public, complaint_submit
from .errors import FeedbackError
from .public_views import over_limit, public_page, public_view, renewed_with_challenge

MAX_BODY_BYTES = 64 * 1024  # 4,000 characters of description, percent-encoded, with room to spare


def submissions_per_hour() -> int:
    return int(getattr(settings, "PAMONG_COMPLAINT_SUBMISSIONS_PER_ADDRESS_HOUR", 10))


def lookups_per_hour() -> int:
    return int(getattr(settings, "PAMONG_COMPLAINT_LOOKUPS_PER_ADDRESS_HOUR", 30))


def _too_large(request: HttpRequest) -> bool:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) > MAX_BODY_BYTES
    except ValueError:
        return True


def _refused(reason: str, status: int, context: dict | None = None) -> HttpResponse:
    return public_page("feedback/public/complaint_refused.html", {**(context or {}), "reason": reason}, status=status)


def _not_found(context: dict | None = None) -> HttpResponse:
    return public_page("feedback/public/complaint_not_found.html", context or {}, status=404)


def _submit_purpose(pemda) -> str:
    return f"complaint:{pemda.pk}"


def _reopen_purpose(complaint) -> str:
    return f"complaint-reopen:{complaint.public_id}"


def _complaint_form(pemda, data=None, **kwargs) -> PublicComplaintForm:
    units = list(agency_public_units(pemda))
    form = PublicComplaintForm(data, units=units, **kwargs)
    form._init_kwargs = {"units": units}
    return form


@public_view
@require_http_methods(["GET", "POST"])
def complaint_form(request: HttpRequest, agency: UUID) -> HttpResponse:
    """The agency's complaint form; a sent complaint shows its tracking number (once, on the response itself)."""
    pemda = public_agency(agency)
    if pemda is None:
        return _not_found()
    context = {"pemda": pemda, "pow_bits": proof_of_work.difficulty()}
    if request.method == "GET":
        form = _complaint_form(pemda, initial={"pow_token": proof_of_work.challenge(_submit_purpose(pemda))})
        return public_page("feedback/public/complaint_form.html", {**context, "form": form})
    if _too_large(request):
        return _refused("too_large", 413, context)
    if over_limit(request, "complaint", limit=submissions_per_hour()):
        return _refused("too_many", 429, context)
    form = _complaint_form(pemda, request.POST)
    if form.is_robot:
        return _refused("robot", 400, context)
    if not form.is_valid():
        return public_page("feedback/public/complaint_form.html",
                     {**context, "form": renewed_with_challenge(form, _submit_purpose(pemda))}, status=422)
    data = form.cleaned_data
    try:
        proof_of_work.verify(data["pow_token"], data["pow_counter"], purpose=_submit_purpose(pemda))
        complaint = complaint_submit(pemda=pemda, subject=data["subject"], description=data["description"],
                                     org_unit=form.unit(), anonymous=data["is_anonymous"], contact=form.contact())
    except FeedbackError as error:
        if error.http_status == 404:
            return _not_found()
        if error.field_errors:
            for field, messages in error.field_errors.items():
                for message in messages:
                    form.add_error(field if field in form.fields else None, message)
        else:
            form.add_error(None, error.message)
        return public_page("feedback/public/complaint_form.html",
                     {**context, "form": renewed_with_challenge(form, _submit_purpose(pemda))},
                     status=error.http_status if error.http_status < 500 else 422)
    return public_page("feedback/public/complaint_sent.html", {"pemda": pemda, "complaint": complaint}, status=201)


def _status_page(complaint, *, reopen_form=None, reopened: bool = False, status: int = 200) -> HttpResponse:
    today = local_today(complaint.pemda)
    may_reopen = rules.may_complainant_reopen(status=complaint.status, answered_on=complaint.answered_on, today=today)
    if may_reopen and reopen_form is None:
        reopen_form = PublicReopenForm(initial={"number": complaint.tracking_number,
                                                "pow_token": proof_of_work.challenge(_reopen_purpose(complaint))})
    return public_page("feedback/public/complaint_status.html", {
        "pemda": complaint.pemda, "complaint": complaint, "replies": list(public_replies(complaint)),
        "reopen_form": reopen_form if may_reopen else None, "reopened": reopened,
        "pow_bits": proof_of_work.difficulty(), "reopen_days": rules.COMPLAINANT_REOPEN_DAYS}, status=status)


@public_view
@require_http_methods(["GET", "POST"])
def complaint_status(request: HttpRequest) -> HttpResponse:
    """Follow a complaint with its tracking number (POSTed: it stays out of URLs)."""
    if request.method == "GET":
        return public_page("feedback/public/complaint_lookup.html", {"form": LookupForm()})
    if _too_large(request):
        return _refused("too_large", 413)
    if over_limit(request, "complaint-lookup", limit=lookups_per_hour()):
        return _refused("too_many_lookups", 429)
    form = LookupForm(request.POST)
    complaint = public_complaint(form.data.get("number")) if form.is_valid() else None
    if complaint is None:
        # Unknown, malformed and another agency's inactive number: one answer, the same for all.
        return _not_found({"form": LookupForm(), "lookup": True})
    return _status_page(complaint)


@public_view
@require_POST
def complaint_reopen(request: HttpRequest) -> HttpResponse:
    """The complainant reopens an answered complaint (within the window) with the tracking number and a reason."""
    if _too_large(request):
        return _refused("too_large", 413)
    if over_limit(request, "complaint", limit=submissions_per_hour()):
        return _refused("too_many", 429)
    form = PublicReopenForm(request.POST)
    if form.is_robot:
        return _refused("robot", 400)
    complaint = public_complaint(form.data.get("number"))
    if complaint is None:
        return _not_found({"form": LookupForm(), "lookup": True})
    if not form.is_valid():
        return _status_page(complaint, reopen_form=renewed_with_challenge(form, _reopen_purpose(complaint)), status=422)
    try:
        proof_of_work.verify(form.cleaned_data["pow_token"], form.cleaned_data["pow_counter"],
                             purpose=_reopen_purpose(complaint))
        complaint = complaint_reopen_public(tracking_number=complaint.tracking_number,
                                            reason=form.cleaned_data["reason"])
    except FeedbackError as error:
        form.add_error("reason" if "reason" in error.field_errors else None,
                       error.field_errors.get("reason", [error.message])[0])
        return _status_page(complaint, reopen_form=renewed_with_challenge(form, _reopen_purpose(complaint)),
                            status=error.http_status if error.http_status < 500 else 422)
    return _status_page(public_complaint(complaint.tracking_number), reopened=True)
