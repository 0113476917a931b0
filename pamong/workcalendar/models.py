from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pamong.core.models import PublicIdModel

from .choices import DayKind, DaySource


class CalendarDayQuerySet(models.QuerySet["CalendarDay"]):
    def between(self, start, end):
        return self.filter(date__gte=start, date__lte=end)


class CalendarDay(PublicIdModel):
    """A day off for the whole agency: a national holiday, a cuti bersama day or a regional holiday.

    One row per Pemda and date. Weekends are not stored: the working week is a
    rule (workcalendar.rules). Cuti bersama is a calendar fact, never a leave
    application, so it never reduces an ASN's cuti tahunan (PP 11/2017 Pasal 333).
    """

    pemda = models.ForeignKey("people.Pemda", on_delete=models.PROTECT, related_name="calendar_days")
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=24, choices=DayKind.choices)
    name = models.CharField(_("name"), max_length=200)
    source = models.CharField(_("source"), max_length=16, choices=DaySource.choices, default=DaySource.MANUAL)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = CalendarDayQuerySet.as_manager()

    class Meta:
        ordering = ["date"]
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        constraints = [models.UniqueConstraint(fields=["pemda", "date"], name="calendar_day_one_per_date")]
        permissions = [("manage_calendar", "Can maintain the holiday calendar")]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.name}"
