"""KP/KGB proposal pages: the propose buttons on the KP/KGB lists, propose (one, bulk), detail, decide; refusals in
HTML with their status, and constant query counts."""

from datetime import date

import pytest
from django.urls import reverse

from pamong.mobility.promotion_models import PromotionProposal, ProposalStatus
from pamong.people.models import RankHistory
from pamong.people.tests.factories import EmployeeFactory, PositionFactory

from .conftest import ranked, rate

pytestmark = [pytest.mark.django_db]


@pytest.fixture
def signed_in(login):
    def _as(client, employee):
        return login(employee)

    return _as


def test_the_kp_list_offers_the_propose_buttons_and_the_bulk_form(client, signed_in, world, due, hr2):
    response = signed_in(client, world.hr_admin).get(reverse("mobility:list-kp"), {"month_from": "2027-04",
                                                                                  "month_to": "2027-04"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="promotion-bulk-form"' in html
    assert f'data-propose="{due.public_id}"' in html
    executive = signed_in(client, world.executive).get(reverse("mobility:list-kp"))
    assert 'id="promotion-bulk-form"' not in executive.content.decode()
    assert "data-propose=" not in executive.content.decode()


def test_propose_page_shows_the_checks_and_proposes(client, signed_in, world, due, hr2):
    url = reverse("mobility:promotion-propose", args=[due.public_id, "kp"])
    page = signed_in(client, world.hr_admin).get(url)
    assert page.status_code == 200
    assert 'data-verdict="eligible"' in page.content.decode()
    response = client.post(url, {"note": "Usul periode April"})
    proposal = PromotionProposal.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("mobility:promotion-detail", args=[proposal.public_id])
    assert (proposal.to_golongan.code, proposal.note) == ("III/c", "Usul periode April")
    listed = client.get(reverse("mobility:list-kp"), {"month_from": "2027-04", "month_to": "2027-04"})
    row = listed.content.decode().split(f'id="kp-{due.public_id}"')[1].split("</tr>")[0]
    assert 'data-proposal="pending"' in row
    assert "data-propose=" not in row
    again = client.post(url, {"note": ""})
    assert again.status_code == 409
    assert "sudah" in again.content.decode() or "already" in again.content.decode()


def test_propose_refusals_in_html(client, signed_in, world, due, hr2, blocked):
    blocked.add(due.pk)
    url = reverse("mobility:promotion-propose", args=[due.public_id, "kp"])
    page = signed_in(client, world.hr_admin).get(url)
    assert 'data-code="mobility.restricted"' in page.content.decode()
    assert client.post(url, {}).status_code == 422
    assert client.get(reverse("mobility:promotion-propose", args=[due.public_id, "xyz"])).status_code == 404
    assert client.get(reverse("mobility:promotion-propose",
                              args=[world.other_pemda_employee.public_id, "kp"])).status_code == 404
    own = client.post(reverse("mobility:promotion-propose", args=[world.hr_admin.public_id, "kgb"]), {})
    assert own.status_code == 403
    assert signed_in(client, world.executive).get(url).status_code == 403
    assert not PromotionProposal.objects.exists()


def test_bulk_page_lists_proposed_and_skipped(client, signed_in, world, due, hr2):
    ceiling = ranked(world.peer, "III/b", date(2023, 3, 2), education="sma")
    response = signed_in(client, world.hr_admin).post(reverse("mobility:promotion-bulk"),
                                                   {"kind": "kp", "period": "2027-04"})
    assert response.status_code == 200
    html = response.content.decode()
    assert f'data-employee="{due.public_id}"' in html
    assert f'data-employee="{ceiling.public_id}" data-code="mobility.education_ceiling"' in html
    assert PromotionProposal.objects.filter(employee=due).exists()
    assert client.post(reverse("mobility:promotion-bulk"), {"kind": "kp", "period": "2027-02"}).status_code == 422
    assert client.post(reverse("mobility:promotion-bulk"), {"kind": "kp", "period": "x"}).status_code == 422
    assert signed_in(client, world.auditor).post(reverse("mobility:promotion-bulk"),
                                              {"kind": "kp", "period": "2027-04"}).status_code == 403


def test_detail_and_decision(client, signed_in, world, due, hr2):
    signed_in(client, world.hr_admin).post(reverse("mobility:promotion-propose", args=[due.public_id, "kp"]), {})
    proposal = PromotionProposal.objects.get()
    detail = reverse("mobility:promotion-detail", args=[proposal.public_id])
    decide = reverse("mobility:promotion-decide", args=[proposal.public_id])
    page = client.get(detail)
    assert 'id="promotion-own"' in page.content.decode()
    assert 'id="promotion-decide-form"' not in page.content.decode()
    assert client.post(decide, {"outcome": "approve"}).status_code == 403
    signed_in(client, hr2)
    assert 'id="promotion-decide-form"' in client.get(detail).content.decode()
    missing = client.post(decide, {"outcome": "reject", "reason": ""})
    assert missing.status_code == 422
    assert client.post(decide, {"outcome": "maybe"}).status_code == 422
    done = client.post(decide, {"outcome": "approve"})
    assert done.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.APPROVED
    assert RankHistory.objects.filter(employee=due, golongan__code="III/c").exists()
    assert 'id="promotion-effect"' in client.get(detail).content.decode()
    assert signed_in(client, world.other_pemda_admin).get(detail).status_code == 404
    assert signed_in(client, world.employee).get(detail).status_code == 403
    assert signed_in(client, world.executive).post(decide, {"outcome": "approve"}).status_code in (403, 409)


def test_list_filters_and_constant_queries(client, signed_in, world, due, hr2, django_assert_max_num_queries):
    signed_in(client, world.hr_admin).post(reverse("mobility:promotion-propose", args=[due.public_id, "kp"]), {})
    url = reverse("mobility:promotion-list")
    assert client.get(url, {"period": "bad"}).status_code == 422
    assert "promotion-table" in client.get(url, {"kind": "kp", "status": "pending"}).content.decode()
    client.get(url)
    with django_assert_max_num_queries(30) as captured:
        client.get(url)
    first_list = len(captured)
    kp_list = reverse("mobility:list-kp")
    with django_assert_max_num_queries(40) as captured:
        client.get(kp_list)
    first_kp = len(captured)
    for index in range(4):
        extra = EmployeeFactory(position=PositionFactory(org_unit=world.education, name=f"Staf {index}"))
        ranked(extra, "III/b", date(2023, 3, 10 + index))
        rate(world, extra, 2025)
        rate(world, extra, 2026)
        client.post(reverse("mobility:promotion-propose", args=[extra.public_id, "kp"]), {})
    assert PromotionProposal.objects.count() == 5
    with django_assert_max_num_queries(first_list):
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(first_kp):
        assert client.get(kp_list).status_code == 200
