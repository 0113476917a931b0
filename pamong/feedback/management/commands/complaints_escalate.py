"""Escalate overdue complaints (rules.md §4.1): run daily, e.g. from cron in the agency's morning:

    0 7 * * *   cd /srv/pamong && .venv/bin/python manage.py complaints_escalate

Idempotent: each complaint is escalated once per stage (first response late, resolution late).
"""

from django.core.management.base import BaseCommand

from pamong.feedback.complaint_services import complaints_escalate


class Command(BaseCommand):
    help = "Escalate overdue complaints to their unit heads and the complaint desk (idempotent)."

    def handle(self, *args, **options) -> None:
        count = complaints_escalate()
        self.stdout.write(f"Complaints escalated: {count}.")
