"""The unit recap download: leaders' scope, audited, bad filters fall back, constant queries."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from pamong.audit.models import AuditEvent
from pamong.people.tests.factories import EmployeeFactory
from pamong.performance.exports import RECAP_EXPORTED
from pamong.performance.tests.test_documents import _plan, build_line, build_rated

pytestmark = pytest.mark.django_db
RECAP = reverse("performance:recap-xlsx")


@pytest.fixture
def line(world):
    return build_line(world)


@pytest.fixture
def rated(world, line):
    return build_rated(world, line)


def _nips(response) -> set[str]:
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    return {row[1] for row in list(sheet.iter_rows(values_only=True))[2:]}


def test_a_unit_head_downloads_the_recap_of_their_tree_by_default(world, rated, login):
    response = login(world.supervisor).get(RECAP, {"period": "2026-01"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    assert "2026-01" in response["Content-Disposition"]
    assert _nips(response) == {world.supervisor.nip, world.employee.nip, world.peer.nip}
    event = AuditEvent.objects.get(action=RECAP_EXPORTED)
    assert event.changes == {"unit": [None, world.division.name], "period": [None, "2026-01"], "rows": [None, 3]}


def test_hr_recaps_the_agency_or_a_chosen_unit(world, rated, login):
    client = login(world.hr_admin)

    agency = _nips(client.get(RECAP, {"period": "2026-01"}))
    unit = _nips(client.get(RECAP, {"period": "2026-01", "unit": str(world.division.public_id)}))

    assert world.outsider.nip in agency
    assert world.other_pemda_employee.nip not in agency
    assert unit == {world.supervisor.nip, world.employee.nip, world.peer.nip}


def test_a_unit_head_cannot_recap_a_unit_outside_their_tree(world, login):
    response = login(world.outsider).get(RECAP, {"unit": str(world.education.public_id)})

    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action=RECAP_EXPORTED).exists()


def test_a_unit_of_another_agency_is_not_found(world, login):
    from pamong.people.models import OrgUnit

    palu = OrgUnit.objects.filter(pemda=world.other_pemda).first()

    assert login(world.hr_admin).get(RECAP, {"unit": str(palu.public_id)}).status_code == 404
    assert login(world.hr_admin).get(RECAP, {"unit": "not-a-uuid"}).status_code == 404


@pytest.mark.parametrize("persona", ["employee", "peer", "superadmin"])
def test_who_leads_no_unit_gets_no_recap(world, login, persona):
    response = login(getattr(world, persona)).get(RECAP)

    assert response.status_code == 403
    assert not AuditEvent.objects.filter(action=RECAP_EXPORTED).exists()


def test_a_bad_period_falls_back_to_the_latest_ended_one(world, login):
    response = login(world.supervisor).get(RECAP, {"period": "2026-13"})

    assert response.status_code == 200
    assert "2026-13" not in response["Content-Disposition"]


def test_list_queries_do_not_grow_with_rows(world, rated, login):
    client = login(world.unit_head)
    client.get(RECAP, {"period": "2026-01"})
    with CaptureQueriesContext(connection) as few:
        b"".join(client.get(RECAP, {"period": "2026-01"}).streaming_content)
    supported = rated.skp.results.get().parent
    for index in range(5):
        person = EmployeeFactory(position=world.staff_position, name=f"Guru Tambahan {index}")
        _plan(person, text=f"Hasil {index}", appraiser=world.supervisor, parent=supported,
              indicators=[("Jumlah laporan", "quantity", "12", "laporan")])

    with CaptureQueriesContext(connection) as many:
        response = client.get(RECAP, {"period": "2026-01"})
        nips = _nips(response)

    assert len(nips) == 9
    assert len(many) == len(few)
