"""Choices of the survey. The respondent profile follows the questionnaire of PermenPANRB 14/2017 Lampiran III
(jenis kelamin, umur, pendidikan, pekerjaan, jenis layanan); every profile field is optional."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    ONLINE = "online", _("Online")
    PAPER = "paper", _("Paper questionnaire")


class RespondentGender(models.TextChoices):
    MALE = "m", _("Male")
    FEMALE = "f", _("Female")


class AgeBand(models.TextChoices):
    """A band, not the age: the questionnaire asks the age, the report groups it, and a band identifies nobody."""

    UNDER_20 = "under_20", _("Under 20")
    FROM_20 = "20_29", _("20–29")
    FROM_30 = "30_39", _("30–39")
    FROM_40 = "40_49", _("40–49")
    FROM_50 = "50_59", _("50–59")
    FROM_60 = "60_plus", _("60 or older")


class RespondentEducation(models.TextChoices):
    PRIMARY_OR_LESS = "sd", _("Primary school (SD) or less")
    JUNIOR_HIGH = "smp", _("Junior high school (SMP)")
    SENIOR_HIGH = "sma", _("Senior high school (SMA/SMK)")
    DIPLOMA = "diploma", _("Diploma (D1–D3)")
    BACHELOR = "bachelor", _("Bachelor (D4/S1)")
    POSTGRADUATE = "postgraduate", _("Master or doctorate (S2/S3)")


class RespondentOccupation(models.TextChoices):
    CIVIL_SERVANT = "civil_servant", _("Civil servant, TNI or POLRI")
    PRIVATE_EMPLOYEE = "private_employee", _("Private-sector employee")
    SELF_EMPLOYED = "self_employed", _("Self-employed")
    STUDENT = "student", _("Student")
    OTHER = "other", _("Other")
