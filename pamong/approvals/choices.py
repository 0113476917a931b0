from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Outcome(models.TextChoices):
    """The four answers of the official leave form (Perban 24/2017 Lampiran I.b, sections VII–VIII)."""

    # Context "outcome": translated as the boxes of the form read (Disetujui / Perubahan / Ditangguhkan / Tidak
    # disetujui, STYLE.md §4.13), the same words at the supervisor's consideration and the official's decision.
    APPROVE = "approve", pgettext_lazy("outcome", "Approve")
    CHANGE = "change", pgettext_lazy("outcome", "Approve with changes")
    DEFER = "defer", pgettext_lazy("outcome", "Defer")
    REJECT = "reject", pgettext_lazy("outcome", "Do not approve")


class ApproverRole(models.TextChoices):
    """How a step's approver is found in the position hierarchy at submission time."""

    SUPERVISOR = "supervisor", _("Direct supervisor (atasan langsung)")
    OPD_HEAD = "opd_head", _("Head of the agency unit (kepala perangkat daerah)")
    POSITION = "position", _("Holder of a given position")
    # Any other holder of a right in the requester's agency (e.g. a second HR admin); see StepSpec.permission.
    PERMISSION = "permission", _("Another holder of a right in the agency")


class ProcessStatus(models.TextChoices):
    PENDING = "pending", _("In progress")
    APPROVED = "approved", _("Approved")
    CHANGED = "changed", _("Approved with changes")
    DEFERRED = "deferred", _("Deferred")
    REJECTED = "rejected", _("Not approved")
    CANCELLED = "cancelled", _("Cancelled")


class StepState(models.TextChoices):
    WAITING = "waiting", _("Waiting")
    ACTIVE = "active", _("Awaiting action")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class ActingKind(models.TextChoices):
    """Plt (pelaksana tugas) covers a vacant post; Plh (pelaksana harian) covers a short absence."""

    PLT = "plt", "Plt"
    PLH = "plh", "Plh"


FINAL_STATUS_FOR_OUTCOME = {
    Outcome.APPROVE: ProcessStatus.APPROVED,
    Outcome.CHANGE: ProcessStatus.CHANGED,
    Outcome.DEFER: ProcessStatus.DEFERRED,
    Outcome.REJECT: ProcessStatus.REJECTED,
}
