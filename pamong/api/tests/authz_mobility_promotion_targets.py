"""Targets of the issue #13 KP/KGB proposal routes and operations (helper F) for both authorization matrices, built
only for the route or operation that needs them."""

from django.utils import timezone

from pamong.mobility.services.promotion import promotion_propose
from pamong.people.tests.factories import EmployeeFactory, PositionFactory


def second_hr_admin(world):
    """A second HR admin of Mamuju (BKPSDM): proposes, so that the world's HR admin may decide."""
    found = getattr(world, "_promotion_hr2", None)
    if found is None:
        found = EmployeeFactory(position=PositionFactory(org_unit=world.hr_admin.current_unit,
                                                         name="Analis Kenaikan Pangkat"),
                                name="Rahmat Hidayat", roles=["hr_admin"])
        world._promotion_hr2 = found
    return found


def proposal(world):
    """The employee's KGB, proposed by the second HR admin and waiting for another HR admin (the world's)."""
    return promotion_propose(actor=second_hr_admin(world).user, employee=world.employee, kind="kgb")


def proposal_kwargs(world) -> dict:
    return {"public_id": proposal(world).public_id}


def propose_kwargs(world) -> dict:
    second_hr_admin(world)  # someone to decide what the world's HR admin proposes
    return {"employee_id": world.employee.public_id, "kind": "kgb"}


def create_body(world) -> dict:
    """POST /promotions/proposals: the employee's KGB (a second HR admin exists to decide it)."""
    second_hr_admin(world)
    return {"employee": str(world.employee.public_id), "kind": "kgb"}


def bulk_body(world) -> dict:
    return {"kind": "kgb", "period": f"{timezone.localdate():%Y-%m}"}
