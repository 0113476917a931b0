from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    """Sanction levels (PP 94/2021 Pasal 8; rules.md §3.1)."""

    RINGAN = "ringan", _("Light (ringan)")
    SEDANG = "sedang", _("Moderate (sedang)")
    BERAT = "berat", _("Severe (berat)")


class Sanction(models.TextChoices):
    """The sanctions of PP 94/2021 Pasal 8 (rules.md §3.1) and the transitional substitutes of the sedang TPP cuts
    until the PP on PNS salary and allowances is issued (Pasal 42; PerBKN 6/2022 Pasal 62)."""

    TEGURAN_LISAN = "teguran_lisan", _("Oral reprimand (teguran lisan)")
    TEGURAN_TERTULIS = "teguran_tertulis", _("Written reprimand (teguran tertulis)")
    TIDAK_PUAS = "tidak_puas", _("Written statement of dissatisfaction (pernyataan tidak puas secara tertulis)")
    TPP_CUT_6 = "tpp_cut_6", _("TPP cut by 25%, 6 months")
    TPP_CUT_9 = "tpp_cut_9", _("TPP cut by 25%, 9 months")
    TPP_CUT_12 = "tpp_cut_12", _("TPP cut by 25%, 12 months")
    KGB_DELAY_1Y = "kgb_delay_1y", _("Periodic raise (KGB) postponed 1 year (transitional)")
    KP_DELAY_1Y = "kp_delay_1y", _("Promotion (kenaikan pangkat) postponed 1 year (transitional)")
    RANK_DOWN_1Y = "rank_down_1y", _("Rank lowered one step for 1 year (transitional)")
    POSITION_DOWN_12 = "position_down_12", _("Position lowered one step for 12 months")
    RELEASE_TO_PELAKSANA_12 = "release_pelaksana_12", _("Released from the position to pelaksana for 12 months")
    PDH = "pdh", _("Honourable dismissal not at own request (PDH)")


class ViolationKind(models.TextChoices):
    ABSENCE = "absence", _("Unexcused absence (kewajiban masuk kerja)")
    LHKPN = "lhkpn", _("Wealth report (LHKPN/LHKASN) not submitted")
    OBLIGATION = "obligation", _("Other obligation not met")
    PROHIBITION = "prohibition", _("Prohibition breached")
    OTHER = "other", _("Other violation")


class CaseStatus(models.TextChoices):
    REPORTED = "reported", _("Reported")
    SUMMONED = "summoned", _("Summoned")
    EXAMINED = "examined", _("Examined (BAP signed)")
    DECIDED = "decided", _("Decided")
    DELIVERED = "delivered", _("Decision delivered")
    OBJECTED = "objected", _("Under administrative objection")
    EFFECTIVE = "effective", _("Sanction in effect")
    COMPLETED = "completed", _("Sanction served")
    DROPPED = "dropped", _("Closed without sanction")


class SummonsOutcome(models.TextChoices):
    PENDING = "pending", _("Waiting")
    ATTENDED = "attended", _("Attended")
    ABSENT = "absent", _("Did not attend")


class ExaminationMode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    VIRTUAL = "virtual", _("Virtual")


class ObjectionStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a decision")
    REJECTED = "rejected", _("Rejected: sanction stands")
    CHANGED = "changed", _("Granted: sanction changed")
    ANNULLED = "annulled", _("Granted: sanction annulled")


class DayUnit(models.TextChoices):
    CALENDAR = "calendar", _("calendar days")
    WORKING = "working", _("working days")
