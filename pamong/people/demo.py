"""Demo data: one realistic kabupaten, "Pemerintah Kabupaten Mamuju", with N employees.

Deterministic (``random.Random(seed)``) and idempotent: when the demo Pemda
exists nothing is written and the accounts are only reported. Rows are
written with bulk_create in one transaction, projections (current_*) are
computed here with the same rules as services.employee_refresh_current,
and a single ``people.demo_seeded`` audit event records the seeding.
"""

import base64
import hashlib
import hmac
import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from pamong.audit.models import AuditEvent
from pamong.audit.services import audit_record

from .choices import (
    EducationLevel,
    EmploymentStatus,
    Gender,
    MaritalStatus,
    PemdaKind,
    PositionGrade,
    PositionKind,
    Religion,
    UnitKind,
)
from .models import (
    EducationHistory,
    Employee,
    Golongan,
    OrgUnit,
    Pemda,
    Position,
    PositionHistory,
    RankHistory,
    tree_segment,
)
from .rules import PNS_GOLONGAN, duk_key, kgb_month, kgb_phase, kp_period, retirement_age, retirement_date

PEMDA_NAME = "Pemerintah Kabupaten Mamuju"
# ≥12 characters, upper/lower/digit/symbol, and no word of
# accounts.validators.CONTEXT_WORDS (so not "Pamong").
DEMO_PASSWORD = "Demo#Mamuju2026"
DEMO_ACTION = "people.demo_seeded"
BATCH = 1000
# Two HR admins: a change about one of them (or a reset of their second factor) needs the other (issue #8).
ROLES = ("employee", "supervisor", "unit_head", "hr_admin", "hr_admin_2", "executive", "auditor", "attendance_officer",
         "superadmin")
MFA_ROLES = ("hr_admin", "hr_admin_2", "executive", "auditor", "attendance_officer", "superadmin")

# --- Names -----------------------------------------------------------------------------
MALE = {
    "bugis": ["Andi", "Muhammad", "Abdul", "Syamsul", "Hasanuddin", "Arifin", "Baharuddin", "Jufri", "Syahrir",
              "Ilham", "Irwan", "Akbar", "Fadli", "Rusdi", "Amiruddin", "Sudirman", "Najamuddin", "Haeruddin"],
    "mandar": ["Muhammad", "Arsyad", "Nurdin", "Hamzah", "Ridwan", "Zainal", "Mukhtar", "Darwis", "Kamaruddin",
               "Saharuddin", "Anwar", "Ishak"],
    "jawa": ["Budi", "Agus", "Eko", "Joko", "Slamet", "Bambang", "Wahyu", "Teguh", "Hendro", "Yudi", "Dwi", "Bayu"],
    "toraja": ["Yohanis", "Marthen", "Daniel", "Petrus", "Yusuf", "Samuel", "Paulus", "Markus", "Stefanus"],
}
FEMALE = {
    "bugis": ["Andi", "Nurhayati", "Sitti", "Hasnawati", "Rosmiati", "Nurhaeni", "Wahyuni", "Fitriani",
              "Rahmawati", "Kasmawati", "Megawati", "Suriani", "Hasmah", "Jumriah", "Nurul", "Irmawati"],
    "mandar": ["Sitti", "Hadijah", "Nurbaya", "Asmawati", "Marwah", "Halimah", "Nursyamsi", "Rahmatia", "Salmiah"],
    "jawa": ["Sri", "Dewi", "Endang", "Tri", "Wulan", "Ratna", "Yuli", "Lestari", "Rini", "Dyah", "Ayu"],
    "toraja": ["Maria", "Yohana", "Ruth", "Debora", "Magdalena", "Agustina", "Elisabeth", "Sarah"],
}
LAST = {
    "bugis": ["Rahman", "Idris", "Mappasessu", "Tahir", "Saleh", "Amir", "Basri", "Syam", "Latif", "Mustafa",
              "Pallawa", "Mattalitti", "Rauf", "Sultan", "Hakim", "Makkasau", "Lamarauna", "Baso"],
    "mandar": ["Pattana", "Mandra", "Hamid", "Nasir", "Ramli", "Sahabuddin", "Djafar", "Kadir", "Tammalele"],
    "jawa": ["Santoso", "Setiawan", "Prasetyo", "Susilo", "Wibowo", "Purnomo", "Lestari", "Wahyuningsih",
             "Handayani", "Kurniawan", "Hartono", "Nugroho"],
    "toraja": ["Pasolang", "Tandirerung", "Rante", "Sampe", "Pakiding", "Palinggi", "Tangdialla", "Sarungallo"],
}
ETHNIC_WEIGHTS = [("bugis", 40), ("mandar", 35), ("jawa", 15), ("toraja", 10)]
KECAMATAN = ["Mamuju", "Simboro", "Kepulauan Balabalakang", "Kalukku", "Papalang", "Sampaga", "Tommo",
             "Kalumpang", "Bonehau", "Tapalang", "Tapalang Barat"]
KELURAHAN = ["Binanga", "Karema", "Mamunyu", "Rimuku", "Simboro", "Bebanga", "Kalukku", "Sinyonyoi", "Papalang",
             "Sampaga", "Tapalang", "Galung", "Bambu", "Tadui", "Pokkang", "Beru-beru", "Belang-belang", "Salugatta"]


# --- Position profiles: golongan, education, titles, age ---------------------------------


@dataclass(frozen=True, slots=True)
class Profile:
    golongan: tuple[str, ...]  # PNS range to draw from
    education: tuple[str, ...]
    titles: tuple[str, ...]  # back titles matching the education (S1 / S2 / D3 …)
    age: tuple[int, int]
    female: float = 0.5
    pppk: float = 0.0  # share of PPPK among holders
    front: str = ""


ADMIN_TITLES = ("S.E.", "S.H.", "S.Sos.", "S.IP.", "S.Kom.", "S.T.", "S.AP.")
PROFILES = {
    "jpt": Profile(("IV/c", "IV/d"), ("s2",), ("M.Si.", "M.M.", "M.Pd.", "M.Kes.", "M.AP."), (50, 58), 0.25),
    "administrator": Profile(("IV/a", "IV/b"), ("s1", "s2"), ADMIN_TITLES, (44, 57), 0.35),
    "pengawas": Profile(("III/c", "III/d", "IV/a"), ("s1",), ADMIN_TITLES, (36, 56), 0.45),
    "pelaksana": Profile(("II/a", "II/b", "II/c", "II/d", "III/a", "III/b"), ("sma", "d3", "s1"), ADMIN_TITLES,
                         (22, 57), 0.5, 0.15),
    "analis": Profile(("III/a", "III/b"), ("s1",), ADMIN_TITLES, (25, 45), 0.55, 0.1),
    "auditor": Profile(("III/a", "III/b", "III/c", "III/d"), ("s1",), ("S.E.", "S.Ak.", "S.H."), (27, 55), 0.45),
    "guru_pertama": Profile(("III/a", "III/b"), ("s1",), ("S.Pd.",), (23, 45), 0.68, 0.3),
    "guru_muda": Profile(("III/c", "III/d"), ("s1",), ("S.Pd.",), (35, 57), 0.65),
    "guru_madya": Profile(("IV/a", "IV/b"), ("s1", "s2"), ("S.Pd.", "M.Pd."), (45, 59), 0.6),
    "kepsek": Profile(("IV/a", "IV/b"), ("s1", "s2"), ("S.Pd.", "M.Pd."), (45, 58), 0.45),
    "dokter": Profile(("III/b", "III/c", "III/d"), ("s1",), ("",), (28, 55), 0.55, 0.1, "dr."),
    "perawat": Profile(("III/a", "III/b", "III/c"), ("s1",), ("S.Kep.",), (24, 55), 0.75, 0.25, "Ns."),
    "perawat_terampil": Profile(("II/c", "II/d", "III/a"), ("d3",), ("A.Md.Kep.",), (23, 55), 0.75, 0.25),
    "bidan": Profile(("II/c", "II/d", "III/a"), ("d3",), ("A.Md.Keb.",), (23, 52), 1.0, 0.25),
    "kapus": Profile(("III/d", "IV/a"), ("s1",), ("S.KM.", "S.Kep."), (38, 56), 0.5),
}
PPPK_BY_EDUCATION = {"s1": "IX", "s2": "X", "d3": "VII", "sma": "V", "d4": "IX"}
ABBREV = {"sma": "", "d3": "A.Md.", "s1": None, "s2": None}


# --- Organisation spec ----------------------------------------------------------------


@dataclass(slots=True)
class UnitSpec:
    name: str
    kind: str
    parent: "UnitSpec | None" = None
    obj: OrgUnit | None = None


@dataclass(slots=True)
class PosSpec:
    name: str
    unit: UnitSpec
    kind: str
    profile: str
    grade: str = ""
    supervisor: "PosSpec | None" = None
    head: bool = False
    weight: float = 0.0  # 0: a single-holder post; >0: share of the staff
    tier: int = 3
    bup: int | None = None
    capacity: int = 1
    tag: str = ""
    obj: Position | None = None


@dataclass
class Org:
    units: list[UnitSpec] = field(default_factory=list)
    positions: list[PosSpec] = field(default_factory=list)

    def unit(self, name, kind, parent=None) -> UnitSpec:
        spec = UnitSpec(name, kind, parent)
        self.units.append(spec)
        return spec

    def pos(self, name, unit, kind, profile, **kwargs) -> PosSpec:
        spec = PosSpec(name, unit, kind, profile, **kwargs)
        self.positions.append(spec)
        return spec


def _opd(org: Org, sekda: PosSpec, name: str, kind: str, head_title: str, bidang: list[str], staff_weight: float):
    """An OPD: JPT head under the Sekda, a secretariat and bidang with their seksi and staff."""
    unit = org.unit(name, kind)
    head = org.pos(head_title, unit, PositionKind.JPT, "jpt", grade=PositionGrade.JPT_PRATAMA, supervisor=sekda,
                   head=True, tier=1)
    short = head_title.removeprefix("Kepala ")
    sek = org.unit(f"Sekretariat {short}", UnitKind.SECRETARIAT, unit)
    sek_head = org.pos(f"Sekretaris {name}", sek, PositionKind.ADMINISTRATOR, "administrator", supervisor=head,
                       head=True, tier=2)
    sub = org.unit(f"Subbagian Umum dan Kepegawaian {short}", UnitKind.SUBBAGIAN, sek)
    sub_head = org.pos(f"Kepala {sub.name}", sub, PositionKind.PENGAWAS, "pengawas",
                       supervisor=sek_head, head=True, tier=3)
    org.pos("Pengadministrasi Perkantoran", sub, PositionKind.PELAKSANA, "pelaksana", supervisor=sub_head,
            weight=staff_weight * 0.3)
    heads = {}
    for name_bidang in bidang:
        bid = org.unit(name_bidang, UnitKind.BIDANG, unit)
        bid_head = org.pos(f"Kepala {name_bidang}", bid, PositionKind.ADMINISTRATOR, "administrator", supervisor=head,
                           head=True, tier=2)
        seksi = org.unit(name_bidang.replace("Bidang", "Seksi"), UnitKind.SEKSI, bid)
        seksi_head = org.pos(f"Kepala {seksi.name}", seksi, PositionKind.PENGAWAS, "pengawas", supervisor=bid_head,
                             head=True, tier=3)
        org.pos(f"Analis {name_bidang.replace('Bidang ', '')}", seksi, PositionKind.FUNGSIONAL, "analis",
                grade=PositionGrade.AHLI_PERTAMA, supervisor=seksi_head, weight=staff_weight * 0.35)
        org.pos("Pengelola Data", seksi, PositionKind.PELAKSANA, "pelaksana", supervisor=seksi_head,
                weight=staff_weight * 0.35)
        heads[name_bidang] = (bid, bid_head)
    return unit, head, heads


def build_org(n: int) -> Org:
    """The organisation of the demo kabupaten, scaled so that *n* employees fit."""
    org = Org()
    setda = org.unit("Sekretariat Daerah", UnitKind.REGIONAL_SECRETARIAT)
    sekda = org.pos("Sekretaris Daerah", setda, PositionKind.JPT, "jpt", grade=PositionGrade.JPT_PRATAMA, head=True,
                    tier=0, tag="executive")
    for bagian in ("Bagian Pemerintahan", "Bagian Hukum", "Bagian Organisasi", "Bagian Umum",
                   "Bagian Perekonomian dan Sumber Daya Alam"):
        unit = org.unit(bagian, UnitKind.BAGIAN, setda)
        head = org.pos(f"Kepala {bagian}", unit, PositionKind.ADMINISTRATOR, "administrator", supervisor=sekda,
                       head=True, tier=2)
        org.pos(f"Analis Kebijakan {bagian.replace('Bagian ', '')}", unit, PositionKind.FUNGSIONAL, "analis",
                grade=PositionGrade.AHLI_PERTAMA, supervisor=head, weight=0.2)
        org.pos("Pengadministrasi Umum", unit, PositionKind.PELAKSANA, "pelaksana", supervisor=head, weight=0.2)
    dprd = org.unit("Sekretariat DPRD", UnitKind.COUNCIL_SECRETARIAT)
    dprd_head = org.pos("Sekretaris DPRD", dprd, PositionKind.JPT, "jpt", grade=PositionGrade.JPT_PRATAMA,
                        supervisor=sekda, head=True, tier=1)
    org.pos("Pengadministrasi Persidangan", dprd, PositionKind.PELAKSANA, "pelaksana", supervisor=dprd_head, weight=0.5)

    insp = org.unit("Inspektorat", UnitKind.INSPECTORATE)
    inspektur = org.pos("Inspektur", insp, PositionKind.JPT, "jpt", grade=PositionGrade.JPT_PRATAMA, supervisor=sekda,
                        head=True, tier=1)
    irban = org.unit("Inspektur Pembantu Wilayah I", UnitKind.BIDANG, insp)
    irban_head = org.pos("Inspektur Pembantu Wilayah I", irban, PositionKind.ADMINISTRATOR, "administrator",
                         supervisor=inspektur, head=True, tier=2)
    org.pos("Auditor Ahli Pertama", irban, PositionKind.FUNGSIONAL, "auditor", grade=PositionGrade.AHLI_PERTAMA,
            supervisor=irban_head, weight=0.3, tier=0, tag="auditor")
    org.pos("Auditor Ahli Muda", irban, PositionKind.FUNGSIONAL, "auditor", grade=PositionGrade.AHLI_MUDA,
            supervisor=irban_head, weight=0.15)

    bk, bk_head, bk_bidang = _opd(org, sekda, "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", UnitKind.BADAN,
                                  "Kepala BKPSDM", ["Bidang Mutasi dan Promosi", "Bidang Pengembangan Kompetensi",
                                                    "Bidang Pengadaan dan Informasi Kepegawaian"], 0.5)
    bk.name = "BKPSDM"
    mutasi_unit, mutasi_head = bk_bidang["Bidang Mutasi dan Promosi"]
    org.pos("Analis SDM Aparatur", mutasi_unit, PositionKind.FUNGSIONAL, "analis", grade=PositionGrade.AHLI_PERTAMA,
            supervisor=mutasi_head, weight=0.3, tier=0, tag="hr_admin")
    pengadaan_unit, pengadaan_head = bk_bidang["Bidang Pengadaan dan Informasi Kepegawaian"]
    org.pos("Analis SDM Aparatur", pengadaan_unit, PositionKind.FUNGSIONAL, "analis", grade=PositionGrade.AHLI_MUDA,
            supervisor=pengadaan_head, weight=0.1, tier=0, tag="hr_admin_2")
    for name, kind, head, bidang in (
        ("Badan Perencanaan Pembangunan Daerah", UnitKind.BADAN, "Kepala Bappeda",
         ["Bidang Perencanaan Ekonomi", "Bidang Perencanaan Infrastruktur", "Bidang Penelitian dan Pengembangan"]),
        ("Dinas Perhubungan", UnitKind.DINAS, "Kepala Dinas Perhubungan",
         ["Bidang Lalu Lintas dan Angkutan", "Bidang Sarana dan Prasarana"]),
        ("Dinas Pekerjaan Umum dan Penataan Ruang", UnitKind.DINAS, "Kepala Dinas PUPR",
         ["Bidang Bina Marga", "Bidang Sumber Daya Air", "Bidang Cipta Karya", "Bidang Penataan Ruang"]),
        ("Dinas Sosial", UnitKind.DINAS, "Kepala Dinas Sosial",
         ["Bidang Rehabilitasi Sosial", "Bidang Perlindungan dan Jaminan Sosial"]),
        ("Dinas Kependudukan dan Pencatatan Sipil", UnitKind.DINAS, "Kepala Dinas Kependudukan dan Pencatatan Sipil",
         ["Bidang Pelayanan Pendaftaran Penduduk", "Bidang Pelayanan Pencatatan Sipil"]),
        ("Satuan Polisi Pamong Praja", UnitKind.BADAN, "Kepala Satuan Polisi Pamong Praja",
         ["Bidang Ketertiban Umum", "Bidang Penegakan Perundang-undangan Daerah"]),
    ):
        _opd(org, sekda, name, kind, head, bidang, 0.6)

    # Education: bidang + schools (most of a kabupaten's ASN are teachers).
    dik, dik_head, dik_bidang = _opd(org, sekda, "Dinas Pendidikan dan Kebudayaan", UnitKind.DINAS,
                                     "Kepala Dinas Pendidikan dan Kebudayaan",
                                     ["Bidang Pembinaan SD", "Bidang Pembinaan SMP", "Bidang Kebudayaan"], 0.6)
    dik_head.tier, dik_head.tag = 0, "unit_head"
    schools = max(2, round(n * 0.45 / 16))
    numbers = {"SD": 0, "SMP": 0}
    for index in range(schools):
        level = "SMP" if index % 4 == 3 else "SD"
        numbers[level] += 1
        _, bidang_head = dik_bidang[f"Bidang Pembinaan {level}"]
        school = org.unit(f"{level} Negeri {numbers[level]} {KECAMATAN[index % len(KECAMATAN)]}", UnitKind.SCHOOL, dik)
        first = index == 0
        kepsek = org.pos(f"Kepala {school.name}", school, PositionKind.FUNGSIONAL, "kepsek",
                         grade=PositionGrade.AHLI_MADYA, supervisor=bidang_head, head=True, tier=0 if first else 3,
                         bup=60, tag="supervisor" if first else "")
        for grade, profile, weight in ((PositionGrade.AHLI_PERTAMA, "guru_pertama", 5.0),
                                       (PositionGrade.AHLI_MUDA, "guru_muda", 3.5),
                                       (PositionGrade.AHLI_MADYA, "guru_madya", 1.5)):
            org.pos(f"Guru {grade.label}", school, PositionKind.FUNGSIONAL, profile, grade=grade,
                    supervisor=kepsek, weight=weight, bup=60,
                    tier=0 if first and profile == "guru_pertama" else 4, tag="employee" if first and profile == "guru_pertama" else "")
        org.pos("Pengelola Administrasi Sekolah", school, PositionKind.PELAKSANA, "pelaksana", supervisor=kepsek,
                weight=0.6)

    # Health: bidang + puskesmas + RSUD.
    kes, kes_head, _ = _opd(org, sekda, "Dinas Kesehatan", UnitKind.DINAS, "Kepala Dinas Kesehatan",
                            ["Bidang Pelayanan Kesehatan", "Bidang Kesehatan Masyarakat",
                             "Bidang Pencegahan dan Pengendalian Penyakit"], 0.6)
    puskesmas = max(1, round(n * 0.15 / 30))
    for index in range(puskesmas):
        name = KECAMATAN[index % len(KECAMATAN)] + (f" {index // len(KECAMATAN) + 1}" if index >= len(KECAMATAN) else "")
        pkm = org.unit(f"Puskesmas {name}", UnitKind.PUSKESMAS, kes)
        kapus = org.pos(f"Kepala Puskesmas {name}", pkm, PositionKind.PENGAWAS, "kapus", supervisor=kes_head, head=True)
        for title, profile, grade, weight in (
            ("Dokter Ahli Pertama", "dokter", PositionGrade.AHLI_PERTAMA, 0.6),
            ("Perawat Ahli Pertama", "perawat", PositionGrade.AHLI_PERTAMA, 1.5),
            ("Perawat Terampil", "perawat_terampil", PositionGrade.TERAMPIL, 1.5),
            ("Bidan Terampil", "bidan", PositionGrade.TERAMPIL, 1.5),
        ):
            org.pos(title, pkm, PositionKind.FUNGSIONAL, profile, grade=grade, supervisor=kapus, weight=weight)
        org.pos("Pengadministrasi Umum", pkm, PositionKind.PELAKSANA, "pelaksana", supervisor=kapus, weight=0.4)
    rsud = org.unit("RSUD Kabupaten Mamuju", UnitKind.RSUD, kes)
    direktur = org.pos("Direktur RSUD Kabupaten Mamuju", rsud, PositionKind.ADMINISTRATOR, "administrator",
                       supervisor=kes_head, head=True, tier=2)
    for title, profile, grade, weight in (
        ("Dokter Ahli Muda", "dokter", PositionGrade.AHLI_MUDA, 1.0),
        ("Perawat Ahli Pertama", "perawat", PositionGrade.AHLI_PERTAMA, 3.0),
        ("Perawat Terampil", "perawat_terampil", PositionGrade.TERAMPIL, 2.0),
        ("Bidan Terampil", "bidan", PositionGrade.TERAMPIL, 1.0),
    ):
        org.pos(title, rsud, PositionKind.FUNGSIONAL, profile, grade=grade, supervisor=direktur, weight=weight)

    # Kecamatan and kelurahan.
    kelurahan_each = max(1, min(6, n // 4000 + 1))
    for index, name in enumerate(KECAMATAN):
        kec = org.unit(f"Kecamatan {name}", UnitKind.KECAMATAN)
        camat = org.pos(f"Camat {name}", kec, PositionKind.ADMINISTRATOR, "administrator", supervisor=sekda,
                        head=True, tier=2)
        kasi = org.pos("Kepala Seksi Pemerintahan", kec, PositionKind.PENGAWAS, "pengawas", supervisor=camat)
        org.pos("Pengadministrasi Kependudukan", kec, PositionKind.PELAKSANA, "pelaksana", supervisor=kasi, weight=0.3)
        for k in range(kelurahan_each):
            kel_name = KELURAHAN[(index * kelurahan_each + k) % len(KELURAHAN)]
            kel = org.unit(f"Kelurahan {kel_name}" + (f" {index + 1}" if index * kelurahan_each + k >= len(KELURAHAN) else ""),
                           UnitKind.KELURAHAN, kec)
            lurah = org.pos(f"Lurah {kel_name}", kel, PositionKind.PENGAWAS, "pengawas", supervisor=camat, head=True)
            org.pos("Pengadministrasi Umum", kel, PositionKind.PELAKSANA, "pelaksana", supervisor=lurah, weight=0.15)
    return org


# --- People --------------------------------------------------------------------------------


@dataclass
class SeedResult:
    created: bool
    accounts: list[dict]
    employees: int = 0
    seconds: float = 0.0


def totp_key(seed: int, username: str) -> str:
    """A deterministic 40-hex-character TOTP key for a demo account."""
    return hmac.new(f"pamong-demo-{seed}".encode(), username.encode(), hashlib.sha1).hexdigest()


def totp_secret(hex_key: str) -> str:
    return base64.b32encode(bytes.fromhex(hex_key)).decode().rstrip("=")


class _People:
    def __init__(self, rng: random.Random, today: date) -> None:
        self.rng = rng
        self.today = today
        self.nip_serial: dict[str, int] = {}
        self.nik_serial: dict[str, int] = {}

    def name(self, female: bool) -> tuple[str, str]:
        ethnic = self.rng.choices([e for e, _ in ETHNIC_WEIGHTS], [w for _, w in ETHNIC_WEIGHTS])[0]
        first = self.rng.choice((FEMALE if female else MALE)[ethnic])
        middle = ""
        if ethnic in ("bugis", "mandar") and self.rng.random() < 0.35:
            middle = " " + self.rng.choice((FEMALE if female else MALE)[ethnic])
            if middle.strip() == first:
                middle = ""
        return f"{first}{middle} {self.rng.choice(LAST[ethnic])}", ethnic

    def nip(self, birth: date, appointed: date, female: bool, pppk: bool) -> str:
        sex = "2" if female else "1"
        prefix = f"{birth:%Y%m%d}{appointed:%Y}" + ("24" if pppk else f"{appointed:%m}") + sex
        serial = self.nip_serial.get(prefix, 0) + 1
        self.nip_serial[prefix] = serial
        return f"{prefix}{serial:03d}"

    def nik(self, birth: date, female: bool, district: int) -> str:
        # NIK: province 76, kabupaten 04, kecamatan, DDMMYY (+40 on the day for women), serial.
        prefix = f"7604{district:02d}{birth.day + (40 if female else 0):02d}{birth:%m%y}"
        serial = self.nik_serial.get(prefix, 0) + 1
        self.nik_serial[prefix] = serial
        return f"{prefix}{serial:04d}"


def _rand_date(rng: random.Random, start: date, end: date) -> date:
    if end <= start:
        return start
    return start + timedelta(days=rng.randrange((end - start).days + 1))


def _first_of_month(day: date) -> date:
    return day.replace(day=1)


def _golongan_step_down(code: str, steps: int) -> str:
    codes = [c for c, _ in PNS_GOLONGAN]
    return codes[max(0, codes.index(code) - steps)]


def _slots(org: Org, n: int, rng: random.Random) -> list[PosSpec]:
    """One entry per employee to place: posts by tier first, staff spread by weight."""
    singles = [p for p in org.positions if p.weight == 0]
    staff = [p for p in org.positions if p.weight > 0]
    remaining = max(n - len(singles), len(staff))
    total_weight = sum(p.weight for p in staff)
    for p in staff:
        p.capacity = max(1, int(remaining * p.weight / total_weight))
    shortfall = remaining - sum(p.capacity for p in staff)
    biggest = sorted(staff, key=lambda p: -p.weight)
    for index in range(max(shortfall, 0)):
        biggest[index % len(biggest)].capacity += 1
    slots = [(p.tier, 0.0, i, p) for i, p in enumerate(singles)]
    for i, p in enumerate(staff):
        for k in range(p.capacity):
            # The first holder of a tier-0 post is a must-have; the rest are interleaved at random.
            tier = p.tier if k == 0 and p.tier == 0 else 4
            slots.append((tier, rng.random(), len(singles) + i, p))
    slots.sort(key=lambda s: (s[0], s[1], s[2]))
    return [s[3] for s in slots[:n]]


@transaction.atomic
def seed_demo(*, employees: int = 2000, seed: int = 1) -> SeedResult:
    """Build the demo kabupaten with *employees* employees, or report the accounts if it exists."""
    import time

    started = time.monotonic()
    existing = Pemda.objects.filter(name=PEMDA_NAME).first()
    if existing is not None:
        return SeedResult(created=False, accounts=demo_accounts(existing))
    rng = random.Random(seed)  # noqa: S311 - reproducible demo data, not secrets
    today = timezone.localdate()
    pemda = Pemda.objects.create(name=PEMDA_NAME, short_name="Kab. Mamuju", kind=PemdaKind.REGENCY, code="76.04",
                                 province="Sulawesi Barat", timezone="Asia/Makassar",
                                 address="Jl. Soekarno-Hatta, Mamuju, Sulawesi Barat")
    org = build_org(employees)
    _save_org(org, pemda)
    golongan = {g.code: g for g in Golongan.objects.all()}
    people = _People(rng, today)
    slots = _slots(org, employees, rng)
    user_model = get_user_model()
    users, staff, ranks, placements, schooling, tags = [], [], [], [], [], {}
    for index, spec in enumerate(slots):
        employee, rank_rows, placement, education = _person(people, spec, golongan, index)
        employee.pemda = pemda
        users.append(user_model(username=employee.nip, pemda=pemda, display_name=employee.full_name,
                                email=employee.email, password=make_password(None)))
        staff.append(employee)
        ranks.append(rank_rows)
        placements.append(placement)
        schooling.append(education)
        if spec.tag and spec.tag not in tags:
            tags[spec.tag] = index
    user_model.objects.bulk_create(users, batch_size=BATCH)
    for employee, user in zip(staff, users, strict=True):
        employee.user_id = user.pk
    Employee.objects.bulk_create(staff, batch_size=BATCH)
    rank_objs, placement_objs, education_objs = [], [], []
    for employee, rank_rows, placement, education in zip(staff, ranks, placements, schooling, strict=True):
        for row in rank_rows:
            row.employee_id = employee.pk
            rank_objs.append(row)
        placement.employee_id = employee.pk
        placement_objs.append(placement)
        education.employee_id = employee.pk
        education_objs.append(education)
    RankHistory.objects.bulk_create(rank_objs, batch_size=BATCH)
    PositionHistory.objects.bulk_create(placement_objs, batch_size=BATCH)
    EducationHistory.objects.bulk_create(education_objs, batch_size=BATCH)

    chosen = _make_accounts(staff, users, tags, seed)
    audit_record(actor=None, action=DEMO_ACTION, target=pemda, changes={
        "employees": [None, len(staff)], "seed": [None, seed], "accounts": [None, chosen],
    })
    return SeedResult(created=True, accounts=demo_accounts(pemda), employees=len(staff), seconds=time.monotonic() - started)


def _save_org(org: Org, pemda: Pemda) -> None:
    by_depth: dict[int, list[UnitSpec]] = {}
    for spec in org.units:
        depth, parent = 0, spec.parent
        while parent is not None:
            depth, parent = depth + 1, parent.parent
        spec.obj = OrgUnit(pemda=pemda, name=spec.name, kind=spec.kind, path="-", depth=depth,
                           parent=spec.parent.obj if spec.parent else None)
        by_depth.setdefault(depth, []).append(spec)
    for depth in sorted(by_depth):
        for spec in by_depth[depth]:
            spec.obj.parent = spec.parent.obj if spec.parent else None
        OrgUnit.objects.bulk_create([s.obj for s in by_depth[depth]], batch_size=BATCH)
    for spec in org.units:  # parents come first in org.units
        spec.obj.path = (spec.parent.obj.path if spec.parent else "") + tree_segment(spec.obj.pk)
    OrgUnit.objects.bulk_update([s.obj for s in org.units], ["path"], batch_size=BATCH)

    levels: dict[int, list[PosSpec]] = {}
    for spec in org.positions:
        depth, parent = 0, spec.supervisor
        while parent is not None:
            depth, parent = depth + 1, parent.supervisor
        levels.setdefault(depth, []).append(spec)
    for depth in sorted(levels):
        objs = []
        for spec in levels[depth]:
            spec.obj = Position(
                pemda=pemda, org_unit=spec.unit.obj, name=spec.name, kind=spec.kind, grade=spec.grade,
                supervisor_position=spec.supervisor.obj if spec.supervisor else None, is_unit_head=spec.head,
                capacity=spec.capacity, retirement_age=spec.bup, path="-",
                min_education=EducationLevel.S1 if spec.kind in (PositionKind.JPT, PositionKind.ADMINISTRATOR) else "",
            )
            objs.append(spec.obj)
        Position.objects.bulk_create(objs, batch_size=BATCH)
        for spec in levels[depth]:
            spec.obj.path = (spec.supervisor.obj.path if spec.supervisor else "") + tree_segment(spec.obj.pk)
    Position.objects.bulk_update([s.obj for s in org.positions], ["path"], batch_size=BATCH)


def _person(people: _People, spec: PosSpec, golongan: dict, index: int):
    rng, today = people.rng, people.today
    profile = PROFILES[spec.profile]
    female = rng.random() < profile.female
    name, ethnic = people.name(female)
    age_low, age_high = profile.age
    bup = retirement_age(spec.kind, spec.grade, spec.bup)
    if rng.random() < 0.04 and age_high >= bup - 2:
        age = bup - 1  # near retirement: shows in "approaching retirement" lists
    else:
        age = rng.randint(age_low, min(age_high, bup - 1))
    birth = _rand_date(rng, date(today.year - age - 1, today.month, 1), date(today.year - age, today.month, 1))
    education = rng.choice(profile.education)
    status = EmploymentStatus.PNS
    roll = rng.random()
    if spec.weight > 0 and roll < profile.pppk and age < 50:
        status = EmploymentStatus.PPPK
    elif spec.weight > 0 and roll > 0.97 and age < 35:
        status = EmploymentStatus.CPNS
    earliest = date(birth.year + 22, birth.month, 1)
    if status == EmploymentStatus.PPPK:
        appointed = date(rng.choice([2021, 2022, 2023, 2024]), rng.choice([3, 4, 10]), 1)
        appointed = max(appointed, date(birth.year + 19, 1, 1))
    elif status == EmploymentStatus.CPNS:
        appointed = date(today.year - 1 if today.month < 6 else today.year, rng.choice([1, 3, 5]), 1)
    elif date(birth.year + 22, birth.month, 1) > date(today.year - 2, 1, 1):
        status = EmploymentStatus.CPNS
        appointed = date(today.year - 1 if today.month < 6 else today.year, rng.choice([1, 3, 5]), 1)
    else:
        latest = min(date(today.year - 2, 12, 1), date(birth.year + 32, 12, 1))
        appointed = _first_of_month(_rand_date(rng, max(earliest, date(1985, 1, 1)), latest))
        if appointed < date(birth.year + 19, birth.month, 28):
            appointed = date(birth.year + 19, 12, 1)
    pppk = status == EmploymentStatus.PPPK
    back = rng.choice(profile.titles)
    if education == "sma":
        back = ""
    elif education == "d3" and spec.profile == "pelaksana":
        back = "A.Md."
    elif education == "s2" and "M." not in back:
        back = f"{back}, {rng.choice(('M.Si.', 'M.M.', 'M.AP.'))}".strip(", ")
    employee = Employee(
        nip=people.nip(birth, appointed, female, pppk),
        nik=people.nik(birth, female, index % 11 + 1),
        front_title=profile.front,
        name=name,
        back_title=back,
        birth_place=rng.choice(["Mamuju", "Majene", "Polewali", "Makassar", "Pare-Pare", "Mamasa", "Kalukku",
                                "Tana Toraja" if ethnic == "toraja" else "Pinrang"]),
        birth_date=birth,
        gender=Gender.FEMALE if female else Gender.MALE,
        religion=(Religion.PROTESTANT if rng.random() < 0.8 else Religion.CATHOLIC) if ethnic == "toraja"
        else Religion.ISLAM,
        marital_status=MaritalStatus.SINGLE if age < 27 and rng.random() < 0.6 else MaritalStatus.MARRIED,
        phone=f"08{rng.choice(['11', '12', '13', '21', '52', '53'])}{rng.randrange(10**7, 10**8)}",
        email="",
        status=status,
        first_appointment_date=appointed,
        pns_appointment_date=date(appointed.year + 1, appointed.month, 1) if status == EmploymentStatus.PNS else None,
        contract_end_date=date(appointed.year + 5, appointed.month, 1) - timedelta(days=1) if pppk else None,
    )
    employee.email = f"{name.lower().replace(' ', '.')}{index}@mamujukab.go.id"
    # Rank history: entry golongan at TMT CPNS, current golongan later (PNS); one PPPK golongan.
    rank_rows = []
    if pppk:
        rank_rows.append(RankHistory(golongan=golongan[PPPK_BY_EDUCATION.get(education, "IX")], effective_date=appointed))
    else:
        current = rng.choice(profile.golongan)
        if status == EmploymentStatus.CPNS:
            current = "III/a" if education in ("s1", "s2") else "II/c" if education == "d3" else "II/a"
        entry = "III/a" if education in ("s1", "s2") else "II/c" if education == "d3" else "II/a"
        if PNS_GOLONGAN_INDEX[entry] > PNS_GOLONGAN_INDEX[current]:
            entry = current
        rank_rows.append(RankHistory(golongan=golongan[entry], effective_date=appointed))
        if current != entry:
            span = max((today - appointed).days - 365, 1)
            promoted = _first_of_month(appointed + timedelta(days=365 + rng.randrange(span)))
            months = 4 if promoted.month <= 4 else 10
            promoted = promoted.replace(month=months)
            if promoted <= appointed or promoted > today:
                promoted = _first_of_month(appointed + timedelta(days=400))
            rank_rows.append(RankHistory(golongan=golongan[current], effective_date=promoted))
    start = appointed if spec.weight > 0 or spec.kind == PositionKind.PELAKSANA else max(
        appointed, _first_of_month(_rand_date(rng, today - timedelta(days=365 * 6), today - timedelta(days=30)))
    )
    placement = PositionHistory(position=spec.obj, org_unit=spec.unit.obj, effective_date=start)
    schooling = EducationHistory(
        level=education,
        institution=rng.choice(["Universitas Hasanuddin", "Universitas Negeri Makassar", "Universitas Sulawesi Barat",
                                "Universitas Tomakaka", "Universitas Muslim Indonesia", "Poltekkes Mamuju"])
        if education != "sma" else "SMA Negeri 1 Mamuju",
        graduation_year=min(appointed.year - 1, birth.year + 23),
    )
    # Projection, as services.employee_refresh_current() computes it.
    effective = [r for r in rank_rows if r.effective_date <= today]
    employee.current_golongan = effective[-1].golongan if effective else None
    employee.rank_tmt = effective[-1].effective_date if effective else None
    employee.current_position = spec.obj if start <= today else None
    employee.current_unit = spec.unit.obj if start <= today else None
    employee.current_education = education
    employee.retirement_date = retirement_date(birth, bup)
    employee.kp_period = kp_period(employee.current_golongan.code if employee.current_golongan else None,
                                   employee.rank_tmt, spec.kind if start <= today else None)
    employee.kgb_month = kgb_month(employee.first_appointment_date, employee.rank_tmt)
    employee.kgb_phase = kgb_phase(employee.kgb_month)
    employee.duk_key = duk_key(
        golongan_rank=employee.current_golongan.rank if employee.current_golongan else None,
        rank_tmt=employee.rank_tmt, position_kind=spec.kind if start <= today else None,
        position_grade=spec.grade if start <= today else None, first_appointment=employee.first_appointment_date,
        education=education, birth_date=birth, name=employee.name)
    return employee, rank_rows, placement, schooling


PNS_GOLONGAN_INDEX = {code: index for index, (code, _) in enumerate(PNS_GOLONGAN)}


def _make_accounts(staff: list[Employee], users: list, tags: dict, seed: int) -> dict[str, str]:
    """Give the demo accounts their password, groups and TOTP device; return ``{role: username}``."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user_model = get_user_model()
    groups = {g.name: g for g in Group.objects.filter(name__in=("hr_admin", "executive", "auditor",
                                                                 "attendance_officer"))}
    chosen: list[tuple[str, object]] = []
    for role in ("employee", "supervisor", "unit_head", "hr_admin", "hr_admin_2", "executive", "auditor"):
        index = tags.get(role)
        if index is None:
            continue
        user = users[index]
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        group = groups.get(role.removesuffix("_2"))
        if group is not None:
            user.groups.add(group)
        chosen.append((role, user))
    # The attendance officer (issue #12): a member of the BKPSDM's data bidang, chosen from the seeded staff without
    # drawing from the generator (the rest of the demo stays as it was).
    taken = {user.pk for _, user in chosen}
    placed = [index for index, employee in enumerate(staff)
              if employee.current_position is not None and users[index].pk not in taken]
    staff_only = [index for index in placed if not staff[index].current_position.is_unit_head]
    data_bidang = [index for index in staff_only
                   if staff[index].current_unit.name == "Bidang Pengadaan dan Informasi Kepegawaian"]
    # A small demo may lack that bidang's staff, or any staff not already an account: then any placed employee.
    officer = users[(data_bidang or staff_only or placed)[0]] if placed else None
    if officer is not None and "attendance_officer" in groups:
        officer.set_password(DEMO_PASSWORD)
        officer.save(update_fields=["password"])
        officer.groups.add(groups["attendance_officer"])
        chosen.append(("attendance_officer", officer))
    superadmin = user_model.objects.filter(username="superadmin").first()
    if superadmin is None:
        superadmin = user_model(username="superadmin", pemda=None, is_superuser=True, is_staff=True,
                                display_name="Superadmin")
        superadmin.set_password(DEMO_PASSWORD)
        superadmin.save()
        chosen.append(("superadmin", superadmin))
    for role, user in chosen:
        if role in MFA_ROLES and not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            TOTPDevice.objects.create(user=user, name="demo", confirmed=True, key=totp_key(seed, user.username))
    return {role: user.username for role, user in chosen}


def demo_accounts(pemda: Pemda) -> list[dict]:
    """The demo accounts as recorded by the seeding event, with their TOTP secrets."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    event = AuditEvent.objects.filter(action=DEMO_ACTION, pemda_id=pemda.pk).order_by("-pk").first()
    recorded = (event.changes.get("accounts") or [None, {}])[1] if event else {}
    accounts = []
    for role in ROLES:
        username = recorded.get(role) or ("superadmin" if role == "superadmin" else None)
        if not username:
            continue
        device = TOTPDevice.objects.filter(user__username=username, confirmed=True).order_by("pk").first()
        accounts.append({
            "role": role,
            "username": username,
            "password": DEMO_PASSWORD,
            "totp_secret": totp_secret(device.key) if device and role in MFA_ROLES else "",
        })
    return accounts
