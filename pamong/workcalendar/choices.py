from django.db import models
from django.utils.translation import gettext_lazy as _


class DayKind(models.TextChoices):
    NATIONAL_HOLIDAY = "national_holiday", _("National holiday")
    COLLECTIVE_LEAVE = "collective_leave", _("Cuti bersama")
    REGIONAL_HOLIDAY = "regional_holiday", _("Regional holiday")


class DaySource(models.TextChoices):
    LIBRARY = "library", _("Holiday library")
    MANUAL = "manual", _("Entered by HR")
