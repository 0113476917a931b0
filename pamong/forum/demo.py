"""The forum demo: a few proposals and discussions in the demo employee's OPD and agency-wide, with supports from
colleagues, answers from the leaders (under study, accepted, rejected with a reason, done), a poll with votes and
a town-hall agenda; everything through the services, as the people would do it. Idempotent: an audit event marks
the demo as seeded. Run by ``manage.py seed_forum_demo`` after ``seed_demo``.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pamong.audit.models import AuditEvent
from pamong.audit.registry import register_action_labels
from pamong.audit.services import audit_record
from pamong.people.demo import PEMDA_NAME, demo_accounts
from pamong.people.models import Employee, Pemda, path_within

from . import services
from .choices import AnswerStatus, TopicKind
from .models import Topic
from .permissions import can_answer_topic

FORUM_DEMO_ACTION = "forum.demo_seeded"
register_action_labels({FORUM_DEMO_ACTION: _("Forum demo seeded")})


class DemoMissing(Exception):
    pass


@dataclass
class ForumSeedResult:
    created: bool
    counts: dict = field(default_factory=dict)


def _personas(pemda: Pemda) -> dict[str, Employee]:
    names = {a["role"]: a["username"] for a in demo_accounts(pemda)}
    found = {e.user.username: e for e in Employee.objects.filter(
        pemda=pemda, user__username__in=[n for n in names.values() if n]).select_related("user", "current_unit")}
    personas = {role: found[username] for role, username in names.items() if username in found}
    if "employee" not in personas or "executive" not in personas:
        raise DemoMissing("The demo accounts are missing: run `manage.py seed_demo` first.")
    return personas


def _colleagues(personas: dict[str, Employee], count: int) -> list[Employee]:
    """Staff of the demo employee's OPD with a login, the personas left alone."""
    me = personas["employee"]
    root = me.current_unit.path[:8]
    taken = [p.pk for p in personas.values()]
    return list(Employee.objects.filter(pemda=me.pemda, is_active=True, user__isnull=False)
                .filter(path_within("current_unit__path", root)).exclude(pk__in=taken)
                .select_related("user", "current_unit").order_by("nip")[:count])


def _leader(topic: Topic, personas: dict[str, Employee]) -> Employee:
    for role in ("supervisor", "unit_head", "executive"):
        person = personas.get(role)
        if person is not None and person.pk != topic.author_id and can_answer_topic(person.user, topic):
            return person
    return personas["executive"]


def _post(author: Employee, title: str, body: str, *, unit="own", kind=TopicKind.PROPOSAL,
          anonymous=False) -> Topic:
    unit = author.current_unit if unit == "own" else unit
    topic = services.topic_create(actor=author.user, kind=kind, title=title, body=body, unit=unit,
                                  is_anonymous=anonymous)
    return Topic.objects.select_related("unit").get(pk=topic.pk)


def _support(topic: Topic, people: list[Employee]) -> None:
    for person in people:
        if person.pk != topic.author_id:
            services.support_toggle(actor=person.user, topic=topic)
    topic.refresh_from_db()


def _answer(topic: Topic, personas, status: str, text: str = "") -> None:
    services.topic_answer(actor=_leader(topic, personas).user, topic=topic, status=status, text=text)
    topic.refresh_from_db()


def seed_forum_demo() -> ForumSeedResult:
    """Seed the forum demo once for the demo Pemda (raise DemoMissing without it)."""
    pemda = Pemda.objects.filter(name=PEMDA_NAME).first()
    if pemda is None:
        raise DemoMissing("Run `manage.py seed_demo` first: the demo agency does not exist.")
    if AuditEvent.objects.filter(action=FORUM_DEMO_ACTION, pemda_id=pemda.pk).exists():
        return ForumSeedResult(created=False, counts=demo_counts(pemda))
    personas = _personas(pemda)
    people = _colleagues(personas, 8)
    if len(people) < 4:
        raise DemoMissing("The demo agency has too few staff in the demo employee's OPD.")
    me = personas["employee"]
    with transaction.atomic():
        digital = _post(me, "Absensi digital untuk pegawai lapangan",
                        "Pegawai yang bertugas di sekolah sering tidak bisa absen di kantor. Usul: absensi lewat "
                        "aplikasi dengan lokasi, diverifikasi atasan.")
        _support(digital, people[:6])
        _answer(digital, personas, AnswerStatus.UNDER_STUDY, "Kami bahas bersama BKPSDM dan Diskominfo bulan ini.")
        lactation = _post(people[0], "Ruang laktasi di kantor dinas",
                          "Belum ada ruang laktasi yang layak. Ruang arsip lantai 2 bisa ditata ulang.", anonymous=True)
        _support(lactation, [me, *people[1:5]])
        _answer(lactation, personas, AnswerStatus.ACCEPTED, "Disetujui; ruang arsip lantai 2 ditata bulan depan.")
        parking = _post(people[1], "Parkir khusus kendaraan dinas dipindah",
                        "Usul memindahkan parkir kendaraan dinas ke halaman belakang.")
        _support(parking, people[2:4])
        _answer(parking, personas, AnswerStatus.REJECTED,
                "Halaman belakang dipakai untuk gudang logistik sampai akhir tahun.")
        meeting = _post(people[2], "Rapat koordinasi cukup daring?",
                        "Rapat koordinasi mingguan bisa daring agar waktu perjalanan berkurang.",
                        kind=TopicKind.DISCUSSION)
        _support(meeting, [me, people[3]])
        services.comment_add(actor=me.user, topic=meeting, body="Setuju, kecuali rapat evaluasi triwulan.")
        services.comment_add(actor=people[3].user, topic=meeting, body="Perlu aturan kamera menyala.",
                             is_anonymous=True)
        wide = _post(me, "Satu formulir cuti untuk semua OPD",
                     "Setiap OPD memakai formulir cuti sendiri. Usul satu formulir seragam di Pamong.", unit=None)
        _support(wide, people[:3])
        _answer(wide, personas, AnswerStatus.ACCEPTED, "Disetujui oleh Sekda.")
        _answer(wide, personas, AnswerStatus.DONE, "Formulir seragam sudah berlaku sejak bulan ini.")
        pollster = personas.get("unit_head") or personas["executive"]
        root_unit = me.current_unit
        if "unit_head" in personas and pollster.current_unit is not None:
            root_unit = pollster.current_unit
        poll = services.poll_create(actor=pollster.user, question="Jam apel pagi yang paling cocok?",
                                    options=["07.30", "07.45", "08.00"],
                                    closes_at=timezone.now() + timedelta(days=7), unit=root_unit)
        options = list(poll.options.order_by("position"))
        for i, person in enumerate([me, *people[:5]]):
            services.poll_vote(actor=person.user, poll=poll, option=options[i % 2])
        leader = personas.get("unit_head") or personas["executive"]
        services.townhall_build(actor=leader.user, unit=leader.current_unit if "unit_head" in personas else None,
                                held_on=timezone.localdate() + timedelta(days=14), n=5)
        audit_record(actor=None, action=FORUM_DEMO_ACTION, target=pemda, pemda_id=pemda.pk,
                     changes={"topics": [None, 5]})
    return ForumSeedResult(created=True, counts=demo_counts(pemda))


def demo_counts(pemda: Pemda) -> dict:
    topics = Topic.objects.filter(pemda=pemda)
    return {"topics": topics.count(), "answered": topics.exclude(answer_status=AnswerStatus.OPEN).count()}
