"""The indicator library: the national starter set per sector (as data), its loader, and HR's additions.

The starter set holds indikator kinerja individu commonly used in regional
SKPs (PermenPANRB 6/2022 leaves the choice of indicators to the agency; the
examples follow the sector's standar pelayanan minimal, Permendagri 59/2021,
and the sector ministries' usual measures). Each entry states its aspect
(quantity, quality, time, cost), its unit, and whether higher or lower is
better. National rows have ``pemda=None``; a Pemda's HR adds its own rows,
visible only in that Pemda (selectors.indicator_library).

Writes here are services: permission → input → write → audit, in one
transaction.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from pamong.audit.services import audit_record
from pamong.people.models import Pemda

from .choices import Aspect, Direction, IndicatorSource, Sector
from .errors import PerformanceError
from .models import IndicatorTemplate
from .permissions import can_manage_performance

LIBRARY_SEEDED = "performance.indicator_library_seeded"
TEMPLATE_ADDED = "performance.indicator_template_added"
TEMPLATE_EXISTS = "performance.indicator_template_exists"

QTY, QUAL, TIME, COST = Aspect.QUANTITY, Aspect.QUALITY, Aspect.TIME, Aspect.COST
UP, DOWN = Direction.HIGHER_IS_BETTER, Direction.LOWER_IS_BETTER
MANUAL, ATTENDANCE, SKM = IndicatorSource.MANUAL, IndicatorSource.ATTENDANCE, IndicatorSource.PUBLIC_SATISFACTION
COMPLAINTS = IndicatorSource.COMPLAINTS_IN_TIME


@dataclass(frozen=True, slots=True)
class Entry:
    sector: str
    name: str
    aspect: str
    unit: str
    direction: str = UP
    source: str = MANUAL


# (name, aspect, unit, direction, source) per sector. Names are the official-style Indonesian wording of an IKI.
_STARTER: dict[str, list[tuple]] = {
    Sector.EDUCATION: [
        ("Persentase peserta didik mencapai KKM", QUAL, "%", UP),
        ("Persentase kehadiran peserta didik", QUAL, "%", UP),
        ("Persentase kehadiran guru", QUAL, "%", UP, ATTENDANCE),
        ("Persentase kelulusan peserta didik", QUAL, "%", UP),
        ("Jumlah perangkat pembelajaran (modul ajar) yang disusun", QTY, "dokumen", UP),
        ("Jumlah jam tatap muka yang dilaksanakan", QTY, "JP/minggu", UP),
        ("Persentase penilaian hasil belajar diselesaikan tepat waktu", TIME, "%", UP),
        ("Angka putus sekolah", QUAL, "%", DOWN),
    ],
    Sector.HEALTH: [
        ("Jumlah pasien yang dilayani", QTY, "pasien/bulan", UP),
        ("Rata-rata waktu tunggu pelayanan pasien", TIME, "menit", DOWN),
        ("Indeks kepuasan pasien", QUAL, "indeks (0-100)", UP, SKM),
        ("Cakupan imunisasi dasar lengkap (IDL)", QTY, "%", UP),
        ("Persentase ibu hamil mendapat pelayanan antenatal sesuai standar", QTY, "%", UP),
        ("Persentase balita ditimbang (D/S)", QTY, "%", UP),
        ("Persentase rekam medis lengkap dalam 24 jam", QUAL, "%", UP),
        ("Biaya obat per kunjungan pasien", COST, "ribu rupiah", DOWN),
    ],
    Sector.TRANSPORT: [
        ("Jumlah kendaraan wajib uji yang diuji berkala", QTY, "kendaraan/bulan", UP),
        ("Persentase kendaraan lulus uji berkala", QUAL, "%", UP),
        ("Rata-rata waktu pelayanan uji berkala kendaraan", TIME, "menit", DOWN),
        ("Jumlah rambu dan marka jalan yang dipasang", QTY, "unit", UP),
        ("Jumlah titik rawan kecelakaan yang ditangani", QTY, "lokasi", UP),
        ("Persentase trayek angkutan umum yang terlayani", QUAL, "%", UP),
        ("Jumlah pelanggaran lalu lintas dan angkutan yang ditindak", QTY, "kasus", UP),
        ("Biaya operasional per kendaraan yang diuji", COST, "ribu rupiah", DOWN),
    ],
    Sector.PUBLIC_SERVICE: [
        ("Jumlah dokumen layanan yang diproses", QTY, "dokumen/bulan", UP),
        ("Rata-rata waktu penyelesaian layanan", TIME, "hari kerja", DOWN),
        ("Persentase pengaduan masyarakat yang diselesaikan", QUAL, "%", UP),
        ("Indeks Kepuasan Masyarakat (SKM) unit layanan", QUAL, "indeks (0-100)", UP, SKM),
        ("Persentase layanan selesai sesuai standar pelayanan", TIME, "%", UP),
        ("Jumlah permohonan perizinan yang diproses", QTY, "berkas/bulan", UP),
        ("Persentase layanan yang diajukan secara daring", QUAL, "%", UP),
        ("Jumlah pengaduan yang belum ditindaklanjuti lebih dari 5 hari kerja", QUAL, "pengaduan", DOWN),
        ("Persentase pengaduan masyarakat diselesaikan sesuai batas waktu", TIME, "%", UP, COMPLAINTS),
    ],
    Sector.GENERAL_ADMIN: [
        ("Jumlah naskah dinas yang diproses", QTY, "naskah/bulan", UP),
        ("Persentase laporan yang disampaikan tepat waktu", TIME, "%", UP),
        ("Persentase realisasi anggaran", COST, "%", UP),
        ("Jumlah dokumen perencanaan dan laporan yang disusun", QTY, "dokumen", UP),
        ("Persentase data kepegawaian yang mutakhir", QUAL, "%", UP),
        ("Rata-rata waktu penyelesaian disposisi", TIME, "hari kerja", DOWN),
        ("Persentase rekomendasi hasil pemeriksaan yang ditindaklanjuti", QUAL, "%", UP),
        ("Persentase kehadiran pegawai", QUAL, "%", UP, ATTENDANCE),
    ],
}

STARTER_LIBRARY: tuple[Entry, ...] = tuple(
    Entry(sector, *row) for sector, rows in _STARTER.items() for row in rows
)


def _key(sector: str, name: str) -> tuple[str, str]:
    return sector, " ".join(name.lower().split())


@transaction.atomic
def indicator_library_seed(*, actor=None) -> int:
    """Add the starter entries missing from the national library; return how many were added.

    Idempotent: an entry is matched on (sector, name), so a second run adds
    nothing and writes no audit event; rows are never changed or removed.
    """
    present = {_key(sector, name) for sector, name in
               IndicatorTemplate.objects.filter(pemda__isnull=True).values_list("sector", "name")}
    missing = [entry for entry in STARTER_LIBRARY if _key(entry.sector, entry.name) not in present]
    if not missing:
        return 0
    rows = IndicatorTemplate.objects.bulk_create([
        IndicatorTemplate(pemda=None, sector=e.sector, name=e.name, aspect=e.aspect, unit=e.unit,
                          direction=e.direction, source=e.source) for e in missing])
    audit_record(actor=actor, action=LIBRARY_SEEDED, target=rows[0],
                 changes={"added": [None, len(rows)], "sectors": [None, sorted({e.sector for e in missing})]})
    return len(rows)


def library_by_sector(templates) -> list[tuple[str, str, list[IndicatorTemplate]]]:
    """(sector code, label, templates) in the order of Sector, every sector listed even when empty."""
    grouped: dict[str, list[IndicatorTemplate]] = {code: [] for code in Sector.values}
    for template in templates:
        grouped.setdefault(template.sector, []).append(template)
    return [(code, str(Sector(code).label), rows) for code, rows in grouped.items() if code in Sector.values]


def _field_error(field: str, message: str, code: str, http_status: int | None = None) -> PerformanceError:
    return PerformanceError(message, code=code, http_status=http_status, extra={"fields": {field: [message]}})


def _choice(value: str, choices, field: str, message: str) -> str:
    if value not in choices.values:
        raise _field_error(field, message, f"performance.invalid_{field}")
    return value


@transaction.atomic
def indicator_template_add(*, actor, pemda: Pemda, sector: str, name: str, aspect: str, unit: str,
                           direction: str = UP, source: str = MANUAL) -> IndicatorTemplate:
    """Add an indicator to *pemda*'s library (HR: manage performance), audited.

    Raises PermissionDenied without manage performance in *pemda*;
    PerformanceError for an unknown sector, aspect, direction or source, an
    empty name or unit, or (``performance.indicator_template_exists``, 409)
    a name the sector already has nationally or in the Pemda.
    """
    if not can_manage_performance(actor, pemda.pk):
        raise PermissionDenied
    _choice(sector, Sector, "sector", _("Choose a sector."))
    _choice(aspect, Aspect, "aspect", _("Choose quantity, quality, time or cost."))
    _choice(direction, Direction, "direction", _("Choose whether higher or lower is better."))
    _choice(source, IndicatorSource, "source", _("Choose where the realisation comes from."))
    name = " ".join((name or "").split())
    unit = (unit or "").strip()
    if not name:
        raise _field_error("name", _("Name the indicator."), "performance.name_required")
    if len(name) > 300:
        raise _field_error("name", _("Keep the name under 300 characters."), "performance.text_too_long")
    if not unit or len(unit) > 40:
        raise _field_error("unit", _("Give the unit of measure (up to 40 characters)."), "performance.unit_required")
    same = IndicatorTemplate.objects.select_for_update().filter(
        Q(pemda__isnull=True) | Q(pemda=pemda), sector=sector, name__iexact=name)
    if same.exists():
        raise _field_error("name", _("The library already has this indicator for the sector."), TEMPLATE_EXISTS,
                           409)
    template = IndicatorTemplate.objects.create(pemda=pemda, sector=sector, name=name, aspect=aspect, unit=unit,
                                                direction=direction, source=source)
    audit_record(actor=actor, action=TEMPLATE_ADDED, target=template, pemda_id=pemda.pk,
                 changes={"sector": [None, sector], "name": [None, name], "aspect": [None, aspect],
                          "unit": [None, unit], "direction": [None, direction], "source": [None, source]})
    return template
