"""The audit trail reads in labels, not codes (issue #8 §5); audit_read() records reads."""

import pytest
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext

from pamong.audit.models import AuditEvent
from pamong.audit.presentation import change_rows, format_value, target_display
from pamong.audit.registry import action_choices, action_label, register_action_labels, target_type_label
from pamong.audit.services import TargetRef, audit_read, audit_record


def _record(target, action="people.employee_updated", **changes) -> AuditEvent:
    with transaction.atomic():
        return audit_record(actor=None, action=action, target=target, changes=changes)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


class TestRegistry:
    def test_every_context_registered_its_actions(self):
        # AuditConfig.ready() imported every app's audit.py.
        assert action_label("performance.evaluation_recorded") == "Performance evaluation recorded"
        assert action_label("people.employee_updated") == "Employee data changed"
        assert action_label("leave.application_submitted") == "Leave application submitted"
        assert action_label("approvals.step_acted") == "Approval step acted on"
        assert action_label("calendar.day_added") == "Holiday or collective leave day added"
        assert action_label("accounts.api_token_created") == "API token created"
        assert action_label("auth.sign_in_failed") == "Sign-in failed"
        assert action_label("admin.object_changed") == "Changed in the Django admin"

    def test_every_enum_member_has_a_label(self):
        from pamong.approvals.audit import ApprovalAudit
        from pamong.leave.audit import LeaveAudit
        from pamong.people.audit import PeopleAudit
        from pamong.performance.audit import PerformanceAudit
        from pamong.workcalendar.audit import CalendarAudit

        for enum in (ApprovalAudit, LeaveAudit, PeopleAudit, PerformanceAudit, CalendarAudit):
            for member in enum:
                assert action_label(member) != member.value, member

    def test_label_follows_the_active_language(self):
        register_action_labels({"test.sample": "Sample"})
        assert action_label("test.sample") == "Sample"
        assert ("test.sample", "Sample") in action_choices()

    def test_unknown_codes_fall_back_to_the_code(self):
        assert action_label("nobody.did_this") == "nobody.did_this"
        assert target_type_label("nobody.model") == "nobody.model"

    def test_target_types_use_verbose_names(self):
        assert target_type_label("people.employee") == "Employee"
        assert target_type_label("auth.username") == "Username (no account)"


class TestValues:
    def test_dates_booleans_choices_and_lists(self):
        assert format_value("people.employee", "birth_date", "1990-01-31") == "31 January 1990"
        assert format_value("people.employee", "is_active", False) == "No"
        from pamong.people.choices import Gender

        assert format_value("people.employee", "gender", Gender.values[0]) == str(Gender.labels[0])
        assert format_value("auth.group", "permissions", ["a", "b"]) == "a, b"
        assert format_value("people.employee", "phone", None) == "—"
        assert format_value("people.employee", "fields", ["birth_date", "nik"]) == "Date of birth, NIK"
        # Data groups of a read, registered by people/audit.py.
        assert format_value("leave.leaveapplication", "fields", ["health", "family"]) == "Health data, Family data"

    def test_change_rows_carry_labels(self, world):
        event = _record(world.employee, is_active=[True, False], birth_date=["1990-01-31", "1990-02-01"])

        rows = {row.field: row for row in change_rows(event)}

        assert rows["is_active"].label == "Active"
        assert (rows["is_active"].old, rows["is_active"].new) == ("Yes", "No")
        assert rows["birth_date"].label == "Date of birth"
        assert rows["birth_date"].new == "1 February 1990"

    def test_default_object_names_become_verbose_name_and_id(self, world):
        event = AuditEvent(
            target_type="performance.evaluation", target_id="3522", target_label="Evaluation object (3522)"
        )
        assert target_display(event) != "Evaluation object (3522)"
        assert target_display(event).endswith("3522")

    def test_models_without_str_are_recorded_by_verbose_name(self, world):
        from django.contrib.contenttypes.models import ContentType

        from pamong.audit.services import _label_of

        content_type = ContentType.objects.first()
        assert _label_of(content_type) == str(content_type)
        assert _label_of(TargetRef("auth.username", "x", "")) == "x"


class TestPages:
    def test_list_and_detail_show_labels(self, client, login, auditor, world):
        event = _record(world.employee, is_active=[True, False])
        login(auditor)

        listing = client.get("/audit/").content.decode()
        detail = client.get(f"/audit/{event.pk}/").content.decode()

        with translation.override("id"):  # the pages speak the user's language
            expected = [gettext("Employee data changed"), gettext("active").capitalize(), gettext("Yes"), gettext("No")]
        for html in (listing, detail):
            assert "people.employee_updated" in html  # the code stays visible, small
            for text in expected:
                assert text in html

    def test_actors_without_account_are_named(self, world):
        from pamong.audit.presentation import actor_display

        system = _record(world.pemda)
        with transaction.atomic():
            anonymous = audit_record(
                actor=None,
                actor_label="anonymous",
                action="auth.sign_in_failed",
                target=TargetRef("auth.username", "x"),
            )

        assert actor_display(system) == "System"
        assert actor_display(anonymous) == "Anonymous (not signed in)"
        with transaction.atomic():
            by_hr = audit_record(actor=world.hr_admin.user, action="test.changed", target=world.pemda)
        assert actor_display(by_hr) == world.hr_admin.user.username


class TestAuditRead:
    def test_read_is_recorded_without_values(self, world):
        event = audit_read(
            actor=world.hr_admin.user, action="people.sensitive_viewed", target=world.employee, fields=["nik"]
        )

        assert event.action == "people.sensitive_viewed"
        assert event.changes == {"fields": ["nik"]}
        assert event.pemda_id == world.pemda.pk
        assert event.actor_id == world.hr_admin.user.pk
        assert world.employee.nik not in str(event.changes)
        assert [row.new for row in change_rows(event)] == ["NIK"]

    def test_read_outside_a_transaction_commits_its_own(self, transactional_db, django_db_serialized_rollback):
        from pamong.people.tests.factories import PemdaFactory

        pemda = PemdaFactory()

        audit_read(actor=None, action="people.personal_data_exported", target=pemda)

        assert AuditEvent.objects.filter(action="people.personal_data_exported").count() == 1
