"""/api/v1/feedback/ — complaints (pengaduan; rules.md §4.1) for integrators. Mounted under the survey's router
(api.py adds this ``router``).

Two surfaces, as in the HTML (complaint_public_views, complaint_views):
- public operations (``auth=None``, each saying why): an agency's complaint form (its units and a proof-of-work
  challenge), sending a complaint, and following one with its tracking number. The same rules and limits as the
  public pages: the per-address hourly limits, shared with the pages (429 ``feedback.throttled``), the one-time
  challenge bound to the agency (400 ``feedback.proof_of_work``), and the same 404 for an unknown and a malformed
  tracking number. The tracking answer never holds the description, internal notes, staff names or the contact.
- staff operations (token or session): the inbox, a complaint, classifying and routing it, replying, answering,
  closing and reopening it. Someone with no complaint inbox (not the agency's desk, not a unit head) is refused
  (403); a complaint outside the caller's scope is 404. Writes go through complaint_services (403 when visible but
  not allowed, 409 a step that does not fit the status). The complainant's contact is given only to a handler who
  asks for it, and each showing is logged (complaint_services.complaint_contact_read), as on the page.
"""

from datetime import date, datetime
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from pamong.core.schemas import (
    EmployeeRef,
    InSchema,
    PublicIdOut,
    Text,
    UnitRef,
    error_responses,
    limit_param,
    offset_param,
    page_of,
)
from pamong.people.models import Employee, OrgUnit

from . import complaint_errors as errors
from . import complaint_rules as rules
from . import complaint_selectors as selectors
from . import complaint_services as services
from . import proof_of_work
from .complaint_choices import ComplaintClass, ComplaintStatus
from .complaint_models import (
    DESCRIPTION_MAX_LENGTH,
    NAME_MAX_LENGTH,
    PHONE_MAX_LENGTH,
    REPLY_MAX_LENGTH,
    SUBJECT_MAX_LENGTH,
    Complaint,
)
from .complaint_public_views import _submit_purpose, lookups_per_hour, submissions_per_hour
from .errors import THROTTLED, FeedbackError, field_error
from .public_views import over_limit

router = Router(tags=["feedback"])

# --- Public --------------------------------------------------------------------------------------------------------


class ComplaintChallengeOut(Schema):
    token: str
    bits: int = Field(..., description="Find a decimal counter such that SHA-256(token + ':' + counter) starts "
                                       "with this many zero bits; send both with the complaint. One use.")


class ComplaintPublicUnitOut(PublicIdOut):
    name: str


class ComplaintPublicFormOut(Schema):
    agency: str
    units: list[ComplaintPublicUnitOut] = Field(..., description="The units a complaint may name (or none).")
    challenge: ComplaintChallengeOut


class ComplaintPublicIn(InSchema):
    agency: UUID = Field(..., description="The agency's public id (as in /pengaduan/<agency>/).")
    unit: UUID | None = Field(None, description="One of the form's units, or null: \"I don't know\".")
    subject: Text = Field(..., max_length=SUBJECT_MAX_LENGTH)
    description: Text = Field(..., max_length=DESCRIPTION_MAX_LENGTH)
    anonymous: bool = Field(False, description="Nothing of the contact is stored, whatever is sent.")
    name: Text = Field("", max_length=NAME_MAX_LENGTH)
    phone: Text = Field("", max_length=PHONE_MAX_LENGTH)
    email: Text = Field("", max_length=254)
    pow_token: str = Field(..., max_length=500)
    pow_counter: str = Field(..., max_length=20)


class ComplaintTrackingOut(Schema):
    tracking: str = Field(..., description="The complainant's key to follow the complaint: give it only to them.")


class ComplaintPublicReplyOut(Schema):
    kind: str = Field(..., description="`public`: a reply of the unit; `complainant`: the complainant's message.")
    text: str
    unit: str | None = Field(..., description="The unit that replied (never a person); null: the complaint desk.")
    created_at: datetime

    @staticmethod
    def resolve_unit(obj):
        return obj.org_unit.name if obj.kind != "complainant" and obj.org_unit else None


class ComplaintPublicStatusOut(Schema):
    tracking: str
    subject: str
    status: str
    status_label: str
    unit: str | None = Field(..., description="The unit handling it; null: the complaint desk.")
    received_on: date
    first_response_due: date | None
    first_response_on: date | None
    resolution_due: date | None
    answered_on: date | None
    may_reopen: bool = Field(..., description="Whether the complainant may still reopen it (on the public page).")
    replies: list[ComplaintPublicReplyOut]


def _throttled(message: str) -> FeedbackError:
    return FeedbackError(message, code=THROTTLED, http_status=429)


def _agency(agency: UUID):
    pemda = selectors.public_agency(agency)
    if pemda is None:
        raise FeedbackError(_("This agency does not take complaints here."), code=errors.AGENCY_NOT_FOUND,
                            http_status=404)
    return pemda


# Public (auth=None): what a citizen's app needs to send a complaint to an agency — its name, the units it may
# name, a one-time challenge; nothing else of the agency.
@router.get("/public/complaint-forms/{agency}", auth=None,
            response={200: ComplaintPublicFormOut, **error_responses(404, 422)},
            summary="Public: an agency's complaint form — its units and a proof-of-work challenge (no sign-in)",
            description="An unknown or inactive agency: 404 `feedback.complaint_agency_not_found`.",
            operation_id="feedback_complaint_public_form")
def complaint_public_form(request, agency: UUID):
    pemda = _agency(agency)
    return {"agency": pemda.name, "units": list(selectors.agency_public_units(pemda)),
            "challenge": {"token": proof_of_work.challenge(_submit_purpose(pemda)), "bits": proof_of_work.difficulty()}}


# Public (auth=None): a citizen's complaint sent by an integration, without an account; the public page's limits.
@router.post("/public/complaints", auth=None,
             response={201: ComplaintTrackingOut, **error_responses(400, 404, 422, 429)},
             summary="Public: send a complaint (no sign-in; proof of work) and receive its tracking number",
             description="429 `feedback.throttled` (per address and hour, shared with the page); 400 "
                         "`feedback.proof_of_work` (challenge missing, unsolved, expired or used); 404 "
                         "`feedback.complaint_agency_not_found`; 422 `feedback.complaint_invalid_unit`, "
                         "`…_invalid_subject`, `…_invalid_description`, `…_invalid_contact`.",
             operation_id="feedback_complaint_public_submit")
def complaint_public_submit(request, payload: ComplaintPublicIn):
    pemda = _agency(payload.agency)
    if over_limit(request, "complaint", limit=submissions_per_hour()):
        raise _throttled(_("Too many complaints were sent from this network in the last hour. Please try again "
                           "later."))
    proof_of_work.verify(payload.pow_token, payload.pow_counter, purpose=_submit_purpose(pemda))
    unit = None
    if payload.unit is not None:
        unit = selectors.agency_public_units(pemda).filter(public_id=payload.unit).first()
        if unit is None:
            raise field_error("unit", _("Unknown or inaccessible object."), errors.INVALID_UNIT)
    complaint = services.complaint_submit(
        pemda=pemda, subject=payload.subject, description=payload.description, org_unit=unit,
        anonymous=payload.anonymous,
        contact=services.ComplainantContact(name=payload.name, phone=payload.phone, email=payload.email))
    return Status(201, {"tracking": complaint.tracking_number})


# Public (auth=None): the complainant follows their complaint with its tracking number, without an account. The
# number is the only key (59 random bits), lookups are limited per address like the page's, and the answer holds
# nothing of the description, internal notes, staff or contact.
@router.get("/public/complaints/{tracking}", auth=None,
            response={200: ComplaintPublicStatusOut, **error_responses(404, 422, 429)},
            summary="Public: follow a complaint with its tracking number — status, dates, unit, replies (no sign-in)",
            description="Unknown and malformed numbers alike: 404 `feedback.complaint_not_found`. 429 "
                        "`feedback.throttled` (lookups per address and hour, shared with the page).",
            operation_id="feedback_complaint_public_status")
def complaint_public_status(request, tracking: str):
    if over_limit(request, "complaint-lookup", limit=lookups_per_hour()):
        raise _throttled(_("Too many tracking numbers were looked up from this network in the last hour. Please "
                           "try again later."))
    complaint = selectors.public_complaint(tracking)
    if complaint is None:
        raise FeedbackError(_("No complaint has this tracking number."), code="feedback.complaint_not_found",
                            http_status=404)
    today = selectors.local_today(complaint.pemda)
    return {
        "tracking": complaint.tracking_number, "subject": complaint.subject, "status": complaint.status,
        "status_label": str(complaint.get_status_display()),
        "unit": complaint.org_unit.name if complaint.org_unit else None, "received_on": complaint.received_on,
        "first_response_due": complaint.first_response_due, "first_response_on": complaint.first_response_on,
        "resolution_due": complaint.resolution_due, "answered_on": complaint.answered_on,
        "may_reopen": rules.may_complainant_reopen(status=complaint.status, answered_on=complaint.answered_on,
                                                   today=today),
        "replies": list(selectors.public_replies(complaint)),
    }


# --- Staff ---------------------------------------------------------------------------------------------------------


class ComplaintSummaryOut(PublicIdOut):
    tracking: str = Field(..., description="The complainant's key: give it only to them.")
    channel: str
    lapor_ticket: str
    subject: str
    status: str
    complaint_class: str = Field(..., description="Empty until classified.")
    unit: UnitRef | None
    received_on: date
    first_response_due: date | None
    first_response_on: date | None
    resolution_due: date | None
    answered_on: date | None
    overdue: bool = Field(..., description="Past a deadline and not answered (the agency's local day).")
    escalation_stage: int = Field(..., description="0 none, 1 first response late, 2 resolution late.")

    @staticmethod
    def resolve_tracking(obj):
        return obj.tracking_number

    @staticmethod
    def resolve_unit(obj):
        return obj.org_unit

    @staticmethod
    def resolve_overdue(obj):
        return rules.overdue_stage(status=obj.status, first_response_due=obj.first_response_due,
                                   first_response_on=obj.first_response_on, resolution_due=obj.resolution_due,
                                   today=selectors.local_today(obj.pemda)) != rules.STAGE_NONE


class ComplaintPageOut(Schema):
    count: int
    items: list[ComplaintSummaryOut]


class ComplaintReplyOut(PublicIdOut):
    kind: str = Field(..., description="`public` (shown to the complainant), `internal` (staff only), "
                                       "`complainant` (their message when reopening).")
    text: str
    unit: str | None
    author: str | None
    created_at: datetime

    @staticmethod
    def resolve_unit(obj):
        return obj.org_unit.name if obj.org_unit else None

    @staticmethod
    def resolve_author(obj):
        return str(obj.author) if obj.author else None


class ComplaintContactOut(Schema):
    name: str = ""
    phone: str = ""
    email: str = ""


class ComplaintOut(ComplaintSummaryOut):
    description: str
    received_at: datetime
    classified_at: datetime | None
    answered_at: datetime | None
    closed_at: datetime | None
    reopen_count: int
    is_anonymous: bool
    has_contact: bool
    employee_concerned: EmployeeRef | None
    replies: list[ComplaintReplyOut]
    contact: ComplaintContactOut | None = Field(
        None, description="The complainant's contact: only with `?contact=true`, for a handler; each showing is "
                          "logged.")

    @staticmethod
    def resolve_replies(obj):
        return list(selectors.complaint_replies(obj))

    @staticmethod
    def resolve_contact(obj):
        return getattr(obj, "contact_shown", None)


class ComplaintClassifyIn(InSchema):
    complaint_class: ComplaintClass | None = Field(None, description="Default: the current class.")
    unit: UUID | None = Field(None, description="The responsible unit; default: the current one.")
    employee_nip: str | None = Field(None, max_length=30, description="The employee the complaint is about, by NIP; "
                                                                      "\"\" names nobody; null keeps the current.")


class ComplaintReplyIn(InSchema):
    text: Text = Field(..., max_length=REPLY_MAX_LENGTH)
    public: bool = Field(True, description="true: a reply shown to the complainant; false: an internal note.")


class ComplaintAnswerIn(InSchema):
    text: Text = Field(..., max_length=REPLY_MAX_LENGTH, description="The resolution, shown to the complainant.")


class ComplaintReopenIn(InSchema):
    reason: Text = Field(..., max_length=REPLY_MAX_LENGTH, description="Kept as an internal note.")


_STEP_ERRORS = ("403 not a handler, or `feedback.complaint_self_concerned`; 404 outside the caller's scope; 409 "
                "`feedback.complaint_wrong_status`")


def _require_inbox(request) -> None:
    if not selectors.may_use_complaints(request.user):
        raise PermissionDenied


def _complaint(request, complaint_id: UUID) -> Complaint:
    _require_inbox(request)
    complaint = selectors.complaint_detail(request.user, complaint_id)
    if complaint is None:
        raise Http404
    return complaint


def _detail(request, complaint_id: UUID) -> Complaint:
    """The complaint read again after a step (its new status, replies and unit)."""
    return _complaint(request, complaint_id)


@router.get("/complaints", response={200: ComplaintPageOut, **error_responses(401, 403, 422)},
            summary="The caller's complaints, newest first (the agency's desk: all; a unit head: their units' tree)",
            description="403 for someone with no complaint inbox (not the desk, not a unit head).",
            operation_id="feedback_complaint_list")
def complaint_list(request, status: ComplaintStatus | None = None, overdue: bool = False,
                   limit: int = limit_param(), offset: int = offset_param()):
    _require_inbox(request)
    filters = selectors.ComplaintFilters(status=status or "", overdue_only=overdue)
    rows = selectors.complaint_list(request.user, filters, today=timezone.localdate()).select_related("pemda")
    return page_of(rows, limit, offset)


@router.get("/complaints/{complaint_id}", response={200: ComplaintOut, **error_responses(401, 403, 404, 422)},
            summary="A complaint with its replies and notes; the complainant's contact on request (logged)",
            description="`?contact=true`: the complainant's contact, for a handler only (403 otherwise); each "
                        "showing is logged (`feedback.complaint_contact_viewed`). 403 no complaint inbox; 404 "
                        "outside the caller's scope.",
            operation_id="feedback_complaint_get")
def complaint_get(request, complaint_id: UUID, contact: bool = Query(False)):
    complaint = _complaint(request, complaint_id)
    if contact:
        shown = services.complaint_contact_read(actor=request.user, complaint=complaint)
        complaint.contact_shown = {key.removeprefix("complainant_"): value for key, value in shown.items()}
    return complaint


def _unit(complaint: Complaint, unit_id: UUID | None) -> OrgUnit | None:
    if unit_id is None:
        return complaint.org_unit
    unit = OrgUnit.objects.filter(pemda_id=complaint.pemda_id, public_id=unit_id).first()
    if unit is None:
        raise field_error("unit", _("Unknown or inaccessible object."), errors.INVALID_UNIT)
    return unit


def _employee(complaint: Complaint, nip: str | None) -> Employee | None:
    if nip is None:
        return complaint.employee_concerned
    nip = "".join(nip.split())
    if not nip:
        return None
    employee = Employee.objects.filter(pemda_id=complaint.pemda_id, nip=nip).first()
    if employee is None:
        raise field_error("employee_nip", _("No employee of the agency has this NIP."), errors.INVALID_EMPLOYEE)
    return employee


@router.patch("/complaints/{complaint_id}", response={200: ComplaintOut, **error_responses(401, 403, 404, 409, 422)},
              summary="Classify and route a complaint: its class, responsible unit and the employee concerned "
                      "(deadlines from the class)",
              description=f"{_STEP_ERRORS} (answered or closed); 422 `feedback.complaint_invalid_class`, "
                          "`…_invalid_unit`, `…_invalid_employee`.",
              operation_id="feedback_complaint_classify")
def complaint_classify(request, complaint_id: UUID, payload: ComplaintClassifyIn):
    complaint = _complaint(request, complaint_id)
    services.complaint_classify(
        actor=request.user, complaint=complaint,
        complaint_class=payload.complaint_class or complaint.complaint_class,
        org_unit=_unit(complaint, payload.unit), employee_concerned=_employee(complaint, payload.employee_nip))
    return _detail(request, complaint_id)


@router.post("/complaints/{complaint_id}/reply", response={200: ComplaintOut, **error_responses(401, 403, 404, 409, 422)},
             summary="Reply to the complainant (shown under the unit's name) or add an internal note",
             description=f"{_STEP_ERRORS} (a public reply to a closed complaint); 422 "
                         "`feedback.complaint_invalid_text`. The first public reply is the first response.",
             operation_id="feedback_complaint_reply")
def complaint_reply(request, complaint_id: UUID, payload: ComplaintReplyIn):
    complaint = _complaint(request, complaint_id)
    services.complaint_reply(actor=request.user, complaint=complaint, text=payload.text, public=payload.public)
    return _detail(request, complaint_id)


@router.post("/complaints/{complaint_id}/answer", response={200: ComplaintOut, **error_responses(401, 403, 404, 409, 422)},
             summary="Answer (resolve) a complaint: the resolution is shown to the complainant",
             description=f"{_STEP_ERRORS} (not classified yet, or already answered or closed); 422 "
                         "`feedback.complaint_invalid_text`.",
             operation_id="feedback_complaint_answer")
def complaint_answer(request, complaint_id: UUID, payload: ComplaintAnswerIn):
    complaint = _complaint(request, complaint_id)
    services.complaint_answer(actor=request.user, complaint=complaint, text=payload.text)
    return _detail(request, complaint_id)


@router.post("/complaints/{complaint_id}/close", response={200: ComplaintOut, **error_responses(401, 403, 404, 409, 422)},
             summary="Close an answered complaint", description=f"{_STEP_ERRORS} (not answered).",
             operation_id="feedback_complaint_close")
def complaint_close(request, complaint_id: UUID):
    complaint = _complaint(request, complaint_id)
    services.complaint_close(actor=request.user, complaint=complaint)
    return _detail(request, complaint_id)


@router.post("/complaints/{complaint_id}/reopen", response={200: ComplaintOut, **error_responses(401, 403, 404, 409, 422)},
             summary="Reopen an answered or closed complaint (a new round of the resolution deadline)",
             description=f"{_STEP_ERRORS} (not answered nor closed); 422 `feedback.complaint_invalid_text`.",
             operation_id="feedback_complaint_reopen")
def complaint_reopen(request, complaint_id: UUID, payload: ComplaintReopenIn):
    complaint = _complaint(request, complaint_id)
    services.complaint_reopen(actor=request.user, complaint=complaint, reason=payload.reason)
    return _detail(request, complaint_id)
