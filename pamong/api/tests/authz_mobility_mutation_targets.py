"""Targets of the mutation routes and operations (issue #13, helper D) for both authorization matrices, built only
for the route or operation that needs them: the employee's proposals by Mamuju's HR to a vacant post of the health
office (its head, the outsider, considers), at each stage."""

from datetime import timedelta

from django.utils import timezone

from pamong.mobility.services.mutation import mutation_create, mutation_decide
from pamong.people.models import OrgUnit
from pamong.people.tests.factories import EmployeeFactory, PositionFactory


def _target(world):
    return PositionFactory(org_unit=world.health, name="Pengelola Data Kesehatan", capacity=1)


def body(world) -> dict:
    """A valid proposal of the employee's move: the only reason for a refusal is the actor."""
    return {"employee": str(world.employee.public_id), "kind": "intra", "position": str(_target(world).public_id),
            "effective_date": (timezone.localdate() + timedelta(days=14)).isoformat()}


def _propose(world, submit: bool = True):
    return mutation_create(actor=world.hr_admin.user, employee=world.employee, kind="intra", position=_target(world),
                           effective_date=timezone.localdate() + timedelta(days=14), submit=submit)


def pending(world):
    """Awaiting the first consideration (the head of the employee's OPD)."""
    return _propose(world)


def draft(world):
    return _propose(world, submit=False)


def at_sekda(world):
    """Considered by both OPD heads: awaiting the Sekretaris Daerah (the executive)."""
    proposal = _propose(world)
    for approver in (world.unit_head, world.outsider):
        proposal = mutation_decide(actor=approver.user, proposal=proposal, outcome="approve")
    return proposal


def approved(world):
    """Decided by a second HR admin of Mamuju (the proposer never decides)."""
    proposal = at_sekda(world)
    bkpsdm = OrgUnit.objects.get(pemda=world.pemda, name="BKPSDM")
    second = EmployeeFactory(position=PositionFactory(org_unit=bkpsdm, name="Analis Mutasi"), name="Fajar Nugroho",
                             roles=["hr_admin"])
    for approver in (world.executive, second):
        proposal = mutation_decide(actor=approver.user, proposal=proposal, outcome="approve")
    return proposal
