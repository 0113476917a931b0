"""Targets of the issue #13 talent and succession routes and operations (helper E) for both authorization matrices,
built only for the route or operation that needs them."""

from pamong.mobility.services.talent import succession_candidate_add, succession_plan_create


def plan(world):
    """The succession plan of Mamuju's head of education, made by Mamuju's HR, with the peer as a candidate."""
    made = succession_plan_create(actor=world.hr_admin.user, pemda=world.pemda, position=world.head_position,
                                  note="Kepala Dinas")
    succession_candidate_add(actor=world.hr_admin.user, plan=made, employee=world.peer, readiness="later")
    return made


def plan_kwargs(world) -> dict:
    return {"public_id": plan(world).public_id}


def candidate_kwargs(world) -> dict:
    made = plan(world)
    return {"public_id": made.public_id, "candidate_id": made.candidates.get().public_id}


def candidate_path(template: str, made) -> str:
    """A candidate's route: the plan's id, then its (only) candidate's."""
    return (template.replace("{plan_id}", str(made.public_id))
            .replace("{candidate_id}", str(made.candidates.get().public_id)))


def plan_body(world) -> dict:
    """POST /succession/plans: a plan for the head of education's post with the peer as a candidate."""
    return {"position": str(world.head_position.public_id),
            "candidates": [{"employee": str(world.peer.public_id), "readiness": "later"}]}
