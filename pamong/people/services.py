"""Writes of the personnel context. Nothing else writes these rows.

Each service: permission → input rules → write → audit (same transaction).
"""

from collections.abc import Mapping
from datetime import date

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pamong.accounts.services import TokenRevocation, api_tokens_revoke_all
from pamong.audit.services import audit_record, diff

from . import errors
from .audit import PeopleAudit
from .choices import EDUCATION_ORDER, GolonganKind, RankLegalBasis
from .documents import check_document
from .errors import PeopleError
from .models import (
    EducationHistory,
    Employee,
    EmployeeDocument,
    FamilyMember,
    Golongan,
    OrgUnit,
    Pemda,
    Position,
    PositionHistory,
    RankHistory,
    TrainingHistory,
    tree_segment,
)
from .permissions import can_edit_contact, can_manage_employee, can_manage_organisation, can_view_documents
from .placement import placed
from .rules import (
    LADDER_DOWN,
    LADDER_OK,
    duk_key,
    is_pppk,
    kgb_month,
    kgb_phase,
    kp_period,
    rank_ladder_problem,
    retirement_age,
    retirement_date,
)
from .self_changes import PROTECTED_EMPLOYEE_FIELDS
from .validation import employee_field_problems, employee_text_errors

IDENTITY_FIELDS = (
    "nip",
    "nik",
    "front_title",
    "name",
    "back_title",
    "birth_place",
    "birth_date",
    "gender",
    "religion",
    "marital_status",
    "status",
    "first_appointment_date",
    "pns_appointment_date",
    "contract_end_date",
)
CONTACT_FIELDS = ("phone", "email", "address")
EMPLOYEE_FIELDS = IDENTITY_FIELDS + CONTACT_FIELDS


def _fields_error(fields: Mapping[str, list[str]], *, code: str = errors.INVALID_EMPLOYEE) -> PeopleError:
    first = next(iter(fields.values()))[0]
    return PeopleError(first, code=code, extra={"fields": {k: list(v) for k, v in fields.items()}})


def _snapshot(obj, fields) -> dict:
    return {name: getattr(obj, name) for name in fields}


# --- Employees -------------------------------------------------------------------


def _check_unique(*, nip: str, nik: str | None, exclude_pk: int | None) -> None:
    others = Employee.objects.exclude(pk=exclude_pk) if exclude_pk else Employee.objects.all()
    problems = {}
    if others.filter(nip=nip).exists():
        problems["nip"] = [_("This NIP is already registered.")]
    if nik and others.filter(nik=nik).exists():
        problems["nik"] = [_("This NIK is already registered.")]
    if problems:
        code = errors.NIP_TAKEN if "nip" in problems else errors.NIK_TAKEN
        raise _fields_error(problems, code=code)


def _clean_employee_data(data: Mapping[str, object]) -> dict:
    unknown = set(data) - set(EMPLOYEE_FIELDS)
    if unknown:
        raise ValueError(f"unknown employee fields: {sorted(unknown)}")
    cleaned = {key: value for key, value in data.items()}
    for key in ("nik",):
        if cleaned.get(key) == "":
            cleaned[key] = None
    for key in IDENTITY_FIELDS + CONTACT_FIELDS:
        if isinstance(cleaned.get(key), str):
            cleaned[key] = cleaned[key].strip()
    return cleaned


def _check_employee_text(cleaned: Mapping[str, object]) -> None:
    """Refuse bidi/zero-width/control characters and malformed phone numbers in the values being written."""
    text_errors, code = employee_text_errors(cleaned)
    if text_errors:
        raise _fields_error(text_errors, code=code or errors.INVALID_EMPLOYEE)


def _check_golongan_kind(status: str, golongan: Golongan) -> None:
    wanted = GolonganKind.PPPK if is_pppk(status) else GolonganKind.PNS
    if golongan.kind != wanted:
        raise _fields_error(
            {"golongan": [_("A PPPK has a PPPK golongan (I–XVII); a PNS or CPNS has a PNS golongan (I/a–IV/e).")]},
            code=errors.GOLONGAN_KIND,
        )


@transaction.atomic
def employee_create(
    *,
    actor,
    pemda: Pemda,
    data: Mapping[str, object],
    golongan: Golongan,
    golongan_date: date,
    position: Position,
    position_date: date,
    education_level: str = "",
    password: str | None = None,
) -> Employee:
    """Register an employee with their login, first rank and first position.

    The login's username is the NIP. Raises PermissionDenied unless *actor*
    manages employees of *pemda*; PeopleError (with field errors) when the
    data breaks a rule. Nothing is written when it raises.
    """
    if not can_manage_employee(actor, pemda_id=pemda.pk):
        raise PermissionDenied
    cleaned = _clean_employee_data(data)
    _check_employee_text(cleaned)
    field_errors, code = employee_field_problems(cleaned)
    if field_errors:
        raise _fields_error(field_errors, code=code or errors.INVALID_EMPLOYEE)
    if position.pemda_id != pemda.pk:
        raise PeopleError(_("The position belongs to another regional government."), code=errors.WRONG_PEMDA)
    _check_golongan_kind(str(cleaned["status"]), golongan)
    _check_unique(nip=str(cleaned["nip"]), nik=cleaned.get("nik"), exclude_pk=None)
    _check_position_open(position)

    employee = Employee(pemda=pemda, **cleaned)
    user_model = get_user_model()
    if user_model.objects.filter(username=employee.nip).exists():
        raise _fields_error({"nip": [_("A login with this NIP already exists.")]}, code=errors.NIP_TAKEN)
    user = user_model(username=employee.nip, pemda=pemda, display_name=employee.full_name, email=employee.email)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    employee.user = user
    try:
        employee.full_clean(exclude=["user", "pemda"])
        employee.save()
    except IntegrityError:
        raise _fields_error({"nip": [_("This NIP is already registered.")]}, code=errors.NIP_TAKEN) from None
    RankHistory.objects.create(employee=employee, golongan=golongan, effective_date=golongan_date, recorded_by=_user(actor))
    PositionHistory.objects.create(
        employee=employee,
        position=position,
        org_unit=position.org_unit,
        effective_date=position_date,
        recorded_by=_user(actor),
    )
    if education_level:
        EducationHistory.objects.create(
            employee=employee, level=education_level, institution="-", graduation_year=golongan_date.year
        )
    employee_refresh_current(employee)
    audit_record(
        actor=actor,
        action=PeopleAudit.EMPLOYEE_CREATED,
        target=employee,
        changes={
            **{name: [None, getattr(employee, name)] for name in EMPLOYEE_FIELDS if getattr(employee, name)},
            "golongan": [None, golongan.code],
            "position": [None, position.name],
        },
    )
    return employee


def _user(actor):
    return actor if actor is not None and getattr(actor, "pk", None) else None


def is_own_record(actor, employee: Employee) -> bool:
    return actor is not None and getattr(actor, "pk", None) is not None and employee.user_id == actor.pk


def _refuse_self_change(actor, employee: Employee) -> None:
    """Nobody decides about themselves (issue #8 §2): HR's change of their own rank, position, unit, status or
    service dates goes to a second HR admin (people.self_changes.propose), never straight in."""
    if is_own_record(actor, employee):
        raise PeopleError(
            _("You cannot make this change to your own record: another HR admin of your agency must approve it."),
            code=errors.SELF_CHANGE, http_status=403,
        )


@transaction.atomic
def employee_update(*, actor, employee: Employee, data: Mapping[str, object]) -> Employee:
    """Change an employee's identity or contact fields.

    HR admins may change every field in EMPLOYEE_FIELDS; the employee may
    change only their contact details (CONTACT_FIELDS). Raises
    PermissionDenied, or PeopleError with field errors. Audited with
    before → after values; a no-op writes nothing.
    """
    cleaned = _clean_employee_data(data)
    if can_manage_employee(actor, employee):
        allowed = set(EMPLOYEE_FIELDS)
    elif can_edit_contact(actor, employee):
        allowed = set(CONTACT_FIELDS)
    else:
        raise PermissionDenied
    forbidden = set(cleaned) - allowed
    if forbidden:
        raise _fields_error(
            {name: [_("You may not change this field.")] for name in sorted(forbidden)},
            code=errors.FIELD_NOT_EDITABLE,
        )
    employee = Employee.objects.select_for_update().get(pk=employee.pk)
    before = _snapshot(employee, EMPLOYEE_FIELDS)
    if {name for name in cleaned if cleaned[name] != before[name]} & PROTECTED_EMPLOYEE_FIELDS:
        _refuse_self_change(actor, employee)
    # Only the values that change: a legacy value already stored never blocks an unrelated edit.
    _check_employee_text({key: value for key, value in cleaned.items() if before.get(key) != value})
    merged = {**before, **cleaned}
    field_errors, code = employee_field_problems(merged)
    if field_errors:
        raise _fields_error(field_errors, code=code or errors.INVALID_EMPLOYEE)
    changes = diff(before, merged)
    if not changes:
        return employee
    if "nip" in changes or "nik" in changes:
        _check_unique(nip=str(merged["nip"]), nik=merged.get("nik"), exclude_pk=employee.pk)
    if "status" in changes and employee.current_golongan is not None:
        _check_golongan_kind(str(merged["status"]), employee.current_golongan)
    for name in changes:
        setattr(employee, name, merged[name])
    employee.full_clean(exclude=["user", "pemda", "current_position", "current_unit", "current_golongan"])
    employee.save(update_fields=[*changes, "updated_at"])
    _sync_user(employee)
    if changes.keys() & SELF_PROJECTION_FIELDS:
        employee_refresh_current(employee)
    audit_record(actor=actor, action=PeopleAudit.EMPLOYEE_UPDATED, target=employee, changes=changes)
    return employee


def _sync_user(employee: Employee) -> None:
    user = employee.user
    if user is None:
        return
    wanted = {"username": employee.nip, "display_name": employee.full_name, "email": employee.email}
    changed = [name for name, value in wanted.items() if getattr(user, name) != value]
    if changed:
        for name in changed:
            setattr(user, name, wanted[name])
        user.save(update_fields=changed)


@transaction.atomic
def employee_deactivate(*, actor, employee: Employee, reason: str, end_date: date) -> Employee:
    """End an employee's service (retired, moved out, …): the record stays, the login closes."""
    if not can_manage_employee(actor, employee):
        raise PermissionDenied
    _refuse_self_change(actor, employee)
    if not employee.is_active:
        raise PeopleError(_("This employee is already inactive."), code="people.already_inactive", http_status=409)
    if end_date < employee.first_appointment_date:
        raise _fields_error({"end_date": [_("The end date cannot be before the first appointment.")]},
                            code=errors.END_BEFORE_APPOINTMENT)
    employee.is_active = False
    employee.end_reason = reason
    employee.end_date = end_date
    employee.save(update_fields=["is_active", "end_reason", "end_date", "updated_at"])
    if employee.user_id:
        # The login's API tokens end with it, revoked by the actor (accounts would otherwise do it as "system").
        api_tokens_revoke_all(actor=actor, user=employee.user, reason=TokenRevocation.DEACTIVATED)
        employee.user.is_active = False
        employee.user.save(update_fields=["is_active"])
    audit_record(
        actor=actor,
        action=PeopleAudit.EMPLOYEE_DEACTIVATED,
        target=employee,
        changes={"is_active": [True, False], "end_reason": ["", reason], "end_date": [None, end_date]},
    )
    return employee


def employee_refresh_current(employee: Employee, *, today: date | None = None) -> bool:
    """Recompute the current rank (and its TMT), position, unit, education and retirement date from the histories.

    The projection is "as of today": a record with a future TMT becomes
    current on its date (the nightly task refresh_current_projections
    re-runs this). Returns whether anything changed. Not audited itself:
    the history row that caused the change is.
    """
    today = today or timezone.localdate()
    rank = (
        RankHistory.objects.filter(employee=employee, effective_date__lte=today)
        .order_by("-effective_date", "-pk")
        .select_related("golongan")
        .first()
    )
    placement = (
        PositionHistory.objects.filter(employee=employee, effective_date__lte=today)
        .order_by("-effective_date", "-pk")
        .select_related("position")
        .first()
    )
    levels = EducationHistory.objects.filter(employee=employee).values_list("level", flat=True)
    education = max(levels, key=lambda level: EDUCATION_ORDER.get(level, -1), default="")
    position = placement.position if placement else None
    age = retirement_age(position.kind if position else None, position.grade if position else None,
                         position.retirement_age if position else None)
    wanted = {
        "current_golongan_id": rank.golongan_id if rank else None,
        "rank_tmt": rank.effective_date if rank else None,
        "current_position_id": placement.position_id if placement else None,
        "current_unit_id": placement.org_unit_id if placement else None,
        "current_education": education,
        "retirement_date": retirement_date(employee.birth_date, age) if employee.birth_date else None,
        "kp_period": kp_period(rank.golongan.code if rank else None, rank.effective_date if rank else None,
                               position.kind if position else None),
        "kgb_month": (cycle := kgb_month(employee.first_appointment_date, rank.effective_date if rank else None,
                                         employee.last_kgb_tmt)),
        "kgb_phase": kgb_phase(cycle),
        "duk_key": duk_key(golongan_rank=rank.golongan.rank if rank else None,
                           rank_tmt=rank.effective_date if rank else None,
                           position_kind=position.kind if position else None,
                           position_grade=position.grade if position else None,
                           first_appointment=employee.first_appointment_date, education=education,
                           birth_date=employee.birth_date, name=employee.name),
    }
    changed = [name for name, value in wanted.items() if getattr(employee, name) != value]
    if not changed:
        return False
    previous_position_id = employee.current_position_id
    for name in changed:
        setattr(employee, name, wanted[name])
    # Setting the *_id attributes above already dropped the cached related
    # objects (Django does so when a foreign key value changes).
    Employee.objects.filter(pk=employee.pk).update(**{name: wanted[name] for name in changed})
    if "current_position_id" in changed and employee.current_position_id is not None:
        placed(employee.pk, employee.current_position_id, previous_position_id)
    return True


# --- Histories (append-only) -----------------------------------------------------


@transaction.atomic
def rank_record(
    *,
    actor,
    employee: Employee,
    golongan: Golongan,
    effective_date: date,
    decree_number: str = "",
    decree_date: date | None = None,
    note: str = "",
    legal_basis: str = "",
) -> RankHistory:
    """Add a rank (golongan) record; the current rank follows from the histories.

    A PNS's new rank is the next golongan on the ladder (or the same one
    again) unless *legal_basis* states why it is not (rules.md §8.1, §9.2;
    people.rules.rank_ladder_problem); a record dated before the latest one
    is history and may hold any rank. HR's own record is refused
    (people.self_change_requires_second_admin).
    """
    if not can_manage_employee(actor, employee):
        raise PermissionDenied
    _refuse_self_change(actor, employee)
    _check_golongan_kind(employee.status, golongan)
    _check_rank_ladder(employee, golongan, effective_date, legal_basis, decree_number)
    if effective_date < employee.first_appointment_date:
        raise _fields_error({"effective_date": [_("The TMT cannot be before the first appointment.")]},
                            code=errors.TMT_BEFORE_APPOINTMENT)
    if decree_date and decree_date > timezone.localdate():
        raise _fields_error({"decree_date": [_("The decree date cannot be in the future.")]},
                            code=errors.DECREE_DATE_IN_FUTURE)
    if RankHistory.objects.filter(employee=employee, golongan=golongan, effective_date=effective_date).exists():
        raise _fields_error({"golongan": [_("This rank with this TMT is already recorded.")]}, code="people.duplicate_history")
    before = employee.current_golongan.code if employee.current_golongan_id else None
    record = RankHistory.objects.create(
        employee=employee,
        golongan=golongan,
        effective_date=effective_date,
        decree_number=decree_number,
        decree_date=decree_date,
        note=note,
        legal_basis=legal_basis,
        recorded_by=_user(actor),
    )
    employee_refresh_current(employee)
    changes = {"golongan": [before, golongan.code], "effective_date": [None, effective_date],
               "decree_number": [None, decree_number]}
    if legal_basis:
        changes["legal_basis"] = [None, legal_basis]
    audit_record(actor=actor, action=PeopleAudit.RANK_RECORDED, target=employee, changes=changes)
    return record


def _check_rank_ladder(employee: Employee, golongan: Golongan, effective_date: date, legal_basis: str,
                       decree_number: str) -> None:
    if legal_basis and legal_basis not in RankLegalBasis.values:
        raise _fields_error({"legal_basis": [_("Choose a legal basis from the list.")]},
                            code=errors.INVALID_LEGAL_BASIS)
    if legal_basis and not decree_number.strip():
        raise _fields_error({"decree_number": [_("A rank given on a stated legal basis needs its decree number.")]},
                            code=errors.DECREE_NUMBER_REQUIRED)
    latest = (RankHistory.objects.filter(employee=employee, golongan__kind=golongan.kind)
              .select_related("golongan").order_by("-effective_date", "-pk").first())
    problem = rank_ladder_problem(
        status=employee.status, latest_rank=latest.golongan.rank if latest else None,
        latest_date=latest.effective_date if latest else None, new_rank=golongan.rank, new_date=effective_date,
        legal_basis=legal_basis,
    )
    if problem == LADDER_OK:
        return
    if problem == LADDER_DOWN:
        raise _fields_error(
            {"golongan": [_("%(golongan)s is below the latest rank %(current)s. Record a past rank with its own "
                            "earlier TMT, or state the legal basis (e.g. a correction).")
                          % {"golongan": golongan.code, "current": latest.golongan.code}]},
            code=errors.RANK_BELOW_LADDER,
        )
    following = Golongan.objects.filter(kind=golongan.kind, rank=latest.golongan.rank + 1).first()
    raise _fields_error(
        {"golongan": [_("The next rank after %(current)s is %(next)s. A jump to %(golongan)s needs a stated "
                        "legal basis (e.g. diploma adjustment).")
                      % {"current": latest.golongan.code, "next": following.code if following else "—",
                         "golongan": golongan.code}]},
        code=errors.RANK_SKIPS_LADDER,
    )


def occupied_places(position: Position, *, exclude: Employee | None = None) -> int:
    """The places of *position* taken: its active holders, and the employees placed in it from a future TMT (a
    decided move not yet in force promises its place)."""
    holders = Employee.objects.filter(current_position=position, is_active=True)
    arriving = (PositionHistory.objects.filter(position=position, effective_date__gt=timezone.localdate(),
                                               employee__is_active=True)
                .exclude(employee__current_position=position))
    if exclude is not None:
        holders = holders.exclude(pk=exclude.pk)
        arriving = arriving.exclude(employee=exclude)
    return holders.count() + arriving.values("employee").distinct().count()


def _check_position_open(position: Position, *, exclude: Employee | None = None) -> None:
    """Refuse an inactive position, or one whose capacity (formasi) is filled."""
    if not position.is_active:
        raise _fields_error({"position": [_("This position is no longer active.")]}, code=errors.POSITION_INACTIVE)
    Position.objects.select_for_update().filter(pk=position.pk).first()
    if occupied_places(position, exclude=exclude) >= position.capacity:
        raise _fields_error(
            {"position": [_("This position is full (%(capacity)s of %(capacity)s filled).") % {"capacity": position.capacity}]},
            code=errors.POSITION_FULL,
        )


def position_requirement_gaps(employee: Employee, position: Position) -> list[str]:
    """Return the requirements of *position* that *employee* does not meet (empty when fit)."""
    gaps = []
    minimum = position.min_golongan
    current = employee.current_golongan
    if minimum is not None and current is not None and minimum.kind == current.kind and current.rank < minimum.rank:
        gaps.append(_("golongan %(current)s is below the minimum %(minimum)s") % {"current": current.code, "minimum": minimum.code})
    if position.min_education:
        have = EDUCATION_ORDER.get(employee.current_education or "", -1)
        if have < EDUCATION_ORDER[position.min_education]:
            gaps.append(_("education is below the minimum %(minimum)s") % {"minimum": position.get_min_education_display()})
    return gaps


@transaction.atomic
def position_assign(
    *,
    actor,
    employee: Employee,
    position: Position,
    effective_date: date,
    decree_number: str = "",
    decree_date: date | None = None,
    note: str = "",
    override_reason: str = "",
) -> PositionHistory:
    """Place *employee* in *position* from *effective_date* by adding a position record.

    Refuses a position of another Pemda, an inactive or full position
    (capacity/formasi), and one whose minimum golongan or education the
    employee lacks unless an *override_reason* is recorded.
    """
    if not can_manage_employee(actor, employee):
        raise PermissionDenied
    _refuse_self_change(actor, employee)
    if position.pemda_id != employee.pemda_id:
        raise PeopleError(_("The position belongs to another regional government."), code=errors.WRONG_PEMDA)
    if effective_date < employee.first_appointment_date:
        raise _fields_error({"effective_date": [_("The TMT cannot be before the first appointment.")]},
                            code=errors.TMT_BEFORE_APPOINTMENT)
    if PositionHistory.objects.filter(employee=employee, position=position, effective_date=effective_date).exists():
        raise _fields_error({"effective_date": [_("This placement is already recorded with this TMT.")]},
                            code=errors.POSITION_RECORD_EXISTS)
    _check_position_open(position, exclude=employee)
    gaps = position_requirement_gaps(employee, position)
    if gaps and not override_reason.strip():
        raise _fields_error(
            {"position": [_("The employee does not meet the position's requirements: %(gaps)s. Record a reason to proceed anyway.") % {"gaps": "; ".join(gaps)}]},
            code=errors.POSITION_REQUIREMENTS,
        )
    before = employee.current_position.name if employee.current_position_id else None
    record = PositionHistory.objects.create(
        employee=employee,
        position=position,
        org_unit=position.org_unit,
        effective_date=effective_date,
        decree_number=decree_number,
        decree_date=decree_date,
        note=note if not gaps else f"{note} [{override_reason.strip()}]".strip(),
        recorded_by=_user(actor),
    )
    employee_refresh_current(employee)
    changes = {
        "position": [before, position.name],
        "unit": [None, position.org_unit.name],
        "effective_date": [None, effective_date],
        "decree_number": [None, decree_number],
    }
    if gaps:
        changes["requirements_overridden"] = [None, "; ".join(gaps) + " — " + override_reason.strip()]
    audit_record(actor=actor, action=PeopleAudit.POSITION_ASSIGNED, target=employee, changes=changes)
    return record


def _record_simple(actor, employee, model, action, fields: Mapping[str, object]):
    if not can_manage_employee(actor, employee):
        raise PermissionDenied
    record = model(employee=employee, **fields)
    try:
        record.full_clean(exclude=["employee"])
    except Exception as exc:  # django ValidationError
        message_dict = getattr(exc, "message_dict", {"__all__": [str(exc)]})
        raise _fields_error({k: [str(m) for m in v] for k, v in message_dict.items()}) from None
    record.save()
    audit_record(actor=actor, action=action, target=employee, changes={k: [None, v] for k, v in fields.items()})
    return record


@transaction.atomic
def education_record(*, actor, employee: Employee, level: str, institution: str, graduation_year: int,
                     major: str = "", diploma_number: str = "") -> EducationHistory:
    """Add an education record; the highest level becomes the current education."""
    if graduation_year > timezone.localdate().year or graduation_year < employee.birth_date.year + 5:
        raise _fields_error({"graduation_year": [_("The graduation year is not plausible.")]},
                            code=errors.GRADUATION_YEAR_IMPLAUSIBLE)
    record = _record_simple(actor, employee, EducationHistory, PeopleAudit.EDUCATION_RECORDED, {
        "level": level, "institution": institution, "graduation_year": graduation_year,
        "major": major, "diploma_number": diploma_number,
    })
    employee_refresh_current(employee)
    return record


@transaction.atomic
def training_record(*, actor, employee: Employee, kind: str, name: str, start_date: date, end_date: date,
                    organiser: str = "", hours: int = 0, certificate_number: str = "") -> TrainingHistory:
    """Add a training record (diklat) with its learning hours (JP)."""
    if end_date < start_date:
        raise _fields_error({"end_date": [_("The end date cannot be before the start date.")]},
                            code=errors.END_BEFORE_START)
    return _record_simple(actor, employee, TrainingHistory, PeopleAudit.TRAINING_RECORDED, {
        "kind": kind, "name": name, "start_date": start_date, "end_date": end_date,
        "organiser": organiser, "hours": hours, "certificate_number": certificate_number,
    })


@transaction.atomic
def family_member_record(*, actor, employee: Employee, relation: str, name: str, birth_date: date | None = None,
                         gender: str = "", occupation: str = "") -> FamilyMember:
    """Add a family member (spouse, child, parent)."""
    if birth_date and birth_date > timezone.localdate():
        raise _fields_error({"birth_date": [_("The date of birth cannot be in the future.")]},
                            code=errors.BIRTH_DATE_IN_FUTURE)
    return _record_simple(actor, employee, FamilyMember, PeopleAudit.FAMILY_RECORDED, {
        "relation": relation, "name": name, "birth_date": birth_date, "gender": gender, "occupation": occupation,
    })


@transaction.atomic
def document_upload(*, actor, employee: Employee, kind: str, title: str, name: str, content: bytes) -> EmployeeDocument:
    """Store a supporting document after checking its content (G20)."""
    if not can_manage_employee(actor, employee):
        raise PermissionDenied
    checked = check_document(name, content)
    document = EmployeeDocument(
        employee=employee,
        kind=kind,
        title=title.strip() or checked.safe_name,
        original_name=checked.safe_name,
        content_type=checked.content_type,
        size=len(content),
        sha256=checked.sha256,
        uploaded_by=_user(actor),
    )
    document.file.save(f"upload{checked.extension}", ContentFile(content), save=False)
    document.save()
    audit_record(
        actor=actor,
        action=PeopleAudit.DOCUMENT_UPLOADED,
        target=employee,
        changes={"document": [None, document.title], "kind": [None, kind], "sha256": [None, checked.sha256]},
    )
    return document


@transaction.atomic
def document_record_download(*, actor, document: EmployeeDocument) -> None:
    """Log a read of a document: reads of personal data are recorded (UU PDP Pasal 31)."""
    if not can_view_documents(actor, document.employee):
        raise PermissionDenied
    audit_record(
        actor=actor,
        action=PeopleAudit.DOCUMENT_DOWNLOADED,
        target=document.employee,
        changes={"document": [document.title, document.title]},
    )


# --- Organisation ------------------------------------------------------------------

UNIT_FIELDS = ("name", "kind", "code", "parent", "is_active")
POSITION_FIELDS = (
    "name", "kind", "grade", "class_level", "min_golongan", "min_education", "supervisor_position",
    "is_unit_head", "capacity", "retirement_age", "org_unit", "is_active",
)


def _label(value):
    return str(value) if hasattr(value, "pk") else value


@transaction.atomic
def org_unit_create(*, actor, pemda: Pemda, name: str, kind: str, parent: OrgUnit | None = None, code: str = "") -> OrgUnit:
    """Add a unit under *parent* (or a top-level OPD)."""
    if not can_manage_organisation(actor, pemda.pk):
        raise PermissionDenied
    if parent is not None and parent.pemda_id != pemda.pk:
        raise PeopleError(_("The parent unit belongs to another regional government."), code=errors.WRONG_PEMDA)
    unit = OrgUnit(pemda=pemda, parent=parent, name=name.strip(), kind=kind, code=code.strip(), path="-")
    unit.full_clean(exclude=["path"])
    unit.save()
    unit.path = (parent.path if parent else "") + tree_segment(unit.pk)
    unit.depth = parent.depth + 1 if parent else 0
    unit.save(update_fields=["path", "depth"])
    audit_record(actor=actor, action=PeopleAudit.UNIT_CREATED, target=unit,
                 changes={"name": [None, unit.name], "kind": [None, kind], "parent": [None, _label(parent)]})
    return unit


@transaction.atomic
def org_unit_update(*, actor, unit: OrgUnit, data: Mapping[str, object]) -> OrgUnit:
    """Rename, re-classify or move a unit; moving re-paths its whole subtree."""
    if not can_manage_organisation(actor, unit.pemda_id):
        raise PermissionDenied
    unknown = set(data) - set(UNIT_FIELDS)
    if unknown:
        raise ValueError(f"unknown unit fields: {sorted(unknown)}")
    before = {name: _label(getattr(unit, name)) for name in data}
    parent = data.get("parent", unit.parent)
    if parent is not None:
        if parent.pemda_id != unit.pemda_id:
            raise PeopleError(_("The parent unit belongs to another regional government."), code=errors.WRONG_PEMDA)
        if parent.path.startswith(unit.path):
            raise _fields_error({"parent": [_("A unit cannot be placed under itself or its own sub-unit.")]}, code=errors.UNIT_CYCLE)
    for name, value in data.items():
        setattr(unit, name, value)
    unit.full_clean(exclude=["path"])
    old_path = unit.path
    new_path = (parent.path if parent else "") + tree_segment(unit.pk)
    unit.path, unit.depth = new_path, (parent.depth + 1 if parent else 0)
    unit.save()
    if new_path != old_path:
        for child in OrgUnit.objects.filter(path__startswith=old_path).exclude(pk=unit.pk):
            child.path = new_path + child.path[len(old_path):]
            child.depth = child.path.count("/") - 1
            child.save(update_fields=["path", "depth", "updated_at"])
    changes = diff(before, {name: _label(getattr(unit, name)) for name in data})
    if changes:
        audit_record(actor=actor, action=PeopleAudit.UNIT_UPDATED, target=unit, changes=changes)
    return unit


def _position_path(position: Position) -> str:
    parent = position.supervisor_position
    return (parent.path if parent else "") + tree_segment(position.pk)


@transaction.atomic
def position_create(*, actor, pemda: Pemda, data: Mapping[str, object]) -> Position:
    """Add a position (jabatan) to a unit of *pemda*."""
    if not can_manage_organisation(actor, pemda.pk):
        raise PermissionDenied
    unknown = set(data) - set(POSITION_FIELDS)
    if unknown:
        raise ValueError(f"unknown position fields: {sorted(unknown)}")
    position = Position(pemda=pemda, path="-", **data)
    _check_position_refs(position)
    position.full_clean(exclude=["path"])
    position.save()
    position.path = _position_path(position)
    position.save(update_fields=["path"])
    audit_record(actor=actor, action=PeopleAudit.POSITION_CREATED, target=position,
                 changes={name: [None, _label(value)] for name, value in data.items()})
    return position


def _check_position_refs(position: Position) -> None:
    if position.org_unit.pemda_id != position.pemda_id:
        raise PeopleError(_("The unit belongs to another regional government."), code=errors.WRONG_PEMDA)
    parent = position.supervisor_position
    if parent is not None:
        if parent.pemda_id != position.pemda_id:
            raise PeopleError(_("The supervising position belongs to another regional government."), code=errors.WRONG_PEMDA)
        if position.pk and parent.path.startswith(position.path):
            raise _fields_error(
                {"supervisor_position": [_("A position cannot report to itself or to one of its subordinates.")]},
                code=errors.POSITION_CYCLE,
            )
    if position.is_unit_head and position.is_active:
        clash = Position.objects.filter(org_unit=position.org_unit, is_unit_head=True, is_active=True).exclude(pk=position.pk)
        if clash.exists():
            raise _fields_error({"is_unit_head": [_("This unit already has a head position.")]},
                                code=errors.UNIT_HEAD_TAKEN)


def employee_kgb_granted(employee: Employee, tmt: date) -> None:
    """A KGB granted on *tmt* (mobility's decision) moves the employee's KGB cycle on: the last KGB TMT and the
    next KGB month (kgb_month) follow. Not audited itself: the grant is."""
    current = Employee.objects.filter(pk=employee.pk).values_list("last_kgb_tmt", flat=True).first()
    if current is not None and current >= tmt:
        return
    Employee.objects.filter(pk=employee.pk).update(last_kgb_tmt=tmt)
    employee.last_kgb_tmt = tmt
    employee_refresh_current(employee)


# The employee's own fields their projections depend on (retirement_date, kgb_month, duk_key).
SELF_PROJECTION_FIELDS = frozenset({"birth_date", "first_appointment_date", "name"})

# The position fields the holders' projections depend on (retirement_date, kp_period).
HOLDER_PROJECTION_FIELDS = frozenset({"kind", "grade", "retirement_age"})


@transaction.atomic
def position_update(*, actor, position: Position, data: Mapping[str, object]) -> Position:
    """Change a position; a new supervising position re-paths its subtree."""
    if not can_manage_organisation(actor, position.pemda_id):
        raise PermissionDenied
    unknown = set(data) - set(POSITION_FIELDS)
    if unknown:
        raise ValueError(f"unknown position fields: {sorted(unknown)}")
    before = {name: _label(getattr(position, name)) for name in data}
    for name, value in data.items():
        setattr(position, name, value)
    _check_position_refs(position)
    position.full_clean(exclude=["path"])
    if "capacity" in data:
        holders = Employee.objects.filter(current_position=position, is_active=True).count()
        if position.capacity < holders:
            raise _fields_error({"capacity": [_("The capacity cannot be below the %(count)s current holders.") % {"count": holders}]})
    old_path = position.path
    position.path = _position_path(position)
    position.save()
    if position.path != old_path:
        for child in Position.objects.filter(path__startswith=old_path).exclude(pk=position.pk):
            child.path = position.path + child.path[len(old_path):]
            child.save(update_fields=["path", "updated_at"])
    changes = diff(before, {name: _label(getattr(position, name)) for name in data})
    if changes:
        audit_record(actor=actor, action=PeopleAudit.POSITION_UPDATED, target=position, changes=changes)
    if changes.keys() & HOLDER_PROJECTION_FIELDS:
        # The holders' retirement date (BUP by position) and KP period (2 years for a JF) follow the position.
        for holder in Employee.objects.filter(current_position=position, is_active=True):
            employee_refresh_current(holder)
    return position
