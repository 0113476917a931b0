"""Planning: what each sheet row does (create / update / unchanged / refused), decided without writing.

Rows are cleaned one by one (pure), then checked against the database with set-based lookups: one query
per QUERY_CHUNK NIPs/NIKs/logins and one per history table, never one per row.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _

from ..choices import GolonganKind
from ..models import EducationHistory, Employee, Golongan, Position, PositionHistory, RankHistory
from ..rules import is_pppk
from ..self_changes import PROTECTED_EMPLOYEE_FIELDS
from ..validation import employee_field_errors, employee_text_errors
from .cells import (
    CellError,
    _name_key,
    _text,
    parse_date,
    parse_education,
    parse_gender,
    parse_golongan,
    parse_identity_number,
    parse_marital_status,
    parse_religion,
    parse_status,
)
from .columns import COLUMN_BY_KEY, DATE_KEYS, EMPLOYEE_KEYS

PROGRESS_EVERY = 500
QUERY_CHUNK = 5000  # stays under SQLite's bound-parameter limit

CREATE, UPDATE, UNCHANGED, REFUSED = "create", "update", "unchanged", "refused"
# The template's example row (exports.template_workbook): never imported, never blocks the other rows.
EXAMPLE = "example"
EXAMPLE_MARK = "CONTOH"


def is_example_row(raw: dict) -> bool:
    """Whether a sheet row is the template's example: its NIP cell starts with EXAMPLE_MARK ("CONTOH 1986…")."""
    return str(raw.get("nip") or "").strip().lstrip("'").upper().startswith(EXAMPLE_MARK)


@dataclass(slots=True)
class RowPlan:
    row: int
    nip: str
    name: str
    action: str = UNCHANGED
    reasons: list[str] = field(default_factory=list)
    data: dict = field(default_factory=dict)  # cleaned Employee fields present in the sheet
    changes: dict = field(default_factory=dict)  # {field: [old, new]}
    golongan_id: int | None = None
    golongan_date: date | None = None
    position_id: int | None = None
    position_date: date | None = None
    education: str = ""
    new_rank: bool = False
    new_position: bool = False
    new_education: bool = False
    employee_id: int | None = None
    public_id: object = None
    current: "Existing | None" = None  # the recorded employee and histories the plan was made against

    def report(self) -> dict:
        return {
            "row": self.row,
            "nip": self.nip,
            "name": self.name,
            "action": self.action,
            "changes": {
                name: ["****" if name == "nik" else _json(old), "****" if name == "nik" else _json(new)]
                for name, (old, new) in self.changes.items()
            },
            "reasons": self.reasons,
        }


def _json(value):
    return value.strftime("%d-%m-%Y") if isinstance(value, date) else value


@dataclass(slots=True)
class Lookups:
    """Reference data preloaded once per run."""

    golongan_by_code: dict[str, Golongan]
    golongan_code_by_id: dict[int, str]
    positions: dict[tuple[str, str], list[Position]]
    position_by_id: dict[int, Position]


def load_lookups(pemda_id: int) -> Lookups:
    golongan = list(Golongan.objects.all())
    positions: dict[tuple[str, str], list[Position]] = {}
    by_id = {}
    for position in Position.objects.filter(pemda_id=pemda_id, is_active=True).select_related("org_unit"):
        positions.setdefault((_name_key(position.org_unit.name), _name_key(position.name)), []).append(position)
        by_id[position.pk] = position
    return Lookups(
        golongan_by_code={g.code: g for g in golongan},
        golongan_code_by_id={g.pk: g.code for g in golongan},
        positions=positions,
        position_by_id=by_id,
    )


def _chunks(items: list, size: int = QUERY_CHUNK) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


@dataclass(slots=True)
class Existing:
    employee: dict  # values() of the Employee row
    ranks: list[tuple[int, int, date]] = field(default_factory=list)  # (pk, golongan_id, effective_date)
    placements: list[tuple[int, int, int, date]] = field(default_factory=list)  # (pk, position_id, unit_id, date)
    education: set[str] = field(default_factory=set)


_EXISTING_FIELDS = (
    "pk", "public_id", "pemda_id", "user_id", *EMPLOYEE_KEYS, "contract_end_date", "current_golongan_id", "current_position_id",
    "current_unit_id", "current_education", "retirement_date", "rank_tmt", "kp_period", "kgb_month", "kgb_phase", "last_kgb_tmt", "duk_key",
)


def _load_existing(nips: list[str], pemda_id: int | None = None) -> dict[str, Existing]:
    """The employees with these NIPs, in any Pemda (a NIP of another Pemda is refused, not imported).

    More than QUERY_CHUNK NIPs: the importing Pemda's employees are read in one pass instead of IN lists of
    5,000 (Django compiles each item; that was a sixth of the planning time at 50,000 rows); IN lists remain
    for the NIPs not found there.
    """
    existing: dict[str, Existing] = {}
    rest = nips
    if pemda_id is not None and len(nips) > QUERY_CHUNK:
        wanted = set(nips)
        for values in Employee.objects.filter(pemda_id=pemda_id).values(*_EXISTING_FIELDS):
            if values["nip"] in wanted:
                existing[values["nip"]] = Existing(employee=values)
        rest = [nip for nip in nips if nip not in existing]
    for chunk in _chunks(rest):
        for values in Employee.objects.filter(nip__in=chunk).values(*_EXISTING_FIELDS):
            existing[values["nip"]] = Existing(employee=values)
    return existing


def _load_histories(existing: dict[str, Existing], pemda_id: int) -> None:
    """Fill the rank, placement and education histories of the *existing* employees of *pemda_id*."""
    by_pk = {e.employee["pk"]: e for e in existing.values() if e.employee["pemda_id"] == pemda_id}
    ids = list(by_pk)
    # Many employees: one pass over the Pemda's histories (see _load_existing), rows of others skipped.
    scopes = [{"employee__pemda_id": pemda_id}] if len(ids) > QUERY_CHUNK else [
        {"employee_id__in": chunk} for chunk in _chunks(ids)]
    for scope in scopes:
        for pk, employee_id, golongan_id, effective in RankHistory.objects.filter(**scope).values_list(
            "pk", "employee_id", "golongan_id", "effective_date"
        ):
            if employee_id in by_pk:
                by_pk[employee_id].ranks.append((pk, golongan_id, effective))
        for pk, employee_id, position_id, unit_id, effective in PositionHistory.objects.filter(
            **scope
        ).values_list("pk", "employee_id", "position_id", "org_unit_id", "effective_date"):
            if employee_id in by_pk:
                by_pk[employee_id].placements.append((pk, position_id, unit_id, effective))
        for employee_id, level in EducationHistory.objects.filter(**scope).values_list("employee_id", "level"):
            if employee_id in by_pk:
                by_pk[employee_id].education.add(level)


def _latest(rows: list[tuple], today: date, date_index: int) -> tuple | None:
    effective = [row for row in rows if row[date_index] <= today]
    return max(effective, key=lambda row: (row[date_index], row[0]), default=None)


def _clean_row(raw: dict, lookups: Lookups) -> tuple[dict, dict, list[str]]:
    """Return (employee data, extra data, errors) for one sheet row."""
    data: dict = {}
    extra: dict = {}
    problems: list[str] = []

    def parse(key: str, parser) -> object:
        try:
            return parser(raw.get(key))
        except CellError as exc:
            problems.append(f"{COLUMN_BY_KEY[key].header}: {exc}")
            return None

    for key in raw:
        if key in DATE_KEYS:
            value = parse(key, parse_date)
        elif key == "nip":
            value = parse(key, parse_identity_number)
        elif key == "nik":
            value = parse(key, lambda v: parse_identity_number(v, label="NIK"))
        elif key == "gender":
            value = parse(key, parse_gender)
        elif key == "religion":
            value = parse(key, parse_religion)
        elif key == "marital_status":
            value = parse(key, parse_marital_status)
        elif key == "status":
            value = parse(key, parse_status)
        elif key == "golongan":
            value = parse(key, parse_golongan)
        elif key == "education":
            value = parse(key, parse_education)
        else:
            value = _text(raw.get(key))
        if key in ("golongan", "golongan_date", "position", "unit", "position_date", "education"):
            extra[key] = value
        else:
            data[key] = value
    email = data.get("email")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            problems.append(f"{COLUMN_BY_KEY['email'].header}: " + _("Not a valid e-mail address."))
    phone_cell = raw.get("phone")
    if isinstance(phone_cell, int | float) and not isinstance(phone_cell, bool) and data.get("phone", "")[:1] == "8":
        data["phone"] = "0" + data["phone"]  # a number cell lost the leading 0 of 0812…
    # Names, places, addresses: no bidi/zero-width/control characters; a phone is a phone (pamong.core.text).
    for name, messages in employee_text_errors({key: value for key, value in data.items() if value})[0].items():
        problems.extend(f"{_field_label(name)}: {message}" for message in messages)
    return data, extra, problems


def _field_label(name: str) -> str:
    column = COLUMN_BY_KEY.get(name)
    return column.header if column else name


@dataclass(slots=True)
class CleanedRows:
    """A sheet's rows after the pure per-cell checks: what the database checks start from.

    Depends on the file only, so the dry run caches it and applying reuses it (pamong.people.imports.jobs).
    """

    examples: list[RowPlan]  # the template's example rows, already planned
    rows: list[tuple[int, dict, dict, list[str]]]  # (sheet row, employee data, extra data, problems)
    total: int  # sheet rows, examples included


def clean_records(records: list[tuple[int, dict]]) -> CleanedRows:
    """Parse every cell of every record (pure: no queries)."""
    rows = []
    examples: list[RowPlan] = []
    for number, raw in records:
        if is_example_row(raw):
            examples.append(RowPlan(row=number, nip=str(raw.get("nip") or "").strip()[:40],
                                    name=_text(raw.get("name"))[:150], action=EXAMPLE,
                                    reasons=[_("The example row of the template is not imported.")]))
            continue
        data, extra, problems = _clean_row(raw, None)
        rows.append((number, data, extra, problems))
    return CleanedRows(examples=examples, rows=rows, total=len(records))


def plan_rows(
    records: list[tuple[int, dict]] | CleanedRows, *, pemda_id: int, today: date | None = None, progress=None,
    importer_id: int | None = None,
) -> list[RowPlan]:
    """Decide what each row does, without writing. Queries: lookups + one batch per 5,000 NIPs/NIKs/logins.

    *records* are read_sheet's records or, cleaned already, clean_records' result. The query count does
    not depend on the number of rows up to QUERY_CHUNK (test_import_scale.py).
    A row that would change the importing HR admin's own rank, position, status or service dates is refused:
    nobody decides about themselves (issue #8 §2; people.self_changes).
    """
    today = today or timezone.localdate()
    own_nip = (Employee.objects.filter(user_id=importer_id).values_list("nip", flat=True).first()
               if importer_id else None)
    lookups = load_lookups(pemda_id)
    prepared = records if isinstance(records, CleanedRows) else clean_records(records)
    cleaned, examples = prepared.rows, prepared.examples

    nips = sorted({str(data.get("nip")) for _, data, _, _ in cleaned if data.get("nip")})
    niks = sorted({str(data.get("nik")) for _, data, _, _ in cleaned if data.get("nik")})
    existing = _load_existing(nips, pemda_id)
    _load_histories(existing, pemda_id)
    nik_owner: dict[str, str] = {}
    for chunk in _chunks(niks):
        nik_owner.update(Employee.objects.filter(nik__in=chunk).values_list("nik", "nip"))
    logins: set[str] = set()
    user_model = get_user_model()
    for chunk in _chunks([nip for nip in nips if nip not in existing]):
        logins.update(user_model.objects.filter(username__in=chunk).values_list("username", flat=True))

    seen_nip: dict[str, int] = {}
    seen_nik: dict[str, int] = {}
    plans: list[RowPlan] = [
        RowPlan(row=e.row, nip=e.nip, name=e.name, action=e.action, reasons=list(e.reasons)) for e in examples
    ]
    for index, (number, data, extra, problems) in enumerate(cleaned, start=1):
        nip = str(data.get("nip") or "")
        plan = RowPlan(row=number, nip=nip, name=str(data.get("name") or ""), reasons=list(problems))
        plans.append(plan)
        if progress and index % PROGRESS_EVERY == 0:
            progress(index)
        if nip in seen_nip:
            plan.reasons.append(_("The same NIP is already on row %(row)s.") % {"row": seen_nip[nip]})
        elif nip:
            seen_nip[nip] = number
        nik = data.get("nik")
        if nik:
            if nik in seen_nik:
                plan.reasons.append(_("The same NIK is already on row %(row)s.") % {"row": seen_nik[nik]})
            else:
                seen_nik[nik] = number
        current = existing.get(nip)
        if current is not None and current.employee["pemda_id"] != pemda_id:
            # Say nothing about the other agency's employee (tenant isolation).
            plan.reasons = [_("This NIP belongs to an employee of another regional government; it cannot be imported here.")]
            plan.action = REFUSED
            continue
        if plan.reasons:
            plan.action = REFUSED
            continue
        _plan_row(plan, data, extra, current, lookups, nik_owner, logins, today)
        plan.current = current
        if own_nip and nip == own_nip and plan.action == UPDATE and (
                plan.new_rank or plan.new_position or set(plan.changes) & PROTECTED_EMPLOYEE_FIELDS):
            plan.action = REFUSED
            plan.reasons = [_("This row is your own record: another HR admin must import or approve the change.")]
    if progress:
        progress(prepared.total)
    return plans


def _plan_row(plan: RowPlan, data: dict, extra: dict, current: Existing | None, lookups: Lookups,
              nik_owner: dict, logins: set, today: date) -> None:
    before = current.employee if current else {}
    # An empty cell keeps the recorded value (sheets often leave columns blank).
    provided = {key: value for key, value in data.items() if value not in (None, "")}
    merged = {key: before.get(key) for key in EMPLOYEE_KEYS} if current else {}
    merged.update(provided)
    if current is None:
        for key in EMPLOYEE_KEYS:
            merged.setdefault(key, None if key in DATE_KEYS or key == "nik" else "")
    errors = employee_field_errors(merged, today=today)
    for name, messages in errors.items():
        plan.reasons.extend(f"{_field_label(name)}: {message}" for message in messages)

    nik = merged.get("nik")
    if nik and nik_owner.get(nik, plan.nip) != plan.nip:
        plan.reasons.append(_("NIK: this NIK is already registered to another employee."))
    if current is None and plan.nip in logins:
        plan.reasons.append(_("NIP: a login with this NIP already exists."))

    status = str(merged.get("status") or "")
    code = extra.get("golongan") or ""
    if code:
        golongan = lookups.golongan_by_code.get(code)
        if golongan is None:
            plan.reasons.append(_("GOLONGAN: unknown golongan %(code)s.") % {"code": code})
        elif status and golongan.kind != (GolonganKind.PPPK if is_pppk(status) else GolonganKind.PNS):
            plan.reasons.append(
                _("GOLONGAN: a PPPK has a PPPK golongan (I–XVII); a PNS or CPNS has a PNS golongan (I/a–IV/e).")
            )
        else:
            plan.golongan_id = golongan.pk
        plan.golongan_date = extra.get("golongan_date") or None
    elif current is None:
        plan.reasons.append(_("GOLONGAN: required for a new employee."))

    unit_name, position_name = extra.get("unit") or "", extra.get("position") or ""
    if unit_name or position_name:
        matches = lookups.positions.get((_name_key(unit_name), _name_key(position_name)), [])
        if not unit_name or not position_name:
            plan.reasons.append(_("JABATAN and UNIT KERJA must be given together."))
        elif not matches:
            plan.reasons.append(
                _("JABATAN: no active position “%(position)s” in unit “%(unit)s”.")
                % {"position": position_name[:80], "unit": unit_name[:80]}
            )
        elif len(matches) > 1:
            plan.reasons.append(_("JABATAN: more than one position “%(position)s” in unit “%(unit)s”.")
                                % {"position": position_name[:80], "unit": unit_name[:80]})
        else:
            plan.position_id = matches[0].pk
        plan.position_date = extra.get("position_date") or None
    elif current is None:
        plan.reasons.append(_("JABATAN and UNIT KERJA: required for a new employee."))
    plan.education = extra.get("education") or ""

    first_date = merged.get("first_appointment_date")
    # History rows: added only when they differ from the recorded ones.
    if plan.golongan_id:
        latest = _latest(current.ranks, date.max, 2) if current else None
        if latest is None or latest[1] != plan.golongan_id or (
            plan.golongan_date and plan.golongan_date != latest[2]
        ):
            if not plan.golongan_date:
                plan.reasons.append(_("TMT GOLONGAN: required when the golongan changes."))
            elif isinstance(first_date, date) and plan.golongan_date < first_date:
                plan.reasons.append(_("TMT GOLONGAN: cannot be before the first appointment."))
            elif not current or not any(r[1] == plan.golongan_id and r[2] == plan.golongan_date for r in current.ranks):
                plan.new_rank = True
    if plan.position_id:
        latest = _latest(current.placements, date.max, 3) if current else None
        if latest is None or latest[1] != plan.position_id or (
            plan.position_date and plan.position_date != latest[3]
        ):
            if not plan.position_date:
                plan.reasons.append(_("TMT JABATAN: required when the position changes."))
            elif isinstance(first_date, date) and plan.position_date < first_date:
                plan.reasons.append(_("TMT JABATAN: cannot be before the first appointment."))
            elif not current or not any(p[1] == plan.position_id and p[3] == plan.position_date for p in current.placements):
                plan.new_position = True
    if plan.education and (current is None or plan.education not in current.education):
        plan.new_education = True

    if plan.reasons:
        plan.action = REFUSED
        return
    plan.data = {key: merged.get(key) for key in EMPLOYEE_KEYS}
    if plan.data.get("nik") == "":
        plan.data["nik"] = None
    if current is None:
        plan.action = CREATE
        plan.changes = {key: [None, value] for key, value in plan.data.items() if value not in (None, "")}
    else:
        plan.employee_id = before["pk"]
        plan.public_id = before["public_id"]
        plan.changes = {key: [before.get(key), plan.data[key]] for key in EMPLOYEE_KEYS if before.get(key) != plan.data[key]}
        plan.action = UPDATE if plan.changes or plan.new_rank or plan.new_position or plan.new_education else UNCHANGED
    if plan.new_rank:
        old = lookups.golongan_code_by_id.get(before.get("current_golongan_id")) if current else None
        plan.changes["golongan"] = [old, lookups.golongan_code_by_id[plan.golongan_id]]
    if plan.new_position:
        old = lookups.position_by_id.get(before.get("current_position_id")) if current else None
        plan.changes["position"] = [old.name if old else None, lookups.position_by_id[plan.position_id].name]
    if plan.new_education:
        plan.changes["education"] = [before.get("current_education") or None, plan.education]


def summarise(plans: list[RowPlan]) -> dict:
    """Rows per action; ``example`` (the template's example row) appears only when the file had one."""
    counts = {CREATE: 0, UPDATE: 0, UNCHANGED: 0, REFUSED: 0, EXAMPLE: 0}
    for plan in plans:
        counts[plan.action] += 1
    if not counts[EXAMPLE]:
        del counts[EXAMPLE]
    return {**counts, "total": len(plans)}


