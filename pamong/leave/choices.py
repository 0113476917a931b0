from django.db import models
from django.utils.translation import gettext_lazy as _


class LeaveType(models.TextChoices):
    """Leave types, by their official abbreviations (Perban 24/2017 form section II)."""

    ANNUAL = "CT", _("Cuti tahunan (annual leave)")
    LONG_SERVICE = "CB", _("Cuti besar (long-service leave)")
    SICK = "CS", _("Cuti sakit (sick leave)")
    MATERNITY = "CM", _("Cuti melahirkan (maternity leave)")
    IMPORTANT_REASON = "CAP", _("Cuti karena alasan penting (leave for important reasons)")
    UNPAID = "CLTN", _("Cuti di luar tanggungan negara (unpaid leave)")


class LeaveStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Awaiting the supervisor")
    CONSIDERED = "considered", _("Awaiting the official's decision")
    APPROVED = "approved", _("Approved")
    DEFERRED = "deferred", _("Deferred")
    REJECTED = "rejected", _("Not approved")
    CANCELLED = "cancelled", _("Cancelled")
    REVOKED = "revoked", _("Revoked")


OPEN_STATUSES = (LeaveStatus.SUBMITTED, LeaveStatus.CONSIDERED)
# Applications that hold their dates: an overlapping new one is refused.
HOLDING_STATUSES = (LeaveStatus.SUBMITTED, LeaveStatus.CONSIDERED, LeaveStatus.APPROVED)


class Ground(models.TextChoices):
    """Sub-grounds that change the rules of a leave type."""

    NONE = "", _("—")
    # CAP grounds (Perban 24/2017 as quoted in rules.md §2.2)
    FAMILY_ILL = "family_ill", _("A close family member is seriously ill")
    FAMILY_DEATH = "family_death", _("A close family member died")
    FAMILY_RIGHTS = "family_rights", _("Settling the rights of a deceased family member")
    MARRIAGE = "marriage", _("Own wedding")
    WIFE_BIRTH = "wife_birth", _("Wife gives birth / caesarean")
    DISASTER = "disaster", _("House fire or natural disaster")
    MISSION_RECOVERY = "mission_recovery", _("Recovery after a dangerous posting abroad")
    # CS grounds
    ILLNESS = "illness", _("Illness")
    MISCARRIAGE = "miscarriage", _("Miscarriage (gugur kandungan)")
    WORK_ACCIDENT = "work_accident", _("Work accident")
    # CB grounds
    RELIGIOUS = "religious", _("Religious duty (e.g. first hajj)")


class DocumentKind(models.TextChoices):
    DOCTOR_LETTER = "doctor_letter", _("Doctor's letter")
    GOVERNMENT_DOCTOR_LETTER = "government_doctor_letter", _("Government doctor's letter")
    HEALTH_BOARD_LETTER = "health_board_letter", _("Tim Penguji Kesehatan letter")
    BIRTH_ESTIMATE_LETTER = "birth_estimate_letter", _("Letter with the expected delivery date (HPL)")
    INPATIENT_CERTIFICATE = "inpatient_certificate", _("In-patient (rawat inap) certificate")
    NEIGHBOURHOOD_LETTER = "neighbourhood_letter", _("Letter from the Ketua RT")
    PILGRIMAGE_SCHEDULE = "pilgrimage_schedule", _("Official departure schedule (hajj)")
    OTHER = "other", _("Other supporting document")


class LedgerKind(models.TextChoices):
    ENTITLEMENT = "entitlement", _("Yearly entitlement")
    EXPIRY = "expiry", _("Lapsed above the carry-over cap")
    USAGE = "usage", _("Leave taken")
    REVERSAL = "reversal", _("Returned (cancelled or revoked leave)")
    DEFERRAL_OUT = "deferral_out", _("Deferred to next year")
    DEFERRAL_IN = "deferral_in", _("Deferred from last year")
    COLLECTIVE_LEAVE_CREDIT = "collective_credit", _("Worked through cuti bersama")
    LONG_SERVICE_FORFEIT = "long_service_forfeit", _("Forfeited: cuti besar taken this year")
    OPENING = "opening", _("Opening balance from the previous system")
