"""The case pages: scoping (404 outside), the step forms only for who may take them, audited reads, documents."""

from datetime import date

import pytest
from django.urls import reverse

from pamong.audit.models import AuditEvent, target_key
from pamong.discipline.audit import DisciplineAudit
from pamong.discipline.choices import CaseStatus, Sanction
from pamong.discipline.models import Case
from pamong.discipline.services import cases as services
from pamong.people.tests.factories import EmployeeFactory

from .factories import MONDAY, open_case, to_decided, to_examined

pytestmark = pytest.mark.django_db


def detail(case):
    return reverse("discipline:case-detail", args=[case.public_id])


def test_hr_opens_a_case_through_the_form(world, client, login):
    login(world.hr_admin)
    response = client.post(reverse("discipline:case-create"), {
        "nip": world.employee.nip, "kind": "other", "description": "Meninggalkan kantor", "occurred_from": "2026-03-02",
        "occurred_to": "2026-03-02"})
    case = Case.objects.get(employee=world.employee)
    assert response.status_code == 302
    assert response["Location"] == detail(case)
    assert case.description == "Meninggalkan kantor"
    assert case.occurred_from == MONDAY
    again = client.post(reverse("discipline:case-create"), {
        "nip": world.employee.nip, "kind": "other", "description": "x", "occurred_from": "2026-03-02",
        "occurred_to": "2026-03-02"})
    assert again.status_code == 422
    assert Case.objects.filter(employee=world.employee).count() == 1


def test_peer_may_not_open(world, client, login):
    login(world.peer)
    assert client.get(reverse("discipline:case-create")).status_code == 403


@pytest.mark.parametrize("who", ["outsider", "peer", "other_pemda_admin"])
def test_case_is_404_outside_the_scope(world, client, login, who):
    case = open_case(world.hr_admin, world.employee)
    login(getattr(world, who))
    assert client.get(detail(case)).status_code == 404
    assert client.get(reverse("discipline:case-document", args=[case.public_id, "decision"])).status_code == 404


def test_employee_reads_own_case_without_step_forms_and_the_read_is_audited(world, client, login):
    case = open_case(world.hr_admin, world.employee)
    login(world.employee)
    response = client.get(detail(case))
    assert response.status_code == 200
    assert not response.context["forms"]
    event = AuditEvent.objects.get(action=DisciplineAudit.CASE_VIEWED, target_id=target_key(case))
    assert event.actor == world.employee.user


def test_hr_read_is_not_audited_and_sees_the_summons_form(world, client, login):
    case = open_case(world.hr_admin, world.employee)
    login(world.hr_admin)
    response = client.get(detail(case))
    assert "summons" in response.context["forms"]
    assert not AuditEvent.objects.filter(action=DisciplineAudit.CASE_VIEWED).exists()


def test_step_posts_and_the_authorised_official_decides(world, client, login):
    case = to_examined(world.hr_admin, world.employee)
    login(world.unit_head)  # the Kadis may not impose ringan on a pelaksana two levels below
    response = client.post(reverse("discipline:case-decision", args=[case.public_id]), {
        "sanction": Sanction.TEGURAN_LISAN, "reason": "x", "decided_on": "2026-03-09"}, follow=True)
    case.refresh_from_db()
    assert case.status == CaseStatus.EXAMINED
    assert world.supervisor.full_name in response.content.decode()
    login(world.supervisor)
    page = client.get(detail(case))
    assert "decision" in page.context["forms"]
    client.post(reverse("discipline:case-decision", args=[case.public_id]), {
        "sanction": Sanction.TEGURAN_LISAN, "reason": "Terbukti.", "decided_on": "2026-03-09"})
    case.refresh_from_db()
    assert case.status == CaseStatus.DECIDED
    assert case.decided_by == world.supervisor
    login(world.hr_admin)
    client.post(reverse("discipline:case-delivery", args=[case.public_id]), {"delivered_on": "2026-03-10"})
    case.refresh_from_db()
    assert case.effective_on == date(2026, 3, 31)
    assert "31-03-2026" in client.get(detail(case)).content.decode()


def test_documents_download_is_audited(world, client, login):
    case = to_decided(world.hr_admin, world.supervisor, world.employee)
    login(world.employee)
    for kind in ("summons-1", "bap", "decision"):
        response = client.get(reverse("discipline:case-document", args=[case.public_id, kind]))
        assert response.status_code == 200
        assert response.content.startswith(b"%PDF")
    assert client.get(reverse("discipline:case-document", args=[case.public_id, "summons-2"])).status_code == 404
    assert AuditEvent.objects.filter(action=DisciplineAudit.DOCUMENT_DOWNLOADED).count() == 3


def test_list_scoping_and_constant_queries(world, client, login, django_assert_max_num_queries):
    open_case(world.hr_admin, world.employee)
    login(world.hr_admin)
    client.get(reverse("discipline:home"))
    with django_assert_max_num_queries(60) as small:
        assert client.get(reverse("discipline:home")).status_code == 200
    for _ in range(6):
        other = EmployeeFactory(position=world.staff_position)
        c = open_case(world.hr_admin, other)
        services.summons_issue(actor=world.hr_admin.user, case=c, issued_on=MONDAY, examination_on=MONDAY,
                               place="x")
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse("discipline:home"))
    assert response.context["page"].paginator.count == 7
    login(world.peer)
    assert client.get(reverse("discipline:home")).context["page"].paginator.count == 0
    login(world.other_pemda_admin)
    assert client.get(reverse("discipline:home")).context["page"].paginator.count == 0


def test_authority_page(world, client, login):
    login(world.hr_admin)
    response = client.get(reverse("discipline:authority"), {"nip": world.employee.nip, "sanction": "teguran_lisan"})
    assert response.status_code == 200
    assert [o.employee for o in response.context["officials"]] == [world.supervisor]
    login(world.employee)
    assert client.get(reverse("discipline:authority")).status_code == 403


def test_summons_and_examination_through_the_forms(world, client, login):
    case = open_case(world.hr_admin, world.employee)
    login(world.hr_admin)
    page = client.get(detail(case))
    form = page.context["forms"]["summons"]
    data = {name: form[name].value() for name in form.fields}
    data |= {"issued_on": "2026-03-02", "examination_on": "2026-03-05", "place": "Ruang rapat"}
    response = client.post(reverse("discipline:case-summons", args=[case.public_id]), data, follow=True)
    from django.utils import translation

    with translation.override("id"):  # the pages speak Bahasa Indonesia by default
        expected = translation.gettext("The summons was issued.")
    assert [str(m) for m in response.context["messages"]] == [expected]
    assert expected == "Surat panggilan telah diterbitkan."
    assert case.summonses.get().place == "Ruang rapat"
    client.post(reverse("discipline:case-examination", args=[case.public_id]), {
        "held_on": "2026-03-05", "mode": "virtual", "questions_answers": "T/J", "findings": "Terbukti",
        "examinee_signed": "on", "expected_level": "", "examiners": ""})
    case.refresh_from_db()
    assert case.status == CaseStatus.EXAMINED
    assert case.examination.mode == "virtual"


def test_open_from_the_absence_summary(world, client, login, monkeypatch):
    from pamong.attendance.selectors import absence

    def fake(employee, year):
        return absence.AbsenceSummary(
            employee_id=employee.pk, year=year, unexcused_days=4, pending_unexcused=0, longest_consecutive=2,
            late_minutes=0, early_minutes=0, converted_days=0, counted_days=4,
            recommendation={"level": "ringan", "sanction": "teguran_tertulis", "rule": "PP 94/2021 Pasal 9"}, next_threshold=None,
            salary_stop_from=date(2026, 4, 1))

    monkeypatch.setattr(absence, "absence_summary", fake)
    login(world.supervisor)  # the direct supervisor reports
    url = reverse("discipline:case-create") + f"?employee={world.employee.public_id}&from=absence"
    assert client.get(url).context["from_absence"] is True
    response = client.post(url, {"year": "2026"})
    case = Case.objects.get(employee=world.employee)
    assert response["Location"] == detail(case)
    assert case.recommended_sanction == Sanction.TEGURAN_TERTULIS
    assert case.source["unexcused_days"] == 4


def test_a_step_the_actor_may_not_take_is_403_with_the_refusal_and_nothing_written(world, client, login):
    case = to_examined(world.hr_admin, world.employee)
    decision = reverse("discipline:case-decision", args=[case.public_id])
    body = {"sanction": Sanction.TEGURAN_LISAN, "reason": "Terbukti", "decided_on": "2026-03-09"}
    login(world.hr_admin)  # HR runs the case but the authority matrix names the direct supervisor (§3.3)
    refused = client.post(decision, body)
    assert refused.status_code == 403
    assert "case-refusal" in refused.content.decode()
    assert refused.context["error"]
    login(world.employee)  # nobody takes a step in their own case
    own = client.post(decision, body)
    assert own.status_code == 403
    assert own.context["error"]
    release = client.post(reverse("discipline:case-release", args=[case.public_id]),
                          {"release_from": "2026-03-06", "plh": world.peer.nip})
    assert release.status_code == 403
    case.refresh_from_db()
    assert case.status == CaseStatus.EXAMINED
    assert case.sanction == ""
    assert not case.released_from_duty
