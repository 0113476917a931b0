"""Attendance's part of an employee's personal-data archive (UU 27/2022 Pasal 7): the machine ids mapped to them,
their punches, the derived days, official duties, correction requests, the absence alerts sent and the yearly count of unexcused days. Documents are
listed by name only. Registered from registrations.register()."""

from pamong.people.personal_data import register_personal_data_source, rows

from .models import AbsenceAlert, AbsenceYearTally, AttendanceDay, DayCorrection, DeviceUser, OfficialDuty, Punch


def _attendance(employee) -> dict:
    return {
        "machine_user_ids": rows(DeviceUser.objects.filter(employee=employee).select_related("device", "pemda")
                                 .order_by("pk"), exclude=("created_by",)),
        "punches": rows(Punch.objects.filter(employee=employee).select_related("device", "pemda").order_by("at"),
                        exclude=("batch", "recorded_by")),
        "days": rows(AttendanceDay.objects.filter(employee=employee).select_related("org_unit", "pemda")
                     .order_by("date"), exclude=("duty", "correction", "leave_application_id")),
        "official_duties": rows(OfficialDuty.objects.filter(employee=employee).select_related("pemda")
                                .order_by("start", "pk"), exclude=("recorded_by",)),
        "corrections": rows(DayCorrection.objects.filter(employee=employee).select_related("pemda")
                            .order_by("start", "pk"), exclude=("requested_by", "process")),
        "absence_alerts": rows(AbsenceAlert.objects.filter(employee=employee).order_by("year", "threshold", "pk")),
        "unexcused_days_per_year": rows(AbsenceYearTally.objects.filter(employee=employee).select_related("pemda")
                                        .order_by("year")),
    }


def register() -> None:
    register_personal_data_source("attendance", build=_attendance, models=(
        "attendance.deviceuser", "attendance.punch", "attendance.attendanceday", "attendance.officialduty",
        "attendance.daycorrection", "attendance.absencealert", "attendance.absenceyeartally"))
