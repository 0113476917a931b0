"""Writing a checked plan: bulk queries inside the caller's transaction, and one chained audit batch."""

from collections.abc import Sequence
from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from pamong.audit.services import PendingEvent, audit_record_many

from ..audit import PeopleAudit
from ..choices import EDUCATION_ORDER
from ..models import EducationHistory, Employee, ImportJob, PositionHistory, RankHistory
from ..rules import duk_key, kgb_month, kgb_phase, kp_period, retirement_age, retirement_date
from .columns import EMPLOYEE_KEYS
from .planning import CREATE, UPDATE, Lookups, RowPlan, _latest, _load_existing, _load_histories, load_lookups

BATCH_SIZE = 500
UPDATE_BATCH = 5000  # rows per executemany of update_rows; progress is reported after each


def update_rows(model, fields: Sequence[str], rows: Sequence[tuple[int, Sequence[object]]]) -> None:
    """Set *fields* of each row ``(pk, [value per field])``: one ``UPDATE … WHERE pk = %s``, executed for all rows.

    What ``bulk_update`` writes, without its ``CASE WHEN pk = … THEN …`` per row and field, whose building in
    Python took most of the 50,000-row apply. Like bulk_update: no save(), no signals, no auto_now; values are
    converted by their model fields (dates, foreign keys, NULL). The caller holds the transaction.
    """
    if not rows:
        return
    meta = model._meta
    columns = [meta.get_field(name) for name in fields]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(column.column)} = %s" for column in columns)
    sql = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(meta.pk.column)} = %s"  # noqa: S608 - names from _meta, quoted
    params = [
        [*(column.get_db_prep_save(value, connection) for column, value in zip(columns, values, strict=True)), pk]
        for pk, values in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def _full_name(data: dict) -> str:
    name = f"{data.get('front_title') or ''} {data.get('name') or ''}".strip()
    return f"{name}, {data['back_title']}" if data.get("back_title") else name


def _projection(facts: dict, ranks: list, placements: list, levels: set[str], lookups: Lookups,
                today: date) -> dict:
    """The projection services.employee_refresh_current() computes, from rows already in memory. *facts*: the
    employee's birth_date, first_appointment_date, name and last_kgb_tmt."""
    rank = _latest(ranks, today, 2)
    placement = _latest(placements, today, 3)
    position = lookups.position_by_id.get(placement[1]) if placement else None
    age = retirement_age(position.kind if position else None, position.grade if position else None,
                         position.retirement_age if position else None)
    birth, first_appointment = facts.get("birth_date"), facts.get("first_appointment_date")
    golongan = lookups.golongan_code_by_id.get(rank[1]) if rank else None
    education = max(levels, key=lambda level: EDUCATION_ORDER.get(level, -1), default="")
    return {
        "current_golongan_id": rank[1] if rank else None,
        "rank_tmt": rank[2] if rank else None,
        "current_position_id": placement[1] if placement else None,
        "current_unit_id": placement[2] if placement else None,
        "current_education": education,
        "retirement_date": retirement_date(birth, age) if birth else None,
        "kp_period": kp_period(golongan, rank[2] if rank else None, position.kind if position else None),
        "kgb_month": (cycle := kgb_month(first_appointment, rank[2] if rank else None, facts.get("last_kgb_tmt"))),
        "kgb_phase": kgb_phase(cycle),
        "duk_key": duk_key(golongan_rank=lookups.golongan_by_code[golongan].rank if golongan else None,
                           rank_tmt=rank[2] if rank else None, position_kind=position.kind if position else None,
                           position_grade=position.grade if position else None, first_appointment=first_appointment,
                           education=education, birth_date=birth, name=facts.get("name") or ""),
    }


def write_plans(plans: list[RowPlan], *, actor, job: ImportJob, progress=None) -> None:
    """Write the planned rows with bulk queries; caller holds the transaction."""
    today = timezone.localdate()
    pemda_id = job.pemda_id
    lookups = load_lookups(pemda_id)
    recorder = actor if getattr(actor, "pk", None) else None
    creates = [plan for plan in plans if plan.action == CREATE]
    updates = [plan for plan in plans if plan.action == UPDATE]
    if not creates and not updates:
        return
    user_model = get_user_model()
    done = 0

    # 1. Logins (username = NIP, no usable password until HR issues one).
    users = [
        user_model(username=plan.nip, pemda_id=pemda_id, display_name=_full_name(plan.data),
                   email=plan.data.get("email") or "", password=make_password(None))
        for plan in creates
    ]
    user_model.objects.bulk_create(users, batch_size=BATCH_SIZE)
    if users and users[0].pk is None:  # backends without RETURNING
        ids = dict(user_model.objects.filter(username__in=[u.username for u in users]).values_list("username", "pk"))
        for user in users:
            user.pk = ids[user.username]

    # 2. New employees, with their projection computed up front.
    new_employees = []
    for plan, user in zip(creates, users, strict=True):
        employee = Employee(pemda_id=pemda_id, user_id=user.pk, **{k: v for k, v in plan.data.items()})
        ranks = [(0, plan.golongan_id, plan.golongan_date)] if plan.new_rank else []
        placements = (
            [(0, plan.position_id, lookups.position_by_id[plan.position_id].org_unit_id, plan.position_date)]
            if plan.new_position else []
        )
        levels = {plan.education} if plan.education else set()
        facts = {"birth_date": employee.birth_date, "first_appointment_date": employee.first_appointment_date,
                 "name": employee.name}
        for name, value in _projection(facts, ranks, placements, levels, lookups, today).items():
            setattr(employee, name, value)
        new_employees.append(employee)
    for start in range(0, len(new_employees), BATCH_SIZE):
        Employee.objects.bulk_create(new_employees[start:start + BATCH_SIZE])
        done += len(new_employees[start:start + BATCH_SIZE])
        if progress:
            progress(done)
    for plan, employee in zip(creates, new_employees, strict=True):
        plan.employee_id = employee.pk
        plan.public_id = employee.public_id

    # 3. Updated employees: their own fields, then their logins' names.
    # The rows the plans were made against (same transaction); loaded again only for plans made elsewhere.
    existing = {plan.nip: plan.current for plan in updates if plan.current is not None}
    missing = _load_existing([plan.nip for plan in updates if plan.current is None])
    _load_histories(missing, pemda_id)
    existing.update(missing)
    now = timezone.now()
    by_fields: dict[tuple[str, ...], list[tuple[int, list]]] = {}
    user_updates = []
    for plan in updates:
        fields = tuple(sorted(k for k in plan.changes if k in EMPLOYEE_KEYS))
        if fields:
            by_fields.setdefault(fields, []).append((plan.employee_id, [*(plan.data[k] for k in fields), now]))
        current = existing[plan.nip].employee
        if current["user_id"] and {"front_title", "name", "back_title", "email"} & set(fields):
            user_updates.append((current["user_id"], [_full_name(plan.data), plan.data.get("email") or ""]))
    for fields, rows in by_fields.items():
        for start in range(0, len(rows), UPDATE_BATCH):
            batch = rows[start:start + UPDATE_BATCH]
            update_rows(Employee, [*fields, "updated_at"], batch)
            done += len(batch)
            if progress:
                progress(done)
    update_rows(user_model, ["display_name", "email"], user_updates)

    # 4. History rows that differ from the recorded ones.
    ranks, placements, education = [], [], []
    for plan in creates + updates:
        if plan.new_rank:
            ranks.append(RankHistory(employee_id=plan.employee_id, golongan_id=plan.golongan_id,
                                     effective_date=plan.golongan_date, recorded_by=recorder,
                                     note=_("Imported from %(file)s") % {"file": job.original_name[:150]}))
        if plan.new_position:
            position = lookups.position_by_id[plan.position_id]
            placements.append(PositionHistory(employee_id=plan.employee_id, position_id=position.pk,
                                              org_unit_id=position.org_unit_id, effective_date=plan.position_date,
                                              recorded_by=recorder,
                                              note=_("Imported from %(file)s") % {"file": job.original_name[:150]}))
        if plan.new_education:
            year = (plan.golongan_date or plan.data.get("first_appointment_date") or today).year
            education.append(EducationHistory(employee_id=plan.employee_id, level=plan.education, institution="-",
                                              graduation_year=year))
    RankHistory.objects.bulk_create(ranks, batch_size=BATCH_SIZE)
    PositionHistory.objects.bulk_create(placements, batch_size=BATCH_SIZE)
    EducationHistory.objects.bulk_create(education, batch_size=BATCH_SIZE)

    # 5. Projections of updated employees whose histories or birth date changed.
    refreshed: dict[tuple[str, ...], list[tuple[int, list]]] = {}
    rank_pk = {id(row): index for index, row in enumerate(ranks)}
    place_pk = {id(row): index for index, row in enumerate(placements)}
    new_ranks = {row.employee_id: row for row in ranks}
    new_places = {row.employee_id: row for row in placements}
    for plan in updates:
        if not (plan.new_rank or plan.new_position or plan.new_education or "birth_date" in plan.changes):
            continue
        known = existing[plan.nip]
        big = 1 << 62  # new rows sort after every existing pk
        rank_rows = list(known.ranks)
        if plan.employee_id in new_ranks:
            row = new_ranks[plan.employee_id]
            rank_rows.append((big + rank_pk[id(row)], row.golongan_id, row.effective_date))
        place_rows = list(known.placements)
        if plan.employee_id in new_places:
            row = new_places[plan.employee_id]
            place_rows.append((big + place_pk[id(row)], row.position_id, row.org_unit_id, row.effective_date))
        levels = known.education | ({plan.education} if plan.new_education else set())
        facts = {**plan.data, "last_kgb_tmt": known.employee.get("last_kgb_tmt")}
        wanted = _projection(facts, rank_rows, place_rows, levels, lookups, today)
        changed = tuple(sorted(name for name, value in wanted.items() if known.employee.get(name) != value))
        if changed:
            refreshed.setdefault(changed, []).append((plan.employee_id, [wanted[n] for n in changed]))
    for fields, rows in refreshed.items():
        update_rows(Employee, list(fields), rows)

    # 6. Audit: one event per created/updated employee and one summary, in one chained batch.
    events = [
        PendingEvent(
            action=PeopleAudit.EMPLOYEE_CREATED if plan.action == CREATE else PeopleAudit.EMPLOYEE_UPDATED,
            target=_AuditTarget(plan, pemda_id),
            changes=plan.changes,
            pemda_id=pemda_id,
        )
        for plan in creates + updates
    ]
    events.append(PendingEvent(
        action=PeopleAudit.EMPLOYEES_IMPORTED,
        target=job,
        changes={"file": [None, job.original_name], "created": [None, len(creates)], "updated": [None, len(updates)]},
        pemda_id=pemda_id,
    ))
    audit_record_many(actor=actor, events=events)


class _AuditTarget:
    """Just enough of an Employee for the audit row, without loading 50,000 model instances."""

    class _Meta:
        label_lower = Employee._meta.label_lower

    _meta = _Meta()

    def __init__(self, plan: RowPlan, pemda_id: int) -> None:
        self.pk = plan.employee_id
        self.public_id = plan.public_id
        self.pemda_id = pemda_id
        self._label = _full_name(plan.data)

    def __str__(self) -> str:
        return self._label
