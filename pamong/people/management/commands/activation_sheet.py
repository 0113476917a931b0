"""Issue activation codes for a unit or an import batch from the command line and write the printable sheet.

For the first roll-out of a large agency (tens of thousands of employees), where building the sheet in a web
request would take too long. It runs as a named HR admin (who is checked and recorded in the audit trail
exactly as in the web screen) and writes the PDF, the only copy of the codes, to --out (mode 0600).
"""

import os

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse

from pamong.accounts.mail import site_url
from pamong.core.errors import DomainError
from pamong.people.activation import activation_issue, employees_of_import, employees_of_unit
from pamong.people.activation_sheet import activation_sheet_pdf
from pamong.people.models import ImportJob, OrgUnit


class Command(BaseCommand):
    help = "Issue activation codes to a unit subtree or an applied import and write the PDF sheet."

    def add_arguments(self, parser):
        parser.add_argument("--actor", required=True, help="Username of the HR admin who issues the codes.")
        target = parser.add_mutually_exclusive_group(required=True)
        target.add_argument("--unit", help="Public id of the unit (its sub-units are included).")
        target.add_argument("--import-job", help="Public id of an applied import.")
        parser.add_argument("--all", action="store_true", help="Also accounts that are already activated.")
        parser.add_argument("--out", required=True, help="Where to write the PDF (must not exist).")

    def handle(self, *args, actor: str, unit: str | None, import_job: str | None, all: bool, out: str, **options):
        user = get_user_model().objects.filter(username=actor, is_active=True).first()
        if user is None or user.pemda_id is None:
            raise CommandError(f"No active login {actor!r} of a regional government.")
        if os.path.exists(out):
            raise CommandError(f"{out} exists; choose a new file (the sheet is the only copy of the codes).")
        try:
            if unit:
                scope_unit = OrgUnit.objects.filter(pemda_id=user.pemda_id, public_id=unit).first()
                if scope_unit is None:
                    raise CommandError("No such unit in the actor's regional government.")
                employees = employees_of_unit(actor=user, unit=scope_unit, only_new=not all)
                scope = f"unit:{scope_unit.public_id} {scope_unit.name}"
            else:
                job = ImportJob.objects.filter(pemda_id=user.pemda_id, public_id=import_job).first()
                if job is None:
                    raise CommandError("No such import in the actor's regional government.")
                employees = employees_of_import(actor=user, job=job, only_new=not all)
                scope = f"import:{job.public_id} {job.original_name}"
            with transaction.atomic():
                rows = activation_issue(actor=user, employees=employees, scope=scope)
                pdf = activation_sheet_pdf(pemda=user.pemda, rows=rows, activate_url=site_url(reverse("accounts:activate")))
                descriptor = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                with os.fdopen(descriptor, "wb") as handle:
                    handle.write(pdf)
        except PermissionDenied:
            raise CommandError(f"{actor} may not issue codes here.") from None
        except (ValueError, DomainError) as exc:
            raise CommandError(str(getattr(exc, "message", exc))) from None
        self.stdout.write(f"{len(rows)} activation codes issued; sheet written to {out}.")
