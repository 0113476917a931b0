"""People's export kind: the directory export (pamong.people.exports), registered with export_jobs."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import exports
from .export_jobs import EMPLOYEES, register_export_kind
from .permissions import can_export_employees


def register() -> None:
    register_export_kind(
        EMPLOYEES, label=gettext_lazy("Employee export"), count=exports.employees_export_count,
        write=exports.employees_export_write, filename=exports.employees_export_filename,
        allowed=can_export_employees, back=lambda job: (_("Employees"), reverse("people:employee-list")),
    )
