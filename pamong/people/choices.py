from django.db import models
from django.utils.translation import gettext_lazy as _


class PemdaKind(models.TextChoices):
    PROVINCE = "province", _("Province")
    REGENCY = "regency", _("Regency (kabupaten)")
    CITY = "city", _("City (kota)")


class UnitKind(models.TextChoices):
    REGIONAL_SECRETARIAT = "sekretariat_daerah", _("Regional secretariat")
    COUNCIL_SECRETARIAT = "sekretariat_dprd", _("Council secretariat")
    DINAS = "dinas", _("Dinas (service agency)")
    BADAN = "badan", _("Badan (agency)")
    INSPECTORATE = "inspektorat", _("Inspectorate")
    KECAMATAN = "kecamatan", _("Kecamatan (district)")
    KELURAHAN = "kelurahan", _("Kelurahan (urban village)")
    PUSKESMAS = "puskesmas", _("Puskesmas (health centre)")
    RSUD = "rsud", _("RSUD (regional hospital)")
    SCHOOL = "sekolah", _("School")
    UPTD = "uptd", _("UPTD (technical unit)")
    SECRETARIAT = "sekretariat", _("Secretariat")
    BIDANG = "bidang", _("Bidang (division)")
    BAGIAN = "bagian", _("Bagian (section)")
    SUBBAGIAN = "subbagian", _("Subbagian (sub-section)")
    SEKSI = "seksi", _("Seksi (sub-division)")


class PositionKind(models.TextChoices):
    JPT = "jpt", _("JPT (senior executive)")
    ADMINISTRATOR = "administrator", _("Administrator")
    PENGAWAS = "pengawas", _("Pengawas (supervisory)")
    PELAKSANA = "pelaksana", _("Pelaksana (staff)")
    FUNGSIONAL = "fungsional", _("Functional")


class PositionGrade(models.TextChoices):
    """Level within a kind: JPT level or functional jenjang (rules.md §9.3)."""

    NONE = "", _("—")
    JPT_UTAMA = "jpt_utama", _("JPT Utama")
    JPT_MADYA = "jpt_madya", _("JPT Madya")
    JPT_PRATAMA = "jpt_pratama", _("JPT Pratama")
    AHLI_PERTAMA = "ahli_pertama", _("Ahli Pertama")
    AHLI_MUDA = "ahli_muda", _("Ahli Muda")
    AHLI_MADYA = "ahli_madya", _("Ahli Madya")
    AHLI_UTAMA = "ahli_utama", _("Ahli Utama")
    PEMULA = "pemula", _("Pemula")
    TERAMPIL = "terampil", _("Terampil")
    MAHIR = "mahir", _("Mahir")
    PENYELIA = "penyelia", _("Penyelia")


class EmploymentStatus(models.TextChoices):
    CPNS = "cpns", _("CPNS")
    PNS = "pns", _("PNS")
    PPPK = "pppk", _("PPPK")
    PPPK_PART_TIME = "pppk_part_time", _("PPPK part-time")


class Gender(models.TextChoices):
    MALE = "m", _("Male")
    FEMALE = "f", _("Female")


class Religion(models.TextChoices):
    ISLAM = "islam", _("Islam")
    PROTESTANT = "protestant", _("Protestant Christian")
    CATHOLIC = "catholic", _("Catholic")
    HINDU = "hindu", _("Hindu")
    BUDDHIST = "buddhist", _("Buddhist")
    CONFUCIAN = "confucian", _("Confucian")
    OTHER = "other", _("Other belief")


class MaritalStatus(models.TextChoices):
    SINGLE = "single", _("Single")
    MARRIED = "married", _("Married")
    DIVORCED = "divorced", _("Divorced")
    WIDOWED = "widowed", _("Widowed")


class EducationLevel(models.TextChoices):
    """Ordered from lowest to highest; the order is used for minimum requirements."""

    SD = "sd", _("Primary school (SD)")
    SMP = "smp", _("Junior high school (SMP)")
    SMA = "sma", _("Senior high school (SMA/SMK)")
    D1 = "d1", _("Diploma I")
    D2 = "d2", _("Diploma II")
    D3 = "d3", _("Diploma III")
    D4 = "d4", _("Diploma IV")
    S1 = "s1", _("Bachelor (S1)")
    S2 = "s2", _("Master (S2)")
    S3 = "s3", _("Doctorate (S3)")


EDUCATION_ORDER = {level.value: index for index, level in enumerate(EducationLevel)}


class GolonganKind(models.TextChoices):
    PNS = "pns", _("PNS")
    PPPK = "pppk", _("PPPK")


class FamilyRelation(models.TextChoices):
    SPOUSE = "spouse", _("Spouse")
    CHILD = "child", _("Child")
    FATHER = "father", _("Father")
    MOTHER = "mother", _("Mother")


class TrainingKind(models.TextChoices):
    LATSAR = "latsar", _("Basic training (Latsar)")
    LEADERSHIP = "leadership", _("Leadership training")
    TECHNICAL = "technical", _("Technical training")
    FUNCTIONAL = "functional", _("Functional training")
    OTHER = "other", _("Other")


class DocumentKind(models.TextChoices):
    DECREE_CPNS = "sk_cpns", _("CPNS appointment decree")
    DECREE_PNS = "sk_pns", _("PNS appointment decree")
    DECREE_RANK = "sk_rank", _("Rank decree")
    DECREE_POSITION = "sk_position", _("Position decree")
    DIPLOMA = "diploma", _("Diploma / transcript")
    CERTIFICATE = "certificate", _("Training certificate")
    IDENTITY = "identity", _("Identity card / family card")
    MEDICAL = "medical", _("Medical / health document")
    OTHER = "other", _("Other")


# Specific personal data (UU 27/2022 Pasal 4): only the person and HR see these (pamong.people.privacy).
HEALTH_DOCUMENT_KINDS = frozenset({DocumentKind.MEDICAL})


class EndReason(models.TextChoices):
    RETIRED = "retired", _("Retired")
    TRANSFERRED_OUT = "transferred_out", _("Transferred to another agency")
    RESIGNED = "resigned", _("Resigned")
    DISMISSED = "dismissed", _("Dismissed")
    DIED = "died", _("Died")
    CONTRACT_ENDED = "contract_ended", _("Contract ended")


class RankLegalBasis(models.TextChoices):
    """Why a rank record leaves the one-step ladder (rules.md §8.1; people.rules.rank_ladder_problem)."""

    DIPLOMA_ADJUSTMENT = "ijazah", _("Diploma adjustment (penyesuaian ijazah)")
    ELECTIVE = "pilihan", _("Elective promotion (KP pilihan)")
    POSTHUMOUS = "anumerta", _("Posthumous promotion (KP anumerta)")
    SERVICE = "pengabdian", _("Service promotion (KP pengabdian)")
    CORRECTION = "koreksi", _("Correction of an earlier decree")
    DISCIPLINE = "disiplin", _("Disciplinary sanction (PP 94/2021)")
