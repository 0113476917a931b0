"""The personnel API: /api/v1/me, /units, /positions, /employees (STYLE.md §4.11, §5.8).

Reads go through the same *_visible_to() selectors as the HTML pages, so an
object outside the actor's scope is a 404; writes go through the services,
which answer 403 (PermissionDenied) or 422/409 (PeopleError). ``id`` in every
payload is the public UUID; NIP and NIK are fields, never path segments.
In-schemas forbid unknown fields, so mass-assignment probes are refused (422).
"""

from datetime import date
from enum import Enum
from typing import Annotated, Any, Literal
from uuid import UUID

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from pydantic import AfterValidator

from pamong.core.schemas import (
    Day,
    InSchema,
    PublicIdOut,
    Text,
    UnitRef,
    error_responses,
    limit_param,
    offset_param,
    page_of,
)
from pamong.core.text import multi_line, single_line

from . import privacy
from .choices import (
    EducationLevel,
    EmploymentStatus,
    Gender,
    MaritalStatus,
    PositionGrade,
    PositionKind,
    Religion,
    UnitKind,
)
from .errors import NIP_MISMATCH, PeopleError
from .models import Employee, Golongan, OrgUnit, Position
from .nip import fill_from_nip
from .permissions import can_view_nik
from .roles import roles_of
from .selectors import (
    EmployeeFilters,
    actor_employee,
    agencies_of,
    employee_detail_queryset,
    employee_list,
    positions_visible_to,
    units_visible_to,
)
from .services import employee_create, employee_update, org_unit_create, position_create

router = Router(tags=["people"])

UNKNOWN_REFERENCE = "people.unknown_reference"

# --- Shared output pieces -------------------------------------------------------------------



class PemdaOut(PublicIdOut):
    name: str
    timezone: str



class PositionRef(PublicIdOut):
    name: str
    kind: PositionKind






def _reference(queryset: QuerySet, public_id: UUID | None, field: str):
    """Resolve an id sent in a body; one the actor cannot see is reported like a missing one."""
    if public_id is None:
        return None
    obj = queryset.filter(public_id=public_id).first()
    if obj is None:
        message = _("Unknown or inaccessible object.")
        raise PeopleError(message, code=UNKNOWN_REFERENCE, extra={"fields": {field: [message]}})
    return obj


def _golongan(code: str | None, field: str) -> Golongan | None:
    if not code:
        return None
    golongan = Golongan.objects.filter(code=code).first()
    if golongan is None:
        message = _("Unknown golongan.")
        raise PeopleError(message, code=UNKNOWN_REFERENCE, extra={"fields": {field: [message]}})
    return golongan


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, Enum) else value


# --- Me ---------------------------------------------------------------------------------------


class EmployeeSummaryOut(PublicIdOut):
    nip: str
    name: str
    full_name: str
    status: EmploymentStatus
    is_active: bool
    golongan: str | None
    position: PositionRef | None
    unit: UnitRef | None

    @staticmethod
    def resolve_golongan(obj) -> str | None:
        return obj.current_golongan.code if obj.current_golongan_id else None

    @staticmethod
    def resolve_position(obj):
        return obj.current_position

    @staticmethod
    def resolve_unit(obj):
        return obj.current_unit


class EmployeeListItemOut(EmployeeSummaryOut):
    pemda: UUID = Field(..., description="The employee's regional government (the id other calls take as `pemda`).")

    @staticmethod
    def resolve_pemda(obj) -> UUID:
        return obj.pemda.public_id


class MeOut(Schema):
    username: str
    display_name: str
    pemda: PemdaOut | None
    agencies: list[PemdaOut] = Field(
        ..., description="The regional governments the user can act for: their own; for a platform superadmin, "
                         "every active one (pass its id as `pemda` where a call needs one).")
    roles: list[str]
    employee: EmployeeSummaryOut | None


@router.get(
    "/me",
    response={200: MeOut, **error_responses(401)},
    summary="The logged-in user, their roles and employee record",
    operation_id="me_detail",
)
def me_detail(request):
    user = request.user
    employee = actor_employee(user)
    if employee is not None:
        employee = employee_detail_queryset(user).filter(pk=employee.pk).first()
    return {
        "username": user.get_username(),
        "display_name": user.display_name or user.get_username(),
        "pemda": user.pemda,
        "agencies": agencies_of(user),
        "roles": sorted(roles_of(user)),
        "employee": employee,
    }


# --- Units ------------------------------------------------------------------------------------


class UnitOut(PublicIdOut):
    name: str
    kind: UnitKind
    code: str
    parent: UUID | None
    pemda: UUID = Field(..., description="The unit's regional government.")
    depth: int
    is_active: bool

    @staticmethod
    def resolve_pemda(obj) -> UUID:
        return obj.pemda.public_id

    @staticmethod
    def resolve_parent(obj) -> UUID | None:
        return obj.parent.public_id if obj.parent_id else None


class UnitPageOut(Schema):
    count: int
    items: list[UnitOut]


class UnitFilters(Schema):
    parent: UUID | None = Field(None, description="Only the direct sub-units of this unit.")
    q: Text = Field("", max_length=100, description="Part of the unit's name.")


class UnitCreateIn(InSchema):
    name: Text = Field(..., min_length=1, max_length=200)
    kind: UnitKind
    code: Text = Field("", max_length=32)
    parent: UUID | None = None
    pemda: UUID | None = Field(
        None, description="Only for a top-level unit created by a platform superadmin: the regional government "
                          "(an id from /me agencies). Otherwise the parent's or the actor's own.")


@router.get(
    "/units",
    response={200: UnitPageOut, **error_responses(401, 422)},
    summary="List the organisation units of the actor's regional government",
    operation_id="unit_list",
)
def unit_list(request, filters: Query[UnitFilters], limit: int = limit_param(), offset: int = offset_param()):
    units = units_visible_to(request.user).select_related("parent", "pemda").order_by("path", "pk")
    if filters.parent is not None:
        units = units.filter(parent__public_id=filters.parent)
    if filters.q.strip():
        units = units.filter(name__icontains=filters.q.strip())
    return page_of(units, limit, offset)


@router.post(
    "/units",
    response={201: UnitOut, **error_responses(401, 403, 422)},
    summary="Add an organisation unit",
    operation_id="unit_create",
)
def unit_create(request, payload: UnitCreateIn):
    parent = _reference(units_visible_to(request.user), payload.parent, "parent")
    pemda = parent.pemda if parent is not None else request.user.pemda
    if parent is None and payload.pemda is not None:  # names the Pemda of a top-level unit (one the actor serves)
        pemda = _reference(agencies_of(request.user), payload.pemda, "pemda")
    if pemda is None:  # a platform superadmin belongs to no Pemda: the parent or `pemda` says which
        message = _("Choose the parent unit; it decides the regional government.")
        raise PeopleError(message, code=UNKNOWN_REFERENCE, extra={"fields": {"parent": [message]}})
    unit = org_unit_create(
        actor=request.user, pemda=pemda, name=payload.name, kind=payload.kind.value, parent=parent, code=payload.code
    )
    return 201, unit


# --- Positions --------------------------------------------------------------------------------


class PositionOut(PublicIdOut):
    name: str
    kind: PositionKind
    grade: PositionGrade
    class_level: int | None
    org_unit: UUID
    supervisor_position: UUID | None
    min_golongan: str | None
    min_education: EducationLevel | None
    is_unit_head: bool
    capacity: int
    retirement_age: int | None
    is_active: bool

    @staticmethod
    def resolve_org_unit(obj) -> UUID:
        return obj.org_unit.public_id

    @staticmethod
    def resolve_supervisor_position(obj) -> UUID | None:
        return obj.supervisor_position.public_id if obj.supervisor_position_id else None

    @staticmethod
    def resolve_min_golongan(obj) -> str | None:
        return obj.min_golongan.code if obj.min_golongan_id else None

    @staticmethod
    def resolve_min_education(obj) -> str | None:
        return obj.min_education or None


class PositionPageOut(Schema):
    count: int
    items: list[PositionOut]


class PositionFilters(Schema):
    unit: UUID | None = Field(None, description="Only the positions of this unit.")
    kind: PositionKind | None = None


class PositionCreateIn(InSchema):
    name: Text = Field(..., min_length=1, max_length=200)
    kind: PositionKind
    grade: PositionGrade = PositionGrade.NONE
    class_level: int | None = Field(None, ge=1, le=17)
    org_unit: UUID
    supervisor_position: UUID | None = None
    min_golongan: Text | None = Field(None, max_length=8, description="Golongan code, e.g. III/a.")
    min_education: EducationLevel | None = None
    is_unit_head: bool = False
    capacity: int = Field(1, ge=1, le=10_000)
    retirement_age: int | None = Field(None, ge=50, le=70)


@router.get(
    "/positions",
    response={200: PositionPageOut, **error_responses(401, 422)},
    summary="List the positions (jabatan) of the actor's regional government",
    operation_id="position_list",
)
def position_list(request, filters: Query[PositionFilters], limit: int = limit_param(), offset: int = offset_param()):
    positions = positions_visible_to(request.user).select_related("org_unit", "supervisor_position", "min_golongan")
    if filters.unit is not None:
        positions = positions.filter(org_unit__public_id=filters.unit)
    if filters.kind is not None:
        positions = positions.filter(kind=filters.kind.value)
    return page_of(positions.order_by("path", "pk"), limit, offset)


@router.post(
    "/positions",
    response={201: PositionOut, **error_responses(401, 403, 422)},
    summary="Add a position (jabatan) to a unit",
    operation_id="position_create",
)
def position_create_(request, payload: PositionCreateIn):
    org_unit: OrgUnit = _reference(units_visible_to(request.user), payload.org_unit, "org_unit")
    data = {
        **payload.dict(exclude={"org_unit", "supervisor_position", "min_golongan", "min_education"}),
        "org_unit": org_unit,
        "supervisor_position": _reference(
            positions_visible_to(request.user), payload.supervisor_position, "supervisor_position"
        ),
        "min_golongan": _golongan(payload.min_golongan, "min_golongan"),
        "min_education": payload.min_education.value if payload.min_education else "",
    }
    position = position_create(actor=request.user, pemda=org_unit.pemda, data={k: _plain(v) for k, v in data.items()})
    return 201, position


# --- Employees --------------------------------------------------------------------------------


_PRIVATE = "Null unless the actor is the employee or HR of the agency (field-level privacy policy)."


class EmployeeOut(EmployeeListItemOut):
    """One employee's record, as the privacy policy allows the actor (pamong.people.privacy).

    NIK is masked unless the actor may see it (G28); religion, marital
    status, place of birth, phone and address are null for anyone but the
    employee and HR.
    """

    nik: str | None
    front_title: str
    back_title: str
    birth_place: str | None = Field(..., description=_PRIVATE)
    birth_date: date
    gender: Gender
    religion: Religion | None = Field(..., description=_PRIVATE)
    marital_status: MaritalStatus | None = Field(..., description=_PRIVATE)
    phone: str | None = Field(..., description=_PRIVATE)
    email: str
    address: str | None = Field(..., description=_PRIVATE)
    first_appointment_date: date
    pns_appointment_date: date | None
    contract_end_date: date | None
    end_reason: str
    end_date: date | None
    education: EducationLevel | None
    retirement_date: date | None

    @staticmethod
    def resolve_nik(obj, context) -> str | None:
        if not obj.nik:
            return None
        return obj.nik if can_view_nik(context["request"].user, obj) else obj.masked_nik

    @staticmethod
    def resolve_religion(obj, context) -> str | None:
        return privacy.masked_value(context["request"].user, obj, "religion") or None

    @staticmethod
    def resolve_marital_status(obj, context) -> str | None:
        return privacy.masked_value(context["request"].user, obj, "marital_status") or None

    @staticmethod
    def resolve_birth_place(obj, context) -> str | None:
        return privacy.masked_value(context["request"].user, obj, "birth_place")

    @staticmethod
    def resolve_phone(obj, context) -> str | None:
        return privacy.masked_value(context["request"].user, obj, "phone")

    @staticmethod
    def resolve_address(obj, context) -> str | None:
        return privacy.masked_value(context["request"].user, obj, "address")

    @staticmethod
    def resolve_education(obj) -> str | None:
        return obj.current_education or None


class EmployeePageOut(Schema):
    count: int
    items: list[EmployeeListItemOut]


class EmployeeFiltersIn(Schema):
    q: Text = Field("", max_length=100, description="Part of the name, or the start of the NIP.")
    nip: Text = Field("", max_length=18, description="Exact NIP; found whatever `active` says.")
    unit: UUID | None = Field(None, description="Employees of this unit and its sub-units.")
    position_kind: PositionKind | None = None
    golongan: Text = Field("", max_length=8, description="Golongan code, e.g. III/a.")
    status: EmploymentStatus | None = None
    active: Literal["true", "false", "all"] = "true"


# Typed text without bidi/zero-width/control characters (pamong.core.text); a phone's form is the service's check.
Line = Annotated[Text, AfterValidator(single_line)]
Lines = Annotated[Text, AfterValidator(multi_line)]


# The layouts the service checks (people.rules), stated in the schema; their refusals carry specific codes.
NIP_SCHEMA = {"pattern": r"^[0-9]{18}$"}
NIP_HELP = ("NIP (PNS/CPNS) or NI PPPK, 18 digits: birth date, appointment, 1 or 2 for the sex, serial; "
            "refused with people.nip_invalid_* or people.nip_mismatch_*.")
NIK_SCHEMA = {"pattern": r"^([0-9]{16})?$"}
NIK_HELP = "16 digits, or empty; refused with people.nik_invalid."


class EmployeeFieldsIn(InSchema):
    """Identity and contact fields; what an actor may change is the service's decision."""

    nip: Text = Field(..., min_length=1, max_length=18, json_schema_extra=NIP_SCHEMA, description=NIP_HELP)
    nik: Text | None = Field(None, max_length=16, json_schema_extra=NIK_SCHEMA, description=NIK_HELP)
    front_title: Line = Field("", max_length=50)
    name: Line = Field(..., min_length=1, max_length=150)
    back_title: Line = Field("", max_length=50)
    birth_place: Line = Field("", max_length=100)
    birth_date: Day
    gender: Gender
    religion: Religion | None = None
    marital_status: MaritalStatus | None = None
    phone: Line = Field("", max_length=32)
    email: Text = Field("", max_length=254)
    address: Lines = Field("", max_length=1000)
    status: EmploymentStatus
    first_appointment_date: Day
    pns_appointment_date: Day | None = None
    contract_end_date: Day | None = None


_FROM_NIP = "Taken from the NIP when omitted; when given it must agree with the NIP (people.nip_mismatch_*)."


class EmployeeCreateIn(EmployeeFieldsIn):
    # rules.md §9.6: the NIP states birth date, TMT CPNS (an NI PPPK only its year) and sex.
    birth_date: Day | None = Field(None, description=_FROM_NIP)
    gender: Gender | None = Field(None, description=_FROM_NIP)
    first_appointment_date: Day | None = Field(
        None, description=_FROM_NIP + " Required for PPPK: an NI PPPK states only the year."
    )
    golongan: Text = Field(..., min_length=1, max_length=8, description="Golongan code of the first rank, e.g. III/a.")
    golongan_date: Day
    position: UUID
    position_date: Day
    education_level: EducationLevel | None = None


class EmployeeUpdateIn(InSchema):
    """PATCH: only the fields sent are changed."""

    nip: Text | None = Field(None, min_length=1, max_length=18, json_schema_extra=NIP_SCHEMA, description=NIP_HELP)
    nik: Text | None = Field(None, max_length=16, json_schema_extra=NIK_SCHEMA, description=NIK_HELP)
    front_title: Line | None = Field(None, max_length=50)
    name: Line | None = Field(None, min_length=1, max_length=150)
    back_title: Line | None = Field(None, max_length=50)
    birth_place: Line | None = Field(None, max_length=100)
    birth_date: Day | None = None
    gender: Gender | None = None
    religion: Religion | None = None
    marital_status: MaritalStatus | None = None
    phone: Line | None = Field(None, max_length=32)
    email: Text | None = Field(None, max_length=254)
    address: Lines | None = Field(None, max_length=1000)
    status: EmploymentStatus | None = None
    first_appointment_date: Day | None = None
    pns_appointment_date: Day | None = None
    contract_end_date: Day | None = None


# Fields stored as "" when empty; null from a client means "clear".
_BLANKABLE = frozenset(
    {"front_title", "back_title", "birth_place", "religion", "marital_status", "phone", "email", "address"}
)


def _employee_data(values: dict[str, Any]) -> dict[str, Any]:
    return {name: ("" if value is None and name in _BLANKABLE else _plain(value)) for name, value in values.items()}


def _employee_out(request, employee: Employee) -> Employee:
    return employee_detail_queryset(request.user).get(pk=employee.pk)


@router.get(
    "/employees",
    response={200: EmployeePageOut, **error_responses(401, 422)},
    summary="List the employees the actor may see",
    operation_id="employee_list",
)
def employee_list_(request, filters: Query[EmployeeFiltersIn], limit: int = limit_param(), offset: int = offset_param()):
    unit = None
    if filters.unit is not None:
        unit = units_visible_to(request.user).filter(public_id=filters.unit).first()
        if unit is None:  # an unknown or foreign unit matches nobody (it is not ignored)
            return {"count": 0, "items": []}
    selection = EmployeeFilters(
        q=filters.q,
        nip=filters.nip.strip(),
        unit=unit,
        position_kind=_plain(filters.position_kind) or "",
        golongan=filters.golongan.strip(),
        status=_plain(filters.status) or "",
        active={"true": True, "false": False, "all": None}[filters.active],
    )
    # The Pemda by a second query, not a join: with the join SQLite scanned the Pemda table first and sorted all
    # 50,000 employees for each page (175 ms) instead of walking the (pemda, name) index (issue #10).
    return page_of(employee_list(actor=request.user, filters=selection).prefetch_related("pemda"), limit, offset)


@router.post(
    "/employees",
    response={201: EmployeeOut, **error_responses(401, 403, 422)},
    summary="Register an employee with their first rank and position",
    operation_id="employee_create",
)
def employee_create_(request, payload: EmployeeCreateIn):
    position: Position = _reference(positions_visible_to(request.user), payload.position, "position")
    golongan = _golongan(payload.golongan, "golongan")
    data, disagreements = fill_from_nip(
        _employee_data(payload.dict(include=set(EmployeeFieldsIn.model_fields))), _plain(payload.status) or ""
    )
    if disagreements:
        first = next(iter(disagreements))
        raise PeopleError(disagreements[first], code=NIP_MISMATCH[first],
                          extra={"fields": {name: [message] for name, message in disagreements.items()}})
    employee = employee_create(
        actor=request.user,
        pemda=position.pemda,
        data={name: _plain(value) for name, value in data.items()},
        golongan=golongan,
        golongan_date=payload.golongan_date,
        position=position,
        position_date=payload.position_date,
        education_level=_plain(payload.education_level) or "",
    )
    return 201, _employee_out(request, employee)


@router.get(
    "/employees/{employee_id}",
    response={200: EmployeeOut, **error_responses(401, 404, 422)},
    summary="One employee's record",
    operation_id="employee_detail",
)
def employee_detail(request, employee_id: UUID):
    employee = get_object_or_404(employee_detail_queryset(request.user), public_id=employee_id)
    # An unmasked NIK read by someone other than the employee is logged (UU PDP Pasal 31).
    privacy.profile_read_record(actor=request.user, employee=employee,
                                groups=privacy.visible_groups(request.user, employee), has_family=False)
    return employee


@router.patch(
    "/employees/{employee_id}",
    response={200: EmployeeOut, **error_responses(401, 403, 404, 422)},
    summary="Change an employee's identity or contact fields",
    operation_id="employee_update",
)
def employee_update_(request, employee_id: UUID, payload: EmployeeUpdateIn):
    employee = get_object_or_404(employee_detail_queryset(request.user), public_id=employee_id)
    data = _employee_data(payload.dict(exclude_unset=True))
    employee = employee_update(actor=request.user, employee=employee, data=data)
    return _employee_out(request, employee)
