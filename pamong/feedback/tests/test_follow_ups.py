"""Follow-up actions of the survey (rules.md §4, item 4) and the agency's public results page: the services by what
they save and audit, the refusals per persona, the staff card and its forms, and the publication (closed periods
only, nothing personal, its CSP, constant queries)."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pamong.audit.models import AuditEvent
from pamong.feedback import follow_up_errors as errors
from pamong.feedback.follow_up_audit import FollowUpAudit
from pamong.feedback.follow_up_errors import FollowUpError
from pamong.feedback.follow_up_models import FollowUpAction, FollowUpStatus
from pamong.feedback.follow_up_services import follow_up_create, follow_up_delete, follow_up_set_status
from pamong.feedback.models import SurveyResponse
from pamong.feedback.tests.factories import ServicePointFactory, SurveyPeriodFactory, paper_rows
from pamong.people.tests.factories import OrgUnitFactory

pytestmark = pytest.mark.django_db

WITA = ZoneInfo("Asia/Makassar")
FOURS = (4,) * 9
SLOW = (4, 4, 2, 4, 4, 3, 4, 4, 4)  # U3 (waktu penyelesaian) lowest, then U6
RESULTS = reverse("feedback:results")


@pytest.fixture(autouse=True)
def _english(client, settings):
    """The pages in English (the msgids), so the assertions on wording hold whatever the translations say."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def desk(world):
    """A point of Bidang Pembinaan SD (headed by the supervisor, in the tree the unit head heads)."""
    return ServicePointFactory(org_unit=world.division, created_by=world.hr_admin.user, name="Loket Perizinan SD")


@pytest.fixture
def clinic(world):
    """A point of the Dinas Kesehatan (headed by the outsider): another tree."""
    return ServicePointFactory(org_unit=world.health, created_by=world.hr_admin.user, name="Loket Puskesmas")


@pytest.fixture
def closed(world):
    """Semester II 2026, closed: its results are published."""
    return SurveyPeriodFactory(pemda=world.pemda, created_by=world.hr_admin.user, name="Semester II 2026",
                               start_date=date(2026, 7, 1), end_date=date(2026, 12, 31), is_open=False)


def add(world, period, *, actor=None, **kwargs) -> FollowUpAction:
    values = {"action": "Tambah loket antrean pada hari Senin", "unsur": "U3"} | kwargs
    return follow_up_create(actor=(actor or world.supervisor).user, period=period, **values)


# --- Services: what they save and audit ---------------------------------------------------------------------------


def test_a_unit_head_adds_a_planned_action_to_a_point_of_their_tree_and_it_is_audited(world, semester, desk):
    action = add(world, semester, point=desk, action="  Tambah loket antrean  ", target_date=date(2027, 8, 1))

    action.refresh_from_db()
    assert (action.pemda, action.period, action.service_point, action.org_unit) == (
        world.pemda, semester, desk, world.division)
    assert (action.unsur, action.action, action.status) == ("U3", "Tambah loket antrean", FollowUpStatus.PLANNED)
    assert (action.target_date, action.done_on, action.created_by) == (date(2027, 8, 1), None, world.supervisor.user)
    event = AuditEvent.objects.get(action=FollowUpAudit.CREATED)
    assert event.actor == world.supervisor.user
    assert event.target_id == str(action.public_id)
    assert event.changes == {
        "period_id": [None, semester.pk], "service_point_id": [None, desk.pk], "org_unit_id": [None, world.division.pk],
        "unsur": [None, "U3"], "action": [None, "Tambah loket antrean"], "status": [None, "planned"],
        "target_date": [None, "2027-08-01"]}


def test_hr_adds_a_unit_wide_action_aimed_at_no_element(world, semester):
    action = add(world, semester, actor=world.hr_admin, org_unit=world.health, unsur="")

    assert (action.service_point, action.org_unit, action.unsur) == (None, world.health, "")
    assert AuditEvent.objects.filter(action=FollowUpAudit.CREATED, actor=world.hr_admin.user).count() == 1


@pytest.mark.parametrize("persona", ["employee", "executive", "other_pemda_admin", "outsider"])
def test_who_may_not_add_an_action_to_the_division_point(request, world, semester, desk, persona):
    """An ordinary employee, a reader (executive), another Pemda's HR, a unit head outside the tree."""
    with pytest.raises(PermissionDenied):
        add(world, semester, actor=request.getfixturevalue(persona), point=desk)

    assert not FollowUpAction.objects.exists()
    assert not AuditEvent.objects.filter(action=FollowUpAudit.CREATED).exists()


def test_the_unit_head_above_may_add_but_not_to_another_tree(world, semester, desk, clinic):
    assert add(world, semester, actor=world.unit_head, point=desk).org_unit == world.division
    with pytest.raises(PermissionDenied):
        add(world, semester, actor=world.unit_head, point=clinic)


@pytest.mark.parametrize(
    ("values", "code"),
    [
        ({"unsur": "U10"}, errors.INVALID_UNSUR),
        ({"action": "   "}, errors.INVALID_TEXT),
        ({"action": "x" * 1001}, errors.INVALID_TEXT),
        ({"action": "Perbaiki\u202eantrean"}, errors.INVALID_TEXT),
        ({"target_date": date(2026, 12, 31)}, errors.INVALID_DATE),  # before the semester's first day
    ],
)
def test_bad_input_is_refused_with_its_code_and_nothing_is_saved(world, semester, desk, values, code):
    with pytest.raises(FollowUpError) as refused:
        add(world, semester, point=desk, **values)

    assert refused.value.code == code
    assert not FollowUpAction.objects.exists()


def test_a_point_and_a_unit_at_once_or_neither_is_refused(world, semester, desk):
    for target in ({}, {"point": desk, "org_unit": world.division}):
        with pytest.raises(FollowUpError) as refused:
            add(world, semester, **target)
        assert refused.value.code == errors.INVALID_TARGET


def test_another_agencys_period_is_refused(world, desk):
    foreign = SurveyPeriodFactory(pemda=world.other_pemda, created_by=world.other_pemda_admin.user)
    with pytest.raises(FollowUpError) as refused:
        add(world, foreign, actor=world.hr_admin, point=desk)
    assert refused.value.code == errors.INVALID_PERIOD


def test_an_action_moves_forward_and_done_records_the_agency_local_day(world, semester, desk):
    action = add(world, semester, point=desk)

    follow_up_set_status(actor=world.supervisor.user, follow_up=action, status=FollowUpStatus.IN_PROGRESS)
    # 23:30 UTC on 31 July is 1 August in WITA (UTC+8)
    done = follow_up_set_status(actor=world.hr_admin.user, follow_up=action, status=FollowUpStatus.DONE,
                                now=datetime(2027, 7, 31, 23, 30, tzinfo=ZoneInfo("UTC")))

    action.refresh_from_db()
    assert (action.status, action.done_on) == (FollowUpStatus.DONE, date(2027, 8, 1)) == (done.status, done.done_on)
    events = list(AuditEvent.objects.filter(action=FollowUpAudit.STATUS_CHANGED).order_by("pk"))
    assert [event.changes for event in events] == [
        {"status": ["planned", "in_progress"]},
        {"status": ["in_progress", "done"], "done_on": [None, "2027-08-01"]},
    ]
    assert [event.actor for event in events] == [world.supervisor.user, world.hr_admin.user]


@pytest.mark.parametrize(
    ("start", "to"),
    [("in_progress", "planned"), ("done", "in_progress"), ("done", "done"), ("planned", "planned")],
)
def test_backwards_or_repeated_steps_conflict_and_nothing_changes(world, semester, desk, start, to):
    action = add(world, semester, point=desk)
    if start != "planned":
        follow_up_set_status(actor=world.supervisor.user, follow_up=action, status=start)
    before = AuditEvent.objects.count()

    with pytest.raises(FollowUpError) as refused:
        follow_up_set_status(actor=world.supervisor.user, follow_up=action, status=to)

    assert (refused.value.code, refused.value.http_status) == (errors.WRONG_STATUS, 409)
    action.refresh_from_db()
    assert action.status == start
    assert AuditEvent.objects.count() == before


def test_an_unknown_status_is_refused(world, semester, desk):
    action = add(world, semester, point=desk)
    with pytest.raises(FollowUpError) as refused:
        follow_up_set_status(actor=world.supervisor.user, follow_up=action, status="cancelled")
    assert refused.value.code == errors.INVALID_STATUS


@pytest.mark.parametrize("persona", ["employee", "executive", "other_pemda_admin", "outsider"])
def test_who_may_not_move_or_delete_an_action(request, world, semester, desk, persona):
    action = add(world, semester, point=desk)
    actor = request.getfixturevalue(persona).user

    with pytest.raises(PermissionDenied):
        follow_up_set_status(actor=actor, follow_up=action, status=FollowUpStatus.DONE)
    with pytest.raises(PermissionDenied):
        follow_up_delete(actor=actor, follow_up=action)

    action.refresh_from_db()
    assert action.status == FollowUpStatus.PLANNED


def test_a_planned_action_is_deleted_with_its_fields_in_the_audit(world, semester, desk):
    action = add(world, semester, point=desk)
    public_id = str(action.public_id)

    follow_up_delete(actor=world.supervisor.user, follow_up=action)

    assert not FollowUpAction.objects.exists()
    event = AuditEvent.objects.get(action=FollowUpAudit.DELETED)
    assert event.target_id == public_id
    assert event.changes["action"] == ["Tambah loket antrean pada hari Senin", None]
    assert event.changes["status"] == ["planned", None]


def test_a_started_action_cannot_be_deleted(world, semester, desk):
    action = add(world, semester, point=desk)
    follow_up_set_status(actor=world.supervisor.user, follow_up=action, status=FollowUpStatus.IN_PROGRESS)

    with pytest.raises(FollowUpError) as refused:
        follow_up_delete(actor=world.supervisor.user, follow_up=action)

    assert refused.value.code == errors.WRONG_STATUS
    assert FollowUpAction.objects.filter(pk=action.pk).exists()


# --- The staff card on the results page --------------------------------------------------------------------------


def test_the_card_lists_the_actions_and_suggests_the_weakest_element_first(client, login, world, semester, desk):
    paper_rows(desk, semester, [SLOW, SLOW], entered_by=world.hr_admin.user)
    add(world, semester, point=desk, unsur="U6", action="Pelatihan keramahan petugas")
    add(world, semester, point=desk, unsur="U3", action="Tambah loket antrean")
    login(world.supervisor)

    response = client.get(RESULTS, {"period": semester.public_id, "point": desk.public_id})

    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="follow-ups"' in body
    # the actions in follow-up order: U3 (NRR 2.00) before U6 (3.00), whatever the order they were added in
    assert body.index("Tambah loket antrean") < body.index("Pelatihan keramahan petugas")
    form = body[body.index('id="follow-up-form"'):]
    options = form[form.index('name="unsur"'):form.index("</select>")]
    assert options.index('value="U3"') < options.index('value="U6"') < options.index('value="U1"')
    assert 'value="U3" selected' in options
    assert '<input type="hidden" name="unsur"' not in body  # the buttons carry the scope only
    assert reverse("feedback-public:published", args=[world.pemda.public_id]) in body


def test_a_reader_sees_the_actions_without_the_form_or_buttons(client, login, world, semester, desk):
    add(world, semester, point=desk)
    login(world.executive)

    body = client.get(RESULTS, {"period": semester.public_id}).content.decode()

    assert "Tambah loket antrean pada hari Senin" in body
    assert 'id="follow-up-form"' not in body
    assert "Mark done" not in body


def test_the_form_saves_an_action_and_returns_to_the_results(client, login, world, semester, desk):
    login(world.supervisor)

    response = client.post(reverse("feedback:follow-up-create"), {
        "period": semester.public_id, "point": desk.public_id, "unsur": "U9",
        "action": "Perbaiki kursi ruang tunggu", "target_date": "30-09-2027"})

    assert response.status_code == 302
    assert response["Location"] == f"{RESULTS}?period={semester.public_id}&point={desk.public_id}#follow-ups"
    action = FollowUpAction.objects.get()
    assert (action.service_point, action.unsur, action.action, action.target_date) == (
        desk, "U9", "Perbaiki kursi ruang tunggu", date(2027, 9, 30))
    assert AuditEvent.objects.filter(action=FollowUpAudit.CREATED, actor=world.supervisor.user).exists()


def test_a_unit_wide_action_is_saved_from_the_unit_results(client, login, world, semester):
    login(world.unit_head)

    client.post(reverse("feedback:follow-up-create"), {
        "period": semester.public_id, "unit": world.education.public_id, "unsur": "", "action": "Survei ulang"})

    action = FollowUpAction.objects.get()
    assert (action.service_point, action.org_unit) == (None, world.education)


def test_a_refused_form_comes_back_with_its_error(client, login, world, semester, desk):
    login(world.supervisor)

    response = client.post(reverse("feedback:follow-up-create"), {
        "period": semester.public_id, "point": desk.public_id, "unsur": "U3", "action": "",
        "target_date": "01-01-2026"})

    assert response.status_code == 422
    assert 'id="follow-up-form"' in response.content.decode()
    assert not FollowUpAction.objects.exists()


@pytest.mark.parametrize(("persona", "status"), [("outsider", 404), ("other_pemda_admin", 404),
                                                 ("employee", 404), ("executive", 403)])
def test_adding_out_of_scope_is_not_found_and_visible_but_not_allowed_is_forbidden(
        client, login, world, semester, desk, persona, status):
    login(getattr(world, persona))

    response = client.post(reverse("feedback:follow-up-create"), {
        "period": semester.public_id, "point": desk.public_id, "unsur": "U3", "action": "Apa saja"})

    assert response.status_code == status
    assert not FollowUpAction.objects.exists()


def test_the_buttons_move_the_action_forward_and_delete_it(client, login, world, semester, desk):
    first, second = add(world, semester, point=desk), add(world, semester, point=desk, action="Papan informasi")
    login(world.supervisor)
    scope = {"period": semester.public_id, "point": desk.public_id}

    response = client.post(reverse("feedback:follow-up-status", args=[first.public_id]),
                           {**scope, "status": "done"})
    client.post(reverse("feedback:follow-up-delete", args=[second.public_id]), scope)

    assert response.status_code == 302
    assert response["Location"].startswith(f"{RESULTS}?period={semester.public_id}&point={desk.public_id}")
    first.refresh_from_db()
    assert first.status == FollowUpStatus.DONE
    assert first.done_on is not None
    assert not FollowUpAction.objects.filter(pk=second.pk).exists()


def test_a_refused_step_is_a_notice_not_an_error_page(client, login, world, semester, desk):
    action = add(world, semester, point=desk)
    follow_up_set_status(actor=world.supervisor.user, follow_up=action, status=FollowUpStatus.DONE)
    login(world.supervisor)

    response = client.post(reverse("feedback:follow-up-delete", args=[action.public_id]), follow=True)

    assert response.status_code == 200
    assert "cannot take this step" in response.content.decode()
    assert FollowUpAction.objects.filter(pk=action.pk).exists()


@pytest.mark.parametrize(("persona", "status"), [("outsider", 404), ("other_pemda_admin", 404),
                                                 ("employee", 404), ("executive", 403), ("auditor", 403)])
def test_moving_an_action_out_of_scope_is_not_found_and_visible_but_not_allowed_is_forbidden(
        client, login, world, semester, desk, persona, status):
    action = add(world, semester, point=desk)
    login(getattr(world, persona))

    response = client.post(reverse("feedback:follow-up-status", args=[action.public_id]), {"status": "done"})

    assert response.status_code == status
    action.refresh_from_db()
    assert action.status == FollowUpStatus.PLANNED


# --- The public results page -------------------------------------------------------------------------------------


def published_url(pemda, **query) -> str:
    url = reverse("feedback-public:published", args=[pemda.public_id])
    return f"{url}?{'&'.join(f'{key}={value}' for key, value in query.items())}" if query else url


def test_the_latest_closed_period_is_published_with_its_actions_but_not_the_open_one(
        client, world, semester, closed, desk, clinic):
    paper_rows(desk, closed, [SLOW, SLOW, FOURS], entered_by=world.hr_admin.user)
    paper_rows(clinic, closed, [FOURS], entered_by=world.hr_admin.user)
    paper_rows(desk, semester, [(1,) * 9], entered_by=world.hr_admin.user)  # the open semester: not published
    done = add(world, closed, point=desk, action="Tambah loket antrean")
    follow_up_set_status(actor=world.supervisor.user, follow_up=done, status=FollowUpStatus.DONE)
    add(world, semester, point=desk, action="Rencana semester berjalan")

    response = client.get(published_url(world.pemda))

    body = response.content.decode()
    assert response.status_code == 200
    assert "Semester II 2026" in body
    division = body[body.index(f'id="published-unit-{world.division.public_id}"'):]
    division = division[:division.index("</section>")]
    # desk: U3 = (2+2+4)/3, U6 = (3+3+4)/3, the rest 4 → IKM (8/3 + 10/3 + 7×4)/9 × 25 = 94.44 → A
    assert 'data-nik="94.44"' in division
    assert 'data-category="A"' in division
    assert 'data-respondents="3"' in division
    assert 'data-weakest="U3"' in division
    assert "Tambah loket antrean" in division
    assert 'data-status="done"' in division
    assert f'id="published-unit-{world.health.public_id}"' in body
    overall = body[body.index('id="published-overall"'):]
    assert 'data-respondents="4"' in overall[:overall.index("</section>")]
    assert "Rencana semester berjalan" not in body
    assert "Semester I 2027" not in body

    assert client.get(published_url(world.pemda, period=semester.public_id)).status_code == 404
    assert client.get(published_url(world.pemda, period="bukan-uuid")).status_code == 404
    assert client.get(published_url(world.pemda, period=closed.public_id)).status_code == 200


def test_the_public_page_shows_no_staff_names_and_no_comments(client, world, closed, desk):
    SurveyResponse.objects.bulk_create([SurveyResponse(
        service_point=desk, period=closed, channel="paper", entered_by=world.hr_admin.user,
        comment="Petugas Budi lambat sekali", **{f"u{n}": 3 for n in range(1, 10)})])
    add(world, closed, point=desk)

    response = client.get(published_url(world.pemda))

    body = response.content.decode()
    assert "Tambah loket antrean pada hari Senin" in body
    assert "Petugas Budi lambat sekali" not in body
    for person in (world.supervisor, world.hr_admin):
        assert person.name not in body
        assert person.user.get_username() not in body


def test_the_public_page_has_its_strict_csp_and_no_session(client, world, closed):
    response = client.get(published_url(world.pemda))

    policy = response["Content-Security-Policy"]
    assert "default-src 'none'" in policy
    assert "connect-src 'none'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "sessionid" not in response.cookies
    assert "csrftoken" not in response.cookies
    assert "no-cache" in response["Cache-Control"]


def test_the_public_page_is_indonesian_by_default(client, world, closed, settings):
    del client.cookies[settings.LANGUAGE_COOKIE_NAME]

    body = client.get(published_url(world.pemda)).content.decode()

    assert '<html lang="id">' in body


def test_an_unknown_or_inactive_agency_is_not_found(client, world, closed):
    assert client.get(reverse("feedback-public:published",
                              args=["00000000-0000-4000-8000-000000000000"])).status_code == 404
    world.pemda.is_active = False
    world.pemda.save(update_fields=["is_active"])
    assert client.get(published_url(world.pemda)).status_code == 404


def test_an_agency_without_a_closed_period_says_nothing_is_published_yet(client, world, semester, desk):
    paper_rows(desk, semester, [FOURS], entered_by=world.hr_admin.user)

    response = client.get(published_url(world.pemda))

    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="published-none"' in body
    assert "data-nik" not in body


def test_the_staff_page_links_the_closed_periods_publication(client, login, world, closed):
    login(world.hr_admin)

    body = client.get(RESULTS, {"period": closed.public_id}).content.decode()

    assert f'{published_url(world.pemda)}?period={closed.public_id}' in body


def test_the_public_page_queries_do_not_grow_with_units(client, world, closed, django_assert_num_queries):
    def add_units(count: int) -> None:
        for n in range(count):
            unit = OrgUnitFactory(pemda=world.pemda, parent=world.education, name=f"Seksi {n}")
            point = ServicePointFactory(org_unit=unit, created_by=world.hr_admin.user)
            paper_rows(point, closed, [SLOW, FOURS], entered_by=world.hr_admin.user)
            add(world, closed, actor=world.hr_admin, point=point)
            add(world, closed, actor=world.hr_admin, org_unit=unit, unsur="")

    url = published_url(world.pemda)
    add_units(2)
    client.get(url)  # warm per-process caches (content types, translations)
    with CaptureQueriesContext(connection) as two_units:
        assert client.get(url).status_code == 200

    add_units(4)
    with django_assert_num_queries(len(two_units.captured_queries)):
        body = client.get(url).content.decode()
    assert body.count('aria-labelledby="published-unit-') == 6


def test_the_staff_card_queries_do_not_grow_with_actions(client, login, world, semester, desk,
                                                       django_assert_num_queries):
    login(world.supervisor)
    url = f"{RESULTS}?period={semester.public_id}&point={desk.public_id}"
    add(world, semester, point=desk)
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)

    for n in range(5):
        add(world, semester, point=desk, action=f"Aksi {n}", target_date=semester.start_date + timedelta(days=n))
    with django_assert_num_queries(len(one.captured_queries)):
        client.get(url)
