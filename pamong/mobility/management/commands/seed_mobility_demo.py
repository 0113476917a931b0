"""Seed the mobility demo for the demo kabupaten (issue #13): ABK of several OPDs, a placement run over 30
vacancies, KP/KGB proposals in several states, then the mutation and talent demos. Idempotent: a second run changes
nothing (the first one leaves an audit event marking the agency seeded)."""

import random
import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from pamong.audit.models import AuditEvent
from pamong.audit.registry import register_action_labels
from pamong.audit.services import audit_record
from pamong.mobility.demo_mutation import seed_mutations
from pamong.mobility.demo_placement import seed_placement
from pamong.mobility.demo_promotion import seed_promotions
from pamong.mobility.demo_talent import seed_talent
from pamong.mobility.demo_workload import seed_workload
from pamong.mobility.models import PlacementRun, WorkloadAnalysis
from pamong.mobility.promotion_models import PromotionProposal
from pamong.people.demo import PEMDA_NAME, demo_accounts
from pamong.people.models import Pemda

MOBILITY_DEMO_ACTION = "mobility.demo_seeded"
register_action_labels({MOBILITY_DEMO_ACTION: gettext_lazy("Mobility demo seeded")})


def seed_mobility_demo(pemda: Pemda, *, seed: int = 1) -> dict | None:
    """Seed *pemda* once; None when it was seeded before."""
    if AuditEvent.objects.filter(action=MOBILITY_DEMO_ACTION, pemda_id=pemda.pk).exists():
        return None
    accounts = {account["role"]: account["username"] for account in demo_accounts(pemda)}
    users = get_user_model().objects.filter(username__in=[accounts.get("hr_admin"), accounts.get("hr_admin_2")])
    by_name = {user.username: user for user in users}
    hr, hr2 = by_name.get(accounts.get("hr_admin")), by_name.get(accounts.get("hr_admin_2"))
    if hr is None:
        raise CommandError("The demo agency has no HR admin account: run `manage.py seed_demo` first.")
    rng = random.Random(seed)  # noqa: S311 - reproducible demo data, not secrets
    today = timezone.localdate()
    counts = {}
    with transaction.atomic():
        counts["workload_analyses"] = len(seed_workload(pemda, rng, hr, year=today.year))
        run = seed_placement(pemda, rng, hr, year=today.year)
        counts["placement_vacancies"] = len(run.positions) if run else 0
        counts["placement_assigned"] = len(run.assignment) if run else 0
        promotions = seed_promotions(pemda, rng, hr, hr2, today=today)
        counts.update(proposals=len(promotions.proposals), approved=promotions.approved,
                      rejected=promotions.rejected)
        counts["mutations"] = seed_mutations(pemda, rng, hr)
        seed_talent(pemda, rng, hr)
        counts["talent"] = "seeded"
        audit_record(actor=None, action=MOBILITY_DEMO_ACTION, target=pemda, pemda_id=pemda.pk,
                     changes={"seeded": [None, counts]})
    return counts


class Command(BaseCommand):
    help = "Seed the mobility demo (ABK, a placement run, KP/KGB proposals, mutations, talent) once."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, **options) -> None:
        pemdas = list(Pemda.objects.filter(name=PEMDA_NAME))
        if not pemdas:
            raise CommandError("Run `manage.py seed_demo` first: the demo agency does not exist.")
        for pemda in pemdas:
            started = time.monotonic()
            counts = seed_mobility_demo(pemda, seed=options["seed"])
            if counts is None:
                self.stdout.write(f"The mobility demo of {pemda.name} already exists; nothing changed.")
            else:
                self.stdout.write(f"Seeded the mobility demo of {pemda.name} in {time.monotonic() - started:.1f} s.")
            self.stdout.write(", ".join([
                f"workload analyses {WorkloadAnalysis.objects.filter(pemda=pemda).count()}",
                f"placement runs {PlacementRun.objects.filter(pemda=pemda).count()}",
                f"KP/KGB proposals {PromotionProposal.objects.filter(pemda=pemda).count()}"]))
