from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from pamong.audit.registry import register_action_labels


class AttendanceAudit(StrEnum):
    SETTINGS_CHANGED = "attendance.settings_changed"
    SCHEDULE_SAVED = "attendance.schedule_saved"
    DEVICE_SAVED = "attendance.device_saved"
    MAPPING_SAVED = "attendance.mapping_saved"
    MAPPING_REMOVED = "attendance.mapping_removed"
    PUNCHES_IMPORTED = "attendance.punches_imported"
    DAY_RECORDED = "attendance.day_recorded"  # punches recorded by hand
    DUTY_RECORDED = "attendance.duty_recorded"
    DUTY_CANCELLED = "attendance.duty_cancelled"
    CORRECTION_REQUESTED = "attendance.correction_requested"
    CORRECTION_DECIDED = "attendance.correction_decided"
    MONTH_VERIFIED = "attendance.month_verified"
    MONTH_CLOSED = "attendance.month_closed"
    MONTH_CHANGED_AFTER_CLOSE = "attendance.month_changed_after_close"
    RECAP_EXPORTED = "attendance.recap_exported"
    SUMMARY_VIEWED = "attendance.summary_viewed"


register_action_labels(
    {
        AttendanceAudit.SETTINGS_CHANGED: _("Attendance settings changed"),
        AttendanceAudit.SCHEDULE_SAVED: _("Working hours saved"),
        AttendanceAudit.DEVICE_SAVED: _("Attendance machine saved"),
        AttendanceAudit.MAPPING_SAVED: _("Machine user linked to an employee"),
        AttendanceAudit.MAPPING_REMOVED: _("Machine user link removed"),
        AttendanceAudit.PUNCHES_IMPORTED: _("Attendance punches imported"),
        AttendanceAudit.DAY_RECORDED: _("Attendance recorded by hand"),
        AttendanceAudit.DUTY_RECORDED: _("Official duty recorded"),
        AttendanceAudit.DUTY_CANCELLED: _("Official duty cancelled"),
        AttendanceAudit.CORRECTION_REQUESTED: _("Attendance correction requested"),
        AttendanceAudit.CORRECTION_DECIDED: _("Attendance correction decided"),
        AttendanceAudit.MONTH_VERIFIED: _("Attendance month verified"),
        AttendanceAudit.MONTH_CLOSED: _("Attendance month closed"),
        AttendanceAudit.MONTH_CHANGED_AFTER_CLOSE: _("Closed attendance month changed by a correction"),
        AttendanceAudit.RECAP_EXPORTED: _("Attendance recap exported"),
        AttendanceAudit.SUMMARY_VIEWED: _("Absence summary viewed"),
    }
)
