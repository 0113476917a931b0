"""Mutation pages: the list (scoped, filtered, constant queries), the form with its live checklist (htmx) and its
refusals in Bahasa Indonesia, the detail with the decision form, the decree PDF, the placement run's proposals."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from pamong.mobility.mutation_models import MutationProposal, MutationStatus
from pamong.mobility.services.mutation import mutation_create, mutation_decide
from pamong.mobility.services.placement import placement_run
from pamong.people.tests.factories import EmployeeFactory, PositionFactory

pytestmark = pytest.mark.django_db
LIST = reverse("mobility:mutation-list")
NEW = reverse("mobility:mutation-create")


def propose(world, extra, employee=None, **kwargs):
    values = {"kind": "intra", "position": extra.target, "effective_date": extra.tmt}
    values.update(kwargs)
    return mutation_create(actor=world.hr_admin.user, employee=employee or world.employee, **values)


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_list_is_scoped_filtered_and_constant(client, login, world, extra):
    propose(world, extra)
    login(world.hr_admin)
    few = _count(client, LIST)
    for index in range(6):
        person = EmployeeFactory(position=world.staff_position, name=f"Orang {index}")
        propose(world, extra, employee=person, position=PositionFactory(org_unit=world.health, name=f"Pos {index}"),
                submit=False)
    assert _count(client, LIST) <= few
    page = client.get(LIST, {"status": "draft"}).content.decode()
    assert "Orang 0" in page
    assert "Budi Santoso" not in page
    login(world.peer)
    assert "Budi Santoso" not in client.get(LIST).content.decode()
    login(world.unit_head)
    assert "Budi Santoso" in client.get(LIST).content.decode()


def test_form_previews_the_checklist_with_htmx(client, login, world, extra):
    login(world.hr_admin)
    answer = client.get(NEW, {"preview": "1", "employee": world.employee.nip, "kind": "intra",
                              "position": str(extra.target.public_id), "effective_date": extra.tmt.isoformat()},
                        headers={"HX-Request": "true"})
    html = answer.content.decode()
    assert answer.status_code == 200
    assert 'id="checklist"' in html
    assert 'data-code="mobility.no_capacity" data-blocking="yes" data-passed="yes"' in html
    assert "<form" not in html
    assert not MutationProposal.objects.exists()


def test_form_submits_and_refuses_in_the_form(client, login, world, extra):
    login(world.hr_admin)
    EmployeeFactory(position=extra.target, name="Penghuni")
    refused = client.post(NEW, {"employee": world.employee.nip, "kind": "intra",
                                "position": str(extra.target.public_id), "effective_date": extra.tmt.isoformat()})
    assert refused.status_code == 422
    assert 'data-code="mobility.no_capacity" data-blocking="yes" data-passed="no"' in refused.content.decode()
    other = PositionFactory(org_unit=world.health, name="Pos Kosong", capacity=1)
    created = client.post(NEW, {"employee": world.employee.nip, "kind": "intra", "position": str(other.public_id),
                                "effective_date": extra.tmt.isoformat(), "reason": "Penyegaran"})
    proposal = MutationProposal.objects.get()
    assert created.status_code == 302
    assert (proposal.target_position_id, proposal.status, proposal.reason) == (other.pk, "pending", "Penyegaran")
    unknown = client.post(NEW, {"employee": "199001012020011999", "kind": "intra",
                                "effective_date": extra.tmt.isoformat()})
    assert unknown.status_code == 422


def test_employee_own_request_form_is_prefilled(client, login, world, extra):
    login(world.employee)
    assert world.employee.nip in client.get(NEW).content.decode()


def test_an_employee_finds_their_transfer_requests_in_their_menu(client, login, world, extra):
    employee = login(world.employee)
    home = employee.get(reverse("people:home")).content.decode()
    assert f'id="nav-my-mutations" href="{reverse("mobility:mutation-list")}"' in home
    listing = employee.get(reverse("mobility:mutation-list")).content.decode()
    assert 'id="mutation-create-link"' in listing  # they may ask for their own move


def test_detail_decide_and_decree(client, login, world, extra):
    proposal = propose(world, extra, effective_date=timezone.localdate())
    for actor in (world.unit_head, world.outsider, world.executive):
        proposal = mutation_decide(actor=actor.user, proposal=proposal, outcome="approve")
    url = reverse("mobility:mutation-detail", args=[proposal.public_id])
    login(world.hr_admin)
    assert 'id="mutation-decide"' not in client.get(url).content.decode()  # the proposer
    login(extra.hr2)
    assert 'id="mutation-decide"' in client.get(url).content.decode()
    missing = client.post(reverse("mobility:mutation-decide", args=[proposal.public_id]), {"outcome": "reject"})
    assert missing.status_code == 422
    done = client.post(reverse("mobility:mutation-decide", args=[proposal.public_id]), {"outcome": "approve"})
    assert done.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == MutationStatus.APPROVED
    pdf = client.get(reverse("mobility:mutation-decree", args=[proposal.public_id]))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    login(world.other_pemda_admin)
    assert client.get(url).status_code == 404


def test_placement_run_becomes_draft_proposals(client, login, world, extra):
    post = PositionFactory(org_unit=world.health, name="Pengolah Data Statistik", capacity=1)
    fresh = EmployeeFactory(position=world.staff_position, name="Baru Sekali")
    from pamong.people.models import PositionHistory

    PositionHistory.objects.filter(employee=fresh).update(effective_date=timezone.localdate())
    run = placement_run(world.hr_admin.user, world.pemda, positions=[str(post.public_id), str(extra.target.public_id)],
                        candidates=[str(world.peer.public_id), str(fresh.public_id)])
    login(world.hr_admin)
    page = client.get(reverse("mobility:placement-detail", args=[run.public_id])).content.decode()
    assert 'id="placement-to-mutations"' in page
    answer = client.post(reverse("mobility:mutation-from-placement", args=[run.public_id]),
                         {"effective_date": extra.tmt.isoformat()})
    html = answer.content.decode()
    assert answer.status_code == 200
    assert MutationProposal.objects.filter(status="draft", placement_run=run).count() == 1
    assert "mobility.min_time_in_post" in html  # the newly placed candidate is skipped with its code
    login(world.executive)
    assert client.post(reverse("mobility:mutation-from-placement", args=[run.public_id]),
                       {"effective_date": extra.tmt.isoformat()}).status_code == 403


def test_preview_and_form_say_who_may_not_be_proposed(client, login, world, extra):
    login(world.peer)
    preview = client.get(NEW, {"preview": "1", "employee": world.employee.nip, "kind": "intra",
                               "effective_date": extra.tmt.isoformat()}, headers={"HX-Request": "true"})
    assert 'id="checklist-errors"' in preview.content.decode()
    refused = client.post(NEW, {"employee": world.employee.nip, "kind": "intra",
                                "position": str(extra.target.public_id), "effective_date": extra.tmt.isoformat()})
    assert refused.status_code == 422
    assert not MutationProposal.objects.exists()


def test_withdraw_from_the_page(client, login, world, extra):
    proposal = propose(world, extra, submit=False)
    url = reverse("mobility:mutation-cancel", args=[proposal.public_id])
    login(world.hr_admin)
    assert 'id="mutation-cancel"' in client.get(reverse("mobility:mutation-detail", args=[proposal.public_id])
                                                 ).content.decode()
    assert client.post(url, {"reason": ""}).status_code == 422
    assert client.post(url, {"reason": "Salah pilih pegawai"}).status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == MutationStatus.CANCELLED
