"""Remind approvers of steps waiting past their limit (each step once). Idempotent."""

from django.core.management.base import BaseCommand

from pamong.approvals.services import approval_reminders_send


class Command(BaseCommand):
    help = "Remind approvers of overdue approval steps, and tell their supervisor where the route says so."

    def handle(self, *args, **options) -> None:
        sent = approval_reminders_send()
        self.stdout.write(f"Reminders sent for {sent} step(s).")
