"""The restrictions page, the "apply the sanction" pages and the discipline section of the people profile."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from pamong.audit.models import AuditEvent
from pamong.discipline.choices import CaseStatus, Sanction
from pamong.discipline.services.effects import EFFECTS_VIEWED, TARGET_SET
from pamong.people.choices import PositionKind
from pamong.people.profile_sections import registered_sections
from pamong.people.tests.factories import PositionFactory

from .factories import make_case

pytestmark = pytest.mark.django_db


def _running(employee, sanction=Sanction.TPP_CUT_12, **kwargs):
    start = timezone.localdate() - timedelta(days=10)
    return make_case(employee, sanction=sanction, effective_on=start, status=CaseStatus.EFFECTIVE, **kwargs)


# --- Restrictions page ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["hr_admin", "executive", "auditor", "employee", "supervisor", "unit_head"])
def test_the_restrictions_page_for_those_who_may_see_it(client, login, world, persona):
    case = _running(world.employee)
    login(getattr(world, persona))
    response = client.get(reverse("discipline:restrictions", args=[world.employee.public_id]))
    assert response.status_code == 200
    body = response.content.decode()
    assert case.decision_number in body
    assert "rules.md §3.4" in body or "PP 94/2021" in body


@pytest.mark.parametrize("persona", ["peer", "outsider", "other_pemda_admin"])
def test_the_restrictions_page_is_not_found_for_others(client, login, world, persona):
    _running(world.employee)
    login(getattr(world, persona))
    assert client.get(reverse("discipline:restrictions", args=[world.employee.public_id])).status_code == 404


def test_the_restrictions_page_on_a_date_and_its_audit(client, login, world):
    case = _running(world.employee)
    login(world.hr_admin)
    url = reverse("discipline:restrictions", args=[world.employee.public_id])
    before = (case.effective_on - timedelta(days=1)).strftime("%d-%m-%Y")
    response = client.get(url, {"on": before})
    assert 'id="restrictions-none"' in response.content.decode()
    assert not AuditEvent.objects.filter(action=EFFECTS_VIEWED).exists()
    client.get(url)
    assert AuditEvent.objects.filter(action=EFFECTS_VIEWED, actor=world.hr_admin.user).count() == 1
    assert client.get(url, {"on": "31-02-2026"}).status_code == 422
    htmx = client.get(url, headers={"HX-Request": "true"})
    assert b"restrictions-results" in htmx.content
    assert b"<html" not in htmx.content


# --- Apply the sanction ----------------------------------------------------------------------------------------


def test_hr_chooses_the_target_position_through_the_form(client, login, world):
    target = PositionFactory(org_unit=world.division, name="Pengolah Data", kind=PositionKind.PELAKSANA)
    case = make_case(world.supervisor, sanction=Sanction.RELEASE_TO_PELAKSANA_12,
                     effective_on=timezone.localdate() + timedelta(days=10))
    login(world.hr_admin)
    listing = client.get(reverse("discipline:sanctions-to-apply"))
    assert str(case.public_id) in listing.content.decode()
    url = reverse("discipline:sanction-apply", args=[case.public_id])
    form = client.get(url)
    assert "Pengolah Data" in form.content.decode()
    response = client.post(url, {"position": str(target.public_id)})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.source["target_position"] == str(target.public_id)
    assert case.status == CaseStatus.DELIVERED
    assert AuditEvent.objects.filter(action=TARGET_SET, actor=world.hr_admin.user).exists()


def test_a_refused_target_shows_the_reason_and_saves_nothing(client, login, world):
    case = make_case(world.supervisor, sanction=Sanction.RELEASE_TO_PELAKSANA_12,
                     effective_on=timezone.localdate() + timedelta(days=10))
    login(world.hr_admin)
    response = client.post(reverse("discipline:sanction-apply", args=[case.public_id]),
                           {"position": str(world.head_position.public_id)})
    assert response.status_code == 422
    assert "pelaksana" in response.content.decode()
    case.refresh_from_db()
    assert case.source == {}


@pytest.mark.parametrize("persona", ["executive", "auditor", "supervisor", "employee"])
def test_only_hr_opens_the_apply_pages(client, login, world, persona):
    case = make_case(world.supervisor, sanction=Sanction.POSITION_DOWN_12, effective_on=date(2026, 3, 2))
    login(getattr(world, persona))
    assert client.get(reverse("discipline:sanctions-to-apply")).status_code == 403
    assert client.get(reverse("discipline:sanction-apply", args=[case.public_id])).status_code == 403


def test_another_agencys_hr_gets_not_found(client, login, world):
    case = make_case(world.supervisor, sanction=Sanction.POSITION_DOWN_12, effective_on=date(2026, 3, 2))
    login(world.other_pemda_admin)
    assert client.get(reverse("discipline:sanction-apply", args=[case.public_id])).status_code == 404


# --- Profile section --------------------------------------------------------------------------------------------


def test_sections_are_registered():
    assert {"discipline", "development.awards"} <= set(registered_sections())


@pytest.mark.parametrize("persona", ["hr_admin", "executive", "auditor", "employee"])
def test_a_running_sanction_shows_on_the_profile(client, login, world, persona):
    case = _running(world.employee)
    login(getattr(world, persona))
    body = client.get(reverse("people:employee-detail", args=[world.employee.public_id])).content.decode()
    assert 'id="discipline-section"' in body
    assert f'id="sanction-{case.public_id}"' in body


@pytest.mark.parametrize("persona", ["supervisor", "unit_head"])
def test_the_discipline_section_is_hidden_from_others_who_see_the_profile(client, login, world, persona):
    _running(world.employee)
    login(getattr(world, persona))
    response = client.get(reverse("people:employee-detail", args=[world.employee.public_id]))
    assert response.status_code == 200
    assert 'id="discipline-section"' not in response.content.decode()


def test_the_profile_read_of_sanctions_is_audited(client, login, world):
    _running(world.employee)
    login(world.hr_admin)
    client.get(reverse("people:employee-detail", args=[world.employee.public_id]))
    assert AuditEvent.objects.filter(action=EFFECTS_VIEWED, actor=world.hr_admin.user).count() == 1


def test_the_awards_show_on_the_profile(client, login, world):
    login(world.employee)
    body = client.get(reverse("people:employee-detail", args=[world.employee.public_id])).content.decode()
    assert 'id="awards-list"' in body


def test_each_section_adds_one_query(client, login, world, monkeypatch):
    # given the profile rendered without the registered sections, then with them (no case: nothing audited)
    from pamong.people import profile_sections

    login(world.hr_admin)
    url = reverse("people:employee-detail", args=[world.peer.public_id])
    client.get(url)
    saved = dict(profile_sections._sections)
    monkeypatch.setattr(profile_sections, "_sections", {})
    with CaptureQueriesContext(connection) as without:
        client.get(url)
    monkeypatch.setattr(profile_sections, "_sections", saved)
    with CaptureQueriesContext(connection) as with_sections:
        client.get(url)
    assert len(with_sections.captured_queries) == len(without.captured_queries) + len(saved)
