"""The sheet's columns: SIASN headers and their aliases, mapped to Employee fields."""

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    header: str  # as in SIASN exports
    aliases: tuple[str, ...] = ()
    note: object = ""  # a lazy translation


COLUMNS: tuple[Column, ...] = (
    Column("nip", "NIP", ("NIP BARU", "NI PPPK", "NOMOR INDUK"), gettext_lazy("18 digits; text, with or without spaces")),
    Column("nik", "NIK", ("NO KTP", "NOMOR KTP"), gettext_lazy("16 digits")),
    Column("front_title", "GELAR DEPAN", ("FRONT TITLE",), gettext_lazy("e.g. dr., Ir., Drs.")),
    Column("name", "NAMA", ("NAME", "NAMA LENGKAP"), gettext_lazy("Name without titles")),
    Column("back_title", "GELAR BELAKANG", ("BACK TITLE",), gettext_lazy("e.g. S.Pd., M.Si.")),
    Column("birth_place", "TEMPAT LAHIR", ("BIRTH PLACE", "PLACE OF BIRTH"), ""),
    Column("birth_date", "TANGGAL LAHIR", ("TGL LAHIR", "BIRTH DATE", "DATE OF BIRTH"), gettext_lazy("date")),
    Column("gender", "JENIS KELAMIN", ("GENDER", "SEX", "JK"), "L / P (Laki-laki / Perempuan)"),
    Column("religion", "AGAMA", ("RELIGION",), "Islam, Kristen, Katolik, Hindu, Buddha, Konghucu, Lainnya"),
    Column("marital_status", "STATUS KAWIN", ("STATUS PERKAWINAN", "MARITAL STATUS"),
           "Belum Kawin, Kawin, Cerai Hidup, Cerai Mati"),
    Column("status", "STATUS PEGAWAI", ("KEDUDUKAN", "EMPLOYMENT STATUS", "STATUS"), "CPNS, PNS, PPPK, PPPK Paruh Waktu"),
    Column("first_appointment_date", "TMT CPNS", ("TMT PPPK", "TMT CPNS/PPPK", "FIRST APPOINTMENT DATE"), gettext_lazy("date")),
    Column("pns_appointment_date", "TMT PNS", ("PNS APPOINTMENT DATE",), gettext_lazy("date; PNS only")),
    Column("golongan", "GOLONGAN", ("GOL", "GOL/RUANG", "PANGKAT/GOLONGAN", "PANGKAT", "RANK"),
           gettext_lazy("III/a or Penata Muda (III/a); PPPK: I–XVII")),
    Column("golongan_date", "TMT GOLONGAN", ("TMT GOL", "TMT PANGKAT", "RANK DATE"), gettext_lazy("date")),
    Column("position", "JABATAN", ("NAMA JABATAN", "POSITION"), gettext_lazy("Position name as in the organisation chart")),
    Column("unit", "UNIT KERJA", ("UNOR", "NAMA UNOR", "UNIT"), gettext_lazy("Unit name as in the organisation chart")),
    Column("position_date", "TMT JABATAN", ("POSITION DATE",), gettext_lazy("date")),
    Column("education", "PENDIDIKAN", ("TINGKAT PENDIDIKAN", "EDUCATION"), "SD, SMP, SMA, D1–D4, S1, S2, S3"),
    Column("phone", "TELEPON", ("NO HP", "NOMOR HP", "HP", "PHONE"), ""),
    Column("email", "EMAIL", ("E-MAIL", "SUREL"), ""),
    Column("address", "ALAMAT", ("ADDRESS",), ""),
)
COLUMN_BY_KEY = {column.key: column for column in COLUMNS}
HEADERS = [column.header for column in COLUMNS]
DATE_KEYS = ("birth_date", "first_appointment_date", "pns_appointment_date", "golongan_date", "position_date")
TEXT_KEYS = ("front_title", "name", "back_title", "birth_place", "phone", "email", "address")
# The Employee fields a sheet may set (services.EMPLOYEE_FIELDS minus contract end).
EMPLOYEE_KEYS = (
    "nip", "nik", "front_title", "name", "back_title", "birth_place", "birth_date", "gender", "religion",
    "marital_status", "status", "first_appointment_date", "pns_appointment_date", "phone", "email", "address",
)


def _header_key(text: object) -> str:
    return re.sub(r"[^A-Z0-9]+", " ", str(text or "").upper()).strip()


_HEADER_LOOKUP = {
    _header_key(name): column.key for column in COLUMNS for name in (column.header, column.key, *column.aliases)
}


def map_headers(row: Iterable[object]) -> dict[int, str]:
    """Return ``{column index: field key}`` for the recognised headers of a sheet."""
    mapping: dict[int, str] = {}
    for index, cell in enumerate(row):
        key = _HEADER_LOOKUP.get(_header_key(cell))
        if key and key not in mapping.values():
            mapping[index] = key
    return mapping


