"""Mobility demo, part 1: the workload analyses (ABK, rules.md §5) of several OPDs of the demo kabupaten.

Every active position of the chosen OPDs gets this year's analysis with the tasks of its kind (a head of an OPD, a
head of a bidang or of a seksi, an analyst, an HR analyst, a clerk, a data officer), saved through
services.workload.analyses_import (one transaction, audited as an import). The volumes are scaled from the
position's holders by a random factor (0.6–1.3), so some positions show a shortage (need above the staff), some a
surplus: the figures the placement demo turns into vacancies.
"""

import random
from decimal import Decimal

from pamong.people.choices import PositionKind
from pamong.people.models import OrgUnit, Pemda, Position

from .models import DEFAULT_WKE_MINUTES, WorkloadAnalysis
from .services.workload import analyses_import, staff_counts

DEMO_OPDS = ("BKPSDM", "Dinas Sosial", "Dinas Perhubungan", "Dinas Kependudukan dan Pencatatan Sipil",
             "Badan Perencanaan Pembangunan Daerah", "Satuan Polisi Pamong Praja")

# (task, output unit, yearly volume per holder, norm minutes per output) — uraian tugas as Pemda ABK sheets list them.
TASKS = {
    "jpt": [("Menyusun rencana strategis dan rencana kerja perangkat daerah", "dokumen", 2, 2400),
            ("Memimpin rapat koordinasi pimpinan", "kali", 48, 180),
            ("Menandatangani naskah dinas dan keputusan", "naskah", 1500, 10),
            ("Mengevaluasi capaian kinerja perangkat daerah", "laporan", 4, 900),
            ("Membina dan menilai kinerja pejabat administrator", "orang", 6, 600)],
    "administrator": [("Menyusun program kerja bidang", "dokumen", 1, 1800),
                      ("Mengoordinasikan pelaksanaan kegiatan bidang", "kegiatan", 24, 600),
                      ("Memeriksa dan memaraf konsep naskah dinas", "naskah", 900, 15),
                      ("Menyusun laporan kinerja bidang", "laporan", 12, 480),
                      ("Menilai SKP pejabat pengawas dan staf", "orang", 8, 300)],
    "pengawas": [("Menyusun rencana kegiatan seksi", "dokumen", 1, 960),
                 ("Membagi tugas dan memberi petunjuk kepada staf", "kali", 240, 20),
                 ("Memverifikasi data dan bahan kegiatan", "berkas", 450, 30),
                 ("Menyusun laporan bulanan seksi", "laporan", 12, 360)],
    "analis": [("Mengumpulkan dan mengolah data bahan analisis", "berkas", 400, 45),
               ("Menyusun kajian dan rekomendasi kebijakan", "kajian", 12, 1800),
               ("Menyusun telaahan staf", "telaahan", 40, 240),
               ("Melakukan pemantauan dan evaluasi pelaksanaan program", "laporan", 12, 600)],
    "analis_sdm": [("Memverifikasi usul kenaikan pangkat dan KGB", "berkas", 600, 40),
                   ("Memutakhirkan data kepegawaian SIASN", "data", 2400, 8),
                   ("Menyusun analisis jabatan dan beban kerja", "dokumen", 30, 480),
                   ("Menyiapkan bahan mutasi dan promosi", "berkas", 150, 90)],
    "pengadministrasi": [("Menerima, mencatat dan mendistribusikan surat masuk", "surat", 3000, 6),
                         ("Mengagendakan dan mengirim surat keluar", "surat", 1500, 8),
                         ("Mengarsipkan dokumen", "berkas", 2000, 5),
                         ("Menyiapkan bahan rapat", "kegiatan", 96, 60)],
    "pengelola_data": [("Menginput dan memutakhirkan data", "data", 6000, 6),
                       ("Memeriksa kelengkapan data", "berkas", 1500, 10),
                       ("Menyusun rekapitulasi data bulanan", "laporan", 12, 480)],
}


def task_profile(position: Position) -> str:
    name = position.name.lower()
    if position.kind == PositionKind.JPT:
        return "jpt"
    if position.kind == PositionKind.ADMINISTRATOR:
        return "administrator"
    if position.kind == PositionKind.PENGAWAS:
        return "pengawas"
    if "analis sdm" in name:
        return "analis_sdm"
    if position.kind == PositionKind.FUNGSIONAL:
        return "analis"
    if "data" in name:
        return "pengelola_data"
    return "pengadministrasi"


def tasks_for(position: Position, staff: int, rng: random.Random) -> list[dict]:
    """The task rows of *position*: the profile's tasks scaled to max(staff, 1) × a factor 0.6–1.3 of one WKE."""
    rows = TASKS[task_profile(position)]
    base = sum(volume * norm for _name, _unit, volume, norm in rows) / DEFAULT_WKE_MINUTES
    scale = max(staff, 1) * rng.uniform(0.6, 1.3) / base
    return [{"name": name, "output_unit": unit, "volume": Decimal(max(1, round(volume * scale))),
             "norm_minutes": Decimal(norm)} for name, unit, volume, norm in rows]


def demo_positions(pemda: Pemda) -> list[Position]:
    """The active positions of the demo OPDs (each OPD's whole unit tree), by unit and name."""
    tops = OrgUnit.objects.filter(pemda=pemda, parent=None, name__in=DEMO_OPDS)
    positions: list[Position] = []
    for top in tops.order_by("name"):
        units = OrgUnit.objects.filter(pemda=pemda).subtree_of(top)
        positions.extend(Position.objects.filter(pemda=pemda, is_active=True, org_unit__in=units)
                         .select_related("org_unit").order_by("org_unit__path", "name", "pk"))
    return positions


def seed_workload(pemda: Pemda, rng: random.Random, actor, *, year: int) -> list[WorkloadAnalysis]:
    """This year's ABK of every position of the demo OPDs (skipping positions already analysed for *year*)."""
    positions = demo_positions(pemda)
    done = set(WorkloadAnalysis.objects.filter(pemda=pemda, year=year).values_list("position_id", flat=True))
    positions = [position for position in positions if position.pk not in done]
    if not positions:
        return []
    counts = staff_counts(position.pk for position in positions)
    items = [{"position": position, "year": year, "tasks": tasks_for(position, counts[position.pk], rng),
              "note": "Demo ABK"} for position in positions]
    return analyses_import(actor=actor, pemda=pemda, analyses=items)
