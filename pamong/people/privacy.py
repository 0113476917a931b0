"""Who sees which personal data: the one field-level policy (UU 27/2022; reliability-security.md G4, G28).

Visibility of an employee *row* is decided by ``selectors.employees_visible_to``;
this module decides which *fields* of a visible row an actor sees. Fields
are grouped by sensitivity; each group lists the relationships (or roles)
that may see it. Every page, export, API schema and download asks here:

* ``visible_groups(actor, employee)`` — the groups, for one loaded row;
* ``visible_fields(actor, employee)`` — the Employee field names;
* ``masked_value(actor, employee, field)`` — the value to show (None/masked when not allowed);
* the ``privacy_groups`` template filter (people_tags).

Higher contexts add relationships of their own (leave: the approver of an
application at their step) through ``extra`` and never widen the table.
"""

from collections.abc import Iterable
from enum import StrEnum

from pamong.accounts.roles import Role, granted_roles
from pamong.audit.services import audit_read

from .audit import PeopleAudit
from .capabilities import PeoplePerm
from .permissions import can_view_employee
from .selectors import actor_employee


class FieldGroup(StrEnum):
    EMPLOYMENT = "employment"
    """What any official with a job to do sees: name, NIP, titles, position, unit, rank, status, dates, histories."""
    NIK = "nik"
    """The unmasked NIK (others see the last 4 digits)."""
    PERSONAL = "personal"
    """Religion, marital status, place of birth, address and phone."""
    FAMILY = "family"
    """Family members (spouse, children: data of third persons, some of them children)."""
    DOCUMENTS = "documents"
    """The employee's supporting documents (decrees, diplomas, identity cards)."""
    HEALTH = "health"
    """Specific data (UU PDP Pasal 4): medical documents, sick and maternity leave reasons and letters."""


class Relationship(StrEnum):
    SELF = "self"
    HR = "hr"
    APPROVER = "approver"
    EXECUTIVE = "executive"
    AUDITOR = "auditor"
    SUPERIOR = "superior"
    SUPERADMIN = "superadmin"


R = Relationship
_OFFICIALS = frozenset({R.EXECUTIVE, R.AUDITOR, R.SUPERIOR, R.APPROVER})

# The policy: field group -> who may see it. Executive (Sekda), auditor
# (Inspektorat) and superiors see what their job needs, never the private groups.
POLICY: dict[FieldGroup, frozenset[Relationship]] = {
    FieldGroup.EMPLOYMENT: frozenset({R.SELF, R.HR, R.SUPERADMIN}) | _OFFICIALS,
    FieldGroup.NIK: frozenset({R.SELF, R.HR, R.SUPERADMIN}),
    FieldGroup.PERSONAL: frozenset({R.SELF, R.HR, R.SUPERADMIN}),
    FieldGroup.FAMILY: frozenset({R.SELF, R.HR, R.SUPERADMIN}),
    FieldGroup.DOCUMENTS: frozenset({R.SELF, R.HR, R.SUPERADMIN}),
    # The approver of a sick/maternity leave application sees its letter at their step (leave adds APPROVER).
    # Not the platform superadmin: health data stay inside the agency (UU PDP Pasal 4 specific data).
    FieldGroup.HEALTH: frozenset({R.SELF, R.HR, R.APPROVER}),
}

# Employee fields by group; a field not listed here is never shown to anyone but HR and the person.
FIELD_GROUPS: dict[str, FieldGroup] = {
    **dict.fromkeys(
        (
            "nip", "name", "full_name", "front_title", "back_title", "birth_date", "gender", "email", "status",
            "is_active", "first_appointment_date", "pns_appointment_date", "contract_end_date", "end_reason",
            "end_date", "current_position", "current_unit", "current_golongan", "current_education",
            "retirement_date", "rank_tmt", "kp_period", "kgb_month", "kgb_phase", "last_kgb_tmt", "duk_key", "position", "unit", "golongan",
            "education",
        ),
        FieldGroup.EMPLOYMENT,
    ),
    "nik": FieldGroup.NIK,
    **dict.fromkeys(("birth_place", "religion", "marital_status", "phone", "address"), FieldGroup.PERSONAL),
    "family": FieldGroup.FAMILY,
    "documents": FieldGroup.DOCUMENTS,
}


def is_hr_of(actor, pemda_id: int | None) -> bool:
    """HR administrator (manage_employee) of the Pemda *pemda_id*."""
    return bool(
        actor.is_authenticated and actor.pemda_id is not None and actor.pemda_id == pemda_id
        and actor.has_perm(PeoplePerm.MANAGE_EMPLOYEE)
    )


def relationships(actor, employee) -> frozenset[Relationship]:
    """Return how *actor* stands to *employee* (cached per actor and employee).

    The caller has already fetched *employee* through a visibility scope; an
    actor who reached the row and is none of the named relations is a
    superior in the hierarchy.
    """
    if not actor.is_authenticated:
        return frozenset()
    cache = actor.__dict__.setdefault("_pamong_privacy", {})
    if employee.pk in cache:
        return cache[employee.pk]
    found: set[Relationship] = set()
    if actor.is_superuser:
        found.add(R.SUPERADMIN)
    me = actor_employee(actor)
    if me is not None and me.pk == employee.pk:
        found.add(R.SELF)
    same_pemda = actor.pemda_id is not None and actor.pemda_id == employee.pemda_id
    if same_pemda:
        if is_hr_of(actor, employee.pemda_id):
            found.add(R.HR)
        roles = granted_roles(actor)
        if Role.EXECUTIVE.value in roles:
            found.add(R.EXECUTIVE)
        if Role.AUDITOR.value in roles:
            found.add(R.AUDITOR)
        if not found and me is not None and can_view_employee(actor, employee):
            found.add(R.SUPERIOR)
    cache[employee.pk] = frozenset(found)
    return cache[employee.pk]


def groups_for(relations: Iterable[Relationship]) -> frozenset[FieldGroup]:
    """Return the field groups the union of *relations* may see (pure; the matrix tests this)."""
    relations = frozenset(relations)
    return frozenset(group for group, allowed in POLICY.items() if allowed & relations)


def visible_groups(actor, employee, *, extra: Iterable[Relationship] = ()) -> frozenset[FieldGroup]:
    """Return the field groups of *employee* that *actor* sees; *extra* adds context relations (approver)."""
    return groups_for(relationships(actor, employee) | frozenset(extra))


def can_see(actor, employee, group: FieldGroup, *, extra: Iterable[Relationship] = ()) -> bool:
    return group in visible_groups(actor, employee, extra=extra)


def visible_fields(actor, employee) -> frozenset[str]:
    """Return the names of the Employee fields (and related sets) *actor* sees of *employee*."""
    groups = visible_groups(actor, employee)
    return frozenset(name for name, group in FIELD_GROUPS.items() if group in groups)


def masked_value(actor, employee, field: str, value=None):
    """Return what *actor* sees of *employee*.*field*: the value, NIK masked, or None when hidden."""
    if value is None:
        value = getattr(employee, field)
    group = FIELD_GROUPS.get(field)
    if group is not None and can_see(actor, employee, group):
        return value
    if field == "nik":
        return employee.masked_nik or None
    return None


def is_health_document_kind(kind: str) -> bool:
    from .choices import HEALTH_DOCUMENT_KINDS

    return kind in HEALTH_DOCUMENT_KINDS


def document_group(kind: str) -> FieldGroup:
    return FieldGroup.HEALTH if is_health_document_kind(kind) else FieldGroup.DOCUMENTS


# --- Reads of sensitive data are logged (UU PDP Pasal 31; G21) -----------------------------------------------

LOGGED_GROUPS = frozenset({FieldGroup.NIK, FieldGroup.FAMILY, FieldGroup.HEALTH})


def sensitive_read_record(*, actor, target, what: Iterable[str], employee=None, pemda_id: int | None = None) -> None:
    """Record that *actor* read the sensitive data *what* (e.g. ["nik", "family"]) of *target*.

    A person reading their own record is not a disclosure and is not logged.
    Stored through audit.services.audit_read as ``{"fields": what}`` (names, never values).
    """
    what = sorted({str(item) for item in what})
    if not what:
        return
    if employee is not None:
        me = actor_employee(actor)
        if me is not None and me.pk == employee.pk:
            return
    audit_read(actor=actor, action=PeopleAudit.SENSITIVE_VIEWED, target=target, fields=what, pemda_id=pemda_id)


def profile_read_record(*, actor, employee, groups: Iterable[FieldGroup], has_family: bool = True) -> None:
    """Log the sensitive groups a profile page or API detail showed (unmasked NIK, family)."""
    shown = set(groups) & LOGGED_GROUPS
    if FieldGroup.NIK in shown and not employee.nik:
        shown.discard(FieldGroup.NIK)
    if FieldGroup.FAMILY in shown and not has_family:
        shown.discard(FieldGroup.FAMILY)
    shown.discard(FieldGroup.HEALTH)  # health documents are logged when downloaded
    sensitive_read_record(actor=actor, target=employee, what=shown, employee=employee)


def documents_visible(actor, employee):
    """Return the documents of *employee* whose kind *actor* may see (health kinds: HEALTH group)."""
    from .choices import HEALTH_DOCUMENT_KINDS

    groups = visible_groups(actor, employee)
    documents = employee.documents.order_by("-created_at", "-pk")
    if FieldGroup.HEALTH not in groups:
        documents = documents.exclude(kind__in=HEALTH_DOCUMENT_KINDS)
    if FieldGroup.DOCUMENTS not in groups:
        documents = documents.filter(kind__in=HEALTH_DOCUMENT_KINDS)
    return documents


def can_see_document(actor, document) -> bool:
    """May *actor* open *document* (an EmployeeDocument)? By the group of its kind."""
    return can_see(actor, document.employee, document_group(document.kind))
