"""Load Pamong's starter competency dictionary into a Pemda (idempotent: only missing codes are added).

The three competency types and their names follow rules.md §7 (PermenPANRB 38/2017 on the ASN competency
standards; PermenPANRB 20/2025 Pasal 17): the 8 managerial competencies (Integritas; Kerja Sama; Komunikasi;
Orientasi pada Hasil; Pelayanan Publik; Pengembangan Diri dan Orang Lain; Mengelola Perubahan; Pengambilan
Keputusan), the socio-cultural one (Perekat Bangsa), and a few technical competencies per field.

The level 1–5 descriptors below are PAMONG'S STARTER TEXT, written to be progressive (1 lowest … 5 highest);
they are not the regulation's wording. Agencies edit them in the dictionary pages (an entry already present is
never overwritten by running this command again).
"""

import uuid

from django.core.management.base import BaseCommand, CommandError

from pamong.development.choices import CompetencyKind
from pamong.development.services.competencies import dictionary_seed
from pamong.people.models import Pemda

M, S, T = CompetencyKind.MANAGERIAL, CompetencyKind.SOCIO_CULTURAL, CompetencyKind.TECHNICAL

MANAGERIAL = [
    ("M1", "Integritas", "Konsisten berperilaku selaras dengan nilai, norma dan etika organisasi, jujur dan tidak "
     "menyalahgunakan wewenang.", [
         "Bertingkah laku sesuai kode etik dan nilai organisasi, jujur dan dapat dipercaya dalam tugas sendiri.",
         "Mengingatkan rekan kerja untuk bertindak sesuai nilai dan etika; menolak gratifikasi dan konflik "
         "kepentingan.",
         "Memastikan unit kerjanya bekerja sesuai kode etik; menegakkan aturan secara konsisten meskipun tidak "
         "populer.",
         "Menciptakan budaya integritas di lingkungan kerjanya dan menjadi teladan yang diikuti.",
         "Menjadi rujukan integritas bagi instansi; membangun sistem dan kebijakan yang mencegah penyimpangan.",
     ]),
    ("M2", "Kerja Sama", "Menjalin, membina dan mempertahankan hubungan kerja yang efektif untuk hasil bersama.", [
        "Berpartisipasi aktif dalam tim dan menyelesaikan bagian tugasnya tepat waktu.",
        "Menghargai pendapat anggota tim dan membantu rekan yang membutuhkan.",
        "Membangun kerja sama lintas unit dan menyelesaikan perbedaan pendapat secara konstruktif.",
        "Membangun jejaring kerja sama lintas instansi untuk mencapai sasaran organisasi.",
        "Menciptakan budaya kolaborasi dan kemitraan strategis di tingkat instansi dan pemangku kepentingan.",
    ]),
    ("M3", "Komunikasi", "Menyampaikan dan menerima informasi secara lisan dan tertulis dengan jelas dan efektif.", [
        "Menyampaikan informasi dengan jelas, lengkap dan sopan; mendengarkan dengan baik.",
        "Menyusun pesan tertulis dan lisan yang runtut dan mudah dipahami sesuai penerimanya.",
        "Menyampaikan gagasan kompleks dan meyakinkan pihak lain di dalam dan luar unit.",
        "Mengelola komunikasi lintas instansi dan menyampaikan kebijakan kepada publik secara efektif.",
        "Menjadi juru bicara instansi dan membangun strategi komunikasi organisasi.",
    ]),
    ("M4", "Orientasi pada Hasil", "Mempertahankan komitmen menyelesaikan tugas dengan hasil terbaik dan terukur.", [
        "Menyelesaikan tugas sesuai standar dan tenggat waktu yang ditetapkan.",
        "Menetapkan target kerja sendiri dan memantau capaiannya; memperbaiki cara kerja.",
        "Menetapkan target unit yang menantang dan mengelola sumber daya untuk mencapainya.",
        "Mendorong peningkatan kinerja organisasi dengan ukuran hasil yang jelas dan perbaikan berkelanjutan.",
        "Menetapkan arah kinerja strategis instansi dan memastikan hasil yang berdampak bagi masyarakat.",
    ]),
    ("M5", "Pelayanan Publik", "Memberikan layanan yang berkualitas, berintegritas dan tidak diskriminatif.", [
        "Melayani masyarakat dengan ramah, tepat dan sesuai standar pelayanan.",
        "Menanggapi keluhan dan kebutuhan pengguna layanan serta menindaklanjutinya.",
        "Menyempurnakan prosedur pelayanan di unitnya berdasarkan umpan balik pengguna.",
        "Merancang inovasi pelayanan dan memastikan standar pelayanan dipenuhi lintas unit.",
        "Membangun budaya dan kebijakan pelayanan prima di seluruh instansi.",
    ]),
    ("M6", "Pengembangan Diri dan Orang Lain", "Meningkatkan pengetahuan dan kemampuan diri dan orang lain.", [
        "Mengikuti pembelajaran untuk meningkatkan kemampuan diri sesuai tugas.",
        "Menyusun rencana pengembangan diri dan berbagi pengetahuan dengan rekan kerja.",
        "Membimbing dan memberi umpan balik kepada bawahan untuk pengembangan mereka.",
        "Membangun program pengembangan kompetensi dan kaderisasi di lingkungan kerjanya.",
        "Menciptakan budaya belajar organisasi dan sistem manajemen talenta instansi.",
    ]),
    ("M7", "Mengelola Perubahan", "Menyesuaikan diri dengan perubahan dan mendorong perubahan yang diperlukan.", [
        "Menerima perubahan dan menyesuaikan cara kerja sendiri.",
        "Mencari cara baru yang lebih baik dan membantu rekan beradaptasi dengan perubahan.",
        "Memimpin penerapan perubahan di unitnya dan mengelola hambatannya.",
        "Merancang dan mengelola program perubahan lintas unit.",
        "Menetapkan arah transformasi instansi dan memastikan keberlanjutannya.",
    ]),
    ("M8", "Pengambilan Keputusan", "Mengambil keputusan yang tepat waktu dan dapat dipertanggungjawabkan.", [
        "Mengambil keputusan rutin sesuai prosedur yang berlaku.",
        "Menganalisis informasi dan alternatif sebelum mengambil keputusan dalam lingkup tugasnya.",
        "Mengambil keputusan operasional dengan mempertimbangkan risiko dan dampaknya bagi unit.",
        "Mengambil keputusan strategis berdasarkan data dan masukan lintas unit.",
        "Mengambil keputusan berdampak luas bagi instansi dan masyarakat dalam situasi yang kompleks.",
    ]),
]

SOCIO_CULTURAL = [
    ("SK1", "Perekat Bangsa", "Mempromosikan sikap toleransi, keterbukaan dan peka terhadap keberagaman; menjaga "
     "persatuan.", [
         "Peka terhadap keberagaman dan menghargai perbedaan latar belakang rekan dan masyarakat.",
         "Membangun hubungan sosial yang baik dengan pihak yang berbeda latar belakang; menunjukkan empati.",
         "Mendorong sikap saling menghargai di unitnya dan menengahi perbedaan secara adil.",
         "Menjadi perekat di lingkungan instansi dan masyarakat; mencegah perpecahan.",
         "Menjadi teladan pemersatu dan membangun kebijakan yang memperkuat persatuan.",
     ]),
]

# Technical competencies per field: (code, name, field, topic of the descriptors).
TECHNICAL = [
    ("TP1", "Pengelolaan Kurikulum", "Pendidikan", "pengelolaan kurikulum satuan pendidikan"),
    ("TP2", "Pengelolaan Data Pokok Pendidikan", "Pendidikan", "pengelolaan Dapodik dan data pendidikan"),
    ("TP3", "Penjaminan Mutu Pendidikan", "Pendidikan", "penjaminan mutu pendidikan"),
    ("TK1", "Surveilans Kesehatan", "Kesehatan", "surveilans dan pengendalian penyakit"),
    ("TK2", "Manajemen Puskesmas", "Kesehatan", "manajemen pelayanan puskesmas"),
    ("TK3", "Promosi Kesehatan", "Kesehatan", "promosi kesehatan masyarakat"),
    ("TH1", "Manajemen Lalu Lintas", "Perhubungan", "manajemen dan rekayasa lalu lintas"),
    ("TH2", "Pengujian Kendaraan Bermotor", "Perhubungan", "pengujian kendaraan bermotor"),
    ("TH3", "Keselamatan Transportasi", "Perhubungan", "keselamatan transportasi"),
    ("TF1", "Perencanaan dan Penganggaran", "Keuangan dan Perencanaan", "perencanaan dan penganggaran daerah"),
    ("TF2", "Penatausahaan Keuangan Daerah", "Keuangan dan Perencanaan", "penatausahaan keuangan daerah"),
    ("TF3", "Pengadaan Barang/Jasa", "Keuangan dan Perencanaan", "pengadaan barang/jasa pemerintah"),
    ("TS1", "Manajemen ASN", "Sumber Daya Manusia", "manajemen ASN (formasi, mutasi, kepangkatan)"),
    ("TS2", "Pengembangan Kompetensi ASN", "Sumber Daya Manusia", "pengembangan kompetensi ASN"),
    ("TS3", "Penilaian Kinerja ASN", "Sumber Daya Manusia", "penilaian kinerja ASN"),
]


def _technical_levels(topic: str) -> list[str]:
    return [
        f"Memahami konsep dasar dan aturan {topic}; melaksanakan tugas rutin dengan arahan.",
        f"Melaksanakan kegiatan {topic} secara mandiri sesuai prosedur dan standar yang berlaku.",
        f"Menganalisis masalah {topic}, menyempurnakan prosedurnya dan membimbing rekan kerja.",
        f"Merumuskan kebijakan dan program {topic} serta mengevaluasi pelaksanaannya lintas unit.",
        f"Menjadi rujukan ahli {topic}; merancang strategi dan inovasi bagi instansi dan daerah lain.",
    ]


def starter_entries() -> list[dict]:
    """The starter dictionary (Pamong's text; see the module docstring)."""
    entries = [{"code": code, "name": name, "kind": M, "description": text, "levels": levels}
               for code, name, text, levels in MANAGERIAL]
    entries += [{"code": code, "name": name, "kind": S, "description": text, "levels": levels}
                for code, name, text, levels in SOCIO_CULTURAL]
    entries += [{"code": code, "name": name, "kind": T, "field": field,
                 "description": f"Kemampuan teknis di bidang {topic}.", "levels": _technical_levels(topic)}
                for code, name, field, topic in TECHNICAL]
    return entries


class Command(BaseCommand):
    help = "Load the starter competency dictionary (8 managerial, Perekat Bangsa, technical per field); idempotent."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--pemda", default="all", help="A Pemda's id or public id, or 'all' (the default).")

    def handle(self, *args, **options) -> None:
        choice = str(options.get("pemda") or "all")
        pemdas = Pemda.objects.filter(is_active=True)
        if choice != "all":
            try:
                lookup = {"pk": int(choice)} if choice.isdigit() else {"public_id": uuid.UUID(choice)}
            except ValueError:
                raise CommandError(f"No Pemda {choice}.") from None
            pemdas = Pemda.objects.filter(**lookup)
            if not pemdas.exists():
                raise CommandError(f"No Pemda {choice}.")
        entries = starter_entries()
        for pemda in pemdas.order_by("pk"):
            added = dictionary_seed(pemda=pemda, entries=entries)
            self.stdout.write(f"{pemda}: {added} competencies added, {len(entries) - added} already present.")
