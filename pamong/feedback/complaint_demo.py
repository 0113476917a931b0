"""The complaints demo of the demo kabupaten (pengaduan; rules.md §4.1): one complaint in every state a desk meets —
just received on the web form, classified and routed, in progress with a reply and an internal note, answered,
closed, reopened by the complainant, overdue and escalated, received through SP4N-LAPOR! with its ticket number, and
an anonymous one — each written through complaint_services, as the pages would, so the audit trail and the
notices read like a real desk's."""

import random
from datetime import timedelta

from django.utils import timezone

from pamong.people.choices import UnitKind
from pamong.people.models import OrgUnit, Pemda

from . import complaint_services as services
from .complaint_choices import ComplaintChannel, ComplaintClass
from .complaint_models import Complaint
from .complaint_selectors import agency_public_units, local_today

NAMES = ("Ibu Sari Wahyuni", "Bapak Hendra Saputra", "Ibu Nur Aisyah", "Bapak Rahmat Hidayat", "Ibu Fitriani",
         "Bapak Arman Syah")
# The marker of a seeded agency: the first complaint's subject.
FIRST_SUBJECT = "KTP elektronik belum jadi setelah tiga minggu"


def _unit(pemda: Pemda, *, kind: str = "", name: str = "") -> OrgUnit | None:
    units = OrgUnit.objects.filter(pemda=pemda, is_active=True).order_by("path")
    found = units.filter(name=name).first() if name else units.filter(kind=kind).first()
    return found or units.filter(parent__isnull=False).first() or units.first()


def _contact(rng: random.Random) -> services.ComplainantContact:
    return services.ComplainantContact(name=rng.choice(NAMES), phone=f"0812 {rng.randrange(1000, 9999)} "
                                       f"{rng.randrange(1000, 9999)}")


def seed_complaints(pemda: Pemda, hr, *, seed: int = 1) -> dict[str, int]:
    """Seed the complaints of *pemda* once (nothing when its demo complaints exist); *hr* is the agency's HR admin
    (its complaint desk). Returns how many complaints each status has."""
    if Complaint.objects.filter(pemda=pemda, subject=FIRST_SUBJECT).exists():
        return {}
    rng = random.Random(seed)  # noqa: S311 - reproducible demo data, not secrets
    public = list(agency_public_units(pemda))
    capil = _unit(pemda, name="Dinas Kependudukan dan Pencatatan Sipil")
    puskesmas = _unit(pemda, kind=UnitKind.PUSKESMAS)
    school = _unit(pemda, kind=UnitKind.SCHOOL)
    today = local_today(pemda)

    def web(subject, description, *, unit=None, anonymous=False, days_ago=0):
        return services.complaint_submit(
            pemda=pemda, subject=subject, description=description, org_unit=unit if unit in public else None,
            anonymous=anonymous, contact=None if anonymous else _contact(rng),
            now=timezone.now() - timedelta(days=days_ago))

    def route(complaint, unit, cls=ComplaintClass.COMPLAINT):
        return services.complaint_classify(actor=hr, complaint=complaint, complaint_class=cls, org_unit=unit)

    # Just received on the web form: nobody has looked at it yet.
    web(FIRST_SUBJECT, "Saya merekam KTP-el di kantor Disdukcapil tanggal 2 bulan lalu. Dijanjikan dua minggu, "
        "sampai sekarang belum jadi dan petugas hanya meminta datang lagi.", unit=capil)
    # Classified and routed to the unit, no reply yet.
    route(web("Antrean pendaftaran puskesmas sangat lama", "Pagi ini saya menunggu lebih dari dua jam untuk "
              "mendaftar, hanya satu loket yang buka.", days_ago=1), puskesmas)
    # In progress: a reply to the complainant and an internal note.
    working = route(web("Biaya legalisir ijazah diminta petugas", "Petugas tata usaha meminta Rp20.000 untuk "
                        "legalisir ijazah, padahal setahu saya gratis.", days_ago=2), school,
                    ComplaintClass.DISPUTE)
    services.complaint_reply(actor=hr, complaint=working, public=True, text="Terima kasih atas laporan Anda. Kami "
                             "sedang memeriksa hal ini dengan pihak sekolah.")
    services.complaint_reply(actor=hr, complaint=working, public=False, text="Minta kepala sekolah klarifikasi "
                             "tertulis; cek apakah ada kuitansi.")
    # Answered.
    answered = route(web("Jam buka layanan akta kelahiran", "Apakah layanan akta kelahiran buka hari Sabtu?",
                         unit=capil, days_ago=3), capil, ComplaintClass.INFORMATION)
    services.complaint_answer(actor=hr, complaint=answered, text="Layanan akta kelahiran buka Senin–Jumat pukul "
                              "08.00–15.00 WITA; Sabtu tutup. Pengajuan daring bisa kapan saja.")
    # Closed after its answer.
    closed = route(web("Ruang tunggu puskesmas panas", "Kipas angin di ruang tunggu rusak sejak lama.",
                       days_ago=5), puskesmas)
    services.complaint_answer(actor=hr, complaint=closed, text="Kipas angin sudah diganti dan pendingin ruangan "
                              "dipasang minggu ini. Terima kasih atas masukannya.")
    services.complaint_close(actor=hr, complaint=closed)
    # Reopened by the complainant with the tracking number: the answer did not settle it.
    reopened = route(web("Kartu Keluarga salah tulis nama", "Nama anak saya salah ketik di Kartu Keluarga.",
                         unit=capil, days_ago=4), capil)
    services.complaint_answer(actor=hr, complaint=reopened, text="Perbaikan KK sudah dicetak, silakan ambil di loket 3.")
    services.complaint_reopen_public(tracking_number=reopened.tracking_number, reason="Saya sudah ke loket 3 "
                                     "tetapi petugas bilang berkasnya tidak ada.")
    # Overdue and escalated: received three weeks ago by letter, routed, never answered.
    late = services.complaint_enter(
        actor=hr, pemda=pemda, channel=ComplaintChannel.LETTER, received_on=today - timedelta(days=21),
        subject="Tunjangan guru honorer belum dibayar", description="Surat dari komite sekolah: honor tiga bulan "
        "terakhir belum diterima.", org_unit=school, contact=_contact(rng))
    route(late, school)
    services.complaints_escalate()
    # From SP4N-LAPOR!, with its ticket number.
    lapor = services.complaint_enter(
        actor=hr, pemda=pemda, channel=ComplaintChannel.LAPOR, lapor_ticket=f"LAPOR-{rng.randrange(10**6, 10**7)}",
        received_on=today - timedelta(days=1), subject="Jalan menuju puskesmas rusak berat",
        description="Diteruskan dari SP4N-LAPOR!: jalan berlubang menyulitkan ambulans.", contact=_contact(rng))
    route(lapor, puskesmas)
    # Anonymous: nothing of the complainant is stored.
    web("Pegawai sering tidak di tempat saat jam kerja", "Beberapa kali datang pukul 10 pagi, meja layanan kosong.",
        unit=capil, anonymous=True)
    counts: dict[str, int] = {}
    for status in Complaint.objects.filter(pemda=pemda).values_list("status", flat=True):
        counts[status] = counts.get(status, 0) + 1
    return counts
