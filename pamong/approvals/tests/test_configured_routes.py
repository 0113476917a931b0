"""Configured routes (ApprovalRouteStep) override the flow's default; the most specific configuration wins; leave
abroad is granted by the PPK only (BKN; rules.md §2.1) and is refused while no such route is configured."""

from datetime import date

import pytest
import time_machine

from pamong.approvals.models import ApprovalRouteStep
from pamong.approvals.selectors import configured_route
from pamong.leave.errors import LeaveError
from pamong.leave.tests.factories import open_years, submit
from pamong.people.tests.factories import EmployeeFactory, PositionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen_today():
    with time_machine.travel("2026-06-01 09:00+08:00", tick=False):
        yield


@pytest.fixture
def regent(world):
    """The Bupati (the PPK), holding a post in the Sekretariat Daerah's tree for the test."""
    position = PositionFactory(org_unit=world.executive.current_unit, name="Bupati Mamuju", capacity=1)
    return EmployeeFactory(position=position, name="Sitti Sutinah Suhardi", gender="f")


def route(world, *steps, request_kind="", org_unit=None, condition=None):
    for order, (role, label, binding, position) in enumerate(steps):
        ApprovalRouteStep.objects.create(pemda=world.pemda, flow="leave", request_kind=request_kind, org_unit=org_unit,
                                         condition=condition or {}, order=order, role=role, position=position,
                                         label=label, is_binding=binding)


def approvers(application):
    return [(s.approver, s.label, s.is_binding) for s in application.process.steps.order_by("order")]


def test_an_agency_route_overrides_the_default(leave_world):
    # given the agency routes every leave to the supervisor, then the Sekretaris Daerah
    world = leave_world
    route(world, ("supervisor", "atasan langsung", False, None),
          ("position", "Sekretaris Daerah", True, world.executive.current_position))

    # when
    application = submit(world.employee)

    # then
    assert approvers(application) == [(world.supervisor, "atasan langsung", False),
                                      (world.executive, "Sekretaris Daerah", True)]


def test_a_unit_subtree_route_beats_the_agency_route(leave_world):
    world = leave_world
    route(world, ("position", "Sekretaris Daerah", True, world.executive.current_position))
    route(world, ("opd_head", "Kepala Dinas", True, None), org_unit=world.education)
    open_years(world.outsider, 2026)

    inside = submit(world.employee)
    elsewhere = submit(world.outsider)  # the Kepala Dinas Kesehatan, outside the Dinas Pendidikan tree

    assert approvers(inside) == [(world.unit_head, "Kepala Dinas", True)]
    assert approvers(elsewhere) == [(world.executive, "Sekretaris Daerah", True)]


def test_a_deeper_subtree_beats_a_shallower_one(leave_world):
    world = leave_world
    route(world, ("opd_head", "Kepala Dinas", True, None), org_unit=world.education)
    route(world, ("supervisor", "Kepala Bidang", True, None), org_unit=world.division)
    assert approvers(submit(world.employee)) == [(world.supervisor, "Kepala Bidang", True)]


def test_a_route_for_the_leave_type_beats_a_route_for_every_type(leave_world):
    world = leave_world
    route(world, ("position", "Sekretaris Daerah", True, world.executive.current_position))
    route(world, ("supervisor", "atasan langsung", True, None), request_kind="CAP")

    special = submit(world.employee, leave_type="CAP", ground="marriage")
    annual = submit(world.employee, start_date=date(2026, 8, 3), end_date=date(2026, 8, 4))

    assert approvers(special) == [(world.supervisor, "atasan langsung", True)]
    assert approvers(annual) == [(world.executive, "Sekretaris Daerah", True)]


def test_inactive_route_steps_are_ignored(leave_world):
    world = leave_world
    route(world, ("position", "Sekretaris Daerah", True, world.executive.current_position))
    ApprovalRouteStep.objects.update(is_active=False)
    assert [a for a, _label, _b in approvers(submit(world.employee))] == [world.supervisor, world.unit_head]


def test_leave_abroad_goes_to_the_ppk_route(leave_world, regent):
    # given the abroad route: the supervisor considers, the Bupati decides
    world = leave_world
    route(world, ("supervisor", "atasan langsung", False, None), ("position", "PPK", True, regent.current_position),
          condition={"abroad": True})

    # when the employee asks for leave abroad, and for leave at home
    abroad = submit(world.employee, abroad=True)
    home = submit(world.employee, start_date=date(2026, 8, 3), end_date=date(2026, 8, 4))

    # then only the request abroad goes to the PPK
    assert approvers(abroad) == [(world.supervisor, "atasan langsung", False), (regent, "PPK", True)]
    assert [a for a, _label, _b in approvers(home)] == [world.supervisor, world.unit_head]


def test_leave_abroad_without_a_configured_route_is_refused(leave_world):
    world = leave_world
    with pytest.raises(LeaveError) as refused:
        submit(world.employee, abroad=True)
    [violation] = refused.value.extra["violations"]
    assert violation["code"] == "leave.abroad_route_missing"
    assert violation["field"] == "abroad"


def test_a_route_without_the_abroad_condition_is_no_ppk_route(leave_world):
    """A general route does not say who grants leave abroad: the request is still refused."""
    world = leave_world
    route(world, ("position", "Sekretaris Daerah", True, world.executive.current_position))
    route(world, ("opd_head", "Kepala Dinas", True, None), org_unit=world.education)
    with pytest.raises(LeaveError) as refused:
        submit(world.employee, abroad=True)
    assert [v["code"] for v in refused.value.extra["violations"]] == ["leave.abroad_route_missing"]


def test_the_abroad_route_beats_a_units_own_route(leave_world, regent):
    """The PPK grants leave abroad whatever route the employee's unit has for other leave."""
    world = leave_world
    route(world, ("opd_head", "Kepala Dinas", True, None), org_unit=world.education)
    route(world, ("position", "PPK", True, regent.current_position), condition={"abroad": True})

    assert approvers(submit(world.employee, abroad=True)) == [(regent, "PPK", True)]
    assert approvers(submit(world.employee, start_date=date(2026, 8, 3), end_date=date(2026, 8, 4))) == [
        (world.unit_head, "Kepala Dinas", True)]


def test_routes_of_another_agency_or_flow_do_not_apply(world):
    ApprovalRouteStep.objects.create(pemda=world.other_pemda, flow="leave", order=0, role="supervisor", label="x")
    ApprovalRouteStep.objects.create(pemda=world.pemda, flow="skp", order=0, role="supervisor", label="y")
    assert configured_route(pemda_id=world.pemda.pk, flow="leave", request_kind="CT", unit=world.division,
                            context={}) == []
