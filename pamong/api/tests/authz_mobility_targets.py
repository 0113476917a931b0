"""Targets of the issue #13 (mobility) routes and operations for both authorization matrices, built only for the
route or operation that needs them."""

from pamong.mobility.services.placement import placement_run
from pamong.mobility.services.workload import analysis_save
from pamong.people.tests.factories import PositionFactory

TASKS = [{"name": "Mengolah data pendidikan", "output_unit": "laporan", "volume": "1500", "norm_minutes": "30"}]


def analysis(world):
    """The division's data officers' analysis (the employee's and the peer's position), saved by Mamuju's HR."""
    saved, _created = analysis_save(actor=world.hr_admin.user, position=world.staff_position, year=2026,
                                    tasks=TASKS)
    return saved


def run(world):
    """A solved placement of Mamuju: one vacant post in the division, the peer as the only candidate."""
    post = PositionFactory(org_unit=world.division, name="Pengolah Data Statistik", capacity=1)
    return placement_run(world.hr_admin.user, world.pemda, positions=[str(post.public_id)],
                         candidates=[str(world.peer.public_id)])


def loss_query(world, placed) -> str:
    pair = placed.assignment[0]
    return f"employee={pair['employee']}&position={pair['position']}"
