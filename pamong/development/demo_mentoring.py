"""Mentoring demo data: the demo supervisor mentors two junior colleagues (their staff first), each pair with two
confirmed sessions.

Written through the services, as the people would: HR of the agency pairs them (60 days ago), the supervisor
records each session and the mentee confirms it, so the mentees' JP ledger holds the sessions' hours. Dates are
relative to ``timezone.localdate()``. Idempotent: when the demo supervisor already mentors someone, nothing is
written. Called by the development demo seeding.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from pamong.people.demo import demo_accounts
from pamong.people.models import Employee, Pemda, path_within

from .choices import GuidanceKind
from .models import MentoringPair
from .services import mentoring as services

SESSIONS = (
    (40, 90, "Menyusun rencana kerja seksi", "Membahas prioritas triwulan dan pembagian tugas.",
     "Menyusun draf rencana kerja dalam dua minggu."),
    (12, 120, "Menyajikan data kepada pimpinan", "Latihan menyajikan capaian kinerja dengan grafik sederhana.",
     "Menyiapkan bahan paparan rapat bulanan."),
)


def _accounts(pemda: Pemda) -> dict[str, Employee]:
    names = {account["role"]: account["username"] for account in demo_accounts(pemda)}
    people = Employee.objects.filter(pemda=pemda, is_active=True, user__username__in=list(names.values())) \
        .select_related("user", "current_position", "current_golongan")
    by_name = {person.user.username: person for person in people}
    return {role: by_name[name] for role, name in names.items() if name in by_name}


def _mentees(supervisor: Employee, preferred: Employee | None, skip: set[int]) -> list[Employee]:
    """Two active colleagues junior to the supervisor: the demo employee first when below them, then their staff,
    then (a small school or section has one) other junior employees of the agency who hold no granted role."""
    position = supervisor.current_position
    if position is None:
        return []
    people = (Employee.objects.filter(pemda_id=supervisor.pemda_id, is_active=True, user__isnull=False)
              .exclude(pk__in=skip | {supervisor.pk})
              .select_related("user", "current_position", "current_golongan").order_by("name", "pk"))
    staff = list(people.filter(path_within("current_position__path", position.path))
                 .exclude(current_position=position)[:50])
    others = list(people.filter(user__groups__isnull=True).exclude(pk__in=[p.pk for p in staff])[:50])
    ordered = ([preferred] if preferred is not None else []) + [p for p in staff + others if p != preferred]
    return [person for person in ordered if services.is_senior(supervisor, person)][:2]


@transaction.atomic
def seed_mentoring_demo(pemda: Pemda) -> list[MentoringPair]:
    """Pair the demo supervisor with two of their staff and record two confirmed sessions in each pair.

    Returns the pairs written (empty when the demo accounts are missing or the supervisor already mentors).
    """
    accounts = _accounts(pemda)
    supervisor = accounts.get("supervisor")
    hr = accounts.get("hr_admin")
    hr_user = hr.user if hr is not None else get_user_model().objects.filter(is_superuser=True).first()
    if supervisor is None or hr_user is None:
        return []
    if MentoringPair.objects.filter(mentor=supervisor).exists():
        return []
    employee = accounts.get("employee")
    staff = Employee.objects.filter(pk=employee.pk).filter(
        path_within("current_position__path", supervisor.current_position.path)).exists() if (
        employee is not None and supervisor.current_position is not None) else False
    today = timezone.localdate()
    pairs = []
    skip = {person.pk for person in accounts.values()} - ({employee.pk} if staff else set())
    for number, mentee in enumerate(_mentees(supervisor, employee if staff else None, skip)):
        pair = services.pair_create(
            actor=hr_user, mentor=supervisor, mentee=mentee,
            kind=GuidanceKind.MENTORING if number == 0 else GuidanceKind.COACHING,
            goal="Mendampingi pegawai agar mampu merencanakan dan melaporkan pekerjaan secara mandiri.",
            started_on=today - timedelta(days=60))
        for days_ago, minutes, topic, notes, actions in SESSIONS:
            session = services.session_record(actor=supervisor.user, pair=pair, held_on=today - timedelta(days=days_ago),
                                              minutes=minutes, topic=topic, notes=notes, agreed_actions=actions)
            services.session_confirm(actor=mentee.user, session=session)
        pairs.append(pair)
    return pairs
