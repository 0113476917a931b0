"""Seed the public-voice demo for the demo kabupaten (issue #14): service points with a semester of satisfaction
questionnaires, and complaints in every state. Idempotent: a second run changes nothing."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from pamong.feedback.complaint_demo import seed_complaints
from pamong.feedback.demo import seed_feedback
from pamong.people.demo import PEMDA_NAME, demo_accounts
from pamong.people.models import Pemda


class Command(BaseCommand):
    help = ("Seed the satisfaction survey demo of the demo agency (service points and questionnaires) and its "
            "complaints, once.")

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, **options):
        pemda = Pemda.objects.filter(name=PEMDA_NAME).first()
        if pemda is None:
            raise CommandError("The demo agency does not exist: run `manage.py seed_demo` first.")
        accounts = {account["role"]: account["username"] for account in demo_accounts(pemda)}
        hr = get_user_model().objects.filter(username=accounts.get("hr_admin")).first()
        if hr is None:
            raise CommandError("The demo agency has no HR admin account: run `manage.py seed_demo` first.")
        with transaction.atomic():
            counts = seed_feedback(pemda, hr, seed=options["seed"])
            complaints = seed_complaints(pemda, hr, seed=options["seed"])
        if not counts:
            self.stdout.write("The survey demo already exists; nothing changed.")
        for name, count in counts.items():
            self.stdout.write(f"{name}: {count} questionnaires")
        if not complaints:
            self.stdout.write("The complaints demo already exists; nothing changed.")
        for status, count in complaints.items():
            self.stdout.write(f"complaints {status}: {count}")
