"""The audit trail pages: who may read them, filters, time zone, chain check."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from pamong.audit.models import AuditEvent
from pamong.audit.services import audit_record

LIST = "/audit/"


def _recorded(page) -> set[int]:
    """The events of *page* other than the sign-ins that the test's own logins recorded."""
    return {event.pk for event in page if not event.action.startswith("auth.")}


def _record(target, action="people.employee_updated", actor=None, **changes) -> AuditEvent:
    with transaction.atomic():
        return audit_record(actor=actor, action=action, target=target, changes=changes)


@pytest.fixture
def trail(world):
    """Two events in Mamuju, one in Palu."""
    with time_machine.travel(datetime(2026, 3, 1, 0, 30, tzinfo=UTC), tick=False):
        mine = _record(world.employee, actor=world.hr_admin.user, phone=["0811", "0812"])
        token = _record(world.pemda, action="accounts.api_token_created", name=[None, "Sinkron"])
        theirs = _record(world.other_pemda, action="people.pemda_updated", name=["Palu", "Kota Palu"])
    return {"mine": mine, "token": token, "theirs": theirs}


class TestAccess:
    def test_auditor_sees_own_pemda_only(self, client, login, auditor, trail):
        login(auditor)

        response = client.get(LIST)

        assert response.status_code == 200
        assert _recorded(response.context["page"]) == {trail["mine"].pk, trail["token"].pk}

    def test_superadmin_sees_every_pemda(self, client, login, superadmin, trail):
        login(superadmin)

        response = client.get(LIST)

        assert _recorded(response.context["page"]) == {e.pk for e in trail.values()}

    @pytest.mark.parametrize("persona", ["employee", "supervisor", "hr_admin", "executive", "other_pemda_admin"])
    def test_others_are_refused(self, client, login, world, trail, persona):
        login(getattr(world, persona))

        assert client.get(LIST).status_code == 403
        assert client.get(f"/audit/{trail['mine'].pk}/").status_code == 404
        assert client.post("/audit/verify-chain/").status_code == 403

    def test_detail_of_another_pemda_is_404_for_auditor(self, client, login, auditor, trail):
        login(auditor)

        assert client.get(f"/audit/{trail['mine'].pk}/").status_code == 200
        assert client.get(f"/audit/{trail['theirs'].pk}/").status_code == 404

    def test_there_is_no_way_to_change_an_event(self, client, login, superadmin, trail):
        login(superadmin)
        pk = trail["mine"].pk

        for method in ("post", "put", "patch", "delete"):
            assert getattr(client, method)(f"/audit/{pk}/").status_code == 405
        assert client.post(LIST).status_code == 405
        assert AuditEvent.objects.get(pk=pk).hash == trail["mine"].hash


class TestList:
    def test_columns_in_the_pemda_time_zone(self, client, login, auditor, world, trail):
        world.pemda.timezone = "Asia/Jayapura"  # WIT, UTC+9
        world.pemda.save(update_fields=["timezone"])
        login(auditor)

        html = client.get(LIST).content.decode()

        assert "1 Mar 2026 09:30:00" in html  # 00:30 UTC
        assert "WIT" in html
        assert "0811 → 0812" in html
        assert world.hr_admin.user.username in html

    def test_filters(self, client, login, superadmin, trail):
        login(superadmin)

        by_action = client.get(LIST, {"action": "accounts."})
        by_type = client.get(LIST, {"target_type": "people.pemda"})
        by_actor = client.get(LIST, {"actor": trail["mine"].actor_label})
        by_date = client.get(LIST, {"date_from": "2026-03-02"})

        assert [e.pk for e in by_action.context["page"]] == [trail["token"].pk]
        assert {e.pk for e in by_type.context["page"]} == {trail["token"].pk, trail["theirs"].pk}
        assert [e.pk for e in by_actor.context["page"]] == [trail["mine"].pk]
        assert _recorded(by_date.context["page"]) == set()

    def test_invalid_filter_shows_everything_visible(self, client, login, superadmin, trail):
        login(superadmin)

        response = client.get(LIST, {"date_from": "not-a-date"})

        assert response.status_code == 200
        assert len(_recorded(response.context["page"])) == 3

    def test_htmx_renders_the_results_partial_only(self, client, login, auditor, trail):
        login(auditor)

        response = client.get(LIST, {"action": "people."}, headers={"HX-Request": "true"})

        html = response.content.decode()
        assert response.status_code == 200
        assert html.lstrip().startswith('<section id="audit-event-results">')
        assert "<html" not in html

    def test_paginated_by_fifty(self, client, login, superadmin, world):
        with transaction.atomic():
            for i in range(55):
                audit_record(actor=None, action="test.bulk", target=world.pemda, changes={"n": [i, i + 1]})
        login(superadmin)

        first = client.get(LIST)
        second = client.get(LIST, {"page": 2})

        assert len(first.context["page"]) == 50
        assert len(second.context["page"]) == 5

    def test_queries_do_not_grow_with_rows(self, client, login, superadmin, world):
        def count_queries() -> int:
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(LIST).status_code == 200
            return len(ctx.captured_queries)

        login(superadmin)
        _record(world.employee, actor=world.hr_admin.user)
        few = count_queries()
        with transaction.atomic():
            for _ in range(20):
                audit_record(actor=world.auditor.user, action="test.many", target=world.employee)

        assert count_queries() == few


class TestDetail:
    def test_shows_every_change_in_full(self, client, login, superadmin, world):
        long_value = "x" * 200
        event = _record(world.employee, note=["", long_value])
        login(superadmin)

        response = client.get(f"/audit/{event.pk}/")

        html = response.content.decode()
        assert response.status_code == 200
        assert long_value in html
        assert event.hash in html
        assert event.chain_version == 2
        assert "HMAC-SHA256" in html


class TestChainVerify:
    def test_intact_chain(self, client, login, auditor, trail):
        login(auditor)

        response = client.post("/audit/verify-chain/")

        assert response.status_code == 200
        assert response.context["ok"] is True
        assert response.context["count"] == 3

    def test_htmx_gets_the_result_fragment(self, client, login, auditor, trail):
        login(auditor)

        response = client.post("/audit/verify-chain/", headers={"HX-Request": "true"})

        assert response.content.decode().lstrip().startswith('<div id="audit-chain-result"')

    def test_broken_chain_is_reported(self, client, login, superadmin, trail):
        from .test_immutability import _bypass_append_only_triggers

        _bypass_append_only_triggers()
        with connection.cursor() as cursor:
            cursor.execute("UPDATE audit_auditevent SET action = 'x' WHERE id = %s", [trail["token"].pk])
        login(superadmin)

        response = client.post("/audit/verify-chain/")

        assert response.context["ok"] is False
        assert f"event {trail['token'].pk}" in response.content.decode()

    def test_get_is_not_allowed(self, client, login, auditor):
        login(auditor)

        assert client.get("/audit/verify-chain/").status_code == 405
